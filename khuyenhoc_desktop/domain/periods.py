"""Periods the association counts by."""

from __future__ import annotations

from datetime import date


def school_year_window(school_year: str) -> tuple[date, date]:
    """First and last day of a school year "2025-2026": 1 September 2025 – 31 August 2026."""
    start = int(school_year[:4])
    return date(start, 9, 1), date(start + 1, 8, 31)


# Every date a record can carry: the period of a figure asked for without a school year.
ALL_DATES = (date(1900, 1, 1), date(9999, 12, 31))


def period_of(school_year: str | None) -> tuple[date, date]:
    """The school year's window, or every date when none is given."""
    return school_year_window(school_year) if school_year else ALL_DATES


def figures_day(school_year: str | None, today: date) -> date:
    """The day a period's standing figures are counted on: its last day, today at the latest. Its calendar year
    is the year of the summary's population, dues and learning models (docs/numbers.md)."""
    return min(period_of(school_year)[1], today)
