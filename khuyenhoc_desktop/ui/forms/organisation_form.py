"""The organisation profile (asked on first start, editable later) and the operator's name."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.errors import AppError, ValidationError
from ...domain.organisation import Organisation
from .. import dialogs
from ..i18n import vi_buttons
from ..operations import run_op
from .fields import FieldGrid

FIELDS = [
    ("province", "Tỉnh/thành phố", True),
    ("province_code", "Mã tỉnh", False),
    ("commune", "Tên xã/phường (không ghi chữ “xã”)", True),
    ("commune_code", "Mã xã (mã đơn vị hành chính)", False),
    ("committee_name", "Tên hội", True),
    ("parent_body", "Cơ quan chủ quản", False),
    ("place_name", "Địa danh ghi trên văn bản", False),
    ("chair", "Chủ tịch hội", True),
    ("vice_chair", "Phó Chủ tịch", False),
    ("secretary", "Thư ký", False),
    ("treasurer", "Thủ quỹ", False),
    ("accountant", "Kế toán", False),
    ("address", "Địa chỉ", False),
    ("phone", "Điện thoại", False),
]


class OrganisationDialog(QDialog):
    def __init__(self, ws, parent=None, first_start: bool = False) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("Thông tin Hội Khuyến học")
        intro = QLabel(
            "Chào mừng bạn đến với Khuyến học Desktop!\nHãy nhập thông tin của hội; các thông tin này được in "
            "trên giấy khen, biên bản, phiếu thu chi. Có thể sửa lại bất cứ lúc nào (menu Hệ thống → Thông tin hội)."
            if first_start else "Thông tin của hội được in trên giấy khen, biên bản, phiếu thu chi."
        )
        intro.setWordWrap(True)
        self.grid = FieldGrid(self, columns=1)
        self.edits: dict[str, QLineEdit] = {}
        org = ws.organisation
        for name, label, required in FIELDS:
            edit = QLineEdit(getattr(org, name))
            edit.setMinimumWidth(260)  # names like "Ủy ban nhân dân xã …" must be readable whole
            self.edits[name] = self.grid.add(name, label, edit, required=required)
        self.operator = QLineEdit(ws.operator)
        self.operator.setMinimumWidth(260)
        self.grid.add("operator", "Người nhập liệu trên máy này", self.operator)
        self.edits["commune"].textEdited.connect(self._fill_names)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        vi_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid.layout)
        layout.addWidget(buttons)
        # The buttons were made before the fields joined the dialog, so they came first in the focus chain:
        # typing went nowhere and Space saved. Typing starts in the first field, Tab goes down the form.
        chain = [*self.edits.values(), self.operator, buttons]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        chain[0].setFocus()

    def _fill_names(self, commune: str) -> None:
        # Suggest the usual names while they still follow the commune name.
        for name, pattern in (("committee_name", "Hội Khuyến học xã {}"), ("parent_body", "Ủy ban nhân dân xã {}"),
                              ("place_name", "{}")):
            edit = self.edits[name]
            if not edit.isModified():
                edit.setText(pattern.format(commune.strip()) if commune.strip() else "")

    def organisation(self) -> Organisation:
        return Organisation.from_dict({name: edit.text() for name, edit in self.edits.items()})

    def accept(self) -> None:
        self.grid.clear_errors()
        if run_op(self, partial(self.ws.profile.save, self.organisation()), on_error=self._show_failure) is None:
            return
        self.ws.set_operator(self.operator.text())
        super().accept()

    def _show_failure(self, exc: AppError) -> None:
        for problem in getattr(exc, "errors", []):
            self.grid.set_error(problem.field, problem.message)
        if not isinstance(exc, ValidationError):
            dialogs.error(self, exc.message)
