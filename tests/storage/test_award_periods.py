"""The award figures of a period, read from the indexes of migration 13: the same groups a scan of the
table gives, computed by hand, and the same again from a file that lacks the indexes."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.storage import award_periods

NOW = "2026-01-01T12:00:00+00:00"  # midday UTC: 1 January in every local time zone a commune uses
EARLIER, LATER = ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")
# uuid, school year, category, award form, decision date, amount, deleted, status
ROWS = [
    ("a", "2025-2026", "Học sinh giỏi", "Tiền mặt", "2026-08-15", 100, 0, "approved"),
    ("b", "2025-2026", "Học sinh giỏi", "Tiền mặt", "2026-08-15", 150, 0, "awarded"),
    ("c", "2024-2025", "Học bổng", "Tiền mặt", "2025-05-20", 300, 0, "awarded"),
    ("d", "2024-2025", "Vượt khó", "Học bổng", "", 70, 0, "approved"),  # no decision: approved on 2026-01-01
    ("e", "2025-2026", "Học sinh giỏi", "Tiền mặt", "2026-02-01", 400, 1, "approved"),  # deleted
    ("f", "2025-2026", "Học sinh giỏi", "Tiền mặt", "2026-03-01", 50, 0, "draft"),
    ("g", "2026-2027", "Vượt khó", "Tiền mặt", "", 20, 0, "draft"),
    ("h", "2023-2024", "Học sinh giỏi", "Tiền mặt", "2024-06-01", 999, 0, "approved"),  # before both years
]


@pytest.fixture
def awards(ws):
    for uuid, sy, category, form, decided, amount, deleted, status in ROWS:
        ws.db.execute_sql(
            "INSERT INTO award (uuid, version, created_at, updated_at, deleted, change_seq, school_year, full_name,"
            " name_key, search_key, category, award_form, level, amount, decision_date, status)"
            " VALUES (?,1,?,?,?,0,?,?,?,?,?,?,?,?,?,?)",
            (uuid, NOW, NOW, deleted, sy, "Nguyễn Văn A", "a", "a", category, form, "Xã", amount, decided, status))
    return ws


def summed(rows) -> dict:
    out: dict = {}
    for later, category, level, school_year, month, scholarship, n, amount in rows:
        key = (bool(later), category, level, school_year, int(month), bool(scholarship))
        got = out.setdefault(key, [0, 0])
        got[0] += n
        got[1] += int(amount)
    return out


EXPECTED = {
    (True, "Học sinh giỏi", "Xã", "2025-2026", 8, False): [2, 250],  # a and b, decided 15/08/2026
    (True, "Vượt khó", "Xã", "2024-2025", 1, True): [1, 70],  # d: its form is a scholarship
    (False, "Học bổng", "Xã", "2024-2025", 5, True): [1, 300],  # c, decided 20/05/2025
}


def test_groups_of_two_years_counted_by_hand(awards):
    assert summed(award_periods.given_groups(awards.db, EARLIER, LATER, "Học bổng")) == EXPECTED


def test_two_half_years_leave_out_what_lies_between(awards):
    rows = award_periods.given_groups(awards.db, ("2025-01-01", "2025-06-30"), ("2026-01-01", "2026-06-30"), "Học bổng")
    assert summed(rows) == {k: v for k, v in EXPECTED.items() if k[4] in (1, 5)}  # a and b are in August


def test_drafts_by_school_year(awards):
    assert award_periods.pending_totals(awards.db, ["2025-2026", "2026-2027"]) == (2, 70)
    assert award_periods.pending_totals(awards.db, ["2024-2025"]) == (0, 0)


def test_the_figures_come_from_the_index(awards):
    for sql, params in ((award_periods._WITH_DECISION, ("2025-01-01", "2026-12-31", *EARLIER, *LATER)),
                        (award_periods._WITHOUT_DECISION, ("2026-01-01", "x", "x", *EARLIER, *LATER))):
        plan = " ".join(r[3] for r in awards.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "award_given_by_decision" in plan and "SCAN award" not in plan


def test_a_file_without_the_indexes_gives_the_same_figures(awards):
    awards.db.execute_sql("DROP INDEX award_given_by_decision")
    awards.db.execute_sql("DROP INDEX award_draft_by_year")
    assert summed(award_periods.given_groups(awards.db, EARLIER, LATER, "Học bổng")) == EXPECTED
    assert award_periods.pending_totals(awards.db, ["2025-2026", "2026-2027"]) == (2, 70)
