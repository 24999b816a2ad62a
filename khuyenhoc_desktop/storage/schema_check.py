"""What `khuyenhoc check` compares a data file with: the triggers and indexes its schema version must have,
and date columns holding something other than `YYYY-MM-DD` (rows stored before the file checked dates)."""

from __future__ import annotations

import sqlite3

from . import migrations
from .migrations.m0010_file_identity_dates import DATE_COLUMNS, iso_date_rule


def expected_objects(version: int) -> set[tuple[str, str]]:
    """(type, name) of every trigger and index the migrations up to `version` create, in a scratch database."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in migrations.all_migrations():
            if migration.version > version:
                break
            migration.up(conn)
        return {(t, n) for t, n in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()


def missing_objects(db, version: int) -> list[tuple[str, str]]:
    """Triggers and indexes the file's schema version should have but does not (dropped by hand, say)."""
    present = {(t, n) for t, n in db.execute_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')").fetchall()}
    return sorted(expected_objects(version) - present)


def malformed_dates(db, tables: set[str]) -> list[tuple[str, str, int]]:
    """(table, column, rows) for each date column with rows not in `YYYY-MM-DD` form."""
    found = []
    for table, column, may_be_empty in DATE_COLUMNS:
        if table in tables:
            count = db.execute_sql(
                f"SELECT COUNT(*) FROM {table} WHERE NOT {iso_date_rule(column, may_be_empty)}").fetchone()[0]
            if count:
                found.append((table, column, count))
    return found
