"""The statements behind `services.reporting`: each table read once for a period and the same period a
year before, grouped so that every figure of the report is a sum over the rows returned.

`ranges` is (start of this period, start and end of last year's, start and end of this one), ISO dates:
rows outside both periods are left out, and the first column of each row is 1 for this period, 0 for last
year's. Every number comes from one GROUP BY scan, so a file with 100 000 awards reports well under a second.
"""

from __future__ import annotations

from peewee import Database

from .awards import GIVEN_ON_SQL, PENDING_SQL

CLASS_DATE = "COALESCE(NULLIF(start_date, ''), NULLIF(end_date, ''))"
MEETING_DATE = "substr(start_at, 1, 10)"

Ranges = tuple[str, str, str, str, str]


def award_rows(db: Database, ranges: Ranges, scholarship: str) -> list[tuple]:
    """(this period?, category, level, school_year, month, scholarship?, count, amount) of the awards given,
    by the day they count as given (`GIVEN_ON_SQL`); scholarship: award_form or category `scholarship`."""
    sql = (
        "SELECT d >= ? AS which, category, level, school_year, CAST(substr(d, 6, 2) AS INTEGER) AS m,"
        " (award_form = ? OR category = ?) AS hb, COUNT(*), TOTAL(amount)"
        # NOT INDEXED: every row is read anyway; walking a partial index first only adds lookups.
        f" FROM (SELECT {GIVEN_ON_SQL} AS d, category, level, school_year, award_form, amount FROM award NOT INDEXED"
        "  WHERE deleted = 0)"
        " WHERE (d BETWEEN ? AND ?) OR (d BETWEEN ? AND ?)"
        " GROUP BY 1, 2, 3, 4, 5, 6"
    )
    # TOTAL(): a double, exact for every real book (see domain.limits)
    return [(*row[:7], int(row[7])) for row in
            db.execute_sql(sql, (ranges[0], scholarship, scholarship, *ranges[1:])).fetchall()]


def pending(db: Database, school_years: list[str]) -> tuple[int, int]:
    """(count, amount) of the drafts (chờ duyệt) of these school years, not deleted."""
    n, amount = db.execute_sql(
        f"SELECT COUNT(*), TOTAL(amount) FROM award WHERE deleted = 0 AND {PENDING_SQL}"
        f" AND school_year IN ({', '.join('?' * len(school_years))})", school_years).fetchone()
    return int(n), int(amount)


def voucher_rows(db: Database, ranges: Ranges) -> list[tuple]:
    """(this period?, kind, item, month, count, amount) of the posted vouchers, by posting date; a reversal
    is a posted voucher with a negative amount, so sums are net of reversals; void vouchers are left out."""
    cur = db.execute_sql(
        "SELECT posting_date >= ?, kind, item, CAST(substr(posting_date, 6, 2) AS INTEGER), COUNT(*),"
        " TOTAL(amount) FROM voucher"
        " WHERE status = 'posted' AND ((posting_date BETWEEN ? AND ?) OR (posting_date BETWEEN ? AND ?))"
        " GROUP BY 1, 2, 3, 4",
        ranges,
    )
    return [(*row[:5], int(row[5])) for row in cur.fetchall()]


def class_rows(db: Database, ranges: Ranges) -> list[tuple]:
    """(this period?, field, count, learners, women, minority) of the classes not deleted, by their start date,
    else their end date (classes with neither are in no period)."""
    cur = db.execute_sql(
        "SELECT d >= ?, field, COUNT(*), IFNULL(SUM(learners), 0), IFNULL(SUM(women), 0), IFNULL(SUM(minority), 0)"
        f" FROM (SELECT {CLASS_DATE} AS d, field, learners, women, minority FROM learning_class WHERE deleted = 0)"
        " WHERE (d BETWEEN ? AND ?) OR (d BETWEEN ? AND ?) GROUP BY 1, 2",
        ranges,
    )
    return cur.fetchall()


def meetings_held(db: Database, ranges: Ranges) -> tuple[int, int]:
    """(this period, last year's) number of meetings not deleted, by the day they start."""
    rows = dict(db.execute_sql(
        f"SELECT d >= ?, COUNT(*) FROM (SELECT {MEETING_DATE} AS d FROM meeting WHERE deleted = 0)"
        " WHERE (d BETWEEN ? AND ?) OR (d BETWEEN ? AND ?) GROUP BY 1",
        ranges,
    ).fetchall())
    return int(rows.get(1, 0)), int(rows.get(0, 0))


__all__ = ["award_rows", "class_rows", "meetings_held", "pending", "voucher_rows"]
