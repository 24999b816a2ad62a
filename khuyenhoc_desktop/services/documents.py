"""Printables from records: certificates, award lists, vouchers, the cash book, meeting minutes.

Everything here only reads, except `CertificateJob.commit()`, which gives register numbers
(số vào sổ) to the awards printed for the first time, in list order. The numbers printed on the
certificates are planned before rendering and `commit()` checks the database gave the same ones;
so a preview or a cancelled job gives out no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Sequence

from ..domain.awards import STATUSES, Award, AwardFilter
from ..domain.errors import AppError, ConflictError, NotFoundError, ValidationError, FieldError
from ..domain.fund import METHODS
from ..domain.meetings import Meeting, attendee_lines
from ..domain.printables import (
    AgendaItem,
    AwardListData,
    AwardRow,
    CashBookData,
    CashBookRow,
    CertificateData,
    MinutesData,
    Vote,
    VoucherData,
)

DOCUMENT_KINDS = {
    "certificates": "Giấy khen",
    "award-list": "Danh sách nhận thưởng",
    "minutes": "Biên bản họp",
    "voucher": "Phiếu thu / phiếu chi",
    "cash-book": "Sổ quỹ tiền mặt",
}


# -- certificates -------------------------------------------------------------------------
def certificate_for(award: Award, org, register_number: str = "", issue_date: date | None = None) -> CertificateData:
    return CertificateData.from_organisation(
        org,
        award.full_name,
        salutation="Em",
        class_name=award.class_name,
        school=award.school,
        village=award.village,
        achievement=award.achievement or " ".join(x for x in (award.category, award.prize and f"giải {award.prize}") if x),
        school_year=award.school_year,
        decision_number=award.decision_no,
        decision_date=award.decision_date,
        register_number=register_number or award.register_no,
        issue_date=issue_date if issue_date is not None else award.decision_date,
    )


@dataclass
class CertificateJob:
    """Certificates for a list of awards, with the register numbers they will get on printing."""

    ws: object
    uuids: list[str]
    items: list[CertificateData]
    planned: dict[str, str] = field(default_factory=dict)  # uuid → number given on commit
    committed: bool = False

    def __len__(self) -> int:
        return len(self.items)

    def commit(self) -> dict[str, str]:
        """Record the print: register numbers in list order for the awards printed the first time."""
        if self.committed:
            return {}
        with self.ws.db.atomic():
            given = self.ws.awards.mark_printed(self.uuids)
            if given != self.planned:
                raise ConflictError("Số vào sổ đã thay đổi trong lúc in (có người khác vừa in). Hãy tạo lại bản in.")
        self.committed = True
        return given


def plan_register_numbers(ws, awards: Sequence[Award]) -> dict[str, str]:
    """The numbers `mark_printed` will give, in the same order, without writing anything."""
    return ws.awards.plan_register_numbers((a.uuid, a.school_year, a.register_no) for a in awards)


def certificate_job(ws, flt: AwardFilter | None = None, *, uuids: Iterable[str] | None = None,
                    issue_date: date | None = None) -> CertificateJob:
    """Certificates for the filtered awards (Vietnamese name order) or the given uuids (in that order)."""
    ids = list(uuids) if uuids is not None else ws.awards.uuids(flt or AwardFilter(), sort="name")
    awards = [a for a in ws.awards.fetch(ids) if not a.deleted]
    if not awards:
        raise NotFoundError("Không có bản ghi khen thưởng nào để in giấy khen.")
    planned = plan_register_numbers(ws, awards)
    org = ws.organisation
    items = [certificate_for(a, org, planned.get(a.uuid, ""), issue_date) for a in awards]
    return CertificateJob(ws, [a.uuid for a in awards], items, planned)


# -- award list ---------------------------------------------------------------------------
def award_list(ws, flt: AwardFilter | None = None, *, title: str = "DANH SÁCH NHẬN THƯỞNG",
               on: date | None = None) -> AwardListData:
    flt = flt or AwardFilter()
    ids = ws.awards.uuids(flt, sort="name")  # name_key: Vietnamese list order
    awards = sorted(ws.awards.fetch(ids), key=_name_order)
    if not awards:
        raise NotFoundError("Không có bản ghi khen thưởng nào khớp điều kiện đã chọn.")
    parts = []
    if flt.school_year:
        a, _, b = flt.school_year.partition("-")
        parts.append(f"Năm học {a} - {b}")
    for label, value in (("Trường", flt.school), ("Loại", flt.category)):
        if value:
            parts.append(f"{label}: {value}")
    if flt.status:
        parts.append(f"Trạng thái: {STATUSES.get(flt.status, flt.status)}")
    decisions = sorted({a.decision_no for a in awards if a.decision_no})
    if len(decisions) == 1:
        parts.append(f"(kèm theo Quyết định số {decisions[0]})")
    rows = tuple(
        AwardRow(name=a.full_name, class_name=a.class_name, school=a.school,
                 achievement=a.achievement or a.category, amount=a.amount, village=a.village)
        for a in awards
    )
    return AwardListData(organisation=ws.organisation, title=title, subtitle="; ".join(parts), rows=rows, date=on or date.today())


def _name_order(a: Award) -> tuple:
    from ..vietnamese import name_sort_key, sort_key_parts

    key = sort_key_parts(a.family_name, a.middle_name, a.given_name) if a.given_name else name_sort_key(a.full_name)
    return (key, a.id)


# -- fund ---------------------------------------------------------------------------------
def voucher(ws, number: str, *, two_copies: bool = False) -> VoucherData:
    v = ws.fund.get_by_number(number)
    if v.is_bank:  # phiếu thu / chi are signed for cash; a bank movement's paper is the bank's giấy báo
        raise AppError(f"{v.number} là {v.kind_label[0].lower()}{v.kind_label[1:]} của ngân hàng, không phải phiếu "
                       "thu/chi tiền mặt: chứng từ gốc là giấy báo của ngân hàng; in sổ tiền gửi ngân hàng để "
                       "xem các giấy báo.")
    reversed_no = ""
    if v.reverses_uuid:
        try:
            reversed_no = ws.fund.get(v.reverses_uuid).number
        except NotFoundError:
            reversed_no = ""
    return VoucherData(
        kind=v.kind,
        organisation=ws.organisation,
        number=v.number,
        date=v.voucher_date,
        person=v.person,
        amount=abs(v.amount),
        reason=v.reason or v.item,
        address=v.address,
        attachments=v.attachments,
        method=METHODS.get(v.method, v.method),
        is_reversal=v.amount < 0 or bool(v.reverses_uuid),
        reversal_of=reversed_no,
        two_copies=two_copies,
    )


def cash_book(ws, date_from: date, date_to: date, *, on: date | None = None, subtotals: str = "month") -> CashBookData:
    """Sổ quỹ tiền mặt of a period (cash only), signed on `on` (default: the print date, today), with a
    "Cộng" row per month or day (`subtotals` "month" / "day" / "")."""
    return _book_data(ws, ws.fund.cash_book(date_from, date_to), on, subtotals)


def bank_book(ws, date_from: date, date_to: date, account: str, *, on: date | None = None,
              subtotals: str = "month") -> CashBookData:
    """Sổ tiền gửi ngân hàng of one bank account over a period, signed on `on` (default: today)."""
    return _book_data(ws, ws.fund.bank_book(date_from, date_to, account), on, subtotals)


def _book_data(ws, book, on: date | None, subtotals: str) -> CashBookData:
    rows = tuple(
        CashBookRow(
            posting_date=r.posting_date,
            description=r.description,
            doc_date=r.voucher_date,
            receipt_no=r.receipt_no,
            payment_no=r.payment_no,
            receipt=r.receipt or 0,
            payment=r.payment or 0,
            balance=r.balance,
            note=r.note,
        )
        for r in book.rows
    )
    account = book.account
    return CashBookData(organisation=ws.organisation, period_from=book.date_from, period_to=book.date_to,
                        opening_balance=book.opening, rows=rows, title=book.title, date=on or date.today(),
                        opened_on=book.opened_on, subtotals=subtotals, bank_name=account.bank_name if account else "",
                        account_no=account.account_no if account else "")


# -- minutes ------------------------------------------------------------------------------
def minutes(ws, meeting: Meeting | str) -> MinutesData:
    """Biên bản of a meeting (the record, or its số biên bản)."""
    m = meeting if isinstance(meeting, Meeting) else ws.meetings.get_by_number(meeting)
    if m.start is None or m.end is None:
        raise ValidationError([FieldError("start", "Cuộc họp chưa có thời gian bắt đầu/kết thúc.")])
    org = ws.organisation
    agenda = tuple(
        AgendaItem(
            title=a.title,
            discussion=a.discussion,
            conclusion=a.conclusion,
            vote=Vote(a.vote_total, a.vote_for, a.vote_against, a.vote_other) if a.has_vote else None,
        )
        for a in m.agenda
    )
    awards = ws.awards.fetch(m.award_uuids) if m.award_uuids else []
    awards = sorted((a for a in awards if not a.deleted), key=_name_order)
    rows = tuple(AwardRow(name=a.full_name, class_name=a.class_name, school=a.school,
                          achievement=a.achievement or a.category, amount=a.amount, village=a.village)
                 for a in awards)
    lines = attendee_lines(m.attendees)
    absent = tuple(l.split(":", 1)[1].strip() for l in lines if l.lower().startswith("vắng:"))
    others = tuple(l for l in lines if not l.lower().startswith("vắng:"))
    chair_title = "Chủ tịch Hội" if org.chair and org.chair == m.chair else ""
    return MinutesData(
        organisation=org,
        subject=m.subject,
        date=m.start.date(),
        start=m.start,
        end=m.end,
        location=m.location,
        chair=m.chair,
        secretary=m.secretary,
        number=m.number,
        meeting_kind=m.kind if m.kind != "Khác" else "",
        chair_title=chair_title,
        secretary_title="Thư ký cuộc họp",
        members_total=m.members_total,
        members_present=m.members_present,
        members_absent=m.members_absent,
        absent_names=absent,
        other_attendees=others,
        agenda=agenda,
        awards=rows,
    )


def parse_day(text: str) -> date:
    from ..vietnamese import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError([FieldError("date", f"Ngày “{text}” không đúng dạng nn/tt/nnnn.")]) from exc


__all__ = [
    "DOCUMENT_KINDS", "CertificateJob", "award_list", "bank_book", "cash_book", "certificate_for", "certificate_job",
    "minutes", "parse_day", "plan_register_numbers", "voucher", "datetime",
]


# -- blank-form layout profiles -----------------------------------------------------------
def profiles_path():
    from ..config import config_dir

    return config_dir() / "certificate_profiles.json"


def certificate_profiles():
    """The user's saved layout profiles (with their printer offsets), else the shipped ones."""
    from ..pdf.certificate import load_profiles

    path = profiles_path()
    if path.exists():
        try:
            return load_profiles(path)
        except (ValueError, KeyError, OSError):
            pass
    return load_profiles()


def find_profile(name: str | None):
    profiles = certificate_profiles()
    if not profiles:
        raise NotFoundError("Chưa có mẫu phôi giấy khen nào.")
    if not name:
        return profiles[0]
    from ..vietnamese import fold

    for p in profiles:
        if fold(p.name) == fold(name):
            return p
    names = ", ".join(f"“{p.name}”" for p in profiles)
    raise NotFoundError(f"Không có mẫu phôi “{name}”. Các mẫu có: {names}.")


def save_certificate_profile(profile) -> None:
    """Store a profile (e.g. with a new printer offset) in the user's profiles, replacing one of that name."""
    from ..pdf.certificate import save_profiles

    profiles = [p for p in certificate_profiles() if p.name != profile.name]
    profiles.insert(0, profile)
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_profiles(profiles, path)


def default_profile_names() -> set[str]:
    """Names of the shipped profiles (they can be edited, but not deleted)."""
    from ..pdf.certificate import load_profiles

    try:
        return {p.name for p in load_profiles()}
    except (ValueError, KeyError, OSError):
        return set()


def is_default_profile(name: str) -> bool:
    return name in default_profile_names()


def delete_certificate_profile(name: str) -> None:
    """Remove a user profile; the shipped defaults cannot be deleted."""
    from ..pdf.certificate import save_profiles

    if is_default_profile(name):
        raise ConflictError(f"“{name}” là mẫu phôi có sẵn của chương trình, không xóa được.")
    profiles = certificate_profiles()
    kept = [p for p in profiles if p.name != name]
    if len(kept) == len(profiles):
        raise NotFoundError(f"Không có mẫu phôi “{name}”.")
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_profiles(kept, path)
