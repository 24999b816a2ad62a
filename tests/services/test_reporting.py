"""period_report on small books built by hand: every expected figure is worked out on paper."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import ValidationError
from khuyenhoc_desktop.services.reporting import Compare, parse_period, period_report


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


# -- a small book built by hand, every expected figure worked out on paper -----------------------------
def award(ws, school_year, category, level, amount, status="approved", decided=None, form=""):
    from khuyenhoc_desktop.domain.awards import AwardDraft

    saved, _ = ws.awards.save(AwardDraft(
        school_year=school_year, full_name="Nguyễn Văn An", birth_year=2012, category=category, level=level,
        school="Trường THCS Tân Dĩnh", amount=amount, status=status, award_form=form,
        decision_no="01/QĐ-HKH" if decided else "", decision_date=decided), confirm=True)
    return saved


@pytest.fixture
def awards(ws):
    award(ws, "2025-2026", "Học sinh giỏi", "Cấp trường", 300_000, decided=date(2026, 2, 10))
    award(ws, "2025-2026", "Học sinh giỏi", "Cấp xã/cụm", 500_000, decided=date(2026, 5, 20))
    award(ws, "2025-2026", "Học bổng", "Cấp trường", 1_000_000, decided=date(2026, 9, 5))
    award(ws, "2024-2025", "Học sinh giỏi", "Cấp trường", 200_000, decided=date(2025, 3, 15))
    award(ws, "2024-2025", "Học sinh nghèo vượt khó", "Cấp xã/cụm", 400_000, decided=date(2025, 10, 1))
    award(ws, "2025-2026", "Học sinh giỏi", "Cấp trường", 700_000, status="draft")
    gone = award(ws, "2025-2026", "Học sinh giỏi", "Cấp trường", 900_000, decided=date(2026, 3, 1))
    ws.awards.delete([gone.uuid])
    return ws


def test_awards_by_hand(awards):
    r = period_report(awards, "2026")
    # 2026: 300 000 (Feb) + 500 000 (May) + 1 000 000 (Sept, a scholarship); 2025: 200 000 (Mar) + 400 000 (Oct)
    assert (r.awards_count, r.awards_amount) == (Compare(3, 2), Compare(1_800_000, 600_000))
    assert (r.scholarships_count, r.scholarships_amount) == (Compare(1, 0), Compare(1_000_000, 0))
    assert [(g.name, g.count, g.amount) for g in r.awards_by_category] == [
        ("Học bổng", Compare(1, 0), Compare(1_000_000, 0)),
        ("Học sinh giỏi", Compare(2, 1), Compare(800_000, 200_000)),
        ("Học sinh nghèo vượt khó", Compare(0, 1), Compare(0, 400_000))]
    assert [(g.name, g.count, g.amount) for g in r.awards_by_level] == [
        ("Cấp trường", Compare(2, 1), Compare(1_300_000, 200_000)),
        ("Cấp xã/cụm", Compare(1, 1), Compare(500_000, 400_000))]
    assert [(g.name, g.count, g.amount) for g in r.awards_by_school_year] == [
        ("2024-2025", Compare(0, 2), Compare(0, 600_000)), ("2025-2026", Compare(3, 0), Compare(1_800_000, 0))]
    months = {m.month: (m.value, m.previous) for m in r.awards_amount_by_month if m.value or m.previous}
    assert months == {2: (300_000, 0), 3: (0, 200_000), 5: (500_000, 0), 9: (1_000_000, 0), 10: (0, 400_000)}
    # the draft of 2025-2026 is pending in both years (each overlaps 2025-2026); the deleted one is nowhere
    assert (r.awards_pending_count, r.awards_pending_amount) == (Compare(1, 1), Compare(700_000, 700_000))
    h1 = period_report(awards, "2026-H1")
    assert (h1.awards_count, h1.awards_amount) == (Compare(2, 1), Compare(800_000, 200_000))
    assert [m.month for m in h1.awards_amount_by_month] == [1, 2, 3, 4, 5, 6]


def test_fund_by_hand(ws):
    from khuyenhoc_desktop.domain.fund import VoucherDraft

    def add(day, kind, item, amount):
        draft = VoucherDraft(kind=kind, voucher_date=day, person="Ông A", reason="Lý do", item=item, amount=amount)
        return ws.fund.add(draft, confirm=True, today=day)[0]

    ws.fund.set_opening_balance(2025, 2_000_000)
    add(date(2025, 4, 10), "thu", "Hội phí", 1_500_000)
    add(date(2025, 11, 20), "chi", "Văn phòng phẩm", 300_000)
    add(date(2026, 1, 15), "thu", "Ủng hộ", 5_000_000)
    add(date(2026, 3, 10), "chi", "Khen thưởng", 800_000)
    wrong = add(date(2026, 3, 12), "thu", "Ủng hộ", 400_000)
    ws.fund.reverse(wrong.uuid, "Ghi nhầm", date(2026, 3, 13), confirm=True, today=date(2026, 3, 13))
    spoilt = add(date(2026, 8, 1), "thu", "Hội phí", 600_000)
    ws.fund.void(spoilt.uuid, "Viết hỏng")
    add(date(2026, 10, 5), "chi", "Văn phòng phẩm", 200_000)
    r = period_report(ws, "2026")
    # 2025: 2 000 000 at the start, + 1 500 000 − 300 000 → 3 200 000.
    # 2026: + 5 000 000 (+ 400 000 reversed) − 800 000 − 200 000 → 7 200 000; the void phiếu counts for nothing.
    assert r.fund_opening == Compare(3_200_000, 2_000_000)
    assert r.fund_raised == Compare(5_000_000, 1_500_000)
    assert r.fund_spent == Compare(1_000_000, 300_000)
    assert r.fund_closing == Compare(7_200_000, 3_200_000)
    assert [(g.kind, g.name, g.count, g.amount) for g in r.fund_by_item] == [
        ("thu", "Ủng hộ", Compare(3, 0), Compare(5_000_000, 0)),
        ("thu", "Hội phí", Compare(0, 1), Compare(0, 1_500_000)),
        ("chi", "Khen thưởng", Compare(1, 0), Compare(800_000, 0)),
        ("chi", "Văn phòng phẩm", Compare(1, 1), Compare(200_000, 300_000))]
    assert [(m.value, m.previous) for m in r.fund_balance_by_month] == [
        (8_200_000, 2_000_000), (8_200_000, 2_000_000), (7_400_000, 2_000_000), (7_400_000, 3_500_000),
        (7_400_000, 3_500_000), (7_400_000, 3_500_000), (7_400_000, 3_500_000), (7_400_000, 3_500_000),
        (7_400_000, 3_500_000), (7_200_000, 3_500_000), (7_200_000, 3_200_000), (7_200_000, 3_200_000)]
    fund = r.to_dict()["fund"]
    assert [fund[k]["value"] for k in ("opening", "receipts", "payments", "balance")] == [
        3_200_000, 5_000_000, 1_000_000, 7_200_000]
    assert period_report(ws, "2026-H1").fund_closing == Compare(7_400_000, 3_500_000)


def test_classes_and_meetings_by_hand(ws):
    from datetime import datetime

    from khuyenhoc_desktop.domain.classes import ClassDraft
    from tests.services.test_meetings import draft as meeting

    def lop(name, field, start, learners, women, minority):
        draft = ClassDraft(name=name, field=field, form="Lớp bồi dưỡng", start_date=start, end_date=start,
                           sessions=1, learners=learners, women=women, minority=minority)
        return ws.classes.save(draft, today=date(2026, 12, 31), confirm=True)[0]

    lop("Trồng lúa", "Nông nghiệp", date(2026, 3, 2), 40, 18, 3)
    lop("Luật Đất đai", "Pháp luật", date(2026, 10, 10), 60, 30, 0)
    lop("Nuôi cá", "Nông nghiệp", date(2025, 5, 4), 25, 20, 5)
    gone = lop("Xóa", "Nông nghiệp", date(2026, 4, 1), 99, 0, 0)
    ws.classes.delete([gone.uuid])
    for i, day in enumerate((datetime(2026, 2, 20, 8), datetime(2026, 6, 1, 8), datetime(2025, 8, 20, 8))):
        ws.meetings.save(meeting(number=f"0{i + 1}/BB-HKH", start=day, end=day.replace(hour=10)))
    r = period_report(ws, "2026")
    assert (r.classes_count, r.classes_learners) == (Compare(2, 1), Compare(100, 25))
    assert (r.classes_women, r.classes_minority) == (Compare(48, 20), Compare(3, 5))
    assert [(g.name, g.count, g.amount) for g in r.classes_by_field] == [
        ("Pháp luật", Compare(1, 0), Compare(60, 0)), ("Nông nghiệp", Compare(1, 1), Compare(40, 25))]
    assert r.meetings_held == Compare(2, 1)
    h1 = period_report(ws, "2026-H1")
    assert (h1.classes_count, h1.classes_learners, h1.meetings_held) == (Compare(1, 1), Compare(40, 25), Compare(2, 0))


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
