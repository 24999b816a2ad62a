"""The main window: navigation on the left, one page per record kind, menus, zoom and status bar."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..config import save_preferences
from ..domain.errors import AppError
from . import window_geometry
from .fonts import BASE_POINT_SIZE, rescale

NAV_WIDTH = 220  # the navigation list's width at 100 %
ZOOM_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)


def clamp_zoom(value) -> int:
    """A zoom percent within ZOOM_STEPS' range; 100 for anything unreadable (a hand-edited preferences file)."""
    try:
        percent = int(value)
    except (TypeError, ValueError):
        percent = 100
    return max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], percent))


def zoomed_point_size(value) -> float:
    return BASE_POINT_SIZE * clamp_zoom(value) / 100


def _rect(r) -> tuple[int, int, int, int]:
    return r.x(), r.y(), r.width(), r.height()


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str
    roles: tuple[str, ...] = ("commune",)


class _LazyDialogs:
    """`ui.dialogs`, imported when the first dialog is needed (QMessageBox and friends cost start-up time)."""

    def __getattr__(self, name):
        return getattr(importlib.import_module(f"{__package__}.dialogs"), name)


dialogs = _LazyDialogs()

# Pages in navigation order. A page whose module is not part of this build is left out of the list.
PAGES = [
    PageSpec("dashboard", "Tổng quan", "dashboard_page", "DashboardPage"),
    PageSpec("awards", "Khen thưởng", "awards_page", "AwardsPage"),
    PageSpec("members", "Hội viên", "members_page", "MembersPage"),
    PageSpec("learning", "Xã hội học tập", "learning_page", "LearningPage"),
    PageSpec("classes", "Lớp học cộng đồng", "classes_page", "ClassesPage"),
    PageSpec("fund", "Quỹ khuyến học", "fund_page", "FundPage"),
    PageSpec("meetings", "Cuộc họp, biên bản", "meetings_page", "MeetingsPage"),
    PageSpec("printing", "In ấn", "print_page", "PrintPage"),
    PageSpec("excel", "Nhập từ Excel", "excel_page", "ExcelPage"),
    PageSpec("reports", "Báo cáo", "reports_page", "ReportsPage"),
    PageSpec("sync", "Gửi dữ liệu lên tỉnh", "sync_page", "SyncPage"),
    PageSpec("province", "Tổng hợp của tỉnh", "province_page", "ProvincePage", ("province",)),
    PageSpec("national", "Tổng hợp toàn quốc", "national_page", "NationalPage", ("national",)),
    PageSpec("catalogs", "Danh mục", "catalogs_page", "CatalogsPage"),
]

# Functions other parts register to run before the window closes; returning False keeps it open.
CLOSE_CHECKS: list[Callable[["MainWindow"], bool]] = []
# Functions returning extra status-bar text (e.g. the number of changes not yet sent).
STATUS_PROVIDERS: list[Callable[["MainWindow"], str]] = []


def _sync_hook(name: str):
    # Imported only when a hook first runs (fast start-up); a small module, not the sync page.
    return lambda window: getattr(importlib.import_module(f"{__package__}.sync_status"), name)(window)


STATUS_PROVIDERS.append(_sync_hook("unsent_status"))
CLOSE_CHECKS.append(_sync_hook("confirm_unsent_on_close"))


def available_pages(role: str) -> list[PageSpec]:
    # find_spec only looks for the file: pages are imported when first shown, which keeps start-up fast.
    return [
        spec for spec in PAGES
        if role in spec.roles and importlib.util.find_spec(f"{__package__}.pages.{spec.module}") is not None
    ]


class MainWindow(QMainWindow):
    data_changed = Signal()
    first_painted = Signal()

    def __init__(self, ws, prefs: dict | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.prefs = prefs if prefs is not None else {"zoom": 100}
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []  # run after the first paint
        self._deferred_left = 0  # of those, scheduled but not run yet
        self.setWindowTitle(f"{APP_NAME} — {ws.organisation.committee_name or ws.datafile.path.name}")
        self._normal_rect: tuple[int, int, int, int] | None = None
        self._start_maximized = self._place_window()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(
            "QListWidget { background: #f3f6fa; border: none; }"
            "QListWidget::item { padding: 9px 10px; }"
            "QListWidget::item:selected { background: #1f5fa8; color: white; }"
        )
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.specs = available_pages(ws.datafile.role)
        # row i is self.specs[i]; plain texts, so PySide6 need not make QListWidgetItem's Python type
        self.nav.addItems([spec.title for spec in self.specs])
        for _spec in self.specs:
            self.stack.addWidget(QWidget())  # real page built on first visit (fast start-up)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        if len(self.specs) == 1:
            # One page (the national hub): no list to choose from; its name goes to the title bar, and the
            # figures get the list's width (nine columns at 125 % on a 1024 px screen).
            self.nav.hide()
            self.setWindowTitle(f"{self.specs[0].title} — {self.windowTitle()}")
        if ws.datafile.report.read_only_reason:
            self._show_read_only_banner(ws.datafile.report.read_only_reason)

        self.file_label = QLabel()
        self.extra_label = QLabel()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.extra_label)
        self._build_menus()
        self.nav.currentRowChanged.connect(self._show_row)
        start = next((i for i, s in enumerate(self.specs) if s.key == "dashboard"), None)
        if start is None:
            start = next((i for i, s in enumerate(self.specs) if s.key in ("awards", "province", "national")), 0)
        self.nav.setCurrentRow(start)
        self.apply_zoom(self.prefs.get("zoom", 100), announce=False)
        self.refresh_status(providers=False)
        self.after_first_paint(self.refresh_status)  # counts such as unsent changes
        # Set by the application: closes this window, runs an action on the closed file, opens it again.
        self.reopen: Callable[[Callable[[], object]], bool] | None = None
        # Set by the application: closes this window and its store, opens the store at (address, password).
        self.open_store: Callable[[str, str | None], bool] | None = None
        # A copy at most once a day while working (and one on close).
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)
        self._backup_timer.timeout.connect(lambda: self._backup_quietly(force=False))
        self._backup_timer.start()

    def _show_read_only_banner(self, text: str) -> None:
        """A band above the pages, for a file opened to be looked at only (it stays for the whole session)."""
        from PySide6.QtWidgets import QVBoxLayout

        pages = self.takeCentralWidget()
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        label = QLabel(text)
        label.setObjectName("read_only_banner")
        label.setWordWrap(True)
        label.setStyleSheet("QLabel { background: #fff4ce; color: #5c4400; padding: 6px 10px;"
                            " border-bottom: 1px solid #e0c36a; }")
        column.addWidget(label)
        column.addWidget(pages, 1)
        self.setCentralWidget(container)
        self.read_only_banner = label

    # -- work that waits for the window to appear ---------------------------------------
    def after_first_paint(self, fn: Callable[[], object]) -> None:
        """Run `fn` once the window has been painted for the first time (on the next turn of the event
        loop if it already has been).

        Work that can wait (the home page's figures, the status-bar counts) goes here, so the window
        appears first on a slow PC; a timer would not do, as it can fire before the first paint."""
        if self._painted:
            self._deferred_left += 1
            QTimer.singleShot(0, self, lambda: self._run_deferred(fn))
        else:
            self._after_paint.append(fn)

    def deferred_pending(self) -> int:
        """How many jobs given to `after_first_paint` have not run yet."""
        return len(self._after_paint) + self._deferred_left

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self._painted:
            return
        self._painted = True
        self.first_painted.emit()
        jobs, self._after_paint = self._after_paint, []
        for fn in jobs:  # each on its own turn of the event loop, so clicks and keys get in between
            self.after_first_paint(fn)

    def _run_deferred(self, fn: Callable[[], object]) -> None:
        self._deferred_left -= 1
        fn()

    # -- pages ------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use."""
        if key in self.pages:
            return self.pages[key]
        index = next(i for i, s in enumerate(self.specs) if s.key == key)
        spec = self.specs[index]
        module = importlib.import_module(f"{__package__}.pages.{spec.module}")
        widget = getattr(module, spec.cls)(self.ws, self)
        if hasattr(widget, "changed"):
            widget.changed.connect(self._page_changed)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[key] = widget
        self._restore_splitters(widget)
        return widget

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.nav.setCurrentRow(index)
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        fresh = self.specs[row].key not in self.pages
        widget = self.page(self.specs[row].key)
        self.stack.setCurrentIndex(row)
        # A page just built has just read its data; later visits refresh it, and what changed meanwhile.
        if not fresh and hasattr(widget, "on_activated"):
            widget.on_activated()
        if not fresh and hasattr(widget, "refresh_if_stale"):
            widget.refresh_if_stale()

    def _page_changed(self) -> None:
        self.refresh_status()
        self.data_changed.emit()

    # -- writes -----------------------------------------------------------------------
    def run_op(self, call, *, parent: QWidget | None = None, **handlers):
        """Every write of the window: see `ui.operations.run_op` (asks once, shows errors once, publishes)."""
        from .operations import run_op

        return run_op(parent or self, call, **handlers)

    def run_long_op(self, call, label: str, *, parent: QWidget | None = None, **handlers):
        """A long write on a worker thread behind a progress dialog that can stop it (`ui.operations`)."""
        from .operations import run_long_op

        return run_long_op(parent or self, self.ws, call, label, **handlers)

    def apply_changes(self, changes, source: QWidget | None = None) -> None:
        """Give what a write changed to every built page (each refreshes what it shows, or marks itself
        stale while hidden), then the status bar."""
        for page in list(self.pages.values()):
            if hasattr(page, "take_changes"):
                page.take_changes(changes, source=page is source)
        self._page_changed()

    # -- size and place -----------------------------------------------------------------
    def _place_window(self) -> bool:
        """Size and place the window as last time, on a screen that exists and within it (the first
        time: what fits the screen). True if it was maximised. No Qt enum is used (start-up)."""
        screen = QGuiApplication.primaryScreen()
        screens = [_rect(s.availableGeometry()) for s in QGuiApplication.screens()]
        primary = _rect(screen.availableGeometry()) if screen is not None else (0, 0, *window_geometry.DEFAULT_SIZE)
        saved = self.prefs.get("window") if isinstance(self.prefs.get("window"), dict) else {}
        x, y, width, height = window_geometry.place(saved.get("rect"), screens or [primary], primary)
        # move() places the frame, as pos() reports it: setGeometry() would drift by the frame each start.
        self.resize(width, height)
        self.move(x, y)
        self._normal_rect = (x, y, width, height)  # kept if the window opens maximised and stays so
        return bool(saved.get("maximized"))

    def moveEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().moveEvent(event)
        self._remember_normal_rect()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._remember_normal_rect()

    def _remember_normal_rect(self) -> None:
        # The size and place to come back to after a maximised session: normalGeometry() is not
        # reliable under every window manager (it came back 20 px off under openbox). While a window is
        # being maximised, X11 can report the screen-sized geometry before the maximised state: a window
        # as large as the screen is not taken for the normal one.
        if self.isMaximized() or self.isMinimized() or self.isFullScreen():
            return
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            if self.width() >= area.width() - 8 and self.height() >= area.height() - 60:
                return
        self._normal_rect = (self.x(), self.y(), self.width(), self.height())

    def show(self) -> None:
        # showMaximized() rather than setWindowState(Qt.WindowState…): no Qt enum before the first frame.
        if self._start_maximized:
            self.showMaximized()
        else:
            super().show()

    def save_geometry(self) -> None:
        """Remember the window's size, place, maximised state and every page's splitters."""
        maximized = self.isMaximized()
        rect = self._normal_rect if maximized and self._normal_rect else [self.x(), self.y(), self.width(), self.height()]
        self.prefs["window"] = {"rect": list(rect), "maximized": maximized}
        states = dict(self.prefs.get("splitters") or {})
        for page in self.pages.values():
            for splitter in page.findChildren(QSplitter):
                if splitter.objectName():
                    states[splitter.objectName()] = bytes(splitter.saveState().toBase64()).decode("ascii")
        self.prefs["splitters"] = states
        save_preferences(self.prefs)

    def _restore_splitters(self, page: QWidget) -> None:
        states = self.prefs.get("splitters") or {}
        for splitter in page.findChildren(QSplitter):
            state = states.get(splitter.objectName()) if splitter.objectName() else None
            if isinstance(state, str):
                # imported here: making its Python type costs a few ms, and the home page has no splitter
                from PySide6.QtCore import QByteArray

                splitter.restoreState(QByteArray.fromBase64(state.encode("ascii")))

    # -- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        # Mnemonics are plain Latin letters (Alt+Ơ cannot be typed) and never repeat within one menu bar or
        # menu; `tests/ui/test_main_window.py` checks both, and that every shortcut is in `ui.shortcuts`.
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        on_server = getattr(self.ws.datafile, "address", None) is not None
        if not on_server:  # a server store is backed up on the server (pg_dump, README)
            self._action(file_menu, "&Sao lưu ra USB / thư mục khác…", self.backup_to_folder)
            self._action(file_menu, "&Khôi phục từ bản sao lưu…", self.restore_from_backup)
        commune = self.ws.datafile.role == "commune"
        file_menu.addSeparator()
        self._action(file_menu, "&Mở kho dữ liệu tỉnh trên máy chủ…", self.open_server_store)
        if self.ws.datafile.role == "province":  # the province's keys on another staff PC (ui/province_keys.py)
            self._action(file_menu, "&Chia sẻ khóa của tỉnh cho máy khác…", self.share_province_keys)
            self._action(file_menu, "&Nhận khóa của tỉnh từ máy khác…", self.accept_province_keys)
        file_menu.addSeparator()
        if commune:  # demo data and the committee profile belong to a commune's file, not the province's
            self._action(file_menu, "Tạo &dữ liệu mẫu để làm quen…", self.make_demo)
            self._action(file_menu, "&Hợp nhất dữ liệu các xã cũ…", self.merge_old_communes)
            file_menu.addSeparator()
        self._action(file_menu, "&Thoát", self.close, QKeySequence("Ctrl+Q"))
        system = bar.addMenu("&Hệ thống")
        if commune:
            self._action(system, "Thông tin &hội…", self.edit_profile)
        self._action(system, "&Người nhập liệu…", self.edit_operator)
        view = bar.addMenu("&Xem")
        self._action(view, "Chữ &to hơn", lambda: self.zoom_step(1), QKeySequence("Ctrl++"))
        self._action(view, "Chữ &nhỏ hơn", lambda: self.zoom_step(-1), QKeySequence("Ctrl+-"))
        self._action(view, "&Cỡ chữ mặc định", lambda: self.apply_zoom(100), QKeySequence("Ctrl+0"))
        self.menus = {"file": file_menu, "system": system, "view": view}
        help_menu = bar.addMenu("Trợ &giúp")
        self._action(help_menu, "&Hướng dẫn sử dụng", self.show_guide, QKeySequence("F1"))
        self._action(help_menu, "&Phím tắt", lambda: self.show_guide("phim-tat"))
        help_menu.addSeparator()
        self._action(help_menu, "&Giới thiệu", self.about)
        self.menus["help"] = help_menu

    def show_guide(self, anchor: str | None = None):
        """The user guide beside the window (not modal: it can stay open while working)."""
        from .guide import GuideDialog

        guide = getattr(self, "_guide", None)
        if guide is None:
            guide = self._guide = GuideDialog(self)
        guide.show()
        guide.raise_()
        if anchor:
            guide.go_to(anchor)
        return guide

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # setShortcuts([...]), unlike setShortcut(...), does not make PySide6 build every Qt enum
            # (~20 ms) while the window is being built; see `after_first_paint`.
            action.setShortcuts([shortcut])
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- zoom -------------------------------------------------------------------------
    def apply_zoom(self, percent: int, announce: bool = True) -> None:
        percent = clamp_zoom(percent)
        size = zoomed_point_size(percent)
        old = QApplication.font().pointSizeF()
        if old != size:  # at start-up the application has it already
            font = QFont(QApplication.font())
            font.setPointSizeF(size)
            QApplication.setFont(font)
            rescale(self, size / old)  # larger titles and figures stay larger
        self._fit_navigation()
        if self.prefs.get("zoom") != percent:
            self.prefs["zoom"] = percent
            save_preferences(self.prefs)
        if announce:
            self.statusBar().showMessage(f"Cỡ chữ {percent} %", 2000)

    def _fit_navigation(self) -> None:
        """Wide enough for the longest page name at the current text size (no cut names, no scroll bar)."""
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(s.title) for s in self.specs), default=0)
        self.nav.setFixedWidth(max(NAV_WIDTH, widest + 48))  # item padding, frame and a scroll bar's room

    def zoom_step(self, step: int) -> None:
        current = self.prefs.get("zoom", 100)
        index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - current))
        self.apply_zoom(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, index + step))])

    # -- status -----------------------------------------------------------------------
    def refresh_status(self, providers: bool = True) -> None:
        operator = self.ws.operator or "chưa đặt tên người nhập"
        # The name only (a full path pushed the operator's name out of a narrow status bar); the full path
        # is in the tooltip and in Trợ giúp → Giới thiệu.
        path = self.ws.datafile.path
        self.file_label.setText(f"Người nhập: {operator}   •   Tệp dữ liệu: {path.name}")
        self.file_label.setToolTip(f"Tệp dữ liệu: {path}")
        if providers:
            self.extra_label.setText("   ".join(t for t in (p(self) for p in STATUS_PROVIDERS) if t))

    # -- dialogs ----------------------------------------------------------------------
    def first_start_questions(self) -> None:
        """Profile on first start, then an offer of demo data for an empty file."""
        from .forms.organisation_form import OrganisationDialog

        for warning in self.ws.datafile.report.warnings:
            dialogs.warning(self, warning)
        if self.ws.datafile.report.backup_path:
            self.statusBar().showMessage(
                f"Đã nâng cấp tệp dữ liệu; bản sao trước khi nâng cấp: {self.ws.datafile.report.backup_path}", 15000
            )
        if self.ws.datafile.read_only:
            return  # nothing can be saved: no profile or demo questions
        if self.ws.datafile.role == "commune" and not self.ws.profile.is_set_up():
            if OrganisationDialog(self.ws, self, first_start=True).exec():
                self._after_profile()
            from ..domain.awards import AwardFilter

            empty = self.ws.awards.count_and_total(AwardFilter())[0] == 0
            if empty and dialogs.ask(self, "Tệp dữ liệu đang trống. Tạo dữ liệu mẫu để làm quen với chương trình?\n"
                                           "(Nên dùng một tệp riêng cho dữ liệu thật.)", "Dữ liệu mẫu"):
                self.make_demo(confirm=False)
        elif self.ws.datafile.role == "commune":
            self._unit_reminder()

    def _unit_reminder(self) -> None:
        """A profile from before the official list (schema 20) waits for the user's confirmation on the
        profile form's banner; say so here, without a dialog in the way of the day's work."""
        match = self.ws.profile.unit_to_confirm()
        if match is not None and not match.exact:
            self.statusBar().showMessage(
                "Cần xác nhận xã/phường và mã theo danh sách đơn vị hành chính từ ngày 01/07/2025: "
                "mở Hệ thống → Thông tin hội.", 60000)

    def edit_profile(self) -> None:
        from .forms.organisation_form import OrganisationDialog

        if OrganisationDialog(self.ws, self).exec():
            self._after_profile()

    def _after_profile(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.ws.organisation.committee_name}")
        self.refresh_status()
        for page in self.pages.values():
            if hasattr(page, "take_changes"):
                page.take_changes(page.everything())
            if hasattr(page, "on_activated"):
                page.on_activated()

    def edit_operator(self) -> None:
        name = dialogs.ask_text(self, "Tên người nhập liệu trên máy này (ghi vào nhật ký sửa đổi):",
                                "Người nhập liệu", self.ws.operator)
        if name is not None:
            self.ws.set_operator(name)
            self.refresh_status()

    def open_server_store(self, values: dict | None = None) -> bool:
        """Tệp → Mở kho dữ liệu tỉnh trên máy chủ…: this window then works on the province store on a
        PostgreSQL server (`values`: host, port, dbname, user, password; asked when None)."""
        if values is None:
            values = dialogs.ask_server(self, self.prefs.get("server_store", {}) or {})
            if values is None:
                return False
        url = f"postgresql://{values['user']}@{values['host']}:{values['port']}/{values['dbname']}"
        self.prefs["server_store"] = {k: values[k] for k in ("host", "port", "dbname", "user")}  # never the password
        save_preferences(self.prefs)
        if self.open_store is None:
            return False
        return self.open_store(url, values.get("password"))

    def share_province_keys(self, path: str | None = None, passphrase: str | None = None):
        from .province_keys import share_keys

        return share_keys(self, self.ws, path, passphrase)

    def accept_province_keys(self, path: str | None = None, passphrase: str | None = None):
        from .province_keys import accept_keys

        return accept_keys(self, self.ws, path, passphrase)

    def make_demo(self, confirm: bool = True, awards: int = 300):
        from ..services import demo

        if confirm and not dialogs.ask(self, f"Thêm {awards} bản ghi khen thưởng mẫu (cùng lớp học, phiếu thu chi, "
                                             "cuộc họp mẫu) vào tệp dữ liệu này?", "Dữ liệu mẫu"):
            return
        def filled(_result) -> None:
            self._after_profile()
            self.data_changed.emit()

        return self.run_long_op(lambda progress: demo.fill(self.ws, awards=awards, progress=progress),
                                f"Đang tạo {awards} bản ghi mẫu…", on_done=filled,
                                on_cancelled=lambda: self.statusBar().showMessage("Đã dừng; chưa tạo dữ liệu mẫu.",
                                                                                  5000))

    def merge_old_communes(self):
        """Tệp → Hợp nhất dữ liệu các xã cũ… (ui/forms/merge_dialog.py)."""
        from .forms.merge_dialog import open_merge_dialog

        self._merge_dialog = open_merge_dialog(self)
        return self._merge_dialog

    def about(self) -> None:
        from ..logs import log_path

        dialogs.info(self, f"{APP_NAME} {__version__}\nPhần mềm cho Hội Khuyến học xã: khen thưởng, lớp học cộng đồng, "
                           "quỹ khuyến học, in giấy khen, biên bản và gửi dữ liệu lên tỉnh.\n\n"
                           f"Tệp dữ liệu: {self.ws.datafile.path}\nNhật ký: {log_path()}\n\n"
                           "Cách dùng: Trợ giúp → Hướng dẫn sử dụng (phím F1).", "Giới thiệu")

    # -- backups ----------------------------------------------------------------------
    def backup_to_folder(self, folder: str | None = None, passphrase: str | None = None) -> str | None:
        from ..services import backup

        folder = folder or dialogs.choose_folder(self, "Chọn thư mục (ổ USB) để lưu bản sao")
        if not folder:
            return None
        if passphrase is None:
            passphrase = dialogs.ask_new_password(
                self, "Đặt mật khẩu cho bản sao lưu (ít nhất 6 ký tự), gõ hai lần.\nBản sao có thông tin cá nhân của "
                      "học sinh và khóa ký của xã, nên được mã hóa. Hãy ghi nhớ mật khẩu này: mất mật khẩu là không "
                      "mở được bản sao.", "Mật khẩu bản sao lưu")
        if not passphrase:
            return None
        try:
            path = backup.export_backup(self.ws, folder, passphrase)
        except AppError as exc:
            dialogs.error(self, exc.message, "Không sao lưu được")
            return None
        dialogs.info(self, f"Đã sao lưu vào:\n{path}", "Sao lưu")
        return str(path)

    def restore_from_backup(self, path: str | None = None, passphrase: str | None = None, confirm: bool = True,
                            accept_other_owner: bool = False) -> bool:
        """Replace the data file with a backup. Without `confirm` nothing is asked, and a backup of another
        commune (or of a province file) is refused unless `accept_other_owner`."""
        from ..services import backup

        path = path or dialogs.open_file(self, "Chọn bản sao lưu", "Bản sao lưu (*.khbak *.db);;Tất cả (*)",
                                         str(backup.auto_folder(self.ws.datafile)))
        if not path:
            return False
        try:
            info = backup.inspect_backup(path)
        except AppError as exc:
            dialogs.error(self, exc.message, "Không đọc được bản sao lưu")
            return False
        warning = backup.other_owner_warning(backup.workspace_identity(self.ws), info.identity)
        if warning and not accept_other_owner:
            if not confirm or not dialogs.ask(self, warning + "\n\nVẫn khôi phục bản sao lưu này?",
                                              "Bản sao lưu của nơi khác"):
                return False
            accept_other_owner = True
        if confirm and not dialogs.ask(self, info.describe() + "\n\nThay dữ liệu hiện tại bằng bản sao lưu này? "
                                             "Tệp hiện tại sẽ được lưu lại trước.", "Khôi phục"):
            return False
        if info.encrypted and passphrase is None:
            passphrase = dialogs.ask_password(self, "Mật khẩu của bản sao lưu:")
            if not passphrase:
                return False
        if self.reopen is None:
            return False
        db_path = self.ws.datafile.path

        def action() -> None:
            try:
                saved = backup.restore(db_path, path, passphrase, accept_other_owner=accept_other_owner)
            except backup.OtherOwnerError as exc:
                # An older .khbak names its owner only inside, so this is known after decrypting.
                if not (confirm and dialogs.ask(None, exc.message + "\n\nVẫn khôi phục bản sao lưu này?",
                                                "Bản sao lưu của nơi khác")):
                    raise
                saved = backup.restore(db_path, path, passphrase, accept_other_owner=True)
            if confirm and saved:
                dialogs.info(None, f"Đã khôi phục. Dữ liệu trước khi khôi phục được cất nguyên vẹn tại:\n{saved}",
                             "Khôi phục")

        return self.reopen(action)

    def close_quietly(self) -> None:
        """Close without questions or the closing backup (--smoke, reopening after a restore)."""
        self._quiet = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        operations = sys.modules.get(f"{__package__}.operations")
        if operations is not None:  # a long operation may be running: stop it (it rolls back) first
            operations.stop_running()
        if getattr(self, "_quiet", False):
            event.accept()
            return
        for check in CLOSE_CHECKS:
            if not check(self):
                event.ignore()
                return
        self.save_geometry()
        self._backup_quietly()
        event.accept()

    def _backup_quietly(self, force: bool = True) -> None:
        from ..services import backup

        try:
            backup.auto_backup(self.ws, force=force)
        except AppError as exc:
            self.statusBar().showMessage(exc.message, 10000)
