"""Danh mục tài khoản ngân hàng: the bank accounts whose books (sổ tiền gửi) the fund keeps, with
their number, bank and opening balance. An account with entries cannot be removed (its book stays)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.errors import AppError, NeedsConfirmation, ValidationError
from ...vietnamese import format_vnd
from .. import dialogs
from ..layout import resize_to_fit
from ..i18n import vi_buttons
from ..operations import run_op
from .fields import FieldGrid, MoneyEdit, make_button_row, make_save_button, make_status_line, show_problems
from .fields import IntEdit

_HEADERS = ["Tên tài khoản", "Số tài khoản", "Ngân hàng", "Năm bắt đầu", "Số dư đầu kỳ"]


class BankAccountsDialog(QDialog):
    """List of the accounts and a form to add or edit one."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current: str | None = None  # uuid of the account in the form; None = a new one
        self.setWindowTitle("Tài khoản ngân hàng của Hội")
        resize_to_fit(self, 820, 520)
        self.table = QTableWidget(0, len(_HEADERS))
        self.table.setObjectName("account_table")
        self.table.setHorizontalHeaderLabels(_HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        grid = FieldGrid(self, columns=2)
        self.grid = grid
        self.w = {
            "name": grid.add("name", "Tên tài khoản", QLineEdit(), span=2),
            "account_no": grid.add("account_no", "Số tài khoản", QLineEdit()),
            "bank_name": grid.add("bank_name", "Ngân hàng (nơi mở)", QLineEdit()),
            "opening_year": grid.add("opening_year", "Năm bắt đầu ghi sổ", IntEdit(2200)),
            "opening_amount": grid.add("opening_amount", "Số dư đầu kỳ (đồng)", MoneyEdit()),
            "note": grid.add("note", "Ghi chú", QLineEdit(), span=2),
        }
        self.w["name"].setPlaceholderText("ví dụ: Tài khoản tiền gửi Quỹ khuyến học")
        self.w["account_no"].setMaxLength(30)
        self.w["bank_name"].setPlaceholderText("ví dụ: Agribank chi nhánh huyện Tân Yên")
        self.save_button = make_save_button("Lưu tài khoản")
        self.new_button = QPushButton("Thêm tài khoản mới")
        self.delete_button = QPushButton("Xóa tài khoản")
        self.status_line = make_status_line()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        vi_buttons(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(grid.layout)
        layout.addLayout(make_button_row((self.save_button, self.new_button, self.delete_button)))
        layout.addWidget(self.status_line)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save_button.clicked.connect(lambda: self.save())
        self.new_button.clicked.connect(lambda: self.load(None))
        self.delete_button.clicked.connect(lambda: self.delete())
        close.rejected.connect(self.reject)
        self.reload()
        self.load(None)

    def reload(self) -> None:
        self.accounts = self.ws.fund.accounts()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.accounts))
        for r, a in enumerate(self.accounts):
            values = [a.name, a.account_no, a.bank_name, str(a.opening_year or ""),
                      format_vnd(a.opening_amount) if a.opening_year else ""]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.load(self.accounts[rows[0].row()].uuid)

    def load(self, uuid: str | None) -> None:
        """Show an account in the form (None: an empty form for a new one)."""
        self.grid.clear_errors()
        self.current = uuid
        account = self.ws.fund.account(uuid) if uuid else None
        for name in ("name", "account_no", "bank_name", "note"):
            self.w[name].setText(getattr(account, name) if account else "")
        self.w["opening_year"].set_value(account.opening_year if account else None)
        self.w["opening_amount"].set_value(account.opening_amount if account else None)
        self.delete_button.setEnabled(account is not None)
        self.status_line.setText(f"Đang sửa: {account.label}" if account else "Nhập tài khoản mới.")

    def _show_failure(self, exc: AppError) -> None:
        if isinstance(exc, ValidationError):
            show_problems(self.grid, exc.errors, lambda name: name, self.w)
            self.status_line.setText("Chưa lưu: hãy sửa các ô báo đỏ.")
        else:
            self.status_line.setText(exc.message)

    def _ask(self, confirm: bool):
        def ask(question: NeedsConfirmation) -> bool:
            if not confirm or dialogs.ask(self, question.message, "Xác nhận sửa số dư đầu kỳ"):
                return True
            self.status_line.setText("Chưa lưu tài khoản.")
            return False

        return ask

    def save(self, confirm: bool = True) -> bool:
        self.grid.clear_errors()
        try:
            amount = self.w["opening_amount"].value()
        except ValueError:
            self.grid.set_error("opening_amount", f"Số tiền “{self.w['opening_amount'].text()}” không đọc được.")
            return False
        year = self.w["opening_year"].value() or None
        values = dict(name=self.w["name"].text(), account_no=self.w["account_no"].text(),
                      bank_name=self.w["bank_name"].text(), opening_year=year, opening_amount=amount,
                      note=self.w["note"].text())
        result = run_op(self, partial(self.ws.fund.save_account, self.current, **values), ask=self._ask(confirm),
                        on_error=self._show_failure)
        if result is None:
            return False
        account = result[0]
        self.reload()
        self.load(account.uuid)
        self.status_line.setText(f"Đã lưu tài khoản {account.label}.")
        return True

    def delete(self) -> bool:
        if self.current is None:
            return False
        if run_op(self, partial(self.ws.fund.delete_account, self.current), on_error=self._show_failure) is None:
            return False
        self.reload()
        self.load(None)
        self.status_line.setText("Đã xóa tài khoản.")
        return True
