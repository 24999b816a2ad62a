"""storage.engines.joined_transaction: its own transaction when none is open, the caller's (no savepoint) inside one."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.engines import joined_transaction


def _count(df) -> int:
    return df.db.execute_sql("SELECT COUNT(*) FROM setting WHERE key LIKE 'thu_%'").fetchone()[0]


def _put(df, key: str) -> None:
    df.db.execute_sql("INSERT INTO setting(key, value) VALUES (?, '1')", (key,))


def test_alone_it_commits_and_inside_a_transaction_it_joins_it_without_a_savepoint(tmp_path):
    with DataFile.open(tmp_path / "xa.db") as df:
        with joined_transaction(df.db):
            _put(df, "thu_1")
        assert _count(df) == 1 and not df.conn.in_transaction  # committed on its own

        statements: list[str] = []
        df.conn.set_trace_callback(statements.append)
        with df.db.atomic():
            with joined_transaction(df.db):
                _put(df, "thu_2")
            assert df.conn.in_transaction
        df.conn.set_trace_callback(None)
        assert _count(df) == 2
        assert any("thu_2" in s for s in statements)  # the statements were seen
        assert not any("SAVEPOINT" in s.upper() for s in statements), statements


def test_an_error_inside_rolls_back_the_callers_whole_transaction(tmp_path):
    with DataFile.open(tmp_path / "xa.db") as df:
        with pytest.raises(RuntimeError):
            with df.db.atomic():
                _put(df, "thu_1")
                with joined_transaction(df.db):
                    _put(df, "thu_2")
                    raise RuntimeError("hỏng giữa chừng")
        assert _count(df) == 0
        with pytest.raises(RuntimeError):
            with joined_transaction(df.db):
                _put(df, "thu_3")
                raise RuntimeError("hỏng giữa chừng")
        assert _count(df) == 0 and not df.conn.in_transaction
