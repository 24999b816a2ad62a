"""Merging old communes' files into the new association's file (after the July 2025 reform): what the dry run
shows and what the handover keeps. The rules are in services/merge; this is their vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# What a catalogue entry or a name of an old commune becomes in the new file.
UNIFY = "unify"  # the same name (folded) is already there: records take that one
NEW = "new"  # added as it is
QUALIFY = "qualify"  # the same name is in another commune: it takes the old commune's name
RENAME = "rename"  # the user typed another name

ACTION_LABELS = {UNIFY: "gộp với mục sẵn có", NEW: "thêm mới", QUALIFY: "thêm tên xã cũ", RENAME: "đổi tên"}


@dataclass(frozen=True)
class OldCommune:
    """An old commune's identity as its file's organisation profile holds it."""

    code: str
    name: str  # "Tân Dĩnh"
    kind: str  # "xã", "phường"
    committee_name: str  # "Hội Khuyến học xã Tân Dĩnh"
    province: str
    province_code: str
    file_name: str
    schema_version: int

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}".strip()


def qualified(name: str, commune: OldCommune) -> str:
    """A name that two communes share, told apart by the old commune's: "Thôn 1 (xã Tân Dĩnh cũ)"."""
    return f"{name} ({commune.label} cũ)"


def handover_reason(commune: OldCommune) -> str:
    return f"Tiếp nhận quỹ từ {commune.committee_name} (cũ)"


@dataclass(frozen=True)
class BookBalance:
    """One old book's closing balance at the merger date: the cash book (`account` "") or a bank account."""

    book: str  # "cash" / "bank"
    account: str
    name: str
    balance: int


@dataclass(frozen=True)
class NameChoice:
    """What one name of an old commune (a catalogue entry, a chi hội's name) becomes."""

    kind: str  # a catalogue kind ("village", "award_category" …) or "org_unit"
    kind_label: str
    origin_code: str
    origin_name: str
    name: str
    target: str
    action: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.origin_code, self.name


@dataclass(frozen=True)
class PersonEntry:
    origin_code: str  # "" = the new file's own
    origin_name: str
    uuid: str
    code: str
    full_name: str
    birth: str


@dataclass(frozen=True)
class DuplicatePerson:
    """Members of two communes who are probably one person: flagged, kept as two records."""

    reason: str
    entries: tuple[PersonEntry, ...]


@dataclass(frozen=True)
class Conflict:
    origin_code: str
    message: str
    blocking: bool  # a blocking conflict refuses the merge


@dataclass(frozen=True)
class KindCount:
    """Rows of one kind from one old commune: added, updated (a higher version), unchanged, unified with an
    existing entry, left out (conflicts)."""

    table: str
    label: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unified: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.unified + self.skipped


@dataclass
class SourcePlan:
    commune: OldCommune
    books: list[BookBalance]
    counts: list[KindCount]
    audit_rows: int = 0
    already_merged: bool = False


@dataclass
class MergePlan:
    merger_date: date
    into: str  # the new association's name
    sources: list[SourcePlan]
    names: list[NameChoice]
    duplicates: list[DuplicatePerson]
    conflicts: list[Conflict]
    prepared: dict = field(default_factory=dict, repr=False)  # the rows to write, per origin (services/merge)

    @property
    def refused(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.blocking]

    @property
    def changes_nothing(self) -> bool:
        return all(not (c.added or c.updated) for s in self.sources for c in s.counts) and all(
            s.already_merged for s in self.sources)
