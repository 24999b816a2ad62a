"""Totals over the records that are not deleted (the `summary` command and the dashboard).

Other record kinds add their section through `SECTIONS` (a function taking the workspace and the
school year and returning a dict), so this module does not need to know every kind.
"""

from __future__ import annotations

from typing import Callable

SECTIONS: dict[str, Callable] = {}


def section(name: str):
    def decorate(fn: Callable) -> Callable:
        SECTIONS[name] = fn
        return fn

    return decorate


@section("awards")
def award_totals(ws, school_year: str | None = None) -> dict:
    db = ws.db
    where, params = "deleted = 0", []
    if school_year:
        where += " AND school_year = ?"
        params.append(school_year)
    count, amount = db.execute_sql(f"SELECT COUNT(*), IFNULL(SUM(amount), 0) FROM award WHERE {where}", params).fetchone()

    def by(column: str) -> dict:
        cur = db.execute_sql(
            f"SELECT {column}, COUNT(*), IFNULL(SUM(amount), 0) FROM award WHERE {where} GROUP BY {column} ORDER BY {column}",
            params,
        )
        return {(k or "(không ghi)"): {"count": c, "amount": a} for k, c, a in cur}

    return {
        "count": count,
        "amount": amount,
        "by_category": by("category"),
        "by_level": by("level"),
        "by_school_year": by("school_year"),
        "by_status": by("status"),
    }


def summary(ws, school_year: str | None = None) -> dict:
    _load_sections()
    result = {}
    for name, fn in SECTIONS.items():
        value = fn(ws, school_year)
        if value is not None:
            result[name] = value
    return result


def _load_sections() -> None:
    # Importing a service module registers its section; a missing optional one is simply absent.
    import importlib

    for module in ("fund", "classes", "province"):
        try:
            importlib.import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise
