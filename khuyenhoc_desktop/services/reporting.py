"""Báo cáo sơ kết 6 tháng / tổng kết năm: the indicators this program holds for one
period, each next to the same period of the previous year.

Periods: "2026" (1/1–31/12), "2026-H1" (1/1–30/6, sơ kết 6 tháng đầu năm), "2026-H2" (1/7–31/12).

Which date puts a record into a period:

- award: only awards given count (approved or paid, never drafts), on the day they count as given: the
  decision date, else the day of the phiếu chi that paid it, else the day it was approved — one rule,
  `domain.awards.given_on` / `storage.award_given.GIVEN_ON_SQL`, written down in docs/numbers.md. Drafts are
  reported apart as "chờ duyệt": those of the school years the period overlaps. Deleted awards are left out.
  A scholarship (học bổng) is an award with award_form "Học bổng" or category "Học bổng".
- fund: the voucher's posting date; receipts and payments are net of reversals (a reversal is a posted
  phiếu with a negative amount), void phiếu count for nothing. Opening balance = tồn quỹ at the end of
  the day before the period; closing = tồn quỹ at the end of its last day (= opening + raised − spent
  once the book has started; the stored số dư đầu kỳ of the first year counts as the closing balance of
  the year before). The fund is the sum of its books — the cash book and each bank account's book —
  and `fund_books` gives each one's opening, receipts, payments and balance (opening + receipts −
  payments = balance, per book and period). The JSON uses the summary's names: opening, receipts,
  payments, balance (docs/cli.md).
- class: its start date, else its end date; classes with neither are not in any period.
- meeting: the day of its start (`start_at`).
- members (công tác tổ chức và phát triển hội): the summary's definitions (`storage.members.active_count` …,
  docs/numbers.md; in one scan, `storage.reporting.member_figures`) over the period: on the register at its end (today at the latest), joined (ngày vào hội)
  and left (the day of chuyển đi, từ trần, thôi) within it; units active now, founded by the period's end
  (or on a day not recorded). Population, % of population and dues are the summary's own figures for the
  school year that ends in the period's year, shown only when the summary gives them.
- learning models (xây dựng xã hội học tập): the year the period is in (a half-year report: its year so far),
  as the summary counts them (`LearningModelService.rates`): on the list, registered, recognised that year,
  the recognised share of the list against the year's target (a setting, QĐ 387 by default); Công dân học
  tập from the counts per target group. Next to the year before.

The statements are in `storage.reporting`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain.errors import FieldError, ValidationError
from ..domain.unit_kinds import UNIT_KINDS

# The statements (`storage.award_periods`, `storage.reporting`) load with the first figures computed, not with
# this module: the home page shows figures kept in the file (`home_report`) without them.

SCHOLARSHIP = "Học bổng"
NO_VALUE = "(không ghi)"

_PERIOD_RE = re.compile(r"^\s*(\d{4})(?:\s*-\s*[Hh]([12]))?\s*$")


# == periods =======================================================================================
@dataclass(frozen=True)
class Period:
    code: str  # "2026-H1" / "2026"
    year: int
    half: int  # 0 = whole year, 1 / 2 = first / second half
    start: date
    end: date

    @property
    def months(self) -> list[int]:
        return list(range(self.start.month, self.end.month + 1))

    @property
    def label(self) -> str:
        if self.half == 1:
            return f"6 tháng đầu năm {self.year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_label(self) -> str:
        return {1: f"6T đầu {self.year}", 2: f"6T cuối {self.year}"}.get(self.half, f"Năm {self.year}")

    @property
    def title(self) -> str:
        """The trích yếu of the report."""
        kind = "Tổng kết" if self.half == 0 else "Sơ kết"
        return f"{kind} công tác khuyến học {self.label}"

    def previous(self) -> "Period":
        return make_period(self.year - 1, self.half)

    @property
    def school_years(self) -> list[str]:
        """The school years (1 Sept – 31 Aug) this period overlaps: 2026 → 2025-2026 and 2026-2027."""
        first = self.start.year - 1 if self.start.month < 9 else self.start.year
        last = self.end.year - 1 if self.end.month < 9 else self.end.year
        return [f"{y}-{y + 1}" for y in range(first, last + 1)]


def make_period(year: int, half: int = 0) -> Period:
    if half == 1:
        start, end = date(year, 1, 1), date(year, 6, 30)
    elif half == 2:
        start, end = date(year, 7, 1), date(year, 12, 31)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    return Period(f"{year}-H{half}" if half else str(year), year, half, start, end)


def parse_period(text: str) -> Period:
    """ "2026-H1" → first half of 2026, "2026" → the year; anything else: ValidationError (Vietnamese)."""
    m = _PERIOD_RE.match(str(text or ""))
    if not m or not (1900 <= int(m.group(1)) <= 9998):
        raise ValidationError([FieldError(
            "period", f"Kỳ báo cáo không hợp lệ: “{text}”. Ghi năm (ví dụ 2026) hoặc 6 tháng đầu năm (ví dụ 2026-H1).")])
    return make_period(int(m.group(1)), int(m.group(2) or 0))


# == values ========================================================================================
@dataclass(frozen=True)
class Compare:
    """One indicator: this period, the same period last year, and the change."""

    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def percent(self) -> float | None:
        """Change in % of last year's value (one decimal); None when last year was 0."""
        if not self.previous:
            return None
        return round(self.change * 100 / abs(self.previous), 1)

    def to_dict(self) -> dict:
        return {"value": self.value, "previous": self.previous, "change": self.change, "percent": self.percent}


@dataclass(frozen=True)
class Figure:
    """An indicator that may be unknown (no population entered, no dues recorded): None, not 0."""

    value: int | float | None
    previous: int | float | None

    @property
    def change(self) -> int | float | None:
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        return round(change, 1) if isinstance(change, float) else change

    @property
    def percent(self) -> float | None:
        if self.change is None or not self.previous:
            return None
        return round(self.change * 100 / abs(self.previous), 1)

    def to_dict(self) -> dict:
        return {"value": self.value, "previous": self.previous, "change": self.change, "percent": self.percent}


DUES_KEYS = ("due", "collected", "submitted")


@dataclass(frozen=True)
class LearningCompare:
    """One learning model's year next to the year before; `percent` = recognised / total (%), `target` the
    year's target (%)."""

    kind: str
    title: str
    total: Compare
    registered: Compare
    recognised: Compare
    percent: Figure
    target: float | None

    def to_dict(self) -> dict:
        return {"total": self.total.to_dict(), "registered": self.registered.to_dict(),
                "recognised": self.recognised.to_dict(), "percent": self.percent.to_dict(), "target": self.target}


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown (by category, level, field, khoản mục …)."""

    name: str
    count: Compare
    amount: Compare  # money, or lượt người học for classes
    kind: str = ""  # fund items: "thu" / "chi"

    def to_dict(self) -> dict:
        d = {"name": self.name, "count": self.count.to_dict(), "amount": self.amount.to_dict()}
        if self.kind:
            d["kind"] = self.kind
        return d


@dataclass(frozen=True)
class MonthRow:
    month: int
    value: int
    previous: int

    def to_dict(self) -> dict:
        return {"month": self.month, "value": self.value, "previous": self.previous}


@dataclass(frozen=True)
class BookCompare:
    """One book of the fund (`cash`, `bank` or `fund`, as in the summary) over the period and last year's;
    balance = opening + receipts − payments."""

    book: str
    account: str | None
    name: str
    opening: Compare
    receipts: Compare
    payments: Compare
    balance: Compare

    def to_dict(self) -> dict:
        return {"book": self.book, "account": self.account, "name": self.name,
                **{k: getattr(self, k).to_dict() for k in ("opening", "receipts", "payments", "balance")}}


@dataclass(frozen=True)
class PeriodReport:
    period: Period
    previous_period: Period
    # khen thưởng
    awards_count: Compare
    awards_amount: Compare
    scholarships_count: Compare
    scholarships_amount: Compare
    awards_by_category: list[GroupRow]
    awards_by_level: list[GroupRow]
    awards_by_school_year: list[GroupRow]
    awards_amount_by_month: list[MonthRow]
    # quỹ
    fund_opening: Compare
    fund_raised: Compare
    fund_spent: Compare
    fund_closing: Compare
    fund_by_item: list[GroupRow]
    fund_balance_by_month: list[MonthRow]
    fund_books: list[BookCompare]
    # lớp học
    classes_count: Compare
    classes_learners: Compare
    classes_women: Compare
    classes_minority: Compare
    classes_by_field: list[GroupRow]
    # hội nghị, cuộc họp
    meetings_held: Compare
    organisation: dict = field(default_factory=dict)
    # drafts (chờ duyệt) of the school years the period overlaps: not given, so in no figure above
    awards_pending_count: Compare = Compare(0, 0)
    awards_pending_amount: Compare = Compare(0, 0)
    # công tác tổ chức và phát triển hội
    members_count: Compare = Compare(0, 0)
    members_new: Compare = Compare(0, 0)
    members_left: Compare = Compare(0, 0)
    units_by_kind: dict = field(default_factory=dict)  # kind → Compare, every kind of domain.members.UNIT_KINDS
    # when the summary's members give them (None: not known, the lines are left out)
    members_population: Figure | None = None
    members_percent_of_population: Figure | None = None
    members_dues: dict | None = None  # "due", "collected", "submitted" → Figure (đồng)
    members_on: date | None = None  # the day `members_count` is counted on: the period's end, today at the latest
    # xây dựng xã hội học tập (None: a file read before its upgrade)
    learning: tuple[LearningCompare, ...] | None = None
    citizens_registered: Compare = Compare(0, 0)
    citizens_recognised: Compare = Compare(0, 0)

    def indicators(self) -> list[tuple[str, str, str, Compare]]:
        """(section, label, unit, value) of the headline indicators, in report order."""
        return [
            ("Khen thưởng", "Số suất khen thưởng", "suất", self.awards_count),
            ("Khen thưởng", "Tổng số tiền khen thưởng", "đồng", self.awards_amount),
            ("Khen thưởng", "Số suất học bổng", "suất", self.scholarships_count),
            ("Khen thưởng", "Số tiền học bổng", "đồng", self.scholarships_amount),
            ("Khen thưởng", "Số suất chờ duyệt (chưa tính ở trên)", "suất", self.awards_pending_count),
            ("Quỹ khuyến học", "Tồn quỹ đầu kỳ", "đồng", self.fund_opening),
            ("Quỹ khuyến học", "Số tiền vận động (thu)", "đồng", self.fund_raised),
            ("Quỹ khuyến học", "Số tiền đã chi", "đồng", self.fund_spent),
            ("Quỹ khuyến học", "Tồn quỹ cuối kỳ", "đồng", self.fund_closing),
            *(("Quỹ khuyến học", f"Trong đó: {b.name.lower() if b.book == 'cash' else b.name}", "đồng", b.balance)
              for b in self.fund_books if len(self.fund_books) > 1),
            ("Lớp học cộng đồng", "Số lớp/chuyên đề", "lớp", self.classes_count),
            ("Lớp học cộng đồng", "Lượt người học", "lượt", self.classes_learners),
            ("Lớp học cộng đồng", "Trong đó: nữ", "lượt", self.classes_women),
            ("Lớp học cộng đồng", "Trong đó: dân tộc thiểu số", "lượt", self.classes_minority),
            ("Tổ chức hội", "Số hội viên (cuối kỳ)", "người", self.members_count),
            ("Tổ chức hội", "Hội viên mới kết nạp", "người", self.members_new),
            ("Tổ chức hội", "Hội viên ra khỏi hội", "người", self.members_left),
            *(("Tổ chức hội", f"Số {UNIT_KINDS[kind].lower()}", "đơn vị", c) for kind, c in self.units_by_kind.items()),
            *(("Tổ chức hội", label, unit, f) for label, unit, f in self.member_extra_lines()
              if isinstance(f.value, int) and isinstance(f.previous, int)),
            ("Hội họp", "Số cuộc họp đã tổ chức", "cuộc", self.meetings_held),
            *self.learning_lines(),
        ]

    def learning_lines(self) -> list[tuple[str, str, str, Compare]]:
        """The learning models' counts as indicators (their rates and targets are in `learning`)."""
        if self.learning is None:
            return []
        units = {"family": "hộ", "clan": "dòng họ", "community": "thôn", "unit": "đơn vị"}
        lines = []
        for m in self.learning:
            lines.append(("Xã hội học tập", f"{m.title}: đăng ký", units[m.kind], m.registered))
            lines.append(("Xã hội học tập", f"{m.title}: được công nhận", units[m.kind], m.recognised))
        lines.append(("Xã hội học tập", "Công dân học tập: đăng ký", "người", self.citizens_registered))
        lines.append(("Xã hội học tập", "Công dân học tập: được công nhận", "người", self.citizens_recognised))
        return lines

    def member_extra_lines(self) -> list[tuple[str, str, Figure]]:
        """(label, unit, figure) of the member figures the summary gave: population, % of it, dues."""
        lines = []
        if self.members_population is not None:
            lines.append(("Dân số", "người", self.members_population))
        if self.members_percent_of_population is not None:
            lines.append(("Tỷ lệ hội viên/dân số", "%", self.members_percent_of_population))
        for key, label in zip(DUES_KEYS, ("Hội phí phải thu", "Hội phí đã thu", "Hội phí đã nộp cấp trên")):
            figure = (self.members_dues or {}).get(key)
            if figure is not None:
                lines.append((label, "đồng", figure))
        return lines

    def to_dict(self) -> dict:
        def rows(items):
            return [r.to_dict() for r in items]

        data = self._to_dict(rows)
        if self.learning is not None:
            data["learning_models"] = {
                "year": self.period.year, **{m.kind: m.to_dict() for m in self.learning},
                "citizen": {"registered": self.citizens_registered.to_dict(),
                            "recognised": self.citizens_recognised.to_dict()}}
        return data

    def _to_dict(self, rows) -> dict:
        return {
            "period": self.period.code,
            "period_label": self.period.label,
            "title": self.period.title,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "previous_period": self.previous_period.code,
            "organisation": self.organisation,
            "awards": {
                "count": self.awards_count.to_dict(),
                "amount": self.awards_amount.to_dict(),
                "scholarships": {"count": self.scholarships_count.to_dict(),
                                 "amount": self.scholarships_amount.to_dict()},
                "by_category": rows(self.awards_by_category),
                "by_level": rows(self.awards_by_level),
                "by_school_year": rows(self.awards_by_school_year),
                "amount_by_month": rows(self.awards_amount_by_month),
                "pending": {"count": self.awards_pending_count.to_dict(),
                            "amount": self.awards_pending_amount.to_dict(),
                            "school_years": self.period.school_years},
            },
            "fund": {
                # the summary's names: tồn đầu kỳ, thu, chi, tồn cuối kỳ
                "opening": self.fund_opening.to_dict(),
                "receipts": self.fund_raised.to_dict(),
                "payments": self.fund_spent.to_dict(),
                "balance": self.fund_closing.to_dict(),
                "by_item": rows(self.fund_by_item),
                "balance_by_month": rows(self.fund_balance_by_month),
                "books": rows(self.fund_books),
            },
            "classes": {
                "count": self.classes_count.to_dict(),
                "learners": self.classes_learners.to_dict(),
                "women": self.classes_women.to_dict(),
                "minority": self.classes_minority.to_dict(),
                "by_field": rows(self.classes_by_field),
            },
            "meetings": {"held": self.meetings_held.to_dict()},
            "members": {
                "count": self.members_count.to_dict(),
                "new": self.members_new.to_dict(),
                "left": self.members_left.to_dict(),
                "units": {kind: c.to_dict() for kind, c in self.units_by_kind.items()},
                "population": self.members_population.to_dict() if self.members_population else None,
                "percent_of_population": (self.members_percent_of_population.to_dict()
                                          if self.members_percent_of_population else None),
                "dues": ({key: f.to_dict() for key, f in self.members_dues.items()}
                         if self.members_dues else None),
            },
        }


# == figures ======================================================================================
def _range_params(cur: Period, prev: Period) -> tuple:
    return (cur.start.isoformat(), prev.start.isoformat(), prev.end.isoformat(),
            cur.start.isoformat(), cur.end.isoformat())


def _groups(pairs: dict[str, list[int]], order: list[str] | None = None) -> list[GroupRow]:
    """pairs: name → [count_now, count_prev, amount_now, amount_prev]."""
    names = order or sorted(pairs, key=lambda n: (-pairs[n][2], -pairs[n][0], n))
    return [GroupRow(n, Compare(pairs[n][0], pairs[n][1]), Compare(pairs[n][2], pairs[n][3])) for n in names]


def _award_part(db, cur: Period, prev: Period) -> dict:
    from ..storage import award_periods

    # one pass over the covering index: group by (which period, category, level, school year, month, scholarship?)
    rows = award_periods.given_groups(db, (prev.start.isoformat(), prev.end.isoformat()),
                                      (cur.start.isoformat(), cur.end.isoformat()), SCHOLARSHIP)
    totals = [0, 0, 0, 0]
    hb = [0, 0, 0, 0]
    by_cat: dict[str, list[int]] = {}
    by_level: dict[str, list[int]] = {}
    by_year: dict[str, list[int]] = {}
    months: dict[int, list[int]] = {}
    for which, cat, level, sy, month, is_hb, n, amount in rows:
        amount = int(amount)  # TOTAL(): a double, exact for every real book (see domain.limits)
        i = 0 if which else 1
        for acc in (totals, by_cat.setdefault(cat or NO_VALUE, [0, 0, 0, 0]),
                    by_level.setdefault(level or NO_VALUE, [0, 0, 0, 0]),
                    by_year.setdefault(sy or NO_VALUE, [0, 0, 0, 0]),
                    months.setdefault(int(month or 0), [0, 0, 0, 0])):
            acc[i] += n
            acc[2 + i] += amount
        if is_hb:
            hb[i] += n
            hb[2 + i] += amount
    pending = [_pending(db, p) for p in (cur, prev)]
    return {
        "awards_pending_count": Compare(pending[0][0], pending[1][0]),
        "awards_pending_amount": Compare(pending[0][1], pending[1][1]),
        "awards_count": Compare(totals[0], totals[1]),
        "awards_amount": Compare(totals[2], totals[3]),
        "scholarships_count": Compare(hb[0], hb[1]),
        "scholarships_amount": Compare(hb[2], hb[3]),
        "awards_by_category": _groups(by_cat),
        "awards_by_level": _groups(by_level),
        "awards_by_school_year": _groups(by_year, sorted(by_year)),
        "awards_amount_by_month": [MonthRow(m, months.get(m, [0] * 4)[2], months.get(m, [0] * 4)[3])
                                   for m in cur.months],
    }


def _pending(db, period: Period) -> tuple[int, int]:
    """Drafts (chờ duyệt) of the school years `period` overlaps: (count, amount)."""
    from ..storage import award_periods

    return award_periods.pending_totals(db, period.school_years)


def _fund_part(ws, cur: Period, prev: Period) -> dict:
    from ..storage import reporting as store

    db = ws.db
    if not db.table_exists("voucher"):  # a file read before its upgrade
        zero = Compare(0, 0)
        return {"fund_opening": zero, "fund_raised": zero, "fund_spent": zero, "fund_closing": zero,
                "fund_by_item": [], "fund_balance_by_month": [MonthRow(m, 0, 0) for m in cur.months],
                "fund_books": []}
    fund = ws.fund
    raised, spent = [0, 0], [0, 0]
    items: dict[tuple[str, str], list[int]] = {}
    net_by_month: dict[tuple[int, int], int] = {}
    for which, kind, item, month, n, amount in store.voucher_rows(db, _range_params(cur, prev)):
        i = 0 if which else 1
        (raised if kind == "thu" else spent)[i] += amount
        acc = items.setdefault((kind, item or NO_VALUE), [0, 0, 0, 0])
        acc[i] += n
        acc[2 + i] += amount
        net_by_month[(i, month)] = net_by_month.get((i, month), 0) + (amount if kind == "thu" else -amount)
    opening = [fund.balance(cur.start - timedelta(days=1)), fund.balance(prev.start - timedelta(days=1))]
    # the book's balance at the end (equals opening + raised − spent, except across the day the book starts
    # with its stored số dư đầu kỳ, which is counted as the balance at the end of the year before)
    closing = [fund.balance(cur.end), fund.balance(prev.end)]
    balances = []
    run = list(opening)
    for m in cur.months:
        run = [run[i] + net_by_month.get((i, m), 0) for i in (0, 1)]
        balances.append(MonthRow(m, run[0], run[1]))
    order = sorted(items, key=lambda k: (k[0] != "thu", -items[k][2], k[1]))
    by_item = [GroupRow(item, Compare(items[(kind, item)][0], items[(kind, item)][1]),
                        Compare(items[(kind, item)][2], items[(kind, item)][3]), kind) for kind, item in order]
    return {
        "fund_opening": Compare(*opening),
        "fund_raised": Compare(*raised),
        "fund_spent": Compare(*spent),
        "fund_closing": Compare(*closing),
        "fund_by_item": by_item,
        "fund_balance_by_month": balances,
        "fund_books": _fund_books(fund, cur, prev),
    }


def _fund_books(fund, cur: Period, prev: Period) -> list[BookCompare]:
    """Each book's figures for the period next to the same period last year."""
    now, before = fund.book_totals(cur.start, cur.end), fund.book_totals(prev.start, prev.end)
    return [BookCompare(a["book"], a["account"], a["name"],
                        *(Compare(a[key], b[key]) for key in ("opening", "receipts", "payments", "balance")))
            for a, b in zip(now, before)]


def _class_part(db, cur: Period, prev: Period) -> dict:
    from ..storage import reporting as store

    if not db.table_exists("learning_class"):  # a file read before its upgrade
        zero = Compare(0, 0)
        return {"classes_count": zero, "classes_learners": zero, "classes_women": zero, "classes_minority": zero,
                "classes_by_field": []}
    t = {"count": [0, 0], "learners": [0, 0], "women": [0, 0], "minority": [0, 0]}
    by_field: dict[str, list[int]] = {}
    for which, fld, n, learners, women, minority in store.class_rows(db, _range_params(cur, prev)):
        i = 0 if which else 1
        t["count"][i] += n
        t["learners"][i] += learners
        t["women"][i] += women
        t["minority"][i] += minority
        acc = by_field.setdefault(fld or NO_VALUE, [0, 0, 0, 0])
        acc[i] += n
        acc[2 + i] += learners
    return {
        "classes_count": Compare(*t["count"]),
        "classes_learners": Compare(*t["learners"]),
        "classes_women": Compare(*t["women"]),
        "classes_minority": Compare(*t["minority"]),
        "classes_by_field": _groups(by_field),
    }


def _meeting_part(db, cur: Period, prev: Period) -> dict:
    from ..storage import reporting as store

    if not db.table_exists("meeting"):  # a file read before its upgrade
        return {"meetings_held": Compare(0, 0)}
    return {"meetings_held": Compare(*store.meetings_held(db, _range_params(cur, prev)))}


def _member_part(ws, cur: Period, prev: Period, extras: bool = True) -> dict:
    from ..storage import reporting as store

    db = ws.db
    if not db.table_exists("member"):  # a file read before its upgrade
        zero = Compare(0, 0)
        return {"members_count": zero, "members_new": zero, "members_left": zero,
                "units_by_kind": {kind: zero for kind in UNIT_KINDS}}
    today = ws.clock.today()
    now, before = store.member_figures(db, tuple((min(p.end, today).isoformat(), p.start.isoformat(),
                                                  p.end.isoformat()) for p in (cur, prev)))
    units_now, units_before = (store.units_founded_by(db, p.end.isoformat()) for p in (cur, prev))
    parts = {"members_on": min(cur.end, today), "members_count": Compare(now[0], before[0]),
             "members_new": Compare(now[1], before[1]), "members_left": Compare(now[2], before[2]),
             "units_by_kind": {kind: Compare(units_now.get(kind, 0), units_before.get(kind, 0)) for kind in UNIT_KINDS}}
    if extras:
        parts.update(_member_extras(ws, cur, prev))
    return parts


def _summary_school_year(period: Period) -> str:
    """The school year whose member figures (population, dues) a report of `period` shows: the one that
    ends in the period's year (sơ kết 6 tháng đầu năm 2026 and tổng kết 2026: 2025-2026)."""
    return f"{period.year - 1}-{period.year}"


def _summary_members(ws, school_year: str) -> dict:
    """The summary's `members` of a school year as a dict (services.summary.member_summary)."""
    from dataclasses import asdict, is_dataclass

    from . import summary

    found = summary.member_summary(ws, school_year)
    return asdict(found) if is_dataclass(found) else dict(found or {})


def _member_extras(ws, cur: Period, prev: Period) -> dict:
    """Population, % of population and dues from the summary's members (a key null this period: that line is
    left out; dues that are nought in both years, as where no dues are kept, too)."""
    now, before = (_summary_members(ws, _summary_school_year(p)) for p in (cur, prev))

    def figure(key: str) -> Figure | None:
        return None if now.get(key) is None else Figure(now[key], before.get(key))

    dues_now, dues_before = now.get("dues") or {}, before.get("dues") or {}
    dues = {key: Figure(dues_now[key], dues_before.get(key)) for key in DUES_KEYS if dues_now.get(key) is not None}
    if not any(f.value or f.previous for f in dues.values()):
        dues = {}
    return {"members_population": figure("population"), "members_percent_of_population": figure("percent_of_population"),
            "members_dues": dues or None}


def _learning_part(ws, cur: Period, prev: Period) -> dict:
    if not ws.db.table_exists("learning_subject"):  # a file read before its upgrade
        return {}
    from ..domain.learning_models import TITLE_OF_KIND

    lm = ws.learning
    now, before = lm.rates(cur.year), lm.rates(prev.year)
    models = tuple(
        LearningCompare(a.kind, TITLE_OF_KIND[a.kind], Compare(a.total, b.total), Compare(a.registered, b.registered),
                        Compare(a.recognised, b.recognised), Figure(a.percent, b.percent), a.target)
        for a, b in zip(now, before))
    citizens = [lm.year_figures(y)["citizen"] for y in (cur.year, prev.year)]
    return {"learning": models,
            "citizens_registered": Compare(citizens[0]["registered"], citizens[1]["registered"]),
            "citizens_recognised": Compare(citizens[0]["recognised"], citizens[1]["recognised"])}


def period_report(ws, period: str | Period, *, member_extras: bool = True) -> PeriodReport:
    """All indicators of `period` ("2026-H1", "2026" or a Period) next to the same period last year.
    `member_extras=False` leaves out population and dues (the home page does not show them)."""
    cur = period if isinstance(period, Period) else parse_period(period)
    prev = cur.previous()
    db = ws.db
    parts: dict = {}
    parts.update(_award_part(db, cur, prev))
    parts.update(_fund_part(ws, cur, prev))
    parts.update(_class_part(db, cur, prev))
    parts.update(_meeting_part(db, cur, prev))
    parts.update(_member_part(ws, cur, prev, member_extras))
    parts.update(_learning_part(ws, cur, prev))
    return PeriodReport(period=cur, previous_period=prev, organisation=ws.organisation.to_dict(), **parts)


# == the home page's figures, kept in the file ===================================================
# Bumped whenever what `period_report` puts in a PeriodReport changes, so that figures kept by an older
# definition are computed again (the program's version is in the key too).
KEPT_FORMAT = 1


def home_report(ws, period: Period) -> PeriodReport:
    """`period_report(ws, period, member_extras=False)`, the home page's figures: the ones kept in the file
    when they were computed under the file's present write marker, on the same day, by this program
    (`storage.home_figures`; the marker moves with every write, by triggers: migration 29), else computed
    and kept. Kept figures are exactly what `period_report` returned then; nothing else defines them."""
    import json

    from .. import __version__
    from ..storage import home_figures
    from ..storage.database import DataFile

    datafile = ws.datafile
    if not isinstance(datafile, DataFile):  # a server store: no kept figures
        return period_report(ws, period, member_extras=False)
    marker, kept = home_figures.read(datafile)
    if marker is None:  # a file before schema 29 (opened read-only): no marker to trust
        return period_report(ws, period, member_extras=False)
    key = [KEPT_FORMAT, __version__, datafile.schema_version, marker, ws.clock.today().isoformat(), period.code]
    if kept:
        try:
            found = json.loads(kept)
            if found["key"] == key:
                return _decode(found["report"])
        except (ValueError, KeyError, TypeError):  # kept by another version, or damaged: computed again
            pass
    report = period_report(ws, period, member_extras=False)
    if not datafile.read_only:
        home_figures.keep(datafile, json.dumps({"key": key, "report": _encode(report)}, ensure_ascii=False))
    return report


def _kinds() -> dict:
    return {c.__name__: c for c in (Period, Compare, Figure, LearningCompare, GroupRow, MonthRow, BookCompare,
                                    PeriodReport)}


def _encode(value):
    """A PeriodReport as JSON values that `_decode` turns back into an equal one (types, tuples, dates kept)."""
    from dataclasses import fields, is_dataclass
    from datetime import datetime

    if is_dataclass(value):
        return {"@": type(value).__name__, **{f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, datetime):
        return {"@datetime": value.isoformat()}
    if isinstance(value, date):
        return {"@date": value.isoformat()}
    if isinstance(value, tuple):
        return {"@tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"@dict": [[k, _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"not kept: {type(value).__name__}")


def _decode(value, kinds: dict | None = None):
    from datetime import datetime

    kinds = kinds or _kinds()
    if isinstance(value, list):
        return [_decode(v, kinds) for v in value]
    if not isinstance(value, dict):
        return value
    if "@" in value:
        cls = kinds[value["@"]]
        return cls(**{k: _decode(v, kinds) for k, v in value.items() if k != "@"})
    if "@date" in value:
        return date.fromisoformat(value["@date"])
    if "@datetime" in value:
        return datetime.fromisoformat(value["@datetime"])
    if "@tuple" in value:
        return tuple(_decode(v, kinds) for v in value["@tuple"])
    if "@dict" in value:
        return {k: _decode(v, kinds) for k, v in value["@dict"]}
    raise TypeError("not a kept value")


__all__ = ["BookCompare", "Compare", "Figure", "GroupRow", "LearningCompare", "MonthRow", "Period", "PeriodReport",
           "home_report", "make_period", "parse_period", "period_report"]


# == Excel =========================================================================================
def write_report_xlsx(report: PeriodReport, organisation, path) -> None:
    """One sheet per section (Chỉ tiêu chung, Khen thưởng theo loại / cấp / năm học, Quỹ theo khoản mục,
    Lớp học theo lĩnh vực), each row with this period, last year and the change."""
    from ..excel.writer import Column, SheetSpec, write_workbook

    cur, prev = report.period, report.previous_period
    subtitle = f"Từ ngày {cur.start:%d/%m/%Y} đến ngày {cur.end:%d/%m/%Y}; so sánh với cùng kỳ năm {prev.year}"

    def pct(c: Compare) -> str:
        return "" if c.percent is None else f"{c.percent:+.1f}%".replace(".", ",")

    def cmp_columns(prefix: str, label: str, kind: str) -> list[Column]:
        return [
            Column(f"{label} {cur.short_label}", f"{prefix}_now", kind=kind, width=16),
            Column(f"{label} {prev.short_label}", f"{prefix}_prev", kind=kind, width=16),
            Column(f"{label} tăng/giảm", f"{prefix}_change", kind=kind, width=16),
        ]

    def group_sheet(name: str, title: str, first: str, rows: list[GroupRow], count_label: str, amount_label: str,
                    amount_kind: str) -> SheetSpec:
        cols = [Column("STT", "stt", kind="int", width=6), Column(first, "name", width=34),
                *cmp_columns("count", count_label, "int"), *cmp_columns("amount", amount_label, amount_kind)]
        data = [{"name": r.name, "count_now": r.count.value, "count_prev": r.count.previous,
                 "count_change": r.count.change, "amount_now": r.amount.value, "amount_prev": r.amount.previous,
                 "amount_change": r.amount.change} for r in rows]
        totals = {"name": "Cộng"}
        for key in ("count_now", "count_prev", "count_change", "amount_now", "amount_prev", "amount_change"):
            totals[key] = sum(d[key] for d in data)
        return SheetSpec(title=title, columns=cols, rows=data, sheet_name=name, organisation=organisation,
                         subtitle=subtitle, totals=totals if data else False)

    overview = SheetSpec(
        title=f"BÁO CÁO {cur.title.upper()}",
        columns=[Column("STT", "stt", kind="int", width=6), Column("Nhóm", "section", width=20),
                 Column("Chỉ tiêu", "label", width=32), Column("Đơn vị", "unit", width=8),
                 Column(cur.short_label, "value", kind="int", width=16),
                 Column(prev.short_label, "previous", kind="int", width=16),
                 Column("Tăng (+)/giảm (−)", "change", kind="int", width=16), Column("Tỷ lệ", "percent", width=10)],
        rows=[{"section": s, "label": l, "unit": u, "value": c.value, "previous": c.previous, "change": c.change,
               "percent": pct(c)} for s, l, u, c in report.indicators()],
        sheet_name="Chỉ tiêu chung", organisation=organisation, subtitle=subtitle, totals=False,
    )
    fund_rows = [GroupRow(("Thu: " if r.kind == "thu" else "Chi: ") + r.name, r.count, r.amount) for r in report.fund_by_item]
    sheets = [
        overview,
        group_sheet("Khen thưởng theo loại", "KHEN THƯỞNG THEO LOẠI", "Loại khen thưởng", report.awards_by_category,
                    "Số suất", "Số tiền", "money"),
        group_sheet("Khen thưởng theo cấp", "KHEN THƯỞNG THEO CẤP", "Cấp", report.awards_by_level,
                    "Số suất", "Số tiền", "money"),
        group_sheet("Khen thưởng theo năm học", "KHEN THƯỞNG THEO NĂM HỌC", "Năm học", report.awards_by_school_year,
                    "Số suất", "Số tiền", "money"),
        group_sheet("Quỹ theo khoản mục", "THU, CHI QUỸ THEO KHOẢN MỤC", "Khoản mục", fund_rows,
                    "Số phiếu", "Số tiền", "money"),
        group_sheet("Lớp học theo lĩnh vực", "LỚP HỌC CỘNG ĐỒNG THEO LĨNH VỰC", "Lĩnh vực", report.classes_by_field,
                    "Số lớp", "Lượt người học", "int"),
    ]
    write_workbook(path, sheets)
