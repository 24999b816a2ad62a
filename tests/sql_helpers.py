"""Raw statements in tests that run on both engines of the province store."""

from __future__ import annotations

from khuyenhoc_desktop.storage.engines import qmark


def run_sql(db, sql: str, params: tuple = ()):
    """`db.execute_sql` of a statement written with SQLite's `?` marks, on either engine."""
    return db.execute_sql(qmark(db, sql), params)


def store_target(ws) -> str:
    """What `--db` takes for the province store `ws` has open: its file, or its server address."""
    address = getattr(ws.datafile, "address", None)
    return address.url if address is not None else str(ws.datafile.path)
