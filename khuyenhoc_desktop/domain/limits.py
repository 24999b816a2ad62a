"""The largest amount and count the program accepts anywhere (forms, Excel import, sync, the file itself).

Why these numbers: a commune fund never sees 10 nghìn tỷ đồng on one line, nor ten million learners in
one class; anything above is a slip or a hostile file. With every stored value at most 10¹³, a sum of
up to 900,000 of them stays below 2⁶³ (SQLite's integer SUM would overflow) and below 2⁵³ for
900 of them at the maximum, so totals computed as doubles (`TOTAL()`) stay exact for any real book.
"""

from __future__ import annotations

from ..vietnamese import format_money, format_vnd

MAX_AMOUNT = 10**13  # đồng, on one record (award, voucher, budget, opening balance, cash count)
MAX_COUNT = 10**7  # learners, sessions, members, attachments … of one record
MIN_YEAR, MAX_YEAR = 1990, 2200  # the years of dues, population and learning figures


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def amount_problem(value, label: str = "Số tiền", *, allow_zero: bool = True) -> str | None:
    """The Vietnamese reason `value` is not an acceptable amount of đồng, or None."""
    if not is_int(value):
        return f"{label} phải là số nguyên đồng."
    if value < 0 or (value == 0 and not allow_zero):
        return f"{label} phải lớn hơn 0 đồng." if not allow_zero else f"{label} không được âm."
    if value > MAX_AMOUNT:
        return f"{label} vượt quá giới hạn {format_money(MAX_AMOUNT)}."
    return None


def count_problem(value, label: str, limit: int = MAX_COUNT) -> str | None:
    """The Vietnamese reason `value` is not an acceptable count (0 … `limit`), or None."""
    if not is_int(value):
        return f"{label} phải là số nguyên."
    if value < 0:
        return f"{label} không được âm ({value})."
    if value > limit:
        return f"{label} vượt quá giới hạn {format_vnd(limit)}."
    return None


def in_amount_range(value) -> bool:
    return is_int(value) and 0 <= value <= MAX_AMOUNT


def year_problem(year) -> str | None:
    """The Vietnamese reason `year` is not a year figures can be kept for, or None."""
    if not is_int(year) or not MIN_YEAR <= year <= MAX_YEAR:
        return f"Năm “{year}” không hợp lệ (từ {MIN_YEAR} đến {MAX_YEAR})."
    return None
