"""The statement behind `services.summary`: the award totals, grouped once."""

from __future__ import annotations

from peewee import Database


def award_groups(db: Database, school_year: str | None = None,
                 origin: str | None = None) -> list[tuple[str, str, str, str, str, int, int]]:
    """(status, category, level, school_year, funding_source, count, amount) of the awards not deleted,
    one row per combination: every breakdown of the summary is a sum over these rows (one scan of the table).
    `origin`: only the awards of one old commune merged in (its code), or the file's own ("")."""
    where, params = "deleted = 0", []
    if school_year:
        where += " AND school_year = ?"
        params.append(school_year)
    if origin is not None:
        where += " AND origin_code = ?"
        params.append(origin)
    cur = db.execute_sql(
        "SELECT status, category, level, school_year, funding_source, COUNT(*), TOTAL(amount) FROM award"
        f" WHERE {where} GROUP BY 1, 2, 3, 4, 5", params)
    # TOTAL(): a double, exact for every real book (see domain.limits); no integer overflow on old rows
    return [(s or "", c or "", lv or "", sy or "", f or "", int(n), int(a)) for s, c, lv, sy, f, n, a in cur]


__all__ = ["award_groups"]
