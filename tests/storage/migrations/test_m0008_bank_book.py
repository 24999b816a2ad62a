"""Migration 0008: transfer vouchers of an existing file move to the bank book, nothing is lost."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID
from khuyenhoc_desktop.services.workspace import Workspace

STAMP = "2025-03-01T00:00:00.000+00:00"


def _voucher(conn, seq_id: int, kind: str, seq: int, day: str, amount: int, method: str, reverses: str | None = None):
    uuid = f"00000000-0000-4000-8000-{seq_id:012d}"
    prefix = "PT" if kind == "thu" else "PC"
    conn.execute(
        "INSERT INTO voucher(id, uuid, version, created_at, updated_at, deleted, change_seq, kind, year, seq, number,"
        " voucher_date, posting_date, person, reason, item, amount, method, status, reverses_uuid)"
        " VALUES (?, ?, 1, ?, ?, 0, ?, ?, 2025, ?, ?, ?, ?, 'Ngân hàng Agribank', 'Lý do', 'Khoản mục', ?, ?,"
        " 'posted', ?)",
        (seq_id, uuid, STAMP, STAMP, seq_id, kind, seq, f"{prefix}-2025-{seq:04d}", day, day, amount, method, reverses),
    )
    return uuid


def make_schema_7_file(path, transfer: str = "transfer") -> dict:
    """A file as schema 7 left it, with cash and transfer vouchers, a reversal of a transfer and a link."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for migration in migrations.all_migrations():
        if migration.version >= 8:
            break
        conn.execute("BEGIN")
        migration.up(conn)
        if migration.version == 1:
            conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '10')")
        conn.execute(f"PRAGMA user_version = {migration.version}")
        conn.execute("COMMIT")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO fund_opening(uuid, created_at, updated_at, year, amount) VALUES ('op', ?, ?, 2025, 5000000)",
                 (STAMP, STAMP))
    made = {
        "cash_in": _voucher(conn, 1, "thu", 1, "2025-03-01", 2_000_000, "cash"),
        "bank_in": _voucher(conn, 2, "thu", 2, "2025-03-02", 36_000_000, transfer),
        "bank_out": _voucher(conn, 3, "chi", 1, "2025-03-03", 1_000_000, transfer),
        "cash_out": _voucher(conn, 4, "chi", 2, "2025-03-04", 700_000, "cash"),
    }
    made["bank_reversal"] = _voucher(conn, 5, "thu", 3, "2025-03-05", -36_000_000, transfer, made["bank_in"])
    conn.execute("INSERT INTO voucher_link(uuid, created_at, updated_at, voucher_uuid, target_table, target_uuid, amount)"
                 " VALUES ('link-1', ?, ?, ?, 'learning_class', 'class-1', 1000000)", (STAMP, STAMP, made["bank_out"]))
    conn.execute("INSERT INTO voucher_counter(kind, year, last_seq) VALUES ('thu', 2025, 3), ('chi', 2025, 2)")
    conn.execute("COMMIT")
    conn.close()
    return made


def test_transfer_vouchers_move_to_a_default_bank_account_keeping_uuids_numbers_and_links(tmp_path):
    path = tmp_path / "old.db"
    made = make_schema_7_file(path)
    with Workspace.open(path) as ws:
        db = ws.db
        assert ws.datafile.schema_version == migrations.latest_version()
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        [account] = ws.fund.accounts()
        assert account.name == "Tài khoản ngân hàng của Hội" and account.opening_year is None
        rows = {r[0]: r[1:] for r in db.execute_sql("SELECT uuid, number, account_uuid, version, change_seq FROM voucher")}
        assert set(rows) == set(made.values())
        moved = {made["bank_in"], made["bank_out"], made["bank_reversal"]}
        for uuid, (number, account_uuid, version, change_seq) in rows.items():
            assert account_uuid == (account.uuid if uuid in moved else "")
            assert version == (2 if uuid in moved else 1)  # a new version: the next sync package carries it
            assert (change_seq > 10) == (uuid in moved)
        assert rows[made["bank_in"]][0] == "PT-2025-0002"  # numbers already on paper stay
        notes = db.execute_sql("SELECT record_uuid, reason FROM audit_log WHERE action = 'move_to_bank_book'").fetchall()
        assert {u for u, _ in notes} == moved and all("sổ tiền gửi ngân hàng" in r for _, r in notes)
        assert [l.voucher_uuid for l in ws.fund.links(made["bank_out"])] == [made["bank_out"]]
        # The cash book holds cash only; the fund total is unchanged: 5 + 2 − 0,7 in cash, 36 − 1 − 36 in the bank.
        cash = ws.fund.cash_book(date(2025, 1, 1), date(2025, 12, 31))
        assert [r.uuid for r in cash.rows] == [made["cash_in"], made["cash_out"]]
        assert cash.closing == 6_300_000 == ws.fund.balance(account="")
        bank = ws.fund.bank_book(date(2025, 1, 1), date(2025, 12, 31), account.uuid)
        assert [r.uuid for r in bank.rows] == [made["bank_in"], made["bank_out"], made["bank_reversal"]]
        assert bank.closing == -1_000_000
        assert ws.fund.balance() == 5_000_000 + 2_000_000 - 700_000 + 36_000_000 - 1_000_000 - 36_000_000
        # The cash series goes on; the bank series starts its own numbers.
        ws.set_operator("Phạm Thị Duyên")
        new_cash, _ = ws.fund.add(VoucherDraft("thu", date(2025, 4, 1), None, "Bà Lê Thị Hoa", "", "Ủng hộ",
                                               "Ủng hộ của nhà hảo tâm", 100_000), today=date(2025, 4, 1))
        new_bank, _ = ws.fund.add(VoucherDraft("thu", date(2025, 4, 1), None, "Ngân hàng Agribank", "", "Lãi tiền gửi",
                                               "Lãi tiền gửi", 50_000, account_uuid=account.uuid),
                                  today=date(2025, 4, 1))
        assert (new_cash.number, new_bank.number) == ("PT-2025-0004", "BC-2025-0001")
        with pytest.raises(Exception, match="immutable"):
            db.execute_sql("UPDATE voucher SET account_uuid = '' WHERE uuid = ?", (made["bank_in"],))


def test_a_file_without_transfers_gets_no_bank_account_and_keeps_its_versions(tmp_path):
    path = tmp_path / "old.db"
    made = make_schema_7_file(path, transfer="cash")
    with Workspace.open(path) as ws:
        assert ws.fund.accounts() == []
        assert ws.db.execute_sql("SELECT COUNT(*) FROM voucher WHERE version = 1 AND account_uuid = ''"
                                 ).fetchone()[0] == len(made)
        assert ws.db.execute_sql("SELECT MAX(change_seq) FROM voucher").fetchone()[0] == 5  # nothing to send again
        assert ws.fund.balance() == ws.fund.balance(account="") == 5_000_000 + 2_000_000 - 1_000_000 - 700_000


def test_a_file_read_before_its_upgrade_gives_one_book_and_refuses_to_print_a_cash_book(tmp_path):
    from khuyenhoc_desktop.domain.errors import AppError
    from khuyenhoc_desktop.services import documents
    from khuyenhoc_desktop.services.summary import summary
    from khuyenhoc_desktop.storage.database import DataFile

    path = tmp_path / "old.db"
    made = make_schema_7_file(path)
    with Workspace(DataFile.open(path, read_only=True)) as ws:
        assert ws.datafile.schema_version == 7  # read-only: not upgraded
        fund = summary(ws)["fund"]
        # one book, the whole fund: 5 + 2 − 0,7 + 36 − 1 − 36
        assert (fund["opening"], fund["balance"]) == (5_000_000, 5_300_000) and len(fund["books"]) == 1
        assert fund["balance"] == fund["opening"] + fund["receipts"] - fund["payments"]
        assert ws.fund.get(made["bank_in"]).account_uuid == ""
        assert [v.uuid for v in ws.fund.vouchers_for("learning_class", "class-1")] == [made["bank_out"]]
        with pytest.raises(AppError, match="chưa được nâng cấp"):
            documents.cash_book(ws, date(2025, 1, 1), date(2025, 12, 31))
