"""`prov_package` (the ledger: which package of which commune was imported, with which hash) and
`prov_rejected` (rows the province refused, returned to the commune in the biên nhận)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import zlib

from peewee import Database

from ..engines import is_postgres
from .models import ProvPackage, ProvRejected

# The first half of the two-number advisory lock key: "KHD1", the program's mark (as SQLite's application_id).
_LOCK_SPACE = 0x4B484431


def lock_commune(db: Database, code: str) -> None:
    """Hold the commune's import lock until the current transaction ends (PostgreSQL): two staff importing
    packages of one commune at once take turns, the second seeing the first's ledger and rows. On SQLite
    the file has one writer at a time already (the transaction takes its write lock first)."""
    if is_postgres(db):
        key = zlib.crc32(code.encode("utf-8")) - 2**31  # an int4
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_SPACE, key))


@dataclass(frozen=True)
class PackageRow:
    commune_code: str
    seq: int
    created_at: str
    imported_at: str
    result: str


def imported(db: Database, code: str, seq: int) -> tuple[str, str] | None:
    """(sha256, imported_at) of the commune's package number `seq`, or None."""
    return (ProvPackage.select(ProvPackage.sha256, ProvPackage.imported_at)
            .where(ProvPackage.commune_code == code, ProvPackage.seq == seq).tuples().bind(db).first())


def seq_of_package_id(db: Database, package_id: str) -> int | None:
    row = ProvPackage.select(ProvPackage.seq).where(ProvPackage.package_id == package_id).tuples().bind(db).first()
    return None if row is None else row[0]


def hashes(db: Database, code: str) -> dict[int, str]:
    """seq → sha256 of every package imported from the commune."""
    return dict(ProvPackage.select(ProvPackage.seq, ProvPackage.sha256)
                .where(ProvPackage.commune_code == code).tuples().bind(db))


def packages(db: Database) -> list[PackageRow]:
    """Every imported package, by commune and seq."""
    query = (ProvPackage.select(ProvPackage.commune_code, ProvPackage.seq, ProvPackage.created_at,
                                ProvPackage.imported_at, ProvPackage.result)
             .order_by(ProvPackage.commune_code, ProvPackage.seq).tuples().bind(db))
    return [PackageRow(*row) for row in query]


def add_package(db: Database, *, commune_code: str, seq: int, package_id: str, sha256: str, prev_sha256: str | None,
                province_code: str, created_at: str, imported_at: str, result: str, counts: str) -> None:
    ProvPackage.insert(commune_code=commune_code, seq=seq, package_id=package_id, sha256=sha256,
                       prev_sha256=prev_sha256, province_code=province_code, created_at=created_at,
                       imported_at=imported_at, result=result, counts=counts).bind(db).execute()


def add_rejected(db: Database, rows: Iterable[tuple]) -> None:
    """Rows of (commune_code, seq, line, table_name, uuid, version, reason)."""
    fields = [ProvRejected.commune_code, ProvRejected.seq, ProvRejected.line, ProvRejected.table_name,
              ProvRejected.uuid, ProvRejected.version, ProvRejected.reason]
    rows = list(rows)
    for i in range(0, len(rows), 100):  # 7 parameters a row: well under SQLite's limit per statement
        ProvRejected.insert_many(rows[i:i + 100], fields=fields).bind(db).execute()


def rejected_up_to(db: Database, code: str, up_to_seq: int) -> list[tuple[str, str, int, str]]:
    """(table, uuid, version, reason) of the commune's rejected rows in packages 1 … `up_to_seq`, oldest first."""
    return list(ProvRejected.select(ProvRejected.table_name, ProvRejected.uuid, ProvRejected.version,
                                    ProvRejected.reason)
                .where(ProvRejected.commune_code == code, ProvRejected.seq <= up_to_seq)
                .order_by(ProvRejected.id).tuples().bind(db))
