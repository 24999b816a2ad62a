"""Lists and books: danh sách nhận thưởng, danh sách thu hội phí, sổ quỹ, tổng hợp lớp học."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..organisation import Organisation
from .common import AwardRow, Signer


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
