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
    def since_start() -> float:
        return (time.time() - wall_start) * 1000 if wall_start else (time.perf_counter() - (started or 0)) * 1000

    first_paint: list[float] = []
    if smoke:
        from PySide6.QtCore import QEvent, QObject

        class PaintWatch(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt API
                if event.type() == QEvent.Type.Paint and not first_paint:
                    first_paint.append(since_start())
                return False

        watch = PaintWatch()
        app.installEventFilter(watch)
    session.show()
    if smoke:
        deadline = time.perf_counter() + 10
        while not first_paint and time.perf_counter() < deadline:
            app.processEvents()
        shown = first_paint[0] if first_paint else since_start()
        app.removeEventFilter(watch)
        # The work deferred until after the first paint (the home page's figures) runs on 30–50 ms timers.
        done: list[float] = []
        QTimer.singleShot(60, lambda: done.append(since_start()))
        while not done and time.perf_counter() < deadline:
            app.processEvents()
        ready = done[0] if done else since_start()
        print(f"Cửa sổ chính đã hiện sau {shown:.0f} ms (trang đầu đủ số liệu sau {ready:.0f} ms)")
        session.window.close_quietly()
        session.ws.close()
        return 0
    QTimer.singleShot(0, session.window.first_start_questions)
    QTimer.singleShot(100, _log_start)
    QTimer.singleShot(200, session.check_in_background)
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
        from .services.workspace import Workspace
        from .ui import dialogs

        try:
            self.ws = Workspace.open(self.path, defer_integrity_check=True)
            return True
        except DamagedDataFileError as exc:
            from .services import backup

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

    def check_in_background(self) -> None:
        """The integrity check skipped at start-up (clean last close) runs here without blocking the window."""
        import threading

        from PySide6.QtCore import QTimer

        if self.ws is None or self.ws.datafile.report.integrity != "deferred":
            return
        from .storage.database import background_check

        result: list[str] = []
        thread = threading.Thread(target=lambda: result.append(background_check(self.ws.datafile.path)), daemon=True)
        thread.start()
        timer = QTimer(self.window)

        def poll() -> None:
            if thread.is_alive():
                return
            timer.stop()
            outcome = result[0] if result else "không rõ"
            self.ws.datafile.report.integrity = outcome
            if outcome != "ok":
                from .ui import dialogs

                dialogs.warning(self.window, "Kiểm tra tệp dữ liệu phát hiện lỗi: " + outcome[:300] +
                                "\nHãy sao lưu ra USB ngay, rồi dùng Tệp → Khôi phục từ bản sao lưu gần nhất.")

        timer.timeout.connect(poll)
        timer.start(200)

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
        old.close_quietly()
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


def _log_start() -> None:
    from . import __version__
    from .logs import setup_logging

    setup_logging().info("Khuyến học Desktop %s started", __version__)


def install_exception_hook() -> None:
    """An unexpected error shows a Vietnamese dialog with copyable details instead of closing the program."""
    from .ui.error_dialog import show_unexpected_error

    def hook(exc_type, exc, tb):
        from .logs import setup_logging

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        setup_logging().error("unexpected error\n%s", details)
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
