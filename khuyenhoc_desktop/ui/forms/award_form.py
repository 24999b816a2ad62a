"""The award form: keyboard first — Enter saves and starts the next record, Esc cancels."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QPushButton,
    QWidget,
)

from ...domain.awards import FIELD_LABELS, SPEC, STATUSES, Award, AwardDraft
from ...domain.errors import ValidationError
from ...services.awards import repeat_previous
from ...vietnamese import format_date, parse_birth
from .fields import (
    DateEdit, RecordForm, Readings, combo_text, input_text, make_combo, set_combo_text, set_input, set_items,
)
from .fields import make_save_button

# The fields offering the names of a catalogue (the award spec says which).
CATALOG_COMBOS = {f.name: f.catalog for f in SPEC.fields if f.catalog}
ORDER = ("school_year", "batch", "full_name", "birth", "gender", "parent_name", "village", "class_name", "school",
         "category", "level", "prize", "subject", "achievement", "award_form", "amount", "funding_source", "status",
         "decision_no", "decision_date", "register_no", "note")
WIDE = ("full_name", "achievement", "note")
LABELS = {"amount": "Số tiền (đồng)"}  # the form's own wording of a field
# The fields read as the text of their input (line or combo); the others are read by their own rule.
TEXTS = tuple(name for name in ORDER if name not in ("birth", "status", "decision_date", "amount"))


class AwardForm(RecordForm):
    """Edits one award. Emits `saved(uuid)` after a successful save."""

    record_table = "award"

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: Award | None = None
        self.previous: AwardDraft | None = None
        self._amount_touched = False
        self._loading = False

        # The award's fields in form order, as its spec declares them; only the birth (a date or a year)
        # and the status (shown by its label) are this form's own.
        w = self.spec_fields(SPEC, ORDER, "Thêm khen thưởng mới", wide=WIDE, labels=LABELS,
                             own={"status": make_combo(list(STATUSES.values()), editable=False)},
                             extra={"birth": ("Ngày/năm sinh", DateEdit(allow_year_only=True))})
        w["register_no"].setPlaceholderText("tự cấp khi in giấy khen")
        w["full_name"].setPlaceholderText("ví dụ: Nguyễn Thị Ngọc Ánh")
        w["achievement"].setPlaceholderText("ví dụ: Đạt giải Nhì môn Toán kỳ thi học sinh giỏi cấp tỉnh")

        self.save_button = make_save_button()
        self.repeat_button = QPushButton("Lặp lại bản trước (Ctrl+R)")
        self.repeat_button.setToolTip("Điền sẵn năm học, trường, loại thành tích … như bản vừa lưu")
        self.cancel_button = QPushButton("Hủy (Esc)")
        self.lay_out((self.save_button, self.repeat_button), (self.cancel_button,)).addStretch(1)

        for a, b in zip(ORDER, ORDER[1:]):
            QWidget.setTabOrder(w[a], w[b])
        QWidget.setTabOrder(w["note"], self.save_button)

        self.repeat_button.clicked.connect(self.repeat_previous)
        QShortcut(QKeySequence("Ctrl+R"), self, self.repeat_previous, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for name in ("category", "level", "prize", "school_year"):
            w[name].currentTextChanged.connect(self._suggest_amount)
        w["amount"].textEdited.connect(self._amount_edited)
        self.reload_catalogs()
        self.new_record()

    # -- catalogues ---------------------------------------------------------------------
    def reload_catalogs(self) -> None:
        for field_name, kind in CATALOG_COMBOS.items():
            names = self.ws.catalogs.names(kind)
            set_items(self.w[field_name], ([""] if field_name != "school_year" else []) + names)

    # -- loading -----------------------------------------------------------------------
    def new_record(self, draft: AwardDraft | None = None) -> None:
        self.current = None
        self.title.setText("<b>Thêm khen thưởng mới</b>")
        if draft is None:
            years = self.ws.catalogs.names("school_year")
            from ...vietnamese import school_year_of

            current_year = school_year_of(self.ws.clock.today())
            draft = AwardDraft(school_year=current_year if current_year in years or not years else years[-1])
        self._fill(draft)
        self._amount_touched = bool(draft.amount)
        self.w["full_name"].setFocus()

    def load(self, uuid: str) -> None:
        award = self.ws.awards.get(uuid)
        self.current = award
        self.title.setText(f"<b>Sửa khen thưởng</b> — phiên bản {award.version}")
        self._fill(award)
        self._amount_touched = True

    def _fill(self, draft: AwardDraft) -> None:
        self._loading = True
        w = self.w
        self.grid.clear_errors()
        self.status_line.setText("")
        for name in (*TEXTS, "decision_date", "amount"):
            set_input(w[name], getattr(draft, name))
        set_combo_text(w["status"], STATUSES.get(draft.status, "Nháp"))
        if draft.birth_date:
            w["birth"].setText(format_date(draft.birth_date))
        else:
            w["birth"].setText(str(draft.birth_year) if draft.birth_year else "")
        self._loading = False
        self.mark_clean()

    # -- reading the form --------------------------------------------------------------
    def draft(self) -> AwardDraft:
        """The draft as typed; raises ValidationError for text that cannot be read (dates, money)."""
        draft, problems = self.read_form()
        if problems:
            raise ValidationError(problems)
        return draft

    def read_form(self) -> tuple[AwardDraft, list]:
        """The draft as typed plus the fields whose text cannot be read (left empty in the draft)."""
        w = self.w
        readings = Readings()
        birth_date, birth_year = readings.read("birth", lambda: parse_birth(w["birth"].text())) or (None, None)
        decision_date = readings.read("decision_date", w["decision_date"].value)
        amount = readings.read("amount", w["amount"].value)
        status_label = combo_text(w["status"])
        status = next((k for k, v in STATUSES.items() if v == status_label), "draft")
        return AwardDraft(
            **{name: input_text(w[name]) for name in TEXTS},
            birth_date=birth_date,
            birth_year=birth_year,
            amount=amount or 0,
            decision_date=decision_date,
            status=status,
            family_name=self.current.family_name if self.current else "",
            middle_name=self.current.middle_name if self.current else "",
            given_name=self.current.given_name if self.current else "",
        ), readings.problems

    # -- actions -----------------------------------------------------------------------
    def _check_errors(self, draft: AwardDraft) -> list:
        return self.ws.awards.check(draft)[1]

    def _write_call(self, draft: AwardDraft):
        if self.current and (draft.full_name != self.current.full_name):
            draft = replace(draft, family_name="", middle_name="", given_name="")
        uuid, version = self._identity()
        return partial(self.ws.awards.save, draft, uuid, expected_version=version)

    def _after_write(self, award: Award, _draft: AwardDraft) -> str:
        """A fresh form for the next record (Ctrl+R repeats this one)."""
        self.previous = award.as_draft()
        was_new = self.current is None
        self.saved.emit(award.uuid)
        self.new_record()
        self.status_line.setText(
            f"Đã lưu {'bản ghi mới' if was_new else 'thay đổi'}: {award.full_name}. Nhập tiếp bản ghi sau "
            "(Ctrl+R để lặp lại trường, lớp, thành tích như bản vừa lưu)."
        )
        return award.uuid

    def repeat_previous(self) -> None:
        if self.previous is None:
            self.status_line.setText("Chưa có bản ghi nào vừa lưu để lặp lại.")
            return
        self.new_record(repeat_previous(self.previous))
        self.w["full_name"].setFocus()

    # -- helpers -----------------------------------------------------------------------
    def _field_for(self, name: str) -> str:
        return {"birth_date": "birth", "birth_year": "birth"}.get(name, name)

    def _amount_edited(self, _text: str) -> None:
        self._amount_touched = bool(self.w["amount"].text().strip())

    def _suggest_amount(self, _text: str = "") -> None:
        if self._loading or self._amount_touched:
            return
        amount = self.ws.catalogs.rate_for(
            combo_text(self.w["school_year"]), combo_text(self.w["category"]),
            combo_text(self.w["level"]), combo_text(self.w["prize"]),
        )
        if amount is not None:
            self.w["amount"].set_value(amount)

    def field_label(self, name: str) -> str:
        return FIELD_LABELS.get(name, name)
