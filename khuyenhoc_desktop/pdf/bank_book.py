"""Sổ tiền gửi ngân hàng (S08-DN) of one bank account, A4 landscape: the cash book's layout
(`pdf.cash_book.render_book`) with the bank's headings — giấy báo Có / Nợ numbers, gửi vào / rút ra /
còn lại, and the account's bank and number under the title."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.printables import CashBookData
from .base import PathLike
from .cash_book import BookLayout, render_book

__all__ = ["BANK_BOOK", "render_bank_book"]


@dataclass(frozen=True)
class _BankLayout(BookLayout):
    def subtitle(self, data: CashBookData) -> list[str]:
        return [f"Nơi mở tài khoản giao dịch: {data.bank_name or '…'}",
                f"Số hiệu tài khoản tại nơi gửi: {data.account_no or '…'}"]


BANK_BOOK = _BankLayout(number_heads=("Báo Có", "Báo Nợ"), money_heads=("Gửi vào", "Rút ra", "Còn lại"),
                        opening_label="Số dư đầu kỳ", closing_label="Số dư cuối kỳ")


def render_bank_book(data: CashBookData, *, out: PathLike | None = None) -> bytes:
    """The bank book of one account (`data.title` "SỔ TIỀN GỬI NGÂN HÀNG")."""
    return render_book(data, BANK_BOOK, out=out)
