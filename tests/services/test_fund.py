"""Fund ledger: gapless numbers, immutability, reversals, voids, balances, period lock, award payments."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import peewee
import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.errors import (
    ConflictError,
    NeedsConfirmation,
    PeriodLockedError,
    ValidationError,
)
from khuyenhoc_desktop.domain.fund import VoucherDraft, VoucherFilter
from khuyenhoc_desktop.services import fund as fund_service
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)


@pytest.fixture
def ws(tmp_path, clock):
    workspace = Workspace.open(tmp_path / "x.db", clock=clock)
    workspace.set_operator("Phạm Thị Duyên")
    yield workspace
    workspace.close()


def receipt(day: date, amount: int = 1_000_000, person: str = "Nguyễn Văn An", **kw) -> VoucherDraft:
    values = dict(kind="thu", voucher_date=day, person=person, reason="Ủng hộ quỹ khuyến học",
                  item="Ủng hộ của nhà hảo tâm", amount=amount)
    values.update(kw)
    return VoucherDraft(**values)


def payment(day: date, amount: int = 500_000, person: str = "Cửa hàng Hồng Hà", **kw) -> VoucherDraft:
    values = dict(kind="chi", voucher_date=day, person=person, reason="Mua văn phòng phẩm",
                  item="Văn phòng phẩm", amount=amount)
    values.update(kw)
    return VoucherDraft(**values)


def add(ws, draft, **kw):
    kw.setdefault("today", TODAY)
    return ws.fund.add(draft, **kw)[0]


def voucher_count(ws) -> int:
    return ws.db.execute_sql("SELECT COUNT(*) FROM voucher").fetchone()[0]


def approved_award(ws, name: str, amount: int, school_year: str = "2025-2026", status: str = "approved") -> str:
    award, _ = ws.awards.save(AwardDraft(school_year=school_year, full_name=name, category="Học sinh giỏi",
                                         level="Cấp trường", amount=amount, status=status), confirm=True)
    return award.uuid


# -- numbering ------------------------------------------------------------------------------------
def test_numbers_run_per_kind_and_year(ws):
    ws.fund.set_opening_balance(2025, 10_000_000)
    a = add(ws, receipt(date(2025, 3, 1)))
    b = add(ws, receipt(date(2025, 3, 2)))
    c = add(ws, payment(date(2025, 3, 2)))
    d = add(ws, receipt(date(2026, 1, 5)))
    e = add(ws, payment(date(2026, 1, 6)))
    assert [v.number for v in (a, b, c, d, e)] == [
        "PT-2025-0001", "PT-2025-0002", "PC-2025-0001", "PT-2026-0001", "PC-2026-0001"]
    assert (a.year, a.seq, a.preparer, a.status) == (2025, 1, "Phạm Thị Duyên", "posted")
    # The year comes from the posting date (ngày ghi sổ), not the voucher date.
    late = add(ws, receipt(date(2025, 12, 31), posting_date=date(2026, 1, 2)))
    assert late.number == "PT-2026-0002"
    assert ws.fund.next_number("thu", date(2026, 5, 1)) == "PT-2026-0003"
    assert ws.fund.next_number("chi", date(2027, 5, 1)) == "PC-2027-0001"


def test_numbers_stay_gapless_after_voids(ws):
    ws.fund.set_opening_balance(2026, 5_000_000)
    first = add(ws, receipt(date(2026, 2, 1)))
    second = add(ws, receipt(date(2026, 2, 2)))
    ws.fund.void(second.uuid, "Viết sai tên người nộp")
    third = add(ws, receipt(date(2026, 2, 3)))
    assert [first.number, second.number, third.number] == ["PT-2026-0001", "PT-2026-0002", "PT-2026-0003"]
    # The void number stays in the book with its reason, its amount no longer counts.
    book = ws.fund.cash_book(date(2026, 1, 1), date(2026, 12, 31))
    assert [r.receipt_no for r in book.rows] == ["PT-2026-0001", "PT-2026-0002", "PT-2026-0003"]
    void_row = book.rows[1]
    assert void_row.receipt is None and void_row.status == "void"
    assert void_row.note == "Đã hủy: Viết sai tên người nộp"
    assert book.receipts == 2_000_000
    assert ws.fund.balance() == 7_000_000
    seqs = [r[0] for r in ws.db.execute_sql("SELECT seq FROM voucher WHERE kind = 'thu' AND year = 2026 ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_failed_saves_give_their_number_back(ws, monkeypatch):
    ws.fund.set_opening_balance(2026, 1_000_000)
    add(ws, receipt(date(2026, 3, 1)))
    # 1. A save that fails after the number was taken (here: writing the audit row) is rolled back.
    real_record = fund_service.audit.record

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(fund_service.audit, "record", broken)
    with pytest.raises(sqlite3.OperationalError):
        add(ws, receipt(date(2026, 3, 2)))
    monkeypatch.setattr(fund_service.audit, "record", real_record)
    # 2. A payment refused for lack of money is rolled back after its number was taken.
    with pytest.raises(NeedsConfirmation):
        add(ws, payment(date(2026, 3, 2), amount=50_000_000))
    # 3. A draft with errors never gets as far.
    with pytest.raises(ValidationError):
        add(ws, receipt(date(2026, 3, 2), amount=0))
    assert voucher_count(ws) == 1
    assert add(ws, receipt(date(2026, 3, 3))).number == "PT-2026-0002"
    assert add(ws, payment(date(2026, 3, 3))).number == "PC-2026-0001"


# -- immutability -----------------------------------------------------------------------------------
def test_a_saved_voucher_reads_as_written_after_every_write_the_service_offers(ws):
    """What "never edited" means: whatever the service is asked, the phiếu already in the book keeps its
    number, date, person, reason and amount; a fix is a new phiếu (or, for a void, only the status flips)."""
    ws.fund.set_opening_balance(2026, 5_000_000)
    first = add(ws, receipt(date(2026, 3, 2), amount=1_000_000))
    second = add(ws, payment(date(2026, 3, 3), amount=900_000))
    third = add(ws, receipt(date(2026, 3, 4), amount=500_000))
    written = {v.uuid: (v.number, v.voucher_date, v.posting_date, v.person, v.reason, v.amount)
               for v in (first, second, third)}
    assert written[first.uuid] == ("PT-2026-0001", date(2026, 3, 2), date(2026, 3, 2), "Nguyễn Văn An",
                                   "Ủng hộ quỹ khuyến học", 1_000_000)

    reversal, _ = ws.fund.reverse(first.uuid, "Ghi nhầm người nộp", date(2026, 3, 10), today=TODAY)
    fix_reversal, fixed, _ = ws.fund.correct(second.uuid, payment(date(2026, 3, 11), amount=90_000),
                                             "Ghi thừa một số 0", today=TODAY)
    ws.fund.void(third.uuid, "Viết hỏng")
    again = add(ws, first.as_draft())  # the same contents saved again: a new phiếu, not an overwrite
    ws.fund.count_cash(date(2026, 3, 31), counted=ws.fund.balance(date(2026, 3, 31), ""), today=TODAY)
    ws.fund.lock(date(2026, 3, 31), "Khóa sổ tháng 3", today=TODAY)

    for uuid, fields in written.items():
        v = ws.fund.get(uuid)
        assert (v.number, v.voucher_date, v.posting_date, v.person, v.reason, v.amount) == fields
    assert [ws.fund.get(u).status for u in written] == ["posted", "posted", "void"]
    assert [(v.number, v.amount) for v in (reversal, fix_reversal, fixed, again)] == [
        ("PT-2026-0003", -1_000_000), ("PC-2026-0002", -900_000), ("PC-2026-0003", 90_000), ("PT-2026-0004", 1_000_000)]
    # 5.000.000 + 1.000.000 − 900.000 (+ 500.000 voided) − 1.000.000 + 900.000 − 90.000 + 1.000.000
    assert ws.fund.balance() == 5_910_000
    assert voucher_count(ws) == 7


@pytest.mark.parametrize("sql", [
    "UPDATE voucher SET amount = 1",
    "UPDATE voucher SET posting_date = '2026-04-02'",
    "UPDATE voucher SET voucher_date = '2026-03-30'",
    "UPDATE voucher SET kind = 'chi'",
    "UPDATE voucher SET number = 'PT-2026-0099'",
    "UPDATE voucher SET seq = 99",
    "UPDATE voucher SET person = 'Người khác'",
    "UPDATE voucher SET reason = 'Lý do khác'",
    "UPDATE voucher SET deleted = 1",
    "DELETE FROM voucher",
])
def test_a_posted_voucher_cannot_be_changed_by_raw_sql(ws, sql):
    ws.fund.set_opening_balance(2026, 0)
    voucher = add(ws, receipt(date(2026, 4, 1), amount=700_000))
    with pytest.raises(peewee.IntegrityError, match="immutable|never deleted"):
        ws.db.execute_sql(sql)
    again = ws.fund.get(voucher.uuid)
    assert (again.amount, again.posting_date, again.number, again.kind, again.person) == (
        700_000, date(2026, 4, 1), "PT-2026-0001", "thu", "Nguyễn Văn An")


def test_only_the_status_may_flip_and_void_is_final(ws):
    voucher = add(ws, receipt(date(2026, 4, 1)))
    ws.db.execute_sql("UPDATE voucher SET status = 'void', void_reason = 'x' WHERE uuid = ?", (voucher.uuid,))
    with pytest.raises(peewee.IntegrityError, match="void for good"):
        ws.db.execute_sql("UPDATE voucher SET status = 'posted' WHERE uuid = ?", (voucher.uuid,))


# -- reversal, correction, void -------------------------------------------------------------------
def test_reversal_is_a_linked_negative_voucher_with_its_own_number(ws):
    ws.fund.set_opening_balance(2026, 2_000_000)
    add(ws, receipt(date(2026, 5, 1)))
    add(ws, receipt(date(2026, 5, 2)))
    wrong = add(ws, receipt(date(2026, 5, 3), amount=3_000_000))
    reversal, changes = ws.fund.reverse(wrong.uuid, "Ghi sai số tiền", date(2026, 5, 10), today=TODAY)
    assert reversal.kind == "thu" and reversal.amount == -3_000_000
    assert reversal.number == "PT-2026-0004"
    assert reversal.reason == "Đảo phiếu PT-2026-0003: Ghi sai số tiền"
    assert reversal.reverses_uuid == wrong.uuid and reversal.is_reversal
    assert changes.touches("voucher")
    assert ws.fund.reversal_of(wrong.uuid).uuid == reversal.uuid
    assert ws.fund.get(wrong.uuid).amount == 3_000_000  # the original is untouched
    assert ws.fund.balance() == 2_000_000 + 2_000_000
    book = ws.fund.cash_book(date(2026, 1, 1), date(2026, 12, 31))
    assert book.rows[2].note == "Đã đảo bởi PT-2026-0004"
    assert book.rows[3].receipt == -3_000_000  # ghi số âm
    assert book.receipts == 2_000_000
    with pytest.raises(ConflictError, match="đã được đảo bởi phiếu PT-2026-0004"):
        ws.fund.reverse(wrong.uuid, "lần nữa", date(2026, 5, 11), today=TODAY)
    with pytest.raises(ConflictError, match="là phiếu đảo"):
        ws.fund.reverse(reversal.uuid, "đảo phiếu đảo", date(2026, 5, 11), today=TODAY)
    with pytest.raises(ConflictError, match="đã được đảo"):
        ws.fund.void(wrong.uuid, "hủy")
    with pytest.raises(ConflictError, match="phiếu đảo"):
        ws.fund.void(reversal.uuid, "hủy")
    with pytest.raises(ValidationError, match="Chưa nhập lý do đảo phiếu"):
        ws.fund.reverse(add(ws, receipt(date(2026, 5, 12))).uuid, "  ", today=TODAY)


def test_reversal_cannot_be_dated_before_the_original(ws):
    original = add(ws, receipt(date(2026, 5, 3)))
    with pytest.raises(ValidationError, match="trước ngày ghi sổ của phiếu PT-2026-0001"):
        ws.fund.reverse(original.uuid, "sai", date(2026, 5, 2), today=TODAY)
    assert voucher_count(ws) == 1


def test_correct_writes_reversal_and_new_voucher_in_one_go(ws):
    ws.fund.set_opening_balance(2026, 1_000_000)
    wrong = add(ws, payment(date(2026, 6, 1), amount=900_000))
    fixed = payment(date(2026, 6, 4), amount=90_000)
    reversal, new, changes = ws.fund.correct(wrong.uuid, fixed, "Ghi thừa một số 0", today=TODAY)
    assert (reversal.number, reversal.amount, reversal.posting_date) == ("PC-2026-0002", -900_000, date(2026, 6, 4))
    assert (new.number, new.amount) == ("PC-2026-0003", 90_000)
    assert ws.fund.balance() == 1_000_000 - 90_000
    assert len(changes.created["voucher"]) == 2


def test_void_refuses_twice_and_needs_a_reason(ws):
    voucher = add(ws, receipt(date(2026, 6, 1)))
    with pytest.raises(ValidationError, match="Chưa nhập lý do hủy phiếu"):
        ws.fund.void(voucher.uuid, "")
    ws.fund.void(voucher.uuid, "Viết hỏng")
    with pytest.raises(ConflictError, match="đã hủy rồi"):
        ws.fund.void(voucher.uuid, "Viết hỏng")
    with pytest.raises(ConflictError, match="đã hủy; không đảo được"):
        ws.fund.reverse(voucher.uuid, "sai", today=TODAY)
    v = ws.fund.get(voucher.uuid)
    assert (v.status, v.void_reason, v.effect, v.status_label) == ("void", "Viết hỏng", 0, "Đã hủy")


# -- balances -------------------------------------------------------------------------------------------
def test_balance_is_receipts_minus_payments_on_every_row(ws):
    rng = random.Random(7)
    ws.fund.set_opening_balance(2025, 20_000_000)
    day = date(2025, 1, 1)
    made = []
    for _ in range(150):
        day += timedelta(days=rng.randint(0, 4))
        if rng.random() < 0.5:
            made.append(add(ws, receipt(day, amount=rng.randint(1, 50) * 100_000)))
        else:
            made.append(add(ws, payment(day, amount=rng.randint(1, 30) * 100_000), confirm=True))
        if rng.random() < 0.05:
            ws.fund.void(made[-1].uuid, "Viết hỏng", confirm=True)
        elif rng.random() < 0.05:
            ws.fund.reverse(made[-1].uuid, "Sai", day, confirm=True, today=TODAY)
    # A backdated phiếu entered last sits at its date in the book, not at the end.
    add(ws, receipt(date(2025, 2, 1), amount=123_000))
    book = ws.fund.cash_book(date(2025, 1, 1), date(2026, 12, 31))
    assert book.opening == 20_000_000
    running = book.opening
    previous = (date.min, 0)
    for row in book.rows:
        running += (row.receipt or 0) - (row.payment or 0)
        assert row.balance == running
        assert row.posting_date >= previous[0]
        previous = (row.posting_date, 0)
    assert book.closing == running == ws.fund.balance()
    # SQLite's window function, run independently, gives the same balance on every row.
    from khuyenhoc_desktop.storage import fund as fund_store

    window = fund_store.running_balances_sql(ws.db, date(2025, 1, 1), date(2026, 12, 31), book.opening)
    assert window == [(r.uuid, r.balance) for r in book.rows]
    # Rows read one by one (as a Qt view does) are the same as rows read by iterating.
    fresh = ws.fund.cash_book(date(2025, 1, 1), date(2026, 12, 31))
    assert [fresh.rows[i] for i in range(len(fresh.rows))] == list(book.rows) == fresh.rows[:]
    assert fresh.rows[-1] == book.rows[-1] and len(fresh.rows) == len(book.rows) > 150
    assert book.closing == book.opening + book.receipts - book.payments
    # The same balance from the per-voucher effects.
    everything = ws.fund.fetch(ws.fund.uuids(VoucherFilter()))
    assert ws.fund.balance() == 20_000_000 + sum(v.effect for v in everything)
    # A period in the middle starts from the balance carried to it.
    mid = ws.fund.cash_book(date(2025, 6, 1), date(2025, 6, 30))
    assert mid.opening == ws.fund.balance(date(2025, 5, 31))
    assert mid.closing == ws.fund.balance(date(2025, 6, 30))
    if mid.rows:
        assert mid.rows[-1].balance == mid.closing
    # Totals by month chain from the opening balance to the year's closing.
    months = ws.fund.totals_by_month(2025)
    assert months[0].opening == 20_000_000
    assert months[-1].closing == ws.fund.balance(date(2025, 12, 31)) == ws.fund.opening_balance(2026)
    assert all(a.closing == b.opening for a, b in zip(months, months[1:]))


def test_opening_balance_is_stored_once_and_carried_forward(ws):
    ws.fund.set_opening_balance(2025, 10_000_000, "Chuyển từ sổ giấy")
    add(ws, receipt(date(2025, 5, 1), amount=4_000_000))
    add(ws, payment(date(2025, 8, 1), amount=1_000_000))
    assert ws.fund.opening_balance(2025) == 10_000_000
    assert ws.fund.opening_balance(2026) == 13_000_000
    assert ws.fund.opening_balance(2024) == 0
    with pytest.raises(ValidationError, match="các năm sau tự chuyển số dư"):
        ws.fund.set_opening_balance(2026, 1)
    with pytest.raises(ValidationError, match="Sổ quỹ tiền mặt bắt đầu từ năm 2025"):
        add(ws, receipt(date(2024, 12, 1)))
    with pytest.raises(ValidationError, match="không âm"):
        ws.fund.set_opening_balance(2025, -5)
    ws.fund.set_opening_balance(2025, 11_000_000, "Chuyển từ sổ giấy")  # corrected while not locked: audited
    assert ws.fund.opening_balance(2026) == 14_000_000
    history = ws.fund.history(ws.fund.opening().uuid)
    assert [(e.action, e.field, e.before, e.after) for e in history][-1] == ("update", "amount", 10_000_000, 11_000_000)
    book = ws.fund.cash_book(date(2024, 1, 1), date(2025, 12, 31))
    assert book.opening == 11_000_000 and book.closing == 14_000_000
    # Lowering it below what was spent would make the book negative: that needs confirmation.
    add(ws, payment(date(2025, 9, 1), amount=12_000_000))
    with pytest.raises(NeedsConfirmation, match="tồn quỹ tiền mặt sẽ âm"):
        ws.fund.set_opening_balance(2025, 5_000_000)
    assert ws.fund.opening().amount == 11_000_000
    ws.fund.set_opening_balance(2025, 5_000_000, confirm=True)
    assert ws.fund.balance() == -4_000_000


def test_payment_larger_than_the_balance_needs_confirmation(ws):
    ws.fund.set_opening_balance(2026, 1_000_000)
    with pytest.raises(NeedsConfirmation) as caught:
        add(ws, payment(date(2026, 3, 1), amount=1_500_000))
    assert "tồn quỹ tiền mặt sẽ âm 500.000 đ" in caught.value.message
    assert voucher_count(ws) == 0
    add(ws, payment(date(2026, 3, 1), amount=1_000_000))  # exactly the balance: fine
    # Enough money today, but not at the (earlier) date of the payment.
    add(ws, receipt(date(2026, 4, 1), amount=5_000_000))
    with pytest.raises(NeedsConfirmation):
        add(ws, payment(date(2026, 3, 15), amount=200_000))
    # A payment that would make a later day negative.
    add(ws, payment(date(2026, 4, 2), amount=4_900_000))
    with pytest.raises(NeedsConfirmation):
        add(ws, payment(date(2026, 4, 1), amount=300_000))
    # Voiding or reversing a receipt the money was already spent from.
    big = ws.fund.get_by_number("PT-2026-0001")
    with pytest.raises(NeedsConfirmation):
        ws.fund.void(big.uuid, "Nhầm")
    with pytest.raises(NeedsConfirmation):
        ws.fund.reverse(big.uuid, "Nhầm", date(2026, 4, 3), today=TODAY)
    assert ws.fund.get(big.uuid).status == "posted" and ws.fund.reversal_of(big.uuid) is None
    # Confirmed, it goes through and the book shows the negative balance.
    voucher = add(ws, payment(date(2026, 4, 3), amount=300_000), confirm=True)
    assert voucher.number == "PC-2026-0003"
    assert ws.fund.balance() == -200_000


# -- period lock --------------------------------------------------------------------------------------
def test_nothing_can_be_written_into_a_locked_period(ws):
    ws.fund.set_opening_balance(2026, 5_000_000)
    old = add(ws, receipt(date(2026, 1, 10)))
    ws.fund.lock(date(2026, 1, 31), "Khóa sổ tháng 1", today=TODAY)
    assert ws.fund.locked_until() == date(2026, 1, 31)
    with pytest.raises(PeriodLockedError, match="đã khóa đến hết ngày 31/01/2026"):
        add(ws, receipt(date(2026, 1, 31)))
    with pytest.raises(PeriodLockedError):
        add(ws, receipt(date(2026, 1, 20), posting_date=date(2026, 1, 25)))
    with pytest.raises(PeriodLockedError):
        ws.fund.void(old.uuid, "Nhầm")
    with pytest.raises(PeriodLockedError):
        ws.fund.reverse(old.uuid, "Nhầm", date(2026, 1, 20), today=TODAY)
    with pytest.raises(PeriodLockedError):
        ws.fund.count_cash(date(2026, 1, 31), counted=6_000_000, today=TODAY)
    with pytest.raises(PeriodLockedError):
        ws.fund.set_opening_balance(2026, 1_000_000)
    with pytest.raises(ValidationError, match="Mở khóa sổ"):
        ws.fund.lock(date(2026, 1, 15), today=TODAY)
    with pytest.raises(ValidationError, match="tương lai"):
        ws.fund.lock(TODAY + timedelta(days=1), today=TODAY)
    # The data file refuses it too, whatever writes to it.
    with pytest.raises(peewee.IntegrityError, match="period locked"):
        ws.db.execute_sql(
            "INSERT INTO voucher(uuid, created_at, updated_at, kind, year, seq, number, voucher_date, posting_date,"
            " amount) VALUES ('x', '', '', 'thu', 2026, 99, 'PT-2026-0099', '2026-01-05', '2026-01-05', 1)")
    with pytest.raises(peewee.IntegrityError, match="period locked"):
        ws.db.execute_sql("UPDATE voucher SET status = 'void' WHERE uuid = ?", (old.uuid,))
    assert voucher_count(ws) == 1
    # After the locked day the book is open (a late phiếu dated in January is posted in February);
    # an old phiếu is corrected by a reversal dated now.
    late = add(ws, receipt(date(2026, 1, 30), posting_date=date(2026, 2, 1)))
    assert late.number == "PT-2026-0002"
    reversal, _ = ws.fund.reverse(old.uuid, "Ghi trùng", date(2026, 2, 2), today=TODAY)
    assert reversal.number == "PT-2026-0003"


def test_reopening_needs_a_reason_that_goes_to_the_audit_log(ws):
    ws.fund.lock(date(2026, 3, 31), "Khóa sổ quý I", today=TODAY)
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        ws.fund.reopen(date(2026, 2, 28), "  ")
    with pytest.raises(ValidationError, match="phải trước ngày đó"):
        ws.fund.reopen(date(2026, 4, 30), "lý do")
    ws.fund.reopen(date(2026, 2, 28), "Bổ sung phiếu thu hội phí tháng 3 bị sót")
    assert ws.fund.locked_until() == date(2026, 2, 28)
    add(ws, receipt(date(2026, 3, 15)))
    ws.fund.reopen(None, "Kiểm tra lại cả năm")
    assert ws.fund.locked_until() is None
    history = ws.fund.lock_history()
    assert [(h.action, h.locked_until) for h in history] == [
        ("lock", date(2026, 3, 31)), ("reopen", date(2026, 2, 28)), ("reopen", None)]
    entry = ws.fund.history(history[1].uuid)[0]
    assert (entry.action, entry.reason, entry.operator) == (
        "reopen", "Bổ sung phiếu thu hội phí tháng 3 bị sót", "Phạm Thị Duyên")
    assert (entry.field, entry.before, entry.after) == ("locked_until", "2026-03-31", "2026-02-28")
    with pytest.raises(ValidationError, match="chưa khóa"):
        ws.fund.reopen(None, "lý do")


# -- paying awards ------------------------------------------------------------------------------------
def test_paying_and_unpaying_awards_moves_their_status_both_ways(ws):
    ws.fund.set_opening_balance(2026, 10_000_000)
    uuids = [approved_award(ws, "Nguyễn Văn An", 200_000), approved_award(ws, "Trần Thị Bình", 300_000),
             approved_award(ws, "Lê Minh Châu", 500_000)]
    voucher, changes = ws.fund.pay_awards(uuids, date(2026, 9, 5), "Phạm Thị Duyên", today=TODAY)
    assert (voucher.kind, voucher.amount, voucher.number, voucher.item) == ("chi", 1_000_000, "PC-2026-0001", "Khen thưởng")
    assert voucher.reason == "Chi khen thưởng năm học 2025-2026 (3 suất)"
    assert [(l.target_table, l.target_uuid, l.amount) for l in ws.fund.links(voucher.uuid)] == [
        ("award", uuids[0], 200_000), ("award", uuids[1], 300_000), ("award", uuids[2], 500_000)]
    assert {a.status for a in ws.awards.fetch(uuids)} == {"awarded"}
    assert set(changes.updated["award"]) == set(uuids)
    status_change = [e for e in ws.awards.history(uuids[0]) if e.action == "status"][-1]
    assert (status_change.before, status_change.after, status_change.reason) == (
        "approved", "awarded", "Chi thưởng theo phiếu PC-2026-0001")
    assert [v.number for v in ws.fund.vouchers_for("award", uuids[0])] == ["PC-2026-0001"]
    # Cannot pay them twice.
    with pytest.raises(ValidationError, match="Đã trao"):
        ws.fund.pay_awards(uuids[:1], date(2026, 9, 6), "Phạm Thị Duyên", today=TODAY)
    # Reversing the payment returns them to "approved" …
    reversal, changes = ws.fund.reverse(voucher.uuid, "Trao nhầm đợt", date(2026, 9, 7), today=TODAY)
    assert {a.status for a in ws.awards.fetch(uuids)} == {"approved"}
    assert set(changes.updated["award"]) == set(uuids)
    assert [l.amount for l in ws.fund.links(reversal.uuid)] == [-200_000, -300_000, -500_000]
    assert ws.fund.balance() == 10_000_000
    # … so they can be paid again, and voiding that payment returns them too.
    again, _ = ws.fund.pay_awards(uuids[1:], date(2026, 9, 8), "Phạm Thị Duyên", "Trao thưởng bổ sung", today=TODAY)
    assert again.reason == "Trao thưởng bổ sung" and again.amount == 800_000
    assert [a.status for a in ws.awards.fetch(uuids)] == ["approved", "awarded", "awarded"]
    ws.fund.void(again.uuid, "Lập nhầm")
    assert {a.status for a in ws.awards.fetch(uuids)} == {"approved"}
    # A paid award cannot be deleted (the award service says so).
    third, _ = ws.fund.pay_awards(uuids[2:], date(2026, 9, 9), "Phạm Thị Duyên", today=TODAY)
    with pytest.raises(ConflictError):
        ws.awards.delete(uuids[2:])


def test_pay_awards_refuses_bad_selections_and_saves_nothing(ws):
    ws.fund.set_opening_balance(2026, 10_000_000)
    ok = approved_award(ws, "Nguyễn Văn An", 200_000)
    draft = approved_award(ws, "Trần Văn Bình", 200_000, status="draft")
    other_year = approved_award(ws, "Lê Thị Cúc", 200_000, school_year="2024-2025")
    zero = approved_award(ws, "Đỗ Văn Dũng", 0)
    gone = approved_award(ws, "Hồ Thị Én", 100_000)
    ws.awards.delete([gone])
    cases = [
        ([], "Chưa chọn suất khen thưởng nào"),
        ([ok, draft], "Chưa được duyệt: Trần Văn Bình"),
        ([ok, other_year], "nhiều năm học"),
        ([ok, zero], "Không có tiền thưởng: Đỗ Văn Dũng"),
        ([ok, gone], "đã bị xóa: Hồ Thị Én"),
    ]
    for uuids, message in cases:
        with pytest.raises(ValidationError, match=message):
            ws.fund.pay_awards(uuids, date(2026, 9, 5), "Phạm Thị Duyên", today=TODAY)
    with pytest.raises(ValidationError, match="người nhận tiền"):
        ws.fund.pay_awards([ok], date(2026, 9, 5), "", today=TODAY)
    assert voucher_count(ws) == 0
    assert ws.awards.get(ok).status == "approved"
    assert ws.fund.next_number("chi", date(2026, 9, 5)) == "PC-2026-0001"


def test_pay_awards_beyond_the_balance_needs_confirmation(ws):
    ws.fund.set_opening_balance(2026, 100_000)
    uuids = [approved_award(ws, "Nguyễn Văn An", 200_000)]
    with pytest.raises(NeedsConfirmation, match="tồn quỹ tiền mặt sẽ âm 100.000 đ"):
        ws.fund.pay_awards(uuids, date(2026, 9, 5), "Phạm Thị Duyên", today=TODAY)
    assert voucher_count(ws) == 0 and ws.awards.get(uuids[0]).status == "approved"
    voucher, _ = ws.fund.pay_awards(uuids, date(2026, 9, 5), "Phạm Thị Duyên", confirm=True, today=TODAY)
    assert voucher.number == "PC-2026-0001" and ws.awards.get(uuids[0]).status == "awarded"


# -- bad input ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("changes, field, message", [
    ({"amount": 0}, "amount", "Số tiền phải lớn hơn 0 đồng."),
    ({"amount": -50_000}, "amount", "Số tiền phải lớn hơn 0 đồng."),
    ({"amount": 1.5}, "amount", "Số tiền phải là số nguyên đồng."),
    ({"amount": True}, "amount", "Số tiền phải là số nguyên đồng."),
    ({"person": " "}, "person", "Chưa nhập họ và tên người nộp tiền."),
    ({"reason": ""}, "reason", "Chưa nhập lý do thu."),
    ({"item": ""}, "item", "Chưa chọn khoản mục thu."),
    ({"voucher_date": None}, "voucher_date", "Chưa nhập ngày chứng từ."),
    ({"posting_date": date(2026, 2, 27)}, "posting_date", "Ngày ghi sổ (27/02/2026) trước ngày chứng từ (01/03/2026)."),
    ({"method": "séc"}, "method", "Hình thức chỉ là tiền mặt hoặc chuyển khoản."),
    ({"attachments": -1}, "attachments", "Số chứng từ gốc kèm theo phải là số nguyên không âm."),
    ({"kind": "khác"}, "kind", "Loại phiếu chỉ là phiếu thu hoặc phiếu chi."),
])
def test_bad_vouchers_are_refused_with_vietnamese_messages(ws, changes, field, message):
    with pytest.raises(ValidationError) as caught:
        add(ws, receipt(date(2026, 3, 1), **changes))
    assert (field, message) in [(e.field, e.message) for e in caught.value.errors]
    assert voucher_count(ws) == 0
    assert ws.db.execute_sql("SELECT COUNT(*) FROM audit_log WHERE table_name = 'voucher'").fetchone()[0] == 0


def test_future_dates_and_huge_amounts_need_confirmation(ws):
    with pytest.raises(NeedsConfirmation, match="ở tương lai"):
        add(ws, receipt(TODAY + timedelta(days=2)))
    with pytest.raises(NeedsConfirmation, match="trên 1 tỷ đồng"):
        add(ws, receipt(date(2026, 3, 1), amount=2_000_000_000))
    assert add(ws, receipt(TODAY + timedelta(days=2)), confirm=True).number == "PT-2026-0001"


def test_text_is_normalised_and_method_labels_accepted(ws):
    voucher = add(ws, receipt(date(2026, 3, 1), person="  Nguyễn   Văn\u00a0An ", method="Tiền mặt"))
    assert voucher.person == "Nguyễn Văn An" and voucher.method == "cash" and voucher.method_label == "Tiền mặt"
    # A phiếu thu is cash: money by transfer goes to the bank book as a giấy báo Có.
    with pytest.raises(ValidationError, match="sổ tiền gửi ngân hàng"):
        add(ws, receipt(date(2026, 3, 1), method="Chuyển khoản"))


# -- cash count -------------------------------------------------------------------------------------------
def test_cash_count_against_the_book(ws):
    ws.fund.set_opening_balance(2026, 1_250_000)
    add(ws, receipt(date(2026, 3, 1), amount=1_000_000))
    count, _ = ws.fund.count_cash(date(2026, 3, 31), denominations={500_000: 4, 200_000: 1, 50_000: 1},
                                  counted_by="Nguyễn Văn Thắng, Phạm Thị Duyên", today=TODAY)
    assert (count.counted, count.book_balance, count.difference) == (2_250_000, 2_250_000, 0)
    assert count.denominations == {500_000: 4, 200_000: 1, 50_000: 1}
    with pytest.raises(ValidationError, match="lệch -50.000 đ .*giải trình"):
        ws.fund.count_cash(date(2026, 4, 1), counted=2_200_000, today=TODAY)
    with pytest.raises(ValidationError, match="Tổng theo mệnh giá"):
        ws.fund.count_cash(date(2026, 4, 1), counted=2_200_000, denominations={500_000: 1}, today=TODAY)
    with pytest.raises(ValidationError, match="Chưa nhập số tiền kiểm kê"):
        ws.fund.count_cash(date(2026, 4, 1), today=TODAY)
    short, _ = ws.fund.count_cash(date(2026, 4, 1), counted=2_200_000, explanation="Thiếu 50.000 đ, thủ quỹ bù",
                                  today=TODAY)
    assert short.difference == -50_000
    assert [c.uuid for c in ws.fund.cash_counts(2026)] == [count.uuid, short.uuid]
    assert ws.fund.history(short.uuid)[0].after["explanation"] == "Thiếu 50.000 đ, thủ quỹ bù"


# -- audit ----------------------------------------------------------------------------------------------
def test_every_change_is_in_the_audit_log(ws):
    ws.fund.set_opening_balance(2026, 3_000_000)
    a = add(ws, receipt(date(2026, 3, 1)))
    b = add(ws, payment(date(2026, 3, 2)))
    ws.fund.void(b.uuid, "Viết hỏng")
    reversal, _ = ws.fund.reverse(a.uuid, "Trùng phiếu", date(2026, 3, 3), today=TODAY)
    history_a = ws.fund.history(a.uuid)
    assert [(e.action, e.version) for e in history_a] == [("create", 1), ("reverse", 1)]
    assert history_a[0].after["amount"] == 1_000_000 and history_a[0].operator == "Phạm Thị Duyên"
    assert (history_a[1].field, history_a[1].after, history_a[1].reason) == ("reversed_by", reversal.number, "Trùng phiếu")
    history_b = ws.fund.history(b.uuid)
    assert [(e.action, e.field, e.before, e.after) for e in history_b[1:]] == [
        ("void", "status", "posted", "void"), ("void", "void_reason", "", "Viết hỏng")]
    assert ws.fund.history(reversal.uuid)[0].after["reverses_uuid"] == a.uuid
    with pytest.raises(peewee.IntegrityError):
        ws.db.execute_sql("DELETE FROM audit_log")


# -- lists and totals -----------------------------------------------------------------------------------
def test_voucher_list_pages_by_key_and_searches_without_diacritics(ws):
    ws.fund.set_opening_balance(2026, 50_000_000)
    for i in range(30):
        add(ws, receipt(date(2026, 1, 1) + timedelta(days=i), amount=(i + 1) * 10_000,
                        person="Dòng họ Đặng" if i % 3 == 0 else "Nguyễn Văn An"))
        add(ws, payment(date(2026, 1, 1) + timedelta(days=i), amount=5_000))
    flt = VoucherFilter(year=2026)
    count, receipts, payments = ws.fund.count_and_totals(flt)
    assert (count, receipts, payments) == (60, sum((i + 1) * 10_000 for i in range(30)), 150_000)
    seen = []
    after = None
    while True:
        rows = ws.fund.page(flt, sort="book", after=after, limit=7)
        if not rows:
            break
        seen += [r[2] for r in rows]
        after = (rows[-1][-1], rows[-1][0])
    assert len(seen) == 60 and len(set(seen)) == 60 and seen[:2] == ["PT-2026-0001", "PC-2026-0001"]
    by_amount = ws.fund.page(flt, sort="amount", descending=True, limit=1)
    assert by_amount[0][9] == 300_000
    assert ws.fund.count_and_totals(VoucherFilter(search="dong ho dang"))[0] == 10
    assert ws.fund.count_and_totals(VoucherFilter(search="pt-2026-0003"))[0] == 1
    assert ws.fund.count_and_totals(VoucherFilter(kind="chi", date_from=date(2026, 1, 10)))[0] == 21
    items = ws.fund.totals_by_item(year=2026)
    assert [(t.kind, t.item, t.count) for t in items] == [("thu", "Ủng hộ của nhà hảo tâm", 30),
                                                          ("chi", "Văn phòng phẩm", 30)]
    assert "Hội phí" in ws.fund.items("thu") and "Khen thưởng" in ws.fund.items("chi")


def test_summary_section_is_net_of_reversals_and_voids(ws):
    ws.fund.set_opening_balance(2026, 1_000_000)
    a = add(ws, receipt(date(2026, 3, 1), amount=2_000_000))
    add(ws, receipt(date(2026, 3, 2), amount=500_000))
    b = add(ws, payment(date(2026, 3, 3), amount=700_000))
    ws.fund.reverse(a.uuid, "Trùng", date(2026, 3, 4), today=TODAY)
    ws.fund.void(b.uuid, "Hỏng")
    add(ws, payment(date(2026, 3, 5), amount=300_000))
    result = summary(ws)["fund"]
    cash = {"book": "cash", "account": "", "name": "Sổ quỹ tiền mặt", "opening": 1_000_000, "receipts": 500_000,
            "payments": 300_000, "balance": 1_200_000, "vouchers": 5}
    assert result == {"opening": 1_000_000, "receipts": 500_000, "payments": 300_000, "balance": 1_200_000,
                      "vouchers": 5, "books": [cash]}
    by_school_year = summary(ws, "2025-2026")["fund"]
    assert by_school_year["balance"] == 1_200_000 and by_school_year["vouchers"] == 5
    assert summary(ws, "2026-2027")["fund"]["vouchers"] == 0


def test_demo_fill_leaves_a_consistent_book_that_is_still_open_today(ws):
    from khuyenhoc_desktop.services import demo

    result = demo.fill(ws, awards=150, seed=3)
    made = result["fund"]
    assert made["reversals"] == 2 and made["voids"] == 1 and made["award_payments"] >= 1
    today = ws.clock.today()  # the demo is dated from the workspace's clock
    lock = ws.fund.locked_until()
    assert lock == today.replace(day=1) - timedelta(days=1)
    opening = ws.fund.opening()
    book = ws.fund.cash_book(date(opening.year, 1, 1), today)
    running = book.opening
    for row in book.rows:
        running += (row.receipt or 0) - (row.payment or 0)
        assert row.balance == running
    assert book.closing == ws.fund.balance(account="")
    bank = ws.fund.accounts()[0]
    bank_book = ws.fund.bank_book(date(opening.year, 1, 1), today, bank.uuid)
    assert bank_book.rows and all(r.receipt_no.startswith("BC-") for r in bank_book.rows)
    assert not any(r.receipt_no.startswith("BC-") for r in book.rows)
    # the demo's dues come after its fund: what they collected less what they sent upward
    dues = ws.dues.figures(today.year)
    assert book.closing + bank_book.closing == ws.fund.balance() == made["balance"] + dues.collected - dues.submitted
    assert ws.fund.cash_counts()[0].count_date == lock
    voucher = add(ws, receipt(today), today=today)
    assert voucher.posting_date > lock
    assert 20 <= result["classes"]["classes"] <= 40
    numbers = [r[0] for r in ws.db.execute_sql("SELECT seq FROM voucher WHERE kind = 'thu' AND year = ? AND account_uuid = '' ORDER BY seq",
                                               (today.year,))]
    assert numbers == list(range(1, len(numbers) + 1))


# -- two books: cash and bank ---------------------------------------------------------------------------
def bank_account(ws, **kw):
    values = dict(name="Tài khoản tiền gửi Quỹ khuyến học", account_no="3200 205 123456",
                  bank_name="Ngân hàng Agribank chi nhánh huyện Tân Yên")
    values.update(kw)
    return ws.fund.save_account(None, **values)[0]


def test_cash_book_balance_equals_counted_cash_when_cash_and_transfers_mix(ws):
    ws.fund.set_opening_balance(2026, 3_000_000)
    account = bank_account(ws, opening_year=2026, opening_amount=10_000_000)
    add(ws, receipt(date(2026, 2, 1), amount=1_500_000))  # cash into the box
    add(ws, receipt(date(2026, 2, 2), amount=36_000_000, account_uuid=account.uuid, item="Lãi tiền gửi"))
    add(ws, payment(date(2026, 2, 3), amount=700_000))
    add(ws, payment(date(2026, 2, 4), amount=5_000_000, account_uuid=account.uuid))
    # In the box: 3.000.000 + 1.500.000 − 700.000 = 3.800.000 đ, counted note by note.
    count, _ = ws.fund.count_cash(date(2026, 2, 28), denominations={500_000: 7, 200_000: 1, 100_000: 1},
                                  counted_by="Phạm Thị Duyên", today=TODAY)
    assert (count.counted, count.book_balance, count.difference) == (3_800_000, 3_800_000, 0)
    cash = ws.fund.cash_book(date(2026, 1, 1), date(2026, 12, 31))
    assert cash.closing == count.counted and [r.receipt_no for r in cash.rows if r.receipt_no] == ["PT-2026-0001"]
    assert all(not (r.receipt_no + r.payment_no).startswith("B") for r in cash.rows)
    bank = ws.fund.bank_book(date(2026, 1, 1), date(2026, 12, 31), account.uuid)
    assert (bank.opening, bank.receipts, bank.payments, bank.closing) == (10_000_000, 36_000_000, 5_000_000, 41_000_000)
    assert [(r.receipt_no, r.payment_no) for r in bank.rows] == [("BC-2026-0001", ""), ("", "BN-2026-0001")]
    assert ws.fund.balance() == cash.closing + bank.closing == 44_800_000
    fund = summary(ws)["fund"]
    assert [(b["book"], b["opening"], b["receipts"], b["payments"], b["balance"]) for b in fund["books"]] == [
        ("cash", 3_000_000, 1_500_000, 700_000, 3_800_000), ("bank", 10_000_000, 36_000_000, 5_000_000, 41_000_000)]
    assert (fund["opening"], fund["receipts"], fund["payments"], fund["balance"]) == (
        13_000_000, 37_500_000, 5_700_000, 44_800_000)


def test_bank_series_is_gapless_with_voids_reversals_and_failed_saves(ws):
    account = bank_account(ws)
    a = add(ws, receipt(date(2026, 3, 1), amount=2_000_000, account_uuid=account.uuid))
    b = add(ws, receipt(date(2026, 3, 2), amount=1_000_000, account_uuid=account.uuid))
    assert (a.number, a.kind_label, a.method) == ("BC-2026-0001", "Giấy báo Có", "transfer")
    ws.fund.void(b.uuid, "Ngân hàng báo nhầm")
    with pytest.raises(ValidationError):  # a failed save takes no number
        add(ws, receipt(date(2026, 3, 3), amount=0, account_uuid=account.uuid))
    reversal, _ = ws.fund.reverse(a.uuid, "Ghi trùng", date(2026, 3, 4), today=TODAY)
    assert (reversal.number, reversal.account_uuid, reversal.amount) == ("BC-2026-0003", account.uuid, -2_000_000)
    with pytest.raises(ConflictError):
        ws.fund.void(reversal.uuid, "Nhầm")
    with pytest.raises(NeedsConfirmation, match="Số dư tài khoản ngân hàng không đủ"):
        add(ws, payment(date(2026, 3, 5), amount=100_000, account_uuid=account.uuid))
    out = add(ws, payment(date(2026, 3, 5), amount=100_000, account_uuid=account.uuid), confirm=True)
    cash = add(ws, receipt(date(2026, 3, 5)))
    assert (out.number, out.kind_label, cash.number) == ("BN-2026-0001", "Giấy báo Nợ", "PT-2026-0001")
    seqs = [r[0] for r in ws.db.execute_sql(
        "SELECT seq FROM voucher WHERE kind = 'thu' AND account_uuid != '' ORDER BY seq")]
    assert seqs == [1, 2, 3]
    assert ws.fund.next_number("thu", date(2026, 4, 1), account.uuid) == "BC-2026-0004"
    assert ws.fund.next_number("thu", date(2026, 4, 1)) == "PT-2026-0002"
    book = ws.fund.bank_book(date(2026, 1, 1), date(2026, 12, 31), account.uuid)
    assert [r.note for r in book.rows][:2] == ["Đã đảo bởi BC-2026-0003", "Đã hủy: Ngân hàng báo nhầm"]
    assert book.closing == -100_000


def test_bank_accounts_are_a_catalogue_with_audited_edits(ws):
    account = bank_account(ws)
    assert account.label == ("Tài khoản tiền gửi Quỹ khuyến học – số 3200 205 123456 – "
                             "Ngân hàng Agribank chi nhánh huyện Tân Yên")
    with pytest.raises(ValidationError, match="đã có trong danh mục"):
        bank_account(ws, name="Khác")
    with pytest.raises(ValidationError, match="chỉ gồm chữ số"):
        bank_account(ws, account_no="AB-12")
    edited, _ = ws.fund.save_account(account.uuid, name=account.name, account_no="3200205999999",
                                     bank_name="Vietinbank", opening_year=2026, opening_amount=4_000_000)
    assert (edited.account_no, edited.bank_name, edited.version) == ("3200205999999", "Vietinbank", 2)
    assert any(e.action == "update" for e in ws.fund.history(account.uuid))
    add(ws, receipt(date(2026, 5, 1), account_uuid=account.uuid))
    with pytest.raises(ConflictError, match="không xóa được"):
        ws.fund.delete_account(account.uuid)
    spare = bank_account(ws, account_no="111")
    ws.fund.delete_account(spare.uuid)
    assert [a.uuid for a in ws.fund.accounts()] == [account.uuid]
    with pytest.raises(ValidationError, match="không còn trong danh mục"):
        add(ws, receipt(date(2026, 5, 2), account_uuid=spare.uuid))
    assert ws.fund.opened_on(account.uuid) == date(2026, 1, 1)
    assert ws.fund.opened_on("") is None  # nothing in the cash book yet


def test_bank_opening_balance_is_bounded_like_every_amount(ws):
    with pytest.raises(ValidationError, match="vượt quá giới hạn"):
        ws.fund.save_account(None, name="Tài khoản", opening_year=2026, opening_amount=10**13 + 1)
    with pytest.raises(peewee.IntegrityError):  # the file refuses it too
        ws.db.execute_sql("INSERT INTO bank_account(uuid, created_at, updated_at, opening_amount) VALUES ('x', '', '', ?)",
                          (10**13 + 1,))
