"""Reading and adjusting a data file that is not open as a `DataFile`: a backup, a copy being restored, or the
current file (perhaps damaged) about to be set aside. Plain `sqlite3`, read-only unless the name says so.

Every reader here raises `sqlite3.Error` (or `UnicodeDecodeError`/`ValueError` for garbage in SQLite's own
tables); callers decide what that means for the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from .database import APPLICATION_ID

# Counted for the description of a backup.
COUNTED_TABLES = ("award", "voucher", "learning_class", "meeting", "catalog_item")
# Meta keys that must survive a restore: the province has already seen these package numbers.
SYNC_META = ("sync_last_seq", "sync_last_hash")
READ_ERRORS = (sqlite3.Error, UnicodeDecodeError, ValueError)


def connect_read_only(path: str | os.PathLike[str]) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE deleted = 0").fetchone()[0]
            for t in COUNTED_TABLES if t in tables}


def owner(conn: sqlite3.Connection) -> dict[str, str]:
    """Role, commune code, committee name and file id recorded in a data file (missing ones as '')."""
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('role', 'file_uuid')").fetchall())
    row = conn.execute("SELECT value FROM setting WHERE key = 'organisation'").fetchone()
    org = json.loads(row[0]) if row else {}
    org = org if isinstance(org, dict) else {}
    return {"role": str(meta.get("role") or "commune"), "commune_code": str(org.get("commune_code") or ""),
            "committee_name": str(org.get("committee_name") or ""), "file_uuid": str(meta.get("file_uuid") or "")}


def owner_of(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """`owner()` of the file at `path`, or None when it is missing or cannot be read."""
    if not Path(path).exists():
        return None
    try:
        conn = connect_read_only(path)
        try:
            return owner(conn)
        finally:
            conn.close()
    except READ_ERRORS:
        return None


def describe(path: str | os.PathLike[str]) -> dict:
    """What a copy is: ours (application id), intact (quick_check), schema, counts, owner. Raises on garbage."""
    conn = connect_read_only(path)
    try:
        ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        if not ours:
            return {"ours": False}
        intact = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        if not intact:
            return {"ours": True, "intact": False}
        return {"ours": True, "intact": True, "schema_version": conn.execute("PRAGMA user_version").fetchone()[0],
                "counts": counts(conn), "owner": owner(conn)}
    finally:
        conn.close()


def recorded_file_uuid(path: str | os.PathLike[str]) -> str | None:
    """The file id a copy records (None: none, or the copy cannot be read)."""
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'file_uuid'").fetchone()
        finally:
            conn.close()
    except READ_ERRORS:
        return None
    return row[0] if row else None


def sent_sync_state(path: str | os.PathLike[str]) -> dict[str, str]:
    """The newest package number (and hash) a file has sent — from its meta or its export history, whichever is
    higher — read as far as a damaged file allows ({} when nothing can be read)."""
    if not Path(path).exists():
        return {}
    state: dict[str, str] = {}
    try:
        conn = connect_read_only(path)
        try:
            with contextlib.suppress(*READ_ERRORS):
                state = {k: v for k, v in conn.execute(
                    f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(SYNC_META))})", SYNC_META)
                    if v is not None}
            with contextlib.suppress(*READ_ERRORS):
                row = conn.execute("SELECT seq, sha256 FROM sync_export ORDER BY seq DESC LIMIT 1").fetchone()
                if row and int(row[0]) > int(state.get("sync_last_seq", "0") or 0):
                    state = {"sync_last_seq": str(row[0]), "sync_last_hash": str(row[1])}
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    return state


def carry_into(path: str | os.PathLike[str], sync_state: dict[str, str], file_uuid: str = "") -> None:
    """Write into the copy at `path` (about to replace the data file) what the replaced file had seen: its package
    numbers when higher than the copy's (never resent to the province), and its file id when the copy has none."""
    conn = sqlite3.connect(path)
    try:
        if file_uuid:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('file_uuid', ?)", (file_uuid,))
        current = conn.execute("SELECT value FROM meta WHERE key = 'sync_last_seq'").fetchone()
        newer = int(sync_state.get("sync_last_seq", "0") or 0)
        if sync_state and (current is None or int(current[0] or 0) < newer):
            for key, value in sync_state.items():
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
            conn.execute("INSERT INTO meta(key, value) VALUES ('sync_restored_from_backup', '1')"
                         " ON CONFLICT(key) DO UPDATE SET value = '1'")
        conn.commit()
    finally:
        conn.close()


def copy_with_backup_api(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """A consistent copy of a (closed) SQLite file made with SQLite's online backup."""
    src = connect_read_only(source)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()


def snapshot(live: sqlite3.Connection, target: str | os.PathLike[str]) -> None:
    """A consistent copy of an open connection's file, as one self-contained file (rollback journal)."""
    dest = sqlite3.connect(str(target))
    try:
        live.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def with_connection(path: str | os.PathLike[str], action) -> None:
    """Run `action(conn)` on a read-write connection to the copy at `path`, then commit."""
    conn = sqlite3.connect(path)
    try:
        action(conn)
        conn.commit()
    finally:
        conn.close()
