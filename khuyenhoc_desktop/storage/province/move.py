"""Copying a province SQLite file into an empty PostgreSQL store (`khuyenhoc province move`).

Every table of the server schema (`server_schema.models()`, so a table added later moves too) is read from
the file's sqlite3 connection and written by COPY, all inside the caller's transaction on the server; the
file's own `meta` stays behind (the store has its own: role, schema version), the rest moves row for row,
ids included, and the identity columns then continue after the highest id moved.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from .. import server_schema

_BATCH = 20_000


def tables_to_move() -> list:
    return [m for m in server_schema.models() if m._meta.table_name != "meta"]


def source_count(conn: sqlite3.Connection, table: str) -> int:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is None:
        return 0
    return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def nonempty_tables(db) -> list[str]:
    """The store's tables (but `meta`) that hold rows: a store to move into must have none."""
    present = set(db.get_tables())
    out = []
    for model in tables_to_move():
        table = model._meta.table_name
        if table in present and db.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            out.append(table)
    return out


def copy_table(conn: sqlite3.Connection, db, model, progress: Callable[[int], None] | None = None) -> int:
    """Copy one table's rows from the file to the store; `progress(rows so far)` after each batch."""
    table = model._meta.table_name
    if source_count(conn, table) == 0:
        return 0
    have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    columns = [f.column_name for f in model._meta.sorted_fields if f.column_name in have]
    names = ", ".join(f'"{c}"' for c in columns)
    source = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
    done = 0
    with db.connection().cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        while True:
            rows = source.fetchmany(_BATCH)
            if not rows:
                break
            for row in rows:
                copy.write_row(row)
            done += len(rows)
            if progress is not None:
                progress(done)
    return done


def continue_identities(db) -> None:
    """After rows moved with their ids: each identity column goes on after the highest one."""
    for model in tables_to_move():
        pk = model._meta.primary_key
        if getattr(pk, "field_type", "") not in ("INT", "AUTO") or not hasattr(pk, "column_name"):
            continue
        table, column = model._meta.table_name, pk.column_name
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX(\"{column}\"), 0) + 1, false)"
                       f' FROM "{table}"', (table, column))
