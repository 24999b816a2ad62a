"""Lớp học / chuyên đề of the community learning centre (TTHTCĐ) and their learners.

The report to the province counts lớp/chuyên đề and lượt người học (= the total number of learners
of each class, so one person in two classes counts twice), by lĩnh vực.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from datetime import date

from ..vietnamese import format_date, normalize, normalize_multiline, normalize_text_fields, school_year_of
from .errors import FieldError
from .limits import MAX_AMOUNT, MAX_COUNT, count_problem
from .specs import (  # noqa: F401 - errors_only, warnings_only: the services read them here
    EX_NOTE, EX_PERSON, EX_SIGNATURE, EX_STT, EX_VILLAGE, EXPORT_STT, PERSON_REQUIRED, ExchangeColumn, ExportColumn,
    ListColumn, ListFilter, RecordSpec, SoftDeleted, Words, attr, declared, errors_only, labels_of,
    length_problems, school_year_problem, warnings_only,
)

CLASS_FORMS = ("Lớp bồi dưỡng", "Chuyên đề", "Câu lạc bộ", "Trực tuyến")
GENDERS = ("", "Nam", "Nữ")
LARGE_COUNT = 5_000  # learners in one class of a commune centre: more is almost surely a slip

@dataclass(frozen=True)
class ClassDraft:
    """What the class form produces. `school_year` and `year` default from the start date."""

    name: str = attr("Tên lớp / chuyên đề", max_length=200, required=True)
    field: str = attr("Lĩnh vực", "choice")  # catalogue "class_field" and the classes' own
    form: str = attr("Hình thức", "choice", default="Lớp bồi dưỡng", choices=CLASS_FORMS)
    partner: str = attr("Đơn vị phối hợp", "choice")
    speaker: str = attr("Báo cáo viên", "choice")
    venue: str = attr("Địa điểm", "choice")
    start_date: date | None = attr("Ngày bắt đầu", "date", required=True)
    end_date: date | None = attr("Ngày kết thúc", "date")
    sessions: int = attr("Số buổi", "int")
    learners: int = attr("Số học viên", "int")  # = lượt người học
    women: int = attr("Số học viên nữ", "int")  # trong đó nữ
    minority: int = attr("Số học viên dân tộc thiểu số", "int")  # trong đó dân tộc thiểu số
    budget: int = attr("Kinh phí", "money")  # đồng
    voucher_uuid: str | None = attr("Phiếu chi kinh phí", "ref")  # the phiếu chi that paid the budget, if any
    result: str = attr("Kết quả", "multiline", max_length=1000)
    note: str = attr("Ghi chú", "multiline", max_length=1000)
    school_year: str = attr("Năm học")
    year: int | None = attr("Năm", "year")

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


FIELDS = declared(ClassDraft)
FIELD_LABELS = labels_of(FIELDS)


@dataclass(frozen=True)
class LearningClass(SoftDeleted, ClassDraft):
    @property
    def dates_text(self) -> str:
        if self.start_date is None:
            return ""
        if self.end_date is None or self.end_date == self.start_date:
            return format_date(self.start_date)
        return f"{format_date(self.start_date)} – {format_date(self.end_date)}"


@dataclass(frozen=True)
class LearnerDraft:
    full_name: str = attr("Họ và tên học viên", max_length=80, required=True)
    birth_year: int | None = attr("Năm sinh", "year")
    village: str = attr("Thôn")
    gender: str = attr("Giới tính", "choice", choices=GENDERS)
    note: str = attr("Ghi chú", "multiline", max_length=1000)

    def normalized(self) -> "LearnerDraft":
        return replace(
            self,
            full_name=normalize(self.full_name),
            village=normalize(self.village),
            gender=normalize(self.gender),
            note=normalize_multiline(self.note),
        )


LEARNER_FIELDS = declared(LearnerDraft)
LEARNER_LABELS = labels_of(LEARNER_FIELDS)


@dataclass(frozen=True)
class Learner(SoftDeleted, LearnerDraft):
    class_uuid: str = ""


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
    origin: str | None = None  # an old commune merged in (its code), "" the file's own records; None: all




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
    if draft.school_year and school_year_problem(draft.school_year):
        err("school_year", school_year_problem(draft.school_year))
    if draft.year is not None and (not isinstance(draft.year, int) or not 1990 <= draft.year <= 2200):
        err("year", f"Năm “{draft.year}” không hợp lệ.")
    problems += length_problems(FIELDS, draft)
    return problems


def named_learners_problem(named: int, declared: int) -> FieldError | None:
    """The warning when the class's list names more learners than its declared total (the total is what
    the report counts, so it should hold at least every named one)."""
    if named > declared:
        return FieldError("learners", f"Danh sách có {named} học viên nhưng tổng số học viên ghi {declared}.",
                          "warning")
    return None


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
    if len(draft.village) > LEARNER_FIELDS[2].limit:
        problems.append(FieldError("village", "Tên thôn quá dài."))
    if len(draft.note) > 1000:
        problems.append(FieldError("note", "Ghi chú quá dài (tối đa 1000 ký tự)."))
    return problems



SPEC = RecordSpec(
    kind="learning_class",
    table="learning_class",
    title="Lớp học cộng đồng",
    words=Words(one="lớp", many="lớp học / chuyên đề", pick="lớp"),
    fields=FIELDS,
    validate=validate_class,
    draft_type=ClassDraft,
    record_type=LearningClass,
    display="name",
    columns=(
        ListColumn("name", "Tên lớp / chuyên đề", sort="name", width=250),
        ListColumn("field", "Lĩnh vực", sort="field", width=140),
        ListColumn("form", "Hình thức", sort="form", width=110),
        ListColumn("start_date", "Bắt đầu", sort="start_date", format="date", width=95),
        ListColumn("end_date", "Kết thúc", format="date", width=95),
        ListColumn("sessions", "Số buổi", sort="sessions", format="count", width=65),
        ListColumn("learners", "Học viên", sort="learners", format="count", width=75),
        ListColumn("women", "Nữ", format="count", width=50),
        ListColumn("minority", "DTTS", format="count", width=50),
        ListColumn("budget", "Kinh phí", sort="budget", format="count", width=100),
        ListColumn("venue", "Địa điểm", width=200),
    ),
    # Years and lĩnh vực come from the classes themselves (the service), not from a catalogue.
    filters=(ListFilter("year", "Năm"), ListFilter("field", "Lĩnh vực")),
    search=("name", "field", "form", "partner", "speaker", "venue"),
    search_hint="Tìm theo tên lớp, lĩnh vực, báo cáo viên, địa điểm — gõ không dấu cũng được",
    exchange_kind="classes",
    exchange_label="Lớp học / chuyên đề",
    exchange=(
        EX_STT,
        ExchangeColumn("title", "Tên lớp/chuyên đề"), ExchangeColumn("field", "Lĩnh vực"),
        ExchangeColumn("form", "Hình thức"), ExchangeColumn("partner", "Đơn vị phối hợp"),
        ExchangeColumn("speaker", "Báo cáo viên"), ExchangeColumn("location", "Địa điểm"),
        ExchangeColumn("start_date", "Ngày bắt đầu", "date"), ExchangeColumn("end_date", "Ngày kết thúc", "date"),
        ExchangeColumn("sessions", "Số buổi", "int"), ExchangeColumn("learners", "Số học viên", "int"),
        ExchangeColumn("female", "Nữ", "int"), ExchangeColumn("ethnic_minority", "Dân tộc thiểu số", "int"),
        ExchangeColumn("budget", "Kinh phí", "money"), ExchangeColumn("result", "Kết quả"), EX_NOTE,
    ),
    export=(
        EXPORT_STT, ExportColumn("title", "Tên lớp/chuyên đề"), ExportColumn("field", "Lĩnh vực"),
        ExportColumn("form", "Hình thức"), ExportColumn("partner", "Đơn vị phối hợp"),
        ExportColumn("speaker", "Báo cáo viên"), ExportColumn("location", "Địa điểm"),
        ExportColumn("start_date", "Ngày bắt đầu", "date"), ExportColumn("end_date", "Ngày kết thúc", "date"),
        ExportColumn("sessions", "Số buổi", "int"), ExportColumn("learners", "Số học viên", "int"),
        ExportColumn("female", "Nữ", "int"), ExportColumn("ethnic_minority", "Dân tộc thiểu số", "int"),
        ExportColumn("budget", "Kinh phí", "money"), ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=(("title",),),
    sync_label="Lớp học",
)

# The names the list sorts on: those of its columns, and the year no column shows.
SORTABLE = tuple(c.sort for c in SPEC.columns if c.sort) + ("year",)

# The named learners of a class: a kind of its own in Excel and in the sync file, listed and edited
# inside the class form.
LEARNER_SPEC = RecordSpec(
    kind="class_learner",
    table="class_learner",
    title="Học viên",
    words=Words(one="học viên", many="học viên", pick="dòng"),
    fields=LEARNER_FIELDS,
    validate=validate_learner,
    draft_type=LearnerDraft,
    record_type=Learner,
    display="full_name",
    exchange_kind="learners",
    exchange_label="Học viên của một lớp",
    exchange=(
        EX_STT, *EX_PERSON, EX_VILLAGE,
        ExchangeColumn("ethnicity", "Dân tộc"), ExchangeColumn("occupation", "Nghề nghiệp"),
        ExchangeColumn("phone", "Điện thoại"), EX_NOTE, EX_SIGNATURE,
    ),
    export=(
        EXPORT_STT, ExportColumn("full_name", "Họ và tên"), ExportColumn("birth", "Năm sinh", "date"),
        ExportColumn("gender", "Giới tính"), ExportColumn("ethnicity", "Dân tộc"), ExportColumn("village", "Thôn"),
        ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=PERSON_REQUIRED,
)
