"""`khuyenhoc restore --db PATH BACKUP_FILE [--accept-other] [--json]`."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    r = sub.add_parser("restore", help="khôi phục từ bản sao lưu",
                       description="Khôi phục tệp dữ liệu từ bản sao lưu; tệp hiện tại được lưu lại trước.")
    r.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu cần thay")
    r.add_argument("backup_file", metavar="BẢN_SAO_LƯU", help="tệp .khbak hoặc .db")
    r.add_argument("--accept-other", action="store_true",
                   help="vẫn khôi phục khi bản sao lưu là của xã khác hoặc của tỉnh (sau khi đã đọc cảnh báo)")
    add_json_option(r)
    r.set_defaults(func=run_restore)


def run_restore(args) -> int:
    from ..cli import emit
    from ..services import backup
    from .backup import _passphrase

    info = backup.inspect_backup(args.backup_file)
    if not args.json:
        print(info.describe())
    try:
        saved = backup.restore(args.db, args.backup_file, _passphrase(confirm=False) if info.encrypted else None,
                               accept_other_owner=args.accept_other)
    except backup.OtherOwnerError as exc:
        raise backup.OtherOwnerError(exc.message + "\nNếu chắc chắn, chạy lại lệnh với --accept-other.") from exc
    lines = [f"Tệp dữ liệu cũ đã được lưu lại tại: {saved}"] if saved else []
    lines.append(f"Đã khôi phục {args.db} từ {args.backup_file}.")
    emit(args, {"db": args.db, "backup": {"path": info.path, "created_at": info.created_at,
                                          "app_version": info.app_version, "schema_version": info.schema_version,
                                          "commune": info.commune, "counts": info.counts,
                                          "encrypted": info.encrypted},
                "saved_copy": saved or None}, lines)
    return 0
