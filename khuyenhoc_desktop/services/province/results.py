"""What `ProvinceService` returns: one dataclass per answer (`to_dict()` gives the JSON the CLI prints)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Commune:
    """An enrolled commune with its ledger; for a revoked key, when (UTC ISO time), why and by whom."""

    code: str
    name: str
    fingerprint: str
    registered_at: str
    revoked: bool
    revoked_at: str | None
    revoked_reason: str
    revoked_by: str
    packages: int
    last_seq: int | None
    last_created_at: str | None
    last_imported_at: str | None
    gaps: list[tuple[int, int]]  # missing seq numbers as (first, last) ranges
    # Merged into a new commune (the July 2025 reform, prov_unit_change): its key is retired, not revoked —
    # packages dated after `retired_from` are refused. `official_name`: the post-2025 list's name of the code.
    merged_into: str | None = None
    merged_into_name: str = ""
    retired_from: str | None = None  # ISO date: the change's effective date
    official_name: str = ""

    @property
    def status(self) -> str:
        """"revoked", "retired" (merged into another commune) or "active"."""
        return "revoked" if self.revoked else "retired" if self.merged_into else "active"

    @property
    def label(self) -> str:
        """"Tân Dĩnh (07462)", or the code alone for a commune without a name."""
        return f"{self.name} ({self.code})" if self.name else self.code

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


@dataclass
class Revocation:
    """The commune after `revoke_commune`; `revoked_now` is False when its key already was revoked
    (nothing written: the first revocation's time and reason stay)."""

    commune: Commune
    revoked_now: bool

    def to_dict(self) -> dict[str, Any]:
        return {"revoked_now": self.revoked_now, "commune": self.commune.to_dict()}


@dataclass(frozen=True)
class ProvinceProfile:
    code: str
    name: str


@dataclass
class AckData:
    """What the biên nhận for a commune says: packages 1 … up_to_seq are all here; the records accepted
    (table, uuid, version) and those returned (table, uuid, version, reason)."""

    up_to_seq: int
    last_package_sha256: str | None
    accepted: list[tuple[str, str, int]]
    returned: list[tuple[str, str, int, str]]


# What each status of an ImportReport is called on screen and in the terminal.
IMPORT_STATUS_LABELS = {"applied": "Đã nhập", "dry_run": "Thử nhập (chưa ghi)", "already": "Đã nhập rồi",
                        "refused": "Bị từ chối"}


@dataclass
class RejectedRow:
    line: int
    table: str
    uuid: str
    version: int
    reason: str


@dataclass
class ImportReport:
    """What importing (or dry-running) one file did. status: applied | dry_run | already | refused."""

    file: str
    status: str = "refused"
    message: str = ""
    commune_code: str = ""
    commune_name: str = ""
    seq: int | None = None
    package_sha256: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    stale: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)  # missing seq numbers as (first, last) ranges
    warnings: list[str] = field(default_factory=list)
    mismatched_tables: list[str] = field(default_factory=list)
    error_code: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "refused" and not self.rejected

    @property
    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "deleted": self.deleted, "stale": self.stale, "rejected": len(self.rejected)}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts
        d["rejected"] = [asdict(r) for r in self.rejected]
        return d


@dataclass
class ProvinceTotals:
    """The province's figures over every commune, in the sections of a commune's `summary`:

    * `awards` {count, amount, pending {count, amount}, by_category, by_level, by_school_year, by_status,
      by_funding_source} — given awards (approved and paid) with their breakdowns, drafts apart as
      pending, `by_status` over every status;
    * `classes` {count, learners, women, minority, by_field};
    * `fund` {opening, receipts, payments, balance, vouchers, books}, balance = opening + receipts − payments;
    * `members` {count, new, left, units} — the communes' members and units, as a commune's summary;
    * `learning_models` {year, family, clan, community, unit, citizen} — the communes' learning models;
    * `by_commune` {code: {name, awards, classes, fund, members, learning_models}} with the same totals per
      commune;
    * `ledger` {code: {last_seq, last_imported_at, gaps}}; `communes`: how many are enrolled.
    """

    school_year: str | None
    communes: int
    awards: dict[str, Any]
    classes: dict[str, Any]
    fund: dict[str, Any]
    by_commune: dict[str, dict[str, Any]]
    ledger: dict[str, dict[str, Any]]
    # {count, new, left, units {kind: n}}: the communes' members as their summaries count them (schema 16)
    members: dict[str, Any] = field(default_factory=dict)
    # {year, family, clan, community, unit {total, registered, recognised}, citizen}: the communes' learning
    # models as their summaries count them, summed (schema 21)
    learning_models: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
