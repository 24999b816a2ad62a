"""The cash book PDF read back: money never breaks, sizes hold past 1 tỷ, margins, carried pages,
sub-totals, ngày mở sổ and the signing date."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from khuyenhoc_desktop.domain.printables import CashBookData, CashBookRow
from khuyenhoc_desktop.pdf.cash_book import render_cash_book

from .pdfhelpers import LONG_NAME, MM, pdf_text, plumber, squash

MONEY = re.compile(r"-?\d{1,3}(\.\d{3})*")
LONG_DONOR = "Công ty TNHH Thương mại Dịch vụ và Xây dựng Hoàng Long Phát Triển Nông thôn Bắc Giang"


def big_book(org, n: int = 60, **kw) -> CashBookData:
    """A book with amounts past 1 tỷ, long names and voucher numbers in Ghi chú."""
    rows, balance = [], 1_244_798_890
    for i in range(n):
        day = date(2026, 1, 2) + timedelta(days=3 * i)
        if i % 4 == 3:
            balance -= 123_456_789
            rows.append(CashBookRow(day, f"Chi khen thưởng cho {LONG_NAME}", day, payment_no=f"PC-2026-{10000 + i}",
                                    payment=123_456_789, balance=balance, note=f"Đã đảo bởi PC-2026-{10100 + i}"))
        else:
            balance += 1_244_798_891
            rows.append(CashBookRow(day, f"{LONG_DONOR} ủng hộ quỹ khuyến học", day, receipt_no=f"PT-2026-{i + 1:04d}",
                                    receipt=1_244_798_891, balance=balance))
    values = dict(period_from=date(2026, 1, 1), period_to=date(2026, 12, 31), opening_balance=1_244_798_890,
                  rows=tuple(rows), date=date(2026, 12, 2), opened_on=date(2025, 1, 1))
    values.update(kw)
    return CashBookData(org, **values)


def words(pdf: bytes):
    with plumber(pdf) as doc:
        return [(page.page_number, page.width, page.height,
                 page.extract_words(keep_blank_chars=False, extra_attrs=["size"]), page.chars) for page in doc.pages]


def test_money_figures_never_break_and_keep_ten_points_past_one_ty(org):
    data = big_book(org)
    pdf = render_cash_book(data)
    pages = words(pdf)
    assert len(pages) >= 3
    figures = {f"{n:,}".replace(",", ".") for r in data.rows for n in (r.receipt, r.payment, r.balance) if n}
    figures |= {f"{data.total_receipt:,}".replace(",", "."), f"{data.total_payment:,}".replace(",", "."),
                f"{data.closing_balance:,}".replace(",", ".")}
    seen = set()
    for _, _, _, ws, _ in pages:
        for w in ws:
            text = w["text"].rstrip(".,;:")  # "… đến trang 11." ends a sentence
            if re.fullmatch(r"-?[\d.]+", text) and "." in text:
                assert MONEY.fullmatch(text), text  # a money figure is whole on its line
                if len(text) >= 13:  # ≥ 1 tỷ
                    assert w["size"] >= 10 - 0.01, (text, w["size"])
                seen.add(text)
    assert figures <= seen, figures - seen
    last = squash(pdf_text(pdf)[-1])
    total = f"Cộngphátsinhtrongkỳ{data.total_receipt:,}{data.total_payment:,}".replace(",", ".")
    assert total in last


def test_voucher_numbers_stay_whole_in_every_column(org):
    data = big_book(org)
    pdf = render_cash_book(data)
    tokens = {w["text"] for _, _, _, ws, _ in words(pdf) for w in ws}
    for r in data.rows:
        for number in (r.receipt_no, r.payment_no, r.note.split()[-1] if r.note else ""):
            if number:
                assert number in tokens, number


def test_margins_follow_decree_30_and_nothing_is_within_ten_mm_of_the_edge(org):
    pdf = render_cash_book(big_book(org))
    for number, width, height, _, chars in words(pdf):
        body = [c for c in chars if c["text"].strip() and c["top"] > 15 * MM]  # below the page number
        assert min(c["x0"] for c in body) >= 30 * MM - 0.5
        assert width - max(c["x1"] for c in body) >= 15 * MM - 0.5
        assert min(c["top"] for c in body) >= 25 * MM - 0.5
        assert height - max(c["bottom"] for c in body) >= 20 * MM - 0.5
        for c in chars:
            if c["text"].strip():
                assert min(c["x0"], c["top"], width - c["x1"], height - c["bottom"]) >= 10 * MM, (number, c["text"])


def test_every_page_repeats_the_header_and_carries_the_balance_forward(org):
    data = big_book(org)
    pages = [squash(t) for t in pdf_text(render_cash_book(data))]
    for t in pages:
        assert "Ngày,thángghisổ" in t and "Sốhiệuchứngtừ" in t and "Tồn" in t
    for before, after in zip(pages, pages[1:]):
        carried = before.split("Cộnglũykếchuyểnsangtrangsau")[1]
        brought = after.split("Sốtrangtrướcchuyểnsang")[1]
        assert MONEY.match(carried).group() == MONEY.match(brought).group()


def test_month_subtotals_add_up(org):
    data = big_book(org, n=20)
    text = squash("".join(pdf_text(render_cash_book(data))))
    january = [r for r in data.rows if r.posting_date.month == 1]
    receipts = sum(r.receipt for r in january)
    payments = sum(r.payment for r in january)
    expected = f"Cộngtháng01/2026{receipts:,}{payments:,}{january[-1].balance:,}".replace(",", ".")
    assert expected in text
    one_month = replace(data, rows=tuple(january))
    assert "Cộngtháng" not in squash("".join(pdf_text(render_cash_book(one_month))))
    by_day = squash("".join(pdf_text(render_cash_book(replace(data, subtotals="day")))))
    assert "Cộngngày02/01/2026" in by_day


@pytest.mark.parametrize("opened", [date(2025, 1, 1), None])
def test_december_book_says_when_the_book_was_opened_and_is_signed_on_the_print_date(org, opened):
    rows = (CashBookRow(date(2026, 12, 1), "Thu hội phí", receipt_no="PT-2026-0100", receipt=500_000,
                        balance=10_500_000),)
    data = CashBookData(org, date(2026, 12, 1), date(2026, 12, 31), 10_000_000, rows, date=date(2026, 12, 2),
                        opened_on=opened)
    text = squash(pdf_text(render_cash_book(data))[-1])
    assert "Ngàymởsổ:01/12/2026" not in text
    assert ("Ngàymởsổ:01/01/2025." if opened else "Ngàymởsổ:….") in text
    assert "ngày02tháng12năm2026" in text and "ngày31tháng12" not in text


def test_a_very_long_note_word_does_not_starve_the_description(org):
    from khuyenhoc_desktop.pdf.cash_book import BOOK_MARGINS, PAGE, _column_widths
    from khuyenhoc_desktop.pdf.base import frame_width
    from khuyenhoc_desktop.pdf.styles import stylesheet

    link = "https://drive.google.com/file/d/1a2b3c4d5e6f7g8h9i0j/chung-tu-goc-phieu-thu"
    data = big_book(org, n=3)
    data = replace(data, rows=(replace(data.rows[0], note=f"Xem {link}"),) + data.rows[1:])
    width = frame_width(PAGE, BOOK_MARGINS)
    widths = _column_widths(data, width, stylesheet())
    assert abs(sum(widths) - width) < 0.01
    assert widths[8] <= 0.12 * width + 0.01 and widths[4] >= 0.25 * width
    assert render_cash_book(data)  # lays out
