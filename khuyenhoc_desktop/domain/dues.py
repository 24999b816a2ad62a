"""Dues (hội phí): the yearly rates per đối tượng, the exemptions, the shares sent upward, and who owes what.

No rule for the amount or the split between levels could be found (in 2023 even a province asked HKHVN for
one), so everything here is a setting of the file: a rate per year (a default amount, an
amount per đối tượng, 0 = exempt; a year without its own rate keeps the last earlier one), an exemption age
(80 unless changed; none when empty) and the levels the association sends a share to, each a percentage.

Who owes dues for a year (one rule, `owed`): a member not deleted, who had joined by the end of that year
(or whose joining day is unknown), and was still a member at its start (active, or left on a known day in
that year or later), with a non-zero amount after the exemptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .errors import FieldError
from .limits import MAX_YEAR, MIN_YEAR, amount_problem, year_problem  # noqa: F401 - read here too
from .members import ACTIVE_STATUS, STATUSES

SETTING = "dues.settings"
RECEIPT_ITEM = "Hội phí"
SUBMISSION_ITEM = "Nộp hội phí cấp trên"
DEFAULT_EXEMPT_AGE = 80
# One member's dues for one year: above this a slip is likely (asked), above the limit refused.
LARGE_RATE = 200_000
MAX_RATE = 10_000_000
MAX_LEVELS = 5
PAYMENT_STATUSES = {"paid": "Đã nộp", "cancelled": "Đã hủy (phiếu thu bị đảo/hủy)"}


@dataclass(frozen=True)
class DuesRate:
    """The rate of one year: `amount` for every đối tượng not listed in `by_category` (0 there = exempt)."""

    year: int
    amount: int = 0
    by_category: tuple[tuple[str, int], ...] = ()
    exempt_age: int | None = DEFAULT_EXEMPT_AGE

    def amount_for(self, category: str) -> int:
        return dict(self.by_category).get(category, self.amount)


@dataclass(frozen=True)
class UpwardLevel:
    """A level above the commune's association that receives `percent` of the dues collected."""

    name: str
    percent: float


@dataclass(frozen=True)
class DuesSettings:
    rates: tuple[DuesRate, ...] = ()
    levels: tuple[UpwardLevel, ...] = ()

    def rate_for(self, year: int) -> DuesRate | None:
        """The year's own rate, else the last earlier year's (None: no rate before or in that year)."""
        earlier = [r for r in self.rates if r.year <= year]
        return max(earlier, key=lambda r: r.year) if earlier else None

    def with_rate(self, rate: DuesRate) -> "DuesSettings":
        rates = tuple(sorted([r for r in self.rates if r.year != rate.year] + [rate], key=lambda r: r.year))
        return DuesSettings(rates, self.levels)

    def to_dict(self) -> dict:
        return {"rates": [{"year": r.year, "amount": r.amount, "by_category": [list(c) for c in r.by_category],
                           "exempt_age": r.exempt_age} for r in self.rates],
                "levels": [{"name": lv.name, "percent": lv.percent} for lv in self.levels]}

    @classmethod
    def from_dict(cls, data: dict | None) -> "DuesSettings":
        data = data or {}
        rates = tuple(DuesRate(int(r["year"]), int(r.get("amount", 0)),
                               tuple((str(c), int(a)) for c, a in r.get("by_category", ())),
                               None if r.get("exempt_age") is None else int(r["exempt_age"]))
                      for r in data.get("rates", ()))
        levels = tuple(UpwardLevel(str(lv["name"]), float(lv["percent"])) for lv in data.get("levels", ()))
        return cls(tuple(sorted(rates, key=lambda r: r.year)), levels)


@dataclass(frozen=True)
class Liability:
    """What one member owes for a year and why (`status`):

    - "owed": `amount` is due;
    - "ask": `amount` would be due, but the member left on an unknown day (collecting asks first; the
      figures count nothing);
    - "exempt": miễn (age or đối tượng); "outside": not a member that year; "no_rate": no rate set."""

    amount: int
    status: str = "owed"
    reason: str = ""  # Vietnamese, "" when owed

    @property
    def collectable(self) -> bool:
        return self.status in ("owed", "ask")


def liability(member, year: int, rate: DuesRate | None) -> Liability:
    """`member` is a `domain.members.Member` (or anything with its fields). The one rule of who owes."""
    if getattr(member, "deleted", False):
        return Liability(0, "outside", "hội viên đã bị xóa khỏi sổ")
    if member.joined_on is not None and member.joined_on.year > year:
        return Liability(0, "outside", f"vào hội năm {member.joined_on.year}, sau năm {year}")
    if member.status != ACTIVE_STATUS:
        label = STATUSES.get(member.status, member.status).lower()
        if member.status_date is None:
            owed = _rate_amount(member, year, rate)
            if owed.status != "owed":
                return owed
            return Liability(owed.amount, "ask", f"đã {label} (không rõ ngày)")
        if member.status_date.year < year:
            return Liability(0, "outside", f"đã {label} từ năm {member.status_date.year}, trước năm {year}")
    return _rate_amount(member, year, rate)


def _rate_amount(member, year: int, rate: DuesRate | None) -> Liability:
    if rate is None:
        return Liability(0, "no_rate", f"chưa đặt mức hội phí năm {year}")
    born = member.birth_year or (member.birth_date.year if member.birth_date else None)
    if rate.exempt_age and born is not None and year - born >= rate.exempt_age:
        return Liability(0, "exempt", f"miễn hội phí (từ {rate.exempt_age} tuổi)")
    amount = rate.amount_for(member.category)
    if amount == 0:
        return Liability(0, "exempt", f"miễn hội phí (đối tượng {member.category or 'không ghi'})")
    return Liability(amount)


def owes(member, year: int, rate: DuesRate | None) -> int:
    """The amount counted as due (a member who left on an unknown day owes nothing in the figures)."""
    found = liability(member, year, rate)
    return found.amount if found.status == "owed" else 0


def validate_rate(rate: DuesRate) -> list[FieldError]:
    problems: list[FieldError] = []
    problem = year_problem(rate.year)
    if problem:
        problems.append(FieldError("year", problem))
    for label, amount in [("Mức hội phí chung", rate.amount)] + [(f"Mức hội phí của “{c}”", a)
                                                                    for c, a in rate.by_category]:
        problem = amount_problem(amount, label)
        if problem:
            problems.append(FieldError("amount", problem))
        elif amount > MAX_RATE:
            problems.append(FieldError("amount", f"{label} {amount:,} đồng một người một năm là quá lớn "
                                                 f"(tối đa {MAX_RATE:,} đồng).".replace(",", ".")))
        elif amount > LARGE_RATE:
            problems.append(FieldError("amount", f"{label} trên {LARGE_RATE:,} đồng một người một năm. "
                                                 "Bạn có chắc chắn?".replace(",", "."), "warning"))
    categories = [c for c, _ in rate.by_category]
    if len(set(categories)) != len(categories):
        problems.append(FieldError("by_category", "Một đối tượng chỉ có một mức hội phí."))
    if any(not c for c in categories):
        problems.append(FieldError("by_category", "Chưa ghi tên đối tượng."))
    if rate.exempt_age is not None and not 50 <= rate.exempt_age <= 120:
        problems.append(FieldError("exempt_age", "Tuổi được miễn hội phí phải từ 50 đến 120 (hoặc để trống)."))
    return problems


def validate_levels(levels: tuple[UpwardLevel, ...]) -> list[FieldError]:
    problems: list[FieldError] = []
    if len(levels) > MAX_LEVELS:
        problems.append(FieldError("levels", f"Tối đa {MAX_LEVELS} cấp nhận hội phí."))
    names = [lv.name for lv in levels]
    if any(not n for n in names):
        problems.append(FieldError("levels", "Chưa ghi tên cấp nhận hội phí."))
    if len(set(names)) != len(names):
        problems.append(FieldError("levels", "Tên cấp nhận hội phí bị trùng."))
    if any(len(n) > 100 for n in names):
        problems.append(FieldError("levels", "Tên cấp nhận hội phí quá dài (tối đa 100 ký tự)."))
    for lv in levels:
        if not 0 <= lv.percent <= 100:
            problems.append(FieldError("levels", f"Tỷ lệ nộp về {lv.name} phải từ 0 đến 100%."))
    if sum(lv.percent for lv in levels) > 100:
        problems.append(FieldError("levels", "Tổng tỷ lệ nộp cấp trên vượt quá 100%."))
    return problems


def share(collected: int, percent: float) -> int:
    """The share of `collected` at `percent`, rounded to the đồng (half up)."""
    return int((collected * round(percent * 100) + 5000) // 10000)


@dataclass(frozen=True)
class DuesFigures:
    """A year's dues: owed (`due`), paid on phiếu thu still counted (`collected`), sent upward on phiếu chi
    still counted (`submitted`), and the members behind them."""

    year: int
    due: int = 0
    collected: int = 0
    submitted: int = 0
    members_owing: int = 0
    members_paid: int = 0
    members_exempt: int = 0

    @property
    def unpaid(self) -> int:
        return max(0, self.members_owing - self.members_paid)


@dataclass(frozen=True)
class DuesLine:
    """One member in the collection list of a year."""

    member_uuid: str
    code: str
    full_name: str
    birth_year: int | None
    village: str
    unit_uuid: str
    unit_name: str
    category: str
    amount: int  # what the member owes or would owe (see `status`)
    status: str  # Liability.status
    reason: str  # why nothing / why a question; "" when owed
    paid_amount: int = 0
    voucher_number: str = ""  # the phiếu thu of the counted payment, "" when unpaid

    @property
    def paid(self) -> bool:
        return bool(self.voucher_number)


@dataclass(frozen=True)
class DuesFilter:
    year: int
    unit_uuid: str = ""
    unpaid_only: bool = False
    search: str = ""
    uuids: tuple[str, ...] = field(default_factory=tuple)
