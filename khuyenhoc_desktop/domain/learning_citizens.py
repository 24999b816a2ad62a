"""The list of Công dân học tập of a year: one person per row (name, birth year, gender, thôn, target group,
registered or recognised, an optional CCCD that never leaves the file, a note), its rules, who on the list is
the same person, and the one definition of a target group's counts from the list (docs/numbers.md).

A group with people on the list in a year is counted from the list — registered = the people on it, recognised =
those recognised — and that count is written into the year's `learning_citizen_count` row with each change of
the list, so every figure (summary, statistics table, report, home tile, the province) reads the counts as
before. A group with nobody on the list keeps the count entered by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Sequence

from ..vietnamese import fold, normalize_text_fields
from .limits import year_problem
from .errors import FieldError
from .specs import (
    EX_NOTE, EX_PERSON, EX_SIGNATURE, EX_STT, EX_VILLAGE, PERSON_REQUIRED, ExchangeColumn, ExportColumn, EXPORT_STT,
    RecordSpec, SoftDeleted, Words, attr, birth_problems, declared, length_problems,
)

TABLE = "learning_citizen"
STATUSES = {"registered": "Đã đăng ký", "recognised": "Đã công nhận"}
GENDERS = ("", "Nam", "Nữ")
LIST_NOTE = "theo danh sách"  # how the counts panel marks a group counted from the list
_ID_NUMBER = re.compile(r"^[0-9]{12}$")
# A status cell of the national system's export (or any list), folded: these mean recognised, these registered.
_RECOGNISED_WORDS = ("da cong nhan", "cong nhan", "dat", "da dat", "duoc cong nhan", "x", "co")
_REGISTERED_WORDS = ("da dang ky", "dang ky", "chua cong nhan", "chua dat", "khong dat", "cho cong nhan",
                     "dang danh gia", "chua")


@dataclass(frozen=True)
class CitizenDraft:
    """What the form or an imported row produces; normalised and checked before saving."""

    year: int = attr("Năm", "year", default=0)
    full_name: str = attr("Họ và tên", max_length=80, required=True)
    birth_year: int | None = attr("Năm sinh", "year")
    gender: str = attr("Giới tính", "choice", choices=GENDERS)
    village: str = attr("Thôn", "choice", catalog="village")
    target_group: str = attr("Nhóm đối tượng", "choice", max_length=150, required=True)
    status: str = attr("Kết quả", "choice", default="registered", choices=tuple(STATUSES))
    id_number: str = attr("Số CCCD", max_length=12)
    note: str = attr("Ghi chú", "multiline", max_length=500)

    def normalized(self) -> "CitizenDraft":
        draft = normalize_text_fields(self, multiline=("note",))
        return replace(draft, id_number=draft.id_number.replace(" ", "").replace(".", ""))


FIELDS = declared(CitizenDraft)


@dataclass(frozen=True)
class Citizen(SoftDeleted, CitizenDraft):
    """A person on the list."""

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def match_group(text: str, groups: Sequence[str]) -> str | None:
    """The configured target group `text` names, compared folded ("cong nhan, tho thu cong…"), or None."""
    key = " ".join(fold(text).replace(",", " ").replace("-", " ").split())
    for group in groups:
        if " ".join(fold(group).replace(",", " ").replace("-", " ").split()) == key:
            return group
    return None


def unknown_group_message(text: str, groups: Sequence[str]) -> str:
    return (f"Nhóm đối tượng “{text}” không có trong thiết lập; chỉ nhận: "
            + "; ".join(f"“{g}”" for g in groups) + ".")


def status_of(text: str) -> str | None:
    """registered / recognised from a status cell ("Đã công nhận", "Đạt", "Đăng ký", empty), or None."""
    key = " ".join(fold(text).split())
    if not key or key in _REGISTERED_WORDS:
        return "registered"
    if key in _RECOGNISED_WORDS:
        return "recognised"
    return None


def validate_citizen(draft: CitizenDraft, groups: Sequence[str], today: date) -> list[FieldError]:
    """Errors only: a list entry is a fact copied from the national system or a form."""
    problems: list[FieldError] = []
    problem = year_problem(draft.year)
    if problem:
        problems.append(FieldError("year", problem))
    if not draft.full_name:
        problems.append(FieldError("full_name", "Chưa nhập họ và tên."))
    problems += birth_problems(None, draft.birth_year, today)
    if draft.gender not in GENDERS:
        problems.append(FieldError("gender", "Giới tính chỉ là Nam hoặc Nữ."))
    if not draft.target_group:
        problems.append(FieldError("target_group", "Chưa chọn nhóm đối tượng."))
    elif draft.target_group not in groups:
        problems.append(FieldError("target_group", unknown_group_message(draft.target_group, groups)))
    if draft.status not in STATUSES:
        problems.append(FieldError("status", "Kết quả chỉ là “Đã đăng ký” hoặc “Đã công nhận”."))
    if draft.id_number and not _ID_NUMBER.match(draft.id_number):
        problems.append(FieldError("id_number", "Số CCCD phải gồm đúng 12 chữ số."))
    return problems + length_problems(FIELDS, draft, skip=("year",))


def identity(draft: CitizenDraft) -> tuple[str, int | None, str]:
    """Who a row is, for finding the same person again: folded name, birth year, folded thôn."""
    return fold(draft.full_name), draft.birth_year, fold(draft.village)


def same_person(draft: CitizenDraft, others: Iterable[Citizen]) -> Citizen | None:
    """The person of `others` `draft` is: the same CCCD, or the same folded name, birth year and thôn."""
    key = identity(draft)
    for other in others:
        if draft.id_number and other.id_number == draft.id_number:
            return other
    for other in others:
        if identity(other) == key:
            return other
    return None


class PersonIndex:
    """`same_person` for a whole list at once (an import of thousands of rows): the CCCD and the folded
    name, birth year and thôn of each person, looked up instead of scanned."""

    def __init__(self, citizens: Iterable[Citizen] = ()) -> None:
        self.by_number: dict[str, Citizen] = {}
        self.by_identity: dict[tuple, Citizen] = {}
        for c in citizens:
            self.add(c)

    def add(self, citizen: Citizen) -> None:
        if citizen.id_number:
            self.by_number.setdefault(citizen.id_number, citizen)
        self.by_identity.setdefault(identity(citizen), citizen)

    def replace(self, old: Citizen | None, new: Citizen) -> None:
        if old is not None:
            for index, key in ((self.by_number, old.id_number), (self.by_identity, identity(old))):
                if key and index.get(key) is old:
                    del index[key]
        self.add(new)

    def find(self, draft: CitizenDraft) -> Citizen | None:
        if draft.id_number and draft.id_number in self.by_number:
            return self.by_number[draft.id_number]
        return self.by_identity.get(identity(draft))


def counts_from_list(citizens: Iterable[Citizen]) -> dict[str, tuple[int, int]]:
    """target group → (registered, recognised) of the people on a year's list: everyone on it is registered,
    those recognised are recognised. The one definition (docs/numbers.md)."""
    out: dict[str, list[int]] = {}
    for c in citizens:
        if c.deleted:
            continue
        pair = out.setdefault(c.target_group, [0, 0])
        pair[0] += 1
        pair[1] += c.status == "recognised"
    return {g: (a, b) for g, (a, b) in out.items()}


@dataclass(frozen=True)
class CitizenFilter:
    year: int
    search: str = ""
    target_group: str = ""
    status: str = ""
    uuids: tuple[str, ...] = field(default_factory=tuple)


SPEC = RecordSpec(
    kind=TABLE,
    table=TABLE,
    title="Công dân học tập",
    words=Words(one="công dân học tập", many="người", pick="dòng"),
    fields=FIELDS,
    validate=validate_citizen,
    draft_type=CitizenDraft,
    record_type=Citizen,
    display="full_name",
    search=("full_name", "village"),
    search_hint="Tìm theo họ tên, thôn — gõ không dấu cũng được",
    exchange_kind="citizens",
    exchange_label="Công dân học tập",
    exchange=(
        EX_STT, *EX_PERSON, EX_VILLAGE, ExchangeColumn("target_group", "Nhóm đối tượng"),
        ExchangeColumn("status", "Kết quả"), ExchangeColumn("id_number", "Số CCCD"), EX_NOTE, EX_SIGNATURE,
    ),
    export=(
        EXPORT_STT, ExportColumn("full_name", "Họ và tên"), ExportColumn("birth_year", "Năm sinh", "int"),
        ExportColumn("gender", "Giới tính"), ExportColumn("village", "Thôn"),
        ExportColumn("target_group", "Nhóm đối tượng"), ExportColumn("status", "Kết quả"),
        ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=PERSON_REQUIRED,
    synced=False,  # the list stays in the file; only the counts travel (services/sync_export.STAY_IN_FILE)
    local_fields=("id_number", "note"),
)
