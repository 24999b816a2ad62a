"""The list pages built from their kinds' specs: columns, filters, refusals, history, one save sequence."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.classes import ClassDraft
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui import widgets as widgets_module
from khuyenhoc_desktop.ui.pages.awards_page import AwardsPage
from khuyenhoc_desktop.ui.pages.classes_page import ClassesPage
from khuyenhoc_desktop.ui.pages.fund_page import FundPage
from tests.ui.helpers import show_widget

pytestmark = pytest.mark.gui


def headers(page) -> list[str]:
    model = page.table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_award_list_shows_the_columns_and_filters_its_spec_declares(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, AwardsPage(ws), 1300, 800)
    assert headers(page) == ["Họ và tên", "Ngày sinh", "Lớp", "Trường", "Loại thành tích", "Cấp", "Giải", "Số tiền",
                             "Trạng thái", "Năm học"]
    assert list(page.filters) == ["school_year", "category", "level", "school", "status", "origin"]
    status = page.filters["status"]
    assert [status.itemText(i) for i in range(status.count())] == ["(Tất cả)", "Nháp", "Đã duyệt", "Đã trao"]
    page.set_filter_value("status", "Đã duyệt")
    assert page.current_filter().status == "approved"  # the label chosen, the stored value filtered on


def test_the_voucher_list_fills_its_kind_filter_from_the_spec(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, FundPage(ws), 1300, 800)
    kinds = page.kind_filter
    assert [kinds.itemText(i) for i in range(kinds.count())] == ["(Tất cả)", "Phiếu thu", "Phiếu chi"]
    page.set_filter_value(kinds, "Phiếu chi")
    assert page.current_filter().kind == "chi"
    assert page.book_filter.objectName() == "filter_book"


def test_delete_and_history_without_a_selection_say_what_to_choose(ws, qtbot, no_dialogs, monkeypatch):
    told = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a, **k: told.append(text))
    awards = show_widget(qtbot, AwardsPage(ws), 1300, 800)
    classes = show_widget(qtbot, ClassesPage(ws), 1300, 800)
    assert awards.delete_selected() == 0 and classes.delete_selected() == 0
    awards.show_history()
    classes.show_history()
    assert told == ["Hãy chọn dòng cần xóa.", "Hãy chọn lớp cần xóa.", "Hãy chọn một bản ghi để xem lịch sử sửa đổi.",
                    "Hãy chọn một lớp để xem lịch sử sửa đổi."]


def test_the_voucher_page_says_it_on_its_message_line(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, FundPage(ws), 1300, 800)
    page.show_history()
    assert page.message.text() == "Hãy chọn một phiếu để xem lịch sử sửa đổi."


def test_history_names_the_fields_of_the_kind_shown(ws, qtbot, no_dialogs, monkeypatch):
    record, _ = ws.classes.save(ClassDraft(name="Tin học văn phòng", start_date=date(2025, 3, 5), learners=30))
    ws.classes.save(ClassDraft(name="Tin học văn phòng", start_date=date(2025, 3, 5), learners=32), record.uuid,
                    expected_version=record.version)
    shown = []
    monkeypatch.setattr(widgets_module.HistoryDialog, "exec", lambda self: shown.append(self.table))
    page = show_widget(qtbot, ClassesPage(ws), 1300, 800)
    page.form.load(record.uuid)
    page.show_history()
    table: QTableWidget = shown[0]
    changed = [table.item(r, 4).text() for r in range(table.rowCount())]
    assert "Số học viên" in changed  # the class's own label, not the field's code "learners"


def test_a_new_class_with_more_named_learners_than_its_total_asks_once(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, ClassesPage(ws), 1300, 800)
    form = page.form
    asked = []
    form.confirm = lambda text: asked.append(text) or False
    form.w["name"].setText("Trồng nấm rơm")
    form.w["start_date"].setText("05/03/2025")
    form.w["learners"].setText("1")
    form.add_learner_row("Nguyễn Văn An", focus=False)
    form.add_learner_row("Trần Thị Bình", focus=False)
    assert form.save() is None
    assert asked == ["Danh sách có 2 học viên nhưng tổng số học viên ghi 1.\n\nVẫn lưu?"]
    assert form.grid.error_text("learners") == "Danh sách có 2 học viên nhưng tổng số học viên ghi 1."
    assert form.status_line.text() == "Chưa lưu."
    assert ws.classes.count_and_totals(page.current_filter()) == (0, 0)


def test_unreadable_inputs_and_the_services_errors_show_together(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, AwardsPage(ws), 1300, 800)
    form = page.form
    form.w["amount"].setText("nhiều tiền")
    assert form.save() is None
    assert form.grid.error_text("amount") and form.grid.error_text("full_name") == "Chưa nhập họ và tên."
    assert form.status_line.text() == "Chưa lưu: hãy sửa các ô báo đỏ."
    ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Lê Thị Hoa"))
    assert ws.awards.count_and_total(page.current_filter())[0] == 1
