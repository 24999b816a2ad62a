"""`khuyenhoc sync …` for the commune: export, key, import-ack, province-key, status.

This module owns the `sync` command group. It keeps the sub-parsers object in `SYNC_SUBPARSERS`
so that `sync_province.py` (registered after this module: commands register in file-name order)
adds the province's sub-commands (`import`, `register`, `ack`) to the same group.
"""

from __future__ import annotations

SYNC_SUBPARSERS = None


def register(sub) -> None:
    from ..cli import add_json_option

    global SYNC_SUBPARSERS
    p = sub.add_parser("sync", help="gửi dữ liệu lên tỉnh và nhận biên nhận",
                       description="Đồng bộ dữ liệu giữa xã và tỉnh (tệp .khsync, .khack, .khkey).")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    s = p.add_subparsers(dest="sync_command", metavar="LỆNH_ĐỒNG_BỘ", parser_class=type(p))
    SYNC_SUBPARSERS = s

    e = s.add_parser("export", help="tạo gói dữ liệu gửi lên tỉnh",
                     description="Tạo gói .khsync gồm các thay đổi chưa gửi (hoặc toàn bộ dữ liệu với --full).")
    e.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    e.add_argument("--out", metavar="TỆP", help="tệp hoặc thư mục đích (mặc định: thư mục gui-tinh cạnh tệp dữ liệu)")
    e.add_argument("--full", action="store_true", help="gửi toàn bộ dữ liệu (cuối năm hoặc khi tỉnh yêu cầu)")
    e.add_argument("--encrypt-for", metavar="TỆP_KHÓA",
                   help="mã hóa gói cho tỉnh bằng tệp khóa .khkey của tỉnh (hoặc 'province': khóa đã nhập)")
    add_json_option(e)
    e.set_defaults(func=run_export)

    k = s.add_parser("key", help="in dấu vân tay khóa ký và ghi tệp khóa công khai",
                     description="In dấu vân tay khóa của xã; có --out thì ghi tệp khóa công khai .khkey để gửi tỉnh.")
    k.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    k.add_argument("--out", metavar="TỆP.khkey", help="tệp khóa công khai cần ghi")
    add_json_option(k)
    k.set_defaults(func=run_key)

    a = s.add_parser("import-ack", help="nhập biên nhận của tỉnh (.khack)")
    a.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    a.add_argument("ack_file", metavar="TỆP.khack", help="tệp biên nhận của tỉnh")
    add_json_option(a)
    a.set_defaults(func=run_import_ack)

    pk = s.add_parser("province-key", help="nhập khóa công khai của tỉnh (.khkey), một lần")
    pk.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    pk.add_argument("--key", required=True, metavar="TỆP.khkey", help="tệp khóa công khai của tỉnh")
    add_json_option(pk)
    pk.set_defaults(func=run_province_key)

    st = s.add_parser("status", help="tình trạng gửi lên tỉnh: gói cuối, số bản ghi chưa gửi, biên nhận",
                      description="Cho biết gói đã gửi gần nhất, số bản ghi đã thay đổi mà chưa gửi, số bản ghi tỉnh "
                                  "đã nhận hoặc trả lại, và khóa của tỉnh đã nhập hay chưa. Chỉ đọc tệp dữ liệu.")
    st.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    add_json_option(st)
    st.set_defaults(func=run_status)


def _counts_text(counts: dict) -> str:
    from ..services.sync_export import TABLE_LABELS

    parts = []
    for table, ops in counts.items():
        label = TABLE_LABELS.get(table, table)
        up, dl = ops.get("upsert", 0), ops.get("delete", 0)
        parts.append(f"{label}: {up}" + (f" (+{dl} xóa)" if dl else ""))
    return ", ".join(parts) or "không có bản ghi"


def run_export(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace

    encrypt = args.encrypt_for
    if encrypt == "province":
        encrypt = True
    with Workspace.open(args.db) as ws:
        info = ws.sync.export_package(args.out, full=args.full, encrypt_for=encrypt)
    mode = info.manifest.get("mode")  # "full" or "delta", the package's own word (docs/sync-format.md)
    kind = "toàn bộ dữ liệu" if mode == "full" else "các thay đổi"
    emit(args, {"path": info.path, "seq": info.seq, "mode": mode, "encrypted": info.encrypted, "rows": info.rows,
                "counts": info.counts, "audit_rows": info.audit_rows, "sha256": info.sha256, "size": info.size},
         [f"Đã tạo gói số {info.seq} ({kind}{', đã mã hóa cho tỉnh' if info.encrypted else ''}): {info.path}",
          f"Gồm {info.rows} bản ghi — {_counts_text(info.counts)}; {info.audit_rows} dòng nhật ký.",
          f"Mã gói (SHA-256): {info.sha256}"])
    return 0


def run_key(args) -> int:
    from ..cli import emit
    from ..services.sync_export import group_fingerprint
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        card = ws.sync.key_card()
        path = ws.sync.save_key_card(args.out) if args.out else None
    lines = [f"Dấu vân tay khóa ký của {card.name or 'xã'} ({card.code or 'chưa có mã xã'}):",
             f"  {card.signing_fingerprint}", f"  ({group_fingerprint(card.signing_fingerprint)})"]
    if path:
        lines.append(f"Đã ghi tệp khóa công khai: {path}")
    emit(args, {"code": card.code, "name": card.name, "signing_fingerprint": card.signing_fingerprint,
                "path": path}, lines)
    return 0


def run_import_ack(args) -> int:
    from ..cli import emit, jsonable
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        result = ws.sync.import_ack(args.ack_file)
        returned = ws.sync.returned_records()
    emit(args, {**jsonable(result), "returned_records": returned},
         [result.describe(), *(f"  Trả lại: {r.label or r.uuid} ({r.table}, phiên bản {r.version}): {r.reason}"
                               for r in returned)])
    return 0



def run_province_key(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        card = ws.sync.import_province_key(args.key)
    lines = [f"Đã nhập khóa của tỉnh {card.name} (mã {card.code}).", f"Dấu vân tay khóa ký: {card.signing_fingerprint}"]
    if card.encryption_fingerprint:
        lines.append(f"Dấu vân tay khóa mã hóa: {card.encryption_fingerprint}")
    lines.append("Hãy gọi điện cho tỉnh để đối chiếu dấu vân tay.")
    emit(args, {"code": card.code, "name": card.name, "signing_fingerprint": card.signing_fingerprint,
                "encryption_fingerprint": card.encryption_fingerprint}, lines)
    return 0


def run_status(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        code = ws.organisation.commune_code
        history, unsent, states, card = ws.sync.history(), ws.sync.unsent_count(), ws.sync.state_counts(), \
            ws.sync.province_card()
    last = history[0] if history else None
    lines = [f"Xã: {code or 'chưa có mã xã (Thông tin hội)'}"]
    if last:
        kind = "toàn bộ dữ liệu" if last.mode == "full" else "các thay đổi"
        lines.append(f"Gói gửi gần nhất: số {last.seq} ({kind}, {last.created_local}, {last.rows} bản ghi) — "
                     f"{last.file_name}")
    else:
        lines.append("Chưa gửi gói nào lên tỉnh.")
    lines.append(f"Chưa gửi: {unsent} bản ghi{' đã thay đổi sau gói cuối' if last else ''}." if unsent
                 else "Không còn thay đổi nào chưa gửi.")
    lines.append(f"Tỉnh đã nhận {states['accepted']} bản ghi, trả lại {states['returned']} bản ghi"
                 + (" (xem lý do khi nhập biên nhận: khuyenhoc sync import-ack)." if states["returned"] else "."))
    lines.append(f"Khóa của tỉnh: {card.name} (mã {card.code})." if card else "Chưa nhập khóa công khai của tỉnh "
                 "(khuyenhoc sync province-key).")
    last_package = None if last is None else {
        "seq": last.seq, "created_at": last.created_at, "file_name": last.file_name,
        "mode": last.mode, "rows": last.rows, "encrypted": last.encrypted}
    emit(args, {"commune_code": code, "packages": len(history), "last_package": last_package, "unsent": unsent,
                "accepted": states["accepted"], "returned": states["returned"],
                "province": {"code": card.code, "name": card.name} if card else None}, lines)
    return 0
