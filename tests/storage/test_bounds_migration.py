"""Migration 0011: bounds on amounts and counts in the file itself; old out-of-range rows reported and undoable."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import ValidationError
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.domain.limits import MAX_AMOUNT
from khuyenhoc_desktop.services.health import check_report
from khuyenhoc_desktop.services.reporting import make_period, period_report
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID

HUGE = 6 * 10**18  # what an Excel import accepted before the bounds (two of them overflow SUM)
TS = "2026-01-05T00:00:00+00:00"
AWARD = "0b6f9a4e-0000-4000-8000-000000000001"
V1, V2 = "0b6f9a4e-0000-4000-8000-0000000000a1", "0b6f9a4e-0000-4000-8000-0000000000a2"


def make_unbounded_file(path) -> None:
    """A commune file at the schema before 0011, holding the rows the old Excel import let in."""
    conn = sqlite3.connect(path, isolation_level=None)
    for m in migrations.all_migrations():
        if m.version >= 11:
            break
        conn.execute("BEGIN")
        m.up(conn)
        if m.version == 1:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '3')")
        conn.execute(f"PRAGMA user_version = {m.version}")
        conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO award(uuid, version, created_at, updated_at, deleted, change_seq, school_year, full_name,"
        " name_key, search_key, amount, status) VALUES (?, 1, ?, ?, 0, 1, '2025-2026', 'Nguyễn Văn Ân', 'x',"
        " 'nguyen van an|', ?, 'approved')", (AWARD, TS, TS, 2**62))
    for n, uuid in ((1, V1), (2, V2)):
        conn.execute(
            "INSERT INTO voucher(uuid, version, created_at, updated_at, deleted, change_seq, kind, year, seq, number,"
            " voucher_date, posting_date, person, reason, item, amount) VALUES (?, 1, ?, ?, 0, ?, 'thu', 2026, ?, ?,"
            " '2026-01-05', '2026-01-05', 'Nhập từ Excel', 'Ủng hộ', 'Ủng hộ', ?)",
            (uuid, TS, TS, n + 1, n, f"PT-2026-{n:04d}", HUGE))
    conn.execute("INSERT INTO voucher_counter(kind, year, last_seq) VALUES ('thu', 2026, 2)")
    conn.close()


@pytest.fixture
def legacy(tmp_path):
    path = tmp_path / "xa-cu.db"
    make_unbounded_file(path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def test_migration_keeps_every_row_and_reports_the_out_of_range_ones(legacy):
    db = legacy.db
    assert db.execute_sql("SELECT amount FROM award").fetchone()[0] == 2**62  # nothing repaired silently
    assert [r[0] for r in db.execute_sql("SELECT amount FROM voucher ORDER BY id")] == [HUGE, HUGE]
    problems = [p for p in check_report(legacy.datafile)["problems"] if "vượt giới hạn" in p]
    assert len(problems) == 3
    assert any("Phiếu PT-2026-0001" in p and "đảo phiếu" in p for p in problems)
    assert any("Khen thưởng Nguyễn Văn Ân" in p and "xóa" in p for p in problems)


def test_totals_no_longer_overflow_and_the_rows_can_be_undone(legacy):
    # SUM() of the two phiếu overflowed int64: balance, summary and the dashboard report work now.
    assert legacy.fund.balance() == 2 * HUGE
    assert summary(legacy)["awards"]["amount"] == 2**62
    period_report(legacy, make_period(2026))
    reversal, _ = legacy.fund.reverse(V1, "Nhập nhầm từ Excel", date(2026, 1, 6), confirm=True)
    assert reversal.amount == -HUGE
    legacy.fund.void(V2, "Nhập nhầm từ Excel", confirm=True)
    legacy.awards.delete([AWARD], "Nhập nhầm")
    assert legacy.fund.balance() == 0
    assert not [p for p in check_report(legacy.datafile)["problems"] if "vượt giới hạn" in p]


@pytest.mark.parametrize("sql", [
    "UPDATE award SET amount = 10000000000001",
    "INSERT INTO award(uuid, created_at, updated_at, school_year, full_name, name_key, search_key, amount)"
    " VALUES ('0b6f9a4e-0000-4000-8000-000000000009', 'x', 'x', '2025-2026', 'A', 'a', 'a', -1)",
    "INSERT INTO voucher(uuid, created_at, updated_at, kind, year, seq, number, voucher_date, posting_date, amount)"
    " VALUES ('0b6f9a4e-0000-4000-8000-0000000000b1', 'x', 'x', 'chi', 2026, 1, 'PC-2026-0001', '2026-01-07',"
    " '2026-01-07', 10000000000001)",
    # a "reversal" of more than the original
    "INSERT INTO voucher(uuid, created_at, updated_at, kind, year, seq, number, voucher_date, posting_date, amount,"
    " reverses_uuid) VALUES ('0b6f9a4e-0000-4000-8000-0000000000b2', 'x', 'x', 'thu', 2026, 3, 'PT-2026-0003',"
    " '2026-01-07', '2026-01-07', -7000000000000000000, '0b6f9a4e-0000-4000-8000-0000000000a1')",
    "INSERT INTO learning_class(uuid, created_at, updated_at, name, learners) VALUES"
    " ('0b6f9a4e-0000-4000-8000-0000000000c1', 'x', 'x', 'Lớp', 10000001)",
    "INSERT INTO fund_opening(uuid, created_at, updated_at, year, amount) VALUES"
    " ('0b6f9a4e-0000-4000-8000-0000000000d1', 'x', 'x', 2020, 10000000000001)",
    "INSERT INTO prov_award(commune_code, uuid, amount) VALUES ('1', 'u', 4611686018427387903)",
    "INSERT INTO prov_voucher(commune_code, uuid, amount) VALUES ('1', 'u', -900000000000000)",
])
def test_the_file_refuses_values_out_of_range(legacy, sql):
    with pytest.raises(Exception, match="out of range"):
        legacy.db.execute_sql(sql)


def test_the_largest_amount_is_accepted_and_one_more_is_refused(tmp_path):
    ws = Workspace.open(tmp_path / "xa.db")
    try:
        draft = VoucherDraft(kind="thu", voucher_date=date(2026, 1, 5), posting_date=date(2026, 1, 5),
                             person="Nguyễn Văn An", reason="Ủng hộ quỹ", item="Ủng hộ", amount=MAX_AMOUNT)
        ws.fund.add(draft, confirm=True, today=date(2026, 1, 5))
        with pytest.raises(ValidationError, match="vượt quá giới hạn 10.000.000.000.000 đ"):
            ws.fund.add(VoucherDraft(**{**draft.__dict__, "amount": MAX_AMOUNT + 1}), confirm=True,
                        today=date(2026, 1, 5))
        assert ws.fund.balance() == MAX_AMOUNT
    finally:
        ws.close()
