"""The award figures of a period (home page, report), read from the covering indexes of migration 13.

An award counts as given on `GIVEN_ON_SQL` (docs/numbers.md). For an award with a decision date that
is the decision date, so those awards are one range of the index `award_given_by_decision` and the
table is never read. Only awards given without a decision date need `GIVEN_ON_SQL`'s payment and
approval lookups; they are one prefix of the same index (decision_date = ''), each then read from the
table. A file opened read-only before migration 13 has neither index: the same figures are then read
with a scan of the table.
"""

from __future__ import annotations

from .award_given import GIVEN_ON_SQL, GIVEN_SQL, PENDING_SQL

# One row per (this period?, category, level, school year, month, scholarship?): COUNT(*), TOTAL(amount).
_GROUPS = ("{d} >= ? AS which, category, level, school_year, CAST(substr({d}, 6, 2) AS INTEGER) AS m,"
           " (award_form = ? OR category = ?) AS hb, COUNT(*), TOTAL(amount)")
_IN_RANGES = "(({d} BETWEEN ? AND ?) OR ({d} BETWEEN ? AND ?))"

# Grouped in the index's own order (no sorting): a commune decides on few days, so there are few groups,
# which `given_groups` then sorts into periods, months and scholarships.
_WITH_DECISION = (
    "SELECT decision_date, category, level, school_year, award_form, COUNT(*), TOTAL(amount)"
    f" FROM award INDEXED BY award_given_by_decision WHERE deleted = 0 AND {GIVEN_SQL}"
    f" AND decision_date BETWEEN ? AND ? AND {_IN_RANGES.format(d='decision_date')}"
    " GROUP BY decision_date, category, level, school_year, award_form"
)
_WITHOUT_DECISION = (
    f"SELECT {_GROUPS.format(d='d')} FROM (SELECT {GIVEN_ON_SQL} AS d, category, level, school_year, award_form,"
    f" amount FROM award INDEXED BY award_given_by_decision WHERE deleted = 0 AND {GIVEN_SQL}"
    " AND decision_date = '')"
    f" WHERE {_IN_RANGES.format(d='d')} GROUP BY 1, 2, 3, 4, 5, 6"
)
# Without the index (an old file opened read-only): one scan. NOT INDEXED: every row is read anyway.
_SCAN = (
    f"SELECT {_GROUPS.format(d='d')} FROM (SELECT {GIVEN_ON_SQL} AS d, category, level, school_year, award_form,"
    " amount FROM award NOT INDEXED WHERE deleted = 0)"
    f" WHERE {_IN_RANGES.format(d='d')} GROUP BY 1, 2, 3, 4, 5, 6"
)

_PENDING = ("SELECT COUNT(*), TOTAL(amount) FROM award{hint} WHERE deleted = 0 AND {pending}"
            " AND school_year IN ({marks})")


def _missing_index(exc: Exception) -> bool:
    # sqlite3's OperationalError, or peewee's wrapping of it
    return "no such index" in str(exc)


def given_groups(db, earlier: tuple[str, str], later: tuple[str, str], scholarship: str) -> list[tuple]:
    """Awards given in two date ranges (ISO dates, first to last day; `earlier` ends before `later`
    starts): rows (in `later`?, category, level, school year, month, scholarship?, count, amount), where
    scholarship? is award_form or category equal to `scholarship`. A group may come in two rows (with
    and without a decision date): add them up."""
    ranges = (*earlier, *later)
    head = (later[0], scholarship, scholarship)
    try:
        decided = db.execute_sql(_WITH_DECISION, (earlier[0], later[1], *ranges)).fetchall()
        rows = [(day >= later[0], category, level, school_year, int(day[5:7]),
                 form == scholarship or category == scholarship, n, amount)
                for day, category, level, school_year, form, n, amount in decided]
        return rows + db.execute_sql(_WITHOUT_DECISION, (*head, *ranges)).fetchall()
    except Exception as exc:  # noqa: BLE001 - re-raised unless the index is missing
        if not _missing_index(exc):
            raise
        return db.execute_sql(_SCAN, (*head, *ranges)).fetchall()


def pending_totals(db, school_years: list[str]) -> tuple[int, int]:
    """Drafts (chờ duyệt) of `school_years`: (count, amount)."""
    marks = ", ".join("?" * len(school_years))
    try:
        n, amount = db.execute_sql(_PENDING.format(hint=" INDEXED BY award_draft_by_year", pending=PENDING_SQL,
                                                   marks=marks), school_years).fetchone()
    except Exception as exc:  # noqa: BLE001 - re-raised unless the index is missing
        if not _missing_index(exc):
            raise
        n, amount = db.execute_sql(_PENDING.format(hint="", pending=PENDING_SQL, marks=marks),
                                   school_years).fetchone()
    return int(n), int(amount)
