"""`khuyenhoc sync register|communes|revoke|import|ack|duplicates|unit-changes|unit-change|province-card` for the
province (added to the `sync` group).

`sync_commune.py` owns the group and keeps its sub-parsers in `SYNC_SUBPARSERS`; this module sorts
after it, so the group exists when `register` runs here.
"""

from __future__ import annotations


def _group(sub):
    import importlib

    try:
        module = importlib.import_module(f"{__package__}.sync_commune")
        group = getattr(module, "SYNC_SUBPARSERS", None)
    except ModuleNotFoundError:
        group = None
    if group is None:  # the commune side is not there: own the group
        p = sub.add_parser("sync", help="đồng bộ dữ liệu giữa xã và tỉnh")
        p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
        group = p.add_subparsers(dest="sync_command", metavar="LỆNH_ĐỒNG_BỘ", parser_class=type(p))
    return group


def register(sub) -> None:
    import argparse

    s = _group(sub)
    r = s.add_parser("register", help="(tỉnh) đăng ký một xã bằng tệp khóa công khai .khkey",
                     description="Đăng ký xã với tỉnh; tạo tệp dữ liệu của tỉnh nếu chưa có.")
    r.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    r.add_argument("--commune-code", required=True, metavar="MÃ_XÃ")
    r.add_argument("--name", default="", metavar="TÊN_XÃ")
    r.add_argument("--key", required=True, metavar="TỆP.khkey", help="tệp khóa công khai của xã")
    _json_option(r)
    r.set_defaults(func=run_register)

    ls = s.add_parser("communes", help="(tỉnh) liệt kê các xã đã đăng ký",
                      description="Liệt kê các xã đã đăng ký: mã, tên, dấu vân tay khóa, số gói đã nhập, gói cuối, "
                                  "các gói còn thiếu và khóa đã bị thu hồi hay chưa (kèm lý do).")
    ls.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    _json_option(ls)
    ls.set_defaults(func=run_communes)

    rv = s.add_parser("revoke", help="(tỉnh) thu hồi khóa ký của một xã (máy bị mất, khóa bị lộ)",
                      description="Thu hồi khóa ký của xã: từ nay tỉnh từ chối mọi gói mới của xã này cho đến khi "
                                  "xã đăng ký lại bằng khóa mới (khuyenhoc sync register). Các gói đã nhập vẫn giữ "
                                  "nguyên.")
    rv.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    code = rv.add_mutually_exclusive_group(required=True)
    code.add_argument("--commune-code", dest="commune_code", metavar="MÃ_XÃ", help="mã xã cần thu hồi khóa")
    # the spelling of earlier versions, still accepted
    code.add_argument("--commune", dest="commune_code", metavar="MÃ_XÃ", help=argparse.SUPPRESS)
    rv.add_argument("--reason", required=True, metavar="LÝ_DO",
                    help="lý do thu hồi, ví dụ “Máy tính của xã bị mất trộm”")
    _json_option(rv)
    rv.set_defaults(func=run_revoke)

    i = s.add_parser("import", help="(tỉnh) nhập các gói .khsync của xã",
                     description="Kiểm tra và nhập các gói .khsync; thoát với mã 1 nếu có tệp hoặc dòng bị từ chối.")
    i.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    i.add_argument("files", nargs="+", metavar="TỆP.khsync")
    i.add_argument("--dry-run", action="store_true", help="chỉ thử, không ghi gì vào tệp dữ liệu")
    _json_option(i)
    i.set_defaults(func=run_import)

    a = s.add_parser("ack", help="(tỉnh) ghi biên nhận đã ký (.khack) cho một xã")
    a.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    a.add_argument("--commune-code", required=True, metavar="MÃ_XÃ")
    a.add_argument("--out", required=True, metavar="TỆP.khack")
    _json_option(a)
    a.set_defaults(func=run_ack)

    d = s.add_parser("duplicates", help="(tỉnh) hội viên có thể trùng giữa các xã (cùng mã băm số CCCD)",
                     description="Liệt kê hội viên của hai xã trở lên có cùng mã băm số CCCD (cùng một số CCCD): "
                                 "có thể một người chuyển xã mà xã cũ chưa ghi “chuyển đi”. Tỉnh không có số CCCD, "
                                 "chỉ có mã băm; hãy hỏi các xã để đối chiếu.")
    d.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    _json_option(d)
    d.set_defaults(func=run_duplicates)

    u = s.add_parser("unit-changes", help="(tỉnh) bảng thay đổi đơn vị hành chính: xã cũ → xã mới",
                     description="Liệt kê các xã mới hợp nhất từ các xã cũ (sau ngày 01/07/2025): mã và tên xã mới, "
                                 "các xã cũ, số và ngày quyết định, ngày có hiệu lực. Từ ngày có hiệu lực, khóa của "
                                 "xã cũ thôi dùng: tỉnh từ chối gói của xã cũ lập sau ngày đó. --fill: thêm các thay "
                                 "đổi của các xã đã đăng ký theo danh sách chính thức (thư viện vietnamadminunits).")
    u.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    u.add_argument("--fill", action="store_true",
                   help="thêm các thay đổi theo danh sách chính thức cho các xã đã đăng ký (không sửa dòng đã có)")
    u.add_argument("--all", dest="every_commune", action="store_true",
                   help="cùng --fill: thêm mọi xã mới của tỉnh, kể cả xã chưa đăng ký")
    _json_option(u)
    u.set_defaults(func=run_unit_changes)

    uc = s.add_parser("unit-change", help="(tỉnh) thêm, sửa hoặc xóa một thay đổi đơn vị hành chính")
    uc_sub = uc.add_subparsers(dest="unit_change_command", metavar="VIỆC", parser_class=type(uc))
    uc.set_defaults(func=lambda args: (uc.print_help(), 2)[1])
    add = uc_sub.add_parser("add", help="ghi xã mới hợp nhất từ các xã cũ",
                            description="Ghi (hoặc sửa) thay đổi: các xã cũ --old hợp nhất thành xã mới --new theo "
                                        "quyết định --decision ngày --date; có hiệu lực từ --effective (mặc định "
                                        "01/07/2025). Khóa của các xã cũ thôi dùng từ ngày có hiệu lực.")
    add.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    add.add_argument("--old", required=True, metavar="MÃ1,MÃ2", help="mã các xã cũ, cách nhau bằng dấu phẩy")
    add.add_argument("--new", required=True, metavar="MÃ_XÃ_MỚI", help="mã chính thức của xã mới")
    add.add_argument("--decision", default="", metavar="SỐ_QUYẾT_ĐỊNH",
                     help="ví dụ “Nghị quyết số 1658/NQ-UBTVQH15”")
    add.add_argument("--date", default="", metavar="NN/TT/NNNN", help="ngày quyết định")
    add.add_argument("--effective", default="", metavar="NN/TT/NNNN", help="ngày có hiệu lực (mặc định 01/07/2025)")
    add.add_argument("--name", default="", metavar="TÊN_XÃ_MỚI", help="mặc định: tên trong danh sách chính thức")
    _json_option(add)
    add.set_defaults(func=run_unit_change_add)
    rm = uc_sub.add_parser("delete", help="xóa thay đổi của một xã mới (khóa các xã cũ dùng lại được)")
    rm.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    rm.add_argument("--new", required=True, metavar="MÃ_XÃ_MỚI")
    _json_option(rm)
    rm.set_defaults(func=run_unit_change_delete)

    c = s.add_parser("province-card", help="(tỉnh) ghi tệp khóa công khai của tỉnh (.khkey) để gửi các xã")
    c.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của tỉnh")
    c.add_argument("--out", required=True, metavar="TỆP.khkey")
    c.add_argument("--province-code", metavar="MÃ_TỈNH")
    c.add_argument("--province-name", metavar="TÊN")
    _json_option(c)
    c.set_defaults(func=run_card)


def _json_option(parser) -> None:
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (một đối tượng)")


def _open(path, create: bool = False):
    from pathlib import Path

    from ..services.province import ProvinceError
    from ..services.workspace import Workspace

    if not create and "://" not in str(path) and not Path(path).exists():
        raise ProvinceError(f"Không tìm thấy tệp dữ liệu của tỉnh “{path}”.")
    # A large province file was checked when it was last closed cleanly; a crash forces the check.
    ws = Workspace.open(path, role="province", defer_integrity_check=True)
    if ws.datafile.role != "province":
        _refuse(ws, path)
    return ws


def _refuse(ws, path) -> None:
    from ..domain.roles import role_label
    from ..services.province import ProvinceError

    role = ws.datafile.role
    ws.close()
    raise ProvinceError(f"Tệp “{path}” là {role_label(role)}, không phải tệp tổng hợp của tỉnh.")


def run_register(args) -> int:
    from ..cli import print_json

    import sys

    with _open(args.db, create=True) as ws:
        c = ws.province.register_commune(args.commune_code, args.name, args.key)
    if not c.official_name and not c.merged_into:
        print(f"Lưu ý: mã {c.code} không có trong danh sách đơn vị hành chính cấp xã từ ngày 01/07/2025; "
              "hãy kiểm tra lại mã.", file=sys.stderr)
    if args.json:
        print_json(c.to_dict())
        return 0
    official = f" — tên chính thức: {c.official_name}" if c.official_name else ""
    print(f"Đã đăng ký xã {c.name} ({c.code}){official}, dấu vân tay khóa: {c.fingerprint}")
    return 0


def _open_read(path):
    """The province file, only looked at: no lock, no migration, nothing written."""
    from pathlib import Path

    from ..services.province import ProvinceError
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    if "://" not in str(path) and not Path(path).exists():  # (a server store is refused by DataFile.open)
        raise ProvinceError(f"Không tìm thấy tệp dữ liệu của tỉnh “{path}”.")
    ws = Workspace(DataFile.open(path, read_only=True))
    if ws.datafile.role != "province":
        _refuse(ws, path)
    return ws


def _revocation(c) -> str:
    """"lúc 28/11/2025 09:40; lý do: …" (local time) for a revoked commune."""
    from ..vietnamese import format_local_time

    when = format_local_time(c.revoked_at)
    parts = [f"lúc {when}" if when else "", f"lý do: {c.revoked_reason}" if c.revoked_reason else ""]
    return "; ".join(p for p in parts if p)


def run_communes(args) -> int:
    from ..cli import print_json
    from ..services.province import format_gaps

    with _open_read(args.db) as ws:
        communes = ws.province.communes()
    if args.json:
        print_json({"communes": [c.to_dict() for c in communes]})
        return 0
    if not communes:
        print("Chưa có xã nào được đăng ký (khuyenhoc sync register).")
        return 0
    for c in communes:
        print(f"{c.code}  {c.name or '(chưa có tên)'}")
        print(f"  Dấu vân tay khóa: {c.fingerprint}")
        print(f"  Số gói đã nhập: {c.packages}; gói cuối: {c.last_seq or '—'}; "
              f"thiếu gói: {format_gaps(c.gaps) or 'không'}")
        print(f"  Trạng thái: {_status(c)}")
    revoked = sum(c.revoked for c in communes)
    retired = sum(c.status == "retired" for c in communes)
    print(f"Tổng cộng {len(communes)} xã" + (f", {revoked} xã đã bị thu hồi khóa" if revoked else "")
          + (f", {retired} xã cũ đã hợp nhất" if retired else "") + ".")
    return 0


def _status(c) -> str:
    if c.revoked:
        return ("đã thu hồi khóa " + _revocation(c)).strip()
    if c.status == "retired":
        return (f"đã hợp nhất vào {c.merged_into_name} ({c.merged_into}) từ ngày {_day(c.retired_from)}; khóa "
                "thôi dùng cho gói lập sau ngày đó (không phải thu hồi)")
    return "đang dùng"


def _change_text(c) -> list[str]:
    olds = ", ".join(f"{o['name'] or 'xã'} ({o['code']})" for o in c.old)
    decided = " ".join(p for p in (c.decision, f"ngày {_day(c.decision_date)}" if c.decision_date else "") if p)
    return [f"{c.new_code}  {c.new_name}" + ("" if c.new_registered else " — chưa đăng ký khóa với tỉnh"),
            f"  Từ các xã cũ: {olds}",
            f"  Quyết định: {decided or '(chưa ghi)'}; có hiệu lực từ ngày {_day(c.effective_date)}"
            + ("; theo danh sách chính thức" if c.source == "library" else "")]


def run_unit_changes(args) -> int:
    from ..cli import print_json

    fill = None
    opener = _open if args.fill else _open_read
    with opener(args.db) as ws:
        if args.fill:
            fill = ws.province.fill_unit_changes(every_commune=args.every_commune)
        changes = ws.province.unit_changes()
    if args.json:
        print_json({"changes": [c.to_dict() for c in changes], "fill": fill.to_dict() if fill else None})
        return 0
    if fill is not None:
        print(f"Đã thêm {len(fill.added)} thay đổi theo danh sách chính thức của tỉnh mã {fill.province_code} "
              f"({fill.data_version})" + (f"; {len(fill.kept)} thay đổi đã có giữ nguyên." if fill.kept else "."))
    if not changes:
        print("Chưa có thay đổi đơn vị hành chính nào (khuyenhoc sync unit-changes --fill, "
              "hoặc khuyenhoc sync unit-change add).")
        return 0
    for c in changes:
        print("\n".join(_change_text(c)))
    print(f"Tổng cộng {len(changes)} xã mới, {sum(len(c.old) for c in changes)} xã cũ.")
    return 0


def run_unit_change_add(args) -> int:
    from ..cli import print_json

    with _open(args.db) as ws:
        change = ws.province.add_unit_change(args.old, args.new, args.decision, args.date, args.effective, args.name)
    if args.json:
        print_json(change.to_dict())
        return 0
    print("Đã ghi thay đổi đơn vị hành chính:")
    print("\n".join(_change_text(change)))
    return 0


def run_unit_change_delete(args) -> int:
    from ..cli import print_json

    with _open(args.db) as ws:
        ws.province.delete_unit_change(args.new)
    if args.json:
        print_json({"deleted": args.new})
        return 0
    print(f"Đã xóa thay đổi của xã mới mã {args.new}; khóa của các xã cũ dùng lại được.")
    return 0


def run_revoke(args) -> int:
    from ..cli import print_json
    from ..vietnamese import normalize

    code = normalize(args.commune_code)
    with _open(args.db) as ws:  # an unknown commune or a blank reason is refused before anything is written
        result = ws.province.revoke_commune(code, args.reason)
    if args.json:
        print_json(result.to_dict())
        return 0
    c, label = result.commune, result.commune.label
    if not result.revoked_now:
        details = _revocation(c)
        print(f"Khóa của xã {label} đã bị thu hồi từ trước" + (f" ({details})" if details else "")
              + "; không thay đổi gì.")
        return 0
    print(f"Đã thu hồi khóa {c.fingerprint} của xã {label}. Tỉnh sẽ từ chối mọi gói mới của xã cho đến khi xã "
          "đăng ký lại bằng khóa mới (khuyenhoc sync register); các gói đã nhập vẫn giữ nguyên.")
    return 0


def run_import(args) -> int:
    from ..cli import print_json
    from ..services.province import IMPORT_STATUS_LABELS

    with _open(args.db) as ws:
        reports = ws.province.import_files(args.files, dry_run=args.dry_run)
    bad = any(not rep.ok for rep in reports)
    if args.json:
        print_json({"dry_run": args.dry_run, "ok": not bad, "files": [r.to_dict() for r in reports]})
        return 1 if bad else 0
    for rep in reports:
        c = rep.counts
        print(f"{rep.file}: {IMPORT_STATUS_LABELS.get(rep.status, rep.status)} — {rep.message}")
        if rep.status in ("applied", "dry_run"):
            print(f"  Mới: {c['created']}; sửa: {c['updated']}; không đổi: {c['unchanged']}; xóa: {c['deleted']}; "
                  f"cũ bỏ qua: {c['stale']}; bị từ chối: {c['rejected']}")
        for w in rep.warnings:
            print(f"  Cảnh báo: {w}")
        for r in rep.rejected[:200]:
            print(f"  Dòng {r.line}: {r.table} {r.uuid} — {r.reason}")
        if len(rep.rejected) > 200:
            print(f"  … và {len(rep.rejected) - 200} dòng khác bị từ chối")
    return 1 if bad else 0


def run_ack(args) -> int:
    from ..cli import print_json

    with _open(args.db) as ws:
        info = ws.province.write_ack(args.commune_code, args.out)
    if args.json:
        print_json({"commune_code": info.commune_code, "province_code": info.province_code,
                    "up_to_seq": info.up_to_seq, "accepted": info.accepted, "returned": info.returned,
                    "path": str(info.path), "ack_id": info.ack_id, "sha256": info.sha256})
        return 0
    print(f"Đã ghi biên nhận cho xã {args.commune_code} đến gói số {info.up_to_seq}: "
          f"{info.accepted} bản ghi được chấp nhận, {info.returned} bản ghi bị trả lại — {info.path}")
    return 0


def run_card(args) -> int:
    from ..cli import print_json

    with _open(args.db, create=True) as ws:
        if args.province_code or args.province_name:
            p = ws.province.profile()
            ws.province.set_profile(args.province_code or p.code, args.province_name or p.name)
        card = ws.province.key_card()
        card.save(args.out)
    if args.json:
        print_json({"path": str(args.out), "province_code": card.code, "province_name": card.name,
                    "signing_fingerprint": card.signing_fingerprint})
        return 0
    print(f"Đã ghi tệp khóa công khai của tỉnh: {args.out}\nDấu vân tay khóa ký: {card.signing_fingerprint}")
    return 0


def run_duplicates(args) -> int:
    from ..cli import print_json
    from ..domain.members import STATUSES

    with _open_read(args.db) as ws:
        groups = ws.province.member_duplicates()
    if args.json:
        print_json({"groups": [g.to_dict() for g in groups]})
        return 0
    if not groups:
        print("Không có hội viên nào trùng số CCCD giữa các xã.")
        return 0
    for i, g in enumerate(groups, 1):
        print(f"{i}. Cùng một số CCCD ở {len({m.commune_code for m in g.members})} xã:")
        for m in g.members:
            born = f", sinh {m.birth_year}" if m.birth_year else ""
            print(f"   - {m.full_name or '(không tên)'} ({m.code or 'chưa có mã'}{born}) — xã {m.commune_name or m.commune_code}"
                  f" ({m.commune_code}), {STATUSES.get(m.status, m.status).lower()}"
                  + (f", vào hội {_day(m.joined_on)}" if m.joined_on else ""))
    print(f"Tổng cộng {len(groups)} trường hợp có thể trùng.")
    return 0


def _day(iso: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso
