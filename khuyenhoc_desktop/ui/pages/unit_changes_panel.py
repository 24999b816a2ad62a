"""The province page's "Thay đổi đơn vị hành chính": which old communes each new commune was formed from
(July 2025), filled from the official list and editable; the old communes' keys are retired from the
effective date (services/province/unit_changes.py)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError
from ...vietnamese import format_date
from .. import dialogs
from ..forms.unit_picker import UnitLineEdit
from ..layout import flow_row
from ..operations import run_op

# The old communes last: a long list stretches there (whole in its tooltip) instead of pushing the dates away.
COLUMNS = ("Mã xã mới", "Xã mới", "Quyết định", "Ngày quyết định", "Hiệu lực từ", "Nguồn", "Các xã cũ (mã)")
OLD_COLUMN = COLUMNS.index("Các xã cũ (mã)")
ERROR_STYLE = "color: #b00020;"


def _day(iso: str) -> str:
    from datetime import date

    return format_date(date.fromisoformat(iso)) if iso else ""


class UnitChangesPanel(QWidget):
    changed = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        from .province_page import _fill, _table  # the page's table helpers, one look for both

        self.ws = ws
        self._fill = _fill
        self.rows: list = []
        self.table = _table(COLUMNS, "unit_changes")
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(OLD_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.fill_button = QPushButton("Lấy theo danh sách chính thức")
        self.fill_button.setToolTip("Thêm các xã mới hợp nhất từ các xã đã đăng ký, theo danh sách đơn vị hành chính "
                                    "từ ngày 01/07/2025 (không sửa các dòng đã có).")
        self.delete_button = QPushButton("Xóa dòng đã chọn")
        self.delete_button.setEnabled(False)
        self.note = QLabel("Từ ngày có hiệu lực, khóa của các xã cũ thôi dùng: tỉnh từ chối gói của xã cũ lập sau ngày "
                           "đó (không phải thu hồi khóa). Xã mới đăng ký khóa của mình ở mục “Các xã đã đăng ký”.")
        self.note.setWordWrap(True)

        # -- add or correct one change
        self.old_codes = QLineEdit()
        self.old_codes.setObjectName("unit_change_old")
        self.old_codes.setPlaceholderText("ví dụ 07435, 07438")
        self.new_code = QLineEdit()
        self.new_code.setObjectName("unit_change_new")
        self.new_code.setPlaceholderText("mã xã mới")
        self.new_name = UnitLineEdit("", self._province_communes)
        self.new_name.setObjectName("unit_change_new_name")
        self.new_name.setPlaceholderText("hoặc gõ tên xã mới, không dấu cũng được, rồi chọn")
        self.new_name.picked.connect(lambda c: self.new_code.setText(c.code))
        self.decision = QLineEdit()
        self.decision.setObjectName("unit_change_decision")
        self.decision.setPlaceholderText("ví dụ Nghị quyết số 1658/NQ-UBTVQH15")
        self.decision_date = QLineEdit()
        self.decision_date.setObjectName("unit_change_date")
        self.decision_date.setPlaceholderText("NN/TT/NNNN")
        self.effective = QLineEdit()
        self.effective.setObjectName("unit_change_effective")
        self.effective.setPlaceholderText("01/07/2025")
        self.save_button = QPushButton("Ghi thay đổi")
        self.error = QLabel("")
        self.error.setObjectName("unit_change_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QGridLayout()
        form.setHorizontalSpacing(8)
        fields = (("Mã các xã cũ:", self.old_codes), ("Mã xã mới:", self.new_code),
                  ("Quyết định số:", self.decision), ("Ngày quyết định:", self.decision_date))
        for i, (label, widget) in enumerate(fields):
            form.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            form.addWidget(widget, i // 2, (i % 2) * 2 + 1)
        form.addWidget(QLabel("Tên xã mới:"), 2, 0)
        form.addWidget(self.new_name, 2, 1)
        form.addWidget(QLabel("Hiệu lực từ:"), 2, 2)
        form.addWidget(self.effective, 2, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(flow_row((self.fill_button, self.delete_button)))
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("<b>Thêm hoặc sửa một thay đổi</b> (ghi lại cùng mã xã mới để sửa):"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.fill_button.clicked.connect(lambda: self.fill_from_list())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.save_button.clicked.connect(lambda: self.save())
        self.table.itemSelectionChanged.connect(self._selected)

    def _province_communes(self):
        from ...services import admin_units

        try:
            code = self.ws.province._province_code()
        except AppError:
            code = ""
        found = admin_units.communes(code) if code else ()
        return found or [c for p in admin_units.provinces() for c in admin_units.communes(p.code)]

    def refresh(self) -> None:
        self.rows = self.ws.province.unit_changes()
        self._fill(self.table, [[c.new_code, c.new_name, c.decision, _day(c.decision_date), _day(c.effective_date),
                                 "danh sách chính thức" if c.source == "library" else "nhập tay",
                                 ", ".join(f"{o['name'] or 'xã'} ({o['code']})" for o in c.old)]
                                for c in self.rows])
        for r, c in enumerate(self.rows):
            self.table.item(r, OLD_COLUMN).setToolTip("\n".join(f"{o['name'] or 'xã'} ({o['code']})" for o in c.old))
            if not c.new_registered:
                self.table.item(r, 1).setToolTip("Xã mới chưa đăng ký khóa với tỉnh.")
        self._selected()

    def _selected(self) -> None:
        row = self.table.currentRow() if self.table.selectionModel().hasSelection() else -1
        self.delete_button.setEnabled(0 <= row < len(self.rows))
        if 0 <= row < len(self.rows):
            c = self.rows[row]
            self.old_codes.setText(", ".join(o["code"] for o in c.old))
            self.new_code.setText(c.new_code)
            self.new_name.setText(c.new_name)
            self.decision.setText(c.decision)
            self.decision_date.setText(_day(c.decision_date))
            self.effective.setText(_day(c.effective_date))

    def _show_error(self, exc: AppError) -> None:
        self.error.setText(exc.message)
        self.error.setVisible(True)

    def fill_from_list(self):
        result = run_op(self, self.ws.province.fill_unit_changes, on_error=self._show_error)
        if result is None:
            return None
        self.error.setVisible(False)
        self.refresh()
        self.changed.emit()
        return result

    def save(self):
        self.error.setVisible(False)
        call = partial(self.ws.province.add_unit_change, self.old_codes.text(), self.new_code.text(),
                       self.decision.text(), self.decision_date.text(), self.effective.text())
        result = run_op(self, call, on_error=self._show_error)
        if result is None:
            return None
        self.refresh()
        self.changed.emit()
        return result

    def delete_selected(self, confirm: bool = True) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return False
        c = self.rows[row]
        if confirm and not dialogs.ask(self, f"Xóa thay đổi của {c.new_name} ({c.new_code})?\nKhóa của các xã cũ "
                                             "sẽ dùng lại được.", "Thay đổi đơn vị hành chính"):
            return False
        if run_op(self, partial(self.ws.province.delete_unit_change, c.new_code), on_error=self._show_error) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True
