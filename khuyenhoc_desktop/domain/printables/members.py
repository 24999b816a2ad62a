"""Danh sách hội viên and thẻ hội viên sheets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...vietnamese import format_date_vi
from ..organisation import Organisation
from .common import Signer


# ---------------------------------------------------------------------------
# Members: danh sách hội viên, thẻ hội viên
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberListRow:
    """One line of the danh sách hội viên. `phone` and `id_number` are printed only when the list is made
    with `show_personal` (the service leaves them empty otherwise)."""

    name: str
    birth_year: int | None = None
    gender: str = ""
    village: str = ""
    joined_on: date | None = None
    card_no: str = ""
    role: str = ""
    note: str = ""
    phone: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class MemberSection:
    """The members of one chi hội/ban ("" = members not in any), printed in this order."""

    unit: str
    rows: tuple[MemberListRow, ...] = ()

    @property
    def women(self) -> int:
        return sum(1 for r in self.rows if r.gender == "Nữ")

    @property
    def men(self) -> int:
        return sum(1 for r in self.rows if r.gender == "Nam")


@dataclass(frozen=True)
class MemberListData:
    organisation: Organisation
    sections: tuple[MemberSection, ...] = ()
    title: str = "DANH SÁCH HỘI VIÊN"
    subtitle: str = ""  # "Chi hội thôn Đông; trạng thái: Đang sinh hoạt"
    show_personal: bool = False  # adds the phone and CCCD columns (landscape page)
    signers: tuple[Signer, ...] = ()  # () = Người lập, TM. BCH / Chủ tịch
    place: str = ""  # "" = organisation.place_name
    date: date | None = None
    number: str = ""
    recipients: tuple[str, ...] = ("Ban Chấp hành Hội", "Các chi hội", "Lưu: VT")

    @property
    def total(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP", org.secretary, note="(Ký, ghi rõ họ tên)"),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH", note="(Ký, ghi rõ họ tên, đóng dấu)"),
        )


@dataclass(frozen=True)
class MemberCardData:
    """One thẻ hội viên. An empty `card_no` prints as a blank to fill in by hand."""

    name: str
    birth_year: int | None = None
    unit: str = ""
    card_no: str = ""
    joined_on: date | None = None
    code: str = ""  # mã hội viên: named in the list of cards without a number, not printed


@dataclass(frozen=True)
class MemberCardSheet:
    """The cards of one print job, with what every card shares (association, signer, date)."""

    organisation: Organisation
    cards: tuple[MemberCardData, ...] = ()
    association: str = ""  # "" = organisation.committee_name
    signer_authority: str = "TM. BAN CHẤP HÀNH"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""  # "" = organisation.chair
    place: str = ""  # "" = organisation.place_name
    date: date | None = None  # ngày cấp thẻ; None = "ngày … tháng … năm …"
    skipped: int = 0  # chosen members not printed (not on the register now: moved, deceased, quit)

    @property
    def without_card_no(self) -> tuple[MemberCardData, ...]:
        return tuple(c for c in self.cards if not c.card_no.strip())

    def shared_texts(self) -> dict[str, str]:
        org = self.organisation
        place = (self.place or org.place_name or org.commune).strip()
        when = format_date_vi(self.date) if self.date else "ngày … tháng … năm …"
        return {
            "association": (self.association or org.committee_name).upper(),
            "title": "THẺ HỘI VIÊN",
            "place_date": f"{place}, {when}" if place else when[0].upper() + when[1:],
            "signer_authority": self.signer_authority.upper(),
            "signer_title": self.signer_title.upper(),
            "signer_name": self.signer_name or org.chair,
        }

    @staticmethod
    def card_texts(card: MemberCardData) -> dict[str, str]:
        return {
            "name": card.name,
            "birth_year": str(card.birth_year or ""),
            "unit": card.unit,
            "card_no": card.card_no.strip(),
            "joined_on": f"{card.joined_on:%d/%m/%Y}" if card.joined_on else "",
        }
