"""The award form: keyboard first — Enter saves and starts the next record, Esc cancels."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.awards import AWARD_FORMS, FIELD_LABELS, SPEC, STATUSES, Award, AwardDraft
from ...domain.errors import ValidationError
from ...services.awards import repeat_previous
from ...vietnamese import format_date, parse_birth
from .fields import DateEdit, FieldGrid, KeyboardForm, Readings, MoneyEdit, combo_text, make_combo, set_combo_text, set_items
from .fields import make_button_row, make_save_button, make_status_line

# The fields offering the names of a catalogue (the award spec says which).
CATALOG_COMBOS = {f.name: f.catalog for f in SPEC.fields if f.catalog}


class AwardForm(KeyboardForm, QWidget):
    """Edits one award. Emits `saved(uuid)` after a successful save."""

    saved = Signal(str)
    cancelled = Signal()

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current: Award | None = None
        self.previous: AwardDraft | None = None
        self._amount_touched = False
        self._loading = False

        self.title = QLabel("<b>Thêm khen thưởng mới</b>")
        self.title.setObjectName("form_title")
        grid = FieldGrid(self, columns=1)
        self.grid = grid
        w = {}
        w["school_year"] = grid.add("school_year", "Năm học", make_combo(), required=True)
        w["batch"] = grid.add("batch", "Đợt khen thưởng", QLineEdit())
        w["full_name"] = grid.add("full_name", "Họ và tên", QLineEdit(), span=2, required=True)
        w["birth"] = grid.add("birth", "Ngày/năm sinh", DateEdit(allow_year_only=True))
        w["gender"] = grid.add("gender", "Giới tính", make_combo(["", "Nam", "Nữ"], editable=False))
        w["parent_name"] = grid.add("parent_name", "Con ông/bà", QLineEdit())
        w["village"] = grid.add("village", "Thôn", make_combo())
        w["class_name"] = grid.add("class_name", "Lớp", QLineEdit())
        w["school"] = grid.add("school", "Trường", make_combo())
        w["category"] = grid.add("category", "Loại thành tích", make_combo())
        w["level"] = grid.add("level", "Cấp", make_combo())
        w["prize"] = grid.add("prize", "Giải", make_combo())
        w["subject"] = grid.add("subject", "Môn", QLineEdit())
        w["achievement"] = grid.add("achievement", "Thành tích (in trên giấy khen)", QLineEdit(), span=2)
        w["award_form"] = grid.add("award_form", "Hình thức", make_combo(list(AWARD_FORMS), editable=False))
        w["amount"] = grid.add("amount", "Số tiền (đồng)", MoneyEdit())
        w["funding_source"] = grid.add("funding_source", "Nguồn kinh phí", make_combo())
        w["status"] = grid.add("status", "Trạng thái", make_combo(list(STATUSES.values()), editable=False))
        w["decision_no"] = grid.add("decision_no", "Số quyết định", QLineEdit())
        w["decision_date"] = grid.add("decision_date", "Ngày quyết định", DateEdit())
        w["register_no"] = grid.add("register_no", "Số vào sổ", QLineEdit())
        w["note"] = grid.add("note", "Ghi chú", QLineEdit(), span=2)
        self.w = w
        w["register_no"].setPlaceholderText("tự cấp khi in giấy khen")
        w["full_name"].setPlaceholderText("ví dụ: Nguyễn Thị Ngọc Ánh")
        w["achievement"].setPlaceholderText("ví dụ: Đạt giải Nhì môn Toán kỳ thi học sinh giỏi cấp tỉnh")
        for name in ("class_name", "decision_no", "register_no", "subject"):
            w[name].setMaxLength(150)
        w["full_name"].setMaxLength(80)
        w["achievement"].setMaxLength(400)

        self.save_button = make_save_button()
        self.repeat_button = QPushButton("Lặp lại bản trước (Ctrl+R)")
        self.repeat_button.setToolTip("Điền sẵn năm học, trường, loại thành tích … như bản vừa lưu")
        self.cancel_button = QPushButton("Hủy (Esc)")
        self.status_line = make_status_line("form_status")

        buttons = make_button_row((self.save_button, self.repeat_button), (self.cancel_button,))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid.layout)
        layout.addLayout(buttons)
        layout.addWidget(self.status_line)
        layout.addStretch(1)

        order = ["school_year", "batch", "full_name", "birth", "gender", "parent_name", "village", "class_name",
                 "school", "category", "level", "prize", "subject", "achievement", "award_form", "amount",
                 "funding_source", "status", "decision_no", "decision_date", "register_no", "note"]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(w[a], w[b])
        QWidget.setTabOrder(w["note"], self.save_button)

        self.save_button.clicked.connect(self.save)
        self.repeat_button.clicked.connect(self.repeat_previous)
        self.cancel_button.clicked.connect(self.cancel)
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
            from datetime import date

            from ...vietnamese import school_year_of

            current_year = school_year_of(date.today())
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
        for name in ("batch", "full_name", "parent_name", "class_name", "subject", "achievement", "decision_no",
                     "register_no", "note"):
            w[name].setText(getattr(draft, name) or "")
        for name in ("school_year", "village", "school", "category", "level", "prize", "funding_source", "gender",
                     "award_form"):
            set_combo_text(w[name], getattr(draft, name) or "")
        set_combo_text(w["status"], STATUSES.get(draft.status, "Nháp"))
        if draft.birth_date:
            w["birth"].setText(format_date(draft.birth_date))
        else:
            w["birth"].setText(str(draft.birth_year) if draft.birth_year else "")
        w["decision_date"].set_value(draft.decision_date)
        w["amount"].set_value(draft.amount)
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
            school_year=combo_text(w["school_year"]),
            batch=w["batch"].text(),
            full_name=w["full_name"].text(),
            birth_date=birth_date,
            birth_year=birth_year,
            gender=combo_text(w["gender"]),
            parent_name=w["parent_name"].text(),
            village=combo_text(w["village"]),
            class_name=w["class_name"].text(),
            school=combo_text(w["school"]),
            category=combo_text(w["category"]),
            level=combo_text(w["level"]),
            prize=combo_text(w["prize"]),
            subject=w["subject"].text(),
            achievement=w["achievement"].text(),
            award_form=combo_text(w["award_form"]),
            amount=amount or 0,
            funding_source=combo_text(w["funding_source"]),
            decision_no=w["decision_no"].text(),
            decision_date=decision_date,
            register_no=w["register_no"].text(),
            status=status,
            note=w["note"].text(),
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

    def follow_changes(self, changes) -> None:
        """The record shown was changed or deleted elsewhere (e.g. approved from the list): show it as it is
        now, unless the user has typed changes of their own (saving them then reports the conflict)."""
        if self.current is None or self.is_dirty():
            return
        uuid = self.current.uuid
        if uuid in changes.deleted.get("award", []):
            self.new_record()
        elif uuid in changes.updated.get("award", []) or uuid in changes.created.get("award", []):
            self.load(uuid)

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
