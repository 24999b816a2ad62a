"""Migration 0011 (bounds): triggers against rebuilding the tables with CHECK constraints.

    python benchmarks/bench_bounds_migration.py [--awards 100000] [--vouchers 20000]

Makes a file at the schema before 0011 with N awards and M vouchers (raw inserts), then measures on
copies of it: (a) migration 0011 as shipped (triggers), (b) rebuilding `award` and `voucher` with the
same bounds as CHECK constraints (copy into a new table, drop, rename, re-create indexes and triggers),
and (c) the cost of the triggers on inserting N awards.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import PRAGMAS
from khuyenhoc_desktop.storage.migrations import m0011_bounds

TS = "2026-01-05T00:00:00+00:00"


def make_file(path: Path, awards: int, vouchers: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for m in migrations.all_migrations():
        if m.version >= 11:
            break
        conn.execute("BEGIN")
        m.up(conn)
        conn.execute(f"PRAGMA user_version = {m.version}")
        conn.execute("COMMIT")
    conn.execute("BEGIN")
    insert_awards(conn, awards)
    conn.executemany(
        "INSERT INTO voucher(uuid, created_at, updated_at, kind, year, seq, number, voucher_date, posting_date,"
        " person, reason, item, amount) VALUES (?, ?, ?, 'thu', 2026, ?, ?, '2026-01-05', '2026-01-05', 'A', 'B',"
        " 'C', 100000)", ((f"v-{i}", TS, TS, i, f"PT-2026-{i:06d}") for i in range(1, vouchers + 1)))
    conn.execute("COMMIT")
    conn.close()


def insert_awards(conn, n: int, prefix: str = "a") -> None:
    conn.executemany(
        "INSERT INTO award(uuid, created_at, updated_at, school_year, full_name, name_key, search_key, amount)"
        " VALUES (?, ?, ?, '2025-2026', 'Nguyễn Văn An', 'k', 'nguyen van an|', 200000)",
        ((f"{prefix}-{i}", TS, TS) for i in range(n)))


def rebuild(conn, table: str, checks: str) -> None:
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    others = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (table,))]
    new_sql = sql.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table}_new (", 1).rstrip()[:-1] + f", {checks})"
    conn.execute(new_sql)
    conn.execute(f"INSERT INTO {table}_new SELECT * FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    for s in others:
        conn.execute(s)


def connect(path: Path) -> sqlite3.Connection:
    """A connection set up as the program's (WAL, temp_store = memory: statement journals in memory)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    return conn


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--awards", type=int, default=100_000)
    ap.add_argument("--vouchers", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        make_file(base, args.awards, args.vouchers)
        a, b = Path(tmp) / "a.db", Path(tmp) / "b.db"
        shutil.copy(base, a)
        shutil.copy(base, b)
        conn = connect(a)

        def triggers() -> None:
            conn.execute("BEGIN")
            m0011_bounds.up(conn)
            conn.execute("COMMIT")

        t_triggers = timed(triggers)
        t_insert_with = timed(lambda: (conn.execute("BEGIN"), insert_awards(conn, args.awards, "n"),
                                       conn.execute("COMMIT")))
        conn.close()
        conn = connect(b)

        def rebuild_both() -> None:
            conn.execute("PRAGMA foreign_keys = OFF")  # else DROP TABLE voucher breaks voucher_link's references
            conn.execute("BEGIN")
            rebuild(conn, "award", "CHECK (amount BETWEEN 0 AND 10000000000000)")
            rebuild(conn, "voucher", "CHECK (amount BETWEEN -10000000000000 AND 10000000000000)")
            conn.execute("COMMIT")

        t_rebuild = timed(rebuild_both)
        conn.close()
        shutil.copy(base, b)
        conn = connect(b)
        t_insert_without = timed(lambda: (conn.execute("BEGIN"), insert_awards(conn, args.awards, "n"),
                                          conn.execute("COMMIT")))
        conn.close()
    print(f"file: {args.awards:,} awards, {args.vouchers:,} vouchers")
    print(f"migration 0011 (triggers):         {t_triggers * 1000:8.1f} ms")
    print(f"rebuild award + voucher (CHECK):   {t_rebuild * 1000:8.1f} ms")
    print(f"insert {args.awards:,} awards without triggers: {t_insert_without * 1000:8.1f} ms")
    print(f"insert {args.awards:,} awards with triggers:    {t_insert_with * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
