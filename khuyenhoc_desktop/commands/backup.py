"""`khuyenhoc backup --db PATH [--out FOLDER] [--json]` (its passphrase prompt is also `restore`'s)."""

from __future__ import annotations

import getpass
import os
import sys

PASSPHRASE_ENV = "KHUYENHOC_BACKUP_PASSPHRASE"


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("backup", help="sao lưu tệp dữ liệu",
                       description="Sao lưu tệp dữ liệu. Không có --out: bản sao tự động trong thư mục dữ liệu. "
                                   f"Có --out: bản sao mã hóa bằng mật khẩu (lấy từ biến môi trường {PASSPHRASE_ENV} "
                                   "hoặc hỏi khi chạy).")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục đích, ví dụ ổ USB")
    add_json_option(p)
    p.set_defaults(func=run_backup)


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        from ..domain.errors import AppError

        raise AppError(f"Cần mật khẩu sao lưu: đặt biến môi trường {PASSPHRASE_ENV} hoặc chạy trong cửa sổ lệnh.")
    first = getpass.getpass("Mật khẩu sao lưu: ")
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
        from ..domain.errors import AppError

        raise AppError("Hai lần nhập mật khẩu không khớp.")
    return first


def run_backup(args) -> int:
    from ..cli import emit
    from ..services import backup
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        if args.out:
            path = backup.export_backup(ws, args.out, _passphrase(confirm=True))
        else:
            path = backup.auto_backup(ws, force=True, reason="thu-cong")
    emit(args, {"path": path, "encrypted": bool(args.out)}, f"Đã sao lưu: {path}")
    return 0
