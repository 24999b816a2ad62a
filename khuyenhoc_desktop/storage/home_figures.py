"""The home page's figures kept in the file (`meta.home_figures`) with the write marker they were computed
under (`meta.write_marker`, moved by triggers in the transaction of every write: migration 29).

Plain statements on purpose: the home page reads them right after the window's first frame, on the file's
own sqlite3 connection (`DataFile.execute_sql`), before peewee or any service is loaded (docs/performance.md).
"""

from __future__ import annotations

import sqlite3

MARKER = "write_marker"
KEPT = "home_figures"


def read(datafile) -> tuple[str | None, str | None]:
    """(the file's write marker, the kept figures' text); the marker is None in a file before schema 29."""
    rows = dict(datafile.execute_sql("SELECT key, value FROM meta WHERE key IN (?, ?)", (MARKER, KEPT)).fetchall())
    return rows.get(MARKER), rows.get(KEPT)


def keep(datafile, text: str) -> bool:
    """Keep `text` as the home page's figures; False when the file is busy (another connection is writing:
    the figures are kept another time rather than the window waiting for it)."""
    conn = datafile.connection()
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (KEPT, text))
        return True
    except sqlite3.OperationalError:  # locked or busy
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


__all__ = ["keep", "read"]
