"""The member page driven as a user would: type, Enter, confirm a warning, search without diacritics,
filter, show the personal numbers, delete and Ctrl+Z; the unit catalogue on its tab."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter, UnitDraft
from khuyenhoc_desktop.storage.members import LIST_COLUMNS
from khuyenhoc_desktop.ui.pages.members_page import MembersPage
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui
NAME, PHONE, CCCD = (LIST_COLUMNS.index(c) for c in ("full_name", "phone", "id_number"))


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1"))
    ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name="Ban khuyến học dòng họ Nguyễn"))
    return show_widget(qtbot, MembersPage(ws), 1300, 800)


def type_member(qtbot, form, name, birth="1958", village="Thôn 1", joined="08/03/2020"):
    form.w["full_name"].clear()
    type_text(form.w["full_name"], name)
    form.w["birth"].clear()
    qtbot.keyClicks(form.w["birth"], birth)
    form.w["village"].setEditText(village)
    form.w["joined_on"].clear()
    qtbot.keyClicks(form.w["joined_on"], joined)


def test_typing_and_enter_saves_with_a_code_and_opens_a_fresh_form(page, qtbot, ws):
    form = page.form
    assert "HV00001" in form.w["code"].placeholderText()
    type_member(qtbot, form, "Nguyễn Văn Ánh")
    form.w["unit_uuid"].setCurrentText("Chi hội thôn Đông")
    form.w["category"].setEditText("Cựu chiến binh")
    type_text(form.w["phone"], "0912345678")
    type_text(form.w["id_number"], "001058012345")
    qtbot.keyClick(form.w["id_number"], Qt.Key.Key_Return)
    assert ws.members.count(MemberFilter()) == 1
    saved = ws.members.get(page.model.uuid_at(0))
    assert (saved.code, saved.birth_year, saved.joined_on, saved.category) == ("HV00001", 1958, date(2020, 3, 8),
                                                                               "Cựu chiến binh")
    assert saved.unit_uuid == ws.units.list(kind="chi_hoi")[0].uuid
    assert form.current is None and form.w["full_name"].text() == "" and "HV00001" in form.status_line.text()
    assert page.footer.text() == "1 hội viên"
    row = page.model.row_tuple(0)
    assert (row[PHONE], row[CCCD]) == ("0912 *** 678", "0010********")
    page.show_private.setChecked(True)
    row = page.model.row_tuple(0)
    assert (row[PHONE], row[CCCD]) == ("0912345678", "001058012345")
    # editing: the code is read-only
    page.table.selectRow(0)
    assert form.current is not None and form.w["code"].isReadOnly() and form.w["code"].text() == "HV00001"


def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(page, qtbot, ws):
    form = page.form
    type_member(qtbot, form, "Trần Văn Bình", birth="05/02/1990", joined="01/01/1989")
    type_text(form.w["id_number"], "12345")
    form.save()
    assert form.grid.error_text("joined_on") == "Ngày vào hội trước ngày sinh."
    assert form.grid.error_text("id_number") == "Số CCCD phải gồm đúng 12 chữ số."
    form.w["joined_on"].setText("31/02/2020")
    form.save()
    assert "không hợp lệ" in form.grid.error_text("joined_on")
    assert ws.members.count(MemberFilter()) == 0


def test_a_duplicate_is_asked_about_and_saved_only_when_confirmed(page, qtbot, ws):
    form = page.form
    type_member(qtbot, form, "Lê Thị Hoa")
    form.save()
    asked = []
    form.confirm = lambda text: asked.append(text) or False
    type_member(qtbot, form, "le thi hoa", joined="02/01/2024")
    form.save()
    assert "Có thể trùng với hội viên đã có: Lê Thị Hoa (HV00001" in asked[0]
    assert ws.members.count(MemberFilter()) == 1 and form.status_line.text() == "Chưa lưu."
    form.confirm = lambda text: True
    form.save()
    assert ws.members.count(MemberFilter()) == 2


def test_search_without_diacritics_and_the_filters_narrow_the_list(page, qtbot, ws):
    form = page.form
    type_member(qtbot, form, "Nguyễn Văn Ân")
    form.w["unit_uuid"].setCurrentText("Chi hội thôn Đông")
    form.save()
    type_member(qtbot, form, "Trần Thị Bích", village="Thôn 2", joined="01/06/2023")
    form.w["status"].setCurrentText("Chuyển đi")
    form.w["status_date"].setText("01/02/2024")
    form.w["category"].setEditText("Phụ huynh")
    form.save()
    type_member(qtbot, form, "Lê Văn An", village="Thôn 3")
    form.save()
    assert page.model.rowCount() == 3
    assert [page.model.row_tuple(i)[NAME] for i in range(3)] == ["Lê Văn An", "Nguyễn Văn Ân", "Trần Thị Bích"]
    qtbot.keyClicks(page.search, "nguyen van an")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_tuple(0)[NAME] == "Nguyễn Văn Ân"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    page.set_filter_value("unit_uuid", "Chi hội thôn Đông")
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[NAME] == "Nguyễn Văn Ân"
    page.set_filter_value("unit_uuid", "(Tất cả)")
    page.set_filter_value("status", "Chuyển đi")
    assert [page.model.row_tuple(i)[NAME] for i in range(page.model.rowCount())] == ["Trần Thị Bích"]
    page.set_filter_value("status", "(Tất cả)")
    page.set_filter_value("joined_year", "2020")
    assert page.model.rowCount() == 2
    page.set_filter_value("joined_year", "(Tất cả)")
    page.set_filter_value("category", "Phụ huynh")
    assert page.model.rowCount() == 1


def test_delete_and_ctrl_z_bring_the_member_back(page, qtbot, ws):
    from PySide6.QtWidgets import QApplication

    form = page.form
    type_member(qtbot, form, "Vương Thị Lan")
    form.save()
    page.table.selectRow(0)
    assert page.delete_selected(confirm=False) == 1
    assert page.model.rowCount() == 0 and ws.members.count(MemberFilter()) == 0
    page.activateWindow()
    form.w["full_name"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.w["full_name"])
    qtbot.keyClick(form.w["full_name"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.members.count(MemberFilter()) == 1 and page.model.rowCount() == 1


def test_the_unit_tab_adds_units_counts_them_and_offers_them_in_the_member_form(page, qtbot, ws):
    units = page.units
    page.tabs.setCurrentWidget(units)
    assert units.table.rowCount() == 2
    assert units.footer.text() == "Đang hoạt động: 1 chi hội, 1 ban khuyến học, 0 tổ hội"
    form = units.form
    form.w["kind"].setCurrentText("Tổ hội")
    type_text(form.w["name"], "Tổ hội xóm Trại")
    qtbot.keyClicks(form.w["founded_on"], "02/10/2015")
    qtbot.keyClick(form.w["name"], Qt.Key.Key_Return)
    assert units.table.rowCount() == 3
    assert units.footer.text() == "Đang hoạt động: 1 chi hội, 1 ban khuyến học, 1 tổ hội"
    assert "Tổ hội xóm Trại" in [page.form.w["unit_uuid"].itemText(i) for i in range(page.form.w["unit_uuid"].count())]
    # a unit with members is not deleted
    chi = ws.units.list(kind="chi_hoi")[0]
    ws.members.save(MemberDraft(full_name="Phạm Văn Dũng", birth_year=1960, unit_uuid=chi.uuid))
    units.reload()
    units.table.selectRow(units.uuids.index(chi.uuid))
    assert not units.delete_selected(confirm=False)
    assert "còn 1 hội viên" in form.status_line.text()
    assert units.table.item(units.uuids.index(chi.uuid), 7).text() == "1"


def test_the_minimum_age_is_a_setting_the_unit_tab_changes(page, qtbot, ws, clock):
    spin = page.units.min_age
    assert spin.value() == 18
    spin.setValue(16)
    page.units.save_min_age()
    assert ws.members.min_age() == 16
    form = page.form
    type_member(qtbot, form, "Đỗ Văn Nhỏ", birth=str(clock.today().year - 17), joined=f"01/01/{clock.today().year}")
    form.confirm = lambda text: pytest.fail(f"asked although 16 is the minimum: {text}")
    form.save()
    assert ws.members.count(MemberFilter()) == 1


def test_the_export_button_writes_the_list_as_filtered(page, ws, tmp_path):
    ws.members.save(MemberDraft(full_name="Trần Thị Bình", birth_year=1960, village="Thôn 1",
                                joined_on=date(2020, 3, 8)))
    ws.members.save(MemberDraft(full_name="Phạm Văn Cường", birth_year=1961, village="Thôn 2",
                                joined_on=date(2021, 3, 8), status="quit", status_date=date(2024, 1, 1)))
    page.apply_filter()
    assert page.export_button.isVisible() and page.export_button.isEnabled()
    page.set_filter_value("status", "Thôi")
    assert page.model.rowCount() == 1
    out = page.export_excel(str(tmp_path / "hoi-vien.xlsx"))
    from openpyxl import load_workbook

    names = [row[2] for row in load_workbook(out)["Hội viên"].iter_rows(values_only=True)]
    assert "Phạm Văn Cường" in names and "Trần Thị Bình" not in names
