"""What `khuyenhoc check` reads from a data file besides its integrity: record counts and broken links."""

from __future__ import annotations

from peewee import SQL, Database, fn

from .tables import MODEL_OF_TABLE


def record_counts(db: Database, tables) -> dict[str, dict[str, int]]:
    """table → {"total", "deleted"} for each of `tables` (which must exist in the file)."""
    counts = {}
    for table in tables:
        model = MODEL_OF_TABLE[table]
        total, deleted = (model.select(fn.COUNT(SQL("*")), fn.IFNULL(fn.SUM(model.deleted), 0))
                          .tuples().first(db))
        counts[table] = {"total": total, "deleted": deleted}
    return counts


def broken_foreign_keys(db: Database) -> int:
    """Rows whose foreign key points at nothing (peewee has no query for SQLite's own check)."""
    return len(db.execute_sql("PRAGMA foreign_key_check").fetchall())
