"""The class page driven as a user would: type, Enter, field errors, learners, search, delete and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.classes import ClassFilter
from khuyenhoc_desktop.ui.pages.classes_page import ClassesPage
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, ClassesPage(ws), 1300, 800)


def type_class(qtbot, form, name="Kỹ thuật trồng lúa chất lượng cao", field="Nông nghiệp",
               start="05/03/2025", end="07/03/2025", learners="40", women="25"):
    form.w["name"].clear()
    type_text(form.w["name"], name)
    form.w["field"].setEditText(field)
    for key, value in (("start_date", start), ("end_date", end), ("sessions", "3"), ("learners", learners),
                       ("women", women)):
        form.w[key].clear()
        qtbot.keyClicks(form.w[key], value)
    form.w["venue"].setEditText("Nhà văn hóa thôn Đồng Quan")


def test_typing_and_enter_saves(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form)
    qtbot.keyClick(form.w["women"], Qt.Key.Key_Return)
    assert "Đã lưu" in form.status_line.text()
    assert ws.classes.count_and_totals(ClassFilter()) == (1, 40)
    record = ws.classes.get(page.model.uuid_at(0))
    assert record.school_year == "2024-2025" and record.year == 2025 and record.women == 25
    assert "1 lớp" in page.footer.text() and "40 lượt người học" in page.footer.text()
    assert form.current is None and form.w["name"].text() == ""


def test_errors_are_shown_at_the_fields(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form, start="10/03/2025", end="01/03/2025", learners="20", women="30")
    qtbot.keyClick(form.w["name"], Qt.Key.Key_Return)
    assert "trước ngày bắt đầu" in form.grid.error_text("end_date")
    assert "nhiều hơn tổng số học viên" in form.grid.error_text("women")
    assert ws.classes.count_and_totals(ClassFilter())[0] == 0
    form.w["end_date"].setText("31/02/2025")
    form.save()
    assert "không hợp lệ" in form.grid.error_text("end_date")


def test_learners_are_saved_with_the_class(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form, learners="2", women="1")
    form.add_learner_row("Nguyễn Thị Hoa", 1980, "Đồng Quan", focus=False)
    form.add_learner_row("Trần Văn Nam", 1975, "Tân Mỹ", focus=False)
    form.add_learner_row("Xóa Đi", 1990, "", focus=False)
    form.learners.selectRow(2)
    assert form.remove_selected_learners() == 1
    uuid = form.save()
    assert uuid
    assert [l.full_name for l in ws.classes.learners(uuid)] == ["Nguyễn Thị Hoa", "Trần Văn Nam"]
    page.table.selectRow(0)
    assert form.learners.rowCount() == 2
    form.learners.selectRow(0)
    form.remove_selected_learners()
    form.save()
    assert len(ws.classes.learners(uuid)) == 1


def test_search_ignores_diacritics_and_filters(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form, name="Chăn nuôi gà an toàn", field="Nông nghiệp")
    form.save()
    type_class(qtbot, form, name="Phổ biến Luật Đất đai", field="Pháp luật", start="05/03/2024", end="")
    form.save()
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.search, "nong nghiep")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_tuple(0)[2] == "Chăn nuôi gà an toàn"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    page.set_filter_value(page.year_filter, "2024")
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[3] == "Pháp luật"


def test_delete_with_undo(page, qtbot, ws):
    type_class(qtbot, page.form)
    page.form.save()
    page.table.selectRow(0)
    assert page.delete_selected(confirm=False) == 1
    assert page.model.rowCount() == 0 and "0 lớp" in page.footer.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 1


def test_list_model_passes_qt_model_tester(page, qtmodeltester, qtbot):
    type_class(qtbot, page.form)
    page.form.save()
    qtmodeltester.check(page.model)


def test_blank_learner_rows_are_not_counted(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form, learners="3", women="1")
    form.add_learner_row("Nguyễn Thị Hoa", 1980, "Đồng Quan", focus=False)
    form.add_learner_row(focus=False)  # left blank
    form.add_learner_row(focus=False)
    assert form.learner_count.text() == "1 người có tên"
    form.learners.item(1, 0).setText("Trần Văn Sơn")
    assert form.learner_count.text() == "2 người có tên"
    assert form.save() is not None
    saved = ws.classes.get(ws.classes.uuids(ClassFilter())[0])
    assert [l.full_name for l in ws.classes.learners(saved.uuid)] == ["Nguyễn Thị Hoa", "Trần Văn Sơn"]


def test_escape_asks_before_dropping_a_changed_class_form(page, qtbot, ws):
    form = page.form
    type_class(qtbot, form)
    asked = []
    form.confirm_discard = lambda: asked.append(1) or False
    qtbot.keyClick(form.w["name"], Qt.Key.Key_Escape)
    assert asked == [1] and form.w["name"].text() == "Kỹ thuật trồng lúa chất lượng cao"
    form.confirm_discard = lambda: asked.append(2) or True
    qtbot.keyClick(form.w["name"], Qt.Key.Key_Escape)
    assert asked == [1, 2] and form.w["name"].text() == ""
    qtbot.keyClick(form.w["name"], Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert asked == [1, 2]
