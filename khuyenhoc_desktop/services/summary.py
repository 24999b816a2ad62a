"""Totals over the records that are not deleted (the `summary` command and the exports).

Other record kinds add their section with `@section(...)` in their own service module (a function
taking the workspace and the school year and returning a dict).
"""

from __future__ import annotations

from typing import Callable

# (name, kind of data file) → section: a province file has no records of its own, its sections of the
# same names count over every commune.
SECTIONS: dict[tuple[str, str], Callable] = {}


def section(name: str, roles: tuple[str, ...] = ("commune",)):
    def decorate(fn: Callable) -> Callable:
        for role in roles:
            SECTIONS[(name, role)] = fn
        return fn

    return decorate


@section("awards")
def award_totals(ws, school_year: str | None = None) -> dict:
    """Awards given (approved or paid, docs/numbers.md) with their breakdowns; drafts apart as "pending"
    (chờ duyệt); `by_status` has every status."""
    from ..storage.awards import GIVEN_SQL, PENDING_SQL

    db = ws.db
    where, params = "deleted = 0", []
    if school_year:
        where += " AND school_year = ?"
        params.append(school_year)
    given = f"{where} AND {GIVEN_SQL}"
    count, amount = db.execute_sql(f"SELECT COUNT(*), TOTAL(amount) FROM award WHERE {given}", params).fetchone()
    pending = db.execute_sql(f"SELECT COUNT(*), TOTAL(amount) FROM award WHERE {where} AND {PENDING_SQL}",
                             params).fetchone()

    def by(column: str, rows: str = given) -> dict:
        cur = db.execute_sql(
            f"SELECT {column}, COUNT(*), TOTAL(amount) FROM award WHERE {rows} GROUP BY {column} ORDER BY {column}",
            params,
        )
        return {(k or "(không ghi)"): {"count": c, "amount": int(a)} for k, c, a in cur}

    return {
        "count": count,
        "amount": int(amount),
        "pending": {"count": pending[0], "amount": int(pending[1])},
        "by_category": by("category"),
        "by_level": by("level"),
        "by_school_year": by("school_year"),
        "by_status": by("status", where),
    }


def summary(ws, school_year: str | None = None) -> dict:
    _load_sections()
    result = {}
    role = ws.datafile.role
    for (name, section_role), fn in SECTIONS.items():
        if section_role != role:
            continue
        value = fn(ws, school_year)
        if value is not None:
            result[name] = value
    return result


def _load_sections() -> None:
    # Importing a service module registers its section (imported here, not at the top: they import us).
    import importlib

    for name in ("classes", "fund", "province"):
        importlib.import_module(f"{__package__}.{name}")
