"""Starting the window: Qt application, Vietnamese texts, data file, main window (and --smoke)."""

from __future__ import annotations

import os
import sys
import time
import traceback


def process_start_time() -> float | None:
    """Seconds since the epoch at which this process started, where the OS tells it (Linux)."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def run_gui(db_path: str | None = None, smoke: bool = False, started: float | None = None) -> int:
    wall_start = process_start_time()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from .config import default_db_path, load_preferences
    from .domain.errors import AppError
    from .services.workspace import Workspace
    from .ui import dialogs, i18n
    from .ui.main_window import BASE_POINT_SIZE, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Khuyến học Desktop")
    app.setOrganizationName("KhuyenHocDesktop")
    app.setStyle("Fusion")
    i18n.install(app)
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    QGuiApplication.setDesktopFileName("khuyenhoc-desktop")
    install_exception_hook()

    path = db_path or str(default_db_path())
    try:
        ws = Workspace.open(path)
    except AppError as exc:
        if smoke:
            print(f"Lỗi: {exc.message}", file=sys.stderr)
        else:
            dialogs.error(None, exc.message, "Không mở được tệp dữ liệu")
        return 1
    prefs = load_preferences()
    window = MainWindow(ws, prefs)
    window.show()
    if smoke:
        app.processEvents()
        now = time.time()
        elapsed = (now - wall_start) * 1000 if wall_start else (time.perf_counter() - (started or 0)) * 1000
        print(f"Cửa sổ chính đã hiện sau {elapsed:.0f} ms")
        window.close()
        ws.close()
        return 0
    QTimer.singleShot(0, window.first_start_questions)
    try:
        return app.exec()
    finally:
        ws.close()


def install_exception_hook() -> None:
    """An unexpected error shows a Vietnamese dialog with copyable details instead of closing the program."""
    from .ui.error_dialog import show_unexpected_error

    def hook(exc_type, exc, tb):
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.__stderr__.write(details)
        try:
            show_unexpected_error(details)
        except Exception:  # noqa: BLE001 - never let the hook itself crash the program
            pass

    sys.excepthook = hook
