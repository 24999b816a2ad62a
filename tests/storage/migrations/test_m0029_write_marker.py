"""m0029: the write marker moves with every row written to a commune's table (insert, update, delete), in the
write's own transaction, and every table of the newest schema is marked but the few no figure reads."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0029_write_marker import UNMARKED, UNMARKED_PREFIXES
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version


def marker(conn) -> int:
    return int(conn.execute("SELECT value FROM meta WHERE key = 'write_marker'").fetchone()[0])


def test_every_table_of_the_newest_schema_moves_the_marker(tmp_path):
    # A later migration's new table must add its three triggers, or figures kept under the marker go stale.
    with DataFile.open(tmp_path / "xa.db") as df:
        tables = [n for (n,) in df.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
        triggers = {(t, n) for t, n in df.execute_sql(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    marked = [t for t in tables if t not in UNMARKED and not t.startswith(UNMARKED_PREFIXES)]
    assert {"award", "voucher", "voucher_link", "setting", "member", "learning_class", "fund_opening"} <= set(marked)
    for table in marked:
        for event in ("insert", "update", "delete"):
            assert (table, f"{table}_written_{event}") in triggers, (table, event)
    assert not any(t == "audit_log" or t.startswith("prov_") for t, _n in triggers if "_written_" in _n)


def test_a_file_of_schema_28_gains_the_marker_and_each_write_moves_it(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 28)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 28
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert marker(conn) == 0
        conn.execute("INSERT INTO setting(key, value) VALUES ('x', '1')")
        assert marker(conn) == 1
        conn.execute("UPDATE setting SET value = '2' WHERE key = 'x'")
        assert marker(conn) == 2
        conn.execute("DELETE FROM setting WHERE key = 'x'")
        assert marker(conn) == 3
        conn.execute("UPDATE setting SET value = '3' WHERE key = 'nothing such'")  # no row: no change
        assert marker(conn) == 3
        conn.execute("BEGIN")
        conn.execute("INSERT INTO setting(key, value) VALUES ('y', '1')")
        conn.execute("ROLLBACK")  # the marker is in the write's transaction: undone with it
        assert marker(conn) == 3
        conn.execute("INSERT INTO prov_commune(code, name, signing_key, fingerprint, registered_at)"
                     " VALUES ('07462', 'Xã thử', 'k', 'f', '2026-01-01')")  # the province's own table
        conn.execute("UPDATE meta SET value = 'x' WHERE key = 'open_state'")
        assert marker(conn) == 3
    finally:
        conn.close()


def test_khuyenhoc_check_expects_the_triggers():
    from khuyenhoc_desktop.storage.schema_check import expected_objects

    names = {n for t, n in expected_objects(29) if t == "trigger"} - {n for t, n in expected_objects(28)}
    assert {"award_written_insert", "award_written_update", "award_written_delete"} <= names
