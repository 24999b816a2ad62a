"""`khuyenhoc merge --into NEW.db OLD.db… --date DD/MM/YYYY [--dry-run] [--names FILE.json] [--json]`: the old
communes' files into the new association's file (services/merge). `$defs/merge` of docs/schemas/cli.schema.json."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser(
        "merge", help="hợp nhất dữ liệu các xã cũ vào tệp của hội mới",
        description="Hợp nhất tệp dữ liệu của các hội khuyến học xã cũ (sau sắp xếp đơn vị hành chính) vào tệp của "
                    "hội mới: mọi bản ghi giữ mã định danh và lịch sử, ghi thêm xã cũ; danh mục gộp theo tên; số dư "
                    "quỹ của từng sổ cũ tại ngày hợp nhất được ghi thu vào sổ mới. Chạy thử (--dry-run) trước: "
                    "không ghi gì. Hợp nhất lại cùng tệp không thay đổi gì.")
    p.add_argument("--into", required=True, metavar="TỆP_MỚI", help="tệp dữ liệu của hội mới")
    p.add_argument("old", nargs="+", metavar="TỆP_XÃ_CŨ", help="tệp dữ liệu của từng xã cũ")
    p.add_argument("--date", required=True, metavar="NN/TT/NNNN", help="ngày hợp nhất, ví dụ 01/07/2025")
    p.add_argument("--dry-run", action="store_true", help="chỉ chạy thử: xem trước, không ghi gì")
    p.add_argument("--names", metavar="TỆP.json",
                   help="tên đổi lại: danh sách {kind, origin_code, name, target} như mục names của --dry-run --json")
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import json
    from pathlib import Path

    from ..cli import emit
    from ..domain.errors import AppError
    from ..services import documents
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    merger_date = documents.parse_day(args.date)
    overrides = None
    if args.names:
        try:
            overrides = {(n["kind"], n["origin_code"], n["name"]): n["target"]
                         for n in json.loads(Path(args.names).read_text(encoding="utf-8"))}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AppError(f"Không đọc được tệp tên “{args.names}”: cần danh sách {{kind, origin_code, name, "
                           f"target}} ({exc}).") from exc
    if not Path(args.into).exists():
        raise AppError(f"Không tìm thấy tệp của hội mới “{args.into}”.")
    with Workspace(DataFile.open(args.into, create=False)) as ws:
        plan = ws.merge.plan(args.old, merger_date, overrides)
        result = None
        if not args.dry_run and not plan.refused:
            result, _ = ws.merge.apply(plan)
    data = plan_json(plan, args.into, args.dry_run, result)
    emit(args, data, plan_lines(plan, result, args.dry_run))
    return 1 if plan.refused else 0


def plan_json(plan, into: str, dry_run: bool, result: dict | None) -> dict:
    return {
        "into": into, "merger_date": plan.merger_date.isoformat(), "dry_run": dry_run, "applied": result is not None,
        "sources": [{
            "code": s.commune.code, "name": s.commune.label, "committee_name": s.commune.committee_name,
            "file": s.commune.file_name, "already_merged": s.already_merged, "audit_rows": s.audit_rows,
            "books": [{"book": b.book, "account": b.account, "name": b.name, "balance": b.balance,
                       "receipt_number": _receipt(result, s.commune.code, b.account)} for b in s.books],
            "counts": {k.table: {"label": k.label, "added": k.added, "updated": k.updated, "unchanged": k.unchanged,
                                 "unified": k.unified, "skipped": k.skipped} for k in s.counts},
        } for s in plan.sources],
        "names": [{"kind": n.kind, "origin_code": n.origin_code, "name": n.name, "target": n.target,
                   "action": n.action} for n in plan.names],
        "duplicates": [{"reason": d.reason, "entries": [
            {"origin_code": e.origin_code, "origin_name": e.origin_name, "code": e.code, "full_name": e.full_name,
             "birth": e.birth} for e in d.entries]} for d in plan.duplicates],
        "conflicts": [{"origin_code": c.origin_code, "message": c.message, "blocking": c.blocking}
                      for c in plan.conflicts],
    }


def _receipt(result: dict | None, code: str, account: str) -> str | None:
    if result is None:
        return None
    book = next((b for b in result[code]["books"] if b["account"] == account), None)
    return (book or {}).get("receipt_number") or None


def plan_lines(plan, result: dict | None, dry_run: bool = True) -> list[str]:
    from ..vietnamese import format_date, format_money, format_vnd

    head = "Đã hợp nhất" if result is not None else ("Chạy thử (chưa ghi gì)" if dry_run else "Chưa ghi gì")
    lines = [f"{head} vào {plan.into}, ngày hợp nhất {format_date(plan.merger_date)}:"]
    for s in plan.sources:
        added = sum(k.added for k in s.counts)
        updated = sum(k.updated for k in s.counts)
        same = sum(k.unchanged + k.unified for k in s.counts)
        lines.append(f"- {s.commune.committee_name} ({s.commune.code}): {format_vnd(added)} bản ghi thêm, "
                     f"{format_vnd(updated)} cập nhật, {format_vnd(same)} đã có"
                     + (" (đã hợp nhất trước đây)" if s.already_merged else ""))
        for b in s.books:
            lines.append(f"    {b.name}: {format_money(b.balance)}")
    changed = [n for n in plan.names if n.target != n.name]
    if changed:
        lines.append(f"Tên đổi khi hợp nhất: {format_vnd(len(changed))} (xem --json, mục names).")
    for d in plan.duplicates:
        who = "; ".join(f"{e.full_name} ({e.origin_name}, {e.code})" for e in d.entries)
        lines.append(f"Có thể trùng người ({d.reason.lower()}), giữ riêng từng bản ghi: {who}")
    for c in plan.conflicts:
        lines.append(("Không hợp nhất được: " if c.blocking else "Lưu ý: ") + c.message)
    return lines
