"""The organisation profile (asked on first start, editable later) and the operator's name."""

from __future__ import annotations

from functools import partial

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import AppError, ValidationError
from ...domain.organisation import Organisation
from .. import dialogs
from ..i18n import vi_buttons
from ..operations import run_op
from .fields import FieldGrid
from .unit_picker import UnitLineEdit

BANNER_STYLE = "QFrame#unit_banner { background: #fff4d6; border: 1px solid #e0b44c; border-radius: 4px; }"
NOTE_STYLE = "color: #8a5a00;"

FIELDS = [
    ("province", "Tỉnh/thành phố", True),
    ("province_code", "Mã tỉnh", False),
    ("commune", "Tên xã/phường", True),
    ("commune_code", "Mã xã", False),
    ("committee_name", "Tên hội", True),
    ("parent_body", "Cơ quan chủ quản", False),
    ("place_name", "Địa danh", False),
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
        org = self._org = ws.organisation
        self._kind = org.commune_kind
        self._keep_as_typed = False
        for name, label, required in FIELDS:
            if name == "province":
                edit = UnitLineEdit(org.province, self._provinces)
            elif name == "commune":
                edit = UnitLineEdit(org.commune, self._communes)
            else:
                edit = QLineEdit(getattr(org, name))
            edit.setMinimumWidth(260)  # names like "Ủy ban nhân dân xã …" must be readable whole
            self.edits[name] = self.grid.add(name, label, edit, required=required)
        self.edits["province"].setPlaceholderText("gõ tên tỉnh, không dấu cũng được, rồi chọn")
        self.edits["commune"].setPlaceholderText("không ghi chữ “xã”; gõ tên, không dấu cũng được, rồi chọn")
        self.edits["commune_code"].setPlaceholderText("mã đơn vị hành chính, điền khi chọn xã trong danh sách")
        self.edits["place_name"].setPlaceholderText("địa danh ghi trên văn bản, ví dụ Tân Dĩnh")
        self.edits["province"].picked.connect(self._province_picked)
        self.edits["commune"].picked.connect(self._commune_picked)
        for name in ("province", "commune", "commune_code"):
            self.edits[name].editingFinished.connect(self._check_unit)
        # Under the commune's row: a warning when the names are not on the official list.
        self.unit_note = QLabel("", self)
        self.unit_note.setObjectName("unit_note")
        self.unit_note.setWordWrap(True)
        self.unit_note.setStyleSheet(NOTE_STYLE)
        self.unit_note.setVisible(False)
        self.operator = QLineEdit(ws.operator)
        self.operator.setMinimumWidth(260)
        self.operator.setPlaceholderText("họ tên người nhập liệu trên máy này")
        self.grid.add("operator", "Người nhập liệu", self.operator)
        self.edits["commune"].textEdited.connect(self._fill_names)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        vi_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.banner = self._unit_banner()
        if self.banner is not None:
            layout.addWidget(self.banner)
        layout.addLayout(self.grid.layout)
        layout.addWidget(self.unit_note)
        layout.addWidget(buttons)
        # The buttons were made before the fields joined the dialog, so they came first in the focus chain:
        # typing went nowhere and Space saved. Typing starts in the first field, Tab goes down the form.
        chain = [*self.edits.values(), self.operator, buttons]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        chain[0].setFocus()

    # -- the official units ---------------------------------------------------------------------
    def _provinces(self):
        from ...services import admin_units

        return admin_units.provinces()

    def _communes(self):
        from ...services import admin_units

        found = admin_units.find_province(self.edits["province"].text())
        code = found.code if found else self.edits["province_code"].text().strip()
        if admin_units.province(code):
            return admin_units.communes(code)
        return [c for p in admin_units.provinces() for c in admin_units.communes(p.code)]

    def _province_picked(self, province) -> None:
        self.edits["province"].setText(province.short)
        self.edits["province_code"].setText(province.code)
        if not self._commune_in(province.code):  # a commune of another province no longer fits
            self.edits["commune_code"].clear()
        self._check_unit()

    def _commune_in(self, province_code: str) -> bool:
        from ...services import admin_units

        found = admin_units.commune(self.edits["commune_code"].text())
        return found is not None and found.province_code == province_code

    def _commune_picked(self, commune) -> None:
        from ...services import admin_units

        self.edits["commune_code"].setText(commune.code)
        self._kind = commune.kind
        province = admin_units.province(commune.province_code)
        if province is not None:
            self.edits["province"].setText(province.short)
            self.edits["province_code"].setText(province.code)
        self._fill_names(commune.short, commune.kind)
        self._check_unit()

    def _check_unit(self) -> None:
        """Say under the form when the typed names are not the official list's (free text stays possible)."""
        from ...services.organisation import match_unit

        org = self.organisation()
        if not org.commune or not org.province:
            self.unit_note.setVisible(False)
            return
        match = match_unit(org)
        if match.exact:
            self.unit_note.setVisible(False)
            return
        self.unit_note.setText(f"⚠ {match.problem} Hãy chọn trong danh sách gợi ý; nếu đơn vị của hội không có "
                               "trong danh sách, vẫn lưu được như đã ghi.")
        self.unit_note.setVisible(True)

    def _unit_banner(self) -> QFrame | None:
        """For a profile never matched to the official list: what it matches, to use or to keep as typed."""
        match = self.ws.profile.unit_to_confirm()
        if match is None or match.exact:
            return None
        self._match = match
        frame = QFrame(self)
        frame.setObjectName("unit_banner")
        frame.setStyleSheet(BANNER_STYLE)
        box = QVBoxLayout(frame)
        org = self._org
        text = QLabel(f"<b>Xác nhận đơn vị hành chính.</b> Hồ sơ đang ghi: {org.commune_kind} {org.commune}"
                      f"{f' (mã {org.commune_code})' if org.commune_code else ''}, {org.province}. " + match.problem,
                      frame)
        text.setWordWrap(True)
        box.addWidget(text)
        row = QHBoxLayout()
        if match.commune is not None:
            use = QPushButton(f"Dùng {match.commune.name} ({match.commune.code})", frame)
            use.setObjectName("use_official_unit")
            use.clicked.connect(self.use_official_unit)
            row.addWidget(use)
        keep = QPushButton("Giữ như đã ghi", frame)
        keep.setObjectName("keep_unit_as_typed")
        keep.clicked.connect(self.keep_as_typed)
        row.addWidget(keep)
        row.addStretch(1)
        box.addLayout(row)
        return frame

    def use_official_unit(self) -> None:
        """Put the official names and codes in the fields (saved with Lưu, as any other change)."""
        c = self._match.commune
        self.edits["province"].setText(self._match.province.short)
        self.edits["province_code"].setText(self._match.province.code)
        self.edits["commune"].setText(c.short)
        self.edits["commune_code"].setText(c.code)
        self._kind = c.kind
        self.banner.setVisible(False)
        self._check_unit()

    def keep_as_typed(self) -> None:
        self._keep_as_typed = True
        self.banner.setVisible(False)

    def _fill_names(self, commune: str, kind: str | None = None) -> None:
        # Suggest the usual names while they still follow the commune name.
        kind = kind or self._kind or "xã"
        for name, pattern in (("committee_name", f"Hội Khuyến học {kind} {{}}"),
                              ("parent_body", f"Ủy ban nhân dân {kind} {{}}"), ("place_name", "{}")):
            edit = self.edits[name]
            if not edit.isModified():
                edit.setText(pattern.format(commune.strip()) if commune.strip() else "")

    def organisation(self) -> Organisation:
        # The fields the form does not show (the kind, how the unit was checked) are the stored profile's.
        return replace(self._org, commune_kind=self._kind or self._org.commune_kind,
                       **{name: edit.text() for name, edit in self.edits.items()})

    def accept(self) -> None:
        self.grid.clear_errors()
        # A unit not on the official list is asked once (NeedsConfirmation), unless "Giữ như đã ghi" said so.
        save = partial(self.ws.profile.save, self.organisation(), confirm=self._keep_as_typed)
        if run_op(self, save, on_error=self._show_failure) is None:
            return
        self.ws.set_operator(self.operator.text())
        super().accept()

    def _show_failure(self, exc: AppError) -> None:
        for problem in getattr(exc, "errors", []):
            self.grid.set_error(problem.field, problem.message)
        if not isinstance(exc, ValidationError):
            dialogs.error(self, exc.message)
