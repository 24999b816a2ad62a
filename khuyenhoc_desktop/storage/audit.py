"""The append-only audit log: who changed which field of which record, from what to what, and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from peewee import Database

from .engines import qmark
from .records import now_iso

# Columns that change on every write and say nothing to a reader of the history.
_NOT_AUDITED = {"id", "uuid", "version", "created_at", "updated_at", "change_seq", "name_key", "search_key"}


@dataclass(frozen=True)
class AuditEntry:
    ts: str
    operator: str
    action: str
    table_name: str
    record_uuid: str
    version: int
    field: str
    before: Any
    after: Any
    reason: str


# `json.dumps(value, ensure_ascii=False, default=str)` without making an encoder per value (a print run of
# 1,000 certificates dumps 4,000 values)
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return _ENCODE(value)


def value(text: str | None) -> Any:
    """A `before`/`after` value of the log as it was given (JSON), or the text itself when it is not JSON."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def record(
    db: Database,
    *,
    operator: str,
    action: str,
    table: str,
    uuid: str,
    version: int,
    before: dict | None,
    after: dict | None,
    reason: str = "",
) -> int:
    """Write one audit row per changed field (one row for create/delete). Call inside the change's transaction."""
    rows = _rows(now_iso(), operator, action, table, uuid, version, before, after, reason)
    if rows:
        db.execute_sql(qmark(  # the province's registrations and revocations: on either engine
            db, "INSERT INTO audit_log(ts, operator, action, table_name, record_uuid, version, field, before, after,"
            " reason) VALUES " + ",".join(["(?,?,?,?,?,?,?,?,?,?)"] * len(rows))),
            [v for row in rows for v in row],
        )
    return len(rows)


def record_many(db: Database, *, operator: str, action: str, table: str,
                changes: Iterable[tuple[str, int, dict | None, dict | None]], reason: str = "") -> int:
    """`record` for many records changed by one action, (uuid, version, before, after) each, written as one
    prepared statement (a print run of 1,000 awards). Call inside the change's transaction."""
    ts = now_iso()
    rows = [row for uuid, version, before, after in changes
            for row in _rows(ts, operator, action, table, uuid, version, before, after, reason)]
    if rows:
        db.connection().executemany(
            "INSERT INTO audit_log(ts, operator, action, table_name, record_uuid, version, field, before, after, reason)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def _rows(ts: str, operator: str, action: str, table: str, uuid: str, version: int, before: dict | None,
          after: dict | None, reason: str) -> list[tuple]:
    if action == "create" or before is None:
        return [(ts, operator, action, table, uuid, version, "", None, _dump(_visible(after or {})), reason)]
    if after is None:
        return [(ts, operator, action, table, uuid, version, "", _dump(_visible(before)), None, reason)]
    rows = []
    for key in sorted(set(before) | set(after)):
        if key in _NOT_AUDITED:
            continue
        old, new = before.get(key), after.get(key)
        if old != new:
            rows.append((ts, operator, action, table, uuid, version, key, _dump(old), _dump(new), reason))
    return rows


def insert_rows(db: Database, rows: Sequence[tuple]) -> None:
    """Bulk audit rows (ts, operator, action, table, uuid, version, field, before, after, reason).

    `executemany` on the raw connection: an Excel import writes one row per record (tens of thousands),
    and one prepared statement run many times is several times faster than peewee's `insert_many`."""
    db.connection().executemany(
        "INSERT INTO audit_log(ts, operator, action, table_name, record_uuid, version, field, before, after, reason)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


def history(db: Database, uuid: str) -> list[AuditEntry]:
    cur = db.execute_sql(qmark(
        db, "SELECT ts, operator, action, table_name, record_uuid, version, field, before, after, reason"
        " FROM audit_log WHERE record_uuid = ? ORDER BY id"),
        (uuid,),
    )
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], value(r[7]), value(r[8]), r[9]) for r in cur]


def _visible(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in _NOT_AUDITED}


def entries_since(db: Database, after_id: int, limit: int | None = None) -> Iterable[tuple]:
    """Raw audit rows with id > after_id, oldest first (the sync export sends them upward)."""
    sql = "SELECT id, ts, operator, action, table_name, record_uuid, version, field, before, after, reason FROM audit_log WHERE id > ? ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.execute_sql(sql, (after_id,))
