"""The award page driven as a user would: type, Enter, search, sort, delete, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow
from khuyenhoc_desktop.ui.pages.awards_page import AwardsPage
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, AwardsPage(ws), 1300, 800)


def type_award(qtbot, form, name, birth="05/02/2013", amount=None):
    form.w["full_name"].clear()
    type_text(form.w["full_name"], name)
    form.w["birth"].clear()
    qtbot.keyClicks(form.w["birth"], birth)
    form.w["category"].setEditText("Học sinh giỏi")
    form.w["level"].setEditText("Cấp trường")
    if amount is not None:
        form.w["amount"].clear()
        qtbot.keyClicks(form.w["amount"], amount)


def test_typing_and_enter_saves_and_opens_a_fresh_form(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Nguyễn Văn Ân", amount="150000")
    qtbot.keyClick(form.w["amount"], Qt.Key.Key_Return)
    assert ws.awards.count_and_total(AwardFilter()) == (1, 150_000)
    assert form.current is None and form.w["full_name"].text() == ""
    assert "Đã lưu" in form.status_line.text()
    assert page.model.rowCount() == 1
    assert "1 bản ghi" in page.footer.text() and "150.000 đ" in page.footer.text()


def test_amount_is_prefilled_from_the_rate_table(page, qtbot, ws):
    form = page.form
    form.new_record()
    form.w["category"].setEditText("Học sinh giỏi cấp tỉnh")
    form.w["level"].setEditText("Cấp tỉnh")
    form.w["prize"].setEditText("Nhì")
    assert form.w["amount"].text() == "700.000"


def test_repeat_previous_keeps_the_batch_fields(page, qtbot):
    form = page.form
    type_award(qtbot, form, "Lê Thị Hoa")
    form.w["school"].setEditText("Trường THCS Tân Dĩnh")
    form.w["class_name"].setText("8A")
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Return)
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert form.w["school"].currentText() == "Trường THCS Tân Dĩnh"
    assert form.w["class_name"].text() == "8A"
    assert form.w["full_name"].text() == ""


def test_bad_input_is_shown_at_the_field_and_not_saved(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "", birth="31/02/2013", amount="-5")
    qtbot.keyClick(form.w["birth"], Qt.Key.Key_Return)
    assert "không hợp lệ" in form.grid.error_text("birth")
    assert form.grid.error_text("amount")
    form.w["birth"].setText("05/02/2013")
    form.w["amount"].setText("")
    form.save()
    assert "Chưa nhập họ và tên" in form.grid.error_text("full_name")
    form.w["full_name"].setText("Trần Văn Bình")
    form.w["birth"].setText("05/02/2099")
    form.save()
    assert "tương lai" in form.grid.error_text("birth")
    assert ws.awards.count_and_total(AwardFilter())[0] == 0


def test_duplicate_warning_asks_before_saving(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Nguyễn Văn Ân")
    form.save()
    asked = []
    form.confirm = lambda text: asked.append(text) or False
    type_award(qtbot, form, "nguyen van an")
    form.save()
    assert asked and "trùng" in asked[0]
    assert ws.awards.count_and_total(AwardFilter())[0] == 1
    form.confirm = lambda text: True
    form.save()
    assert ws.awards.count_and_total(AwardFilter())[0] == 2


def test_escape_cancels_edits(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Phạm Thị Mai")
    form.save()
    page.table.selectRow(0)
    assert form.current is not None
    form.w["full_name"].setText("Tên sửa dở")
    asked = []
    form.confirm_discard = lambda: asked.append(1) or False  # "Không": keep typing
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Escape)
    assert asked == [1] and form.w["full_name"].text() == "Tên sửa dở"
    form.confirm_discard = lambda: asked.append(2) or True
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Escape)
    assert asked == [1, 2] and form.w["full_name"].text() == "Phạm Thị Mai"


def test_escape_on_an_unchanged_form_does_not_ask(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Phạm Thị Mai")
    form.save()
    page.table.selectRow(0)
    form.confirm_discard = lambda: pytest.fail("asked although nothing changed")
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Escape)
    assert form.current is not None and form.w["full_name"].text() == "Phạm Thị Mai"
    page.new_record()
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Escape)  # an empty new form: nothing to lose
    assert form.current is None


def test_select_edit_save_updates_the_record(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Hoàng Văn Nam", amount="100000")
    form.save()
    page.table.selectRow(0)
    form.w["amount"].setText("300.000")
    form.save()
    award = ws.awards.get(page.model.uuid_at(0))
    assert award.amount == 300_000 and award.version == 2


def test_search_ignores_diacritics_and_sort_changes_order(page, qtbot, ws):
    form = page.form
    for name in ("Nguyễn Văn Ân", "Trần Thị Bích", "Lê Văn An"):
        type_award(qtbot, form, name)
        form.save()
    qtbot.keyClicks(page.search, "nguyen van an")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_tuple(0)[2] == "Nguyễn Văn Ân"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    assert [page.model.row_tuple(i)[2] for i in range(3)] == ["Lê Văn An", "Nguyễn Văn Ân", "Trần Thị Bích"]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [page.model.row_tuple(i)[2] for i in range(3)] == ["Trần Thị Bích", "Nguyễn Văn Ân", "Lê Văn An"]


def test_filters_narrow_the_list(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Đỗ Văn Hùng")
    form.save()
    type_award(qtbot, form, "Đỗ Thị Hạnh")
    form.w["category"].setEditText("Học sinh xuất sắc")
    form.save()
    page.set_filter_value("category", "Học sinh xuất sắc")
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[2] == "Đỗ Thị Hạnh"


def test_delete_with_undo_and_multi_select_approve(page, qtbot, ws):
    form = page.form
    for name in ("Bùi Văn Long", "Bùi Thị Lan", "Bùi Văn Lâm"):
        type_award(qtbot, form, name)
        form.save()
    page.table.selectAll()
    assert page.approve_selected(confirm=False) == 3
    assert ws.awards.count_and_total(AwardFilter(status="approved"))[0] == 3
    page.table.selectRow(0)
    assert page.delete_selected(confirm=False) == 1
    assert page.model.rowCount() == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 3


def test_delete_asks_for_confirmation(page, qtbot, ws, monkeypatch):
    form = page.form
    type_award(qtbot, form, "Vũ Minh Khoa")
    form.save()
    page.table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    assert page.delete_selected() == 0
    assert page.model.rowCount() == 1


def test_list_model_passes_qt_model_tester(page, qtmodeltester, qtbot):
    form = page.form
    for name in ("Ngô Văn Tú", "Ngô Thị Trang"):
        type_award(qtbot, form, name)
        form.save()
    qtmodeltester.check(page.model)


def test_main_window_pages_and_zoom(ws, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Khen thưởng" in titles and "Danh mục" in titles
    for key in [s.key for s in window.specs]:
        assert window.show_page(key) is not None
    window.zoom_step(1)
    assert window.prefs["zoom"] == 110
    window.apply_zoom(100)


def test_ctrl_z_undoes_a_delete_with_the_cursor_in_the_name_field(page, qtbot, ws):
    from PySide6.QtWidgets import QApplication

    form = page.form
    type_award(qtbot, form, "Vương Thị Lan")
    form.save()
    page.table.selectRow(0)
    assert page.delete_selected(confirm=False) == 1
    page.activateWindow()
    form.w["full_name"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.w["full_name"])
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.awards.count_and_total(AwardFilter())[0] == 1 and page.model.total_rows == 1
    assert not page.has_pending_undo()
    # no delete left to undo: Ctrl+Z is the field's own undo again
    type_text(form.w["full_name"], "Lê")
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.w["full_name"].text() == "" and ws.awards.count_and_total(AwardFilter())[0] == 1


def test_space_in_a_list_box_does_not_open_it_and_tab_moves_on(page, qtbot):
    from PySide6.QtWidgets import QApplication

    form = page.form
    page.activateWindow()
    form.w["gender"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.w["gender"])
    qtbot.keyClick(form.w["gender"], Qt.Key.Key_Space)
    assert not form.w["gender"].view().isVisible()
    qtbot.keyClick(form.w["gender"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.w["parent_name"]
    qtbot.keyClick(form.w["gender"], Qt.Key.Key_N)  # letters still choose an item
    assert form.w["gender"].currentText() == "Nam"


def test_duplicate_warning_is_on_name_birth_and_year_whatever_else_differs(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Nguyễn Thị Ánh", birth="05/09/2012")
    form.save()
    asked = []
    form.confirm = lambda text: asked.append(text) or False
    # other spelling and case, another category, level, school and class: still the same pupil
    type_award(qtbot, form, "NGUYEN THI ANH", birth="05092012")
    form.w["category"].setEditText("Học sinh xuất sắc")
    form.w["level"].setEditText("Cấp huyện")
    form.w["school"].setEditText("Trường Tiểu học Khác")
    form.w["class_name"].setText("5B")
    form.save()
    assert len(asked) == 1 and "Có thể trùng" in asked[0] and "Nguyễn Thị Ánh" in asked[0]
    assert "trùng" in form.grid.error_text("full_name")
    # another birth date is another pupil: saved without a question
    type_award(qtbot, form, "Nguyễn Thị Ánh", birth="6/9/12")
    assert form.save() is not None and len(asked) == 1
    assert ws.awards.count_and_total(AwardFilter())[0] == 2


def test_a_year_only_birth_shows_in_the_list(page, qtbot, ws):
    form = page.form
    type_award(qtbot, form, "Tạ Văn Minh", birth="2012")
    assert form.save() is not None
    assert page.model.index(0, 1).data() == "2012"
    type_award(qtbot, form, "Tạ Văn Nam", birth="5/9/12")
    assert form.save() is not None
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    shown = {page.model.index(r, 0).data(): page.model.index(r, 1).data() for r in range(2)}
    assert shown == {"Tạ Văn Minh": "2012", "Tạ Văn Nam": "05/09/2012"}


def test_ctrl_z_in_the_main_window_undoes_the_delete_of_the_page_shown(ws, qtbot, no_dialogs):
    from PySide6.QtWidgets import QApplication

    window = MainWindow(ws, {"zoom": 100})
    show_widget(qtbot, window, 1360, 800)
    classes = window.show_page("classes")  # another list page with its own Ctrl+Z, hidden below
    page = window.show_page("awards")
    type_award(qtbot, page.form, "Quách Văn Phúc")
    page.form.save()
    page.table.selectRow(0)
    assert page.delete_selected(confirm=False) == 1 and not classes.has_pending_undo()
    window.activateWindow()
    page.form.w["full_name"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.w["full_name"])
    qtbot.keyClick(page.form.w["full_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.awards.count_and_total(AwardFilter())[0] == 1 and page.model.total_rows == 1
    window.close_quietly()
