"""Danh sách thu hội phí and the unpaid list: header on every page, order kept, totals in figures and words,
signatures with the last rows, fonts embedded, nothing overlapping; one page looked at as an image."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from datetime import date

import pytest

from khuyenhoc_desktop.domain.printables import DuesListData, DuesListRow
from khuyenhoc_desktop.pdf.dues_list import render_dues_list

from .pdfhelpers import NAMES, overlaps, pdf_text, plumber, squash, text_lines, unembedded_fonts


def _rows(n: int) -> tuple[DuesListRow, ...]:
    return tuple(DuesListRow(f"{NAMES[i % 3]} {i:03d}", f"HV{i + 1:05d}", 1950 + i % 40, f"Thôn {1 + i % 3}",
                             "Phụ huynh", 24_000, f"PT-2026-{1 + i // 20:04d}" if i % 4 else "")
                 for i in range(n))


def test_a_long_signing_list(org, tmp_path):
    data = DuesListData(organisation=org, subtitle="Năm 2026 – Chi hội thôn Đông", rows=_rows(45),
                        date=date(2026, 3, 5))
    out = tmp_path / "ds.pdf"
    pdf = render_dues_list(data, out=out)
    assert out.read_bytes() == pdf
    pages = [squash(t) for t in pdf_text(pdf)]
    assert len(pages) >= 2
    for t in pages:
        assert "STTMãHVHọvàtênNămsinhThônSốtiền(đồng)PhiếuthuKýnộp" in t
    whole = "".join(pages)
    positions = [whole.index(squash(r.name)) for r in data.rows]
    assert positions == sorted(positions)
    # 45 × 24.000 = 1.080.000; paid: every row but i % 4 == 0 (12 rows) → 33 × 24.000 = 792.000
    for expected in ("DANH SÁCH THU HỘI PHÍ", "Năm 2026 – Chi hội thôn Đông", "Tổng cộng", "1.080.000",
                     "Tổng số: 45 hội viên; tổng số tiền: 1.080.000 đồng.",
                     "(Bằng chữ: Một triệu không trăm tám mươi nghìn đồng.)",
                     "Trong đó đã nộp: 33 hội viên, 792.000 đồng; chưa nộp: 12 hội viên.",
                     "THỦ QUỸ", "TM. BAN CHẤP HÀNH", "Tân Dĩnh, ngày 05 tháng 3 năm 2026", "PT-2026-0002"):
        assert squash(expected) in whole, expected
    assert squash(data.rows[-1].name) in pages[-1] and "TM.BANCHẤPHÀNH" in pages[-1]
    assert unembedded_fonts(pdf) == []
    with plumber(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert 0 <= ch["x0"] and ch["x1"] <= page.width
            for a, b in itertools.combinations(text_lines(page), 2):
                assert not overlaps(a, b), (a["text"], b["text"])


def test_the_unpaid_list_has_no_voucher_column(org):
    rows = tuple(r for r in _rows(6) if not r.voucher_number)
    data = DuesListData(organisation=org, title="DANH SÁCH HỘI VIÊN CHƯA NỘP HỘI PHÍ", rows=rows,
                        show_voucher_column=False, sign_label="Ghi chú")
    text = squash(pdf_text(render_dues_list(data))[0])
    assert "STTMãHVHọvàtênNămsinhThônSốtiền(đồng)Ghichú" in text and "Phiếuthu" not in text
    assert squash("Tổng số: 2 hội viên; tổng số tiền: 48.000 đồng.") in text and "Trongđóđãnộp" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_first_page_renders_as_an_image(org, tmp_path):
    pdf = tmp_path / "ds.pdf"
    render_dues_list(DuesListData(organisation=org, subtitle="Năm 2026", rows=_rows(8)), out=pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 5_000
