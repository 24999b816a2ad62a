"""What `NationalService` returns (`to_dict()` gives the JSON the CLI prints)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Province:
    """A province registered with the national hub, with its ledger: packages, the last one, the missing seq
    numbers as (first, last) ranges, which package's figures are held and the periods they cover."""

    code: str
    name: str
    fingerprint: str
    registered_at: str
    revoked: bool
    revoked_at: str
    revoked_reason: str
    packages: int
    last_seq: int | None
    last_created_at: str | None
    last_imported_at: str | None
    gaps: list[tuple[int, int]]
    figures_seq: int | None
    periods: list[str]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": "revoked" if self.revoked else "active"}


@dataclass
class NationalImportReport:
    """One province package: applied (its figures now held, or kept in the ledger only when older than the
    held ones), already imported, or refused (nothing written)."""

    file: str
    status: str = "refused"  # applied | already | refused
    message: str = ""
    error_code: str = ""
    province_code: str = ""
    province_name: str = ""
    seq: int | None = None
    package_sha256: str = ""
    communes: int = 0
    periods: list[str] = field(default_factory=list)
    replaced: bool = False  # the province's figures are now this package's
    gaps: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("applied", "already")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


NATIONAL_STATUS_LABELS = {"applied": "Đã nhập", "already": "Đã nhập rồi", "refused": "Bị từ chối"}
