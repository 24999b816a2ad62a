"""The report's section "Xây dựng xã hội học tập": each model's year next to the year before (on the list,
registered, recognised, the share of the list) against the year's target (a setting), and the Công dân học tập
counts; hand-computed on a small file. The test clock says 2 December 2026."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.learning_models import CitizenCount, DecisionDraft, SubjectDraft
from khuyenhoc_desktop.pdf.report import learning_text, render_report
from khuyenhoc_desktop.services.reporting import Compare, Figure, period_report
from tests.pdf.pdfhelpers import pdf_text, squash


def _cycle(ws):
    """Four households: 2025 two registered, one recognised; 2026 three registered, three recognised."""
    lm = ws.learning
    uuids = [lm.save_subject(SubjectDraft("family", n, "Thôn 1", size=4)).created["learning_subject"][0]
             for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")]
    for year, registered, recognised in ((2025, uuids[:2], uuids[:1]), (2026, uuids[:3], uuids[:3])):
        lm.register_many(registered, year, date(year, 2, 5))
        regs = [lm.registration_of(u, year).uuid for u in recognised]
        lm.recognise(DecisionDraft(year, "family", f"{year % 100}/QĐ-UBND", date(year, 12, 1)), regs,
                     {r: "Hội đồng bình xét đề nghị" for r in regs})
    group = lm.settings()["target_groups"][0]
    lm.save_citizen_counts(2025, [CitizenCount(group, 40, 20)])
    lm.save_citizen_counts(2026, [CitizenCount(group, 50, 45)])


def test_the_section_compares_with_last_year_and_the_target(ws):
    _cycle(ws)
    r = period_report(ws, "2026")
    family = r.learning[0]
    assert (family.kind, family.total, family.registered, family.recognised) == (
        "family", Compare(4, 4), Compare(3, 2), Compare(3, 1))
    assert (family.percent, family.target) == (Figure(75.0, 25.0), 70.0)  # 3/4 and 1/4 of the list
    assert r.citizens_registered == Compare(50, 40) and r.citizens_recognised == Compare(45, 20)
    data = r.to_dict()["learning_models"]
    assert data["year"] == 2026 and data["family"]["percent"]["change"] == 50.0
    assert data["unit"]["percent"]["value"] is None and data["unit"]["target"] == 80.0
    assert ("Xã hội học tập", "Gia đình học tập: được công nhận", "hộ", Compare(3, 1)) in r.indicators()
    assert learning_text(r) == ("Năm 2026, tỷ lệ được công nhận so với tổng số trong danh sách: gia đình học tập "
                                "đạt 75,0% (đạt chỉ tiêu 70,0%).")
    ws.learning.save_settings(targets={"family": 80})
    assert "(chưa đạt chỉ tiêu 80,0%)" in learning_text(period_report(ws, "2026"))


def test_the_report_pdf_has_section_v(ws):
    _cycle(ws)
    text = squash("".join(pdf_text(render_report(period_report(ws, "2026"), ws.organisation, when=date(2026, 12, 2),
                                                 charts=False))))
    assert squash("V. XÂY DỰNG XÃ HỘI HỌC TẬP") in text
    # Mô hình | Tổng số | Đăng ký | Được công nhận | Tỷ lệ 2026 | Tỷ lệ 2025 | Chỉ tiêu
    assert squash("Gia đình học tập43375,025,070,0") in text
    assert squash("Công dân học tập: được công nhận (người)4520+25+125,0%") in text


def test_the_report_workbook_lists_the_learning_models(ws, tmp_path):
    from openpyxl import load_workbook

    from khuyenhoc_desktop.services.reporting import write_report_xlsx

    _cycle(ws)
    out = tmp_path / "bc.xlsx"
    write_report_xlsx(period_report(ws, "2026"), ws.organisation, out)
    rows = [[c for c in row] for row in load_workbook(out)["Chỉ tiêu chung"].iter_rows(values_only=True)]
    found = {r[2]: tuple(r[4:7]) for r in rows if r and len(r) > 6 and r[1] == "Xã hội học tập"}
    assert found["Gia đình học tập: đăng ký"] == (3, 2, 1)
    assert found["Gia đình học tập: được công nhận"] == (3, 1, 2)
    assert found["Công dân học tập: được công nhận"] == (45, 20, 25)
