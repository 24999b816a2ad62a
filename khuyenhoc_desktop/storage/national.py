"""The national hub's tables (`nat_*`, migration 0027): registered provinces and their keys, the ledger of
imported province packages, and each province's figures by period and commune. Every statement on them
lives here; the models are bound per query (`.bind(db)`), as the province's (storage/province/models.py),
and `storage.server_schema` makes their PostgreSQL tables from these models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import zlib

from peewee import CompositeKey, Database, IntegerField, Model, TextField

from .engines import is_postgres

# "KHD2": the national ledger's advisory-lock space (the province's is "KHD1", storage/province/ledger.py).
_LOCK_SPACE = 0x4B484432


class NatModel(Model):
    class Meta:
        database = None


class NatProvince(NatModel):
    code = TextField(primary_key=True)
    name = TextField(default="")
    signing_key = TextField()
    fingerprint = TextField()
    registered_at = TextField()
    revoked = IntegerField(default=0)
    revoked_at = TextField(default="")
    revoked_reason = TextField(default="")

    class Meta:
        table_name = "nat_province"


class NatPackage(NatModel):
    id = IntegerField(primary_key=True)
    province_code = TextField()
    seq = IntegerField()
    package_id = TextField(unique=True)
    sha256 = TextField()
    prev_sha256 = TextField(null=True)
    created_at = TextField(default="")
    imported_at = TextField()
    communes = IntegerField(default=0)
    periods = TextField(default="[]")
    detail = IntegerField(default=0)

    class Meta:
        table_name = "nat_package"
        indexes = ((("province_code", "seq"), True),)  # UNIQUE (province_code, seq), as in migration 0027


class NatFigures(NatModel):
    province_code = TextField()
    period = TextField()
    commune_code = TextField()  # '' = the province's own totals
    name = TextField(default="")
    seq = IntegerField()
    figures = TextField()  # canonical JSON, as the province signed it

    class Meta:
        table_name = "nat_figures"
        primary_key = CompositeKey("province_code", "period", "commune_code")


NATIONAL_MODELS = (NatProvince, NatPackage, NatFigures)


# -- provinces -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str
    signing_key: str
    fingerprint: str
    registered_at: str
    revoked: bool
    revoked_at: str
    revoked_reason: str


def _province(m: NatProvince) -> ProvinceRow:
    return ProvinceRow(m.code, m.name, m.signing_key, m.fingerprint, m.registered_at, bool(m.revoked),
                       m.revoked_at, m.revoked_reason)


def province(db: Database, code: str) -> ProvinceRow | None:
    found = NatProvince.select().where(NatProvince.code == code).bind(db).first()
    return None if found is None else _province(found)


def provinces(db: Database) -> list[ProvinceRow]:
    return [_province(m) for m in NatProvince.select().order_by(NatProvince.code).bind(db)]


def enrol(db: Database, code: str, name: str, signing_key: str, fingerprint: str, registered_at: str) -> None:
    """Register (or re-register with a new key) a province; lifts a revocation."""
    values = {"name": name, "signing_key": signing_key, "fingerprint": fingerprint, "registered_at": registered_at,
              "revoked": 0, "revoked_at": "", "revoked_reason": ""}
    (NatProvince.insert(code=code, **values)
     .on_conflict(conflict_target=[NatProvince.code], update=values).bind(db).execute())


def mark_revoked(db: Database, code: str, when: str, reason: str) -> None:
    (NatProvince.update(revoked=1, revoked_at=when, revoked_reason=reason)
     .where(NatProvince.code == code).bind(db).execute())


# -- the ledger ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackageRow:
    province_code: str
    seq: int
    sha256: str
    created_at: str
    imported_at: str


def lock_province(db: Database, code: str) -> None:
    """Hold the province's import lock until the transaction ends (PostgreSQL; a SQLite file has one writer)."""
    if is_postgres(db):
        key = zlib.crc32(code.encode("utf-8")) - 2**31
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_SPACE, key))


def imported(db: Database, code: str, seq: int) -> tuple[str, str] | None:
    """(sha256, imported_at) of the province's package number `seq`, or None."""
    return (NatPackage.select(NatPackage.sha256, NatPackage.imported_at)
            .where(NatPackage.province_code == code, NatPackage.seq == seq).tuples().bind(db).first())


def package_id_owner(db: Database, package_id: str) -> tuple[str, int] | None:
    """(province_code, seq) of the package that already used `package_id`."""
    return (NatPackage.select(NatPackage.province_code, NatPackage.seq)
            .where(NatPackage.package_id == package_id).tuples().bind(db).first())


def hashes(db: Database, code: str) -> dict[int, str]:
    return dict(NatPackage.select(NatPackage.seq, NatPackage.sha256)
                .where(NatPackage.province_code == code).tuples().bind(db))


def packages(db: Database) -> list[PackageRow]:
    query = (NatPackage.select(NatPackage.province_code, NatPackage.seq, NatPackage.sha256, NatPackage.created_at,
                               NatPackage.imported_at)
             .order_by(NatPackage.province_code, NatPackage.seq).tuples().bind(db))
    return [PackageRow(*row) for row in query]


def add_package(db: Database, *, province_code: str, seq: int, package_id: str, sha256: str,
                prev_sha256: str | None, created_at: str, imported_at: str, communes: int, periods: str,
                detail: bool) -> None:
    NatPackage.insert(province_code=province_code, seq=seq, package_id=package_id, sha256=sha256,
                      prev_sha256=prev_sha256, created_at=created_at, imported_at=imported_at, communes=communes,
                      periods=periods, detail=int(detail)).bind(db).execute()


# -- figures ---------------------------------------------------------------------------------------
def figures_seq(db: Database, code: str) -> int | None:
    """The seq of the package whose figures the hub holds for the province."""
    row = (NatFigures.select(NatFigures.seq).where(NatFigures.province_code == code).limit(1)
           .tuples().bind(db).first())
    return None if row is None else row[0]


def replace_figures(db: Database, code: str, rows: Iterable[tuple[str, str, str, int, str]]) -> None:
    """The province's figures replaced by `rows` of (period, commune_code, name, seq, figures JSON)."""
    from .engines import qmark

    NatFigures.delete().where(NatFigures.province_code == code).bind(db).execute()
    # One prepared statement for every row: peewee's insert_many spent 2 s building the SQL text of 34
    # provinces × 400 lines (benchmarks/bench_national.py), executemany 0.1 s.
    sql = qmark(db, "INSERT INTO nat_figures(province_code, period, commune_code, name, seq, figures)"
                    " VALUES (?, ?, ?, ?, ?, ?)")
    cursor = db.cursor()
    try:
        cursor.executemany(sql, [(code, *r) for r in rows])
    finally:
        cursor.close()


def figures_of_period(db: Database, period: str) -> list[tuple[str, str, str, str]]:
    """(province_code, commune_code, name, figures JSON) of one period, by province and commune."""
    return list(NatFigures.select(NatFigures.province_code, NatFigures.commune_code, NatFigures.name,
                                  NatFigures.figures)
                .where(NatFigures.period == period)
                .order_by(NatFigures.province_code, NatFigures.commune_code).tuples().bind(db))


def periods_by_province(db: Database) -> dict[str, list[str]]:
    """province_code → the periods its held figures cover."""
    out: dict[str, list[str]] = {}
    query = (NatFigures.select(NatFigures.province_code, NatFigures.period)
             .where(NatFigures.commune_code == "").order_by(NatFigures.province_code, NatFigures.period)
             .tuples().bind(db))
    for code, period in query:
        out.setdefault(code, []).append(period)
    return out


def communes_of_other_provinces(db: Database, code: str, communes: set[str]) -> dict[str, str]:
    """commune code → the other province whose figures hold it, for the codes of `communes`."""
    out: dict[str, str] = {}
    wanted = sorted(communes)
    for i in range(0, len(wanted), 500):  # bound parameters per IN (…), well under SQLite's limit
        query = (NatFigures.select(NatFigures.commune_code, NatFigures.province_code)
                 .where(NatFigures.commune_code.in_(wanted[i:i + 500]), NatFigures.province_code != code)
                 .distinct().tuples().bind(db))
        out.update(dict(query))
    return out


def row_counts(db: Database) -> dict[str, dict[str, int]]:
    """`khuyenhoc check` of a national store: table → {"total", "deleted"} (deleted: the revoked provinces;
    the ledger and the figures delete nothing)."""
    from peewee import SQL, fn

    out = {}
    for model in NATIONAL_MODELS:
        gone = fn.COALESCE(fn.SUM(model.revoked), 0) if model is NatProvince else SQL("0")
        total, deleted = model.select(fn.COUNT(SQL("*")), gone).tuples().bind(db).first()
        out[model._meta.table_name] = {"total": int(total), "deleted": int(deleted)}
    return out
