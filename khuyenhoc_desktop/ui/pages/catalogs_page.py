"""Catalogues (danh mục) and the yearly award amounts (mức thưởng), editable by the committee."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from functools import partial

from ..fonts import text_width
from ..layout import flow_row, wrapped_label
from ..list_view import labelled
from ...services.catalogs import catalog_labels
from ...vietnamese import format_vnd, parse_vnd
from .. import dialogs
from ..forms.fields import make_combo, set_items
from ..page_changes import PageChanges
from ..operations import run_op


class CatalogsPage(QWidget, PageChanges):
    title = "Danh mục"
    changed = Signal()
    shows = frozenset({"catalog_item", "award_rate"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.labels = catalog_labels()
        tabs = QTabWidget()
        tabs.addTab(self._build_lists(), "Danh mục")
        tabs.addTab(self._build_rates(), "Mức thưởng theo năm học")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.reload()

    # -- catalogue lists ---------------------------------------------------------------
    def _build_lists(self) -> QWidget:
        page = QWidget()
        self.kinds = QListWidget()
        self.kinds.setObjectName("catalog_kinds")
        for kind, label in self.labels.items():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.kinds.addItem(item)
        self.kinds.setMaximumWidth(260)
        self.items = QListWidget()
        self.items.setObjectName("catalog_items")
        self.add_button = QPushButton("Thêm…")
        self.rename_button = QPushButton("Đổi tên…")
        self.toggle_button = QPushButton("Ngừng dùng / Dùng lại")
        self.up_button = QPushButton("Lên")
        self.down_button = QPushButton("Xuống")
        buttons = QVBoxLayout()
        for b in (self.add_button, self.rename_button, self.toggle_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        note = QLabel("Mục “ngừng dùng” không hiện khi nhập mới, nhưng các bản ghi cũ vẫn giữ nguyên "
                      "(ví dụ “Cấp huyện (cũ)” sau khi bỏ cấp huyện từ 01/7/2025).")
        note.setWordWrap(True)
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.items, 1)
        row.addLayout(buttons)
        right.addLayout(row)
        right.addWidget(note)
        layout = QHBoxLayout(page)
        layout.addWidget(self.kinds)
        layout.addLayout(right, 1)
        self.kinds.currentRowChanged.connect(lambda _r: self.reload_items())
        self.add_button.clicked.connect(lambda: self.add_item())
        self.rename_button.clicked.connect(lambda: self.rename_item())
        self.toggle_button.clicked.connect(self.toggle_item)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.kinds.setCurrentRow(0)
        return page

    def current_kind(self) -> str:
        item = self.kinds.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "school_year"

    def reload_items(self) -> None:
        self.items.clear()
        for entry in self.ws.catalogs.entries(self.current_kind(), include_inactive=True):
            item = QListWidgetItem(entry.name if entry.active else f"{entry.name}  (ngừng dùng)")
            item.setData(Qt.ItemDataRole.UserRole, entry.uuid)
            if not entry.active:
                item.setForeground(Qt.GlobalColor.gray)
            self.items.addItem(item)

    def _selected_uuid(self) -> str | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_item(self, name: str | None = None) -> bool:
        if name is None:
            name = dialogs.ask_text(self, f"Tên mục mới trong “{self.labels[self.current_kind()]}”:", "Thêm mục")
        if not name:
            return False
        return run_op(self, partial(self.ws.catalogs.add, self.current_kind(), name)) is not None

    def rename_item(self, name: str | None = None) -> bool:
        uuid = self._selected_uuid()
        if not uuid:
            return False
        if name is None:
            name = dialogs.ask_text(self, "Tên mới:", "Đổi tên", self.items.currentItem().text())
        if not name:
            return False
        return run_op(self, partial(self.ws.catalogs.rename, uuid, name)) is not None

    def toggle_item(self) -> None:
        uuid = self._selected_uuid()
        if not uuid:
            return
        entry = next(e for e in self.ws.catalogs.entries(self.current_kind(), True) if e.uuid == uuid)
        run_op(self, partial(self.ws.catalogs.set_active, uuid, not entry.active))

    def _move(self, step: int) -> None:
        uuid = self._selected_uuid()
        if uuid:
            row = self.items.currentRow()
            run_op(self, partial(self.ws.catalogs.move, uuid, step))
            self.items.setCurrentRow(max(0, min(self.items.count() - 1, row + step)))

    # -- award amounts -----------------------------------------------------------------
    def _build_rates(self) -> QWidget:
        page = QWidget()
        self.rate_year = make_combo(editable=False)
        self.rate_year.setObjectName("rate_year")
        self.copy_button = QPushButton("Chép từ năm trước")
        self.add_rate_button = QPushButton("Thêm dòng")
        self.delete_rate_button = QPushButton("Xóa dòng")
        self.rates = QTableWidget(0, 4)
        self.rates.setObjectName("rates")
        self.rates.setHorizontalHeaderLabels(["Loại thành tích", "Cấp", "Giải", "Mức thưởng (đồng)"])
        self.rates.horizontalHeader().setStretchLastSection(True)
        self.rates.setColumnWidth(0, text_width(self.rates, 260))
        self.rates.setColumnWidth(1, text_width(self.rates, 140))
        top = flow_row([labelled("Năm học", self.rate_year), self.copy_button, self.add_rate_button,
                        self.delete_rate_button])
        hint = wrapped_label("Sửa trực tiếp trong bảng; mức thưởng được điền sẵn khi nhập khen thưởng.")
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.rates)
        layout.addWidget(hint)
        self.rate_year.currentIndexChanged.connect(lambda _i: self.reload_rates())
        self.rates.itemChanged.connect(self._rate_edited)
        self.copy_button.clicked.connect(self.copy_rates)
        self.add_rate_button.clicked.connect(self._add_rate_row)
        self.delete_rate_button.clicked.connect(self._delete_rate_row)
        return page

    def reload(self) -> None:
        years = self.ws.catalogs.names("school_year")
        set_items(self.rate_year, years[::-1])
        self.reload_items()
        self.reload_rates()

    def reload_rates(self) -> None:
        self.rates.blockSignals(True)
        rates = self.ws.catalogs.rates(self.rate_year.currentText())
        self.rates.setRowCount(len(rates))
        for row, rate in enumerate(rates):
            for col, text in enumerate((rate.category, rate.level, rate.prize, format_vnd(rate.amount))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, rate.uuid)
                if col == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.rates.setItem(row, col, item)
        self.rates.blockSignals(False)

    def _rate_edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        cells = [self.rates.item(row, c) for c in range(4)]
        if any(c is None for c in cells) or not cells[0].text().strip():
            return
        try:
            amount = parse_vnd(cells[3].text()) if cells[3].text().strip() else 0
        except ValueError as exc:
            dialogs.error(self, str(exc))
            self.reload_rates()
            return
        old_uuid = cells[0].data(Qt.ItemDataRole.UserRole)
        texts = [c.text() for c in cells[:3]]

        def write():
            # A changed category/level/prize is a different rate: the old one goes in the same step.
            changes = self.ws.catalogs.delete_rate(old_uuid) if old_uuid and item.column() < 3 else None
            new = self.ws.catalogs.set_rate(self.rate_year.currentText(), *texts, amount)
            return new.merge(changes) if changes is not None else new

        run_op(self, write)
        self.reload_rates()

    def _add_rate_row(self) -> None:
        self.rates.blockSignals(True)
        row = self.rates.rowCount()
        self.rates.insertRow(row)
        for col in range(4):
            self.rates.setItem(row, col, QTableWidgetItem(""))
        self.rates.blockSignals(False)
        self.rates.editItem(self.rates.item(row, 0))

    def _delete_rate_row(self) -> None:
        item = self.rates.item(self.rates.currentRow(), 0) if self.rates.currentRow() >= 0 else None
        uuid = item.data(Qt.ItemDataRole.UserRole) if item else None
        if uuid:
            run_op(self, partial(self.ws.catalogs.delete_rate, uuid))
        self.reload_rates()

    def copy_rates(self) -> int:
        years = self.ws.catalogs.names("school_year")
        year = self.rate_year.currentText()
        if year not in years or years.index(year) == 0:
            return 0
        count = self.ws.catalogs.copy_rates(years[years.index(year) - 1], year)
        self.reload_rates()
        return count

    def refresh_for(self, changes) -> None:
        self.reload()

    def on_activated(self) -> None:
        self.reload()
