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
    from .ui import i18n
    from .ui.main_window import BASE_POINT_SIZE

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
    session = GuiSession(path, load_preferences(), smoke)
    if not session.open():
        return 1
    session.show()
    if smoke:
        app.processEvents()
        now = time.time()
        elapsed = (now - wall_start) * 1000 if wall_start else (time.perf_counter() - (started or 0)) * 1000
        print(f"Cửa sổ chính đã hiện sau {elapsed:.0f} ms")
        session.window.close()
        session.ws.close()
        return 0
    QTimer.singleShot(0, session.window.first_start_questions)
    try:
        return app.exec()
    finally:
        if session.ws is not None:
            session.ws.close()


class GuiSession:
    """The opened data file and its window; can close both, act on the file, and open them again."""

    def __init__(self, path: str, prefs: dict, smoke: bool = False) -> None:
        self.path = path
        self.prefs = prefs
        self.smoke = smoke
        self.ws = None
        self.window = None

    def open(self) -> bool:
        from .domain.errors import AppError, DamagedDataFileError
        from .services import backup
        from .services.workspace import Workspace
        from .ui import dialogs

        try:
            self.ws = Workspace.open(self.path)
            return True
        except DamagedDataFileError as exc:
            if self.smoke:
                print(f"Lỗi: {exc.message}", file=sys.stderr)
                return False
            good = backup.newest_good_backup(self.path)
            if good is None:
                dialogs.error(None, exc.message + "\n\nKhông tìm thấy bản sao lưu tự động nào còn tốt.",
                              "Tệp dữ liệu bị hỏng")
                return False
            if not dialogs.ask(None, f"{exc.message}\n\n{good.describe()}\n\nKhôi phục từ bản sao lưu này? "
                                     "Tệp hỏng sẽ được giữ lại để kiểm tra sau.", "Tệp dữ liệu bị hỏng", default_yes=True):
                return False
            try:
                _set_aside(self.path)
                backup.restore(self.path, good.path)
                self.ws = Workspace.open(self.path)
                return True
            except AppError as again:
                dialogs.error(None, again.message, "Không khôi phục được")
                return False
        except AppError as exc:
            if self.smoke:
                print(f"Lỗi: {exc.message}", file=sys.stderr)
            else:
                dialogs.error(None, exc.message, "Không mở được tệp dữ liệu")
            return False

    def show(self) -> None:
        from .ui.main_window import MainWindow

        self.window = MainWindow(self.ws, self.prefs)
        self.window.reopen = self.reopen
        self.window.show()

    def reopen(self, action) -> bool:
        """Close the window and the file, run `action`, then open both again."""
        from .domain.errors import AppError
        from .ui import dialogs

        old = self.window
        old.hide()
        old.deleteLater()
        self.ws.close()
        ok = True
        try:
            action()
        except AppError as exc:
            dialogs.error(None, exc.message)
            ok = False
        if not self.open():
            return False
        self.show()
        return ok


def _set_aside(path: str) -> None:
    """Keep a damaged file under another name instead of overwriting it."""
    from datetime import datetime
    from pathlib import Path

    p = Path(path)
    if p.exists():
        os.replace(p, p.with_name(f"{p.stem}-hong-{datetime.now().strftime('%Y%m%d-%H%M%S')}{p.suffix}"))
        for suffix in ("-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)


def install_exception_hook() -> None:
    """An unexpected error shows a Vietnamese dialog with copyable details instead of closing the program."""
    from .ui.error_dialog import show_unexpected_error

    from .logs import setup_logging

    log = setup_logging()

    def hook(exc_type, exc, tb):
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", details)
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        from .storage.database import explain_storage_error

        plain = explain_storage_error(exc)
        try:
            if plain is not None:
                from .ui.error_dialog import show_storage_error

                show_storage_error(plain, details)
                return
            show_unexpected_error(details)
        except Exception:  # noqa: BLE001 - never let the hook itself crash the program
            pass

    sys.excepthook = hook
