"""The one runner for UI writes: questions and errors once, changes handed to every page, long operations on
a worker thread that can be stopped, and the stale views it fixes."""

from __future__ import annotations

import threading
from datetime import date
from functools import partial

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QTimer

from khuyenhoc_desktop.domain.awards import STATUSES, AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow
from khuyenhoc_desktop.ui.operations import run_long_op, run_op
from tests.ui.helpers import finish, show_widget

pytestmark = pytest.mark.gui

YEAR = "2025-2026"


def award(name: str, **kw) -> AwardDraft:
    base = dict(school_year=YEAR, full_name=name, birth_date=date(2013, 4, 5), category="Học sinh giỏi",
                level="Cấp trường", school="Trường THCS Tân Dĩnh", amount=200_000)
    base.update(kw)
    return AwardDraft(**base)


@pytest.fixture
def window(ws, qtbot, no_dialogs):
    win = MainWindow(ws, {"zoom": 100})
    show_widget(qtbot, win, 1360, 800)
    yield win
    win.close_quietly()


def award_book(path, names):
    wb = Workbook()
    sheet = wb.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Trường", "Loại thành tích", "Số tiền"])
    for i, name in enumerate(names, 1):
        sheet.append([i, name, f"0{i}/02/2013", "Trường THCS Tân Dĩnh", "Học sinh giỏi", 100_000])
    wb.save(path)
    return path


# -- the runner --------------------------------------------------------------------------------------------
def test_run_op_asks_once_retries_with_confirm_and_reports_errors_once(ws, qtbot, no_dialogs, monkeypatch):
    from khuyenhoc_desktop.ui.pages.awards_page import AwardsPage

    page = show_widget(qtbot, AwardsPage(ws), 1300, 800)
    ws.awards.save(award("Nguyễn Văn Ân"))
    questions = []
    declined = []
    # a probable duplicate: asked once; "no" saves nothing and says so
    assert run_op(page, partial(ws.awards.save, award("nguyen van an")),
                  ask=lambda q: questions.append(q.message) or False, on_declined=lambda: declined.append(1)) is None
    assert len(questions) == 1 and "trùng" in questions[0] and declined == [1]
    assert ws.awards.count_and_total(AwardFilter())[0] == 1
    # "yes": saved with confirm=True, and the page's list shows it at once
    saved, changes = run_op(page, partial(ws.awards.save, award("nguyen van an")), ask=lambda q: True)
    assert changes.created["award"] == [saved.uuid] and page.model.total_rows == 2
    # an error goes to on_error (default: one error dialog), nothing else is raised
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, *a, **k: errors.append(text))
    assert run_op(page, partial(ws.awards.save, award(""))) is None
    assert errors == ["Chưa nhập họ và tên."]


def test_a_hidden_page_marks_itself_stale_and_refreshes_when_shown(window, ws):
    awards = window.page("awards")
    window.show_page("fund")
    assert awards.model.total_rows == 0 and not awards.isVisible()
    window.run_op(partial(ws.awards.save, award("Trần Thị Bình")), parent=window.page("fund"))
    assert awards.stale and awards.model.total_rows == 0  # nothing re-read while hidden
    window.show_page("awards")
    assert not awards.stale and awards.model.total_rows == 1


def test_changes_reach_only_the_pages_that_show_those_tables(window, ws, monkeypatch):
    meetings = window.page("meetings")
    awards = window.page("awards")
    window.show_page("dashboard")
    refreshed = []
    monkeypatch.setattr(meetings, "refresh_for", lambda changes: refreshed.append("meetings"))
    run_op(window.page("dashboard"), partial(ws.awards.save, award("Lê Văn Cường")))
    assert awards.stale and not meetings.stale
    window.show_page("meetings")
    assert refreshed == []


def test_the_sync_page_counts_a_change_saved_on_another_page(window, ws):
    sync = window.page("sync")
    awards = window.show_page("awards")
    before = ws.sync.unsent_count()
    run_op(awards, partial(ws.awards.save, award("Kim Văn Long")))
    assert sync.stale
    window.show_page("sync")
    assert ws.sync.unsent_count() > before
    assert sync.unsent_label.text() == f"Chưa đóng gói gửi tỉnh: {ws.sync.unsent_count()} thay đổi"


# -- stale views ---------------------------------------------------------------------------------------------
def test_award_list_shows_the_awards_saved_by_an_excel_import(window, ws, qtbot, tmp_path, monkeypatch):
    awards = window.show_page("awards")
    assert awards.model.total_rows == 0
    excel = window.show_page("excel")
    excel.year_combo.setCurrentText(YEAR)
    assert excel.load(str(award_book(tmp_path / "ds.xlsx", ["Ngô Văn An", "Đỗ Thị Bình", "Vũ Văn Cường"])))
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    excel.import_button.click()
    assert finish(qtbot, excel.operation).outcome == "done"
    assert ws.awards.count_and_total(AwardFilter())[0] == 3
    window.show_page("awards")
    assert awards.model.total_rows == 3 and "3 bản ghi" in awards.footer.text()


def test_award_form_follows_an_approval_from_the_list(ws, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.awards_page import AwardsPage

    ws.awards.save(award("Phan Thị Dung"))
    page = show_widget(qtbot, AwardsPage(ws), 1300, 800)
    page.table.selectRow(0)
    assert page.form.w["status"].currentText() == STATUSES["draft"]
    assert page.approve_selected(confirm=False) == 1
    assert page.form.w["status"].currentText() == STATUSES["approved"]
    assert page.form.current.version == 2  # saving the form now does not clash with the approval


def test_pay_dialog_drops_the_overdraft_warning_when_the_choice_changes(ws, qtbot, no_dialogs, monkeypatch):
    from khuyenhoc_desktop.ui.pages.fund_page import AwardPaymentDialog, FundPage

    ws.fund.set_opening_balance(2026, 300_000)
    saved = [ws.awards.save(award(name, amount=200_000))[0].uuid for name in ("Lê An", "Lê Bình")]
    ws.awards.set_status(saved, "approved")
    page = show_widget(qtbot, FundPage(ws), 1300, 800)
    dialog = AwardPaymentDialog(ws, page)
    qtbot.addWidget(dialog)
    dialog.year.setCurrentText(YEAR)
    dialog.on.set_value(date(2026, 3, 2))
    dialog.person.setText("Thủ quỹ")
    dialog.set_checked([0, 1])
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    assert not dialog.submit()
    assert not dialog.error.isHidden() and "âm" in dialog.error.text()  # 400.000 đ from 300.000 đ
    dialog.set_checked([1], on=False)
    assert dialog.error.isHidden() and dialog.error.text() == ""
    assert dialog.submit()
    assert page.balance_label.text().endswith("100.000 đ")  # the page behind the dialog followed


def test_print_page_clears_the_old_preview_before_a_new_document_type_exists(ws, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.print_page import PrintPage

    ws.awards.save(award("Hoàng Văn Em", status="approved", achievement="Học sinh Giỏi"))
    page = show_widget(qtbot, PrintPage(ws), 1200, 800)
    page.set_kind("award-list")
    assert page.generate()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    assert page.pdf is not None and page.preview_page_count() >= 1 and page.print_button.isEnabled()
    old_pages = list(page.page_labels)
    page.set_kind("certificates")
    assert not any(label.isVisible() for label in old_pages)  # off the screen at once
    # nothing generated yet, and the award list can no longer be printed or saved
    assert page.pdf is None and page.preview_page_count() == 0
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert not page.print_document() and page.save_pdf("/nowhere.pdf") is None
    assert "Tạo bản xem trước" in page.status_label.text()
    page.shutdown()


def test_print_page_drops_a_preview_whose_awards_changed(window, ws, qtbot):
    ws.awards.save(award("Hoàng Văn Em", status="approved"))
    page = window.show_page("printing")
    page.set_kind("award-list")
    assert page.generate()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    assert page.print_button.isEnabled()
    window.run_op(partial(ws.awards.save, award("Hoàng Thị Gấm", birth_date=date(2013, 1, 2))), parent=window)
    assert page.pdf is None and not page.print_button.isEnabled()
    assert page.status_label.text().startswith("Dữ liệu vừa thay đổi")
    page.shutdown()


def test_saving_on_one_page_updates_the_others(window, ws, qtbot):
    awards = window.show_page("awards")
    dashboard = window.page("dashboard")
    fund = window.page("fund")
    ws.fund.set_opening_balance(2026, 1_000_000)
    form = awards.form
    form.confirm = lambda text: True
    form.w["school_year"].setEditText(YEAR)
    form.w["full_name"].setText("Đinh Thị Giang")
    form.w["birth"].setText("05/06/2013")
    form.w["category"].setEditText("Học sinh giỏi")
    form.w["amount"].setText("250000")
    form.w["status"].setCurrentText(STATUSES["approved"])
    uuid = form.save()
    assert uuid and awards.model.total_rows == 1
    assert dashboard.stale and not fund.stale  # the fund shows no award table
    window.show_page("fund")
    from khuyenhoc_desktop.ui.pages.fund_page import AwardPaymentDialog

    dialog = AwardPaymentDialog(ws, fund)
    qtbot.addWidget(dialog)
    dialog.year.setCurrentText(YEAR)
    dialog.on.set_value(date(2026, 3, 2))
    dialog.set_checked([0])
    dialog.person.setText("Thủ quỹ")
    assert dialog.submit(confirm=False)
    assert fund.balance_label.text().endswith("750.000 đ")
    assert awards.stale  # paid from the fund page: the award list is re-read when it is shown again
    window.show_page("awards")
    assert awards.model.total_rows == 1 and awards.model.index(0, 8).data() == STATUSES["awarded"]


# -- long operations -----------------------------------------------------------------------------------------
def test_a_long_operation_runs_off_the_gui_thread_and_stop_writes_nothing(window, ws, qtbot):
    started, release = threading.Event(), threading.Event()
    threads = []

    def long_job(progress):
        threads.append(threading.get_ident())
        with ws.db.atomic():  # one transaction, as the services do
            ws.awards.save(award("Mai Văn Hùng"))
            progress(1, 2)
            started.set()
            release.wait(10)
            progress(2, 2)  # raises: the user pressed "Dừng"
        return "not reached"

    stopped = []
    op = run_long_op(window.page("awards"), ws, long_job, "Đang thử…", on_cancelled=lambda: stopped.append(1),
                     on_done=lambda result: pytest.fail("finished although stopped"))
    assert started.wait(10)
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=5000)  # the window keeps working while the job runs
    assert op.outcome == "running"
    op.dialog.canceled.emit()  # "Dừng"
    release.set()
    finish(qtbot, op)
    assert op.outcome == "cancelled" and stopped == [1]
    assert threads and threads[0] != threading.get_ident()
    assert ws.awards.count_and_total(AwardFilter())[0] == 0  # rolled back


def test_a_long_operation_error_is_shown_once(window, ws, qtbot, monkeypatch):
    def failing(progress):
        raise AppError("Tệp không đọc được.")

    errors = []
    op = run_long_op(window, ws, failing, "Đang thử…", on_error=lambda exc: errors.append(exc.message))
    finish(qtbot, op)
    assert op.outcome == "failed" and errors == ["Tệp không đọc được."]


def test_stopping_an_excel_import_imports_nothing(window, ws, qtbot, tmp_path, monkeypatch):
    from khuyenhoc_desktop.services.excel_import import ExcelImportService

    excel = window.show_page("excel")
    excel.year_combo.setCurrentText(YEAR)
    assert excel.load(str(award_book(tmp_path / "ds.xlsx", ["Ngô Văn An", "Đỗ Thị Bình"])))
    real_commit = ExcelImportService.commit
    ready = threading.Event()

    def commit_then_stop(self, preview, **kw):
        kept = kw["progress"]

        def progress(done, total):
            if done == 1:  # as if "Dừng" were pressed after the first row was written
                ready.wait(10)
                excel.operation.token.cancel()
            kept(done, total)

        return real_commit(self, preview, **{**kw, "progress": progress})

    monkeypatch.setattr(ExcelImportService, "commit", commit_then_stop)
    operation = excel.import_rows(confirm=False)
    ready.set()
    finish(qtbot, operation)
    assert operation.outcome == "cancelled"
    assert ws.awards.count_and_total(AwardFilter())[0] == 0
    assert "Đã dừng" in excel.result_label.text() and excel.import_button.isEnabled()
