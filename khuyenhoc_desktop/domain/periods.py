"""Periods the association counts by."""

from __future__ import annotations

from datetime import date


def school_year_window(school_year: str) -> tuple[date, date]:
    """First and last day of a school year "2025-2026": 1 September 2025 – 31 August 2026."""
    start = int(school_year[:4])
    return date(start, 9, 1), date(start + 1, 8, 31)
