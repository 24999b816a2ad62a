"""Báo cáo sơ kết / tổng kết as PDF: Vietnamese headings and numbers read back exactly, NĐ 30 layout."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.pdf.report import render_report
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.reporting import period_report
from khuyenhoc_desktop.vietnamese import format_vnd
from tests.clock_helpers import TEST_CLOCK, ceremony_year

from .pdfhelpers import MM, pdf_text, plumber, squash, text_lines

# The demo data is dated from the test clock; this year holds its newest ceremony, fund and classes.
YEAR = ceremony_year(TEST_CLOCK.today())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(tmp_path_factory.mktemp("rp") / "demo.db", clock=TEST_CLOCK)
    demo.fill(ws, awards=500, seed=1)
    org = sample_organisation()
    out = {}
    for code in (str(YEAR), f"{YEAR}-H1"):
        r = period_report(ws, code)
        assert r.fund_raised.value > 0  # a period the demo data fills, not 0 against 0
        out[code] = (r, render_report(r, org, number="05/BC-HKH", when=date(2026, 12, 20)))
    ws.close()
    return out


@pytest.mark.parametrize("code,title", [
    (str(YEAR), f"Tổng kết công tác khuyến học năm {YEAR}"),
    (f"{YEAR}-H1", f"Sơ kết công tác khuyến học 6 tháng đầu năm {YEAR}"),
])
def test_headings_and_numbers(reports, code, title):
    r, pdf = reports[code]
    text = squash("".join(pdf_text(pdf)))
    for expected in [
        "ỦY BAN NHÂN DÂN XÃ TÂN DĨNH", "HỘI KHUYẾN HỌC XÃ TÂN DĨNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 05/BC-HKH", "Tân Dĩnh, ngày 20 tháng 12 năm 2026", "BÁO CÁO", title,
        "I. CÔNG TÁC KHEN THƯỞNG, TRAO HỌC BỔNG", "II. QUỸ KHUYẾN HỌC", "III. HOẠT ĐỘNG HỌC TẬP CỘNG ĐỒNG",
        "IV. CÔNG TÁC TỔ CHỨC VÀ PHÁT TRIỂN HỘI", "3. Hội họp", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Văn Thắng", "Nơi nhận:",
        f"khen thưởng, trao học bổng {format_vnd(r.awards_count.value)} suất với tổng số tiền "
        f"{format_vnd(r.awards_amount.value)} đồng",
        f"Tồn quỹ đầu kỳ {format_vnd(r.fund_opening.value)} đồng",
        f"vận động được {format_vnd(r.fund_raised.value)} đồng, đã chi {format_vnd(r.fund_spent.value)} đồng",
        f"tồn quỹ cuối kỳ {format_vnd(r.fund_closing.value)} đồng",
        f"{format_vnd(r.classes_count.value)} lớp/chuyên đề với {format_vnd(r.classes_learners.value)} lượt người học",
        "Số suất khen thưởng theo loại", "Tồn quỹ cuối tháng", "Số lớp theo lĩnh vực",
    ]:
        assert squash(expected) in text, expected
    for g in r.awards_by_category:
        assert squash(f"{g.name}{format_vnd(g.count.value)}{format_vnd(g.count.previous)}") in text, g.name


def test_nd30_layout(reports):
    _, pdf = reports[str(YEAR)]
    with plumber(pdf) as doc:
        assert len(doc.pages) >= 2
        for number, page in enumerate(doc.pages, 1):
            assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
            page_no = [ln for ln in text_lines(page) if ln["baseline"] < 20 * MM]
            if number == 1:
                assert not page_no
            else:
                assert [ln["text"] for ln in page_no] == [str(number)]
            for ch in page.chars:
                if ch["top"] < 20 * MM:
                    continue
                assert ch["x0"] >= 30 * MM - 0.5, ch["text"]
                assert ch["x1"] <= page.width - 15 * MM + 0.5, ch["text"]
                assert ch["bottom"] <= page.height - 20 * MM + 0.5, ch["text"]
        page1 = text_lines(doc.pages[0])
        place = next(ln for ln in page1 if ln["text"].startswith("TânDĩnh,ngày") or "ngày20" in ln["text"])
        assert "Italic" in place["fontname"]
        title = next(ln for ln in page1 if ln["text"] == "BÁOCÁO")
        assert 13 <= title["size"] <= 14 and "Bold" in title["fontname"]
