"""The meetings page: type a meeting with votes, live percentages, errors at the field, save, print."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.meetings_page import MeetingsPage
from tests.ui.helpers import show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, MeetingsPage(ws), 1300, 850)


def fill(page):
    page = page.form
    page.subject.setText("Xét khen thưởng năm học 2024 - 2025")
    page.day.setText("20/08/2025")
    page.location.setText("Hội trường xã")
    page.members_total.setValue(15)
    page.members_present.setValue(14)
    page.members_absent.setValue(1)
    r = page.add_agenda_item()
    page.agenda.item(r, 0).setText("Xét duyệt danh sách khen thưởng")
    page.agenda.item(r, 3).setText("14")
    page.agenda.item(r, 4).setText("13")
    page.agenda.item(r, 5).setText("1")
    page.agenda.item(r, 6).setText("0")
    return r


def test_percentages_are_computed_while_typing_and_meeting_saves(page, ws, tmp_path):
    r = fill(page)
    form = page.form
    assert form.percentages(r) == ("92,86 %", "7,14 %", "0 %")
    assert form.attendance_label.text() == "14/15 = 93,33 %"
    uuid = form.save()
    assert uuid is not None and ws.meetings.get(uuid).number == "01/BB-HKH"
    assert ws.meetings.get_by_number("01/BB-HKH").agenda[0].vote_for == 13
    assert page.model.rowCount() == 1 and page.model.uuid_at(0) == uuid
    assert form.print_button.isEnabled() and form.current.uuid == uuid
    page.grab().save(str(tmp_path / "meetings.png"))


def test_errors_show_at_the_field_and_nothing_is_saved(page, ws):
    r = fill(page)
    form = page.form
    form.subject.setText("")
    form.agenda.item(r, 4).setText("10")
    assert form.save() is None
    assert form.grid.error_text("subject")
    assert "phải bằng tổng số phiếu" in form.agenda_error.text()
    assert ws.meetings.list() == []


def test_linking_approved_awards_and_printing_minutes_without_main_window(page, ws, tmp_path, monkeypatch):
    ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Nguyễn Văn Ân", birth_date=date(2012, 1, 1),
                              category="Học sinh giỏi", amount=200_000, status="approved"))
    fill(page)
    assert page.form.link_approved_awards("2024-2025") == 1
    page.form.save()
    out = tmp_path / "bb.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    assert page.print_minutes()
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "BIÊN BẢN" in text and "Nguyễn Văn Ân" in text and "92,86" in text


def test_print_minutes_opens_the_print_page_in_the_main_window(ws, qtbot, monkeypatch, no_dialogs):
    from khuyenhoc_desktop.ui.main_window import MainWindow
    window = MainWindow(ws)
    qtbot.addWidget(window)
    meetings = window.show_page("meetings") if "meetings" in window.pages else window.page("meetings")
    fill(meetings)
    assert meetings.form.save() is not None
    assert meetings.print_minutes()
    printing = window.pages["printing"]
    assert window.stack.currentWidget() is printing and printing.current_kind() == "minutes"
    qtbot.waitUntil(lambda: not printing.is_busy(), timeout=60_000)
    assert printing.preview_page_count() >= 1
    printing.shutdown()


def _meeting(ws, number: str, day: date, subject: str, kind: str = "Ban Chấp hành"):
    from datetime import datetime, time

    from khuyenhoc_desktop.domain.meetings import MeetingDraft

    draft = MeetingDraft(kind=kind, number=number, subject=subject, start=datetime.combine(day, time(8, 0)),
                         end=datetime.combine(day, time(10, 0)), location="Hội trường xã", chair="Nguyễn Văn Chủ",
                         secretary="Lê Thị Thư")
    return ws.meetings.save(draft)[0]


def test_the_list_is_paged_newest_first_and_searched_and_filtered(page, ws, qtbot):
    _meeting(ws, "01/BB-HKH", date(2024, 3, 1), "Tổng kết năm học")
    _meeting(ws, "02/BB-HKH", date(2025, 8, 20), "Xét khen thưởng năm học 2024 - 2025", kind="Ban Thường vụ")
    page.on_activated()
    assert page.model.rowCount() == 2 and page.footer.text() == "2 cuộc họp"
    assert [page.model.row_tuple(r)[2] for r in range(2)] == ["02/BB-HKH", "01/BB-HKH"]
    assert page.model.data(page.model.index(0, 1)) == "20/08/2025"
    page.search.setText("khen thuong")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_tuple(0)[2] == "02/BB-HKH"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    page.set_filter_value("year", "2024")
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[2] == "01/BB-HKH"
    page.set_filter_value("year", "(Tất cả)")
    page.set_filter_value("kind", "Ban Thường vụ")
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[2] == "02/BB-HKH"


def test_selecting_a_row_loads_the_meeting_into_the_form(page, ws):
    m = _meeting(ws, "03/BB-HKH", date(2025, 5, 2), "Sơ kết học kỳ")
    page.on_activated()
    page.table.selectRow(0)
    assert page.form.current.uuid == m.uuid and page.form.subject.text() == "Sơ kết học kỳ"
    assert page.form.print_button.isEnabled()


def test_delete_with_undo_and_the_history(page, ws, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from khuyenhoc_desktop.ui import widgets as widgets_module

    m = _meeting(ws, "04/BB-HKH", date(2025, 6, 1), "Họp Ban Chấp hành")
    page.on_activated()
    page.table.selectRow(0)
    shown = []
    monkeypatch.setattr(widgets_module.HistoryDialog, "exec", lambda self: shown.append(self.table.rowCount()))
    page.show_history()
    assert shown and shown[0] >= 1
    assert page.delete_selected(confirm=False) == 1
    assert page.model.rowCount() == 0 and ws.meetings.list() == [] and page.form.current is None
    assert ws.meetings.get(m.uuid).deleted  # a soft delete: the province hears of it
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 1 and [x.uuid for x in ws.meetings.list()] == [m.uuid]


def test_nothing_selected_is_said_the_list_way(ws, qtbot, monkeypatch, no_dialogs):
    told = []
    page = show_widget(qtbot, MeetingsPage(ws), 1300, 850)
    monkeypatch.setattr(page, "tell", told.append)
    assert page.delete_selected() == 0
    page.show_history()
    assert told == ["Hãy chọn cuộc họp cần xóa.", "Hãy chọn một biên bản để xem lịch sử sửa đổi."]


def test_the_export_writes_the_list_as_filtered(page, ws, tmp_path):
    from openpyxl import load_workbook

    _meeting(ws, "01/BB-HKH", date(2024, 3, 1), "Tổng kết năm học")
    _meeting(ws, "02/BB-HKH", date(2025, 8, 20), "Xét khen thưởng")
    page.on_activated()
    page.set_filter_value("year", "2025")
    out = page.export_excel(str(tmp_path / "cuoc-hop.xlsx"))
    rows = list(load_workbook(out)["Cuộc họp"].iter_rows(values_only=True))
    numbers = [r[1] for r in rows]
    assert "02/BB-HKH" in numbers and "01/BB-HKH" not in numbers


def test_list_model_passes_qt_model_tester(page, ws, qtmodeltester):
    _meeting(ws, "01/BB-HKH", date(2024, 3, 1), "Tổng kết năm học")
    page.on_activated()
    qtmodeltester.check(page.model)
