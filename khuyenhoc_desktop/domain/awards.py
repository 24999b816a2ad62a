"""Award records (khen thưởng, học bổng): the draft a form produces, the stored record, and their rules."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from ..vietnamese import normalize_text_fields
from .errors import FieldError
from .limits import amount_problem
from .specs import (  # noqa: F401 - errors_only, warnings_only: the services read them here
    EX_NOTE, EX_PERSON, EX_SIGNATURE, EX_STT, EX_VILLAGE, EXPORT_STT, PERSON_REQUIRED, ExchangeColumn, ExportColumn,
    ListColumn, ListFilter, RecordSpec, SoftDeleted, Words, attr, birth_problems, declared, errors_only,
    labels_of, length_problems, school_year_problem, warnings_only,
)

from .award_statuses import GIVEN_STATUSES, PENDING_STATUS, STATUS_BY_LABEL, STATUSES  # noqa: F401 - declared there, read here too
PENDING_LABEL = "chờ duyệt"
AWARD_FORMS = ("Tiền", "Hiện vật", "Giấy khen", "Học bổng")
GENDERS = ("", "Nam", "Nữ")
LARGE_AMOUNT = 1_000_000_000  # over 1 tỷ đồng for one award is almost surely a typing slip

@dataclass(frozen=True)
class AwardDraft:
    """What the award form (or an import) produces; validated and normalised before saving."""

    # Each field with its label, type and the longest text it may hold (past it, lists and certificates
    # become unreadable).
    school_year: str = attr("Năm học", "choice", required=True, catalog="school_year")
    full_name: str = attr("Họ và tên", max_length=80, required=True)
    batch: str = attr("Đợt khen thưởng")
    birth_date: date | None = attr("Ngày sinh", "date")
    birth_year: int | None = attr("Năm sinh", "year")
    gender: str = attr("Giới tính", "choice", choices=GENDERS)
    parent_name: str = attr("Con ông/bà", max_length=80)
    village: str = attr("Thôn", "choice", catalog="village")
    class_name: str = attr("Lớp")
    school: str = attr("Trường", "choice", catalog="school")
    category: str = attr("Loại thành tích", "choice", catalog="award_category")
    level: str = attr("Cấp", "choice", catalog="award_level")
    prize: str = attr("Giải", "choice", catalog="prize")
    subject: str = attr("Môn")
    achievement: str = attr("Thành tích (in trên giấy khen)", "multiline", max_length=400)
    award_form: str = attr("Hình thức", "choice", default="Tiền", choices=AWARD_FORMS)
    amount: int = attr("Số tiền", "money")
    funding_source: str = attr("Nguồn kinh phí", "choice", catalog="funding_source")
    decision_no: str = attr("Số quyết định")
    decision_date: date | None = attr("Ngày quyết định", "date")
    register_no: str = attr("Số vào sổ")
    status: str = attr("Trạng thái", "choice", default="draft", choices=tuple(STATUSES))
    note: str = attr("Ghi chú", "multiline", max_length=1000)
    # Name parts for names the simple split gets wrong ("Tôn Nữ …"); empty = split automatically.
    family_name: str = attr("Họ")
    middle_name: str = attr("Đệm")
    given_name: str = attr("Tên")

    def normalized(self) -> "AwardDraft":
        """All text NFC, trimmed, inner spaces collapsed (multi-line achievement and note keep their lines)."""
        draft = normalize_text_fields(self, multiline=("achievement", "note"))
        if draft.birth_date and not draft.birth_year:
            draft = replace(draft, birth_year=draft.birth_date.year)
        return draft


FIELDS = declared(AwardDraft)
FIELD_LABELS = labels_of(FIELDS)


@dataclass(frozen=True)
class Award(SoftDeleted, AwardDraft):
    """A stored award record."""

    printed_at: str | None = None

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
    elif school_year_problem(draft.school_year):
        err("school_year", school_year_problem(draft.school_year))
    problems += birth_problems(draft.birth_date, draft.birth_year, today)
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
    problems += length_problems(FIELDS, draft)
    return problems


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
    origin: str | None = None  # an old commune merged in (its code), "" the file's own records; None: all




def given_on(status: str, decision_date: date | None, paid_on: date | None, approved_on: date | None) -> date | None:
    """The day an award counts as given, None while it is not (a draft): its decision date, else the day
    of the payment voucher that paid it, else the day it was approved. `storage.award_given.GIVEN_ON_SQL` is
    this rule in SQL, for the reports' GROUP BY queries."""
    if status not in GIVEN_STATUSES:
        return None
    return decision_date or paid_on or approved_on


SPEC = RecordSpec(
    kind="award",
    table="award",
    title="Khen thưởng",
    words=Words(one="bản ghi", many="bản ghi khen thưởng", pick="dòng"),
    fields=FIELDS,
    validate=validate_award,
    draft_type=AwardDraft,
    record_type=Award,
    display="full_name",
    columns=(
        ListColumn("full_name", "Họ và tên", sort="name", width=200),
        ListColumn("birth_date", "Ngày sinh", sort="birth", format="birth", width=105),
        ListColumn("class_name", "Lớp", sort="class_name", width=50),
        ListColumn("school", "Trường", sort="school", width=170),
        ListColumn("category", "Loại thành tích", sort="category", width=170),
        ListColumn("level", "Cấp", sort="level", width=90),
        ListColumn("prize", "Giải", width=60),
        ListColumn("amount", "Số tiền", sort="amount", format="money", width=90),
        ListColumn("status", "Trạng thái", sort="status", format="choice", choices=tuple(STATUSES.items()), width=80),
        ListColumn("school_year", "Năm học", sort="school_year", width=85),
    ),
    filters=(
        ListFilter("school_year", "Năm học", catalog="school_year", newest_first=True),
        ListFilter("category", "Loại", catalog="award_category"),
        ListFilter("level", "Cấp", catalog="award_level"),
        ListFilter("school", "Trường", catalog="school"),
        ListFilter("status", "Trạng thái", choices=tuple(STATUSES.items())),
        ListFilter("origin", "Xã cũ"),  # shown once old communes were merged in (services/merge)
    ),
    search=("full_name", "parent_name"),
    search_hint="Tìm theo họ tên, con ông/bà — gõ không dấu cũng được",
    exchange_kind="awards",
    exchange_label="Khen thưởng",
    exchange=(
        EX_STT, *EX_PERSON,
        ExchangeColumn("class_name", "Lớp"), ExchangeColumn("school", "Trường"), EX_VILLAGE,
        ExchangeColumn("category", "Loại thành tích"), ExchangeColumn("achievement", "Thành tích"),
        ExchangeColumn("level", "Cấp"), ExchangeColumn("prize", "Giải"), ExchangeColumn("subject", "Môn"),
        ExchangeColumn("score", "Điểm", "number"), ExchangeColumn("university", "Trường đỗ"),
        ExchangeColumn("amount", "Số tiền", "money"), ExchangeColumn("award_form", "Hình thức"),
        ExchangeColumn("parent_name", "Con ông/bà"), ExchangeColumn("funding", "Nguồn kinh phí"),
        ExchangeColumn("decision", "Số quyết định"), EX_NOTE, EX_SIGNATURE,
    ),
    export=(
        EXPORT_STT, ExportColumn("full_name", "Họ và tên"), ExportColumn("birth", "Ngày sinh", "date"),
        ExportColumn("gender", "Giới tính"), ExportColumn("parent_name", "Con ông/bà"), ExportColumn("village", "Thôn"),
        ExportColumn("class_name", "Lớp"), ExportColumn("school", "Trường"),
        ExportColumn("category", "Loại thành tích"), ExportColumn("achievement", "Thành tích"),
        ExportColumn("level", "Cấp"), ExportColumn("prize", "Giải"), ExportColumn("subject", "Môn"),
        ExportColumn("amount", "Số tiền", "money"), ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=PERSON_REQUIRED,
)

# The names the list sorts on: those of its columns.
SORTABLE = tuple(c.sort for c in SPEC.columns if c.sort)
