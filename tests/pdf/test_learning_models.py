"""The learning models' PDFs: the statistics table's figures against hand counts (households by thôn, rates of
the total, the other models' totals), and the score sheet of a scored unit and of a blank set; fonts embedded,
one page each for the demo's sizes."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.learning_models import CitizenCount, DecisionDraft, SubjectDraft
from khuyenhoc_desktop.pdf.learning_models import render_learning_models_table, render_score_sheet
from khuyenhoc_desktop.services import learning_documents

from .pdfhelpers import pdf_text, squash, unembedded_fonts

UNIT = ("don-vi-hoc-tap-xa", 1)


def _new(changes, table="learning_subject"):
    return changes.created[table][0]


@pytest.fixture
def cycle(ws):
    """Thôn Đông: 4 households, 3 registered, 2 recognised; Thôn Tây: 2 households, 1 registered, 0 recognised;
    one dòng họ registered, one unit scored 90 and recognised; Công dân học tập 50 registered, 40 recognised."""
    lm = ws.learning
    east = [_new(lm.save_subject(SubjectDraft("family", name, "Thôn Đông", size=4)))
            for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")]
    west = [_new(lm.save_subject(SubjectDraft("family", name, "Thôn Tây", size=3)))
            for name in ("Hoàng Văn Em", "Vũ Thị Gấm")]
    lm.register_many(east[:3] + west[:1], 2026, date(2026, 2, 5))
    regs = [lm.registration_of(u, 2026).uuid for u in east[:2]]
    lm.recognise(DecisionDraft(2026, "family", "20/QĐ-UBND", date(2026, 12, 1)), regs,
                 {r: "Hội đồng bình xét đề nghị" for r in regs})
    clan = _new(lm.save_subject(SubjectDraft("clan", "Họ Nguyễn", "Thôn Đông", head="Nguyễn Văn Giáp", size=30)))
    lm.register(clan, 2026, date(2026, 2, 5))
    unit = _new(lm.save_subject(SubjectDraft("unit", "Trường Tiểu học Hòa Bình", head="Đỗ Văn Hải", size=32)))
    reg = _new(lm.register(unit, 2026, date(2026, 2, 5)), "learning_registration")
    points = dict(zip(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"], (10, 10, 10, 10, 5, 10, 5, 25, 5)))
    lm.assess(reg, *UNIT, points, assessed_on=date(2026, 11, 20))
    lm.review(reg, True, reviewed_on=date(2026, 11, 25))
    lm.recognise(DecisionDraft(2026, "unit", "21/QĐ-UBND", date(2026, 12, 1)), [reg])
    lm.save_citizen_counts(2026, [CitizenCount(lm.settings()["target_groups"][0], 50, 40)])
    return reg


def test_the_statistics_table_shows_the_hand_counted_figures(ws, cycle, tmp_path):
    data = learning_documents.learning_models_table(ws, 2026)
    rows = {(r.label, r.total, r.registered, r.recognised) for r in data.villages}  # by hand, from the fixture
    assert rows == {("Thôn Đông", 4, 3, 2), ("Thôn Tây", 2, 1, 0)}
    assert data.family_total.registered_percent == "66,7" and data.family_total.recognised_percent == "33,3"  # 4/6, 2/6
    models = {r.label: (r.total, r.registered, r.recognised) for r in data.models}
    assert [r.label for r in data.villages] == ["Thôn Đông", "Thôn Tây"]  # Vietnamese order, not code points
    assert models == {"Dòng họ học tập": (1, 1, 0), "Cộng đồng học tập": (0, 0, 0),
                      "Đơn vị học tập": (1, 1, 1), "Công dân học tập": (None, 50, 40)}
    pdf = render_learning_models_table(data, out=tmp_path / "bieu.pdf")
    pages = pdf_text(pdf)
    text = squash("".join(pages))
    assert len(pages) == 1 and not unembedded_fonts(pdf)
    for expected in ("BIỂU THỐNG KÊ KẾT QUẢ XÂY DỰNG CÁC MÔ HÌNH HỌC TẬP NĂM 2026", "(Tính đến ngày 02/12/2026)",
                     # thôn, số hộ, đăng ký, tỷ lệ, được công nhận, tỷ lệ: 3/4 = 75,0 %, 2/4 = 50,0 %; 1/2, 0/2
                     "1Thôn Đông4375,0250,0", "2Thôn Tây2150,000,0", "Cộng6466,7233,3",
                     "1Dòng họ học tập11100,000,0", "3Đơn vị học tập11100,01100,0", "4Công dân học tập–50–40–",
                     "NGƯỜI LẬP BIỂU", "TM. BAN CHẤP HÀNH"):
        assert squash(expected) in text, expected


def test_the_score_sheet_of_a_scored_unit_and_a_blank_one(ws, cycle, tmp_path):
    unit_set = learning_documents.find_set(ws, "don-vi-hoc-tap-xa")
    data = learning_documents.score_sheet(ws, unit_set, registration_uuid=cycle)
    assert (data.total, data.result, data.max_total, data.date) == (90, "Tốt", 100, date(2026, 11, 20))
    assert [c.points for c in data.criteria] == [30, 30, 30]
    pdf = render_score_sheet(data, out=tmp_path / "phieu.pdf")
    text = squash("".join(pdf_text(pdf)))
    assert len(pdf_text(pdf)) == 1 and not unembedded_fonts(pdf)
    for expected in ("PHIẾU CHẤM ĐIỂM ĐƠN VỊ HỌC TẬP NĂM 2026", "22/2020/TT-BGDĐT", "Tên đơn vị: Trường Tiểu học Hòa Bình",
                     "TỔNG CỘNG10090", "Kết quả: Tốt", "Tốt: từ 85 đến 100; Khá: từ 70 đến dưới 85",
                     "ngày 20 tháng 11 năm 2026", "cần đối chiếu văn bản gốc"):
        assert squash(expected) in text, expected
    blank = learning_documents.score_sheet(ws, learning_documents.find_set(ws, "cong-dan-hoc-tap"))
    assert blank.total is None and blank.subject_lines[0][0] == "Họ và tên"
    pages = pdf_text(render_score_sheet(blank, out=tmp_path / "trong.pdf"))
    text = squash("".join(pages))
    assert len(pages) == 1
    assert squash("PHIẾU CHẤM ĐIỂM CÔNG DÂN HỌC TẬP NĂM 2026") in text and squash("TỔNG CỘNG100") in text
    assert squash("không nội dung nào dưới 5 điểm") in text and squash("(từ 70 ở vùng khó khăn)") in text
