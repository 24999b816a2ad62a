"""The biên bản bàn giao: both sides, the merger date in words, each book's balance as 1.500.000 and the
total in figures and in words, the records per kind, both sides' signature blocks."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.domain.printables import HandoverBook, HandoverMinutes, HandoverSide
from khuyenhoc_desktop.pdf.handover import render_handover
from tests.pdf.pdfhelpers import pdf_text


def _minutes(giver: str = "Hội Khuyến học xã Đồng Sơn") -> HandoverMinutes:
    org = sample_organisation()
    return HandoverMinutes(
        organisation=org, giver=HandoverSide(giver, "Lê Văn Bình", "Đỗ Thị Mai"),
        receiver=HandoverSide(org.committee_name, org.chair, org.treasurer), giver_commune="xã Đồng Sơn",
        merger_date=date(2025, 7, 1), place="Tân Dĩnh",
        books=(HandoverBook("Sổ quỹ tiền mặt", 1_500_000, "PT-2025-0001"),
               HandoverBook("Tài khoản 3200 205 123456 – Agribank", 12_250_000, "BC-2025-0001")),
        counts=(("Khen thưởng, học bổng", 40), ("Hội viên", 1_150)), voucher_prefix="07450/")


def test_the_minutes_show_both_sides_the_balances_in_figures_and_words_and_the_counts():
    text = " ".join(" ".join(pdf_text(render_handover([_minutes()]))).split())
    assert "BIÊN BẢN" in text and "Bàn giao hồ sơ, dữ liệu và quỹ khuyến học của Hội Khuyến học xã Đồng Sơn (cũ)" in text
    assert "ngày 01 tháng 7 năm 2025" in text
    assert "Bên giao: Hội Khuyến học xã Đồng Sơn (cũ)" in text and "Bên nhận: Hội Khuyến học xã Tân Dĩnh" in text
    assert "1.500.000" in text and "12.250.000" in text and "PT-2025-0001" in text
    assert "Tổng số tiền bàn giao: 13.750.000 đ (Bằng chữ: Mười ba triệu bảy trăm năm mươi nghìn đồng)" in text
    assert "Hội viên 1.150" in text and "07450/" in text
    assert "ĐẠI DIỆN BÊN GIAO" in text and "ĐẠI DIỆN BÊN NHẬN" in text and "Lê Văn Bình" in text
    assert "THỦ QUỸ BÊN GIAO" in text and "Đỗ Thị Mai" in text


def test_each_old_association_gets_its_own_minutes():
    text = " ".join(pdf_text(render_handover([_minutes(), _minutes("Hội Khuyến học xã Song Khê")])))
    assert text.count("BIÊN BẢN") == 2 and "Song Khê (cũ)" in text
