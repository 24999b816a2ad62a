"""The fund page driven as a user would: type a phiếu, Enter, reverse, read the cash book, hit a locked period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.fund import VoucherDraft, VoucherFilter
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.fund_page import FundPage
from tests.ui.helpers import show_widget, type_text
from tests.clock_helpers import TEST_CLOCK

pytestmark = pytest.mark.gui
TODAY = TEST_CLOCK.today()  # the day the workspace (and so the page) takes as today
YEAR = TODAY.year


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, FundPage(ws), 1300, 800)


def type_voucher(qtbot, form, kind="Phiếu thu", person="Nguyễn Văn Ân", reason="Ủng hộ quỹ khuyến học",
                 amount="1500000", on=None):
    form.w["kind"].setCurrentText(kind)
    form.w["voucher_date"].clear()
    qtbot.keyClicks(form.w["voucher_date"], (on or TODAY).strftime("%d/%m/%Y"))
    form.w["person"].clear()
    type_text(form.w["person"], person)
    form.w["reason"].clear()
    type_text(form.w["reason"], reason)
    form.w["item"].setEditText(form.ws.fund.items(form.kind())[0])
    form.w["amount"].clear()
    qtbot.keyClicks(form.w["amount"], amount)


def test_typing_and_enter_saves_with_number_and_balance(page, qtbot, ws):
    form = page.form
    assert "0 đ" in page.balance_label.text()
    type_voucher(qtbot, form)
    assert form.words.text() == "Một triệu năm trăm nghìn đồng."
    qtbot.keyClick(form.w["amount"], Qt.Key.Key_Return)
    assert f"PT-{YEAR}-0001" in form.status_line.text()
    assert page.balance_label.text() == "Tồn quỹ hiện tại: 1.500.000 đ"
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[2] == f"PT-{YEAR}-0001"
    assert form.current is None and form.w["person"].text() == ""
    assert "1 phiếu" in page.footer.text()
    # a payment
    type_voucher(qtbot, form, kind="Phiếu chi", person="Trần Thị Bích", reason="Mua phần thưởng", amount="400.000")
    qtbot.keyClick(form.w["reason"], Qt.Key.Key_Return)
    assert f"PC-{YEAR}-0001" in form.status_line.text()
    assert page.balance_label.text() == "Tồn quỹ hiện tại: 1.100.000 đ"


def test_missing_fields_are_shown_and_nothing_is_saved(page, qtbot, ws):
    form = page.form
    form.w["amount"].setText("abc")
    form.save()
    assert form.grid.error_text("amount")
    assert "Chưa nhập" in form.grid.error_text("person")
    assert ws.fund.count_and_totals(VoucherFilter())[0] == 0


def test_payment_over_balance_asks_first(page, qtbot, ws, monkeypatch):
    form = page.form
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: asked.append(a[1]) or False)
    type_voucher(qtbot, form, kind="Phiếu chi", amount="500000")
    form.save()
    assert asked and "Tồn quỹ tiền mặt không đủ" in asked[0]
    assert ws.fund.count_and_totals(VoucherFilter())[0] == 0
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    form.save()
    assert ws.fund.balance() == -500_000


def test_reversal_writes_a_negative_voucher(page, qtbot, ws, monkeypatch):
    form = page.form
    type_voucher(qtbot, form, amount="2000000")
    form.save()
    page.table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Ghi sai số tiền")
    reversal = page.reverse_selected()
    assert reversal is not None and reversal.number == f"PT-{YEAR}-0002" and reversal.amount == -2_000_000
    assert page.balance_label.text() == "Tồn quỹ hiện tại: 0 đ"
    assert page.model.rowCount() == 2
    assert "Đã đảo phiếu" in page.message.text()
    # the original cannot be reversed twice: the refusal is shown on the page, not in a dialog
    page.table.clearSelection()
    form.load(ws.fund.get_by_number(f"PT-{YEAR}-0001").uuid)
    assert page.reverse_selected() is None
    assert "đã được đảo" in page.message.text()


def test_void_keeps_the_number(page, qtbot, ws):
    type_voucher(qtbot, page.form, amount="300000")
    page.form.save()
    page.table.selectRow(0)
    assert page.void_selected(reason="Viết sai", confirm=False)
    assert ws.fund.balance() == 0
    assert page.model.rowCount() == 1 and "Đã hủy" in page.form.title.text()


def test_cash_book_shows_the_running_balance_on_every_row(page, qtbot, ws):
    ws.fund.set_opening_balance(YEAR, 1_000_000)
    form = page.form
    day = date(YEAR, 1, 10) if TODAY >= date(YEAR, 1, 12) else TODAY
    for kind, amount in (("Phiếu thu", "500000"), ("Phiếu chi", "200000"), ("Phiếu thu", "50000")):
        type_voucher(qtbot, form, kind=kind, amount=amount, on=day)
        assert form.save()
    page.tabs.setCurrentIndex(1)
    table = page.book_table
    cell = lambda r, c: table.item(r, c).text()
    assert table.columnCount() == 9
    assert [table.horizontalHeaderItem(c).text() for c in (0, 4, 7)] == ["Ngày ghi sổ", "Diễn giải", "Tồn"]
    assert "Số dư đầu kỳ" in cell(0, 4) and cell(0, 7) == "1.000.000"
    assert [cell(r, 7) for r in (1, 2, 3)] == ["1.500.000", "1.300.000", "1.350.000"]
    assert cell(1, 2) == f"PT-{YEAR}-0001" and cell(2, 3) == f"PC-{YEAR}-0001"
    assert cell(4, 5) == "550.000" and cell(4, 6) == "200.000"
    assert "Số dư cuối kỳ" in cell(5, 4) and cell(5, 7) == "1.350.000"


def test_locked_period_refusal_is_shown_at_the_date_field(page, qtbot, ws):
    old = TODAY - timedelta(days=10)
    page.tabs.setCurrentIndex(3)
    assert page.lock_book(TODAY - timedelta(days=5), "Khóa sổ thử")
    assert "khóa" in page.lock_label.text()
    page.tabs.setCurrentIndex(0)
    form = page.form
    type_voucher(qtbot, form, on=old)
    form.save()
    assert "đã khóa" in form.grid.error_text("voucher_date")
    assert ws.fund.count_and_totals(VoucherFilter())[0] == 0
    # reopening needs a reason, asked in a dialog
    page.tabs.setCurrentIndex(3)
    assert page.reopen_book(reason="Ghi bổ sung phiếu")
    assert form.save()


def test_cash_count_shows_the_difference(page, qtbot, ws):
    type_voucher(qtbot, page.form, amount="1000000")
    page.form.save()
    page.tabs.setCurrentIndex(3)
    page.counted.setText("900000")
    assert page.count_book.text() == "1.000.000 đ"
    assert "thiếu 100.000 đ" in page.count_difference.text()
    assert not page.save_cash_count()
    assert "giải trình" in page.count_error.text()
    page.explanation.setText("Thủ quỹ tạm ứng")
    assert page.save_cash_count()
    assert page.count_table.rowCount() == 1


def test_award_payment_dialog_makes_one_voucher(page, qtbot, ws):
    from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
    from khuyenhoc_desktop.ui.pages.fund_page import AwardPaymentDialog

    ws.fund.set_opening_balance(YEAR, 5_000_000)
    uuids = []
    for name in ("Lê Văn An", "Lê Thị Bình"):
        award, _ = ws.awards.save(AwardDraft(school_year="2024-2025", full_name=name, birth_year=2012,
                                             category="Học sinh giỏi", level="Cấp trường", amount=200_000),
                                  confirm=True)
        uuids.append(award.uuid)
    ws.awards.set_status(uuids, "approved")
    dialog = AwardPaymentDialog(ws, page)
    qtbot.addWidget(dialog)
    dialog.year.setCurrentText("2024-2025")
    assert dialog.table.rowCount() == 2
    dialog.set_checked([0, 1])
    assert "400.000 đ" in dialog.total.text()
    dialog.person.setText("Thủ quỹ")
    assert dialog.submit(confirm=False)
    assert dialog.voucher.number == f"PC-{YEAR}-0001" and dialog.voucher.amount == 400_000
    assert ws.awards.count_and_total(AwardFilter(status="awarded"))[0] == 2


def test_a_bank_movement_is_typed_in_the_window_and_goes_to_the_bank_book_only(page, qtbot, ws, tmp_path):
    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ khuyến học", account_no="3200 205 123456",
                                      bank_name="Agribank Tân Yên")
    page.on_activated()
    assert page.new_bank_entry()
    form = page.form
    assert form.account() == account.uuid and form.w["kind"].currentText() == "Giấy báo Có"
    assert f"BC-{YEAR}-0001" in form.number_label.text()
    type_voucher(qtbot, form, kind="Giấy báo Có", person="Ngân hàng Agribank", reason="Lãi tiền gửi",
                 amount="36000000")
    assert form.save()
    assert f"giấy báo Có BC-{YEAR}-0001" in form.status_line.text()
    assert "Lập giấy báo Có mới" in form.title.text()
    assert form.account() == account.uuid  # the next entry stays in the same book
    form.new_record(kind="thu", account="")
    assert form.w["kind"].currentText() == "Phiếu thu"
    type_voucher(qtbot, form, amount="1500000")
    assert form.save()
    assert page.balance_label.text() == "Tồn quỹ hiện tại: 37.500.000 đ"
    assert page.books_label.text() == "Tiền mặt: 1.500.000 đ<br>Tiền gửi ngân hàng: 36.000.000 đ"
    assert page.model.data(page.model.index(1, 1)) == "Giấy báo Có"  # newest first: the BC is second
    # the list can show one book
    page.book_filter.setCurrentIndex(page.book_filter.findData(""))
    assert page.model.rowCount() == 1 and page.model.row_tuple(0)[2] == f"PT-{YEAR}-0001"
    # the book tab shows either book and prints it
    page.tabs.setCurrentIndex(1)
    numbers = lambda: {page.book_table.item(r, c).text() for r in range(page.book_table.rowCount()) for c in (2,)}
    assert f"PT-{YEAR}-0001" in numbers() and f"BC-{YEAR}-0001" not in numbers()
    page.book_choice.setCurrentIndex(page.book_choice.findData(account.uuid))
    assert f"BC-{YEAR}-0001" in numbers() and f"PT-{YEAR}-0001" not in numbers()
    path = page.print_book(str(tmp_path / "so-tien-gui.pdf"))
    from pypdf import PdfReader

    text = PdfReader(path).pages[0].extract_text()
    assert "SỔ TIỀN GỬI NGÂN HÀNG" in text and f"BC-{YEAR}-0001" in text and "3200 205 123456" in text
    # the cash count is against the cash book only
    page.tabs.setCurrentIndex(3)
    page.count_date.set_value(TODAY)
    assert page.count_book.text() == "1.500.000 đ"


def test_bank_entry_needs_an_account_first(page):
    assert not page.new_bank_entry()
    assert "Tài khoản ngân hàng" in page.message.text()


def test_book_tab_exports_the_chosen_book(page, ws, tmp_path):
    from openpyxl import load_workbook

    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ", account_no="3200 205 123456")
    ws.fund.add(VoucherDraft("thu", TODAY, None, "Ngân hàng Agribank", "", "Lãi tiền gửi", "Lãi tiền gửi", 50_000,
                             account_uuid=account.uuid), today=TODAY)
    page.on_activated()
    page.tabs.setCurrentIndex(1)
    page.book_choice.setCurrentIndex(page.book_choice.findData(account.uuid))
    assert page.book_table.horizontalHeaderItem(5).text() == "Gửi vào"
    path = page.export_cash_book(str(tmp_path / "so-tien-gui.xlsx"))
    cells = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c]
    assert "SỔ TIỀN GỬI NGÂN HÀNG" in cells and f"BC-{YEAR}-0001" in cells


def test_an_account_added_in_the_dialog_reaches_the_page_filters_and_form(page, qtbot, ws):
    from khuyenhoc_desktop.ui.forms.bank_account_form import BankAccountsDialog

    dialog = BankAccountsDialog(ws, page)
    qtbot.addWidget(dialog)
    dialog.w["name"].setText("Tài khoản Quỹ")
    dialog.w["account_no"].setText("3200 205 123456")
    assert dialog.save()
    uuid = ws.fund.accounts()[0].uuid
    assert page.book_filter.findData(uuid) >= 0 and page.book_choice.findData(uuid) >= 0
    assert page.form.w["method"].findData(uuid) >= 0
