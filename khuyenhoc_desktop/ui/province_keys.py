"""Tệp → Chia sẻ khóa của tỉnh cho máy khác… / Nhận khóa của tỉnh từ máy khác…: the province's keys given
to another staff PC through a passphrase-protected transfer file (services/province/key_sharing.py)."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import AppError
from . import dialogs

SHARE_TITLE = "Chia sẻ khóa của tỉnh"
ACCEPT_TITLE = "Nhận khóa của tỉnh"
FILTER = "Tệp chuyển khóa (*.khkeys)"
SHARE_PASSPHRASE = ("Đặt mật khẩu cho tệp chuyển khóa (ít nhất 6 ký tự), gõ hai lần.\nTệp chứa khóa ký biên nhận và "
                    "khóa giải mã gói của tỉnh. Hãy báo mật khẩu cho đồng nghiệp riêng (nói trực tiếp hoặc gọi "
                    "điện), không gửi kèm tệp.")


def _fingerprint(text: str) -> str:
    from .pages.province_page import NB_HYPHEN  # a fingerprint in a message box stays on one line

    return text.replace("-", NB_HYPHEN)


def _province(t) -> str:
    return f"{t.province_name} (mã {t.province_code})" if t.province_name else f"mã {t.province_code or '—'}"


def share_keys(parent, ws, path: str | None = None, passphrase: str | None = None) -> Path | None:
    """Write the transfer file (asks where and for a new passphrase, typed twice). Returns the file, or None."""
    path = path or dialogs.save_file(parent, "Ghi tệp chuyển khóa của tỉnh", "khoa-tinh.khkeys", FILTER)
    if not path:
        return None
    if passphrase is None:
        passphrase = dialogs.ask_new_password(parent, SHARE_PASSPHRASE, "Mật khẩu tệp chuyển khóa")
    if not passphrase:
        return None
    try:
        shared = ws.province.share_keys(path, passphrase)
    except AppError as exc:
        dialogs.error(parent, exc.message, "Không chia sẻ được khóa")
        return None
    dialogs.info(parent, f"Đã ghi tệp chuyển khóa của tỉnh {_province(shared)}:\n{shared.path}\n\n"
                         f"Dấu vân tay khóa ký: {_fingerprint(shared.signing_fingerprint)}\n\n"
                         "Trên máy kia: mở cùng kho dữ liệu, chọn Tệp → Nhận khóa của tỉnh từ máy khác…, chọn tệp "
                         "này và gõ mật khẩu. Xóa tệp sau khi máy kia đã nhận khóa.", SHARE_TITLE)
    return shared.path


def accept_keys(parent, ws, path: str | None = None, passphrase: str | None = None):
    """Add this PC's copy of the keys from a transfer file (asks for it and its passphrase). Returns the
    service's `KeyTransfer`, or None when cancelled or refused."""
    from ..services.province import inspect_transfer

    path = path or dialogs.open_file(parent, "Chọn tệp chuyển khóa của tỉnh", FILTER)
    if not path:
        return None
    try:
        info = inspect_transfer(path)
    except AppError as exc:
        dialogs.error(parent, exc.message, "Không đọc được tệp chuyển khóa")
        return None
    if passphrase is None:
        passphrase = dialogs.ask_password(
            parent, f"Tệp chuyển khóa của tỉnh {_province(info)},\ndấu vân tay khóa ký "
                    f"{_fingerprint(info.signing_fingerprint)}.\n\nMật khẩu của tệp:", ACCEPT_TITLE)
    if not passphrase:
        return None
    try:
        added = ws.province.accept_keys(path, passphrase)
    except AppError as exc:
        dialogs.error(parent, exc.message, "Không nhận được khóa")
        return None
    if added.already:
        dialogs.info(parent, "Máy này đã mở được khóa của tỉnh từ trước; không thay đổi gì.", ACCEPT_TITLE)
    else:
        dialogs.info(parent, f"Máy này đã nhận khóa của tỉnh {_province(added)}: từ nay ghi được biên nhận cho xã "
                             f"và nhập được gói mã hóa. Số máy mở được khóa trong kho: {added.machines}.", ACCEPT_TITLE)
    return added
