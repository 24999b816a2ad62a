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
    assert page.percentages(r) == ("92,86 %", "7,14 %", "0 %")
    assert page.attendance_label.text() == "14/15 = 93,33 %"
    meeting = page.save()
    assert meeting is not None and meeting.number == "01/BB-HKH"
    assert ws.meetings.get_by_number("01/BB-HKH").agenda[0].vote_for == 13
    assert page.list.rowCount() == 1 and page.print_button.isEnabled()
    page.grab().save(str(tmp_path / "meetings.png"))


def test_errors_show_at_the_field_and_nothing_is_saved(page, ws):
    r = fill(page)
    page.subject.setText("")
    page.agenda.item(r, 4).setText("10")
    assert page.save() is None
    assert page.grid.error_text("subject")
    assert "phải bằng tổng số phiếu" in page.agenda_error.text()
    assert ws.meetings.list() == []


def test_linking_approved_awards_and_printing_minutes_without_main_window(page, ws, tmp_path, monkeypatch):
    ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Nguyễn Văn Ân", birth_date=date(2012, 1, 1),
                              category="Học sinh giỏi", amount=200_000, status="approved"))
    fill(page)
    assert page.link_approved_awards("2024-2025") == 1
    page.save()
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
    assert meetings.save() is not None
    assert meetings.print_minutes()
    printing = window.pages["printing"]
    assert window.stack.currentWidget() is printing and printing.current_kind() == "minutes"
    qtbot.waitUntil(lambda: not printing.is_busy(), timeout=60_000)
    assert printing.preview_page_count() >= 1
    printing.shutdown()
