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
    return read_passphrase(PASSPHRASE_ENV, confirm, "Mật khẩu sao lưu")


def read_passphrase(env: str | None, confirm: bool, what: str, required_env: bool = False,
                    no_prompt: str = "") -> str:
    """A passphrase from the environment variable `env`, else typed at the prompt (twice when `confirm`):
    never a command-line value, which other users see in the process list and the shell's history.
    `required_env`: the variable was named on the command line (`--passphrase-env`), so it must be set;
    `no_prompt`: how to give it when there is no terminal to ask in."""
    from ..domain.errors import AppError

    value = os.environ.get(env) if env else None
    if value:
        return value
    if required_env:
        raise AppError(f"Biến môi trường {env} chưa được đặt hoặc để trống.")
    if not sys.stdin or not sys.stdin.isatty():
        raise AppError(f"Cần {what.lower()}: {no_prompt or f'đặt biến môi trường {env}'} hoặc chạy trong cửa sổ lệnh.")
    first = getpass.getpass(f"{what}: ")
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
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
