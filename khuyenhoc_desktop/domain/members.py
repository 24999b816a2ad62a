"""Members (hội viên) and the association's own units (chi hội, ban khuyến học, tổ hội): drafts, stored
records, the rules of their fields and their specs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..vietnamese import normalize_text_fields
from .errors import FieldError
from .specs import (  # noqa: F401 - errors_only, warnings_only: the services read them here
    EX_NOTE, EX_PERSON, EX_SIGNATURE, EX_STT, EX_VILLAGE, EXPORT_STT, PERSON_REQUIRED, ExchangeColumn, ExportColumn, ListColumn, ListFilter, RecordSpec,
    SoftDeleted, Words, attr, birth_problems, declared, errors_only, labels_of, length_problems, warnings_only,
)

# -- organisation units --------------------------------------------------------------------------
from .unit_kinds import UNIT_KIND_BY_LABEL, UNIT_KINDS  # noqa: F401 - declared there, read here too


@dataclass(frozen=True)
class UnitDraft:
    """A chi hội (by thôn/tổ dân phố or by agency), a ban khuyến học (school, dòng họ, agency, business)
    or a tổ hội."""

    kind: str = attr("Loại", "choice", default="chi_hoi", choices=tuple(UNIT_KINDS), required=True)
    name: str = attr("Tên", max_length=120, required=True)
    village: str = attr("Thuộc thôn", "choice", catalog="village")
    head: str = attr("Người phụ trách", max_length=80)
    phone: str = attr("Điện thoại", max_length=20)
    founded_on: date | None = attr("Ngày thành lập", "date")
    active: bool = attr("Đang hoạt động", "choice", default=True)
    note: str = attr("Ghi chú", "multiline", max_length=1000)

    def normalized(self) -> "UnitDraft":
        return normalize_text_fields(self, multiline=("note",))


UNIT_FIELDS = declared(UnitDraft)


@dataclass(frozen=True)
class Unit(SoftDeleted, UnitDraft):
    """A stored unit."""

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)


_PHONE = re.compile(r"^\+?[0-9 .\-]{8,15}$")


def validate_unit(draft: UnitDraft, today: date | None = None) -> list[FieldError]:
    today = today or date.today()
    problems: list[FieldError] = []
    if draft.kind not in UNIT_KINDS:
        problems.append(FieldError("kind", "Loại tổ chức chỉ là chi hội, ban khuyến học hoặc tổ hội."))
    if not draft.name:
        problems.append(FieldError("name", "Chưa nhập tên chi hội/ban."))
    if draft.phone and not _PHONE.match(draft.phone):
        problems.append(FieldError("phone", "Số điện thoại không đúng dạng (chỉ chữ số, 8–15 số)."))
    if draft.founded_on is not None:
        if draft.founded_on > today:
            problems.append(FieldError("founded_on", "Ngày thành lập ở tương lai."))
        elif draft.founded_on.year < 1945:
            problems.append(FieldError("founded_on", "Ngày thành lập quá xa (trước năm 1945)."))
    return problems + length_problems(UNIT_FIELDS, draft)


UNIT_SPEC = RecordSpec(
    kind="org_unit",
    table="org_unit",
    title="Chi hội, ban khuyến học",
    words=Words(one="chi hội/ban", many="chi hội/ban", pick="dòng"),
    fields=UNIT_FIELDS,
    validate=validate_unit,
    draft_type=UnitDraft,
    record_type=Unit,
    display="name",
    # the head's phone stays in the file, like a member's (docs/sync-format.md §5.5)
    local_fields=("phone",),
)

# -- members -------------------------------------------------------------------------------------
STATUSES = {"active": "Đang sinh hoạt", "moved": "Chuyển đi", "deceased": "Từ trần", "quit": "Thôi"}
STATUS_BY_LABEL = {v: k for k, v in STATUSES.items()}
ACTIVE_STATUS = "active"
GENDERS = ("", "Nam", "Nữ")
DEFAULT_ETHNICITY = "Kinh"
# The minimum age is not written down anywhere we could read: a setting, this its default.
MIN_AGE_SETTING = "members.min_age"
DEFAULT_MIN_AGE = 18
CODE_PREFIX = "HV"
# Never in the sync file, masked in the list unless the user asks (personal data).
LOCAL_ONLY = ("id_number", "phone")
_ID_NUMBER = re.compile(r"^[0-9]{12}$")


@dataclass(frozen=True)
class MemberDraft:
    """What the member form (or an import) produces; validated and normalised before saving."""

    code: str = attr("Mã hội viên", max_length=20)
    full_name: str = attr("Họ và tên", max_length=80, required=True)
    gender: str = attr("Giới tính", "choice", choices=GENDERS)
    birth_date: date | None = attr("Ngày sinh", "date")
    birth_year: int | None = attr("Năm sinh", "year")
    ethnicity: str = attr("Dân tộc", max_length=40, default=DEFAULT_ETHNICITY)
    village: str = attr("Thôn", "choice", catalog="village")
    address: str = attr("Địa chỉ", max_length=200)
    unit_uuid: str = attr("Chi hội/ban", "ref", default="")
    role: str = attr("Chức vụ trong hội", "choice", catalog="member_role")
    category: str = attr("Đối tượng", "choice", catalog="member_category")
    joined_on: date | None = attr("Ngày vào hội", "date")
    card_no: str = attr("Số thẻ", max_length=30)
    phone: str = attr("Điện thoại", max_length=20)
    status: str = attr("Trạng thái", "choice", default=ACTIVE_STATUS, choices=tuple(STATUSES))
    status_date: date | None = attr("Ngày chuyển trạng thái", "date")
    id_number: str = attr("Số CCCD", max_length=12)
    note: str = attr("Ghi chú", "multiline", max_length=1000)
    # Name parts for names the simple split gets wrong; empty = split automatically.
    family_name: str = attr("Họ")
    middle_name: str = attr("Đệm")
    given_name: str = attr("Tên")

    def normalized(self) -> "MemberDraft":
        draft = normalize_text_fields(self, multiline=("note",))
        draft = replace(draft, id_number=draft.id_number.replace(" ", ""), code=draft.code.upper())
        if draft.birth_date and not draft.birth_year:
            draft = replace(draft, birth_year=draft.birth_date.year)
        if draft.status == ACTIVE_STATUS and draft.status_date is not None:
            draft = replace(draft, status_date=None)
        return draft


FIELDS = declared(MemberDraft)
FIELD_LABELS = labels_of(FIELDS)


@dataclass(frozen=True)
class Member(SoftDeleted, MemberDraft):
    """A stored member."""

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def age_on(draft: MemberDraft, day: date) -> int | None:
    """Full years on `day` from the birth date, or from 31 December of the birth year when only that is
    known (the youngest the member can be)."""
    born = draft.birth_date or (date(draft.birth_year, 12, 31) if draft.birth_year else None)
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def validate_member(draft: MemberDraft, today: date | None = None, min_age: int = DEFAULT_MIN_AGE) -> list[FieldError]:
    """Field and cross-field rules. Errors block saving; warnings need the user's confirmation."""
    today = today or date.today()
    problems: list[FieldError] = []

    def err(name: str, message: str) -> None:
        problems.append(FieldError(name, message, "error"))

    def warn(name: str, message: str) -> None:
        problems.append(FieldError(name, message, "warning"))

    if not draft.full_name:
        err("full_name", "Chưa nhập họ và tên.")
    elif len(draft.full_name.split()) < 2:
        warn("full_name", "Họ và tên chỉ có một chữ; hãy kiểm tra lại.")
    problems += birth_problems(draft.birth_date, draft.birth_year, today)
    if draft.gender not in GENDERS:
        err("gender", "Giới tính chỉ là Nam hoặc Nữ.")
    if draft.status not in STATUSES:
        err("status", "Trạng thái không hợp lệ.")
    if draft.joined_on is not None:
        if draft.joined_on > today:
            err("joined_on", "Ngày vào hội ở tương lai.")
        elif draft.birth_date is not None and draft.joined_on < draft.birth_date:
            err("joined_on", "Ngày vào hội trước ngày sinh.")
        elif draft.birth_year is not None and draft.joined_on.year < draft.birth_year:
            err("joined_on", "Ngày vào hội trước năm sinh.")
    if draft.status != ACTIVE_STATUS and draft.status_date is not None:
        if draft.status_date > today:
            err("status_date", "Ngày chuyển trạng thái ở tương lai.")
        elif draft.joined_on is not None and draft.status_date < draft.joined_on:
            err("status_date", "Ngày chuyển trạng thái trước ngày vào hội.")
    if draft.id_number and not _ID_NUMBER.match(draft.id_number):
        err("id_number", "Số CCCD phải gồm đúng 12 chữ số.")
    if draft.phone and not _PHONE.match(draft.phone):
        err("phone", "Số điện thoại không đúng dạng (chỉ chữ số, 8–15 số).")
    if not any(problem.severity == "error" and problem.field in ("birth_date", "birth_year", "joined_on")
               for problem in problems):
        age = age_on(draft, draft.joined_on or today)
        if age is not None and age < min_age:
            warn("birth_year", f"Hội viên mới {age} tuổi khi vào hội (dưới {min_age} tuổi). Vẫn lưu?")
    return problems + length_problems(FIELDS, draft)


def mask_phone(phone: str) -> str:
    """"0912345678" → "0912 *** 678": enough to tell two numbers apart, not enough to call."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:4]} *** {digits[-3:]}"


def mask_id_number(number: str) -> str:
    """"001234567890" → "0012********"."""
    return f"{number[:4]}{'*' * (len(number) - 4)}" if number else ""


@dataclass(frozen=True)
class MemberFilter:
    """What the member list shows: equality filters, the year joined, a diacritic-insensitive search."""

    unit_uuid: str = ""
    status: str = ""
    category: str = ""
    joined_year: int | None = None
    search: str = ""
    show_private: bool = False  # "Hiện số CCCD, điện thoại"
    include_deleted: bool = False
    uuids: tuple[str, ...] = field(default_factory=tuple)
    origin: str | None = None  # an old commune merged in (its code), "" the file's own records; None: all


SORTABLE = ("code", "name", "birth", "village", "unit", "category", "joined_on", "status")

SPEC = RecordSpec(
    kind="member",
    table="member",
    title="Hội viên",
    words=Words(one="hội viên", many="hội viên", pick="dòng"),
    fields=FIELDS,
    validate=validate_member,
    draft_type=MemberDraft,
    record_type=Member,
    display="full_name",
    columns=(
        ListColumn("code", "Mã", sort="code", width=85),
        ListColumn("full_name", "Họ và tên", sort="name", width=190),
        ListColumn("birth_date", "Ngày sinh", sort="birth", format="birth", width=95),
        ListColumn("gender", "Giới tính", width=75),
        ListColumn("village", "Thôn", sort="village", width=90),
        ListColumn("unit_name", "Chi hội/ban", sort="unit", width=150),
        ListColumn("category", "Đối tượng", sort="category", width=160),
        ListColumn("joined_on", "Ngày vào hội", sort="joined_on", format="date", width=110),
        ListColumn("phone", "Điện thoại", width=110),
        ListColumn("id_number", "Số CCCD", width=110),
        ListColumn("status", "Trạng thái", sort="status", format="choice", choices=tuple(STATUSES.items()), width=100),
    ),
    filters=(
        ListFilter("unit_uuid", "Chi hội/ban"),
        ListFilter("status", "Trạng thái", choices=tuple(STATUSES.items())),
        ListFilter("category", "Đối tượng", catalog="member_category"),
        ListFilter("joined_year", "Năm vào hội"),
        ListFilter("origin", "Xã cũ"),  # shown once old communes were merged in (services/merge)
    ),
    search=("full_name", "code"),
    search_hint="Tìm theo họ tên, mã hội viên — gõ không dấu cũng được",
    exchange_kind="members",
    exchange_label="Hội viên",
    # "Chi hội" and "Địa chỉ" come before the thôn: a header the thôn's words also know ("chi hội", "địa chỉ")
    # goes to the first field that knows it. No CCCD or phone column: a list of those is not taken in.
    exchange=(
        EX_STT, *EX_PERSON, ExchangeColumn("code", "Mã hội viên"), ExchangeColumn("unit", "Chi hội"),
        ExchangeColumn("address", "Địa chỉ"), EX_VILLAGE, ExchangeColumn("ethnicity", "Dân tộc"),
        ExchangeColumn("role", "Chức vụ"), ExchangeColumn("category", "Đối tượng"),
        ExchangeColumn("joined_on", "Ngày vào hội", "date"), ExchangeColumn("card_no", "Số thẻ"), EX_NOTE,
        EX_SIGNATURE,
    ),
    export=(
        EXPORT_STT, ExportColumn("code", "Mã hội viên"), ExportColumn("full_name", "Họ và tên"),
        ExportColumn("birth", "Ngày sinh", "date"), ExportColumn("gender", "Giới tính"),
        ExportColumn("ethnicity", "Dân tộc"), ExportColumn("village", "Thôn"), ExportColumn("unit", "Chi hội"),
        ExportColumn("role", "Chức vụ"), ExportColumn("category", "Đối tượng"),
        ExportColumn("joined_on", "Ngày vào hội", "date"), ExportColumn("card_no", "Số thẻ"),
        ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=PERSON_REQUIRED,
    # travels to the province without the personal numbers; the CCCD as its keyed hash (domain.member_ids)
    local_fields=LOCAL_ONLY,
)
