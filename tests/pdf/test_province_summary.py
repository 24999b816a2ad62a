"""Tổng hợp của tỉnh: its tables drawn from the data alone, money as đồng, written atomically."""

from __future__ import annotations

from khuyenhoc_desktop.domain.printables import ProvinceSummaryData, ProvinceTable
from khuyenhoc_desktop.pdf.province_summary import render_province_summary
from tests.pdf.pdfhelpers import pdf_text, squash

COMMUNES = ProvinceTable(
    "Theo xã", (("Mã xã", "code", "text"), ("Tên xã", "name", "text"), ("Số lớp", "classes", "int"),
                ("Tồn quỹ", "balance", "money")),
    ({"code": "07462", "name": "Tân Dĩnh", "classes": 3, "balance": 1_500_000},
     {"code": "07465", "name": "Song Khê", "classes": 0, "balance": None}))


def test_tables_titles_and_money(tmp_path):
    data = render_province_summary(ProvinceSummaryData((COMMUNES,), "2024-2025", "Hội Khuyến học tỉnh Bắc Giang"),
                                   tmp_path / "th.pdf")
    assert (tmp_path / "th.pdf").read_bytes() == data
    text = squash("".join(pdf_text(data)))
    assert "TỔNGHỢPSỐLIỆUKHUYẾNHỌCCÁCXÃ" in text and "Nămhọc2024-2025" in text and "Theoxã" in text
    assert "07462TânDĩnh31.500.000" in text and "07465SongKhê00" in text  # a missing amount is 0 đồng


def test_without_a_school_year_there_is_no_year_line():
    text = squash("".join(pdf_text(render_province_summary(ProvinceSummaryData((COMMUNES,))))))
    assert "Nămhọc" not in text and "Mãxã" in text
