"""The peewee database of an opened data file, made on first use from the connection already open.

Opening a file needs only `sqlite3`; peewee and the table models (~30 ms to import) load when a service
first queries through them, which is after the window has appeared.
"""

from __future__ import annotations

import sqlite3
import threading

from peewee import SqliteDatabase

from .tables import ALL_MODELS


class AdoptingSqliteDatabase(SqliteDatabase):
    """A peewee SqliteDatabase whose connection in thread `owner` (the one that opened the file) is `conn`.

    Other threads get their own connection, made as peewee always does (peewee keeps one per thread).
    """

    def __init__(self, conn: sqlite3.Connection, owner: int, database: str, **kwargs) -> None:
        self._adoptable = conn
        self._owner = owner
        self.after_commit = None  # called after each outermost transaction commits (DataFile: checkpoint)
        super().__init__(database, **kwargs)

    def commit(self):
        super().commit()
        if self.after_commit is not None:
            self.after_commit()

    def _connect(self):
        if self._adoptable is not None and threading.get_ident() == self._owner:
            conn, self._adoptable = self._adoptable, None
            return conn  # its pragmas were set when it was opened
        return super()._connect()

    def rollback(self):
        # When COMMIT fails for a full disk (or an I/O error) SQLite has already rolled the transaction back;
        # peewee's ROLLBACK would then fail with "no transaction is active" and hide the reason to show.
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()


def peewee_database(conn: sqlite3.Connection, owner: int, database: str, pragmas: dict,
                    **connect_params) -> SqliteDatabase:
    """Wrap `conn` (opened on `database` with `pragmas` by thread `owner`) and bind the table models to it."""
    db = AdoptingSqliteDatabase(conn, owner, database, pragmas=pragmas, timeout=5, **connect_params)
    if threading.get_ident() == owner:
        db.connect()
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    return db
