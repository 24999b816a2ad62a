"""What the PDF renderers print: frozen dataclasses, the ONLY input of `khuyenhoc_desktop.pdf`.

Services build these from records; the renderers never touch storage. Money is an `int`
number of đồng, dates are `datetime.date` (or `datetime.datetime` where a time is printed).
Text may arrive in any Unicode form: the renderers NFC it before it reaches ReportLab.
"""

from __future__ import annotations

from ..vietnamese import format_date_vi

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any, Mapping

from .organisation import Organisation

__all__ = [
    "AgendaItem",
    "AwardListData",
    "AwardRow",
    "CashBookData",
    "CashBookRow",
    "CertificateData",
    "CertificateLayoutProfile",
    "ClassSummaryData",
    "ClassSummaryRow",
    "FieldBox",
    "FieldTotals",
    "MinutesData",
    "Signer",
    "Vote",
    "VoucherData",
    "CERTIFICATE_FIELDS",
    "MEMBER_CARD_FIELDS",
    "MemberCardData",
    "MemberCardSheet",
    "MemberListData",
    "MemberListRow",
    "MemberSection",
    "PROFILE_FIELDS",
    "format_percent",
]


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


# ---------------------------------------------------------------------------
# Certificates (giấy khen)
# ---------------------------------------------------------------------------

# Every field a certificate layout may place; a blank-form profile prints only those it lists
# ("tang", the word "TẶNG", and the signer block are for phôi that do not have them printed).
CERTIFICATE_FIELDS = (
    "tang",
    "issuing_body",
    "parent_body",
    "name",
    "details",
    "achievement",
    "school_year",
    "decision",
    "register",
    "place_date",
    "signer_authority",
    "signer_title",
    "signer_name",
)


@dataclass(frozen=True)
class CertificateData:
    recipient_name: str
    salutation: str = "Em"  # "Em" / "Ông" / "Bà" / "" (none)
    class_name: str = ""  # "9A"
    school: str = ""  # "Trường THCS Tân Dĩnh" ("Trường" is added when missing)
    village: str = ""  # "Thôn Đồng Quan"
    details: str = ""  # overrides the details line built from class/school/village
    achievement: str = ""  # "Đạt giải Nhất học sinh giỏi cấp tỉnh môn Toán"
    achievement_prefix: str = "Đã có thành tích: "
    school_year: str = ""  # "2024-2025" → "Năm học 2024 - 2025"
    decision_number: str = ""  # "12/QĐ-HKH"
    decision_date: date | None = None
    register_number: str = ""  # số vào sổ
    issue_place: str = ""  # địa danh: "Tân Dĩnh"
    issue_date: date | None = None
    signer_authority: str = "TM. BAN CHẤP HÀNH"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    issuing_body: str = ""  # red line: "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ TÂN DĨNH"
    parent_body: str = ""  # cơ quan chủ quản; not on the default layout, a profile may place it
    draft: bool = False  # a "BẢN NHÁP" preview of an undecided award: marked, never numbered
    heading: str = "GIẤY KHEN"  # the big red title of the artwork ("GIẤY CÔNG NHẬN" for a recognised model)
    verb: str = "TẶNG"  # the word above it ("CÔNG NHẬN")
    year_line: str = ""  # replaces "Năm học …" when set ("Năm 2026")

    @classmethod
    def from_organisation(cls, org: Organisation, recipient_name: str, **values: Any) -> "CertificateData":
        """Fill issuer, place and signer from the committee profile; `values` override."""
        defaults = {
            "issuing_body": org.issuing_body_upper(),
            "parent_body": org.parent_body.upper(),
            "issue_place": org.place_name or org.commune,
            "signer_name": org.chair,
        }
        defaults.update(values)
        return cls(recipient_name=recipient_name, **defaults)

    # The printed lines (plain text; the renderer NFCs and fits them).
    def details_line(self) -> str:
        if self.details.strip():
            return self.details.strip()
        parts = []
        if self.class_name.strip():
            parts.append(f"Học sinh lớp {self.class_name.strip()}")
        school = self.school.strip()
        if school:
            if not school.lower().startswith(("trường", "truong")):
                school = f"Trường {school}"
            parts.append(school)
        if self.village.strip():
            parts.append(self.village.strip())
        return ", ".join(parts)

    def achievement_line(self) -> str:
        text = self.achievement.strip()
        return f"{self.achievement_prefix}{text}" if text else ""

    def school_year_line(self) -> str:
        if self.year_line.strip():
            return self.year_line.strip()
        year = self.school_year.strip()
        if not year:
            return ""
        if "-" in year and " - " not in year:
            a, _, b = year.partition("-")
            year = f"{a.strip()} - {b.strip()}"
        return f"Năm học {year}"

    def decision_line(self) -> str:
        if not self.decision_number.strip() and self.decision_date is None:
            return ""
        text = f"Số QĐ: {self.decision_number.strip() or '…'}"
        if self.decision_date is not None:
            text += f", ngày {self.decision_date:%d/%m/%Y}"
        return text

    def register_line(self) -> str:
        if self.draft or not self.register_number.strip():
            return ""
        return f"Số vào sổ: {self.register_number.strip()}"

    def place_date_line(self) -> str:
        place = self.issue_place.strip()
        if self.issue_date is None:
            return f"{place}, ngày … tháng … năm …" if place else ""
        d = self.issue_date
        when = format_date_vi(d)
        return f"{place}, {when}" if place else when.capitalize()


@dataclass(frozen=True)
class FieldBox:
    """Where a certificate field goes, in millimetres from the paper's top-left corner.

    `x_mm` is the left edge of the box, `y_mm` the baseline of the first line; the text is
    aligned inside `width_mm`. With `height_mm` > 0 the text may wrap downwards into that
    height (the first baseline stays at `y_mm`); otherwise it stays on one line. Text that
    does not fit shrinks, down to `min_font_size` (0 = 60 % of `font_size`), then wraps.
    """

    x_mm: float
    y_mm: float
    width_mm: float
    font_size: float = 14.0
    bold: bool = False
    italic: bool = False
    align: str = "center"  # "left" / "center" / "right"
    height_mm: float = 0.0
    min_font_size: float = 0.0
    color: str = "#000000"

    @property
    def min_size(self) -> float:
        return self.min_font_size or round(self.font_size * 0.6, 1)

    @property
    def anchor_x_mm(self) -> float:
        """Where the alignment point sits: left edge, centre or right edge of the box."""
        if self.align == "left":
            return self.x_mm
        if self.align == "right":
            return self.x_mm + self.width_mm
        return self.x_mm + self.width_mm / 2

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "FieldBox":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


# The variable text of a thẻ hội viên (positions relative to the card's top-left corner): what a
# blank-form profile of pre-printed card stock may place, and what the full card fills in.
MEMBER_CARD_FIELDS = (
    "association",
    "title",
    "name",
    "birth_year",
    "unit",
    "card_no",
    "joined_on",
    "place_date",
    "signer_authority",
    "signer_title",
    "signer_name",
)

# The documents a layout profile positions text on, and the fields each may place.
# A giấy công nhận (recognition of a learning model) has the giấy khen's fields on its own phôi.
PROFILE_FIELDS = {"certificate": CERTIFICATE_FIELDS, "member_card": MEMBER_CARD_FIELDS,
                  "recognition": CERTIFICATE_FIELDS}
PROFILE_DOCUMENTS = {"certificate": "giấy khen", "member_card": "thẻ hội viên", "recognition": "giấy công nhận"}

PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")


@dataclass(frozen=True)
class CertificateLayoutProfile:
    """A named blank-form (phôi) layout: paper, per-printer offset, and the fields it prints.

    `document` says what the phôi is: a giấy khen (fields in mm from the paper's corner) or a sheet of
    pre-printed member cards ("member_card": fields in mm from each card's corner)."""

    name: str
    paper: str = "A4"
    orientation: str = "landscape"
    offset_x_mm: float = 0.0  # + moves everything right
    offset_y_mm: float = 0.0  # + moves everything down
    fields: Mapping[str, FieldBox] = field(default_factory=dict)
    document: str = "certificate"

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"Khổ giấy không hỗ trợ: {self.paper}")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"Hướng giấy không hợp lệ: {self.orientation}")
        if self.document not in PROFILE_FIELDS:
            raise ValueError(f"Loại phôi không hợp lệ: {self.document}")
        unknown = set(self.fields) - set(PROFILE_FIELDS[self.document])
        if unknown:
            raise ValueError(f"Trường không có trên {PROFILE_DOCUMENTS[self.document]}: {', '.join(sorted(unknown))}")

    @property
    def field_order(self) -> tuple[str, ...]:
        """Every field this profile's document may place, in drawing order."""
        return PROFILE_FIELDS[self.document]

    def with_offset(self, x_mm: float, y_mm: float) -> "CertificateLayoutProfile":
        return replace(self, offset_x_mm=x_mm, offset_y_mm=y_mm)

    def to_dict(self) -> dict:
        out = {
            "name": self.name,
            "paper": self.paper,
            "orientation": self.orientation,
            "offset_x_mm": self.offset_x_mm,
            "offset_y_mm": self.offset_y_mm,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
        }
        if self.document != "certificate":  # a certificate profile's file stays as it was
            out["document"] = self.document
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CertificateLayoutProfile":
        return cls(
            name=str(data["name"]),
            paper=str(data.get("paper", "A4")),
            orientation=str(data.get("orientation", "landscape")),
            offset_x_mm=float(data.get("offset_x_mm", 0)),
            offset_y_mm=float(data.get("offset_y_mm", 0)),
            fields={k: FieldBox.from_dict(v) for k, v in dict(data.get("fields", {})).items()},
            document=str(data.get("document", "certificate")),
        )


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


# ---------------------------------------------------------------------------
# Vouchers (phiếu thu / phiếu chi)
# ---------------------------------------------------------------------------

# The signature blocks of the person who hands over or receives the cash.
PERSON_SIGNERS = ("Người nộp tiền", "Người nhận tiền")
DEFAULT_LEGAL_BASIS = "(Ban hành theo Thông tư số 133/2016/TT-BTC ngày 26/8/2016 của Bộ Tài chính)"


def default_voucher_signers(kind: str, org: Organisation | None = None) -> tuple[Signer, ...]:
    """Signature row of 01-TT / 02-TT adapted to a Hội (titles are configurable)."""
    org = org or Organisation()
    note = "(Ký, họ tên)"
    chair = Signer("Chủ tịch Hội", org.chair, note="(Ký, họ tên, đóng dấu)")
    accountant = Signer("Kế toán", org.accountant, note=note)
    treasurer = Signer("Thủ quỹ", org.treasurer, note=note)
    maker = Signer("Người lập phiếu", org.accountant, note=note)
    if kind == "thu":
        return (chair, accountant, Signer("Người nộp tiền", note=note), maker, treasurer)
    return (chair, accountant, treasurer, maker, Signer("Người nhận tiền", note=note))


@dataclass(frozen=True)
class VoucherData:
    kind: str  # "thu" / "chi"
    organisation: Organisation
    number: str  # "PT-2026-0001"
    date: date
    person: str  # người nộp / người nhận tiền
    amount: int  # đồng, positive (a reversal prints it negative)
    reason: str = ""
    address: str = ""  # địa chỉ / bộ phận of the person
    book: str = ""  # quyển số
    attachments: int = 0  # số chứng từ gốc kèm theo
    attachments_text: str = ""  # "Chứng từ gốc" description override
    method: str = "Tiền mặt"
    debit_account: str = ""  # Nợ
    credit_account: str = ""  # Có
    signers: tuple[Signer, ...] = ()  # () = default_voucher_signers(kind, organisation)
    form_code: str = ""  # "" = "Mẫu số 01 - TT" / "Mẫu số 02 - TT"
    legal_basis: str = DEFAULT_LEGAL_BASIS
    is_reversal: bool = False
    reversal_of: str = ""  # number of the voucher being reversed
    reversal_of_date: date | None = None  # its date
    reversal_note: str = ""  # free text after "Điều chỉnh giảm phiếu …"
    is_void: bool = False  # a voided phiếu prints with the "ĐÃ HỦY" mark, never as a valid one
    void_reason: str = ""
    voided_on: date | None = None
    two_copies: bool = False  # two liên on one A4 sheet (each half a page)
    copy_labels: tuple[str, ...] = ("Liên 1", "Liên 2")

    def __post_init__(self) -> None:
        if self.kind not in ("thu", "chi"):
            raise ValueError("Loại phiếu phải là 'thu' hoặc 'chi'.")

    @property
    def title(self) -> str:
        """"PHIẾU THU" / "PHIẾU CHI"; a reversal is a correction voucher: "PHIẾU THU ĐIỀU CHỈNH"."""
        base = "PHIẾU THU" if self.kind == "thu" else "PHIẾU CHI"
        return f"{base} ĐIỀU CHỈNH" if self.is_reversal else base

    @property
    def signed_amount(self) -> int:
        return -abs(self.amount) if self.is_reversal else self.amount

    @property
    def reversal_line(self) -> str:
        """What a correction voucher corrects: "Điều chỉnh giảm phiếu thu số PT-2026-0003 ngày 03/02/2026: …"."""
        if not self.is_reversal:
            return ""
        kind = "phiếu thu" if self.kind == "thu" else "phiếu chi"
        text = f"Điều chỉnh giảm (đảo) {kind} số {self.reversal_of.strip() or '…'}"
        if self.reversal_of_date is not None:
            text += f" ngày {self.reversal_of_date:%d/%m/%Y}"
        if self.reversal_note.strip():
            text += f": {self.reversal_note.strip()}"
        return text

    @property
    def void_line(self) -> str:
        """"ĐÃ HỦY ngày 06/02/2026. Lý do: …" for a voided phiếu, else ""."""
        if not self.is_void:
            return ""
        text = "ĐÃ HỦY"
        if self.voided_on is not None:
            text += f" ngày {self.voided_on:%d/%m/%Y}"
        reason = self.void_reason.strip()
        return f"{text}. Lý do: {reason}" if reason else f"{text}."

    @property
    def effective_form_code(self) -> str:
        return self.form_code or ("Mẫu số 01 - TT" if self.kind == "thu" else "Mẫu số 02 - TT")

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        """The signature row; a correction voucher moves no cash, so it has no payer/payee block."""
        signers = self.signers or default_voucher_signers(self.kind, self.organisation)
        if self.is_reversal:
            signers = tuple(s for s in signers if s.title not in PERSON_SIGNERS)
        return signers


# ---------------------------------------------------------------------------
# Award list (danh sách nhận thưởng)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardListData:
    organisation: Organisation
    title: str = "DANH SÁCH NHẬN THƯỞNG"
    subtitle: str = ""  # "Năm học 2024 - 2025 (kèm theo Quyết định số …)"
    rows: tuple[AwardRow, ...] = ()  # printed in this order (the caller sorts)
    signers: tuple[Signer, ...] = ()  # () = Người lập biểu, Thủ quỹ, TM. BCH / Chủ tịch
    place: str = ""  # "" = organisation.place_name
    date: date | None = None
    number: str = ""
    show_sign_column: bool = True

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP BIỂU", org.accountant or org.secretary),
            Signer("THỦ QUỸ", org.treasurer),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH"),
        )


# ---------------------------------------------------------------------------
# Dues list (danh sách thu hội phí / hội viên chưa nộp hội phí)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DuesListRow:
    name: str
    code: str = ""
    birth_year: int | None = None
    village: str = ""
    category: str = ""
    amount: int = 0  # what was paid, or what is owed
    voucher_number: str = ""  # the phiếu thu, "" = not paid


@dataclass(frozen=True)
class DuesListData:
    organisation: Organisation
    title: str = "DANH SÁCH THU HỘI PHÍ"
    subtitle: str = ""  # "Năm 2026 – Chi hội thôn Đông"
    rows: tuple[DuesListRow, ...] = ()  # printed in this order (the caller sorts)
    signers: tuple[Signer, ...] = ()  # () = Người lập biểu, Thủ quỹ, TM. BCH / Chủ tịch
    place: str = ""
    date: date | None = None
    number: str = ""
    show_voucher_column: bool = True  # False on the unpaid list
    sign_label: str = "Ký nộp"

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def paid_total(self) -> int:
        return sum(r.amount for r in self.rows if r.voucher_number)

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP BIỂU", ""),
            Signer("THỦ QUỸ", org.treasurer),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH"),
        )


# ---------------------------------------------------------------------------
# Cash book (sổ quỹ tiền mặt)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CashBookRow:
    posting_date: date  # ngày ghi sổ
    description: str  # diễn giải
    doc_date: date | None = None  # ngày chứng từ
    receipt_no: str = ""  # số hiệu phiếu thu
    payment_no: str = ""  # số hiệu phiếu chi
    receipt: int = 0  # thu
    payment: int = 0  # chi
    balance: int = 0  # tồn (computed by the ledger, never typed)
    note: str = ""


@dataclass(frozen=True)
class CashBookData:
    organisation: Organisation
    period_from: date
    period_to: date
    opening_balance: int
    rows: tuple[CashBookRow, ...] = ()
    title: str = "SỔ QUỸ TIỀN MẶT"
    form_code: str = ""  # e.g. "Mẫu số S07-DN"; "" = none
    legal_basis: str = ""
    signers: tuple[Signer, ...] = ()  # () = Người ghi sổ, Kế toán, Chủ tịch
    place: str = ""
    date: date | None = None  # date printed over the signatures
    page_totals: bool = True  # "Cộng trang" / "Mang sang" at the foot of every page
    opened_on: date | None = None  # ngày mở sổ: the book's real opening (None: printed as dots)
    subtotals: str = "month"  # "month" / "day": a "Cộng" row after each month / day with entries; "" none
    bank_name: str = ""  # the bank book (sổ tiền gửi): nơi mở tài khoản …
    account_no: str = ""  # … and số hiệu tài khoản; both "" for the cash book

    @property
    def total_receipt(self) -> int:
        return sum(r.receipt for r in self.rows)

    @property
    def total_payment(self) -> int:
        return sum(r.payment for r in self.rows)

    @property
    def closing_balance(self) -> int:
        return self.opening_balance + self.total_receipt - self.total_payment

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        note = "(Ký, họ tên)"
        return (
            Signer("NGƯỜI GHI SỔ", org.treasurer, note=note),
            Signer("KẾ TOÁN", org.accountant, note=note),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH", note="(Ký, họ tên, đóng dấu)"),
        )


# ---------------------------------------------------------------------------
# Class summary (tổng hợp lớp học / chuyên đề)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSummaryRow:
    name: str
    field: str = ""  # lĩnh vực
    start_date: date | None = None
    end_date: date | None = None
    sessions: int = 0
    learners_total: int = 0
    learners_women: int = 0
    learners_minority: int = 0
    location: str = ""
    note: str = ""


@dataclass(frozen=True)
class FieldTotals:
    field: str
    classes: int
    sessions: int
    learners_total: int
    learners_women: int
    learners_minority: int


@dataclass(frozen=True)
class ClassSummaryData:
    organisation: Organisation
    rows: tuple[ClassSummaryRow, ...] = ()
    title: str = "TỔNG HỢP LỚP HỌC, CHUYÊN ĐỀ"
    subtitle: str = ""  # "Năm 2025"
    signers: tuple[Signer, ...] = ()
    place: str = ""
    date: date | None = None
    number: str = ""

    def totals_by_field(self) -> tuple[FieldTotals, ...]:
        order: list[str] = []
        sums: dict[str, list[int]] = {}
        for r in self.rows:
            key = r.field or "Khác"
            if key not in sums:
                order.append(key)
                sums[key] = [0, 0, 0, 0, 0]
            s = sums[key]
            s[0] += 1
            s[1] += r.sessions
            s[2] += r.learners_total
            s[3] += r.learners_women
            s[4] += r.learners_minority
        return tuple(FieldTotals(k, *sums[k]) for k in order)

    def grand_total(self) -> FieldTotals:
        t = self.totals_by_field()
        return FieldTotals(
            "Tổng cộng",
            sum(x.classes for x in t),
            sum(x.sessions for x in t),
            sum(x.learners_total for x in t),
            sum(x.learners_women for x in t),
            sum(x.learners_minority for x in t),
        )

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP BIỂU", org.secretary),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH"),
        )



@dataclass(frozen=True)
class ProvinceTable:
    """One table of the province's summary: its title, columns (header, key, kind: text | int | money)
    and rows (key → value); `strong_rows`: the indexes of rows printed in bold (the province's totals)."""

    title: str
    columns: tuple[tuple[str, str, str], ...]
    rows: tuple[Mapping[str, Any], ...]
    strong_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProvinceSummaryData:
    """Tổng hợp số liệu khuyến học các xã: by commune, awards by dimension, classes by field, learning models."""

    tables: tuple[ProvinceTable, ...]
    school_year: str = ""
    author: str = ""


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


# -- learning models (mô hình học tập) -------------------------------------------------------------
@dataclass(frozen=True)
class LearningTableRow:
    """One line of the statistics table: a thôn's households, or one model's totals. `total` None: no count
    of all (Công dân học tập is counted per target group, registered and recognised only)."""

    label: str
    total: int | None
    registered: int
    recognised: int

    @property
    def registered_percent(self) -> str:
        return format_percent(self.registered, self.total, 1, fixed=True) if self.total else "–"

    @property
    def recognised_percent(self) -> str:
        return format_percent(self.recognised, self.total, 1, fixed=True) if self.total else "–"


@dataclass(frozen=True)
class LearningModelsTableData:
    """Biểu thống kê kết quả xây dựng các mô hình học tập of one year: Gia đình học tập by thôn, then the totals
    of Dòng họ, Cộng đồng, Đơn vị and Công dân học tập. A rate is of the total on the list."""

    organisation: Organisation
    year: int
    villages: tuple[LearningTableRow, ...] = ()
    models: tuple[LearningTableRow, ...] = ()
    date: date | None = None
    number: str = ""
    place: str = ""
    signers: tuple[Signer, ...] = ()
    recipients: tuple[str, ...] = ("Hội Khuyến học tỉnh", "Đảng ủy, UBND xã", "Lưu: VT")

    @property
    def family_total(self) -> LearningTableRow:
        return LearningTableRow("Cộng", sum(r.total or 0 for r in self.villages),
                                sum(r.registered for r in self.villages), sum(r.recognised for r in self.villages))

    @property
    def title(self) -> str:
        return f"BIỂU THỐNG KÊ KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM {self.year}"

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        org = self.organisation
        return (
            Signer("NGƯỜI LẬP BIỂU", org.secretary, note="(Ký, ghi rõ họ tên)"),
            Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH", note="(Ký, ghi rõ họ tên, đóng dấu)"),
        )


@dataclass(frozen=True)
class ScoreSheetItem:
    code: str
    name: str
    max_points: int
    points: int | None = None  # None: a blank sheet to fill in by hand


@dataclass(frozen=True)
class ScoreSheetCriterion:
    code: str
    name: str
    max_points: int
    items: tuple[ScoreSheetItem, ...] = ()

    @property
    def points(self) -> int | None:
        """The sum of its sub-items' points; None on a blank sheet or for a criterion without sub-items yet."""
        values = [i.points for i in self.items]
        return None if not values or any(v is None for v in values) else sum(values)


@dataclass(frozen=True)
class ScoreSheetData:
    """Phiếu chấm điểm (tự đánh giá) of one subject against one criteria set, or a blank one."""

    organisation: Organisation
    title: str  # "PHIẾU CHẤM ĐIỂM ĐƠN VỊ HỌC TẬP NĂM 2026"
    set_label: str  # the set's name, version and decision
    subject_lines: tuple[tuple[str, str], ...] = ()  # ("Tên đơn vị", "Trường Tiểu học …")
    criteria: tuple[ScoreSheetCriterion, ...] = ()
    max_total: int = 0
    total: int | None = None
    result: str = ""
    rule_text: str = ""  # how the result is decided, in words
    status_note: str = ""  # "Bộ tiêu chí cần đối chiếu văn bản …"
    date: date | None = None
    place: str = ""
    signers: tuple[Signer, ...] = ()

    @property
    def effective_signers(self) -> tuple[Signer, ...]:
        if self.signers:
            return self.signers
        return (Signer("NGƯỜI TỰ ĐÁNH GIÁ", note="(Ký, ghi rõ họ tên)"),
                Signer("HỘI ĐỒNG BÌNH XÉT", authority="XÁC NHẬN CỦA", note="(Ký, ghi rõ họ tên)"))


@dataclass(frozen=True)
class RegistrationFormPage:
    """One phiếu đăng ký: a subject's lines (label, value; a dotted value on a blank form), the date it was
    registered (None: left to fill in) and who signs for it."""

    lines: tuple[tuple[str, str], ...]
    registered_on: date | None = None
    signer_title: str = "NGƯỜI ĐĂNG KÝ"
    signer_name: str = ""


@dataclass(frozen=True)
class RegistrationFormsData:
    """Phiếu đăng ký xây dựng danh hiệu of one title and year, one page per subject (or one blank page)."""

    organisation: Organisation
    year: int
    title_word: str  # "Gia đình học tập"
    addressee: str  # "Kính gửi: Ban Chấp hành Hội Khuyến học xã Tân Dĩnh"
    intro: str  # the sentence that registers
    commitments: tuple[str, ...]
    pages: tuple[RegistrationFormPage, ...]
    witness: Signer = Signer("CHI HỘI KHUYẾN HỌC", authority="XÁC NHẬN CỦA", note="(Ký, ghi rõ họ tên)")
    place: str = ""

    @property
    def title(self) -> str:
        return f"PHIẾU ĐĂNG KÝ XÂY DỰNG DANH HIỆU “{self.title_word.upper()}” NĂM {self.year}"


@dataclass(frozen=True)
class RecognitionListRow:
    name: str
    detail: str = ""  # trưởng họ, thủ trưởng, số nhân khẩu …
    result: str = ""  # the score sheet's "90/100 – Tốt", or ""
    note: str = ""  # "còn hiệu lực đến năm 2028", the logged reason


@dataclass(frozen=True)
class RecognitionListGroup:
    village: str  # "" for a model that is not listed by thôn
    rows: tuple[RecognitionListRow, ...]


@dataclass(frozen=True)
class RecognitionListSection:
    """The subjects of one decision (or, `decision_line` empty, the earlier ones still valid)."""

    heading: str  # "DANH SÁCH GIA ĐÌNH ĐƯỢC CÔNG NHẬN DANH HIỆU “GIA ĐÌNH HỌC TẬP” NĂM 2026"
    decision_line: str  # "(Kèm theo Quyết định số 20/QĐ-UBND ngày 01/12/2026 của Ủy ban nhân dân xã Tân Dĩnh)"
    name_label: str  # "Họ và tên chủ hộ"
    detail_label: str
    count_word: str  # "hộ gia đình"
    groups: tuple[RecognitionListGroup, ...]
    decision_number: str = ""  # "" for the earlier recognitions still valid
    note: str = ""  # a note every row shares, printed once under the table instead of on each row

    def with_shared_note(self) -> "RecognitionListSection":
        """The same section with a note that all its rows (two or more) carry said once, under the table."""
        notes = {r.note for g in self.groups for r in g.rows}
        if self.count < 2 or len(notes) != 1 or not next(iter(notes)):
            return self
        groups = tuple(RecognitionListGroup(g.village, tuple(replace(r, note="") for r in g.rows)) for g in self.groups)
        return replace(self, groups=groups, note=next(iter(notes)))

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class RecognitionListData:
    """Danh sách công nhận of a year: a section per decision, then those recognised earlier and still valid."""

    organisation: Organisation
    year: int
    sections: tuple[RecognitionListSection, ...]
    date: date | None = None
    place: str = ""
    signer: Signer = Signer("CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN")
    issuing_body: str = ""  # the header's left column


@dataclass(frozen=True)
class HandoverBook:
    name: str  # "Sổ quỹ tiền mặt", a bank account's label
    balance: int
    receipt_number: str = ""  # the new file's phiếu that received it


@dataclass(frozen=True)
class HandoverSide:
    """One side of a handover: the association and who signs for it."""

    committee_name: str
    chair: str
    treasurer: str = ""
    accountant: str = ""


@dataclass(frozen=True)
class HandoverMinutes:
    """Biên bản bàn giao (Nghị định 30): an old association hands its records and fund to the new one at the
    merger date; the balances per book and the records per kind."""

    organisation: Organisation  # the new association: the header
    giver: HandoverSide
    receiver: HandoverSide
    giver_commune: str  # "xã Đồng Sơn"
    merger_date: date
    place: str
    books: tuple[HandoverBook, ...]
    counts: tuple[tuple[str, int], ...]  # (kind label, records)
    voucher_prefix: str  # the old series' prefix in the new file: "07450/"
    number: str = "…/BB-HKH"

    @property
    def total(self) -> int:
        return sum(b.balance for b in self.books)


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
