"""The national summary: the same shape as a commune's and a province's (`khuyenhoc summary`,
docs/cli.md), with `by_province` (each province's own totals, as its package gave them) and `by_commune`
(every commune's block, with the province it belongs to).

Nothing is counted again: the figures are the provinces' own (their `summary`), held as they signed them.
The national totals are their sums — counts and amounts added, breakdowns added key by key, the
learning models by `domain.learning_models.add_figures`, the population only when every province has one
(as the province does over its communes), and its share by `domain.population.percent_of`.
A period a province's package does not carry counts nothing for it; it is listed in `missing_provinces`.
The learning models are of the year the period ends in, capped at the day the province exported: a province
whose block is of another year (it exported in an earlier calendar year) is left out of their sum.
"""

from __future__ import annotations

import json
from typing import Any

from ...domain.learning_models import add_figures, year_figures
from ...domain.members import UNIT_KINDS
from ...domain.periods import figures_day, period_of
from ...domain.population import percent_of
from ...storage import national as store
from ..summary import section

FUND_BOOK_NAME = "Quỹ khuyến học các tỉnh (tiền mặt và tiền gửi)"
# The keys in the order a province's `summary` prints them (a package's JSON is canonical: keys sorted).
_KEY_ORDER = {k: i for i, k in enumerate((
    "name", "province_code", "awards", "classes", "fund", "members", "learning_models", "year", "count", "amount",
    "learners", "women", "minority", "pending", "by_category", "by_level", "by_school_year", "by_status",
    "by_funding_source", "by_field", "opening", "receipts", "payments", "balance", "vouchers", "books", "book",
    "account", "new", "left", "units", "chi_hoi", "ban_khuyen_hoc", "to_hoi", "population", "percent_of_population",
    "dues", "due", "collected", "submitted", "family", "clan", "community", "unit", "citizen", "total", "registered",
    "recognised"))}
_FUND_KEYS = ("opening", "receipts", "payments", "balance", "vouchers")


def _add_numbers(into: dict, other: dict) -> None:
    """Add every whole number of `other` into `into`, key by key, nested dicts too (new keys copied)."""
    for key, value in other.items():
        if isinstance(value, dict):
            _add_numbers(into.setdefault(key, {}), value)
        elif type(value) is int:
            into[key] = into.get(key, 0) + value


def _in_summary_order(value):
    """`value` with the summary's keys in the summary's order; other keys (categories, fields) as they were."""
    if isinstance(value, list):
        return [_in_summary_order(v) for v in value]
    if not isinstance(value, dict):
        return value
    known = sorted((k for k in value if k in _KEY_ORDER), key=_KEY_ORDER.__getitem__)
    return {k: _in_summary_order(value[k]) for k in (*known, *(k for k in value if k not in _KEY_ORDER))}


def _sorted(block: dict) -> dict:
    return {k: dict(sorted(v.items())) if isinstance(v, dict) and k.startswith("by_") else v for k, v in block.items()}


def _blank(year: int) -> dict[str, Any]:
    return {
        "awards": {"count": 0, "amount": 0, "pending": {"count": 0, "amount": 0}, "by_category": {}, "by_level": {},
                   "by_school_year": {}, "by_status": {}, "by_funding_source": {}},
        "classes": {"count": 0, "learners": 0, "women": 0, "minority": 0, "by_field": {}},
        "fund": dict.fromkeys(_FUND_KEYS, 0),
        "members": {"count": 0, "new": 0, "left": 0, "units": dict.fromkeys(UNIT_KINDS, 0), "population": None,
                    "percent_of_population": None, "dues": {"due": None, "collected": 0, "submitted": 0}},
        "learning_models": year_figures(year, {}, (0, 0)),
    }


def national_summary(ws, school_year: str | None = None) -> dict:
    if school_year:
        period_of(school_year)  # a malformed school year: the summary's own refusal
    period = school_year or ""
    by_province: dict[str, dict] = {}
    by_commune: dict[str, dict] = {}
    for province_code, commune_code, name, figures in store.figures_of_period(ws.db, period):
        block = json.loads(figures)
        if commune_code:
            by_commune[commune_code] = _in_summary_order({"name": name, "province_code": province_code, **block})
        else:
            by_province[province_code] = _in_summary_order({"name": name, **block})
    years = [p["learning_models"]["year"] for p in by_province.values() if isinstance(p.get("learning_models"), dict)]
    year = years[0] if years else figures_day(school_year, ws.clock.today()).year
    out = _blank(year)
    populations = []
    for p in by_province.values():
        _add_numbers(out["awards"], p["awards"])
        _add_numbers(out["classes"], p["classes"])
        for key in _FUND_KEYS:
            out["fund"][key] += p["fund"][key]
        members = p.get("members") or {}
        for key in ("count", "new", "left"):
            out["members"][key] += members.get(key, 0)
        _add_numbers(out["members"]["units"], members.get("units") or {})
        for key in ("collected", "submitted"):
            out["members"]["dues"][key] += (members.get("dues") or {}).get(key, 0)
        populations.append(members.get("population"))
        if isinstance(p.get("learning_models"), dict) and p["learning_models"].get("year") == year:
            add_figures(out["learning_models"], p["learning_models"])
    if populations and None not in populations:
        out["members"]["population"] = sum(populations)
        out["members"]["percent_of_population"] = percent_of(out["members"]["count"], out["members"]["population"])
    out["awards"] = _in_summary_order(_sorted(out["awards"]))
    out["classes"] = _in_summary_order(_sorted(out["classes"]))
    out["fund"]["books"] = [{"book": "fund", "account": None, "name": FUND_BOOK_NAME,
                             **{k: out["fund"][k] for k in _FUND_KEYS}}]
    registered = [r.code for r in store.provinces(ws.db)]
    out["by_province"] = dict(sorted(by_province.items()))
    out["by_commune"] = dict(sorted(by_commune.items()))
    out["missing_provinces"] = [code for code in registered if code not in by_province]
    return out


# A national store has no records of its own: its summary is the one `national` gives, whole.
@section("national", roles=("national",))
def _national(ws, school_year: str | None = None) -> dict:
    return ws.national.summary(school_year)
