"""Phiếu thu / phiếu chi (Thông tư 133/2016)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..organisation import Organisation
from .common import Signer


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
