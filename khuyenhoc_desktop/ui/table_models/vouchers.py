"""The voucher list model (phiếu thu / phiếu chi): columns of `storage.fund.LIST_COLUMNS` in Vietnamese."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...domain.fund import BANK_KINDS, KINDS, METHODS, STATUSES
from ...storage.fund import LIST_COLUMNS
from ...vietnamese import format_vnd
from .paged import Column, PagedSource, PagedTableModel

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}


def iso_to_vn(value) -> str:
    if not value:
        return ""
    y, m, d = str(value).split("-")
    return f"{d}/{m}/{y}"


KIND_COLUMN = 1
COLUMNS = [
    Column("Số phiếu", _I["number"], sort="number", width=120),
    Column("Loại", _I["kind"], sort="kind", format=lambda v: KINDS.get(v, v or ""), width=80),
    Column("Ngày ghi sổ", _I["posting_date"], sort="book", format=iso_to_vn, width=100),
    Column("Ngày chứng từ", _I["voucher_date"], sort="voucher_date", format=iso_to_vn, width=110),
    Column("Người nộp / nhận", _I["person"], sort="person", width=170),
    Column("Khoản mục", _I["item"], sort="item", width=150),
    Column("Số tiền", _I["amount"], sort="amount", format=lambda v: format_vnd(v or 0), align_right=True, width=110),
    Column("Hình thức", _I["method"], format=lambda v: METHODS.get(v, v or ""), width=95),
    Column("Trạng thái", _I["status"], sort="status", format=lambda v: STATUSES.get(v, v or ""), width=90),
    Column("Lý do", _I["reason"], width=260),
]


class VoucherListModel(PagedTableModel):
    """Paged vouchers; void rows are shown grey and struck out, reversals in dark red."""

    def __init__(self, ws, parent=None) -> None:
        self.receipts = 0
        self.payments = 0
        source = PagedSource(count=self._count_rows, page=ws.fund.page, id_index=_I["id"], uuid_index=_I["uuid"])
        self._ws = ws
        super().__init__(source, COLUMNS, default_sort="book", parent=parent)

    def _count_rows(self, flt) -> tuple[int, int]:
        rows, self.receipts, self.payments = self._ws.fund.count_and_totals(flt)
        return rows, self.receipts - self.payments

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole and index.column() == KIND_COLUMN:
            row = self.row_tuple(index.row())
            if row is not None and row[_I["account_uuid"]]:  # a bank movement: giấy báo Có / Nợ
                return BANK_KINDS.get(row[_I["kind"]], row[_I["kind"]])
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            row = self.row_tuple(index.row())
            if row is None:
                return None
            if row[_I["status"]] == "void":
                if role == Qt.ItemDataRole.ForegroundRole:
                    from PySide6.QtGui import QColor
                    return QColor("#888888")
                from PySide6.QtGui import QFont
                font = QFont()
                font.setStrikeOut(True)
                return font
            if row[_I["reverses_uuid"]] and role == Qt.ItemDataRole.ForegroundRole:
                from PySide6.QtGui import QColor
                return QColor("#9a1c1c")
            return None
        return super().data(index, role)


def voucher_list_model(ws, parent=None) -> VoucherListModel:
    return VoucherListModel(ws, parent)
