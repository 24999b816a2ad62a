"""The two books from one data file, read back with pdfplumber: the cash book holds no transfer, the
bank book holds every one, both with the shared layout's margins and whole money figures."""

from __future__ import annotations

import re
from datetime import date, timedelta

from khuyenhoc_desktop.domain.fund import VoucherDraft, VoucherFilter
from khuyenhoc_desktop.pdf.bank_book import render_bank_book
from khuyenhoc_desktop.pdf.cash_book import render_cash_book
from khuyenhoc_desktop.services import documents

from .pdfhelpers import MM, plumber, squash

MONEY = re.compile(r"-?\d{1,3}(\.\d{3})*")
TODAY = date(2026, 12, 2)


def fill(ws):
    account, _ = ws.fund.save_account(None, name="Tài khoản tiền gửi Quỹ khuyến học", account_no="3200 205 123456",
                                      bank_name="Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh Tân Yên",
                                      opening_year=2026, opening_amount=1_200_000_000)
    ws.fund.set_opening_balance(2026, 2_000_000)
    for i in range(45):
        day = date(2026, 1, 5) + timedelta(days=7 * i)
        bank = i % 3 == 0
        kind = "chi" if i % 5 == 4 else "thu"
        ws.fund.add(VoucherDraft(kind=kind, voucher_date=day, person=f"Công ty TNHH Xây dựng Hoàng Long số {i}",
                                 reason=("Lãi tiền gửi" if bank else "Ủng hộ tiền mặt") + f" lần {i}",
                                 item="Ủng hộ", amount=1_250_000_000 if bank else 300_000,
                                 account_uuid=account.uuid if bank else ""), confirm=True, today=TODAY)
    return account


def lines(pdf: bytes) -> tuple[str, list]:
    with plumber(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
        pages = [(page.width, page.height, [c for c in page.chars if c["text"].strip()],
                  page.extract_words()) for page in doc.pages]
    return text, pages


def test_cash_book_holds_no_transfer_and_the_bank_book_every_one(ws):
    account = fill(ws)
    cash_pdf = render_cash_book(documents.cash_book(ws, date(2026, 1, 1), date(2026, 12, 31), on=TODAY))
    bank_pdf = render_bank_book(documents.bank_book(ws, date(2026, 1, 1), date(2026, 12, 31), account.uuid, on=TODAY))
    cash_text, cash_pages = lines(cash_pdf)
    bank_text, bank_pages = lines(bank_pdf)
    bank_numbers = ws.fund.fetch(ws.fund.uuids(VoucherFilter(account=account.uuid)))
    cash_numbers = ws.fund.fetch(ws.fund.uuids(VoucherFilter(account="")))
    assert len(bank_numbers) == 15 and len(cash_numbers) == 30
    assert "Lãi tiền gửi" not in cash_text and not re.search(r"B[CN]-2026", cash_text)
    assert all(v.number in cash_text for v in cash_numbers)
    assert all(v.number in bank_text for v in bank_numbers) and "PT-2026" not in bank_text
    assert "SỔ TIỀN GỬI NGÂN HÀNG" in bank_text and "Số hiệu tài khoản tại nơi gửi: 3200 205 123456" in bank_text
    assert squash("Gửi vào") in squash(bank_text) and squash("Số dư cuối kỳ") in squash(bank_text)
    closing = ws.fund.balance(date(2026, 12, 31), account.uuid)
    assert f"{closing:,}".replace(",", ".") in bank_text
    assert len(bank_pages) >= 2
    for width, height, chars, words in cash_pages + bank_pages:
        body = [c for c in chars if c["top"] > 15 * MM]  # below the page number
        assert min(c["x0"] for c in body) >= 30 * MM - 0.5 and width - max(c["x1"] for c in body) >= 15 * MM - 0.5
        assert min(c["top"] for c in chars) >= 10 * MM and height - max(c["bottom"] for c in chars) >= 20 * MM - 0.5
        for w in words:
            token = w["text"].rstrip(".,;:")
            if re.fullmatch(r"-?[\d.]+", token) and "." in token:
                assert MONEY.fullmatch(token), token

