"""The voucher list model (phiếu thu / phiếu chi): the columns of the voucher spec over `storage.fund.LIST_COLUMNS`."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...domain.fund import BANK_KINDS, SPEC
from ...domain.list_count import ListCount
from ...storage.fund import LIST_COLUMNS
from .paged import PagedSource, PagedTableModel, spec_columns

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}


KIND_COLUMN = 1
COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


class VoucherListModel(PagedTableModel):
    """Paged vouchers; void rows are shown grey and struck out, reversals in dark red."""

    def __init__(self, ws, parent=None) -> None:
        self.receipts = 0
        self.payments = 0
        source = PagedSource(count=self._count_rows, page=ws.fund.page, id_index=_I["id"], uuid_index=_I["uuid"])
        self._ws = ws
        super().__init__(source, COLUMNS, default_sort="book", parent=parent)

    def _count_rows(self, flt) -> ListCount:
        found = self._ws.fund.count_and_totals(flt)
        self.receipts, self.payments = found.receipts, found.payments
        return found

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
