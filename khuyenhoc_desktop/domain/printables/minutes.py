"""Biên bản họp (Nghị định 30/2020): agenda, votes, signers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..organisation import Organisation
from .common import AwardRow, format_percent


# ---------------------------------------------------------------------------
# Minutes (biên bản họp)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Vote:
    total: int  # tổng số phiếu (người biểu quyết)
    in_favour: int  # tán thành
    against: int = 0  # không tán thành
    other: int = 0  # ý kiến khác

    @property
    def in_favour_percent(self) -> str:
        return format_percent(self.in_favour, self.total)

    @property
    def against_percent(self) -> str:
        return format_percent(self.against, self.total)

    @property
    def other_percent(self) -> str:
        return format_percent(self.other, self.total)


@dataclass(frozen=True)
class AgendaItem:
    title: str
    discussion: str = ""  # paragraphs separated by "\n"
    conclusion: str = ""
    vote: Vote | None = None


@dataclass(frozen=True)
class MinutesData:
    organisation: Organisation
    subject: str  # trích yếu: "Họp Ban Chấp hành xét khen thưởng năm học 2024 - 2025"
    date: date
    start: datetime
    end: datetime
    location: str
    chair: str
    secretary: str
    number: str = ""  # "05/BB-HKH"
    place: str = ""  # địa danh; "" = organisation.place_name
    show_place_date: bool = False  # Mẫu 1.9 has no "địa danh, ngày" line in the header; some Hội add one
    meeting_kind: str = ""  # "Ban Chấp hành" (for the lead-in sentence)
    chair_title: str = ""  # "Chủ tịch Hội"
    secretary_title: str = ""  # "Ủy viên Ban Chấp hành"
    members_total: int = 0
    members_present: int = 0
    members_absent: int = 0
    absent_names: tuple[str, ...] = ()  # "Ông Nguyễn Văn A (có lý do)"
    other_attendees: tuple[str, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    awards: tuple[AwardRow, ...] = ()
    awards_title: str = "Danh sách đề nghị khen thưởng được thông qua"
    recipients: tuple[str, ...] = ()  # nơi nhận, e.g. ("Thường trực Hội Khuyến học tỉnh", "Lưu: VT")
    issuing_body: str = ""  # "" = organisation.committee_name
    parent_body: str = ""  # "" = organisation.parent_body

    @property
    def awards_total(self) -> int:
        return sum(r.amount for r in self.awards)
