"""Covering indexes for the figures of a period (home page, report): awards given, by decision date,
and drafts (chờ duyệt) by school year.

Every column those figures group or add up is in the index, so the figures of two years are read
from the index range of those years alone instead of every award row (~150 ms → a few ms on 100,000
awards). The statuses are written out: a migration stays as written, and a partial index serves a
query only when the query repeats its condition.
"""

VERSION = 13
DESCRIPTION = "Chỉ mục số liệu khen thưởng theo kỳ (trang Tổng quan, báo cáo)"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS award_given_by_decision ON award(decision_date, category, level, school_year,"
    " award_form, amount) WHERE deleted = 0 AND status IN ('approved', 'awarded')",
    "CREATE INDEX IF NOT EXISTS award_draft_by_year ON award(school_year, amount)"
    " WHERE deleted = 0 AND status = 'draft'",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
