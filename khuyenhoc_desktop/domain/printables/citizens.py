"""Danh sách Công dân học tập."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..organisation import Organisation
from .common import Signer


# ---------------------------------------------------------------------------
# Công dân học tập: the year's list
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenListRow:
    """One person of the danh sách Công dân học tập (no CCCD: a printed list goes round the thôn)."""

    name: str
    birth_year: int | None = None
    gender: str = ""
    village: str = ""
    status: str = ""  # "Đã đăng ký" / "Đã công nhận"
    note: str = ""


@dataclass(frozen=True)
class CitizenSection:
    """The people of one target group, in Vietnamese name order."""

    group: str
    rows: tuple[CitizenListRow, ...] = ()

    @property
    def recognised(self) -> int:
        return sum(1 for r in self.rows if r.status == "Đã công nhận")


@dataclass(frozen=True)
class CitizenListData:
    organisation: Organisation
    year: int
    sections: tuple[CitizenSection, ...] = ()
    subtitle: str = ""
    date: date | None = None
    recipients: tuple[str, ...] = ("Ban Chấp hành Hội", "Ban Chỉ đạo xây dựng xã hội học tập xã", "Lưu: VT")

    @property
    def title(self) -> str:
        return f"DANH SÁCH CÔNG DÂN HỌC TẬP NĂM {self.year}"

    @property
    def total(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    @property
    def signers(self) -> tuple[Signer, ...]:
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP", org.secretary, note="(Ký, ghi rõ họ tên)"),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH", note="(Ký, ghi rõ họ tên, đóng dấu)"),
        )
