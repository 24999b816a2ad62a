"""`prov_record` (each commune record: version, content hash, origin, and the change row the commune sent
where the province reads it, `LINE_TABLES`) and the typed copies an import writes next to it: `prov_award`, `prov_class`, `prov_voucher` (and `prov_member`, `prov_org_unit`, whose
statements are in `members`; the dues and population copies, in `figures`; the learning models', in
`learning`)."""

from __future__ import annotations

from peewee import Database

from ..engines import is_postgres, qmark
from . import figures as figure_mirror
from . import learning as learning_mirror
from . import members as member_mirror
from .models import ProvAward, ProvClass, ProvRecord, ProvVoucher

# Writes of an import: plain `executemany` of prepared tuples on the connection. A package carries up
# to ~100,000 rows: written so in ~1.4 s, against ~16 s with peewee's `insert_many(…).on_conflict_replace()`
# in batches of 100 (it builds and binds a new statement per batch, and a dict per row).
RECORD_SQL = ("INSERT OR REPLACE INTO prov_record(commune_code, uuid, table_name, version, content_sha256, deleted,"
              " updated_at, seq, origin_code, data) VALUES (?,?,?,?,?,?,?,?,?,?)")
TYPED_SQL = {
    "award": "INSERT OR REPLACE INTO prov_award(commune_code, uuid, school_year, category, level, funding_source,"
             " award_form, amount, deleted, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "learning_class": "INSERT OR REPLACE INTO prov_class(commune_code, uuid, school_year, year, field, learners,"
                      " women, minority, deleted) VALUES (?,?,?,?,?,?,?,?,?)",
    "voucher": "INSERT OR REPLACE INTO prov_voucher(commune_code, uuid, kind, amount, status, posting_date, deleted,"
               " handover_from) VALUES (?,?,?,?,?,?,?,?)",
}
TYPED_SQL.update(member_mirror.TYPED_SQL)  # members and units (migration 0016): storage.province.members
TYPED_SQL.update(figure_mirror.TYPED_SQL)  # dues and population (migration 0017): storage.province.figures
TYPED_SQL.update(learning_mirror.TYPED_SQL)  # learning models (migration 0021): storage.province.learning
TYPED_TABLES = tuple(TYPED_SQL)  # the commune tables that have a typed copy

# The tables whose change row (`prov_record.data`) the province keeps (migration 0026): the ones without a
# typed copy (the line is the province's only copy of them; the opening balances are read from it,
# storage.province.totals) and members and units (their names, `members.member_labels`). Every other
# table's record is its typed copy plus version and content hash: the awards, classes and vouchers are
# nearly all of a province's rows, and their lines were three quarters of its file.
LINE_TABLES = frozenset(("catalog_item", "award_rate", "voucher_link", "fund_opening", "fund_lock", "cash_count",
                         "class_learner", "meeting", "bank_account", "member", "org_unit"))


_KNOWN_SQL = "SELECT uuid, table_name, version, content_sha256 FROM prov_record WHERE commune_code = ?"


def known_records(db: Database, code: str) -> dict[str, tuple[str, int, bytes]]:
    """uuid → (table, version, content hash: 32 bytes) of the commune's records."""
    # Read by every import, one row per record of the commune: the plain cursor reads 100,000 rows in
    # ~0.65 s where peewee's `.tuples()` takes ~1.1 s (its row wrapper per row).
    return {u: (t, v, h) for u, t, v, h in db.execute_sql(qmark(db, _KNOWN_SQL), (code,))}


def origin_of(db: Database, code: str, uuid: str) -> str | None:
    """The old commune a held record's copy came from (its `data.origin_code`; '' = the commune's own
    copy), or None when the province holds no such record."""
    row = (ProvRecord.select(ProvRecord.origin_code)
           .where(ProvRecord.commune_code == code, ProvRecord.uuid == uuid).tuples().bind(db).first())
    return None if row is None else row[0]


def write(db: Database, records: list[tuple], typed: dict[str, list[tuple]], fresh: bool = False) -> None:
    """Replace the records (tuples in RECORD_SQL's order) and their typed copies (per table, in TYPED_SQL's).
    `fresh`: the commune has no rows yet (the caller holds its lock), so nothing is replaced."""
    if is_postgres(db):
        from . import server_writes

        server_writes.write(db, [(RECORD_SQL, records)] + [(TYPED_SQL[t], rows) for t, rows in typed.items()],
                            fresh=fresh)
        return
    conn = db.connection()
    if records:
        conn.executemany(RECORD_SQL, records)
    for table, rows in typed.items():
        if rows:
            conn.executemany(TYPED_SQL[table], rows)


def versions_up_to(db: Database, code: str, up_to_seq: int) -> dict[str, tuple[str, int]]:
    """uuid → (table, version) of the commune's records as of its package `up_to_seq`."""
    query = (ProvRecord.select(ProvRecord.uuid, ProvRecord.table_name, ProvRecord.version)
             .where(ProvRecord.commune_code == code, ProvRecord.seq <= up_to_seq).tuples().bind(db))
    return {u: (t, v) for u, t, v in query}


def dump(db: Database):
    """Every row of every province table in a fixed order (for a checksum of the whole province side)."""
    from .models import ProvCommune, ProvPackage, ProvRejected

    for model, order in ((ProvCommune, (ProvCommune.code,)), (ProvPackage, (ProvPackage.commune_code, ProvPackage.seq)),
                         (ProvRejected, (ProvRejected.id,)), (ProvRecord, (ProvRecord.commune_code, ProvRecord.uuid)),
                         (ProvAward, (ProvAward.commune_code, ProvAward.uuid)),
                         (ProvClass, (ProvClass.commune_code, ProvClass.uuid)),
                         (ProvVoucher, (ProvVoucher.commune_code, ProvVoucher.uuid))):
        yield from model.select().order_by(*order).tuples().bind(db)
    yield from member_mirror.dump(db)
    yield from figure_mirror.dump(db)
    yield from learning_mirror.dump(db)
    from .models import ProvUnitChange, ProvUnitChangeOld

    yield from ProvUnitChange.select().order_by(ProvUnitChange.id).tuples().bind(db)
    yield from ProvUnitChangeOld.select().order_by(ProvUnitChangeOld.old_code).tuples().bind(db)
