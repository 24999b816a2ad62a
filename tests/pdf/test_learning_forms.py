"""Phiếu đăng ký (a subject's, a whole thôn's, blank) and the danh sách công nhận (a section per decision, by thôn,
with its total; the earlier recognitions still valid apart and marked), read back from the PDF."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import AppError, NotFoundError
from khuyenhoc_desktop.domain.learning_models import DecisionDraft, SubjectDraft
from khuyenhoc_desktop.pdf.learning_forms import render_recognition_list, render_registration_forms
from khuyenhoc_desktop.services import learning_forms
from tests.learning_helpers import learning_year

from .pdfhelpers import pdf_text, squash, unembedded_fonts


@pytest.fixture
def year(ws):
    return learning_year(ws)


def test_the_forms_of_a_whole_thon_one_page_each(ws, year):
    data = learning_forms.registration_forms(ws, 2026, "family", village="Thôn Tây")
    pdf = render_registration_forms(data)
    pages = [squash(p) for p in pdf_text(pdf)]
    assert len(pages) == 2 and not unembedded_fonts(pdf)  # Hoàng Văn Em, Vũ Thị Gấm
    first, second = pages
    for expected in ("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "PHIẾUĐĂNGKÝXÂYDỰNGDANHHIỆU“GIAĐÌNHHỌCTẬP”NĂM2026",
                     "Kínhgửi:BanChấphànhHộiKhuyếnhọcxãTânDĩnh", "Họvàtênchủhộ:HoàngVănEm",
                     "Thôn,tổdânphố:ThônTây", "Sốnhânkhẩu:4", "đăngkýphấnđấuđạtdanhhiệu“Giađìnhhọctập”năm2026",
                     "1.Cácthànhviên", "4.Cuốinămtựđánhgiá", "XÁCNHẬNCỦACHIHỘIKHUYẾNHỌC", "CHỦHỘ",
                     "TânDĩnh,ngày05tháng02năm2026"):  # Hoàng Văn Em registered on 05/02/2026
        assert expected in first, expected
    assert "Họvàtênchủhộ:VũThịGấm" in second and "TânDĩnh,ngày…tháng…năm…" in second  # not registered yet


def test_a_blank_form_and_a_unit_form(ws, year):
    blank = squash(pdf_text(render_registration_forms(learning_forms.registration_forms(ws, 2026, "unit",
                                                                                        blank=True)))[0])
    assert "Tênđơnvị:....." in blank and "THỦTRƯỞNGĐƠNVỊ" in blank and "HỘIKHUYẾNHỌCXÃ" in blank
    data = learning_forms.registration_forms(ws, 2026, "unit", subject_uuids=[year["unit"]])
    text = squash(pdf_text(render_registration_forms(data))[0])
    assert "Tênđơnvị:TrườngTiểuhọcHòaBình" in text and "Loạihình:Trườnghọc" in text and "ĐỗVănHải" in text
    # the registered ones by default; nothing registered is refused
    assert len(learning_forms.registration_forms(ws, 2026, "family").pages) == 4
    with pytest.raises(NotFoundError, match="Chưa có gia đình nào đăng ký năm 2025"):
        learning_forms.registration_forms(ws, 2025, "family")
    citizen = learning_forms.registration_forms(ws, 2026, "citizen")
    assert len(citizen.pages) == 1 and citizen.pages[0].lines[0] == ("Họ và tên", learning_forms.BLANK)


def test_the_recognition_list_by_decision_and_thon_with_totals(ws, year):
    data = learning_forms.recognition_list(ws, 2026)
    assert [(s.decision_number, s.count) for s in data.sections] == [("20/QĐ-UBND", 2), ("22/QĐ-UBND", 1),
                                                                      ("21/QĐ-UBND", 1)]
    pdf = render_recognition_list(data)
    text = squash("".join(pdf_text(pdf)))
    for expected in ("ỦYBANNHÂNDÂNXÃTÂNDĨNH",
                     "DANHSÁCHGIAĐÌNHĐƯỢCCÔNGNHẬNDANHHIỆU“GIAĐÌNHHỌCTẬP”NĂM2026",
                     "(KèmtheoQuyếtđịnhsố20/QĐ-UBNDngày01/12/2026củaỦybannhândânxãTânDĩnh)",
                     "ThônĐông(2hộgiađình)", "1NguyễnVănAn4", "2TrầnThịBình4", "Tổngsố:2hộgiađình.",
                     "(KèmtheoQuyếtđịnhsố22/QĐ-UBNDngày03/12/2026", "Cógiátrịđếnhếtnăm2028",
                     "1TrườngTiểuhọcHòaBìnhĐỗVănHải90/100–Tốt", "Tổngsố:1đơnvị.", "TM.ỦYBANNHÂNDÂN",
                     "TânDĩnh,ngày03tháng12năm2026"):  # dated as the latest decision (22/QĐ-UBND)
        assert expected in text, expected
    with pytest.raises(AppError, match="Công dân học tập chỉ có số lượng"):
        learning_forms.recognition_list(ws, 2026, "citizen")


def test_a_community_recognised_earlier_is_listed_as_still_valid_not_counted(ws, year):
    lm = ws.learning
    # 2027: Thôn Tây is recognised; Thôn Đông (2026, valid 3 years by default) is still valid, not counted again
    west = lm.save_subject(SubjectDraft("community", "Thôn Tây")).created["learning_subject"][0]
    reg = lm.register(west, 2027, date(2027, 2, 1)).created["learning_registration"][0]
    lm.recognise(DecisionDraft(2027, "community", "05/QĐ-UBND", date(2027, 12, 1)), [reg], {reg: "Đề nghị"})
    data = learning_forms.recognition_list(ws, 2027, "community")
    now, earlier = data.sections
    assert (now.decision_number, now.count, earlier.decision_number, earlier.count) == ("05/QĐ-UBND", 1, "", 1)
    assert earlier.groups[0].rows[0].note.startswith("Công nhận năm 2026, còn hiệu lực đến năm 2028")
    assert lm.year_figures(2027)["community"] == {"total": 2, "registered": 1, "recognised": 1}
    # validity set to 1 year: nothing carries over
    lm.save_settings(validity_years={"community": 1})
    assert len(learning_forms.recognition_list(ws, 2027, "community").sections) == 1
    text = squash("".join(pdf_text(render_recognition_list(data))))
    assert "THÔN,TỔDÂNPHỐĐƯỢCCÔNGNHẬNNHỮNGNĂMTRƯỚC,CÒNHIỆULỰCNĂM2027" in text
    assert "(Khôngtínhvàosốđượccôngnhậnnămnay)" in text
