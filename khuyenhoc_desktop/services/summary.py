"""The summary of a data file (the `summary` command, its xlsx export): one shape for a commune file and a
province file, written down in docs/cli.md and docs/schemas/cli.schema.json ($defs/summary).

- `awards`: awards given (approved or paid, docs/numbers.md) with their breakdowns; drafts apart as
  `pending` (chờ duyệt); `by_status` has every status, drafts included.
- `classes`: số lớp/chuyên đề and lượt người học, nữ, dân tộc thiểu số as each class declares them (the
  figures the committee reports), not the learners named on a class's list.
- `fund`: opening, receipts, payments (net of reversals, voids excluded) and balance, per book and in
  total, with balance = opening + receipts − payments; with a school year, 1 September – 31 August.
- `members` (a commune file): members on the register at the period's end (`count`), joined (`new`) and
  left (`left`: chuyển đi, từ trần, thôi, by the day of that status) within it, and the active units by kind;
  the population of the calendar year the period ends in (capped at today) and `count` as a share of it,
  and that year's dues (due, collected, submitted; docs/numbers.md).
- `learning_models`: the learning models of the calendar year the period ends in (capped at today,
  `domain.periods.figures_day`): per model the subjects on the list (`total`), registered and recognised that
  year; Công dân học tập from the counts per target group (`domain.learning_models.year_figures`).
- A province file adds `by_commune` (the same sections for each commune); it has no records of
  its own, so its summary is the one its `province` section gives.

Deleted records count for nothing. With a school year, awards and classes are those of that school year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Callable

from ..domain.awards import GIVEN_STATUSES, PENDING_STATUS
from ..domain.periods import period_of

NO_VALUE = "(không ghi)"

# Sections a role adds beyond the commune's own (a province file: its aggregate over the communes).
SECTIONS: dict[str, Callable] = {}
SECTION_ROLES: dict[str, tuple[str, ...]] = {}


def section(name: str, roles: tuple[str, ...] = ("commune",)):
    def decorate(fn: Callable) -> Callable:
        SECTIONS[name] = fn
        SECTION_ROLES[name] = roles
        return fn

    return decorate


# == the shape =====================================================================================
@dataclass
class Tally:
    """Số suất and số tiền of a set of awards."""

    count: int = 0
    amount: int = 0

    def add(self, count: int, amount: int) -> None:
        self.count += count
        self.amount += amount


@dataclass
class AwardSummary(Tally):
    """The awards given (count, amount) with their breakdowns; drafts in `pending` and `by_status`."""

    pending: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_level: dict[str, Tally] = field(default_factory=dict)
    by_school_year: dict[str, Tally] = field(default_factory=dict)
    by_status: dict[str, Tally] = field(default_factory=dict)
    by_funding_source: dict[str, Tally] = field(default_factory=dict)


@dataclass
class ClassTally:
    """Số lớp and the learners they declare (lượt người học, of whom nữ and dân tộc thiểu số)."""

    count: int = 0
    learners: int = 0
    women: int = 0
    minority: int = 0


@dataclass
class ClassSummary(ClassTally):
    by_field: dict[str, ClassTally] = field(default_factory=dict)


@dataclass
class FundFigures:
    """Tồn đầu kỳ, thu, chi, tồn cuối kỳ (= opening + receipts − payments) and number of phiếu."""

    opening: int = 0
    receipts: int = 0
    payments: int = 0
    balance: int = 0
    vouchers: int = 0


@dataclass
class BookSummary(FundFigures):
    """One book of the fund: `cash` (sổ quỹ tiền mặt), `bank` (one account's book) or `fund` (a file
    read before its upgrade: the whole fund as one book)."""

    book: str = "cash"
    account: str | None = ""
    name: str = ""


@dataclass
class FundSummary(FundFigures):
    """The fund: the sums of its books."""

    books: list[BookSummary] = field(default_factory=list)


@dataclass
class DuesSummary:
    """Hội phí of the summary's year (docs/numbers.md): owed, collected (phiếu thu still counted) and sent
    upward (phiếu chi still counted)."""

    due: int | None = 0  # None at the province: it follows from the commune's rates, which stay in its file
    collected: int = 0
    submitted: int = 0


@dataclass
class MemberSummary:
    """Hội viên: on the register at the period's end, joined and left within it; active units by kind; the
    population of the period's year and the members' share of it; that year's dues."""

    count: int = 0
    new: int = 0
    left: int = 0
    units: dict[str, int] = field(default_factory=dict)
    population: int | None = None
    percent_of_population: float | None = None
    dues: DuesSummary = field(default_factory=DuesSummary)


@dataclass
class CommuneFigures:
    """One commune's sections in a province's summary (their breakdowns may be left empty)."""

    name: str
    awards: AwardSummary
    classes: ClassSummary
    fund: FundSummary


@dataclass
class Summary:
    awards: AwardSummary
    classes: ClassSummary
    fund: FundSummary
    by_commune: dict[str, CommuneFigures] | None = None  # a province file: commune code → its figures
    members: MemberSummary | None = None  # a commune file (members do not travel to the province yet)
    learning_models: dict | None = None  # a file of schema 18 or later (a province's: schema 21)
    by_origin: dict | None = None  # a commune file with old communes merged in: origin code → its figures

    def to_dict(self) -> dict:
        data = asdict(self)
        for optional in ("by_commune", "members", "learning_models", "by_origin"):
            if getattr(self, optional) is None:
                del data[optional]
        return data


# == a commune file ================================================================================
def award_summary(ws, school_year: str | None = None, origin: str | None = None) -> AwardSummary:
    from ..storage.summary import award_groups

    result = AwardSummary()
    breakdowns = (result.by_category, result.by_level, result.by_school_year, result.by_funding_source)
    for status, category, level, year, source, n, amount in award_groups(ws.db, school_year, origin):
        result.by_status.setdefault(status or NO_VALUE, Tally()).add(n, amount)
        if status == PENDING_STATUS:
            result.pending.add(n, amount)
        if status not in GIVEN_STATUSES:
            continue
        result.count += n
        result.amount += amount
        for by, key in zip(breakdowns, (category, level, year, source)):
            by.setdefault(key or NO_VALUE, Tally()).add(n, amount)
    for by in (*breakdowns, result.by_status):
        ordered = sorted(by.items())
        by.clear()
        by.update(ordered)
    return result


def class_summary(ws, school_year: str | None = None, origin: str | None = None) -> ClassSummary:
    result = ClassSummary()
    if not ws.db.table_exists("learning_class"):  # a file read before its upgrade
        return result
    for t in ws.classes.totals_by_field(school_year=school_year or "", origin=origin):
        result.by_field[t.key or NO_VALUE] = ClassTally(t.count, t.learners, t.women, t.minority)
        result.count += t.count
        result.learners += t.learners
        result.women += t.women
        result.minority += t.minority
    return result


def fund_summary(ws, school_year: str | None = None) -> FundSummary:
    if not ws.db.table_exists("voucher"):  # a file read before its upgrade
        return FundSummary()
    date_from, date_to = period_of(school_year)
    books = [BookSummary(**b) for b in ws.fund.book_totals(date_from, date_to)]
    totals = {f.name: sum(getattr(b, f.name) for b in books) for f in fields(FundFigures)}
    return FundSummary(**totals, books=books)


def member_summary(ws, school_year: str | None = None) -> MemberSummary:
    from ..domain.members import UNIT_KINDS
    from ..storage import members

    if not ws.db.table_exists("member"):  # a file read before its upgrade
        return MemberSummary(units={kind: 0 for kind in UNIT_KINDS})
    date_from, date_to = period_of(school_year)
    end = min(date_to, ws.clock.today())
    units = members.units_by_kind(ws.db)
    result = MemberSummary(count=members.active_count(ws.db, end),
                           new=members.joined_between(ws.db, date_from, date_to),
                           left=members.left_between(ws.db, date_from, date_to),
                           units={kind: units.get(kind, 0) for kind in UNIT_KINDS})
    if ws.db.table_exists("population"):  # migration 0015; the year: the calendar year of the period's end
        from ..domain.population import percent_of

        _, result.population = ws.population.population_for(end.year)
        result.percent_of_population = percent_of(result.count, result.population)
        figures = ws.dues.figures(end.year)
        result.dues = DuesSummary(figures.due, figures.collected, figures.submitted)
    return result


def learning_model_summary(ws, school_year: str | None = None) -> dict | None:
    """The `learning_models` block of the year the period ends in (today's year without a school year)."""
    from ..domain.periods import figures_day

    if not ws.db.table_exists("learning_subject"):  # a file read before its upgrade
        return None
    return ws.learning.year_figures(figures_day(school_year, ws.clock.today()).year)


def origin_summary(ws, school_year: str | None = None) -> dict | None:
    """`by_origin` of a file that old communes' files were merged into (services/merge): for the file's own
    records ("") and each old commune (its code), the awards given (by school year and category), the classes,
    the members on the register and the units, by the same rules as the totals (which are their sums); for an
    old commune also its books' closing balances handed over at the merger date (already in the totals'
    fund as the handover receipts). None for a file without merged communes."""
    from ..domain.members import UNIT_KINDS
    from ..storage import members
    from ..storage import merge as merge_store

    sources = merge_store.sources(ws.db)
    if not sources:
        return None
    _, date_to = period_of(school_year)
    end = min(date_to, ws.clock.today())
    result = {}
    for code, name, source in [("", ws.organisation.committee_name, None),
                               *((s["origin_code"], s["committee_name"], s) for s in sources)]:
        awards = award_summary(ws, school_year, code)
        classes = class_summary(ws, school_year, code)
        units = members.units_by_kind(ws.db, code)
        fund = None
        if source is not None:
            books = [{"book": b["book"], "name": b["name"], "balance": b["balance"],
                      "receipt_number": b.get("receipt_number", "")} for b in source["books"]]
            fund = {"merger_date": source["merger_date"], "balance": sum(b["balance"] for b in books), "books": books}
        result[code] = {"name": name,
                        "awards": {"count": awards.count, "amount": awards.amount,
                                   "by_school_year": asdict(awards)["by_school_year"],
                                   "by_category": asdict(awards)["by_category"]},
                        "classes": {"count": classes.count, "learners": classes.learners},
                        "members": {"count": members.active_count(ws.db, end, code),
                                    "units": {kind: units.get(kind, 0) for kind in UNIT_KINDS}},
                        "fund": fund}
    return result


def commune_summary(ws, school_year: str | None = None) -> Summary:
    return Summary(award_summary(ws, school_year), class_summary(ws, school_year), fund_summary(ws, school_year),
                   members=member_summary(ws, school_year), learning_models=learning_model_summary(ws, school_year),
                   by_origin=origin_summary(ws, school_year))


# == any file ======================================================================================
def summary(ws, school_year: str | None = None) -> dict:
    """The summary as JSON-ready data: a commune file's own, or what a role's sections give."""
    role = ws.datafile.role
    if role == "commune":
        return commune_summary(ws, school_year).to_dict()
    _load_sections()
    result = {}
    for name, fn in SECTIONS.items():
        if role in SECTION_ROLES.get(name, ()):
            value = fn(ws, school_year)
            value = value.to_dict() if hasattr(value, "to_dict") else value
            if _is_summary(value):
                return value  # the role's section gives the whole summary, in the commune's shape
            result[name] = value
    return result


def _is_summary(value) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), dict) for k in ("awards", "classes", "fund")) \
        and "count" in value["awards"]


def _load_sections() -> None:
    # Importing a service module registers its section (imported here, not at the top: it imports us).
    import importlib

    importlib.import_module(f"{__package__}.province")
    importlib.import_module(f"{__package__}.national.totals")


__all__ = ["AwardSummary", "BookSummary", "ClassSummary", "ClassTally", "CommuneFigures", "DuesSummary", "FundFigures", "FundSummary",
           "MemberSummary", "Summary", "Tally", "award_summary", "class_summary", "commune_summary", "fund_summary",
           "learning_model_summary", "member_summary", "origin_summary", "section", "summary"]
