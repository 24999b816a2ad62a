"""Every page fits the screens committee offices have: 1024×700 at 100 % text size and
1280×680 at 125 %, after visiting every page with demo data, long Vietnamese catalogue names and a loaded
Excel workbook; the buttons people must reach are on screen at those sizes."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

from khuyenhoc_desktop.services import demo
from tests.clock_helpers import TEST_CLOCK
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui.main_window import MainWindow, zoomed_point_size

pytestmark = pytest.mark.gui

# (zoom, width, height): a 1024×768 screen less the taskbar; a 1366×768 laptop (or 1920×1080 at 150 %
# Windows scaling) at the program's 125 % text size, and at its largest zoom offered for daily use.
SIZES = [(100, 1024, 700), (125, 1280, 680), (150, 1280, 680)]
# A commune's (or the province office's) 1024×768 screen at the program's 125 % text size too.
COMMUNE_SIZES = [*SIZES, (125, 1024, 700)]

LONG_NAMES = {
    "award_category": "Học sinh đạt giải Nhất kỳ thi chọn học sinh giỏi cấp tỉnh các môn văn hóa lớp 9 năm học",
    "school": "Trường Phổ thông Dân tộc Bán trú Tiểu học và Trung học cơ sở xã Nghĩa Hưng Đông",
    "award_level": "Cấp liên xã, cụm xã theo quyết định của Ủy ban nhân dân huyện cũ",
    "meeting_kind": "Hội nghị Ban Chấp hành mở rộng tổng kết công tác khuyến học, khuyến tài",
}


@pytest.fixture
def at_zoom(request):
    """The application font at the zoom's size, as `app.run_gui` sets it before the window is built."""
    app = QApplication.instance()
    old = QFont(app.font())

    def set_zoom(percent: int) -> None:
        font = QFont(old)
        font.setPointSizeF(zoomed_point_size(percent))
        app.setFont(font)

    yield set_zoom
    app.setFont(old)


def long_workbook(path):
    """A workbook as committees send them: title rows, many columns with long headers, long values."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Khen thưởng HSG 2025-2026"
    sheet.append(["DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG NHÂN DỊP TỔNG KẾT NĂM HỌC"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên học sinh được khen thưởng", "Ngày tháng năm sinh", "Lớp", "Trường đang theo học",
                  "Danh hiệu, thành tích đạt được trong năm học", "Mức thưởng (đồng)", "Họ tên cha hoặc mẹ",
                  "Thôn, xóm, tổ dân phố", "Ghi chú của giáo viên chủ nhiệm", "Chữ ký nhận tiền của phụ huynh"])
    for i in range(1, 31):
        sheet.append([i, "Nguyễn Thị Phương Thảo Quỳnh Hương", "05/02/2013", "6A", LONG_NAMES["school"],
                      "Học sinh giỏi", "200.000", "Nguyễn Văn Trường Giang", "Thôn Đông Tiến Thượng", "Tiến bộ rõ rệt", ""])
    wb.save(path)
    return path


def commune_file(tmp_path) -> Workspace:
    ws = Workspace.open(tmp_path / "xã Nghĩa Hưng Đông có tên tệp rất dài.db", clock=TEST_CLOCK)
    demo.fill(ws, awards=300, seed=11)
    for kind, name in LONG_NAMES.items():
        ws.catalogs.add(kind, name)
    return ws


def key_widgets(window: MainWindow, key: str) -> tuple[list[QWidget], list[QWidget]]:
    """The controls of `key`'s page that must be in sight as the page opens, and those a user reaches
    by scrolling a form down (never sideways)."""
    page = window.pages[key]
    if key == "meetings":
        return [page.new_button, page.delete_button, page.export_button], \
            [page.form.save_button, page.form.print_button, *fields(page.form)]
    if key == "excel":
        return [page.import_button, page.choose_button], []
    if key in ("awards", "classes"):
        return [page.new_button], [page.form.save_button, *fields(page.form)]
    if key == "members":
        return [page.new_button, page.print_list_button, page.print_cards_button, page.export_button], \
            [page.form.save_button]
    if key == "learning":
        panel = page.subjects
        return [panel.register_button, panel.score_button, panel.recognise_button, panel.print_button], \
            [panel.form.save_button, *fields(panel.form)]
    if key == "fund":
        return [page.pay_button], [page.form.save_button, *fields(page.form)]
    if key == "reports":
        return [page.pdf_button, page.xlsx_button], []
    if key == "sync":
        return [], [page.export_button, page.print_key_button]
    if key == "province":
        return [page.xlsx_button, page.pdf_button, page.national_button], []
    if key == "national":
        return [page.register_button, page.import_button, page.revoke_button, page.xlsx_button], []
    return [], []


def fields(form: QWidget) -> list[QWidget]:
    """The form's input fields: line edits and combo boxes (a combo's own line edit counts as the combo)."""
    edits = [e for e in form.findChildren(QLineEdit) if not isinstance(e.parentWidget(), QComboBox)]
    return edits + form.findChildren(QComboBox)


def scrolled_to(widget: QWidget) -> QWidget:
    """Scroll the areas around `widget` just enough to show all of it (as tabbing into it does)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            bar = parent.verticalScrollBar()
            top = widget.mapTo(parent.widget(), QPoint(0, 0)).y()
            if top < bar.value():
                bar.setValue(top)
            elif top + widget.height() > bar.value() + parent.viewport().height():
                bar.setValue(top + widget.height() - parent.viewport().height())
        parent = parent.parentWidget()
    return widget


def fully_visible(widget: QWidget) -> bool:
    """The whole widget is drawn: not cut by the window's edge nor by a scroll area's viewport."""
    region = widget.visibleRegion().boundingRect()
    return widget.isVisible() and region.width() >= widget.width() and region.height() >= widget.height()


def across_visible(widget: QWidget) -> bool:
    """No part of the widget is cut off sideways (a form scrolled down may hide it vertically)."""
    window = widget.window()
    left = widget.mapTo(window, widget.rect().topLeft()).x()
    right = widget.mapTo(window, widget.rect().topRight()).x()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        start = parent.mapTo(window, parent.rect().topLeft()).x()
        if left < start or right > start + parent.width() - 1:
            return False
        parent = parent.parentWidget()
    return 0 <= left and right < window.width()


def walk(window: MainWindow, qtbot, tmp_path) -> list[str]:
    keys = [spec.key for spec in window.specs]
    for key in keys:
        page = window.show_page(key)
        if key == "excel":
            assert page.load(str(long_workbook(tmp_path / "danh sách khen thưởng học sinh giỏi toàn xã.xlsx")))
        if key == "awards":
            page.table.selectRow(0)  # a record in the form: its longest values are shown
        if key == "classes" and page.model.rowCount() > 0:
            page.table.selectRow(0)
        if key == "learning":  # a household in the form: its longest values are shown
            page.subjects.table.selectRow(0)
        if key in ("fund", "members", "learning"):  # the member page's tabs: register, units, hội phí, dân số
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                qtbot.wait(1)
            page.tabs.setCurrentIndex(0)  # the page is checked as it opens: on its first tab
        qtbot.wait(1)
    return keys


def check_fits(window: MainWindow, keys, width: int, height: int, qtbot) -> None:
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert hint.width() <= width and hint.height() <= height, f"window needs {hint.width()}×{hint.height()}"
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=3000)
    for key in keys:
        page = window.show_page(key)
        qtbot.wait(1)
        page_hint = page.minimumSizeHint()
        assert page_hint.width() <= window.stack.width(), f"{key}: {page_hint.width()} px wide"
        assert page_hint.height() <= window.stack.height(), f"{key}: {page_hint.height()} px high"
        in_sight, reachable = key_widgets(window, key)
        for widget in in_sight:
            assert fully_visible(widget), f"{key}: “{widget.text()}” is off-screen"
        for widget in reachable:
            if not widget.isVisibleTo(page):
                continue  # e.g. a field the current record kind hides
            assert across_visible(widget), f"{key}: {widget.objectName() or widget.text()} cut off at the side"
            assert fully_visible(scrolled_to(widget)), \
                f"{key}: {widget.objectName() or widget.text()} cannot be scrolled into view"


@pytest.mark.parametrize("zoom,width,height", COMMUNE_SIZES)
def test_every_commune_page_fits(zoom, width, height, tmp_path, qtbot, no_dialogs, at_zoom):
    at_zoom(zoom)
    ws = commune_file(tmp_path)
    try:
        window = MainWindow(ws, {"zoom": zoom})
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        keys = walk(window, qtbot, tmp_path)
        assert {"awards", "classes", "fund", "meetings", "printing", "excel", "reports", "sync", "catalogs",
                "learning"} <= set(keys)
        check_fits(window, keys, width, height, qtbot)
        window.close_quietly()
    finally:
        ws.close()


@pytest.mark.parametrize("zoom,width,height", COMMUNE_SIZES)
def test_every_province_page_fits(zoom, width, height, tmp_path, qtbot, no_dialogs, at_zoom):
    at_zoom(zoom)
    ws = Workspace.open(tmp_path / "tỉnh.db", role="province")
    try:
        window = MainWindow(ws, {"zoom": zoom})
        qtbot.addWidget(window)
        window.show()
        keys = walk(window, qtbot, tmp_path)
        assert "province" in keys
        check_fits(window, keys, width, height, qtbot)
        window.close_quietly()
    finally:
        ws.close()


@pytest.fixture(scope="module")
def national_store(tmp_path_factory):
    """A national store holding two provinces' figures (tests/services/national_helpers.py)."""
    from khuyenhoc_desktop.services.national.export import export_national
    from tests.services.national_helpers import ProvinceFixture, open_national

    folder = tmp_path_factory.mktemp("trung-uong")
    with open_national(folder / "trung-uong.db") as hub:
        for code in ("24", "01"):
            p = ProvinceFixture(folder / f"tinh-{code}", code)
            hub.national.register_province(code, p.name, p.card)
            assert hub.national.import_file(export_national(p.ws, folder / f"{code}.khprov", detail=True).path).ok
            p.close()
    return folder / "trung-uong.db"


@pytest.mark.parametrize("zoom,width,height", COMMUNE_SIZES)
def test_every_national_page_fits(zoom, width, height, national_store, tmp_path, qtbot, no_dialogs, at_zoom):
    at_zoom(zoom)
    ws = Workspace.open(national_store, role="national", clock=TEST_CLOCK)
    try:
        window = MainWindow(ws, {"zoom": zoom})
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
        keys = walk(window, qtbot, tmp_path)
        assert keys == ["national"] and window.pages["national"].by_province.rowCount() == 3
        check_fits(window, keys, width, height, qtbot)
        window.close_quietly()
    finally:
        ws.close()


def test_zooming_in_on_visited_pages_keeps_them_usable(tmp_path, qtbot, no_dialogs, at_zoom):
    # The zoom is also changed while working (Ctrl++): pages already built get larger text and still fit.
    at_zoom(100)
    ws = commune_file(tmp_path)
    try:
        window = MainWindow(ws, {"zoom": 100})
        qtbot.addWidget(window)
        window.show()
        keys = walk(window, qtbot, tmp_path)
        window.apply_zoom(125, announce=False)
        check_fits(window, keys, 1280, 680, qtbot)
        window.close_quietly()
    finally:
        ws.close()


def test_the_learning_list_keeps_its_rows_when_the_form_goes_under_it(tmp_path, qtbot, no_dialogs, at_zoom):
    # 1024×768 at 125 % text: the form goes under the households' list; the list must still show rows and its
    # wrapping rows of buttons must not run into the line under them (both were squeezed to nothing once).
    at_zoom(125)
    ws = commune_file(tmp_path)
    try:
        window = MainWindow(ws, {"zoom": 125})
        qtbot.addWidget(window)
        window.resize(1024, 740)
        window.show()
        page = window.show_page("learning")
        qtbot.wait(50)
        panel = page.subjects
        table = panel.table
        assert table.rowCount() > 4
        assert table.viewport().height() >= 4 * table.verticalHeader().defaultSectionSize()
        last_button = panel.register_button.parentWidget().mapTo(panel, panel.register_button.geometry().bottomLeft())
        status_top = panel.status_line.parentWidget().mapTo(panel, panel.status_line.geometry().topLeft())
        assert last_button.y() < status_top.y()
        window.close_quietly()
    finally:
        ws.close()
