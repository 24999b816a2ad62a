"""Fund and class tables in the data file: migration 0002, ledger triggers, number counters."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.storage import fund as store
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID, DataFile
from khuyenhoc_desktop.storage.migrations import m0001_initial
from khuyenhoc_desktop.services.workspace import Workspace

NEW_TABLES = {"voucher", "voucher_counter", "voucher_link", "fund_opening", "fund_lock", "cash_count",
              "learning_class", "class_learner"}


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_schema_1_file_is_migrated_with_a_backup(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    m0001_initial.up(conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '0')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    datafile = DataFile.open(path)
    try:
        assert datafile.schema_version == migrations.latest_version() >= 2
        assert datafile.report.migrated_from == 1 and datafile.report.backup_path.exists()
        assert NEW_TABLES <= _tables(datafile.db.connection())
    finally:
        datafile.close()


def test_the_migration_description_is_vietnamese():
    m = [m for m in migrations.all_migrations() if m.version == 2][0]
    assert "Quỹ khuyến học" in m.description


@pytest.fixture
def file_with_voucher(tmp_path):
    path = tmp_path / "x.db"
    with Workspace.open(path) as ws:
        voucher, _ = ws.fund.add(VoucherDraft("thu", date(2026, 3, 1), None, "Nguyễn Văn An", "", "Ủng hộ",
                                              "Thu khác", 500_000), today=date(2026, 3, 1))
    return path, voucher.uuid


@pytest.mark.parametrize("sql", [
    "UPDATE voucher SET amount = amount + 1",
    "UPDATE voucher SET posting_date = '2026-03-02', year = 2026",
    "UPDATE voucher SET number = 'PT-2026-0007', seq = 7",
    "UPDATE voucher SET kind = 'chi'",
    "UPDATE voucher SET reverses_uuid = uuid",
    "DELETE FROM voucher",
])
def test_triggers_guard_the_ledger_for_any_program(file_with_voucher, sql):
    path, _ = file_with_voucher
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
        assert conn.execute("SELECT amount, number, status FROM voucher").fetchall() == [(500_000, "PT-2026-0001",
                                                                                         "posted")]
    finally:
        conn.close()


def test_check_constraints_refuse_impossible_rows(file_with_voucher):
    path, uuid = file_with_voucher
    conn = sqlite3.connect(path)
    base = ("INSERT INTO voucher(uuid, created_at, updated_at, kind, year, seq, number, voucher_date, posting_date,"
            " amount, reverses_uuid) VALUES (?, '', '', 'thu', ?, ?, ?, ?, ?, ?, ?)")
    try:
        bad = [
            ("a", 2026, 2, "PT-2026-0002", "2026-03-01", "2026-03-01", 0, None),  # zero amount
            ("b", 2026, 2, "PT-2026-0002", "2026-03-01", "2026-03-01", -5, None),  # negative, not a reversal
            ("c", 2026, 2, "PT-2026-0002", "2026-03-01", "2026-03-01", 5, uuid),  # reversal with positive amount
            ("d", 2025, 2, "PT-2025-0002", "2026-03-01", "2026-03-01", 5, None),  # year ≠ posting year
            ("e", 2026, 2, "PT-2026-0002", "2026-03-05", "2026-03-01", 5, None),  # posted before its date
            ("f", 2026, 1, "PT-2026-0009", "2026-03-01", "2026-03-01", 5, None),  # seq taken
        ]
        for row in bad:
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(base, row)
    finally:
        conn.close()


def test_counter_allocation_is_transactional(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        db = ws.db
        with db.atomic():
            assert store.allocate_seq(db, "thu", 2026) == 1
            assert store.allocate_seq(db, "thu", 2026) == 2
            assert store.allocate_seq(db, "chi", 2026) == 1
        try:
            with db.atomic():
                assert store.allocate_seq(db, "thu", 2026) == 3
                raise RuntimeError("save failed")
        except RuntimeError:
            pass
        assert store.peek_seq(db, "thu", 2026) == 3
        assert store.peek_seq(db, "thu", 2027) == 1


def test_fund_lock_rows_are_append_only(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        ws.fund.lock(date(2026, 1, 31), "Khóa sổ", today=date(2026, 2, 1))
        import peewee

        with pytest.raises(peewee.IntegrityError):
            ws.db.execute_sql("UPDATE fund_lock SET locked_until = ''")
        with pytest.raises(peewee.IntegrityError):
            ws.db.execute_sql("DELETE FROM fund_lock")
        assert ws.fund.locked_until() == date(2026, 1, 31)


def test_cash_book_uses_the_covering_index(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        plan = " ".join(r[-1] for r in ws.db.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT IFNULL(SUM({store.EFFECT}), 0) FROM voucher WHERE posting_date < '2026-01-01'"))
        assert "COVERING INDEX voucher_book" in plan


def test_one_book_is_read_from_its_own_covering_index(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        def plan(sql: str) -> str:
            return " ".join(r[-1] for r in ws.db.execute_sql("EXPLAIN QUERY PLAN " + sql, ("",)))

        # the cash book's balance and its rows in book order: account_uuid first, then book order
        assert "COVERING INDEX voucher_account_book" in plan(
            f"SELECT IFNULL(SUM({store.EFFECT}), 0) FROM voucher WHERE account_uuid = ? AND posting_date < '2026-01-01'")
        rows = plan("SELECT uuid FROM voucher WHERE account_uuid = ? AND posting_date BETWEEN '2026-01-01' AND"
                    " '2026-12-31' ORDER BY posting_date, id")
        assert "INDEX voucher_account_book" in rows and "TEMP B-TREE" not in rows
