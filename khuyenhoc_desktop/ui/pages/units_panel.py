"""The catalogue of the association's units (chi hội, ban khuyến học, tổ hội): a table with the number of
members of each, its form beside it, the counts by kind under it."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QAbstractItemView, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.members import UNIT_KINDS
from ...vietnamese import format_date
from ..forms.unit_form import UnitForm
from ..list_view import labelled, make_button_row, make_footer, make_list_and_form
from ..operations import run_op

HEADERS = ("Loại", "Tên", "Thôn", "Người phụ trách", "Điện thoại", "Ngày thành lập", "Hoạt động", "Hội viên")


class UnitsPanel(QWidget):
    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.uuids: list[str] = []
        self.form = UnitForm(ws)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("unit_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.new_button = QPushButton("Thêm chi hội/ban")
        self.delete_button = QPushButton("Xóa")
        self.new_button.clicked.connect(self.new_unit)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        # Under this age joining asks for a confirmation (a setting: the charter's rule could not be read).
        self.min_age = QSpinBox()
        self.min_age.setObjectName("min_age")
        self.min_age.setRange(0, 100)
        self.min_age.setSuffix(" tuổi")
        self.min_age.setValue(ws.members.min_age())
        self.min_age.editingFinished.connect(self.save_min_age)
        self.footer = make_footer()
        self.footer.setObjectName("unit_counts")
        layout = QVBoxLayout(self)
        layout.addLayout(make_button_row([self.new_button, self.delete_button],
                                         [labelled("Hỏi lại khi hội viên vào hội dưới", self.min_age)]))
        layout.addWidget(make_list_and_form(self.table, self.form, [620, 420]), 1)
        layout.addWidget(self.footer)
        self.table.currentCellChanged.connect(self._row_changed)
        self.reload()

    def reload(self) -> None:
        units = self.ws.units.list()
        members = self.ws.units.members_by_unit()
        self.uuids = [u.uuid for u in units]
        self.table.blockSignals(True)
        self.table.setRowCount(len(units))
        for row, u in enumerate(units):
            values = (u.kind_label, u.name, u.village, u.head, u.phone,
                      format_date(u.founded_on) if u.founded_on else "", "Có" if u.active else "Không",
                      str(members.get(u.uuid, 0)))
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        counts = self.ws.units.counts_by_kind()
        self.footer.setText("Đang hoạt động: " + ", ".join(f"{counts[k]} {label.lower()}"
                                                          for k, label in UNIT_KINDS.items()))
        self.form.reload_catalogs()

    def _row_changed(self, row: int, *_args) -> None:
        if 0 <= row < len(self.uuids):
            self.form.load(self.uuids[row])

    def new_unit(self) -> None:
        self.table.clearSelection()
        self.form.new_record()

    def delete_selected(self, confirm: bool = True) -> bool:
        from .. import dialogs

        row = self.table.currentRow()
        if not 0 <= row < len(self.uuids):
            if confirm:
                dialogs.info(self, "Hãy chọn chi hội/ban cần xóa.")
            return False
        uuid = self.uuids[row]
        if confirm and not dialogs.ask(self, "Xóa chi hội/ban đã chọn?", "Xác nhận xóa"):
            return False
        if run_op(self, partial(self.ws.units.delete, [uuid]), on_error=self._error) is None:
            return False
        self.form.new_record()
        return True

    def save_min_age(self) -> None:
        if self.min_age.value() != self.ws.members.min_age():
            run_op(self, partial(self.ws.members.set_min_age, self.min_age.value()), on_error=self._error)

    def _error(self, exc) -> None:
        self.form.status_line.setText(exc.message)
