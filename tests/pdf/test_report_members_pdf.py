"""The report's section IV "Công tác tổ chức và phát triển hội" as printed: the paragraph and the two tables
read back with the figures of a register built by hand, and the population and dues lines only when known."""

from __future__ import annotations

import dataclasses
from datetime import date

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.pdf.report import render_report
from khuyenhoc_desktop.services.reporting import Figure, period_report
from tests.services.test_reporting_members import register  # noqa: F401 - the fixture

from .pdfhelpers import pdf_text, squash


def _text(report) -> str:
    return squash("".join(pdf_text(render_report(report, sample_organisation(), when=date(2026, 12, 20),
                                                 charts=False))))


def test_section_iv_reads_back_the_registers_figures(register):  # noqa: F811 - the fixture
    text = _text(period_report(register, "2026"))
    # worked out in tests/services/test_reporting_members.py: 4 members (3 a year ago), 2 new, 1 left
    for expected in [
        "IV. CÔNG TÁC TỔ CHỨC VÀ PHÁT TRIỂN HỘI",
        "Đến ngày 02/12/2026, Hội có 4 hội viên (2 chi hội, 1 ban khuyến học, 0 tổ hội); trong kỳ kết nạp mới 2 hội "
        "viên, 1 hội viên ra khỏi hội (chuyển đi, từ trần, thôi). So với cùng kỳ năm trước, số hội viên tăng 1 người.",
        "1. Tổ chức hội", "Số chi hội21+1+100,0%", "Số ban khuyến học1100,0%", "Số tổ hội000-",
        "2. Hội viên", "Số hội viên (cuối kỳ)43+1+33,3%", "Hội viên mới kết nạp21+1+100,0%",
        "3. Hội họp", "Ban Chấp hành đã tổ chức 0 cuộc họp",
    ]:
        assert squash(expected) in text, expected
    for absent in ("Dân số", "dân số", "Hội phí"):
        assert squash(absent) not in text


def test_population_share_and_dues_lines_appear_when_known(register):  # noqa: F811 - the fixture
    report = dataclasses.replace(
        period_report(register, "2026"), members_population=Figure(2_000, 1_950),
        members_percent_of_population=Figure(0.2, 0.1),
        members_dues={"due": Figure(240_000, 180_000), "collected": Figure(180_000, 180_000),
                      "submitted": Figure(54_000, None)})
    text = _text(report)
    for expected in [
        "Hội viên chiếm 0,2% dân số (2.000 người).",
        "Hội phí: phải thu 240.000 đồng, đã thu 180.000 đồng, đã nộp cấp trên 54.000 đồng.",
        "Dân số (người)2.0001.950+50+2,6%", "Tỷ lệ hội viên/dân số (%)0,20,1+0,1",
        "Hội phí phải thu (đồng)240.000180.000+60.000+33,3%", "Hội phí đã thu (đồng)180.000180.0000",
        "Hội phí đã nộp cấp trên (đồng)54.000---",
    ]:
        assert squash(expected) in text, expected
