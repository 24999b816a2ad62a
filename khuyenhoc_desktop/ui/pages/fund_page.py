"""The fund page (quỹ khuyến học): tồn quỹ always on top; phiếu thu/chi and giấy báo Có/Nợ, the cash book
and the bank books (view, Excel, PDF), bank accounts, tổng hợp, khóa sổ và kiểm kê (cash only)."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError, NeedsConfirmation
from ...domain.fund import KINDS, SPEC, VoucherFilter
from ...vietnamese import format_date, format_local_time, format_money, format_vnd
from .. import dialogs
from ..forms.fields import ERROR_STYLE, DateEdit, MoneyEdit, make_combo, set_items
from ..forms.bank_account_form import BankAccountsDialog
from ..forms.voucher_form import VoucherForm, fill_book_combo
from ..i18n import vi_buttons
from ..fonts import emphasize, text_width
from ..layout import StackingSplitter, flow_row, resize_to_fit, scroll_panel
from ..list_view import ALL, RecordListMixin, export_to_excel, labelled
from ..table_models.vouchers import voucher_list_model
from ..page_changes import PageChanges
from ..operations import run_op
MONTHS = [f"Tháng {m}" for m in range(1, 13)]


def _item(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


def _money(value: int | None) -> str:
    return "" if value is None else format_vnd(value)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _error_label() -> QLabel:
    label = QLabel("")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FundPage(QWidget, RecordListMixin, PageChanges):
    title = SPEC.title
    spec = SPEC
    EXPORT_NAME = "Danh sach phieu thu chi"
    changed = Signal()
    shows = frozenset({"voucher", "voucher_link", "fund_opening", "fund_lock", "cash_count", "catalog_item",
                       "bank_account"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws

        # -- always visible: the balance
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balance_label")
        emphasize(self.balance_label, 1.6, bold=True)
        self.books_label = QLabel()  # tiền mặt / tiền gửi ngân hàng, when the fund has a bank account
        self.books_label.setObjectName("books_label")
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lock_label")
        self.lock_label.setStyleSheet("color: #555;")
        self.accounts_button = QPushButton("Tài khoản ngân hàng…")
        self.accounts_button.setToolTip("Danh mục tài khoản ngân hàng của Hội: số tài khoản, ngân hàng, số dư đầu kỳ")
        self.pay_button = QPushButton("Chi trả khen thưởng…")
        self.pay_button.setToolTip("Lập một phiếu chi cho các suất khen thưởng đã duyệt của một năm học")
        top = flow_row([self.balance_label, self.books_label, self.lock_label], [self.accounts_button, self.pay_button])
        self.message = QLabel("")  # result or refusal of the last page action (no modal dialog needed)
        self.message.setObjectName("page_message")
        self.message.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_vouchers_tab(), "Phiếu thu, phiếu chi")
        self.tabs.addTab(self._build_book_tab(), "Sổ quỹ, sổ tiền gửi")
        self.tabs.addTab(self._build_summary_tab(), "Tổng hợp")
        self.tabs.addTab(self._build_lock_tab(), "Khóa sổ, kiểm kê")
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self.pay_button.clicked.connect(self.open_award_payment)
        self.accounts_button.clicked.connect(self.open_accounts)
        self.reload_filters()
        self.apply_filter()
        self.refresh_balance()

    # == tab 1: vouchers ===========================================================================
    def _build_vouchers_tab(self) -> QWidget:
        tab = QWidget()
        self.make_record_buttons("Lập phiếu mới (Ctrl+N)", on_new=self.new_voucher, history_text="Lịch sử")
        self.bank_button = QPushButton("Ghi giấy báo ngân hàng")
        self.bank_button.setToolTip("Tiền vào / ra tài khoản ngân hàng (giấy báo Có / giấy báo Nợ)")
        self.reverse_button = QPushButton("Đảo phiếu (điều chỉnh)…")
        self.void_button = QPushButton("Hủy phiếu…")
        self.build_record_list(
            tab, model=voucher_list_model(self.ws, self), form=VoucherForm(self.ws), table_name="voucher_table",
            sizes=[700, 480], form_min_width=430, selection=QAbstractItemView.SelectionMode.SingleSelection,
            actions=[self.new_button, self.bank_button, self.reverse_button, self.void_button, self.history_button],
        )
        self.kind_filter, self.year_filter, self.book_filter = (self.filters[k] for k in ("kind", "year", "account"))
        self.book_filter.setObjectName("filter_book")
        # Newest first: the book order, descending.
        self.table.horizontalHeader().setSortIndicator(self.model.column_for_sort("book"),
                                                       Qt.SortOrder.DescendingOrder)
        self.bank_button.clicked.connect(lambda: self.new_bank_entry())
        self.reverse_button.clicked.connect(lambda: self.reverse_selected())
        self.void_button.clicked.connect(lambda: self.void_selected())
        return tab

    def reload_filters(self) -> None:
        self._years = self.ws.fund.book_years(self.ws.clock.today())
        self.fill_filters({"year": [str(y) for y in self._years]})
        set_items(self.summary_year, [str(y) for y in self._years])
        for combo in (self.book_filter, self.book_choice):
            self._fill_books(combo, everything=combo is self.book_filter)
        self.form.reload_catalogs()

    def _fill_books(self, combo: QComboBox, everything: bool) -> None:
        """The books to choose from: (Tất cả), the cash book, each bank account's book."""
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if everything:
            combo.addItem(ALL, None)
        combo.addItem("Sổ quỹ tiền mặt", "")
        for account in self.ws.fund.accounts():
            combo.addItem(f"Sổ tiền gửi: {account.account_no or account.name}", account.uuid)
            combo.setItemData(combo.count() - 1, account.label, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(kept)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def current_filter(self) -> VoucherFilter:
        year_text = self.filter_value("year")
        return VoucherFilter(year=int(year_text) if year_text.isdigit() else None, kind=self.filter_value("kind"),
                             search=self.search.text(), account=self.book_filter.currentData())

    def _show_totals(self, rows: int, _net: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} phiếu — cộng thu {format_money(self.model.receipts)}, "
                            f"cộng chi {format_money(self.model.payments)} (không tính phiếu đã hủy)")

    def selected_uuid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.uuid_at(rows[0].row())
        return self.form.current.uuid if self.form.current is not None else None

    def new_voucher(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.new_record()

    def new_bank_entry(self, account: str | None = None) -> bool:
        """An empty form for a giấy báo Có / Nợ of a bank account (the first one unless given)."""
        accounts = self.ws.fund.accounts()
        if not accounts:
            self._say("Chưa có tài khoản ngân hàng nào: bấm “Tài khoản ngân hàng…” để thêm.", error=True)
            return False
        self.tabs.setCurrentIndex(0)
        self.table.clearSelection()
        self.form.new_record(account=account or accounts[0].uuid)
        return True

    def open_accounts(self) -> None:
        BankAccountsDialog(self.ws, self).exec()  # its saves publish their changes (refresh_for)

    def refresh_for(self, changes) -> None:
        """Re-read everything a change of the book can move."""
        if changes.touches("catalog_item") or changes.touches("bank_account"):
            self.reload_filters()
        self.model.refresh()
        self.refresh_balance()
        self._refresh_tab()

    # -- reversal, void, history -------------------------------------------------------------------
    def _ask_confirm(self, ask: NeedsConfirmation, title: str) -> bool:
        return dialogs.ask(self, ask.message + "\n\nVẫn tiếp tục?", title)

    def _say_error(self, exc: AppError) -> None:
        self._say(exc.message, error=True)

    def tell(self, text: str) -> None:
        self._say(text, error=True)

    show_error = _say_error

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE + " font-weight: bold;" if error
                                   else "color: #0b4f2c; font-weight: bold;")
        self.message.setText(text)

    def reverse_selected(self, reason: str | None = None, on: date | None = None, confirm: bool = True):
        """Đảo phiếu: a reversal with a negative amount and its own number. Returns the reversal or None."""
        uuid = self.selected_uuid()
        if uuid is None:
            self._say("Hãy chọn phiếu cần đảo trong danh sách.", error=True)
            return None
        original = self.ws.fund.get(uuid)
        if reason is None:
            reason = dialogs.ask_text(self, f"Đảo phiếu {original.number} ({format_money(original.amount)}).\n"
                                            "Phiếu đảo ghi số âm, có số phiếu riêng; phiếu gốc vẫn giữ trong sổ.\n\n"
                                            "Lý do đảo phiếu:", "Đảo phiếu (điều chỉnh)")
            if reason is None:
                return None
        result = run_op(self, partial(self.ws.fund.reverse, uuid, reason, on),
                        ask=lambda q: not confirm or self._ask_confirm(q, "Xác nhận đảo phiếu"),
                        on_declined=lambda: self._say("Chưa đảo phiếu."), on_error=self._say_error)
        if result is None:
            return None
        reversal = result[0]
        self._say(f"Đã đảo phiếu {original.number} bằng phiếu {reversal.number} ({format_money(reversal.amount)}).")
        self._select_uuid(reversal.uuid)
        self.form.load(reversal.uuid)
        return reversal

    def void_selected(self, reason: str | None = None, confirm: bool = True) -> bool:
        """Hủy phiếu: the number stays in the book, marked void with its reason."""
        uuid = self.selected_uuid()
        if uuid is None:
            self._say("Hãy chọn phiếu cần hủy trong danh sách.", error=True)
            return False
        voucher = self.ws.fund.get(uuid)
        if reason is None:
            reason = dialogs.ask_text(self, f"Hủy phiếu {voucher.number}: số phiếu vẫn giữ trong sổ quỹ, số tiền "
                                            "không còn được tính.\n\nLý do hủy phiếu:", "Hủy phiếu")
            if reason is None:
                return False
        if run_op(self, partial(self.ws.fund.void, uuid, reason),
                  ask=lambda q: not confirm or self._ask_confirm(q, "Xác nhận hủy phiếu"),
                  on_declined=lambda: self._say("Chưa hủy phiếu."), on_error=self._say_error) is None:
            return False
        self._say(f"Đã hủy phiếu {voucher.number}.")
        self.form.load(uuid)
        return True

    def record_service(self):
        return self.ws.fund

    def history_uuid(self) -> str | None:
        return self.selected_uuid()

    def record_title(self, voucher) -> str:
        return f"{voucher.kind_label} {voucher.number}"

    # -- paying awards -----------------------------------------------------------------------------
    def open_award_payment(self) -> None:
        dialog = AwardPaymentDialog(self.ws, self)
        if dialog.exec() and dialog.voucher is not None:
            self._say(f"Đã lập phiếu chi {dialog.voucher.number}: {format_money(dialog.voucher.amount)} "
                      f"({dialog.paid} suất khen thưởng).")
            self.tabs.setCurrentIndex(0)
            self._select_uuid(dialog.voucher.uuid)
            self.form.load(dialog.voucher.uuid)

    # == balance ===================================================================================
    def refresh_balance(self) -> None:
        balance = self.ws.fund.balance()
        self.balance_label.setText(f"Tồn quỹ hiện tại: {format_money(balance)}")
        banked = bool(self.ws.fund.accounts())
        if banked:
            cash = self.ws.fund.balance(account="")
            self.books_label.setText(f"Tiền mặt: {format_money(cash)}<br>Tiền gửi ngân hàng: {format_money(balance - cash)}")
        self.books_label.setVisible(banked)
        self.balance_label.setStyleSheet("padding: 4px 2px; color: " + ("#0b4f2c;" if balance >= 0 else "#b00020;"))
        until = self.ws.fund.locked_until()
        self.lock_label.setText(f"Sổ quỹ đã khóa đến hết ngày {format_date(until)}" if until
                                else "Sổ quỹ chưa khóa kỳ nào")

    # == tab 2: cash book ==========================================================================
    BOOK_HEADERS = ["Ngày ghi sổ", "Ngày chứng từ", "Số hiệu thu", "Số hiệu chi", "Diễn giải", "Thu", "Chi", "Tồn",
                    "Ghi chú"]
    BANK_HEADERS = ["Ngày ghi sổ", "Ngày chứng từ", "Số báo Có", "Số báo Nợ", "Diễn giải", "Gửi vào", "Rút ra",
                    "Còn lại", "Ghi chú"]

    def _build_book_tab(self) -> QWidget:
        tab = QWidget()
        today = self.ws.clock.today()
        self.book_from = DateEdit()
        self.book_from.setObjectName("book_from")
        self.book_to = DateEdit()
        self.book_to.setObjectName("book_to")
        self.book_from.set_value(date(today.year, 1, 1))
        self.book_to.set_value(date(today.year, 12, 31))
        show = QPushButton("Xem sổ")
        self.book_choice = make_combo(editable=False)
        self.book_choice.setObjectName("book_choice")
        self.book_choice.setMinimumContentsLength(26)
        self.book_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.book_choice.addItem("Sổ quỹ tiền mặt", "")
        self.book_choice.currentIndexChanged.connect(lambda _i: self.show_cash_book())
        self.book_print_button = QPushButton("In sổ (PDF)…")
        self.book_print_button.clicked.connect(lambda: self.print_book())
        self.book_export_button = QPushButton("Xuất Excel…")
        self.book_export_button.clicked.connect(lambda: self.export_cash_book())
        bar = flow_row([self.book_choice, labelled("Từ ngày", self.book_from), labelled("đến ngày", self.book_to), show,
                        self.book_export_button, self.book_print_button])
        self.book_error = _error_label()
        self.book_table = _table(self.BOOK_HEADERS)
        self.book_table.setObjectName("book_table")
        for col, width in enumerate((95, 105, 105, 105, 330, 110, 110, 120)):
            self.book_table.setColumnWidth(col, text_width(self.book_table, width))
        self.book_table.horizontalHeader().setStretchLastSection(True)
        self.book_table.verticalHeader().setDefaultSectionSize(self.book_table.fontMetrics().height() + 8)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.book_error)
        layout.addWidget(self.book_table, 1)
        show.clicked.connect(self.show_cash_book)
        self.book_from.returnPressed.connect(self.show_cash_book)
        self.book_to.returnPressed.connect(self.show_cash_book)
        return tab

    def export_cash_book(self, path: str | None = None) -> str | None:
        """Export the cash book of the period typed above to an .xlsx file."""

        try:
            date_from, date_to = self.book_from.value(), self.book_to.value()
        except ValueError:
            date_from = date_to = None
        if date_from is None or date_to is None:
            _show_error(self.book_error, "Hãy nhập đủ ngày đầu kỳ và ngày cuối kỳ.")
            return None
        account = self.book_choice.currentData() or ""
        name = "So tien gui" if account else "So quy"
        return export_to_excel(self, f"{name} {date_from.year}.xlsx",
                               lambda p: self.ws.exports.cash_book(p, date_from, date_to, account), path)

    def _book_period(self) -> tuple[date, date] | None:
        _show_error(self.book_error, "")
        try:
            date_from, date_to = self.book_from.value(), self.book_to.value()
        except ValueError:
            _show_error(self.book_error, "Ngày không hợp lệ (nhập dạng nn/tt/nnnn).")
            return None
        if date_from is None or date_to is None:
            _show_error(self.book_error, "Hãy nhập đủ ngày đầu kỳ và ngày cuối kỳ.")
            return None
        return date_from, date_to

    def print_book(self, path: str | None = None) -> str | None:
        """Write the book chosen above (cash, or a bank account's) over the period as a PDF."""
        from ...services import documents

        period = self._book_period()
        if period is None:
            return None
        account = self.book_choice.currentData() or ""
        name = "So tien gui ngan hang" if account else "So quy tien mat"
        if path is None:
            path = dialogs.save_file(self, "In sổ ra tệp PDF", f"{name} {period[0].year}.pdf", "Tệp PDF (*.pdf)")
            if not path:
                return None
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        try:
            if account:
                from ...pdf.bank_book import render_bank_book

                render_bank_book(documents.bank_book(self.ws, *period, account), out=path)
            else:
                from ...pdf.cash_book import render_cash_book

                render_cash_book(documents.cash_book(self.ws, *period), out=path)
        except AppError as exc:
            _show_error(self.book_error, exc.message)
            return None
        self._say(f"Đã in {self.book_choice.currentText().lower()} ra tệp {path}.")
        return path

    def show_cash_book(self) -> None:
        period = self._book_period()
        if period is None:
            return
        date_from, date_to = period
        try:
            book = self.ws.fund.book(date_from, date_to, self.book_choice.currentData() or "")
        except AppError as exc:
            _show_error(self.book_error, exc.message)
            return
        table = self.book_table
        heads = self.BANK_HEADERS if book.is_bank else self.BOOK_HEADERS
        table.setHorizontalHeaderLabels(heads)
        table.setRowCount(0)
        table.setRowCount(len(book.rows) + 3)
        grey = QColor("#eef3f8")

        def summary_row(row: int, text: str, receipt, payment, balance) -> None:
            values = ["", "", "", "", text, _money(receipt), _money(payment), _money(balance), ""]
            for col, value in enumerate(values):
                item = _item(value, right=col in (5, 6, 7), bold=True)
                item.setBackground(grey)
                table.setItem(row, col, item)

        summary_row(0, f"Số dư đầu kỳ ({format_date(date_from)})", None, None, book.opening)
        for i, r in enumerate(book.rows, start=1):
            values = [format_date(r.posting_date), format_date(r.voucher_date), r.receipt_no, r.payment_no,
                      r.description, _money(r.receipt), _money(r.payment), _money(r.balance), r.note or ""]
            for col, value in enumerate(values):
                item = _item(value, right=col in (5, 6, 7))
                item.setData(Qt.ItemDataRole.UserRole, r.uuid)
                if r.status == "void":
                    item.setForeground(QColor("#888888"))
                table.setItem(i, col, item)
        n = len(book.rows)
        summary_row(n + 1, "Cộng phát sinh trong kỳ", book.receipts, book.payments, None)
        summary_row(n + 2, f"Số dư cuối kỳ ({format_date(date_to)})", None, None, book.closing)
        self.cash_book = book

    # == tab 3: summary ============================================================================
    def _build_summary_tab(self) -> QWidget:
        tab = QWidget()
        self.summary_year = make_combo(editable=False)
        self.summary_year.setObjectName("summary_year")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Năm:"))
        bar.addWidget(self.summary_year)
        bar.addStretch(1)
        self.item_table = _table(["Loại", "Khoản mục", "Số phiếu", "Số tiền"])
        self.item_table.setObjectName("item_table")
        self.month_table = _table(["Tháng", "Tồn đầu tháng", "Cộng thu", "Cộng chi", "Tồn cuối tháng"])
        self.month_table.setObjectName("month_table")
        for table, widths in ((self.item_table, (90, 230, 80)), (self.month_table, (90, 130, 120, 120))):
            for col, width in enumerate(widths):
                table.setColumnWidth(col, text_width(table, width))
            table.horizontalHeader().setStretchLastSection(True)
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Theo khoản mục</b>"))
        left.addWidget(self.item_table)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Theo tháng</b>"))
        right.addWidget(self.month_table)
        tables = QHBoxLayout()
        tables.addLayout(left, 1)
        tables.addLayout(right, 1)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addLayout(tables, 1)
        self.summary_year.currentIndexChanged.connect(lambda _i: self.show_summary())
        return tab

    def show_summary(self) -> None:
        from ...services.fund_summary import item_groups, year_total

        text = self.summary_year.currentText()
        if not text.isdigit():
            return
        year = int(text)
        items = self.ws.fund.totals_by_item(year=year)
        table = self.item_table
        rows: list[list[str]] = []
        for group in item_groups(items):
            for t in group.items:
                rows.append([KINDS[group.kind], t.item, format_vnd(t.count), format_vnd(t.amount)])
            rows.append(["", f"Cộng {KINDS[group.kind].lower().replace('phiếu ', '')}",
                         format_vnd(group.count), format_vnd(group.amount)])
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            total = values[0] == ""
            for c, value in enumerate(values):
                table.setItem(r, c, _item(value, right=c >= 2, bold=total))
        months = self.ws.fund.totals_by_month(year)
        table = self.month_table
        table.setRowCount(len(months) + 1)
        for r, m in enumerate(months):
            for c, value in enumerate([MONTHS[m.month - 1], format_vnd(m.opening), format_vnd(m.receipts),
                                       format_vnd(m.payments), format_vnd(m.closing)]):
                table.setItem(r, c, _item(value, right=c >= 1))
        whole = year_total(months)
        if whole is not None:
            last = [f"Cả năm {year}", format_vnd(whole.opening), format_vnd(whole.receipts),
                    format_vnd(whole.payments), format_vnd(whole.closing)]
            for c, value in enumerate(last):
                table.setItem(len(months), c, _item(value, right=c >= 1, bold=True))
        for t in (self.item_table, self.month_table):
            t.resizeColumnsToContents()

    # == tab 4: lock and cash count ================================================================
    def _build_lock_tab(self) -> QWidget:
        tab = QWidget()
        # -- khóa sổ
        lock_box = QGroupBox("Khóa sổ")
        self.lock_state = QLabel()
        self.lock_state.setObjectName("lock_state")
        self.lock_state.setWordWrap(True)
        self.lock_until = DateEdit()
        self.lock_until.setObjectName("lock_until")
        self.lock_reason = QLineEdit()
        self.lock_reason.setPlaceholderText("ví dụ: Khóa sổ cuối tháng")
        self.lock_button = QPushButton("Khóa sổ")
        self.reopen_to = DateEdit()
        self.reopen_to.setObjectName("reopen_to")
        self.reopen_to.setPlaceholderText("để trống: mở hết")
        self.reopen_button = QPushButton("Mở khóa sổ…")
        self.lock_error = _error_label()
        self.lock_error.setObjectName("lock_error")
        g = QGridLayout()
        g.addWidget(self.lock_state, 0, 0, 1, 3)
        g.addWidget(QLabel("Khóa sổ đến hết ngày:"), 1, 0)
        g.addWidget(self.lock_until, 1, 1)
        g.addWidget(QLabel("Ghi chú:"), 2, 0)
        g.addWidget(self.lock_reason, 2, 1)
        g.addWidget(self.lock_button, 2, 2)
        g.addWidget(QLabel("Mở lại sổ từ sau ngày:"), 3, 0)
        g.addWidget(self.reopen_to, 3, 1)
        g.addWidget(self.reopen_button, 3, 2)
        g.addWidget(self.lock_error, 4, 0, 1, 3)
        self.lock_table = _table(["Thời gian", "Thao tác", "Khóa đến hết ngày", "Lý do", "Người thực hiện"])
        self.lock_table.setObjectName("lock_table")
        for col, width in enumerate((140, 80, 130, 200)):
            self.lock_table.setColumnWidth(col, text_width(self.lock_table, width))
        self.lock_table.horizontalHeader().setStretchLastSection(True)
        box = QVBoxLayout(lock_box)
        box.addLayout(g)
        box.addWidget(self.lock_table, 1)

        # -- kiểm kê
        count_box = QGroupBox("Kiểm kê quỹ tiền mặt (chỉ tiền mặt trong két, không gồm tiền gửi ngân hàng)")
        self.count_date = DateEdit()
        self.count_date.setObjectName("count_date")
        self.count_date.set_value(self.ws.clock.today())
        self.counted = MoneyEdit()
        self.counted.setObjectName("counted")
        self.counted_by = QLineEdit()
        self.counted_by.setPlaceholderText("ví dụ: Chủ tịch hội, thủ quỹ")
        self.explanation = QLineEdit()
        self.explanation.setPlaceholderText("bắt buộc khi có chênh lệch")
        self.count_book = QLabel()
        self.count_book.setObjectName("count_book")
        self.count_difference = QLabel()
        self.count_difference.setObjectName("count_difference")
        self.count_difference.setStyleSheet("font-weight: bold;")
        self.count_button = QPushButton("Ghi biên bản kiểm kê")
        self.count_error = _error_label()
        self.count_error.setObjectName("count_error")
        c = QGridLayout()
        rows = [("Ngày kiểm kê:", self.count_date), ("Tồn theo sổ quỹ tiền mặt:", self.count_book),
                ("Tiền mặt đếm được:", self.counted), ("Chênh lệch:", self.count_difference),
                ("Giải trình chênh lệch:", self.explanation), ("Người kiểm kê:", self.counted_by)]
        for r, (text, widget) in enumerate(rows):
            c.addWidget(QLabel(text), r, 0, Qt.AlignmentFlag.AlignRight)
            c.addWidget(widget, r, 1)
        c.addWidget(self.count_button, len(rows), 1, Qt.AlignmentFlag.AlignLeft)
        c.addWidget(self.count_error, len(rows) + 1, 0, 1, 2)
        self.count_table = _table(["Ngày", "Theo sổ", "Đếm được", "Chênh lệch", "Giải trình", "Người kiểm kê"])
        self.count_table.setObjectName("count_table")
        for col, width in enumerate((95, 110, 110, 100, 200)):
            self.count_table.setColumnWidth(col, text_width(self.count_table, width))
        self.count_table.horizontalHeader().setStretchLastSection(True)
        cbox = QVBoxLayout(count_box)
        cbox.addLayout(c)
        cbox.addWidget(self.count_table, 1)

        boxes = StackingSplitter()  # side by side on a wide page, one above the other on a narrow one
        boxes.setObjectName("fund_lock_splitter")
        boxes.addWidget(lock_box)
        boxes.addWidget(count_box)
        layout = QHBoxLayout(tab)
        layout.addWidget(scroll_panel(boxes))  # stacked, the two boxes are taller than a small screen

        self.lock_button.clicked.connect(lambda: self.lock_book())
        self.reopen_button.clicked.connect(lambda: self.reopen_book())
        self.count_button.clicked.connect(lambda: self.save_cash_count())
        self.count_date.textChanged.connect(lambda _t: self._show_count_difference())
        self.counted.textChanged.connect(lambda _t: self._show_count_difference())
        return tab

    def show_lock_state(self) -> None:
        until = self.ws.fund.locked_until()
        self.lock_state.setText(
            f"Sổ quỹ đang khóa đến hết ngày <b>{format_date(until)}</b>: không thể ghi, đảo hay hủy phiếu "
            "từ ngày đó trở về trước." if until else "Sổ quỹ chưa khóa kỳ nào.")
        if not self.lock_until.text():
            today = self.ws.clock.today()
            self.lock_until.set_value(date.fromordinal(date(today.year, today.month, 1).toordinal() - 1))
        entries = list(reversed(self.ws.fund.lock_history()))
        self.lock_table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = [format_local_time(e.created_at), "Khóa sổ" if e.action == "lock" else "Mở khóa",
                      format_date(e.locked_until) if e.locked_until else "(mở hết)", e.reason, e.operator]
            for col, value in enumerate(values):
                self.lock_table.setItem(r, col, _item(value))
        counts = self.ws.fund.cash_counts()
        self.count_table.setRowCount(len(counts))
        for r, k in enumerate(sorted(counts, key=lambda k: (k.count_date, k.created_at), reverse=True)):
            values = [format_date(k.count_date), format_vnd(k.book_balance), format_vnd(k.counted),
                      format_vnd(k.difference), k.explanation, k.counted_by]
            for col, value in enumerate(values):
                self.count_table.setItem(r, col, _item(value, right=col in (1, 2, 3)))
        for t in (self.lock_table, self.count_table):
            t.resizeColumnsToContents()
        self._show_count_difference()

    def lock_book(self, until: date | None = None, reason: str | None = None) -> bool:
        _show_error(self.lock_error, "")
        try:
            until = until or self.lock_until.value()
        except ValueError:
            _show_error(self.lock_error, "Ngày khóa sổ không hợp lệ (nhập dạng nn/tt/nnnn).")
            return False
        if until is None:
            _show_error(self.lock_error, "Hãy nhập ngày khóa sổ.")
            return False
        if run_op(self, partial(self.ws.fund.lock, until, reason if reason is not None else self.lock_reason.text()),
                  on_error=lambda exc: _show_error(self.lock_error, exc.message)) is None:
            return False
        self._say(f"Đã khóa sổ quỹ đến hết ngày {format_date(until)}.")
        self.lock_reason.clear()
        return True

    def reopen_book(self, reason: str | None = None) -> bool:
        _show_error(self.lock_error, "")
        try:
            to = self.reopen_to.value()
        except ValueError:
            _show_error(self.lock_error, "Ngày mở khóa không hợp lệ (nhập dạng nn/tt/nnnn).")
            return False
        if reason is None:
            reason = dialogs.ask_text(self, "Mở khóa sổ được ghi vào nhật ký.\n\nLý do mở khóa sổ:", "Mở khóa sổ")
            if reason is None:
                return False
        if run_op(self, partial(self.ws.fund.reopen, to, reason),
                  on_error=lambda exc: _show_error(self.lock_error, exc.message)) is None:
            return False
        self._say("Đã mở khóa sổ quỹ" + (f" (còn khóa đến hết ngày {format_date(to)})." if to else "."))
        self.reopen_to.clear()
        return True

    def _show_count_difference(self) -> None:
        from ...services.fund_summary import cash_difference, describe_difference

        try:
            on = self.count_date.value()
        except ValueError:
            on = None
        if on is None:
            self.count_book.setText("—")
            self.count_difference.setText("")
            return
        book = self.ws.fund.balance(on, account="")
        self.count_book.setText(format_money(book))
        try:
            counted = self.counted.value() if self.counted.text().strip() else None
        except ValueError:
            counted = None
        if counted is None:
            self.count_difference.setText("")
            return
        diff = cash_difference(counted, book)
        self.count_difference.setText(describe_difference(diff))
        color = "#0b4f2c" if diff == 0 else "#b00020"
        self.count_difference.setStyleSheet(f"font-weight: bold; color: {color};")

    def save_cash_count(self) -> bool:
        _show_error(self.count_error, "")
        try:
            on = self.count_date.value()
            counted = self.counted.value() if self.counted.text().strip() else None
        except ValueError:
            _show_error(self.count_error, "Ngày hoặc số tiền không đọc được.")
            return False
        if on is None:
            _show_error(self.count_error, "Chưa nhập ngày kiểm kê.")
            return False
        result = run_op(self, partial(self.ws.fund.count_cash, on, counted=counted,
                                      explanation=self.explanation.text(), counted_by=self.counted_by.text()),
                        on_error=lambda exc: _show_error(self.count_error, exc.message))
        if result is None:
            return False
        count = result[0]
        self._say(f"Đã ghi biên bản kiểm kê ngày {format_date(count.count_date)}: chênh lệch "
                  f"{format_money(count.difference)}.")
        self.counted.clear()
        self.explanation.clear()
        self._show_count_difference()
        return True

    # == page ======================================================================================
    def _refresh_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index == 1:
            self.show_cash_book()
        elif index == 2:
            self.show_summary()
        elif index == 3:
            self.show_lock_state()

    def on_activated(self) -> None:
        self.reload_filters()
        self.model.refresh()
        self.refresh_balance()
        self._refresh_tab()



class AwardPaymentDialog(QDialog):
    """Chi trả khen thưởng: tick approved awards of one school year (filtered by school) → one phiếu chi."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.voucher = None
        self.paid = 0
        self.setWindowTitle("Chi trả khen thưởng")
        resize_to_fit(self, 900, 640)
        self.year = make_combo(editable=False)
        self.year.setObjectName("pay_year")
        self.school = make_combo(editable=False)
        self.school.setObjectName("pay_school")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Năm học:"))
        bar.addWidget(self.year, 1)
        bar.addWidget(QLabel("Trường:"))
        bar.addWidget(self.school, 2)
        self.all_box = QCheckBox("Chọn tất cả")
        bar.addWidget(self.all_box)
        self.table = _table(["Chọn", "Họ và tên", "Lớp", "Trường", "Thành tích", "Số tiền"])
        self.table.setObjectName("pay_table")
        for col, width in enumerate((50, 190, 50, 190, 190)):
            self.table.setColumnWidth(col, text_width(self.table, width))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.total = QLabel()
        self.total.setObjectName("pay_total")
        self.total.setStyleSheet("font-weight: bold;")
        self.on = DateEdit()
        self.on.set_value(self.ws.clock.today())
        self.person = QLineEdit()
        self.person.setPlaceholderText("người nhận tiền để trao thưởng, ví dụ thủ quỹ")
        self.method = make_combo(editable=False)
        fill_book_combo(self.method, ws)
        self.error = _error_label()
        self.error.setObjectName("pay_error")
        form = QGridLayout()
        form.addWidget(QLabel("Ngày chi:"), 0, 0)
        form.addWidget(self.on, 0, 1)
        form.addWidget(QLabel("Người nhận tiền:"), 0, 2)
        form.addWidget(self.person, 0, 3)
        form.addWidget(QLabel("Hình thức:"), 0, 4)
        form.addWidget(self.method, 0, 5)
        form.setColumnStretch(3, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lập phiếu chi")
        vi_buttons(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lập phiếu chi")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Các suất khen thưởng <b>đã duyệt</b>, chưa chi tiền. Mỗi phiếu chi cho một năm học."))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        years = self.ws.catalogs.names("school_year")[::-1]
        set_items(self.year, years)
        set_items(self.school, [ALL] + self.ws.catalogs.names("school"))
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        self.school.currentIndexChanged.connect(lambda _i: self.reload())
        self.all_box.toggled.connect(self._check_all)
        self.table.itemChanged.connect(lambda _i: self._show_total())
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        # Start on the newest school year that has something to pay.
        from ...services.award_payments import first_year_to_pay

        start = first_year_to_pay(self.ws, years)
        if start is not None:
            self.year.setCurrentIndex(start)
        self.reload()

    def reload(self) -> None:
        from ...services.award_payments import payable_awards

        school = self.school.currentText()
        self.awards = payable_awards(self.ws, self.year.currentText(), "" if school == ALL else school)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.awards))
        for r, a in enumerate(self.awards):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, check)
            for c, value in enumerate([a.full_name, a.class_name, a.school, a.achievement or a.category,
                                       format_vnd(a.amount)], start=1):
                self.table.setItem(r, c, _item(value, right=c == 5))
        self.table.blockSignals(False)
        self._show_total()

    def _check_all(self, on: bool) -> None:
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._show_total()

    def set_checked(self, rows, on: bool = True) -> None:
        for r in rows:
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list:
        return [a for r, a in enumerate(self.awards)
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def _show_total(self) -> None:
        _show_error(self.error, "")  # a warning about the previous choice (e.g. not enough money) no longer holds
        chosen = self.chosen()
        self.total.setText(f"Đã chọn {len(chosen)}/{len(self.awards)} suất — tổng {format_money(sum(a.amount for a in chosen))}"
                           f" — tồn quỹ tiền mặt {format_money(self.ws.fund.balance(account=''))}")

    def submit(self, confirm: bool = True) -> bool:
        _show_error(self.error, "")
        chosen = self.chosen()
        if not chosen:
            _show_error(self.error, "Chưa chọn suất khen thưởng nào.")
            return False
        try:
            on = self.on.value()
        except ValueError:
            _show_error(self.error, "Ngày chi không hợp lệ (nhập dạng nn/tt/nnnn).")
            return False
        if on is None:
            _show_error(self.error, "Chưa nhập ngày chi.")
            return False
        from ...services.award_payments import default_payee

        person = default_payee(self.ws, self.person.text())
        account = self.method.currentData() or ""
        args = dict(address=self.ws.organisation.committee_name or "", account=account,
                    method="transfer" if account else "cash")
        uuids = [a.uuid for a in chosen]

        def ask(question) -> bool:
            if not confirm or dialogs.ask(self, question.message + "\n\nVẫn lập phiếu chi?", "Xác nhận chi"):
                return True
            _show_error(self.error, question.message)  # until the choice changes (`_show_total`)
            return False

        result = run_op(self, partial(self.ws.fund.pay_awards, uuids, on, person, **args), ask=ask,
                        on_error=lambda exc: _show_error(self.error, exc.message))
        if result is None:
            return False
        self.voucher, self.paid = result[0], len(uuids)
        self.accept()
        return True
