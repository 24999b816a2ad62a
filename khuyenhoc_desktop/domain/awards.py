"""Award records (khen thưởng, học bổng): the draft a form produces, the stored record, and their rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from ..vietnamese import normalize_text_fields
from .errors import FieldError
from .limits import amount_problem

STATUSES = {"draft": "Nháp", "approved": "Đã duyệt", "awarded": "Đã trao"}
STATUS_BY_LABEL = {v: k for k, v in STATUSES.items()}
# When an award counts as given (docs/numbers.md): approved or paid, never a draft; drafts are "chờ duyệt".
GIVEN_STATUSES = ("approved", "awarded")
PENDING_STATUS = "draft"
PENDING_LABEL = "chờ duyệt"
AWARD_FORMS = ("Tiền", "Hiện vật", "Giấy khen", "Học bổng")
GENDERS = ("", "Nam", "Nữ")
LARGE_AMOUNT = 1_000_000_000  # over 1 tỷ đồng for one award is almost surely a typing slip

# Longest text a column may hold; past this, lists and certificates become unreadable.
MAX_LENGTH = {
    "full_name": 80,
    "parent_name": 80,
    "achievement": 400,
    "note": 1000,
    "batch": 150,
}
DEFAULT_MAX_LENGTH = 150

FIELD_LABELS = {
    "school_year": "Năm học",
    "batch": "Đợt khen thưởng",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "gender": "Giới tính",
    "parent_name": "Con ông/bà",
    "village": "Thôn",
    "class_name": "Lớp",
    "school": "Trường",
    "category": "Loại thành tích",
    "level": "Cấp",
    "prize": "Giải",
    "subject": "Môn",
    "achievement": "Thành tích (in trên giấy khen)",
    "award_form": "Hình thức",
    "amount": "Số tiền",
    "funding_source": "Nguồn kinh phí",
    "decision_no": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "register_no": "Số vào sổ",
    "status": "Trạng thái",
    "note": "Ghi chú",
}

_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class AwardDraft:
    """What the award form (or an import) produces; validated and normalised before saving."""

    school_year: str = ""
    full_name: str = ""
    batch: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = ""
    parent_name: str = ""
    village: str = ""
    class_name: str = ""
    school: str = ""
    category: str = ""
    level: str = ""
    prize: str = ""
    subject: str = ""
    achievement: str = ""
    award_form: str = "Tiền"
    amount: int = 0
    funding_source: str = ""
    decision_no: str = ""
    decision_date: date | None = None
    register_no: str = ""
    status: str = "draft"
    note: str = ""
    # Name parts for names the simple split gets wrong ("Tôn Nữ …"); empty = split automatically.
    family_name: str = ""
    middle_name: str = ""
    given_name: str = ""

    def normalized(self) -> "AwardDraft":
        """All text NFC, trimmed, inner spaces collapsed (multi-line achievement and note keep their lines)."""
        draft = normalize_text_fields(self, multiline=("achievement", "note"))
        if draft.birth_date and not draft.birth_year:
            draft = replace(draft, birth_year=draft.birth_date.year)
        return draft


@dataclass(frozen=True)
class Award(AwardDraft):
    """A stored award record."""

    id: int = 0
    uuid: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False
    printed_at: str | None = None

    def as_draft(self) -> AwardDraft:
        names = {f.name for f in fields(AwardDraft)}
        return AwardDraft(**{k: getattr(self, k) for k in names})

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def birth_text(self) -> str:
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year) if self.birth_year else ""


def draft_field_names() -> list[str]:
    return [f.name for f in fields(AwardDraft)]


def validate_award(draft: AwardDraft, today: date | None = None) -> list[FieldError]:
    """Field and cross-field rules. Errors block saving; warnings need the user's confirmation."""
    today = today or date.today()
    problems: list[FieldError] = []

    def err(name: str, message: str) -> None:
        problems.append(FieldError(name, message, "error"))

    if not draft.full_name:
        err("full_name", "Chưa nhập họ và tên.")
    elif len(draft.full_name.split()) < 2:
        problems.append(FieldError("full_name", "Họ và tên chỉ có một chữ; hãy kiểm tra lại.", "warning"))
    if not draft.school_year:
        err("school_year", "Chưa chọn năm học.")
    else:
        m = _SCHOOL_YEAR.match(draft.school_year)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            err("school_year", f"Năm học “{draft.school_year}” không đúng dạng, ví dụ 2024-2025.")
    if draft.birth_date is not None:
        if draft.birth_date > today:
            err("birth_date", "Ngày sinh ở tương lai.")
        elif draft.birth_date.year < 1900:
            err("birth_date", "Ngày sinh quá xa (trước năm 1900).")
    if draft.birth_year is not None:
        if draft.birth_year > today.year:
            err("birth_year", "Năm sinh ở tương lai.")
        elif draft.birth_year < 1900:
            err("birth_year", "Năm sinh không hợp lệ.")
        elif draft.birth_date is not None and draft.birth_date.year != draft.birth_year:
            err("birth_year", "Năm sinh không khớp với ngày sinh.")
    if draft.gender not in GENDERS:
        err("gender", "Giới tính chỉ là Nam hoặc Nữ.")
    if draft.status not in STATUSES:
        err("status", "Trạng thái không hợp lệ.")
    amount_error = amount_problem(draft.amount)
    if amount_error:
        err("amount", amount_error)
    elif draft.amount > LARGE_AMOUNT:
        problems.append(
            FieldError("amount", "Số tiền trên 1 tỷ đồng cho một suất thưởng. Bạn có chắc chắn?", "warning")
        )
    if draft.decision_date is not None and draft.decision_date.year < 1945:
        err("decision_date", "Ngày quyết định không hợp lệ.")
    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, str):
            limit = MAX_LENGTH.get(f.name, DEFAULT_MAX_LENGTH)
            if len(value) > limit:
                label = FIELD_LABELS.get(f.name, f.name)
                err(f.name, f"{label} quá dài ({len(value)} ký tự, tối đa {limit}).")
    return problems


def errors_only(problems: list[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "error"]


def warnings_only(problems: list[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "warning"]


@dataclass(frozen=True)
class AwardFilter:
    """What the award list shows: equality filters plus a diacritic-insensitive search text."""

    school_year: str = ""
    category: str = ""
    level: str = ""
    school: str = ""
    status: str = ""
    search: str = ""
    include_deleted: bool = False
    uuids: tuple[str, ...] = field(default_factory=tuple)


# Columns the list can sort on, in the order the list shows them.
SORTABLE = ("name", "birth", "class_name", "school", "category", "level", "amount", "status", "school_year")


def given_on(status: str, decision_date: date | None, paid_on: date | None, approved_on: date | None) -> date | None:
    """The day an award counts as given, None while it is not (a draft): its decision date, else the day
    of the payment voucher that paid it, else the day it was approved. `storage.awards.GIVEN_ON_SQL` is
    this rule in SQL, for the reports' GROUP BY queries."""
    if status not in GIVEN_STATUSES:
        return None
    return decision_date or paid_on or approved_on
