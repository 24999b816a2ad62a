"""The file's write marker (schema 29): `meta.write_marker`, moved by every row inserted, updated or deleted in
the commune's tables, in the statement's own transaction — by triggers, so no write path (a save, an import, a
merge, a restore of rows, a statement typed by hand) can forget it.

The home page keeps its figures in the file keyed by this marker (`storage.home_figures`): when the marker, the
day and the program are those the figures were computed under, they are shown as they are, without loading the
services and peewee or running the queries again after the window's first frame (docs/performance.md).

Not marked: `meta` itself (the marker and the kept figures live there), the append-only `audit_log` and the sync
bookkeeping (`sync_export`, `sync_record_state`), which no figure reads, and the province's and the national hub's
own tables (`prov_*`, `nat_*`: an import writes millions of rows there, and the home page reads none). A later
migration that adds a table adds its triggers (`tests/storage/migrations/test_m0029_write_marker.py` checks every
table of the newest schema).
"""

VERSION = 29
DESCRIPTION = "Dấu ghi của tệp (số liệu trang Tổng quan giữ sẵn trong tệp)"

UNMARKED = ("meta", "audit_log", "sync_export", "sync_record_state")
UNMARKED_PREFIXES = ("prov_", "nat_", "sqlite_")
BUMP = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'write_marker'"


def marked(name: str) -> bool:
    return name not in UNMARKED and not name.startswith(UNMARKED_PREFIXES)


def trigger_statements(table: str) -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS {table}_written_{event.lower()} AFTER {event} ON {table}"
            f" BEGIN {BUMP}; END" for event in ("INSERT", "UPDATE", "DELETE")]


def up(conn) -> None:
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('write_marker', '0')")
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if marked(table):
            for sql in trigger_statements(table):
                conn.execute(sql)
