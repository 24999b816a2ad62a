"""The province's figures over every commune (`aggregates`), its `summary` sections and its Excel and
PDF exports."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from ...domain.awards import GIVEN_STATUSES, PENDING_STATUS
from ...domain.learning_models import CITIZEN_TITLE, add_figures, rates_of, year_figures
from ...domain.members import UNIT_KINDS
from ...domain.population import PopulationLine, percent_of, population_for, total_of
from ...domain.periods import figures_day, period_of
from ...storage.engines import snapshot
from ...storage.province import communes as commune_store
from ...storage.province import figures as figure_store
from ...storage.province import learning as learning_store
from ...storage.province import members as member_store
from ...storage.province import totals as totals_store
from ...vietnamese import format_share
from ..summary import DuesSummary, MemberSummary, section
from .gaps import format_gaps
from .unit_changes import UnitChanges
from .results import ProvinceTotals

NO_VALUE = "(không ghi)"
FUND_BOOK_NAME = "Quỹ khuyến học các xã (tiền mặt và tiền gửi)"
_FUND_KEYS = ("opening", "receipts", "payments", "balance", "vouchers")
PROVINCE_ROW = "Toàn tỉnh"
LEARNING_SHEET = "Xã hội học tập"
# (header, key, kind) of the learning models' table: the page's, the xlsx sheet's and the PDF section's
LEARNING_COLUMNS = (("Mã xã", "code", "text"), ("Tên xã", "name", "text"), ("Mô hình", "model", "text"),
                    ("Tổng số", "total", "int"), ("Đăng ký", "registered", "int"),
                    ("Được công nhận", "recognised", "int"), ("Tỷ lệ công nhận (%)", "percent", "text"),
                    ("Chỉ tiêu (%)", "target", "text"), ("So với chỉ tiêu", "verdict", "text"))
_VERDICTS = {True: "Đạt", False: "Chưa đạt", None: ""}


def _money() -> dict[str, int]:
    return {"count": 0, "amount": 0}


def _add(slot: dict, **values: int) -> None:
    for k, v in values.items():
        slot[k] += v


def _blank_commune(year: int) -> dict[str, Any]:
    return {"name": "", "awards": {"count": 0, "amount": 0, "pending": _money()},
            "classes": {"count": 0, "learners": 0, "women": 0, "minority": 0},
            "fund": dict.fromkeys(_FUND_KEYS, 0), "members": _blank_members(),
            "learning_models": year_figures(year, {}, (0, 0))}


def _blank_members() -> dict[str, Any]:
    """A commune's `members` section with nothing counted: the summary's shape (`MemberSummary`). What is
    due is null at the province: it follows from the commune's rates, which stay in its file."""
    return asdict(MemberSummary(units=dict.fromkeys(UNIT_KINDS, 0), dues=DuesSummary(due=None)))


def _window(school_year: str | None) -> tuple[str, str]:
    """A school year runs 1 September – 31 August; without one, every date."""
    first, last = period_of(school_year)
    return first.isoformat(), last.isoformat()


class Aggregates(UnitChanges):
    def aggregates(self, school_year: str | None = None) -> ProvinceTotals:
        """Totals by commune and for the province, as a commune's summary counts them (docs/numbers.md):
        awards given are the approved and paid ones, drafts apart as pending; classes and learners by
        field; the fund's opening balance, receipts and payments (voids excluded, reversals net) and
        balance = opening + receipts − payments.

        Every query reads one state of the store (`snapshot`): totals asked while another staff member
        imports count that package entirely or not at all."""
        with snapshot(self.db):
            return self._aggregates(school_year)

    def _aggregates(self, school_year: str | None) -> ProvinceTotals:
        db = self.db
        names = commune_store.names(db)
        # the year of the learning models (as the population's and the dues'): the period's end, today at the latest
        year = figures_day(school_year, self.ws.clock.today()).year
        by_commune: dict[str, dict] = {c: _blank_commune(year) for c in names}

        def commune(code: str) -> dict:
            found = by_commune.get(code)
            if found is None:
                found = by_commune[code] = _blank_commune(year)
            return found

        awards = {"count": 0, "amount": 0, "pending": _money()}
        dims: dict[str, dict] = {"by_category": {}, "by_level": {}, "by_school_year": {}, "by_funding_source": {}}
        by_status: dict[str, dict] = {}
        for code, status, n, amount in totals_store.awards_by_status(db, school_year):
            _add(by_status.setdefault(status or NO_VALUE, _money()), count=n, amount=amount)
            if status == PENDING_STATUS:
                for pending in (commune(code)["awards"]["pending"], awards["pending"]):
                    _add(pending, count=n, amount=amount)
        given = totals_store.awards_given(db, school_year, GIVEN_STATUSES)
        for code, n, amount in given["commune_code"]:
            for target in (commune(code)["awards"], awards):
                _add(target, count=n, amount=amount)
        for dim, column in (("by_school_year", "school_year"), ("by_category", "category"), ("by_level", "level"),
                            ("by_funding_source", "funding_source")):
            for key, n, amount in given[column]:
                _add(dims[dim].setdefault(key or NO_VALUE, _money()), count=n, amount=amount)
        # the keys in the order of a commune's summary
        for key in ("by_category", "by_level", "by_school_year"):
            awards[key] = dict(sorted(dims[key].items()))
        awards["by_status"] = dict(sorted(by_status.items()))
        awards["by_funding_source"] = dict(sorted(dims["by_funding_source"].items()))

        classes = {"count": 0, "learners": 0, "women": 0, "minority": 0}
        by_field: dict[str, dict] = {}
        for code, fld, n, learners, women, minority in totals_store.classes_by_field(db, school_year):
            slot = by_field.setdefault(fld or NO_VALUE, {"count": 0, "learners": 0, "women": 0, "minority": 0})
            for target in (commune(code)["classes"], slot, classes):
                _add(target, count=n, learners=learners, women=women, minority=minority)
        classes["by_field"] = dict(sorted(by_field.items()))

        self._fund_by_commune(school_year, commune)
        self._members_by_commune(school_year, commune)
        self._learning_by_commune(year, commune)
        fund: dict[str, Any] = dict.fromkeys(_FUND_KEYS, 0)
        for code, c in by_commune.items():
            c["name"] = names.get(code, "")
            _add(fund, **c["fund"])
        fund["books"] = [{"book": "fund", "account": None, "name": FUND_BOOK_NAME, **fund}]

        members = _blank_members()
        for c in by_commune.values():
            for key in ("count", "new", "left"):
                members[key] += c["members"][key]
            for kind, n in c["members"]["units"].items():
                members["units"][kind] = members["units"].get(kind, 0) + n
            for key in ("collected", "submitted"):
                members["dues"][key] += c["members"]["dues"][key]
        # The province's share of its population: only when every commune has a population, else a part
        # of the members would be counted against a part of the people.
        populations = [c["members"]["population"] for c in by_commune.values()]
        if populations and None not in populations:
            members["population"] = sum(populations)
            members["percent_of_population"] = percent_of(members["count"], members["population"])

        learning = year_figures(year, {}, (0, 0))
        for c in by_commune.values():
            add_figures(learning, c["learning_models"])

        ledger = {c.code: {"last_seq": c.last_seq, "last_imported_at": c.last_imported_at, "gaps": c.gaps}
                  for c in self.communes()}
        return ProvinceTotals(school_year=school_year, communes=len(names), awards=awards, classes=classes,
                              fund=fund, by_commune=dict(sorted(by_commune.items())), ledger=ledger,
                              members=members, learning_models=learning)

    # -- members and units (schema 16) -------------------------------------------------------------
    def _members_by_commune(self, school_year: str | None, commune) -> None:
        """Each commune's `members` as its own summary counts them (services.summary.member_summary):
        on the register at the period's end (today at the latest), joined and left within it, active
        units by kind (the province's are their sums)."""
        if not self.db.table_exists("prov_member"):  # a province file read before its upgrade
            return
        db = self.db
        date_from, date_to = period_of(school_year)
        end = min(date_to, self.ws.clock.today())
        for key, found in (("count", member_store.active_by_commune(db, end)),
                           ("new", member_store.joined_by_commune(db, date_from, date_to)),
                           ("left", member_store.left_by_commune(db, date_from, date_to))):
            for code, n in found.items():
                commune(code)["members"][key] = n
        for code, kind, n in member_store.units_by_commune(db):
            units = commune(code)["members"]["units"]
            units[kind] = units.get(kind, 0) + n
        self._figures_by_commune(end.year, commune)

    # -- dues and population (schema 17) -----------------------------------------------------------
    def _figures_by_commune(self, year: int, commune) -> None:
        """Each commune's population against which `year` is measured, its members' share of it and the
        dues of `year` collected and sent upward, as its own summary counts them
        (services.summary.member_summary: the calendar year of the period's end)."""
        if not self.db.table_exists("prov_population"):  # a province file read before its upgrade
            return
        db = self.db
        lines: dict[str, dict[int, list[PopulationLine]]] = {}
        for code, y, village, people, households, adults in figure_store.population_lines(db, year):
            lines.setdefault(code, {}).setdefault(y, []).append(PopulationLine(village, people, households, adults))
        for code, years in lines.items():
            members = commune(code)["members"]
            _, members["population"] = population_for(year, {y: total_of(ls) for y, ls in years.items()})
            members["percent_of_population"] = percent_of(members["count"], members["population"])
        for key, found in (("collected", figure_store.collected_by_commune(db, year)),
                           ("submitted", figure_store.submitted_by_commune(db, year))):
            for code, amount in found.items():
                commune(code)["members"]["dues"][key] = amount

    # -- learning models (schema 21) ----------------------------------------------------------------------
    def _learning_by_commune(self, year: int, commune) -> None:
        """Each commune's `learning_models` of `year` as its own summary counts them
        (LearningModelService.year_figures: the subjects on the list, registered and recognised that year by
        model; Công dân học tập summed over the target groups), in the same shape (domain.learning_models)."""
        if not self.db.table_exists("prov_learning_subject"):  # a province file read before its upgrade
            return
        db = self.db
        counts: dict[str, dict[str, list[int]]] = {}
        for code, kind, n in learning_store.subjects_by_commune(db):
            counts.setdefault(code, {}).setdefault(kind, [0, 0, 0])[0] = n
        for code, kind, registered, recognised in learning_store.year_by_commune(db, year):
            slot = counts.setdefault(code, {}).setdefault(kind, [0, 0, 0])
            slot[1], slot[2] = registered, recognised
        citizens = learning_store.citizens_by_commune(db, year)
        for code in counts.keys() | citizens.keys():
            commune(code)["learning_models"] = year_figures(
                year, {kind: tuple(v) for kind, v in counts.get(code, {}).items()}, citizens.get(code, (0, 0)))

    def _fund_by_commune(self, school_year: str | None, commune) -> None:
        """Each commune's fund, as its own summary: the opening balance of the cash book (its earliest
        `fund_opening`) and of each bank account count from 1 January of their year; opening = those
        balances + every phiếu before the period; balance = opening + receipts − payments."""
        db = self.db
        d_from, d_to = _window(school_year)
        in_force = (lambda yr: d_to >= f"{yr:04d}-01-01")
        openings: dict[str, int] = {}
        seen: set[str] = set()
        for code, yr, amount in totals_store.fund_openings(db):  # by year: the first one counts
            if code in seen or not (isinstance(yr, int) and isinstance(amount, int)):
                continue
            seen.add(code)
            if in_force(yr):
                openings[code] = amount
        for code, yr, amount in totals_store.bank_openings(db):
            if isinstance(yr, int) and isinstance(amount, int) and in_force(yr):
                openings[code] = openings.get(code, 0) + amount
        for code, amount in openings.items():
            f = commune(code)["fund"]
            f["opening"] = f["balance"] = amount
        for code, receipts, payments, count, before in totals_store.vouchers(db, d_from, d_to):
            f = commune(code)["fund"]
            f["opening"] = openings.get(code, 0) + before
            f.update(receipts=receipts, payments=payments, vouchers=count,
                     balance=f["opening"] + receipts - payments)

    def learning_rows(self, agg: ProvinceTotals) -> list[dict[str, Any]]:
        """The learning models by commune and model, then the province's rows (`LEARNING_COLUMNS`; `province`
        is true on the province's): on the list, registered, recognised, the recognised rate against the target
        (`domain.learning_models.ModelRate`) — the province file's own targets ("Chỉ tiêu, bộ tiêu chí", QĐ 387 by
        default), the same for every commune; Công dân học tập has no list, so no rate."""
        targets = self.ws.learning.settings()["targets"]
        blocks = [(code, c["name"], c["learning_models"]) for code, c in agg.by_commune.items()]
        rows = []
        for code, name, block in (*blocks, ("", PROVINCE_ROW, agg.learning_models)):
            whole = {"province": not code}  # the province's rows (bold in the page and the PDF)
            for rate in rates_of(block, targets):
                rows.append({**whole, "code": code, "name": name, "model": rate.title, "total": rate.total,
                             "registered": rate.registered, "recognised": rate.recognised,
                             "percent": format_share(rate.percent), "target": format_share(rate.target),
                             "verdict": _VERDICTS[rate.meets_target]})
            rows.append({**whole, "code": code, "name": name, "model": CITIZEN_TITLE, "total": None,
                         "registered": block["citizen"]["registered"], "recognised": block["citizen"]["recognised"],
                         "percent": "", "target": "", "verdict": ""})
        return rows

    def school_years(self) -> list[str]:
        """The school years the communes' awards carry (the page's choice of year)."""
        return totals_store.school_years(self.db)

    def summary_totals(self, school_year: str | None = None) -> ProvinceTotals:
        """`aggregates`, computed once for the four sections of one `summary` (the file unchanged since)."""
        key = (school_year, totals_store.change_marker(self.db))
        cached = getattr(self, "_summary_cache", None)
        if cached is None or cached[0] != key:
            cached = self._summary_cache = (key, self.aggregates(school_year))
        return cached[1]

    # == exports ===================================================================================
    def _tables(self, agg: ProvinceTotals) -> list[tuple[str, list[tuple[str, str, str]], list[dict]]]:
        """(sheet name, columns (header, key, kind), rows) for the xlsx and PDF exports."""
        ledger = agg.ledger
        communes = [{
            "code": code, "name": c["name"], "last_seq": (ledger.get(code) or {}).get("last_seq") or 0,
            "gaps": format_gaps((ledger.get(code) or {}).get("gaps") or []),
            "awards": c["awards"]["count"], "award_amount": c["awards"]["amount"],
            "classes": c["classes"]["count"], "learners": c["classes"]["learners"],
            "receipts": c["fund"]["receipts"], "payments": c["fund"]["payments"], "balance": c["fund"]["balance"],
        } for code, c in agg.by_commune.items()]
        commune_cols = [("Mã xã", "code", "text"), ("Tên xã", "name", "text"), ("Gói cuối", "last_seq", "int"),
                        ("Thiếu gói", "gaps", "text"), ("Số khen thưởng", "awards", "int"),
                        ("Tiền khen thưởng", "award_amount", "money"), ("Số lớp", "classes", "int"),
                        ("Lượt người học", "learners", "int"), ("Thu", "receipts", "money"),
                        ("Chi", "payments", "money"), ("Tồn quỹ", "balance", "money")]
        out = [("Theo xã", commune_cols, communes)]
        for dim, title in (("by_school_year", "Năm học"), ("by_category", "Loại khen thưởng"),
                           ("by_level", "Cấp"), ("by_funding_source", "Đơn vị phối hợp")):
            rows = [{"key": k, "count": v["count"], "amount": v["amount"]} for k, v in agg.awards[dim].items()]
            out.append((f"Khen thưởng theo {title.lower()}", [(title, "key", "text"), ("Số lượt", "count", "int"),
                                                               ("Số tiền", "amount", "money")], rows))
        rows = [{"key": k, **v} for k, v in agg.classes["by_field"].items()]
        out.append(("Lớp học theo lĩnh vực", [("Lĩnh vực", "key", "text"), ("Số lớp", "count", "int"),
                                              ("Lượt người học", "learners", "int"), ("Nữ", "women", "int"),
                                              ("Dân tộc thiểu số", "minority", "int")], rows))
        out.append((f"{LEARNING_SHEET} năm {agg.learning_models['year']}", list(LEARNING_COLUMNS),
                    self.learning_rows(agg)))
        return out

    def _grouped(self, school_year: str | None, by: str) -> ProvinceTotals:
        """The aggregates, `by_commune` by old commune as received or (`by="new"`) by new commune."""
        agg = self.aggregates(school_year)
        if by == "new":
            agg = replace(agg, by_commune=self.by_new_commune(agg.by_commune))
        return agg

    def export_xlsx(self, path: str | Path, school_year: str | None = None, by: str = "old") -> Path:
        from ...excel.writer import Column, SheetSpec, write_workbook

        agg = self._grouped(school_year, by)
        sheets = []
        for name, cols, rows in self._tables(agg):
            columns = [Column(h, k, kind=kind) for h, k, kind in cols]
            int_totals = {k: sum(r.get(k) or 0 for r in rows) for _, k, kind in cols if kind == "int" and k != "last_seq"}
            totals = {**int_totals, **{k: sum(r.get(k) or 0 for r in rows) for _, k, kind in cols if kind == "money"}}
            if name.startswith(LEARNING_SHEET):  # its "Toàn tỉnh" rows are the totals, per model
                totals = False
            sheets.append(SheetSpec(title=f"TỔNG HỢP KHUYẾN HỌC — {name.upper()}", columns=columns, rows=rows,
                                    sheet_name=name, subtitle=f"Năm học {school_year}" if school_year else "",
                                    totals=totals))
        return write_workbook(path, sheets)

    def export_pdf(self, path: str | Path, school_year: str | None = None, by: str = "old") -> Path:
        from ...domain.printables import ProvinceSummaryData, ProvinceTable
        from ...pdf.province_summary import render_province_summary

        tables = tuple(ProvinceTable(name, tuple(cols), tuple(rows),
                                     tuple(i for i, r in enumerate(rows) if r.get("province")))
                       for name, cols, rows in self._tables(self._grouped(school_year, by)))
        render_province_summary(ProvinceSummaryData(tables, school_year or "",
                                                    self.ws.organisation.committee_name or ""), path)
        return Path(path)


# A province file has no records of its own: its summary has the sections of a commune's, over every
# commune, and `by_commune` with the same figures per commune.
def _section(name: str):
    def totals(ws, school_year: str | None = None) -> dict:
        return getattr(ws.province.summary_totals(school_year), name)

    totals.__name__ = f"province_{name}"
    return totals


for _name in ("awards", "classes", "fund", "members", "learning_models", "by_commune"):
    section(_name, roles=("province",))(_section(_name))
