"""Pieces every printed document shares: signature blocks, percentages."""

from __future__ import annotations

from dataclasses import dataclass


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """One signature block: optional authority line ("TM. BAN CHẤP HÀNH"), title, name."""

    title: str  # "CHỦ TỊCH", "Người lập biểu", "Thủ quỹ"
    name: str = ""
    authority: str = ""  # "TM. BAN CHẤP HÀNH", "KT. CHỦ TỊCH" … printed above the title
    note: str = ""  # "(Ký, họ tên)" under the title; "" = none


def format_percent(part: int, total: int, decimals: int = 2, *, fixed: bool = False) -> str:
    """ "85,71" (Vietnamese decimal comma, trailing zeros dropped); "0" when total is 0. `fixed`: always
    `decimals` places ("60,0"), so that a table's column reads evenly."""
    if total <= 0:
        return "0"
    value = round(100 * part / total, decimals)
    text = f"{value:.{decimals}f}"
    if not fixed:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class AwardRow:
    """One line of an approved award list (minutes table, danh sách nhận thưởng)."""

    name: str
    class_name: str = ""
    school: str = ""
    achievement: str = ""
    amount: int = 0
    village: str = ""
    note: str = ""
