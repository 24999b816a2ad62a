"""Starting the window: Qt application, Vietnamese texts, data file, main window (and --smoke)."""

from __future__ import annotations

import os
import sys
import time


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


# What Qt's xcb platform plugin loads (ldd on libqxcb.so and libQt6XcbQpa), with the Debian package of each.
# Without one of them Qt aborts with an English message; the README lists the same packages.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
}


def missing_display_packages(environ=os.environ, platform: str = sys.platform, exists=os.path.exists,
                             loadable=None) -> list[str]:
    """Debian packages Qt's xcb platform needs and this Linux machine lacks ([] elsewhere, or on Wayland).

    A stat of the usual library folders (no import, well under a millisecond); a library not found there
    is then asked of the dynamic loader itself, so an unusual layout is never reported as missing."""
    if not platform.startswith("linux"):
        return []
    qpa = environ.get("QT_QPA_PLATFORM", "")
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY")
    if not (qpa.startswith("xcb") or (not qpa and not wayland)):
        return []
    arch = getattr(sys.implementation, "_multiarch", "")
    folders = [f"/usr/lib/{arch}", f"/lib/{arch}"] if arch else []
    folders += ["/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib"]
    missing = []
    for name, package in XCB_LIBRARIES.items():
        if any(exists(f"{folder}/{name}") for folder in folders):
            continue
        if loadable is None:
            import ctypes

            def loadable(library: str) -> bool:
                try:
                    ctypes.CDLL(library)
                    return True
                except OSError:
                    return False
        if not loadable(name):
            missing.append(package)
    return missing


def display_libraries_message(packages: list[str]) -> str:
    return ("Không mở được cửa sổ chương trình: máy còn thiếu thư viện hệ thống cho giao diện "
            f"({', '.join(packages)}).\nHãy cài bằng lệnh:\n  sudo apt-get install {' '.join(packages)}\n"
            "rồi mở lại chương trình.")


def run_gui(db_path: str | None = None, smoke: bool = False, started: float | None = None) -> int:
    wall_start = process_start_time()
    missing = missing_display_packages()
    if missing:  # Qt would abort with an English message
        print(display_libraries_message(missing), file=sys.stderr)
        return 1
    # The data file is opened before Qt is loaded: once PySide6 is imported it reads the source of every
    # module imported after it (for its `__feature__` switch), which made peewee and the storage and
    # service modules ~15 ms slower to import. Qt is needed only if opening fails (to say so).
    from .config import default_db_path, load_preferences

    path = db_path or str(default_db_path())
    session = GuiSession(path, load_preferences(), smoke)
    failure = session.try_open()

    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from .ui import i18n
    from .ui.main_window import zoomed_point_size

    app = QApplication.instance()
    if app is None:
        # The style named on the command line is made by Qt itself; setStyle() would first make PySide6 build
        # the Python type of QStyle with its many enums (~6 ms before the first frame).
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    else:
        app.setStyle("Fusion")
    app.setApplicationName("Khuyến học Desktop")
    app.setOrganizationName("KhuyenHocDesktop")
    i18n.install(app)
    font = QFont(app.font())
    font.setPointSizeF(zoomed_point_size(session.prefs.get("zoom", 100)))  # the window then has nothing to redo
    app.setFont(font)
    QGuiApplication.setDesktopFileName("khuyenhoc-desktop")
    install_exception_hook(lambda: session.path)

    if failure is not None and not session.recover(failure):
        return 1

    def since_start() -> float:
        return (time.time() - wall_start) * 1000 if wall_start else (time.perf_counter() - (started or 0)) * 1000

    session.show()
    if smoke:
        # Shown = the first frame is painted (the timer runs once the whole frame is done); the jobs the
        # window defers until then (the home page's figures, status counts) are timed as the second figure.
        from PySide6.QtCore import QTimer

        window = session.window
        first_paint: list[float] = []
        window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: first_paint.append(since_start())))
        deadline = time.perf_counter() + 10
        while not first_paint and time.perf_counter() < deadline:
            app.processEvents()
        shown = first_paint[0] if first_paint else since_start()
        while window.deferred_pending() and time.perf_counter() < deadline:
            app.processEvents()
        ready = since_start()
        print(f"Cửa sổ chính đã hiện sau {shown:.0f} ms (trang đầu đủ số liệu sau {ready:.0f} ms)")
        session.window.close_quietly()
        session.ws.close()
        return 0
    session.window.after_first_paint(session.window.first_start_questions)
    session.window.after_first_paint(_log_start)
    session.window.after_first_paint(session.check_in_background)
    try:
        return app.exec()
    finally:
        if session.ws is not None:
            session.ws.close()


class GuiSession:
    """The opened data file and its window; can close both, act on the file, and open them again."""

    def __init__(self, path: str, prefs: dict, smoke: bool = False) -> None:
        self.path = path
        self.password: str | None = None  # of a server store, typed in the window: kept for this session only
        self.prefs = prefs
        self.smoke = smoke
        self.ws = None
        self.window = None

    def open(self) -> bool:
        """Open the file; if that fails, say why (and offer a backup for a damaged file). True when open."""
        failure = self.try_open()
        return failure is None or self.recover(failure)

    def try_open(self):
        """Open the file without any window (Qt is not needed); the error if that failed, else None."""
        from .domain.errors import AppError
        from .services.workspace import Workspace

        try:
            self.ws = Workspace.open(self.path, defer_integrity_check=True, read_only_fallback=True,
                                     password=self.password)
            return None
        except AppError as exc:
            return exc

    def recover(self, exc) -> bool:
        """After `try_open` failed with `exc`: tell the user; a damaged file may be restored from a backup."""
        from .domain.errors import AppError, DamagedDataFileError
        from .services.workspace import Workspace
        from .ui import dialogs

        if self.smoke:
            print(f"Lỗi: {exc.message}", file=sys.stderr)
            return False
        if not isinstance(exc, DamagedDataFileError):
            dialogs.error(None, exc.message, "Không mở được tệp dữ liệu")
            return False
        from .services import backup

        good = backup.newest_good_backup(self.path)
        if good is None:
            dialogs.error(None, exc.message + "\n\nKhông tìm thấy bản sao lưu tự động nào còn tốt.",
                          "Tệp dữ liệu bị hỏng")
            return False
        if not dialogs.ask(None, f"{exc.message}\n\n{good.describe()}\n\nKhôi phục từ bản sao lưu này? "
                                 "Tệp hỏng sẽ được giữ lại để kiểm tra sau.", "Tệp dữ liệu bị hỏng", default_yes=True):
            return False
        try:
            backup.restore(self.path, good.path, aside_as="hong")  # the damaged file and its -wal are kept aside
            self.ws = Workspace.open(self.path)
            return True
        except AppError as again:
            dialogs.error(None, again.message, "Không khôi phục được")
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
        self.window.open_store = self.open_store
        self.window.show()

    def open_store(self, target: str, password: str | None = None) -> bool:
        """Close the window and its file, open the store at `target` (a file or a server) in a new window;
        when that fails, say why and open the one before again."""
        from .domain.errors import AppError
        from .services.workspace import Workspace
        from .ui import dialogs

        try:
            ws = Workspace.open(target, defer_integrity_check=True, read_only_fallback=True, password=password)
        except AppError as exc:
            dialogs.error(self.window, exc.message, "Không mở được kho dữ liệu")
            return False
        old = self.window
        old.close_quietly()
        old.deleteLater()
        self.ws.close()
        self.ws, self.path, self.password = ws, target, password
        self.show()
        return True

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


def _log_start() -> None:
    from . import __version__
    from .logs import setup_logging

    setup_logging().info("Khuyến học Desktop %s started", __version__)


def install_exception_hook(data_path=lambda: None) -> None:
    """An unexpected error shows a Vietnamese dialog with copyable details instead of closing the program.

    `data_path()` is the open data file's path: only that file going missing is explained as a pulled drive.
    The dialog's module loads with the first error, not before the window's first frame."""

    def hook(exc_type, exc, tb):
        import traceback

        from .logs import setup_logging

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        setup_logging().error("unexpected error\n%s", details)
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        from .storage.database import explain_storage_error

        plain = explain_storage_error(exc, data_path())
        try:
            from .ui.error_dialog import show_storage_error, show_unexpected_error

            if plain is not None:
                show_storage_error(plain, details)
                return
            show_unexpected_error(details)
        except Exception:  # noqa: BLE001 - never let the hook itself crash the program
            pass

    sys.excepthook = hook
