"""Small shared widgets: the record history dialog."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ..domain.awards import FIELD_LABELS
from ..vietnamese import format_local_time
from .i18n import vi_buttons
from .layout import resize_to_fit

ACTIONS = {"create": "Tạo mới", "update": "Sửa", "delete": "Xóa", "restore": "Khôi phục", "status": "Đổi trạng thái",
           "print": "In", "reverse": "Đảo phiếu", "void": "Hủy phiếu", "import": "Nhập"}


def _show(value, labels=FIELD_LABELS) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{labels.get(k, k)}: {v}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, (list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)



class HistoryDialog(QDialog):
    """Who changed what and when, from the append-only audit log; `labels` name the record kind's fields."""

    def __init__(self, entries, title: str, parent=None, labels=FIELD_LABELS) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Lịch sử sửa đổi — {title}")
        resize_to_fit(self, 900, 420)
        table = QTableWidget(len(entries), 7, self)
        table.setHorizontalHeaderLabels(["Thời gian", "Người sửa", "Thao tác", "Phiên bản", "Trường", "Trước", "Sau"])
        for row, e in enumerate(entries):
            values = [format_local_time(e.ts, seconds=True), e.operator or "(không ghi)", ACTIONS.get(e.action, e.action), str(e.version),
                      labels.get(e.field, e.field), _show(e.before, labels), _show(e.after, labels)]
            for col, text in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        vi_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(entries)} thay đổi được ghi lại (không thể sửa hay xóa nhật ký này)."))
        layout.addWidget(table)
        layout.addWidget(buttons)
