"""Rows moved from an old commune's file into the new association's (services/merge): read every row of a
table, write rows by the province import's per-row rule (a uuid not here is added, a higher version
replaces, anything else is left), copy audit rows once, and the list of old communes merged in
(`merge_source`, migration 0019)."""

from __future__ import annotations

import json
from typing import Iterable, Sequence

from peewee import Database

from . import records
from .tables import table_exists

SOURCE_TABLE = "merge_source"
_AUDIT_KEY = ("ts", "action", "table_name", "record_uuid", "version", "field")


def has_merge(db: Database) -> bool:
    """Whether the file knows about merging (migration 0019)."""
    return table_exists(db, SOURCE_TABLE)


def columns_of(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute_sql(f"PRAGMA table_info({records.ident(table)})")]


def all_rows(db: Database, table: str) -> list[dict]:
    """Every row of `table` (deleted ones too: a deletion is history), as column → value, in insertion order;
    [] when the file has no such table."""
    if not table_exists(db, table):
        return []
    cur = db.execute_sql(f"SELECT * FROM {records.ident(table)} ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def versions(db: Database, table: str) -> dict[str, tuple[int, str]]:
    """uuid → (version, origin_code) of every row of `table`."""
    cur = db.execute_sql(f"SELECT uuid, version, origin_code FROM {records.ident(table)}")
    return {r[0]: (int(r[1]), r[2]) for r in cur}


def write_rows(db: Database, table: str, rows: Sequence[dict], first_change_seq: int) -> None:
    """Insert the rows whose uuid is new, replace the others (the caller chose them by version); each gets
    the next change number from `first_change_seq` on, so the next sync package sends it. Without `id`:
    the row takes this file's next one."""
    present = set(columns_of(db, table))
    here = versions(db, table)
    seq = first_change_seq
    for row in rows:
        values = {k: v for k, v in row.items() if k in present and k != "id"}
        values["change_seq"] = seq
        seq += 1
        if row["uuid"] in here:
            records.update_row(db, table, row["uuid"], {k: v for k, v in values.items() if k != "uuid"})
        else:
            records.insert_row(db, table, values)


def audit_keys(db: Database, origin_code: str) -> set[tuple]:
    """The audit rows already copied from one old commune, by what identifies a row of history."""
    cur = db.execute_sql(f"SELECT {', '.join(_AUDIT_KEY)} FROM audit_log WHERE origin_code = ?", (origin_code,))
    return {tuple(r) for r in cur}


def audit_key(row: dict) -> tuple:
    return tuple(row.get(k) for k in _AUDIT_KEY)


def copy_audit(db: Database, rows: Iterable[dict]) -> int:
    """Append audit rows as they were written in the old file (ts, operator, before/after …), with their
    origin; returns how many."""
    present = set(columns_of(db, "audit_log"))
    n = 0
    for row in rows:
        records.insert_row(db, "audit_log", {k: v for k, v in row.items() if k in present and k != "id"})
        n += 1
    return n


# -- the old communes merged in --------------------------------------------------------------------
_SOURCE_COLS = ("origin_code", "origin_name", "committee_name", "province", "merger_date", "merged_at", "updated_at",
                "file_name", "schema_version", "profile", "books", "counts", "openings")
_JSON_COLS = ("profile", "books", "counts", "openings")


def sources(db: Database) -> list[dict]:
    """Every old commune merged in, in the order merged; JSON columns decoded."""
    if not has_merge(db):
        return []
    cur = db.execute_sql(f"SELECT {', '.join(_SOURCE_COLS)} FROM merge_source ORDER BY merged_at, origin_code")
    result = []
    for r in cur:
        row = dict(zip(_SOURCE_COLS, r))
        for k in _JSON_COLS:
            row[k] = json.loads(row[k] or "null")
        result.append(row)
    return result


def source(db: Database, origin_code: str) -> dict | None:
    return next((s for s in sources(db) if s["origin_code"] == origin_code), None)


def save_source(db: Database, values: dict) -> None:
    """Add an old commune, or update what a later copy of its file brought (the first merge's date stays)."""
    row = {k: (json.dumps(values[k], ensure_ascii=False) if k in _JSON_COLS else values[k]) for k in _SOURCE_COLS}
    cols = ", ".join(_SOURCE_COLS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _SOURCE_COLS if c not in ("origin_code", "merged_at"))
    db.execute_sql(f"INSERT INTO merge_source({cols}) VALUES ({', '.join('?' * len(_SOURCE_COLS))})"
                   f" ON CONFLICT(origin_code) DO UPDATE SET {updates}", [row[c] for c in _SOURCE_COLS])


# -- origins in lists and figures ------------------------------------------------------------------
def origins_in(db: Database, table: str) -> list[tuple[str, str]]:
    """(origin_code, origin_name) of the old communes that rows of `table` came from."""
    if not has_merge(db):
        return []
    cur = db.execute_sql(f"SELECT DISTINCT origin_code, origin_name FROM {records.ident(table)}"
                         " WHERE origin_code != '' ORDER BY origin_name, origin_code")
    return [(r[0], r[1]) for r in cur]


def origin_condition(origin: str | None) -> tuple[str, tuple]:
    """A list filter's condition for one origin: an old commune's code, or "" for the file's own records."""
    if origin is None:
        return "1", ()
    return "origin_code = ?", (origin,)


__all__ = ["SOURCE_TABLE", "all_rows", "audit_key", "audit_keys", "columns_of", "copy_audit", "has_merge",
           "origin_condition", "origins_in", "save_source", "source", "sources", "versions", "write_rows"]


def mark_handover(db: Database, voucher_uuid: str, old_code: str) -> None:
    """Mark a just-posted receipt as the handover of `old_code`'s balance (`voucher.handover_from`, m0019), in
    the transaction that posted it (its first version, not sent yet): the province leaves it out of its fund."""
    db.execute_sql("UPDATE voucher SET handover_from = ? WHERE uuid = ?", (old_code, voucher_uuid))
