"""m0010: a file id for backups, dates the file itself checks, period locks on real dates."""

from __future__ import annotations

import re
import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID, DataFile

RECORD = "uuid, version, created_at, updated_at, deleted, change_seq"
NOW = "'2026-01-01T00:00:00+00:00'"


def file_at_version(path, version: int) -> None:
    """A data file as the migrations up to `version` left it, as an older program would have made it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in migrations.all_migrations():
        if migration.version > version:
            break
        conn.execute("BEGIN")
        migration.up(conn)
        if migration.version == 1:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '0')")
        conn.execute(f"PRAGMA user_version = {migration.version}")
        conn.execute("COMMIT")
    conn.close()


def voucher(conn, n: int, posting: str, voucher_date: str | None = None) -> None:
    conn.execute(
        f"INSERT INTO voucher({RECORD}, kind, year, seq, number, voucher_date, posting_date, amount)"
        f" VALUES (?, 1, {NOW}, {NOW}, 0, 1, 'thu', 2026, ?, ?, ?, ?, 100000)",
        (f"v-{n}", n, f"PT{n:03d}/2026", voucher_date or posting, posting))


@pytest.fixture
def old_file(tmp_path):
    """Schema 6 with a locked book (until 31/05/2026), a voucher before it and one stored as '2026-6-01'."""
    path = tmp_path / "xa.db"
    file_at_version(path, 6)
    conn = sqlite3.connect(path)
    voucher(conn, 1, "2026-05-10")
    voucher(conn, 2, "2026-6-01", "2026-05-30")  # slipped past the text comparison of the old trigger
    conn.execute(f"INSERT INTO fund_lock({RECORD}, action, locked_until) VALUES ('l-1', 1, {NOW}, {NOW}, 0, 1,"
                 " 'lock', '2026-05-31')")
    conn.commit()
    conn.close()
    return path


def test_old_file_keeps_its_rows_and_gets_a_file_id(old_file):
    with DataFile.open(old_file) as df:
        assert df.schema_version == migrations.latest_version()
        assert [r[0] for r in df.execute_sql("SELECT posting_date FROM voucher ORDER BY id")] == ["2026-05-10", "2026-6-01"]
        assert re.fullmatch(r"[0-9a-f]{32}", df.get_meta("file_uuid"))


def test_dates_not_in_iso_form_are_refused_by_the_file(old_file):
    with DataFile.open(old_file) as df:
        for bad in ("2026-6-01", "2026-02-30", "01/06/2026", "", "2026-06-01 "):
            with pytest.raises(sqlite3.IntegrityError, match="YYYY-MM-DD"):
                df.execute_sql(f"INSERT INTO voucher({RECORD}, kind, year, seq, number, voucher_date, posting_date,"
                               f" amount) VALUES ('v-x', 1, {NOW}, {NOW}, 0, 1, 'thu', 2026, 9, 'PT009/2026', '2026-06-02',"
                               " ?, 100000)", (bad,))
        with pytest.raises(sqlite3.IntegrityError, match="YYYY-MM-DD"):
            df.execute_sql(f"INSERT INTO learning_class({RECORD}, name, start_date) VALUES ('c-1', 1, {NOW}, {NOW}, 0,"
                           " 1, 'Tin học', '2026-13-01')")
        df.execute_sql(f"INSERT INTO learning_class({RECORD}, name, start_date) VALUES ('c-2', 1, {NOW}, {NOW}, 0, 1,"
                       " 'Tin học', '')")  # an optional date may stay empty
        with pytest.raises(sqlite3.IntegrityError, match="YYYY-MM-DD"):
            df.execute_sql("UPDATE learning_class SET end_date = '2026-6-1' WHERE uuid = 'c-2'")


def test_the_period_lock_compares_real_dates(old_file):
    with DataFile.open(old_file) as df:
        with pytest.raises(sqlite3.IntegrityError, match="period locked"):
            voucher(df.conn, 3, "2026-05-31")
        voucher(df.conn, 4, "2026-06-01")  # the day after the lock
        with pytest.raises(sqlite3.IntegrityError, match="period locked"):
            df.execute_sql("UPDATE voucher SET status = 'void' WHERE uuid = 'v-1'")
        df.execute_sql("DROP TRIGGER voucher_posting_date_iso_insert")  # as if raw SQL had removed the form check
        with pytest.raises(sqlite3.IntegrityError, match="period locked"):
            voucher(df.conn, 5, "2026-5-20", "2026-05-20")  # not a date: treated as inside the locked period


def test_check_lists_old_malformed_dates_and_dropped_triggers(old_file):
    from khuyenhoc_desktop.services.health import check_report

    with DataFile.open(old_file) as df:
        report = check_report(df)
        assert any("1 dòng trong bảng voucher có posting_date" in p for p in report["problems"])
        df.execute_sql("DROP TRIGGER voucher_locked_insert")
        df.execute_sql("DROP INDEX voucher_book")
        problems = " ".join(check_report(df)["problems"])
        assert "bộ kích hoạt voucher_locked_insert" in problems and "chỉ mục voucher_book" in problems
