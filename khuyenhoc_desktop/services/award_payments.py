"""Chi trả khen thưởng: which awards can be paid and to whom the money is handed by default."""

from __future__ import annotations

from typing import Sequence

from ..domain.awards import Award, AwardFilter


def payable_awards(ws, school_year: str, school: str = "") -> list[Award]:
    """Approved awards of the school year (of one school, or all) that carry money, in list order."""
    flt = AwardFilter(school_year=school_year, status="approved", school=school)
    return [a for a in ws.awards.fetch(ws.awards.uuids(flt)) if a.amount > 0]


def first_year_to_pay(ws, years: Sequence[str]) -> int | None:
    """The position in `years` (newest first) of the first school year with approved awards, or None."""
    for i, year in enumerate(years):
        if ws.awards.count_and_total(AwardFilter(school_year=year, status="approved")).count:
            return i
    return None


def default_payee(ws, typed: str) -> str:
    """Who receives the money to hand out at the ceremony: the name typed, else the association's chair."""
    return typed.strip() or ws.organisation.chair or ""
