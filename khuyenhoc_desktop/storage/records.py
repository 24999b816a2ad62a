"""Identity and change tracking shared by every business table."""

from __future__ import annotations

import uuid as uuid_mod
from datetime import datetime, timezone

from peewee import Database


def now_iso() -> str:
    """Current time as ISO-8601 with offset (UTC), to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


def next_change_seq(db: Database, count: int = 1) -> int:
    """Reserve `count` values of the file's change counter and return the last one.

    Must run inside the caller's transaction, so a rolled-back save gives its numbers back.
    """
    db.execute_sql(
        "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'change_counter'", (count,)
    )
    return int(db.execute_sql("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])


def stamp_new(db: Database, values: dict) -> dict:
    """Fill the record columns of a row about to be inserted."""
    now = now_iso()
    values.setdefault("uuid", new_uuid())
    values.setdefault("version", 1)
    values.setdefault("created_at", now)
    values["updated_at"] = now
    values.setdefault("deleted", 0)
    values["change_seq"] = next_change_seq(db)
    return values


def stamp_change(db: Database, current_version: int, values: dict) -> dict:
    """Fill the record columns of a row about to be updated (version + 1)."""
    values["version"] = current_version + 1
    values["updated_at"] = now_iso()
    values["change_seq"] = next_change_seq(db)
    return values
