"""The form of a chi hội, ban khuyến học or tổ hội: Enter saves, Esc cancels."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QCheckBox, QPushButton

from ...domain.members import UNIT_KINDS, UNIT_SPEC, Unit, UnitDraft
from .fields import (
    RecordForm, Readings, combo_text, input_text, make_combo, make_save_button,
    set_combo_text, set_input, set_items,
)

ORDER = ("kind", "name", "village", "head", "phone", "founded_on", "active", "note")
TEXTS = ("name", "village", "head", "phone", "note")


class UnitForm(RecordForm):
    """Edits one chi hội, ban khuyến học or tổ hội. Emits `saved(uuid)` after a successful save."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: Unit | None = None
        w = self.spec_fields(UNIT_SPEC, ORDER, "Thêm chi hội/ban mới",
                             own={"kind": make_combo(list(UNIT_KINDS.values()), editable=False)},
                             extra={"active": (UNIT_SPEC.field("active").label, QCheckBox())})
        w["name"].setPlaceholderText("ví dụ: Chi hội thôn Đông, Ban khuyến học Trường THCS")
        self.save_button = make_save_button()
        self.cancel_button = QPushButton("Hủy (Esc)")
        self.lay_out((self.save_button,), (self.cancel_button,), status="unit_form_status").addStretch(1)
        self.reload_catalogs()
        self.new_record()

    def reload_catalogs(self) -> None:
        set_items(self.w["village"], [""] + self.ws.catalogs.names("village"))

    def new_record(self) -> None:
        self.current = None
        self.title.setText("<b>Thêm chi hội/ban mới</b>")
        self._fill(UnitDraft())
        self.w["name"].setFocus()

    def load(self, uuid: str) -> None:
        unit = self._fetch(self.ws.units.get, uuid)
        if unit is None:
            return
        self.current = unit
        self.title.setText(f"<b>Sửa chi hội/ban</b> — phiên bản {unit.version}")
        self._fill(unit)

    def _fill(self, draft: UnitDraft) -> None:
        self.grid.clear_errors()
        self.status_line.setText("")
        for name in (*TEXTS, "founded_on"):
            set_input(self.w[name], getattr(draft, name))
        set_combo_text(self.w["kind"], UNIT_KINDS.get(draft.kind, UNIT_KINDS["chi_hoi"]))
        self.w["active"].setChecked(bool(draft.active))
        self.mark_clean()

    def read_form(self) -> tuple[UnitDraft, list]:
        readings = Readings()
        founded = readings.date("founded_on", self.w["founded_on"])
        label = combo_text(self.w["kind"])
        kind = next((k for k, v in UNIT_KINDS.items() if v == label), "chi_hoi")
        return UnitDraft(kind=kind, founded_on=founded, active=self.w["active"].isChecked(),
                         **{n: input_text(self.w[n]) for n in TEXTS}), readings.problems

    def _check_errors(self, draft: UnitDraft) -> list:
        return self.ws.units.check(draft, self._identity()[0])[1]

    def _write_call(self, draft: UnitDraft):
        uuid, version = self._identity()
        return partial(self.ws.units.save, draft, uuid, expected_version=version)

    def _after_write(self, unit: Unit, _draft: UnitDraft) -> str:
        was_new = self.current is None
        self.saved.emit(unit.uuid)
        self.new_record()
        self.status_line.setText(f"Đã lưu {'chi hội/ban mới' if was_new else 'thay đổi'}: {unit.name}.")
        return unit.uuid
