"""Reading an old commune's data file for a merge: recognised and checked as the program opens any file
(not ours, damaged, a newer schema: refused with the opening's own message), copied first (the old file is
never written: its copy is upgraded to this program's schema, so every service reads it as usual), then its
identity, its books at the merger date and every row of the merged tables."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ...domain.errors import AppError
from ...domain.merge import BookBalance, OldCommune
from ...storage import merge as store
from ...storage.database import DataFile, DataFileError
from .tables import MERGED_TABLES


class MergeRefused(AppError):
    """A merge that cannot go ahead; the message says why, in Vietnamese. Nothing was written."""


@dataclass
class OldFile:
    path: Path
    role: str
    commune: OldCommune
    profile: dict
    books: list[BookBalance]
    rows: dict[str, list[dict]] = field(default_factory=dict)
    audit: list[dict] = field(default_factory=list)
    openings: list[dict] = field(default_factory=list)
    posted_after: list[str] = field(default_factory=list)  # numbers of phiếu posted after the merger date


def read_old_file(path, merger_date: date, clock) -> OldFile:
    """Everything a merge needs from one old file. Raises MergeRefused for a file that cannot be merged."""
    from ..workspace import Workspace

    path = Path(path)
    try:
        original = DataFile.open(path, read_only=True, full_integrity_check=True)
    except DataFileError as exc:
        raise MergeRefused(f"Không hợp nhất được tệp “{path.name}”: {exc}") from exc
    folder = Path(tempfile.mkdtemp(prefix="khuyenhoc-hop-nhat-"))
    try:
        try:
            copy = original.backup_to(folder / "xa-cu.db")
        finally:
            original.close()
        # Opened without defaults: the copy holds what the old file holds, upgraded to this schema.
        ws = Workspace(DataFile.open(copy, take_lock=False), clock)
        try:
            return _read(ws, path, original.report.schema_version, merger_date)
        finally:
            ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read(ws, path: Path, schema_version: int, merger_date: date) -> OldFile:
    org = ws.organisation
    role = ws.datafile.role
    commune = OldCommune(org.commune_code, org.commune, org.commune_kind or "xã", org.committee_name,
                         org.province, org.province_code, path.name, schema_version)
    if role != "commune":
        return OldFile(path, role, commune, org.to_dict(), [])
    books = [BookBalance("cash", "", "Sổ quỹ tiền mặt", ws.fund.balance(merger_date, ""))]
    for account in ws.fund.accounts():
        books.append(BookBalance("bank", account.uuid, account.label, ws.fund.balance(merger_date, account.uuid)))
    result = OldFile(path, role, commune, org.to_dict(), books)
    for table, _ in MERGED_TABLES:
        result.rows[table] = store.all_rows(ws.db, table)
    result.audit = store.all_rows(ws.db, "audit_log")
    result.openings = [{k: r[k] for k in ("uuid", "year", "amount", "note", "version")}
                       for r in store.all_rows(ws.db, "fund_opening") if not r["deleted"]]
    day = merger_date.isoformat()
    result.posted_after = [r["number"] for r in result.rows["voucher"]
                           if r["posting_date"] > day and not r["origin_code"]]
    return result
