"""The province's side of the national roll-up: its figures by period and commune, signed as a `.khprov`
province package (sync/province_package.py) for the national hub.

The figures are the province's own `summary` (services.summary.summary: the same functions its page, its
`summary --json` and its exports use), one period at a time: "" (every date) and each school year the
communes' awards carry, or the school years asked for. Nothing is counted a second way here. With `detail`
each commune's block also carries the breakdowns the province's summary has for its whole (awards by status,
category, level, school year and funding source; classes by field), from the same storage queries the
province's totals are summed from (storage/province/totals.py).

The package numbers (`seq`, `prev_package_sha256`) are kept in the province's settings ("national_export"),
written in the same transaction that writes the file: a failed write leaves the number unused.
"""

from __future__ import annotations

from pathlib import Path

from ...domain.awards import GIVEN_STATUSES
from ...domain.periods import period_of
from ...storage import migrations
from ...storage import settings as settings_store
from ...storage.engines import snapshot
from ...storage.province import totals as totals_store
from ...sync.province_package import ProvincePackageInfo, write_province_package
from ..province import NO_VALUE, ProvinceError

EXPORT_SETTING = "national_export"
SECTIONS = ("awards", "classes", "fund", "members", "learning_models")
AWARD_BREAKDOWNS = ("by_category", "by_level", "by_school_year", "by_status", "by_funding_source")


def periods_of(ws, school_years: list[str] | None = None) -> list[str]:
    """"" (every date) then the school years: those asked for, else every one the communes' awards carry."""
    if school_years:
        for year in school_years:
            period_of(year)  # a malformed school year is refused here, with the summary's own message
        return ["", *sorted(dict.fromkeys(school_years))]
    return ["", *sorted(y for y in ws.province.school_years() if y)]


def _tally() -> dict[str, int]:
    return {"count": 0, "amount": 0}


def commune_details(db, school_year: str | None) -> dict[str, dict]:
    """commune code → {"awards": {by_…}, "classes": {"by_field"}}: the breakdowns of the province's summary,
    per commune (the same queries and the same "(không ghi)" for an empty key as services/province/aggregates)."""
    out: dict[str, dict] = {}

    def slot(code: str) -> dict:
        found = out.get(code)
        if found is None:
            found = out[code] = {"awards": {k: {} for k in AWARD_BREAKDOWNS}, "classes": {"by_field": {}}}
        return found

    for code, status, n, amount in totals_store.awards_by_status(db, school_year):
        t = slot(code)["awards"]["by_status"].setdefault(status or NO_VALUE, _tally())
        t["count"] += n
        t["amount"] += amount
    for code, sy, cat, lvl, src, n, amount in totals_store.awards_by_dimension(db, school_year, GIVEN_STATUSES):
        awards = slot(code)["awards"]
        for dim, key in (("by_school_year", sy), ("by_category", cat), ("by_level", lvl), ("by_funding_source", src)):
            t = awards[dim].setdefault(key or NO_VALUE, _tally())
            t["count"] += n
            t["amount"] += amount
    for code, fld, n, learners, women, minority in totals_store.classes_by_field(db, school_year):
        t = slot(code)["classes"]["by_field"].setdefault(
            fld or NO_VALUE, {"count": 0, "learners": 0, "women": 0, "minority": 0})
        for key, value in (("count", n), ("learners", learners), ("women", women), ("minority", minority)):
            t[key] += value
    for entry in out.values():
        for block in (entry["awards"], entry["classes"]):
            for key, value in block.items():
                block[key] = dict(sorted(value.items()))
    return out


def figure_lines(ws, periods: list[str], detail: bool) -> list[tuple[str, str, str, dict]]:
    """(period, commune code or "" for the province, name, figures) of every period, read in one snapshot."""
    from ..summary import summary

    profile = ws.province.profile()
    lines = []
    with snapshot(ws.db):
        for period in periods:
            whole = summary(ws, period or None)
            lines.append((period, "", profile.name, {k: whole[k] for k in SECTIONS}))
            details = commune_details(ws.db, period or None) if detail else {}
            for code, block in whole["by_commune"].items():
                figures = {k: block[k] for k in SECTIONS}
                extra = details.get(code)
                if detail:
                    figures["awards"] = {**figures["awards"],
                                         **(extra["awards"] if extra else {k: {} for k in AWARD_BREAKDOWNS})}
                    figures["classes"] = {**figures["classes"], "by_field": extra["classes"]["by_field"] if extra else {}}
                lines.append((period, code, block.get("name", ""), figures))
    return lines


def export_national(ws, out: str | Path, *, detail: bool = False,
                    school_years: list[str] | None = None) -> ProvincePackageInfo:
    """Write the province's signed package of figures for the national hub (see the module doc)."""
    province = ws.province
    province._require_province()
    profile = province.profile()
    if not profile.code:
        raise ProvinceError("Tỉnh chưa ghi mã tỉnh: hãy ghi bằng lệnh “khuyenhoc sync province-card --province-code "
                            "MÃ --province-name TÊN --out TỆP.khkey” (tệp khóa ấy là tệp Trung ương đăng ký).")
    if ws.datafile.read_only:
        raise ProvinceError("Kho dữ liệu của tỉnh đang mở chỉ để xem; hãy mở để ghi.")
    periods = periods_of(ws, school_years)
    sign, _ = province._keys()
    lines = figure_lines(ws, periods, detail)
    with ws.db.atomic():
        state = settings_store.get(ws.db, EXPORT_SETTING, {}) or {}
        seq = int(state.get("seq") or 0) + 1
        info = write_province_package(
            out, sign, province_code=profile.code, province_name=profile.name, seq=seq,
            prev_package_sha256=state.get("sha256"), schema_version=migrations.latest_version(), lines=lines,
            periods=periods, detail=detail)
        settings_store.put(ws.db, EXPORT_SETTING, {"seq": seq, "sha256": info.sha256, "created_at":
                                                   info.manifest["created_at"]})
    return info
