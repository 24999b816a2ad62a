"""The rows of the tables that travel to the province, read for a package or an acknowledgement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from . import records

if TYPE_CHECKING:
    from peewee import Database


def _tables():
    # The models load with the first package read, not with the status bar's count at start-up.
    from . import tables

    return tables


def tables_with_changes(db: Database, staying: Iterable[str] = ()) -> list[str]:
    """The tables of the file that number their changes (a `change_seq` column), but `staying`: those a
    package reads. Raw SQL on purpose: the file's own schema, whatever models this version declares."""
    rows = db.execute_sql("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c"
                          " WHERE m.type = 'table' AND c.name = 'change_seq' ORDER BY m.name").fetchall()
    stay = set(staying)
    return [name for (name,) in rows if name not in stay]


def unsent_count(db: Database, staying: Iterable[str] = ()) -> int:
    """Rows changed since the last package, in every table that travels (`tables_with_changes`), each
    counted once: one statement over the change_seq indexes (the status bar asks for it at start-up, on the
    file's own connection: `db` may be the `DataFile`, so that peewee is not loaded for it)."""
    tables = tables_with_changes(db, staying)
    if not tables:
        return 0
    last = "(SELECT IFNULL(MAX(to_change_seq), 0) FROM sync_export)"
    counts = " + ".join(f"(SELECT COUNT(*) FROM {records.ident(name)} WHERE change_seq > {last})" for name in tables)
    return int(db.execute_sql(f"SELECT {counts}").fetchone()[0])


def changed_count(db: Database, table: str, after: int) -> int:
    """Rows of `table` changed since change number `after` (by the table's change_seq index)."""
    model = _tables().MODEL_OF_TABLE[table]
    return model.select(model.id).where(model.change_seq > after).count(db)


def changed_rows(db: Database, table: str, after: int, upto: int) -> Iterator[dict]:
    """Every column of the rows changed in (after, upto], in change order.

    Raw SQL on purpose: `SELECT *` sends every column the file has, whatever the models declare, and the
    cursor streams a full package (100,000 rows) without building a model object per row."""
    cur = db.execute_sql(
        f"SELECT * FROM {_tables().MODEL_OF_TABLE[table]._meta.table_name} WHERE change_seq > ? AND change_seq <= ?"
        " ORDER BY change_seq, id", (after, upto))
    names = [d[0] for d in cur.description]
    for values in cur:
        yield dict(zip(names, values))


def versions(db: Database, table: str) -> list[tuple[str, int]]:
    """(uuid, version) of every row of `table`, deleted ones too: the package's reconciliation."""
    model = _tables().MODEL_OF_TABLE[table]
    return list(_tables().plain_rows(db, model.select(model.uuid, model.version)))


def version_of(db: Database, table: str, uuid: str) -> int | None:
    model = _tables().MODEL_OF_TABLE[table]
    return model.select(model.version).where(model.uuid == uuid).scalar(db)


def row_of(db: Database, table: str, uuid: str) -> dict | None:
    model = _tables().MODEL_OF_TABLE[table]
    return model.select().where(model.uuid == uuid).dicts().first(db)


def last_audit_id(db: Database) -> int:
    log = _tables().AuditLog
    return int(log.select(log.id).order_by(log.id.desc()).limit(1).scalar(db) or 0)


def member_id_rows(db: Database) -> list[tuple[str, int, str, str]]:
    """(uuid, version, id_number, id_hash) of the members not deleted that have a CCCD or a hash of one:
    the rows whose hash the export keeps up to date with the province's key."""
    from .tables import Member, plain_rows

    query = (Member.select(Member.uuid, Member.version, Member.id_number, Member.id_hash)
             .where((Member.deleted == 0) & ((Member.id_number != "") | (Member.id_hash != ""))))
    return list(plain_rows(db, query))


def set_member_id_hashes(db: Database, changes: list[tuple[str, int, str]]) -> int:
    """Give members their new CCCD hash: (uuid, current version, hash) each → version + 1, a change number
    each (reserved in one step), the same updated_at. Call inside the caller's transaction, with the audit
    rows. `executemany` on the connection: a new province key re-stamps every member with a CCCD (tens of
    thousands), ~20× faster than one UPDATE statement through peewee per row. Returns the last change number."""
    from .records import next_change_seq, now_iso

    if not changes:
        return 0
    last = next_change_seq(db, len(changes))
    first, now = last - len(changes) + 1, now_iso()
    db.connection().executemany(
        "UPDATE member SET id_hash = ?, version = ?, change_seq = ?, updated_at = ? WHERE uuid = ?",
        [(h, version + 1, first + i, now, uuid) for i, (uuid, version, h) in enumerate(changes)])
    return last
