"""The phiếu thu / phiếu chi form: keyboard first — Enter saves and opens the next phiếu, Esc clears.

"Sổ ghi" chooses the book: cash (phiếu thu / chi) or a bank account (giấy báo Có / Nợ, its own series).

A saved phiếu is never edited: selecting one in the list shows it read-only; it is corrected with
"Đảo phiếu" or "Hủy phiếu" on the page.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError, FieldError, PeriodLockedError, ValidationError
from ...domain.fund import BANK_KINDS, KINDS, METHODS, SPEC, Voucher, VoucherDraft, person_label
from ...vietnamese import amount_in_words, format_date, format_money
from ..fonts import emphasize
from .fields import FieldGrid, IntEdit, RecordForm, Readings, combo_text, make_combo, set_combo_text, set_items
from .fields import make_button_row, make_save_button, make_status_line

KIND_BY_LABEL = {**{v: k for k, v in KINDS.items()}, **{v: k for k, v in BANK_KINDS.items()}}
METHOD_BY_LABEL = {v: k for k, v in METHODS.items()}
CASH_BOOK_LABEL = "Tiền mặt — sổ quỹ tiền mặt"


def book_items(ws) -> list[tuple[str, str]]:
    """(label, account uuid) of every book a movement can go to: cash first, then each bank account."""
    return [(CASH_BOOK_LABEL, "")] + [(f"Chuyển khoản — {a.label}", a.uuid) for a in ws.fund.accounts()]


def fill_book_combo(combo: QComboBox, ws) -> None:
    """Offer the books, keeping the chosen one when it still exists."""
    kept = combo.currentData() or ""
    combo.blockSignals(True)
    combo.clear()
    for label, uuid in book_items(ws):
        combo.addItem(label, uuid)
    index = combo.findData(kept)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def _completer(widget: QLineEdit, items: list[str]) -> None:
    completer = QCompleter(items, widget)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    widget.setCompleter(completer)


class VoucherForm(RecordForm):
    """Writes a new phiếu. Emits `saved(uuid)` after a successful save."""

    SAVE_VERB = "ghi phiếu"

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: Voucher | None = None  # a saved phiếu shown read-only
        # Asked before saving over a warning (tồn quỹ không đủ, ngày ở tương lai …); tests replace it.

        self.title = QLabel()
        self.title.setObjectName("form_title")
        self.title.setWordWrap(True)
        self.number_label = QLabel()
        self.number_label.setObjectName("number_label")
        self.number_label.setWordWrap(True)
        self.number_label.setStyleSheet("color: #1f5fa8;")
        emphasize(self.number_label, 1.2, bold=True)
        grid = FieldGrid(self, columns=1)
        self.grid = grid
        w: dict[str, QWidget] = {}
        # The phiếu's fields as its spec declares them, in the form's words where it has its own.
        f = SPEC.field
        w["kind"] = grid.add_field(f("kind"), make_combo(list(KINDS.values()), editable=False))
        w["voucher_date"] = grid.add_field(f("voucher_date"))
        w["posting_date"] = grid.add_field(f("posting_date"))
        w["person"] = grid.add_field(f("person"), label="Người nộp tiền")  # relabelled with the kind
        w["address"] = grid.add_field(f("address"))
        w["reason"] = grid.add_field(f("reason"))
        w["item"] = grid.add_field(f("item"))
        w["amount"] = grid.add_field(f("amount"), label="Số tiền (đồng)")
        self.words = QLabel("")
        self.words.setObjectName("amount_words")
        self.words.setWordWrap(True)
        self.words.setStyleSheet("font-style: italic; color: #333;")
        grid.add("amount_words", "Bằng chữ", self.words)
        w["method"] = grid.add_field(f("method"), make_combo(editable=False), label="Sổ ghi (hình thức)")
        w["attachments"] = grid.add_field(f("attachments"), IntEdit(999), label="Kèm theo (chứng từ gốc)")
        w["note"] = grid.add_field(f("note"))
        self.w = w
        w["posting_date"].setPlaceholderText("để trống: như ngày chứng từ")
        w["reason"].setPlaceholderText("ví dụ: Ủng hộ quỹ khuyến học năm 2026")

        self.save_button = make_save_button("Ghi phiếu (Enter)")
        self.clear_button = QPushButton("Phiếu mới (Esc)")
        buttons = make_button_row((self.save_button, self.clear_button))
        self.status_line = make_status_line()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.number_label)
        layout.addLayout(grid.layout)
        layout.addLayout(buttons)
        layout.addWidget(self.status_line)
        layout.addStretch(1)

        w["kind"].currentIndexChanged.connect(lambda _i: self._kind_changed())
        w["method"].currentIndexChanged.connect(lambda _i: self._kind_changed())
        w["voucher_date"].textChanged.connect(lambda _t: self._show_number())
        w["posting_date"].textChanged.connect(lambda _t: self._show_number())
        w["amount"].textChanged.connect(self._show_words)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(lambda: self.new_record())
        self.reload_catalogs()
        self.new_record()

    # -- loading -----------------------------------------------------------------------
    def kind(self) -> str:
        return KIND_BY_LABEL.get(self.w["kind"].currentText(), "thu")

    def account(self) -> str:
        """The bank account chosen ("" = cash)."""
        return self.w["method"].currentData() or ""

    def reload_catalogs(self) -> None:
        fill_book_combo(self.w["method"], self.ws)
        set_items(self.w["item"], self.ws.fund.items(self.kind()))
        for name in ("person", "address"):
            _completer(self.w[name], self.ws.fund.suggestions(name))

    def new_record(self, kind: str | None = None, on: date | None = None, account: str | None = None) -> None:
        """An empty form for the next phiếu (keeps the kind, book and date just used)."""
        self.current = None
        self._set_read_only(False)
        self.grid.clear_errors()
        if account is not None:
            self._choose_book(account)
        if kind is not None:
            self.w["kind"].setCurrentIndex(list(KINDS).index(kind))
        for name in ("person", "address", "reason", "note"):
            self.w[name].clear()
        self.w["posting_date"].clear()
        if on is not None:
            self.w["voucher_date"].set_value(on)
        else:
            try:
                kept = self.w["voucher_date"].value()
            except ValueError:
                kept = None
            self.w["voucher_date"].set_value(kept or self.ws.clock.today())
        set_combo_text(self.w["item"], "")
        self.w["amount"].clear()
        self.w["attachments"].clear()
        self._kind_changed()
        self.mark_clean()
        self.w["person"].setFocus()

    def load(self, uuid: str) -> None:
        """Show a saved phiếu, read-only."""
        v = self._fetch(self.ws.fund.get, uuid)
        if v is None:
            return
        self.current = v
        self.grid.clear_errors()
        w = self.w
        w["kind"].blockSignals(True)
        w["method"].blockSignals(True)
        self._choose_book(v.account_uuid)
        self._kind_labels(v.account_uuid)
        w["kind"].setCurrentIndex(list(KINDS).index(v.kind))
        w["kind"].blockSignals(False)
        w["method"].blockSignals(False)
        self._relabel()
        set_items(w["item"], self.ws.fund.items(v.kind))
        w["voucher_date"].set_value(v.voucher_date)
        w["posting_date"].set_value(v.posting_date)
        for name in ("person", "address", "reason", "note"):
            w[name].setText(getattr(v, name))
        set_combo_text(w["item"], v.item)
        w["amount"].set_value(v.amount)
        self._show_words()
        w["attachments"].set_value(v.attachments)
        self._set_read_only(True)
        self.number_label.setText(f"Số phiếu: {v.number}")
        state = v.status_label
        if v.is_void:
            state += f" — lý do hủy: {v.void_reason}"
        elif v.is_reversal:
            state = "Phiếu đảo (ghi số âm)"
        else:
            reversal = self.ws.fund.reversal_of(v.uuid)
            if reversal is not None:
                state += f" — đã đảo bởi phiếu {reversal.number}"
        self.title.setText(f"<b>{v.kind_label} {v.number}</b> — {state}<br>"
                           "<span style='color:#555'>Phiếu đã ghi sổ không sửa được; dùng “Đảo phiếu” "
                           "hoặc “Hủy phiếu”.</span>")
        self.status_line.setText(f"Người lập phiếu: {v.preparer or '(không ghi)'}")
        self.mark_clean()

    def _set_read_only(self, read_only: bool) -> None:
        for name, widget in self.w.items():
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)
        self.save_button.setEnabled(not read_only)

    def _choose_book(self, account: str) -> None:
        index = self.w["method"].findData(account)
        if index < 0:  # an account added since: offer it
            fill_book_combo(self.w["method"], self.ws)
            index = max(0, self.w["method"].findData(account))
        self.w["method"].setCurrentIndex(index)

    def _kind_labels(self, account: str) -> None:
        """Phiếu thu / chi for cash, giấy báo Có / Nợ for a bank account."""
        labels = BANK_KINDS if account else KINDS
        for i, kind in enumerate(KINDS):
            self.w["kind"].setItemText(i, labels[kind])

    def _kind_changed(self) -> None:
        if self.current is not None:
            return
        self._kind_labels(self.account())
        set_items(self.w["item"], self.ws.fund.items(self.kind()))
        self._relabel()
        label = self.w["kind"].currentText()
        self.title.setText(f"<b>Lập {label[0].lower()}{label[1:]} mới</b>")  # "giấy báo Có" keeps its capital
        self._show_number()

    def _relabel(self) -> None:
        kind = self.kind()
        self.grid.labels["person"].setText(f"{person_label(kind)} <span style='color:#b00020'>*</span>")
        self.grid.labels["reason"].setText(f"Lý do {'nộp' if kind == 'thu' else 'chi'} "
                                           "<span style='color:#b00020'>*</span>")

    def _show_number(self) -> None:
        if self.current is not None:
            return
        try:
            on = self.w["posting_date"].value() or self.w["voucher_date"].value()
        except ValueError:
            on = None
        self.number_label.setText(f"Số phiếu (tự cấp khi ghi): "
                                  f"{self.ws.fund.next_number(self.kind(), on, self.account())}")

    def _show_words(self, _text: str = "") -> None:
        try:
            amount = self.w["amount"].value()
        except ValueError:
            self.words.setText("(số tiền chưa đọc được)")
            return
        self.words.setText(amount_in_words(amount) + "." if amount > 0 else "")

    # -- saving ------------------------------------------------------------------------
    def read_form(self) -> tuple[VoucherDraft, list[FieldError]]:
        w = self.w
        readings = Readings()
        voucher_date = readings.date("voucher_date", w["voucher_date"])
        posting_date = readings.date("posting_date", w["posting_date"])
        amount = readings.money("amount", w["amount"])
        draft = VoucherDraft(
            kind=self.kind(), voucher_date=voucher_date, posting_date=posting_date,
            person=w["person"].text(), address=w["address"].text(), reason=w["reason"].text(),
            item=combo_text(w["item"]), amount=amount,
            method="transfer" if self.account() else "cash", account_uuid=self.account(),
            attachments=w["attachments"].value(), note=w["note"].text(),
        )
        return draft, readings.problems

    def _date_field(self) -> str:
        return "posting_date" if self.w["posting_date"].text().strip() else "voucher_date"

    def _field_for(self, name: str) -> str:
        if name == "posting_date" and not self.w["posting_date"].text().strip():
            return "voucher_date"
        if name == "account_uuid":
            return "method"
        return name if name in self.w else "reason"

    def _may_save(self) -> bool:
        if self.current is not None:
            self.status_line.setText("Phiếu đã ghi sổ không sửa được. Bấm “Phiếu mới” để lập phiếu khác.")
            return False
        return True

    def _check_errors(self, draft: VoucherDraft) -> list:
        return self.ws.fund.check(draft)[1]

    def _write_call(self, draft: VoucherDraft):
        return partial(self.ws.fund.add, draft)

    def _after_write(self, voucher: Voucher, draft: VoucherDraft) -> str:
        """An empty form for the next phiếu, on the same day and in the same book."""
        self.saved.emit(voucher.uuid)
        self.new_record(on=draft.voucher_date, account=draft.account_uuid)
        label = voucher.kind_label
        self.status_line.setText(f"Đã ghi {label[0].lower()}{label[1:]} {voucher.number}: "
                                 f"{format_money(voucher.amount)} ({voucher.person}). Nhập tiếp phiếu sau.")
        return voucher.uuid

    def _show_failure(self, exc: AppError) -> None:
        if isinstance(exc, ValidationError):
            self._show_invalid(exc)
        elif isinstance(exc, PeriodLockedError):
            field = self._date_field()
            self.grid.set_error(field, exc.message)
            self.w[field].setFocus()
            self.status_line.setText("Chưa ghi phiếu: ngày phiếu nằm trong kỳ đã khóa sổ.")
        else:
            self.status_line.setText(exc.message)

    def _discard(self) -> None:
        self.new_record()  # Esc drops what was typed: a recorded phiếu cannot be edited anyway


__all__ = ["VoucherForm", "IntEdit", "format_date"]
