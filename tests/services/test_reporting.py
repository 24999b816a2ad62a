"""period_report against direct SQL sums on demo data, and the comparison with last year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from khuyenhoc_desktop.domain.awards import given_on
from khuyenhoc_desktop.domain.errors import ValidationError
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.reporting import Compare, parse_period, period_report


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(tmp_path_factory.mktemp("rep") / "demo.db")
    demo.fill(ws, awards=500, seed=1)
    yield ws
    ws.close()


def _sql(ws, sql, params=()):
    return ws.db.execute_sql(sql, params).fetchone()


def _given(ws) -> list[tuple]:
    """(day given, category, scholarship?, amount) of every award given, worked out in Python from the rows
    with `domain.awards.given_on` (docs/numbers.md), independently of the report's SQL."""
    day = lambda text: date.fromisoformat(text) if text else None  # noqa: E731
    reversed_ = {r[0] for r in ws.db.execute_sql("SELECT reverses_uuid FROM voucher WHERE reverses_uuid IS NOT NULL")}
    paid: dict[str, date] = {}
    for target, posting, status, reverses, uuid in ws.db.execute_sql(
            "SELECT l.target_uuid, v.posting_date, v.status, v.reverses_uuid, v.uuid FROM voucher_link l"
            " JOIN voucher v ON v.uuid = l.voucher_uuid WHERE l.target_table = 'award' AND l.deleted = 0"):
        if status == "posted" and reverses is None and uuid not in reversed_:
            paid[target] = min(paid.get(target, day(posting)), day(posting))
    out = []
    for uuid, status, decision, approved, category, form, amount in ws.db.execute_sql(
            "SELECT uuid, status, decision_date, approved_on, category, award_form, amount FROM award WHERE deleted = 0"):
        d = given_on(status, day(decision), paid.get(uuid), day(approved))
        if d is not None:
            out.append((d, category, "Học bổng" in (form, category), amount))
    return out


def _award_sums(ws, start, end, category=None, scholarship=False):
    picked = [a for a in _given(ws) if start <= a[0] <= end and category in (None, a[1]) and (a[2] or not scholarship)]
    return len(picked), sum(a[3] for a in picked)


def test_parse_period():
    p = parse_period("2026-H1")
    assert (p.start, p.end, p.title) == (date(2026, 1, 1), date(2026, 6, 30),
                                         "Sơ kết công tác khuyến học 6 tháng đầu năm 2026")
    y = parse_period("2026")
    assert (y.start, y.end, y.title) == (date(2026, 1, 1), date(2026, 12, 31), "Tổng kết công tác khuyến học năm 2026")
    assert y.previous().code == "2025" and p.previous().code == "2025-H1"
    for bad in ("2026-Q1", "26", "", "năm 2026", "2026-H3"):
        with pytest.raises(ValidationError):
            parse_period(bad)


def test_compare():
    c = Compare(150, 100)
    assert (c.change, c.percent) == (50, 50.0)
    assert Compare(5, 0).percent is None
    assert Compare(80, 100).to_dict() == {"value": 80, "previous": 100, "change": -20, "percent": -20.0}


@pytest.mark.parametrize("code", ["2026", "2025", "2026-H1", "2024"])
def test_awards_equal_direct_sql(demo_ws, code):
    ws = demo_ws
    r = period_report(ws, code)
    cur, prev = r.period, r.previous_period
    n, amount = _award_sums(ws, cur.start, cur.end)
    pn, pamount = _award_sums(ws, prev.start, prev.end)
    assert r.awards_count == Compare(n, pn)
    assert r.awards_amount == Compare(amount, pamount)
    assert sum(g.count.value for g in r.awards_by_category) == n
    assert sum(g.amount.previous for g in r.awards_by_level) == pamount
    assert sum(m.value for m in r.awards_amount_by_month) == amount
    for g in r.awards_by_category:
        assert (g.count.value, g.amount.value) == _award_sums(ws, cur.start, cur.end, category=g.name)
    assert (r.scholarships_count.value, r.scholarships_amount.value) == _award_sums(ws, cur.start, cur.end,
                                                                                    scholarship=True)


def test_demo_year_has_awards(demo_ws):
    r = period_report(demo_ws, "2026")
    assert r.awards_count.value > 0 and r.awards_count.previous > 0
    assert r.awards_by_category


@pytest.mark.parametrize("code", ["2026", "2026-H1", "2025"])
def test_fund_equal_direct_sql(demo_ws, code):
    ws = demo_ws
    r = period_report(ws, code)
    for p, pick in ((r.period, "value"), (r.previous_period, "previous")):
        raised, spent = _sql(ws, "SELECT IFNULL(SUM(CASE WHEN kind='thu' THEN amount END),0),"
                                 " IFNULL(SUM(CASE WHEN kind='chi' THEN amount END),0) FROM voucher"
                                 " WHERE status = 'posted' AND posting_date BETWEEN ? AND ?",
                             (p.start.isoformat(), p.end.isoformat()))
        assert getattr(r.fund_raised, pick) == raised
        assert getattr(r.fund_spent, pick) == spent
        closing = ws.fund.balance(p.end)
        assert getattr(r.fund_closing, pick) == closing
        assert getattr(r.fund_opening, pick) == ws.fund.balance(date(p.year, p.start.month, 1) - timedelta(days=1))
        book = ws.fund.opening()
        if book is None or p.start.year >= book.year:
            assert getattr(r.fund_opening, pick) + raised - spent == closing
    assert r.fund_balance_by_month[-1].value == r.fund_closing.value
    assert sum(g.amount.value for g in r.fund_by_item if g.kind == "thu") == r.fund_raised.value


def test_reversal_is_netted(ws):
    from khuyenhoc_desktop.domain.fund import VoucherDraft

    d = date(2026, 3, 2)

    def receipt(person, amount):
        draft = VoucherDraft(kind="thu", voucher_date=d, posting_date=d, person=person, reason="Ủng hộ quỹ",
                             item="Ủng hộ", amount=amount)
        voucher, _ = ws.fund.add(draft, confirm=True, today=date(2026, 3, 2))
        return voucher

    receipt("Ông A", 1_000_000)
    second = receipt("Bà B", 400_000)
    ws.fund.reverse(second.uuid, "Ghi nhầm", d, confirm=True)
    r = period_report(ws, "2026-H1")
    assert r.fund_raised.value == 1_000_000
    assert r.fund_closing.value == r.fund_opening.value + 1_000_000
    assert [(g.kind, g.name, g.amount.value) for g in r.fund_by_item] == [("thu", "Ủng hộ", 1_000_000)]


def test_fund_books_reconcile_and_add_up_to_the_fund(ws):
    from khuyenhoc_desktop.domain.fund import VoucherDraft

    ws.fund.set_opening_balance(2025, 4_000_000)
    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ", account_no="111", opening_year=2025,
                                      opening_amount=20_000_000)
    for day, kind, amount, bank in ((date(2025, 5, 1), "thu", 1_000_000, False), (date(2026, 2, 1), "thu", 36_000_000, True),
                                    (date(2026, 3, 1), "chi", 700_000, False), (date(2026, 4, 1), "chi", 5_000_000, True)):
        ws.fund.add(VoucherDraft(kind=kind, voucher_date=day, person="Ông A", reason="Lý do", item="Khoản",
                                 amount=amount, account_uuid=account.uuid if bank else ""), confirm=True, today=day)
    r = period_report(ws, "2026-H1")
    cash, bank = r.fund_books
    # cash: 4 + 1 (2025) = 5 at the start; − 0,7 → 4,3. Bank: 20 at the start; + 36 − 5 → 51.
    assert (cash.opening.value, cash.receipts.value, cash.payments.value, cash.balance.value) == (
        5_000_000, 0, 700_000, 4_300_000)
    assert (bank.opening.value, bank.receipts.value, bank.payments.value, bank.balance.value) == (
        20_000_000, 36_000_000, 5_000_000, 51_000_000)
    assert cash.opening.previous == 4_000_000 and cash.balance.previous == 5_000_000
    assert cash.balance.value + bank.balance.value == r.fund_closing.value
    assert cash.opening.value + bank.opening.value == r.fund_opening.value
    assert ("Quỹ khuyến học", "Trong đó: sổ quỹ tiền mặt", "đồng", cash.balance) in r.indicators()
    fund = r.to_dict()["fund"]
    assert fund["books"][1]["balance"]["value"] == 51_000_000
    assert (fund["opening"]["value"], fund["receipts"]["value"], fund["payments"]["value"], fund["balance"]["value"]) == (
        25_000_000, 36_000_000, 5_700_000, 55_300_000)


@pytest.mark.parametrize("code", ["2026", "2025-H1"])
def test_classes_and_meetings_equal_direct_sql(demo_ws, code):
    ws = demo_ws
    r = period_report(ws, code)
    date_expr = "COALESCE(NULLIF(start_date, ''), NULLIF(end_date, ''))"
    for p, pick in ((r.period, "value"), (r.previous_period, "previous")):
        n, learners, women, minority = _sql(
            ws, f"SELECT COUNT(*), IFNULL(SUM(learners),0), IFNULL(SUM(women),0), IFNULL(SUM(minority),0)"
                f" FROM learning_class WHERE deleted = 0 AND {date_expr} BETWEEN ? AND ?",
            (p.start.isoformat(), p.end.isoformat()))
        assert getattr(r.classes_count, pick) == n
        assert getattr(r.classes_learners, pick) == learners
        assert getattr(r.classes_women, pick) == women
        assert getattr(r.classes_minority, pick) == minority
        meetings = _sql(ws, "SELECT COUNT(*) FROM meeting WHERE deleted = 0 AND substr(start_at,1,10) BETWEEN ? AND ?",
                        (p.start.isoformat(), p.end.isoformat()))[0]
        assert getattr(r.meetings_held, pick) == meetings
    assert sum(g.amount.value for g in r.classes_by_field) == r.classes_learners.value


def test_award_dating_rule(ws):
    """Given awards only, by decision date, else the day approved (stamped from the row's change time);
    drafts are apart (chờ duyệt); deleted ones are left out."""
    now = "2026-01-01T12:00:00+00:00"  # midday UTC: 1 January in every local time zone a commune uses
    rows = [("a", "2025-2026", "2026-08-15", 100, 0, "approved"), ("b", "2025-2026", "", 200, 0, "approved"),
            ("c", "2024-2025", "", 300, 0, "awarded"), ("d", "2025-2026", "2026-02-01", 400, 1, "approved"),
            ("e", "2025-2026", "2026-03-01", 50, 0, "draft")]
    for uuid, sy, dd, amount, deleted, status in rows:
        ws.db.execute_sql(
            "INSERT INTO award (uuid, version, created_at, updated_at, deleted, change_seq, school_year, full_name,"
            " name_key, search_key, category, amount, decision_date, status) VALUES (?,1,?,?,?,0,?,?,?,?,?,?,?,?)",
            (uuid, now, now, deleted, sy, "Nguyễn Văn A", "a", "a", "Học sinh giỏi", amount, dd, status))
    h1 = period_report(ws, "2026-H1")
    assert h1.awards_amount == Compare(500, 0)  # b and c approved on 2026-01-01; a in H2; d deleted; e a draft
    year = period_report(ws, "2026")
    assert year.awards_amount == Compare(600, 0) and year.awards_count == Compare(3, 0)
    assert year.awards_amount_by_month[0].value == 500 and year.awards_amount_by_month[7].value == 100
    # e is a draft of 2025-2026: pending in 2026 (2025-2026, 2026-2027) and in 2025 (2024-2025, 2025-2026)
    assert (year.awards_pending_count, year.awards_pending_amount) == (Compare(1, 1), Compare(50, 50))
    pending = year.to_dict()["awards"]["pending"]
    assert pending["count"]["value"] == 1 and pending["school_years"] == ["2025-2026", "2026-2027"]
    assert ("Khen thưởng", "Số suất chờ duyệt (chưa tính ở trên)", "suất", Compare(1, 1)) in year.indicators()
