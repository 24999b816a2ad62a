"""The province's side of sync: enrolled communes and keys (`registry`), importing `.khsync` packages
into a mirror of the communes' records (`importer`), signed acknowledgements (`acks`), the totals over
every commune with their summary sections and exports (`aggregates`), members of several communes with
the same CCCD hash (`duplicates`), what a commune's row must satisfy (`rules`), the communes merged in
July 2025 (`unit_changes`), and the province's keys given to another staff PC (`key_sharing`). Every
statement on the `prov_*` tables is in `storage.province`."""

from __future__ import annotations

from .acks import Acks
from .aggregates import NO_VALUE, Aggregates
from .duplicates import DuplicateGroup, Duplicates, ListedMember
from .errors import ProvinceError
from .gaps import format_gaps, gap_ranges
from .importer import KNOWN_TABLES, Importer
from .key_sharing import KeySharing, KeyTransfer, inspect_transfer
from .rows import prepare_rows, verify_and_prepare
from .registry import COMMUNE_TABLE, DEFAULT_MAX_SEQ_JUMP, REVOKE_ACTION, REVOKE_REASON_MISSING
from .results import IMPORT_STATUS_LABELS, AckData, Commune, ImportReport, ProvinceProfile, ProvinceTotals, RejectedRow, Revocation
from .unit_changes import FillResult, UnitChange, UnitChanges, regroup_by_new

__all__ = [
    "AckData", "COMMUNE_TABLE", "DuplicateGroup", "ListedMember", "IMPORT_STATUS_LABELS", "Commune", "DEFAULT_MAX_SEQ_JUMP", "ImportReport", "KNOWN_TABLES", "NO_VALUE",
    "ProvinceError", "ProvinceProfile", "ProvinceService", "ProvinceTotals", "REVOKE_ACTION",
    "REVOKE_REASON_MISSING", "RejectedRow", "Revocation", "format_gaps", "gap_ranges", "prepare_rows",
    "verify_and_prepare", "FillResult", "UnitChange", "regroup_by_new", "KeyTransfer", "inspect_transfer",
]


class ProvinceService(Importer, Acks, Aggregates, Duplicates, UnitChanges, KeySharing):
    """`ws.province`: only meaningful for a data file with role "province"."""

    def checksum(self) -> str:
        """SHA-256 over the content of every province table (tests: nothing of a package written)."""
        import hashlib

        from ...storage.province import mirror

        h = hashlib.sha256()
        for row in mirror.dump(self.db):
            h.update(repr(row).encode("utf-8"))
        return h.hexdigest()
