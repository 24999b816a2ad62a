"""The main window's hooks for changes not yet sent to the province: the status-bar count and the
reminder on closing. Apart from the sync page, whose module (its widgets and their Qt types) would
otherwise load right after the window's first frame only to count them."""

from __future__ import annotations

def _unsent(ws) -> int:
    if ws.datafile.role != "commune":
        return 0
    try:
        from ..services.sync_counts import unsent_count  # not the sync service: it loads every record kind

        return unsent_count(ws.datafile)  # the file's own connection: peewee need not load for a count
    except Exception:  # noqa: BLE001 - a status line must never break the window
        return 0


# Changes since the last package. A package written to a folder has not reached the province yet (it
# still has to be carried there), so this counts changes not yet packaged, and never says "sent".
def unsent_text(n: int) -> str:
    return f"Chưa đóng gói gửi tỉnh: {n} thay đổi"


def unsent_status(window) -> str:
    """STATUS_PROVIDERS entry: "Chưa đóng gói gửi tỉnh: 12 thay đổi" (empty when every change is packaged)."""
    n = _unsent(window.ws)
    return unsent_text(n) if n else ""


def confirm_unsent_on_close(window) -> bool:
    """CLOSE_CHECKS entry: a reminder on exit while changes are not yet sent; False keeps the window open."""
    n = _unsent(window.ws)
    if not n:
        return True
    from . import dialogs  # message boxes load when one is shown

    return dialogs.ask(window, f"Còn {n} thay đổi chưa đóng gói gửi lên tỉnh. Vẫn thoát?", "Chưa gửi dữ liệu")
