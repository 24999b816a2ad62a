"""How an import writes its rows on PostgreSQL (the SQLite path is `mirror.write`'s `executemany`).

The statements are the SQLite ones of `mirror`, `members` and `figures` (`INSERT OR REPLACE INTO t(…)
VALUES (?,…)`), read here for their table and columns, so a typed copy added there is written on both
engines. PostgreSQL has no INSERT OR REPLACE: a row replaces the stored one with `ON CONFLICT (key) DO
UPDATE`, the key being the model's primary key.

Two ways, chosen by `method` (measured in benchmarks/bench_province_pg.py, figures in docs/performance.md):

* "copy" (the default): the rows go by COPY into a temporary table shaped like the target, then one
  `INSERT … SELECT … ON CONFLICT` moves them; a record sent twice in one package keeps its last row, as
  the SQLite statements in order would. A commune's first package (no row of it stored yet) goes by COPY
  straight into the tables;
* "executemany": psycopg's `executemany` of the upsert (pipelined), the reference for the measurement.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

METHODS = ("copy", "executemany")
DEFAULT_METHOD = "copy"
_INSERT = re.compile(r"INSERT OR REPLACE INTO (\w+)\s*\(([^)]*)\)\s*VALUES", re.IGNORECASE)


@lru_cache(maxsize=None)
def _shape(sqlite_sql: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(table, columns, key columns) of one of the SQLite statements."""
    from ..server_schema import models

    found = _INSERT.match(sqlite_sql.strip())
    if found is None:
        raise ValueError(f"not an INSERT OR REPLACE statement: {sqlite_sql[:60]}")
    table = found.group(1)
    columns = tuple(c.strip() for c in found.group(2).split(","))
    model = next(m for m in models() if m._meta.table_name == table)
    pk = model._meta.primary_key
    keys = tuple(model._meta.fields[n].column_name for n in pk.field_names) if hasattr(pk, "field_names") \
        else (pk.column_name,)
    return table, columns, keys


def upsert_sql(sqlite_sql: str, source: str | None = None) -> str:
    """The PostgreSQL statement for one of the SQLite ones: VALUES (%s, …), or SELECT from `source`."""
    table, columns, keys = _shape(sqlite_sql)
    cols = ", ".join(columns)
    rest = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in keys)
    body = f"SELECT {cols} FROM {source}" if source else "VALUES (" + ", ".join(["%s"] * len(columns)) + ")"
    return f"INSERT INTO {table} ({cols}) {body} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {rest}"


def write(db, batches: list[tuple[str, list[tuple]]], method: str | None = None, fresh: bool = False) -> None:
    """Write each (SQLite statement, rows) batch, inside the caller's transaction. `fresh`: the tables hold
    no row of these keys (a commune's first package, under its lock): COPY goes straight into them."""
    method = method or DEFAULT_METHOD
    conn = db.connection()
    with db.atomic(), conn.cursor() as cur:  # (a savepoint of the import's transaction; alone, one of its own)
        for sqlite_sql, rows in batches:
            if not rows:
                continue
            if method == "executemany":
                cur.executemany(upsert_sql(sqlite_sql), rows)
            else:
                _copy(cur, sqlite_sql, rows, fresh)


def _copy(cur, sqlite_sql: str, rows: list[tuple], fresh: bool = False) -> None:
    table, columns, keys = _shape(sqlite_sql)
    key = itemgetter(*(columns.index(k) for k in keys))
    last = {key(row): row for row in rows}  # a record sent twice: its last row
    if fresh:  # nothing to replace: no staging table, no upsert (1st import of 20 communes: see performance.md)
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in last.values():
                copy.write_row(row)
        return
    staging = f"khuyenhoc_in_{table}"
    # Made once per connection; ON COMMIT DELETE ROWS and the TRUNCATE keep it empty between packages
    # (several packages may share one transaction).
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {table}) ON COMMIT DELETE ROWS")
    cur.execute(f"TRUNCATE {staging}")
    with cur.copy(f"COPY {staging} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in last.values():
            copy.write_row(row)
    cur.execute(upsert_sql(sqlite_sql, staging))
