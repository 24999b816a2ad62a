"""Lớp học / chuyên đề of the community learning centre (TTHTCĐ) and their learners.

The report to the province counts lớp/chuyên đề and lượt người học (= the total number of learners
of each class, so one person in two classes counts twice), by lĩnh vực.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from dataclasses import field as dc_field
from datetime import date

from ..vietnamese import format_date, normalize, normalize_multiline, normalize_text_fields, school_year_of
from .errors import FieldError
from .limits import MAX_AMOUNT, MAX_COUNT, count_problem

CLASS_FORMS = ("Lớp bồi dưỡng", "Chuyên đề", "Câu lạc bộ", "Trực tuyến")
GENDERS = ("", "Nam", "Nữ")
LARGE_COUNT = 5_000  # learners in one class of a commune centre: more is almost surely a slip

MAX_LENGTH = {"name": 200, "result": 1000, "note": 1000}
DEFAULT_MAX_LENGTH = 150

FIELD_LABELS = {
    "name": "Tên lớp / chuyên đề",
    "field": "Lĩnh vực",
    "form": "Hình thức",
    "partner": "Đơn vị phối hợp",
    "speaker": "Báo cáo viên",
    "venue": "Địa điểm",
    "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc",
    "sessions": "Số buổi",
    "learners": "Số học viên",
    "women": "Số học viên nữ",
    "minority": "Số học viên dân tộc thiểu số",
    "budget": "Kinh phí",
    "voucher_uuid": "Phiếu chi kinh phí",
    "result": "Kết quả",
    "note": "Ghi chú",
    "school_year": "Năm học",
    "year": "Năm",
}

LEARNER_LABELS = {
    "full_name": "Họ và tên học viên",
    "birth_year": "Năm sinh",
    "village": "Thôn",
    "gender": "Giới tính",
    "note": "Ghi chú",
}

_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class ClassDraft:
    """What the class form produces. `school_year` and `year` default from the start date."""

    name: str = ""
    field: str = ""  # lĩnh vực (catalogue "class_field")
    form: str = "Lớp bồi dưỡng"
    partner: str = ""  # đơn vị phối hợp
    speaker: str = ""  # báo cáo viên
    venue: str = ""  # địa điểm
    start_date: date | None = None
    end_date: date | None = None
    sessions: int = 0  # số buổi
    learners: int = 0  # số học viên (= lượt người học)
    women: int = 0  # trong đó nữ
    minority: int = 0  # trong đó dân tộc thiểu số
    budget: int = 0  # kinh phí, đồng
    voucher_uuid: str | None = None  # the phiếu chi that paid the budget, if any
    result: str = ""
    note: str = ""
    school_year: str = ""
    year: int | None = None

    def normalized(self) -> "ClassDraft":
        draft = normalize_text_fields(self, multiline=("result", "note"))
        if draft.voucher_uuid == "":
            draft = replace(draft, voucher_uuid=None)
        if draft.start_date is not None:
            if not draft.school_year:
                draft = replace(draft, school_year=school_year_of(draft.start_date))
            if draft.year is None:
                draft = replace(draft, year=draft.start_date.year)
        return draft


@dataclass(frozen=True)
class LearningClass(ClassDraft):
    id: int = 0
    uuid: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False

    def as_draft(self) -> ClassDraft:
        return ClassDraft(**{f.name: getattr(self, f.name) for f in fields(ClassDraft)})

    @property
    def dates_text(self) -> str:
        if self.start_date is None:
            return ""
        if self.end_date is None or self.end_date == self.start_date:
            return format_date(self.start_date)
        return f"{format_date(self.start_date)} – {format_date(self.end_date)}"


@dataclass(frozen=True)
class LearnerDraft:
    full_name: str = ""
    birth_year: int | None = None
    village: str = ""
    gender: str = ""
    note: str = ""

    def normalized(self) -> "LearnerDraft":
        return replace(
            self,
            full_name=normalize(self.full_name),
            village=normalize(self.village),
            gender=normalize(self.gender),
            note=normalize_multiline(self.note),
        )


@dataclass(frozen=True)
class Learner(LearnerDraft):
    id: int = 0
    uuid: str = ""
    class_uuid: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False

    def as_draft(self) -> LearnerDraft:
        return LearnerDraft(**{f.name: getattr(self, f.name) for f in fields(LearnerDraft)})


@dataclass(frozen=True)
class ClassFilter:
    """What the class list shows: equality filters plus a diacritic-insensitive search text."""

    year: int | None = None
    school_year: str = ""
    field: str = ""
    form: str = ""
    search: str = ""  # words in name, lĩnh vực, đơn vị phối hợp, báo cáo viên, địa điểm
    include_deleted: bool = False
    uuids: tuple[str, ...] = dc_field(default_factory=tuple)


# Columns the class list can sort on.
SORTABLE = ("start_date", "name", "field", "form", "learners", "sessions", "budget", "year")


@dataclass(frozen=True)
class ClassTotal:
    """Totals of one group (a year, a lĩnh vực): số lớp, lượt người học, nữ, DTTS, số buổi, kinh phí."""

    key: str | int
    count: int
    learners: int
    women: int
    minority: int
    sessions: int
    budget: int


def validate_class(draft: ClassDraft, today: date | None = None) -> list[FieldError]:
    """Field and cross-field rules (after `normalized()`). Errors block saving; warnings need confirmation."""
    today = today or date.today()
    problems: list[FieldError] = []

    def err(name: str, message: str) -> None:
        problems.append(FieldError(name, message, "error"))

    if not draft.name:
        err("name", "Chưa nhập tên lớp / chuyên đề.")
    if draft.form and draft.form not in CLASS_FORMS:
        err("form", f"Hình thức “{draft.form}” không hợp lệ; chọn một trong: {', '.join(CLASS_FORMS)}.")
    if draft.start_date is None:
        err("start_date", "Chưa nhập ngày bắt đầu.")
    elif draft.start_date.year < 1990:
        err("start_date", f"Ngày bắt đầu {format_date(draft.start_date)} không hợp lệ.")
    if draft.start_date is not None and draft.end_date is not None and draft.end_date < draft.start_date:
        err("end_date", f"Ngày kết thúc ({format_date(draft.end_date)}) trước ngày bắt đầu "
                        f"({format_date(draft.start_date)}).")
    counts_ok = True
    for name in ("sessions", "learners", "women", "minority", "budget"):
        limit = MAX_AMOUNT if name == "budget" else MAX_COUNT
        message = count_problem(getattr(draft, name), FIELD_LABELS[name], limit)
        if message:
            err(name, message)
            counts_ok = False
    if counts_ok:
        if draft.women > draft.learners:
            err("women", f"Số học viên nữ ({draft.women}) nhiều hơn tổng số học viên ({draft.learners}).")
        if draft.minority > draft.learners:
            err("minority", f"Số học viên dân tộc thiểu số ({draft.minority}) nhiều hơn tổng số học viên "
                            f"({draft.learners}).")
        if draft.learners > LARGE_COUNT:
            problems.append(FieldError("learners", f"{draft.learners} học viên trong một lớp. Bạn có chắc chắn?",
                                       "warning"))
    if draft.start_date is not None and draft.start_date > today:
        problems.append(FieldError("start_date", "Lớp chưa bắt đầu (ngày bắt đầu ở tương lai). Bạn có chắc chắn?",
                                   "warning"))
    if draft.school_year:
        m = _SCHOOL_YEAR.match(draft.school_year)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            err("school_year", f"Năm học “{draft.school_year}” không đúng dạng, ví dụ 2024-2025.")
    if draft.year is not None and (not isinstance(draft.year, int) or not 1990 <= draft.year <= 2200):
        err("year", f"Năm “{draft.year}” không hợp lệ.")
    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, str) and f.name != "voucher_uuid":
            limit = MAX_LENGTH.get(f.name, DEFAULT_MAX_LENGTH)
            if len(value) > limit:
                err(f.name, f"{FIELD_LABELS.get(f.name, f.name)} quá dài ({len(value)} ký tự, tối đa {limit}).")
    return problems


def validate_learner(draft: LearnerDraft, today: date | None = None) -> list[FieldError]:
    today = today or date.today()
    problems: list[FieldError] = []
    if not draft.full_name:
        problems.append(FieldError("full_name", "Chưa nhập họ và tên học viên."))
    elif len(draft.full_name) > 80:
        problems.append(FieldError("full_name", f"Họ và tên học viên quá dài ({len(draft.full_name)} ký tự, tối đa 80)."))
    if draft.birth_year is not None:
        if not isinstance(draft.birth_year, int) or isinstance(draft.birth_year, bool):
            problems.append(FieldError("birth_year", "Năm sinh phải là số nguyên."))
        elif draft.birth_year > today.year:
            problems.append(FieldError("birth_year", "Năm sinh ở tương lai."))
        elif draft.birth_year < 1900:
            problems.append(FieldError("birth_year", f"Năm sinh {draft.birth_year} không hợp lệ."))
    if draft.gender not in GENDERS:
        problems.append(FieldError("gender", "Giới tính chỉ là Nam hoặc Nữ."))
    if len(draft.village) > DEFAULT_MAX_LENGTH:
        problems.append(FieldError("village", "Tên thôn quá dài."))
    if len(draft.note) > 1000:
        problems.append(FieldError("note", "Ghi chú quá dài (tối đa 1000 ký tự)."))
    return problems


def errors_only(problems: list[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "error"]


def warnings_only(problems: list[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "warning"]
