"""The member form: keyboard first — Enter saves and starts the next member, Esc cancels."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from ...domain.members import FIELD_LABELS, SPEC, STATUSES, Member, MemberDraft
from ...vietnamese import format_date, parse_birth
from .fields import (
    DateEdit, RecordForm, Readings, combo_text, input_text, make_combo,
    make_save_button, set_combo_text, set_input, set_items,
)

CATALOG_COMBOS = {f.name: f.catalog for f in SPEC.fields if f.catalog}
ORDER = ("code", "full_name", "birth", "gender", "ethnicity", "village", "address", "unit_uuid", "role", "category",
         "joined_on", "card_no", "phone", "id_number", "status", "status_date", "note")
WIDE = ("full_name", "address", "note")
# Read as the text of their input; the others by their own rule.
TEXTS = tuple(n for n in ORDER if n not in ("birth", "unit_uuid", "joined_on", "status", "status_date"))


class MemberForm(RecordForm):
    """Edits one member. Emits `saved(uuid)` after a successful save."""

    record_table = "member"

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: Member | None = None
        self._unit_uuids: list[str] = [""]

        w = self.spec_fields(SPEC, ORDER, "Thêm hội viên mới", wide=WIDE,
                             own={"status": make_combo(list(STATUSES.values()), editable=False),
                                  "unit_uuid": make_combo([], editable=False)},
                             extra={"birth": ("Ngày/năm sinh", DateEdit(allow_year_only=True))})
        w["code"].setPlaceholderText("tự cấp khi lưu")
        w["full_name"].setPlaceholderText("ví dụ: Nguyễn Thị Ngọc Ánh")
        w["id_number"].setPlaceholderText("12 chữ số, không bắt buộc")
        w["status_date"].setToolTip("Ngày chuyển đi, từ trần hoặc thôi sinh hoạt")

        self.save_button = make_save_button()
        self.cancel_button = QPushButton("Hủy (Esc)")
        self.lay_out((self.save_button,), (self.cancel_button,)).addStretch(1)
        for a, b in zip(ORDER, ORDER[1:]):
            QWidget.setTabOrder(w[a], w[b])
        QWidget.setTabOrder(w["note"], self.save_button)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w["status"].currentTextChanged.connect(self._status_changed)
        self.reload_catalogs()
        self.new_record()

    # -- catalogues ---------------------------------------------------------------------
    def reload_catalogs(self) -> None:
        for field_name, kind in CATALOG_COMBOS.items():
            set_items(self.w[field_name], [""] + self.ws.catalogs.names(kind))
        chosen = self._unit_uuid()
        units = self.ws.units.list(include_inactive=False)
        self._unit_uuids = [""] + [u.uuid for u in units]
        combo = self.w["unit_uuid"]
        combo.blockSignals(True)
        set_items(combo, [""] + [u.name for u in units], keep_text=False)
        combo.setCurrentIndex(self._unit_uuids.index(chosen) if chosen in self._unit_uuids else 0)
        combo.blockSignals(False)

    def _unit_uuid(self) -> str:
        index = self.w["unit_uuid"].currentIndex()
        return self._unit_uuids[index] if 0 <= index < len(self._unit_uuids) else ""

    def _set_unit(self, uuid: str) -> None:
        if uuid and uuid not in self._unit_uuids:  # an inactive unit still shows on its members
            unit = self.ws.units.get(uuid)
            self._unit_uuids.append(uuid)
            self.w["unit_uuid"].addItem(unit.name)
        self.w["unit_uuid"].setCurrentIndex(self._unit_uuids.index(uuid) if uuid else 0)

    # -- loading -----------------------------------------------------------------------
    def new_record(self, draft: MemberDraft | None = None) -> None:
        self.current = None
        self.title.setText("<b>Thêm hội viên mới</b>")
        self._fill(draft or MemberDraft(joined_on=self.ws.clock.today()))
        self.w["code"].setReadOnly(False)
        self.w["code"].setText("")
        self.w["code"].setPlaceholderText(f"tự cấp khi lưu ({self.ws.members.next_code()})")
        self.mark_clean()
        self.w["full_name"].setFocus()

    def load(self, uuid: str) -> None:
        member = self._fetch(self.ws.members.get, uuid)
        if member is None:
            return
        self.current = member
        self.title.setText(f"<b>Sửa hội viên</b> {member.code} — phiên bản {member.version}")
        self._fill(member)
        self.w["code"].setReadOnly(True)  # a code once given stays
        self.mark_clean()

    def _fill(self, draft: MemberDraft) -> None:
        w = self.w
        self.grid.clear_errors()
        self.status_line.setText("")
        for name in (*TEXTS, "joined_on", "status_date"):
            set_input(w[name], getattr(draft, name))
        set_combo_text(w["status"], STATUSES.get(draft.status, STATUSES["active"]))
        self._set_unit(draft.unit_uuid)
        if draft.birth_date:
            w["birth"].setText(format_date(draft.birth_date))
        else:
            w["birth"].setText(str(draft.birth_year) if draft.birth_year else "")
        self._status_changed()

    def _status_changed(self, _text: str = "") -> None:
        active = combo_text(self.w["status"]) == STATUSES["active"]
        self.w["status_date"].setEnabled(not active)
        if active:
            self.w["status_date"].setText("")

    # -- reading the form --------------------------------------------------------------
    def read_form(self) -> tuple[MemberDraft, list]:
        w = self.w
        readings = Readings()
        birth_date, birth_year = readings.read("birth", lambda: parse_birth(w["birth"].text())) or (None, None)
        joined_on = readings.date("joined_on", w["joined_on"])
        status_date = readings.date("status_date", w["status_date"])
        label = combo_text(w["status"])
        status = next((k for k, v in STATUSES.items() if v == label), "active")
        return MemberDraft(
            **{name: input_text(w[name]) for name in TEXTS},
            birth_date=birth_date, birth_year=birth_year, unit_uuid=self._unit_uuid(), joined_on=joined_on,
            status=status, status_date=status_date,
            family_name=self.current.family_name if self.current else "",
            middle_name=self.current.middle_name if self.current else "",
            given_name=self.current.given_name if self.current else "",
        ), readings.problems

    # -- the save sequence -------------------------------------------------------------
    def _check_errors(self, draft: MemberDraft) -> list:
        uuid, _version = self._identity()
        return self.ws.members.check(draft, uuid)[1]

    def _write_call(self, draft: MemberDraft):
        if self.current and draft.full_name != self.current.full_name:
            draft = replace(draft, family_name="", middle_name="", given_name="")
        uuid, version = self._identity()
        return partial(self.ws.members.save, draft, uuid, expected_version=version)

    def _after_write(self, member: Member, _draft: MemberDraft) -> str:
        was_new = self.current is None
        self.saved.emit(member.uuid)
        self.new_record()
        self.status_line.setText(f"Đã lưu {'hội viên mới' if was_new else 'thay đổi'}: {member.full_name}"
                                 f" ({member.code}). Nhập tiếp hội viên sau.")
        return member.uuid

    def _field_for(self, name: str) -> str:
        return {"birth_date": "birth", "birth_year": "birth"}.get(name, name)

    def field_label(self, name: str) -> str:
        return FIELD_LABELS.get(name, name)
