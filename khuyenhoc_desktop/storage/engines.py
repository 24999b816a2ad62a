"""The few places where SQLite and PostgreSQL differ for the same question, in one module.

The province store runs on either engine (docs/architecture.md, "Two engines"): its queries are peewee
expressions, and what peewee does not make the same on both is decided here — the parameter mark of the
statements written as text, SQLite's `TOTAL()`, reading a value out of a JSON line, and a consistent
view over several queries."""

from __future__ import annotations

import contextlib

# peewee is imported by the functions that build expressions: `qmark` serves the settings store, which
# runs before peewee is loaded (window start-up).


def is_postgres(db) -> bool:
    """A peewee PostgreSQL database (or a store whose statements take its `%s` marks)."""
    return getattr(db, "param", "?") == "%s"


def qmark(db, sql: str) -> str:
    """A statement written with SQLite's `?` marks, for the database `db` (`%s` on PostgreSQL). The
    statements passed here hold no literal `?` or `%`."""
    param = getattr(db, "param", "?")
    return sql if param == "?" else sql.replace("?", param)


def total(db, expression):
    """The sum of `expression`, 0 over no rows. SQLite: `TOTAL()` (a float, never an integer overflow,
    even on rows stored before the bounds of migration 0011); PostgreSQL's SUM over BIGINT is NUMERIC and
    cannot overflow either."""
    from peewee import fn

    if is_postgres(db):
        return fn.COALESCE(fn.SUM(expression), 0)
    return fn.TOTAL(expression)


def json_value(db, column, *keys: str):
    """The JSON value at `keys` inside the text column `column`, as a Python value (number, text, None).
    The column stays text on both engines: it is the change row exactly as the commune sent it."""
    from peewee import SQL, NodeList, fn

    if is_postgres(db):
        path = "{" + ",".join(keys) + "}"
        return NodeList((SQL("(CAST("), column, SQL(" AS jsonb) #> %s)", (path,))), glue="")
    return fn.json_extract(column, "$." + ".".join(keys)).coerce(False)  # the value as it is, not made text


def snapshot(db):
    """A transaction in which several reads see one state of the data (totals while an import runs).
    SQLite in WAL mode gives a read transaction one snapshot; PostgreSQL needs REPEATABLE READ (its default,
    READ COMMITTED, takes a new snapshot per statement). Inside an open transaction: a savepoint of it."""
    if db.transaction_depth() > 0:
        return contextlib.nullcontext()
    if is_postgres(db):
        return db.atomic(isolation_level="REPEATABLE READ")
    return db.atomic()


def joined_transaction(db):
    """A transaction of its own when none is open; inside one, the caller's, without a savepoint. SQLite
    copies each page first changed under a savepoint into its statement journal: a print run's 1,000
    numbered awards under one took two to three times as long (~15 → 40–70 ms). For writes whose callers
    let an error reach their own transaction's end, which rolls everything back (nothing is kept half-done)."""
    return db.transaction()


def write_transaction(db):
    """A transaction that will write, taking the write lock first: SQLite's BEGIN IMMEDIATE (a second
    writer waits for the first instead of failing half-way on a stale read); on PostgreSQL a plain one
    (the rows are locked as written, the import takes its commune's lock). Inside an open transaction:
    a savepoint of it."""
    if db.transaction_depth() > 0 or is_postgres(db):
        return db.atomic()
    return db.atomic(lock_type="IMMEDIATE")
