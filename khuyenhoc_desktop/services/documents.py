"""Printables from records: certificates, award lists, vouchers, the cash book, meeting minutes,
the class summary; and the print settings (quyển số per year, salutation per award category).

Everything else here only reads, except `issue_certificates` (through `CertificateJob.commit()`),
which gives register numbers (số vào sổ) to the decided awards printed for the first time, in list
order. The numbers printed on the certificates are planned before rendering and `commit()` checks
the database gave the same ones; so a preview, a draft batch or a cancelled job gives out no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..domain.awards import STATUSES, Award, AwardFilter
from ..domain.errors import AppError, ConflictError, NotFoundError, ValidationError, FieldError
# Each document's declaration loads with its document (printing certificates needs only its own).
from ..domain.printables import CertificateData
from ..storage.engines import joined_transaction

if TYPE_CHECKING:
    from ..domain.meetings import Meeting
    from ..domain.printables import (AwardListData, CashBookData, ClassSummaryData, MemberCardSheet, MemberListData,
                                     MinutesData, VoucherData)


def _method_label(method: str) -> str:
    from ..domain.fund import METHODS

    return METHODS.get(method, method)


DOCUMENT_KINDS = {
    "certificates": "Giấy khen",
    "award-list": "Danh sách nhận thưởng",
    "minutes": "Biên bản họp",
    "voucher": "Phiếu thu / phiếu chi",
    "cash-book": "Sổ quỹ tiền mặt",
    "class-summary": "Tổng hợp lớp học, chuyên đề",
}

# The tables each document reads: a change to one of them makes a generated preview out of date.
DOCUMENT_TABLES = {
    "certificates": ("award",),
    "award-list": ("award",),
    "minutes": ("meeting", "award"),
    "voucher": ("voucher",),
    "cash-book": ("voucher", "fund_opening"),
    "class-summary": ("learning_class",),
}


def file_slug(text: str) -> str:
    """`text` as a safe part of a suggested file name ("PT-2026-0001", "05-BB-HKH")."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-") or "tai-lieu"


# -- certificates -------------------------------------------------------------------------
# Certificates are for what was decided: approved and paid awards. Drafts print only as a
# "BẢN NHÁP" preview and never get a register number.
DECIDED = ("approved", "awarded")
SALUTATIONS = ("Em", "Anh", "Chị", "Ông", "Bà", "Cháu")
SALUTATIONS_KEY = "certificate_salutations"  # award category → salutation


def salutation_settings(ws) -> dict[str, str]:
    from ..storage import settings as settings_store

    raw = settings_store.get(ws.datafile, SALUTATIONS_KEY, {}) or {}
    return {str(k): str(v) for k, v in raw.items() if v in SALUTATIONS}


def set_salutation(ws, category: str, salutation: str) -> None:
    """The salutation printed before the names of a category ("" = by age, see `salutation_for`)."""
    from ..storage import settings as settings_store
    from ..vietnamese import normalize

    if salutation and salutation not in SALUTATIONS:
        raise ValidationError([FieldError("salutation", "Cách gọi phải là một trong: " + ", ".join(SALUTATIONS) + ".")])
    values = salutation_settings(ws)
    category = normalize(category)
    if salutation:
        values[category] = salutation
    else:
        values.pop(category, None)
    settings_store.put(ws.datafile, SALUTATIONS_KEY, values)


def salutation_for(award: Award, on: date | None, settings: dict[str, str]) -> str:
    """The category's setting; else by age on `on` when the birth date is known (under 18: "Em";
    adults "Anh"/"Chị" under 35, "Ông"/"Bà" from 35, by gender, none when the gender is unknown);
    else "Em" (the learners most certificates are for)."""
    chosen = settings.get(award.category)
    if chosen:
        return chosen
    if award.birth_date is None or on is None:
        return "Em"
    age = on.year - award.birth_date.year - ((on.month, on.day) < (award.birth_date.month, award.birth_date.day))
    if age < 18:
        return "Em"
    if award.gender not in ("Nam", "Nữ"):
        return ""
    if age < 35:
        return "Anh" if award.gender == "Nam" else "Chị"
    return "Ông" if award.gender == "Nam" else "Bà"


def certificate_for(award: Award, org, register_number: str = "", issue_date: date | None = None, *,
                    salutation: str = "Em", draft: bool = False) -> CertificateData:
    return CertificateData.from_organisation(
        org,
        award.full_name,
        salutation=salutation,
        class_name=award.class_name,
        school=award.school,
        village=award.village,
        achievement=award.achievement or " ".join(x for x in (award.category, award.prize and f"giải {award.prize}") if x),
        school_year=award.school_year,
        decision_number=award.decision_no,
        decision_date=award.decision_date,
        register_number="" if draft else (register_number or award.register_no),
        issue_date=issue_date if issue_date is not None else award.decision_date,
        draft=draft,
    )


def sample_certificate(org, today: date) -> CertificateData:
    """A made-up certificate to preview a layout when no real one was chosen, dated `today`."""
    return CertificateData.from_organisation(
        org, "Nguyễn Văn An", class_name="9A", school="THCS", school_year="2024-2025",
        achievement="Đạt danh hiệu Học sinh Giỏi", decision_number="12/QĐ-HKH", decision_date=today,
        register_number="1/2024-2025", issue_date=today)


@dataclass
class CertificateJob:
    """Certificates for a list of awards, with the register numbers they will get on printing.

    A `draft` job is a "BẢN NHÁP" preview: its pages are marked and it gives no numbers."""

    ws: object
    uuids: list[str]
    items: list[CertificateData]
    planned: dict[str, str] = field(default_factory=dict)  # uuid → number given on commit
    committed: bool = False
    draft: bool = False
    skipped_drafts: int = 0  # drafts left out of a final batch

    def __len__(self) -> int:
        return len(self.items)

    def commit(self, when: datetime | None = None) -> dict[str, str]:
        """Record the print (at `when`, default now): register numbers in list order for the awards
        printed the first time. A draft preview records nothing."""
        if self.committed or self.draft:
            return {}
        stamp = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="milliseconds")
        with joined_transaction(self.ws.db):
            given = self.ws.awards.mark_printed(self.uuids, stamp)
            if given != self.planned:
                raise ConflictError("Số vào sổ đã thay đổi trong lúc in (có người khác vừa in). Hãy tạo lại bản in.")
        self.committed = True
        return given


def issue_certificates(job: CertificateJob, write: Callable[[], object] | None = None, *,
                       when: datetime | None = None) -> dict[str, str]:
    """The one numbering path (window and `khuyenhoc print certificates`): give the planned register
    numbers and record the print date, in the same transaction as `write` (the file being written),
    so a failed write gives no numbers out. Returns uuid → number for the awards numbered now."""
    with job.ws.db.atomic():
        given = job.commit(when)
        if write is not None:
            write()
    return given


def issued_message(given: dict[str, str]) -> str:
    """What the user is told once `issue_certificates` has numbered `given` (the window and the command)."""
    return f"Đã cấp số vào sổ cho {len(given)} giấy khen in lần đầu."


def plan_register_numbers(ws, awards: Sequence[Award]) -> dict[str, str]:
    """The numbers `mark_printed` will give, in the same order, without writing anything."""
    return ws.awards.plan_register_numbers((a.uuid, a.school_year, a.register_no) for a in awards)


def certificate_job(ws, flt: AwardFilter | None = None, *, uuids: Iterable[str] | None = None,
                    issue_date: date | None = None, today: date | None = None) -> CertificateJob:
    """Certificates for the filtered awards (Vietnamese name order) or the given uuids (in that order).

    Only approved and paid awards are taken; the status filter "draft" makes a "BẢN NHÁP" preview of
    the drafts instead (no register numbers). `today` dates the age used for the salutation when no
    issue or decision date is known."""
    flt = flt or AwardFilter()
    draft = flt.status == "draft"
    if uuids is not None:
        found = [a for a in ws.awards.fetch(list(uuids)) if not a.deleted]
        awards = [a for a in found if (a.status == "draft") == draft]
    else:  # the filtered list: whole rows are read only for the awards kept (often a third of them)
        listed = ws.awards.uuids_by_status(flt, sort="name")
        found = listed
        awards = ws.awards.fetch([u for u, status in listed if (status == "draft") == draft])
    if not found:
        raise NotFoundError("Không có bản ghi khen thưởng nào để in giấy khen.")
    skipped = len(found) - len(awards)
    if not awards:
        raise NotFoundError(
            f"{len(found)} bản ghi đã chọn đều ở trạng thái Nháp (chưa có quyết định khen thưởng), nên chưa in "
            "giấy khen được. Hãy duyệt danh sách, hoặc chọn trạng thái “Nháp” để in bản nháp xem trước.")
    planned = {} if draft else plan_register_numbers(ws, awards)
    org = ws.organisation
    settings = salutation_settings(ws)
    items = [
        certificate_for(a, org, planned.get(a.uuid, ""), issue_date,
                        salutation=salutation_for(a, issue_date or a.decision_date or today or ws.clock.today(), settings),
                        draft=draft)
        for a in awards
    ]
    return CertificateJob(ws, [a.uuid for a in awards], items, planned, draft=draft, skipped_drafts=skipped)


# -- award list ---------------------------------------------------------------------------
def award_list(ws, flt: AwardFilter | None = None, *, title: str = "DANH SÁCH NHẬN THƯỞNG",
               on: date | None = None) -> AwardListData:
    from ..domain.printables import AwardListData, AwardRow

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
    return AwardListData(organisation=ws.organisation, title=title, subtitle="; ".join(parts), rows=rows, date=on or ws.clock.today())


def _name_order(a) -> tuple:
    """Vietnamese list order of an award or a member (given name, then family, then middle name)."""
    from ..vietnamese import name_sort_key, sort_key_parts

    key = sort_key_parts(a.family_name, a.middle_name, a.given_name) if a.given_name else name_sort_key(a.full_name)
    return (key, a.id)


# -- members ------------------------------------------------------------------------------
def _members_by_unit(ws, flt, uuids: Iterable[str] | None):
    """(unit name or "" → members in Vietnamese name order), the units in catalogue order (chi hội, ban,
    tổ; by name), members without a unit last. Deleted members are never printed."""
    ids = list(uuids) if uuids is not None else ws.members.uuids(flt, sort="name")
    members = [m for m in ws.members.fetch(ids) if not m.deleted]
    units = ws.units.list()
    order = {u.uuid: i for i, u in enumerate(units)}
    names = {u.uuid: u.name for u in units}
    groups: dict[str, list] = {}
    for m in sorted(members, key=lambda m: (order.get(m.unit_uuid, len(order)), _name_order(m))):
        groups.setdefault(names.get(m.unit_uuid, ""), []).append(m)
    return groups


def _member_note(m) -> str:
    """The member's note, and for one no longer on the register its status and day ("Chuyển đi 03/05/2025")."""
    parts = []
    if m.status != "active":
        parts.append(m.status_label + (f" {m.status_date:%d/%m/%Y}" if m.status_date else ""))
    if m.note:
        parts.append(m.note.splitlines()[0])
    return "; ".join(parts)


def member_list(ws, flt=None, *, uuids: Iterable[str] | None = None, show_personal: bool = False,
                on: date | None = None) -> MemberListData:
    """Danh sách hội viên of the filtered members (or the given uuids): one section per chi hội/ban.
    The phone and CCCD are in the rows only with `show_personal` (asked for explicitly)."""
    from ..domain.printables import MemberListData, MemberListRow, MemberSection

    from ..domain.members import STATUSES, MemberFilter

    flt = flt or MemberFilter()
    groups = _members_by_unit(ws, flt, uuids)
    if not groups:
        raise NotFoundError("Không có hội viên nào khớp điều kiện đã chọn.")
    sections = tuple(
        MemberSection(unit, tuple(
            MemberListRow(name=m.full_name, birth_year=m.birth_year, gender=m.gender, village=m.village,
                          joined_on=m.joined_on, card_no=m.card_no, role=m.role, note=_member_note(m),
                          phone=m.phone if show_personal else "", id_number=m.id_number if show_personal else "")
            for m in members))
        for unit, members in groups.items()
    )
    parts = []
    if flt.unit_uuid and len(sections) == 1:
        parts.append(sections[0].unit or "Chưa xếp chi hội/ban")
    if flt.status:
        parts.append(f"Trạng thái: {STATUSES.get(flt.status, flt.status)}")
    if flt.category:
        parts.append(f"Đối tượng: {flt.category}")
    if flt.joined_year:
        parts.append(f"Vào hội năm {flt.joined_year}")
    day = on or ws.clock.today()
    parts.append(f"Tính đến ngày {day:%d/%m/%Y}")
    return MemberListData(organisation=ws.organisation, sections=sections, subtitle="; ".join(parts),
                          show_personal=show_personal, date=day)


def member_cards(ws, flt=None, *, uuids: Iterable[str] | None = None, on: date | None = None) -> MemberCardSheet:
    """Thẻ hội viên for the filtered members (or the given uuids), by chi hội then name. Only members on
    the register now (đang sinh hoạt) get a card; the others chosen are counted in `skipped`. A member
    without a số thẻ gets a card with the number left blank (listed in `without_card_no`)."""
    from ..domain.printables import MemberCardData, MemberCardSheet

    from dataclasses import replace as _replace

    from ..domain.members import ACTIVE_STATUS, MemberFilter

    flt = flt or MemberFilter()
    if uuids is None:
        flt = _replace(flt, status=ACTIVE_STATUS)
    groups = _members_by_unit(ws, flt, uuids)
    chosen = sum(len(g) for g in groups.values())
    cards = tuple(
        MemberCardData(name=m.full_name, birth_year=m.birth_year, unit=unit, card_no=m.card_no,
                       joined_on=m.joined_on, code=m.code)
        for unit, members in groups.items() for m in members if m.status == ACTIVE_STATUS
    )
    if not cards:
        if chosen:
            raise NotFoundError(f"{chosen} hội viên đã chọn đều không còn sinh hoạt (chuyển đi, từ trần hoặc "
                                "thôi), nên không in thẻ.")
        raise NotFoundError("Không có hội viên đang sinh hoạt nào khớp điều kiện đã chọn để in thẻ.")
    return MemberCardSheet(organisation=ws.organisation, cards=cards, date=on or ws.clock.today(),
                           skipped=chosen - len(cards))


def write_member_list(ws, out, flt=None, *, uuids: Iterable[str] | None = None, show_personal: bool = False,
                      on: date | None = None) -> MemberListData:
    """Build the danh sách hội viên and write its PDF to `out` (atomically); the window's one call."""
    from ..pdf.member_list import render_member_list

    data = member_list(ws, flt, uuids=uuids, show_personal=show_personal, on=on)
    render_member_list(data, out=out)
    return data


def write_member_cards(ws, out, flt=None, *, uuids: Iterable[str] | None = None, mode: str = "full",
                       profile=None, on: date | None = None) -> MemberCardSheet:
    """Build the thẻ hội viên and write their PDF to `out` (atomically); blank-form takes `profile`, by
    default the first card-stock profile (with its saved printer offset)."""
    from ..pdf.member_cards import render_member_cards

    sheet = member_cards(ws, flt, uuids=uuids, on=on)
    if mode == "blank-form" and profile is None:
        profile = find_member_card_profile(None)
    render_member_cards(sheet, mode=mode, profile=profile, out=out)
    return sheet


def member_cards_message(sheet: MemberCardSheet, path) -> str:
    """What the window says once the cards are written: the count and sheets, the skipped, the blanks."""
    pages = -(-len(sheet.cards) // 10)
    parts = [f"Đã lưu {len(sheet.cards)} thẻ hội viên ({pages} tờ A4): {path}."]
    if sheet.skipped:
        parts.append(f"Bỏ qua {sheet.skipped} hội viên không còn sinh hoạt.")
    missing = cards_without_number_message(sheet)
    if missing:
        parts.append(missing)
    return " ".join(parts)


def find_unit(ws, name: str):
    """The chi hội/ban called `name` (diacritics and case ignored; a unique partial name is enough)."""
    from ..vietnamese import fold

    units = ws.units.list()
    wanted = fold(name)
    exact = [u for u in units if fold(u.name) == wanted]
    partial = exact or [u for u in units if wanted and wanted in fold(u.name)]
    if len(partial) == 1:
        return partial[0]
    if not units:
        raise NotFoundError("Chưa có chi hội/ban nào.")
    shown = ", ".join(f"“{u.name}”" for u in (partial or units)[:12])
    if partial:
        raise NotFoundError(f"Tên “{name}” khớp nhiều chi hội/ban: {shown}. Hãy gõ đầy đủ hơn.")
    raise NotFoundError(f"Không có chi hội/ban “{name}”. Các chi hội/ban có: {shown}.")


def cards_without_number_message(sheet: MemberCardSheet, limit: int = 10) -> str:
    """What the window and the command say about cards printed without a số thẻ ("" when none)."""
    missing = sheet.without_card_no
    if not missing:
        return ""
    named = ", ".join(f"{c.name} ({c.code})" if c.code else c.name for c in missing[:limit])
    more = f" và {len(missing) - limit} người khác" if len(missing) > limit else ""
    return (f"{len(missing)} hội viên chưa có số thẻ, thẻ in để trống ô số thẻ (điền tay hoặc nhập số thẻ rồi in "
            f"lại): {named}{more}.")


# -- member card profiles (pre-printed card stock) ----------------------------------------
def member_card_profiles_path():
    from ..config import config_dir

    return config_dir() / "member_card_profiles.json"


def member_card_profiles():
    """The user's card-stock profiles (with their printer offsets), else the shipped ones; the same
    profile files and calibration as the certificates' phôi, kept in a file of their own."""
    from ..resources import resource_path

    return _saved_or_shipped(member_card_profiles_path(), resource_path("defaults", "member_card_profiles.json"))


def find_member_card_profile(name: str | None):
    return _find_profile(member_card_profiles(), name, "phôi thẻ hội viên")


def save_member_card_profile(profile) -> None:
    """Store a card-stock profile (e.g. with a new printer offset), replacing one of that name."""
    _store_profile(profile, member_card_profiles(), member_card_profiles_path())


# -- fund ---------------------------------------------------------------------------------
def voucher(ws, number: str, *, two_copies: bool = False, book: str | None = None) -> VoucherData:
    """The phiếu as printed, with its status: a void one carries its reason and date, a reversal
    names the phiếu it reverses (the renderer marks both; neither prints as a valid phiếu).
    `book`, when given, becomes the quyển số of the phiếu's year (a setting) first."""
    from ..domain.printables import VoucherData

    v = ws.fund.get_by_number(number)
    if v.is_bank:  # phiếu thu / chi are signed for cash; a bank movement's paper is the bank's giấy báo
        raise AppError(f"{v.number} là {v.kind_label[0].lower()}{v.kind_label[1:]} của ngân hàng, không phải phiếu "
                       "thu/chi tiền mặt: chứng từ gốc là giấy báo của ngân hàng; in sổ tiền gửi ngân hàng để "
                       "xem các giấy báo.")
    year = v.year or v.voucher_date.year
    if book is not None and book.strip() != voucher_book(ws, year):
        set_voucher_book(ws, year, book)
    reversed_no, reversed_on = "", None
    if v.reverses_uuid:
        try:
            original = ws.fund.get(v.reverses_uuid)
            reversed_no, reversed_on = original.number, original.voucher_date
        except NotFoundError:
            pass
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
        method=_method_label(v.method),
        is_reversal=v.amount < 0 or bool(v.reverses_uuid),
        reversal_of=reversed_no,
        reversal_of_date=reversed_on,
        reversal_note=v.note if v.amount < 0 or v.reverses_uuid else "",
        is_void=v.is_void,
        void_reason=v.void_reason,
        voided_on=_local_day(v.voided_at),
        book=voucher_book(ws, year),
        two_copies=two_copies,
    )


def _local_day(ts: str | None) -> date | None:
    """The local calendar day of a stored UTC timestamp."""
    if not ts:
        return None
    try:
        return datetime.fromisoformat(ts).astimezone().date()
    except ValueError:
        return None


# -- quyển số (voucher book number per year, a setting) ----------------------------------
VOUCHER_BOOKS_KEY = "voucher_books"


def voucher_year(number: str) -> int | None:
    """The year in a typed số phiếu ("PT-2026-0001" → 2026), or None."""
    import re

    found = re.search(r"-(\d{4})-", number or "")
    return int(found.group(1)) if found else None


def voucher_book(ws, year: int) -> str:
    """The quyển số printed on the year's phiếu ("" = a dotted line to fill in by hand)."""
    from ..storage import settings as settings_store

    books = settings_store.get(ws.datafile, VOUCHER_BOOKS_KEY, {}) or {}
    return str(books.get(str(year), "") or "")


def set_voucher_book(ws, year: int, book: str) -> None:
    from ..storage import settings as settings_store
    from ..vietnamese import normalize

    text = normalize(book)
    if len(text) > 20:
        raise ValidationError([FieldError("book", "Quyển số dài quá 20 ký tự.")])
    books = dict(settings_store.get(ws.datafile, VOUCHER_BOOKS_KEY, {}) or {})
    books[str(year)] = text
    settings_store.put(ws.datafile, VOUCHER_BOOKS_KEY, books)


def cash_book(ws, date_from: date, date_to: date, *, on: date | None = None, subtotals: str = "month") -> CashBookData:
    """Sổ quỹ tiền mặt of a period (cash only), signed on `on` (default: the print date, today), with a
    "Cộng" row per month or day (`subtotals` "month" / "day" / "")."""
    return _book_data(ws, ws.fund.cash_book(date_from, date_to), on, subtotals)


def bank_book(ws, date_from: date, date_to: date, account: str, *, on: date | None = None,
              subtotals: str = "month") -> CashBookData:
    """Sổ tiền gửi ngân hàng of one bank account over a period, signed on `on` (default: today)."""
    return _book_data(ws, ws.fund.bank_book(date_from, date_to, account), on, subtotals)


def _book_data(ws, book, on: date | None, subtotals: str) -> CashBookData:
    from ..domain.printables import CashBookData, CashBookRow

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
                        opening_balance=book.opening, rows=rows, title=book.title, date=on or ws.clock.today(),
                        opened_on=book.opened_on, subtotals=subtotals, bank_name=account.bank_name if account else "",
                        account_no=account.account_no if account else "")


# -- class summary ------------------------------------------------------------------------
def class_summary(ws, year: int, *, on: date | None = None) -> ClassSummaryData:
    """Tổng hợp lớp học, chuyên đề of a calendar year, classes in start-date order."""
    from ..domain.printables import ClassSummaryData, ClassSummaryRow

    from ..domain.classes import ClassFilter

    classes = [c for c in ws.classes.fetch(ws.classes.uuids(ClassFilter(year=year), sort="start_date"))
               if not c.deleted]
    if not classes:
        raise NotFoundError(f"Năm {year} chưa có lớp học, chuyên đề nào.")
    rows = tuple(
        ClassSummaryRow(name=c.name, field=c.field, start_date=c.start_date, end_date=c.end_date, sessions=c.sessions,
                        learners_total=c.learners, learners_women=c.women, learners_minority=c.minority,
                        location=c.venue, note=c.note)
        for c in classes
    )
    return ClassSummaryData(organisation=ws.organisation, rows=rows, subtitle=f"Năm {year}",
                            date=on or ws.clock.today())


# -- minutes ------------------------------------------------------------------------------
def minutes(ws, meeting: Meeting | str) -> MinutesData:
    """Biên bản of a meeting (the record, or its số biên bản)."""
    from ..domain.printables import AgendaItem, AwardRow, MinutesData, Vote

    from ..domain.meetings import attendee_lines, recipient_items

    m = ws.meetings.get_by_number(meeting) if isinstance(meeting, str) else meeting
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
        recipients=recipient_items(m.recipients),
    )


def parse_day(text: str) -> date:
    from ..vietnamese import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError([FieldError("date", f"Ngày “{text}” không đúng dạng nn/tt/nnnn.")]) from exc


__all__ = [
    "DECIDED", "DOCUMENT_KINDS", "DOCUMENT_TABLES", "SALUTATIONS", "CertificateJob", "award_list", "bank_book", "cash_book",
    "certificate_for", "certificate_job", "class_summary", "file_slug", "issue_certificates", "issued_message", "minutes", "parse_day",
    "plan_register_numbers", "member_cards", "member_list", "cards_without_number_message",
    "find_member_card_profile", "member_card_profiles", "member_cards_message", "write_member_cards",
    "write_member_list", "save_member_card_profile", "salutation_for", "sample_certificate", "set_salutation", "set_voucher_book", "voucher", "voucher_book",
    "datetime",
]


# -- blank-form layout profiles -----------------------------------------------------------
def profiles_path():
    from ..config import config_dir

    return config_dir() / "certificate_profiles.json"


def certificate_profiles():
    """The user's saved layout profiles (with their printer offsets), else the shipped ones."""
    return _saved_or_shipped(profiles_path(), None)


def _saved_or_shipped(path, shipped):
    """The profiles of the user's file at `path`, else those shipped (`None`: the certificates' own);
    an unreadable user file falls back to the shipped profiles rather than stopping the print."""
    from ..pdf.certificate_profiles import load_profiles

    if path.exists():
        try:
            return load_profiles(path)
        except (ValueError, KeyError, OSError):
            pass
    return load_profiles(shipped)


def _store_profile(profile, current, path) -> None:
    """Write `current` with `profile` first, replacing the one of its name."""
    from ..pdf.certificate_profiles import save_profiles

    profiles = [p for p in current if p.name != profile.name]
    profiles.insert(0, profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_profiles(profiles, path)


def find_profile(name: str | None):
    return _find_profile(certificate_profiles(), name, "phôi giấy khen")


def _find_profile(profiles, name: str | None, what: str):
    if not profiles:
        raise NotFoundError(f"Chưa có mẫu {what} nào.")
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
    _store_profile(profile, certificate_profiles(), profiles_path())


def default_profile_names() -> set[str]:
    """Names of the shipped profiles (they can be edited, but not deleted)."""
    from ..pdf.certificate_profiles import load_profiles

    try:
        return {p.name for p in load_profiles()}
    except (ValueError, KeyError, OSError):
        return set()


def is_default_profile(name: str) -> bool:
    return name in default_profile_names()


def delete_certificate_profile(name: str) -> None:
    """Remove a user profile; the shipped defaults cannot be deleted."""
    from ..pdf.certificate_profiles import save_profiles

    if is_default_profile(name):
        raise ConflictError(f"“{name}” là mẫu phôi có sẵn của chương trình, không xóa được.")
    profiles = certificate_profiles()
    kept = [p for p in profiles if p.name != name]
    if len(kept) == len(profiles):
        raise NotFoundError(f"Không có mẫu phôi “{name}”.")
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_profiles(kept, path)
