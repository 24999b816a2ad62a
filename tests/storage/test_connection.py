"""One connection per thread: `DataFile.execute_sql` behaves the same before and after peewee is loaded."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from khuyenhoc_desktop.storage import settings
from khuyenhoc_desktop.storage.database import DataFile


def test_before_and_after_peewee_a_statement_runs_on_the_opening_connection_and_fails_the_sqlite3_way(tmp_path):
    with DataFile.open(tmp_path / "x.db") as df:
        assert df.connection() is df.conn
        with pytest.raises(sqlite3.OperationalError):
            df.execute_sql("SELECT * FROM no_such_table")
        assert df.db.connection() is df.conn  # peewee adopts it
        assert df.connection() is df.conn
        with pytest.raises(sqlite3.OperationalError):
            df.execute_sql("SELECT * FROM no_such_table")


def test_another_thread_never_shares_the_opening_connection_even_before_peewee(tmp_path):
    with DataFile.open(tmp_path / "x.db") as df:
        settings.put(df, "k", 1)
        seen = []

        def worker():
            seen.append((df.connection() is df.conn, settings.get(df, "k")))
            df.release_thread_connection()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert seen == [(False, 1)]


def test_a_statement_through_the_data_file_belongs_to_the_open_peewee_transaction(tmp_path):
    with DataFile.open(tmp_path / "x.db") as df:
        with df.atomic() as transaction:
            df.set_meta("probe", "1")
            transaction.rollback()
        assert df.get_meta("probe") is None


def test_after_close_a_late_reader_finds_what_peewee_finds(tmp_path):
    df = DataFile.open(tmp_path / "x.db")
    settings.put(df, "k", 7)
    df.db  # loaded, as in the window
    df.close()
    assert settings.get(df, "k") == 7  # as `df.db` queries would: peewee reconnects
    df.db.close()


def test_after_close_without_peewee_the_closed_connection_refuses(tmp_path):
    df = DataFile.open(tmp_path / "x.db")
    df.close()
    with pytest.raises(sqlite3.ProgrammingError):
        df.execute_sql("SELECT 1")
