"""Record kinds declared once, as data: a `RecordSpec` per kind (award, learning class, voucher, meeting).

A spec names the kind's fields (type, Vietnamese label, length limit, catalogue), its validation hook,
the columns, filters and search of its list, the columns of its Excel import/export and its table in
storage and in the sync file. The list page, the form, `excel.fields` and the sync tables read what they
need from it, the way a report renderer reads a layout, so a new kind is one spec plus what is really
its own (rules in its service, a special widget or two). The identity every stored record shares
(uuid, version, times) is `Stored`, once.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, fields, replace
from dataclasses import field as dc_field
from typing import Any, Callable, Iterable

from .errors import FieldError

# Field types: how a value is typed in a form and read from a cell.
FIELD_TYPES = ("text", "multiline", "choice", "date", "datetime", "year", "int", "money", "ref", "list")
TEXT_TYPES = ("text", "multiline", "choice")
DEFAULT_MAX_LENGTH = 150  # past this a line of a list or a certificate becomes unreadable
NO_LIMIT = 0  # `Field.max_length` of a text checked by its own rule (or not at all)

# List cell formats (`ListColumn.format`), turned into text by the UI's table models.
COLUMN_FORMATS = ("text", "money", "count", "date", "birth", "choice")
# Excel cell types (`ExchangeColumn.type`), read by `excel.reader`, written by `excel.writer`.
EXCHANGE_TYPES = ("text", "name", "birth", "date", "money", "int", "number", "gender", "flag_male", "flag_female",
                  "voucher_type", "payment_method", "ignore")
EXPORT_TYPES = ("text", "money", "int", "date")

_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_problem(text: str) -> str | None:
    """Why `text` is not a school year "2024-2025" (two consecutive years), or None."""
    m = _SCHOOL_YEAR.match(text)
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        return f"Năm học “{text}” không đúng dạng, ví dụ 2024-2025."
    return None


def birth_problems(birth_date, birth_year: int | None, today) -> list[FieldError]:
    """A person's birth as a date or a year alone: not in the future, not before 1900, the two agreeing."""
    problems = []
    if birth_date is not None:
        if birth_date > today:
            problems.append(FieldError("birth_date", "Ngày sinh ở tương lai."))
        elif birth_date.year < 1900:
            problems.append(FieldError("birth_date", "Ngày sinh quá xa (trước năm 1900)."))
    if birth_year is not None:
        if birth_year > today.year:
            problems.append(FieldError("birth_year", "Năm sinh ở tương lai."))
        elif birth_year < 1900:
            problems.append(FieldError("birth_year", "Năm sinh không hợp lệ."))
        elif birth_date is not None and birth_date.year != birth_year:
            problems.append(FieldError("birth_year", "Năm sinh không khớp với ngày sinh."))
    return problems


def _one_of(value: str, allowed: tuple[str, ...], name: str) -> None:
    """A declaration with a type or format the readers do not know is a programming error."""
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {', '.join(allowed)}")


def errors_only(problems: Iterable[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "error"]


def warnings_only(problems: Iterable[FieldError]) -> list[FieldError]:
    return [p for p in problems if p.severity == "warning"]


@dataclass(frozen=True)
class Field:
    """One field of a record kind. `max_length` applies to text types (None: `DEFAULT_MAX_LENGTH`,
    `NO_LIMIT`: none);
    `catalog` names the catalogue whose names a form offers; `choices` are the only values allowed."""

    name: str
    label: str
    type: str = "text"
    max_length: int | None = None
    required: bool = False
    catalog: str = ""
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _one_of(self.type, FIELD_TYPES, self.name)

    @property
    def limit(self) -> int | None:
        if self.type not in TEXT_TYPES or self.max_length == NO_LIMIT:
            return None
        return self.max_length or DEFAULT_MAX_LENGTH


_SPEC_KEY = "spec"
_TYPE_DEFAULTS = {"text": "", "multiline": "", "choice": "", "int": 0, "money": 0, "list": ()}


def attr(label: str, type: str = "text", *, default: Any = MISSING, max_length: int | None = None,
         required: bool = False, catalog: str = "", choices: tuple[str, ...] = ()):
    """A draft dataclass field declared with its `Field`: `full_name: str = attr("Họ và tên", max_length=80)`.
    The default follows the type ("" for texts, 0 for numbers, () for lists, None otherwise)."""
    if default is MISSING:
        default = _TYPE_DEFAULTS.get(type)
    return dc_field(default=default, metadata={_SPEC_KEY: Field("", label, type, max_length, required, catalog,
                                                                 choices)})


def declared(draft_type: type) -> tuple[Field, ...]:
    """The `Field`s of a draft dataclass, in its order (fields declared without `attr` are left out)."""
    return tuple(replace(f.metadata[_SPEC_KEY], name=f.name) for f in fields(draft_type) if _SPEC_KEY in f.metadata)


@dataclass(frozen=True)
class ListColumn:
    """A column of the kind's list: `key` is a column of the storage list query, `sort` the name the
    service sorts on ("" = not sortable), `width` in pixels at 100 % text size."""

    key: str
    label: str
    sort: str = ""
    width: int = 0
    format: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # stored value → label, for format "choice"

    def __post_init__(self) -> None:
        _one_of(self.format, COLUMN_FORMATS, self.key)


@dataclass(frozen=True)
class ListFilter:
    """An equality filter above the list: the filter field, its label, and where its values come from
    (a catalogue, newest first for years; or fixed `choices`, value → label; or neither: the page asks
    the kind's service)."""

    field: str
    label: str
    catalog: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    newest_first: bool = False


@dataclass(frozen=True)
class ExchangeColumn:
    """A column the Excel importer recognises: the key it maps a header to, its label, how a cell is
    read. The header words it is recognised by are the importer's (`excel.fields`)."""

    key: str
    label: str
    type: str = "text"

    def __post_init__(self) -> None:
        _one_of(self.type, EXCHANGE_TYPES, self.key)


@dataclass(frozen=True)
class ExportColumn:
    """A column of the kind's Excel export, whose header the importer maps back to `key`."""

    key: str
    header: str
    type: str = "text"

    def __post_init__(self) -> None:
        _one_of(self.type, EXPORT_TYPES, self.key)


# Excel columns several kinds share.
EX_STT = ExchangeColumn("stt", "STT", "ignore")
EX_NOTE = ExchangeColumn("note", "Ghi chú")
EX_SIGNATURE = ExchangeColumn("signature", "Ký nhận", "ignore")
EX_VILLAGE = ExchangeColumn("village", "Thôn")
EX_PERSON = (
    ExchangeColumn("full_name", "Họ và tên", "name"),
    ExchangeColumn("family_name", "Họ", "name"),
    ExchangeColumn("family_middle", "Họ đệm", "name"),
    ExchangeColumn("middle_name", "Đệm", "name"),
    ExchangeColumn("given_name", "Tên", "name"),
    ExchangeColumn("birth", "Ngày sinh", "birth"),
    ExchangeColumn("gender", "Giới tính", "gender"),
    ExchangeColumn("is_male", "Nam", "flag_male"),
    ExchangeColumn("is_female", "Nữ", "flag_female"),
)
PERSON_REQUIRED = (("full_name", "given_name", "family_middle"),)
EXPORT_STT = ExportColumn("stt", "STT", "int")


@dataclass(frozen=True)
class Words:
    """How the UI names the kind's records in its messages: one of them, several of them, and the
    thing a user selects to act on ("dòng", "lớp" …)."""

    one: str
    many: str
    pick: str


@dataclass(frozen=True)
class RecordSpec:
    """A record kind. `kind` is its change kind (what pages `show`), `table` its storage and sync table,
    `exchange_kind` its name in Excel import/export ("" = none), `display` the field that names a
    record in titles; `sync_label` names its rows in the lists of sent and returned records ("" =
    `title`), `local_fields` are the fields that stay in the file and never travel to the province."""

    kind: str
    table: str
    title: str
    words: Words
    fields: tuple[Field, ...]
    validate: Callable[..., list[FieldError]]
    draft_type: type
    record_type: type
    display: str
    columns: tuple[ListColumn, ...] = ()
    filters: tuple[ListFilter, ...] = ()
    search: tuple[str, ...] = ()
    search_hint: str = ""
    exchange_kind: str = ""
    exchange_label: str = ""  # the kind as the Excel page offers it
    exchange: tuple[ExchangeColumn, ...] = ()
    export: tuple[ExportColumn, ...] = ()
    required_exchange: tuple[tuple[str, ...], ...] = ()  # a row needs one key of each tuple
    synced: bool = True
    sync_label: str = ""
    local_fields: tuple[str, ...] = ()
    soft_delete: bool = True

    @property
    def labels(self) -> dict[str, str]:
        return labels_of(self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def display_of(self, record: Any) -> str:
        return str(getattr(record, self.display, "") or "")


def labels_of(declared: Iterable[Field]) -> dict[str, str]:
    return {f.name: f.label for f in declared}


def length_problems(declared: Iterable[Field], record: Any, skip: Iterable[str] = ()) -> list[FieldError]:
    """"X quá dài (n ký tự, tối đa m)." for every text field of `record` longer than its field allows."""
    skipped = set(skip)
    problems = []
    for f in declared:
        limit = f.limit
        if limit is None or f.name in skipped:
            continue
        value = getattr(record, f.name, "")
        if isinstance(value, str) and len(value) > limit:
            problems.append(FieldError(f.name, f"{f.label} quá dài ({len(value)} ký tự, tối đa {limit})."))
    return problems


@dataclass(frozen=True)
class Stored:
    """The identity every stored record carries. A record class is `class Award(Stored, AwardDraft)`:
    its draft's fields come first, then these, then its own."""

    id: int = 0
    uuid: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""

    _draft_type = None  # set for each record class by __init_subclass__

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        drafts = [b for b in cls.__bases__ if not issubclass(b, Stored)]
        if drafts:
            cls._draft_type = drafts[0]

    def as_draft(self):
        """The record's draft: what a form edits (identity and stored-only fields dropped)."""
        draft_type = type(self)._draft_type
        return draft_type(**{f.name: getattr(self, f.name) for f in fields(draft_type)})


@dataclass(frozen=True)
class SoftDeleted(Stored):
    """A stored record deleted by a flag, so the deletion travels to the province."""

    deleted: bool = False
