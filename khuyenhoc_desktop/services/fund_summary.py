"""Figures shown beside the fund's books: totals by khoản mục with a sum per kind, the whole-year row
of the monthly table, and how a cash count compares with the cash book."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..domain.fund import ItemTotal, MonthTotal
from ..vietnamese import format_money

KIND_ORDER = ("thu", "chi")  # receipts first, as in the book


@dataclass(frozen=True)
class ItemGroup:
    """The khoản mục of one kind (thu or chi) and their sums; a kind with no entries has an empty group."""

    kind: str
    items: tuple[ItemTotal, ...]
    count: int
    amount: int


def item_groups(items: Sequence[ItemTotal]) -> list[ItemGroup]:
    groups = []
    for kind in KIND_ORDER:
        group = tuple(t for t in items if t.kind == kind)
        groups.append(ItemGroup(kind, group, sum(t.count for t in group), sum(t.amount for t in group)))
    return groups


@dataclass(frozen=True)
class YearTotal:
    opening: int
    receipts: int
    payments: int
    closing: int


def year_total(months: Sequence[MonthTotal]) -> YearTotal | None:
    """The year from its months (in order): opening of the first, sums of the flows, closing of the last."""
    if not months:
        return None
    return YearTotal(months[0].opening, sum(m.receipts for m in months), sum(m.payments for m in months),
                     months[-1].closing)


def cash_difference(counted: int, book: int) -> int:
    """Counted cash minus the cash book's balance: above 0 the box holds more (thừa), below less (thiếu)."""
    return counted - book


def describe_difference(difference: int) -> str:
    if difference == 0:
        return "Khớp với sổ quỹ"
    return f"{'thừa' if difference > 0 else 'thiếu'} {format_money(abs(difference))}"
