"""Phiếu thu/chi with long text, void and reversal, read back: wrapped at ≥ 11 pt, whole, marked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khuyenhoc_desktop.domain.printables import Signer, VoucherData
from khuyenhoc_desktop.pdf import render_voucher

from .pdfhelpers import MM, chars_near_edge, pdf_text, plumber, squash, text_lines

pytestmark = pytest.mark.usefixtures("fonts")

COMPANY = "Công ty TNHH Thương mại Dịch vụ Xây dựng Hoàng Long Phát Đạt chi nhánh tỉnh Bắc Ninh"
ADDRESS = "Số 45 đường Lý Thái Tổ, phường Suối Hoa, thành phố Bắc Ninh cũ, nay là phường Kinh Bắc, tỉnh Bắc Ninh"
REASON = ("Ủng hộ Quỹ khuyến học năm 2026 nhân dịp tổng kết năm học 2025 - 2026 và khai giảng năm học mới, "
          "theo thư ngỏ của Ban Chấp hành Hội Khuyến học xã gửi các doanh nghiệp trên địa bàn")


def _voucher(org, **kw) -> VoucherData:
    values = dict(kind="thu", organisation=replace(org, address=ADDRESS), number="PT-2026-0006",
                  date=date(2026, 2, 5), person=COMPANY, address=ADDRESS, reason=REASON, amount=1_244_798_891,
                  book="01", attachments=2)
    values.update(kw)
    return VoucherData(**values)


@pytest.mark.parametrize("two_copies", [False, True])
def test_long_name_address_and_reason_wrap_at_11_pt_and_read_back_whole(org, two_copies):
    pdf = render_voucher(_voucher(org, two_copies=two_copies))
    pages = pdf_text(pdf)
    copies = 2 if two_copies else 1
    flat = squash("".join(pages))
    for text in (COMPANY, ADDRESS, REASON, "1.244.798.891 đồng",
                 "Một tỷ hai trăm bốn mươi tư triệu bảy trăm chín mươi tám nghìn tám trăm chín mươi mốt đồng",
                 "HỘI KHUYẾN HỌC XÃ TÂN DĨNH", "PT-2026-0006"):
        assert flat.count(squash(text)) >= copies, text  # in every liên
    assert "…" not in flat
    with plumber(pdf) as doc:
        for page in doc.pages:
            words = ("Côngty", "Số45", "Ủnghộ", "HỘIKHUYẾN", "Mộttỷ")
            sizes = [ln["size"] for ln in text_lines(page) if any(w in ln["text"] for w in words)]
            assert len(sizes) >= 5 and min(sizes) >= 11
            number = [ln for ln in text_lines(page) if "PT-2026-0006" in ln["text"]]
            assert number  # the number is never broken over two lines
    assert chars_near_edge(pdf) == []
    if two_copies:  # too long for half a sheet: each liên gets its own sheet, labelled
        assert len(pages) == 2 and "Liên1" in squash(pages[0]) and "Liên2" in squash(pages[1])


def test_a_short_two_copy_voucher_shares_one_sheet_with_liên_1_inside_the_printable_area(org):
    pdf = render_voucher(_voucher(org, person="Nguyễn Văn An", address="Thôn Đồng Quan", reason="Ủng hộ quỹ",
                                  organisation=org, two_copies=True))
    with plumber(pdf) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        label = [ln for ln in text_lines(page) if ln["text"] == "Liên1"]
        assert label and label[0]["top"] >= 10 * MM
    assert chars_near_edge(pdf) == []


def test_void_voucher_prints_the_mark_reason_and_date_in_both_copies(org):
    pdf = render_voucher(_voucher(org, person="Nguyễn Văn An", address="Thôn Đồng Quan", reason="Ủng hộ quỹ",
                                  amount=3_000_000, organisation=org, two_copies=True, is_void=True,
                                  void_reason="Nhập trùng phiếu PT-2026-0005", voided_on=date(2026, 2, 6)))
    flat = squash("".join(pdf_text(pdf)))
    assert flat.count("ĐÃHỦYngày06/02/2026.Lýdo:NhậptrùngphiếuPT-2026-0005") == 2
    with plumber(pdf) as doc:
        big = [c for c in doc.pages[0].chars if c["size"] >= 60]
        assert "".join(c["text"] for c in big).count("ĐÃ HỦY") == 2  # the large mark on each liên


def test_reversal_is_a_correction_voucher_without_payer_signature_or_minus(org):
    v = _voucher(org, person="Nguyễn Văn An", address="Thôn Đồng Quan", reason="Đảo phiếu PT-2026-0003: ghi sai",
                 amount=800_000, organisation=org, is_reversal=True, reversal_of="PT-2026-0003",
                 reversal_of_date=date(2026, 2, 3),
                 signers=(Signer("Chủ tịch Hội"), Signer("Người nộp tiền"), Signer("Thủ quỹ")))
    flat = squash("".join(pdf_text(render_voucher(v))))
    for expected in ("PHIẾU THU ĐIỀU CHỈNH", "Số tiền điều chỉnh giảm: 800.000 đồng", "Tám trăm nghìn đồng",
                     "Điều chỉnh giảm (đảo) phiếu thu số PT-2026-0003 ngày 03/02/2026", "Chủ tịch Hội", "Thủ quỹ"):
        assert squash(expected) in flat, expected
    for absent in ("Âm", "-800.000", "Ngườinộptiền", "Đãnhậnđủ"):
        assert absent not in flat, absent
