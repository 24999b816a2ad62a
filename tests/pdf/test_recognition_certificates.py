"""Giấy công nhận: one page per recognised subject with the decision's number, date and body, the register
number given on the first print only (per title and year, in list order), the body as set when it changed, the
blank-form mode on the recognition phôi, and the blank Công dân học tập certificates."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.domain.errors import AppError, NotFoundError
from khuyenhoc_desktop.services import learning_certificates as lc
from tests.learning_helpers import learning_year

from .pdfhelpers import pdf_text, squash, unembedded_fonts


@pytest.fixture
def year(ws):
    return learning_year(ws)


def _pages(path):
    return [squash(p) for p in pdf_text(path.read_bytes())]


def test_a_page_per_recognised_subject_numbered_on_the_first_print(ws, year, tmp_path):
    out = tmp_path / "gcn.pdf"
    job, given = lc.write_recognition_certificates(ws, out, 2026)
    # families by thôn and name, then the community, then the unit (dòng họ: none recognised)
    assert len(job) == 4 and sorted(given.values()) == ["1/CĐHT-2026", "1/GĐHT-2026", "1/ĐVHT-2026", "2/GĐHT-2026"]
    pages = _pages(out)
    assert len(pages) == 4 and not unembedded_fonts(out.read_bytes())
    for expected in ("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "ỦYBANNHÂNDÂNXÃTÂNDĨNH", "GIẤYCÔNGNHẬN",
                     "Giađìnhông(bà):NguyễnVănAn", "ThônĐông", "Đạtdanhhiệu“Giađìnhhọctập”", "Năm2026",
                     "SốQĐ:20/QĐ-UBND,ngày01/12/2026", "Sốvàosổ:1/GĐHT-2026", "TânDĩnh,ngày01tháng12năm2026",
                     "TM.ỦYBANNHÂNDÂN", "CHỦTỊCH"):
        assert expected in pages[0], expected
    assert "Sốvàosổ:2/GĐHT-2026" in pages[1] and "TrầnThịBình" in pages[1]
    # Cộng đồng học tập is valid 3 years by default (a setting): 2026 … 2028
    assert "ThônĐông" in pages[2] and "“Cộngđồnghọctập”(cógiátrịđếnhếtnăm2028)" in pages[2]
    assert "SốQĐ:22/QĐ-UBND,ngày03/12/2026" in pages[2]
    assert "TrườngTiểuhọcHòaBình" in pages[3] and "Thủtrưởng:ĐỗVănHải" in pages[3] and "1/ĐVHT-2026" in pages[3]
    # printed again: the same numbers, none given
    again, given = lc.write_recognition_certificates(ws, tmp_path / "lai.pdf", 2026, "family")
    assert given == {} and [c.register_number for c in again.items] == ["1/GĐHT-2026", "2/GĐHT-2026"]


def test_the_issuing_body_and_signer_are_settings(ws, year, tmp_path):
    ws.learning.save_settings(certificate_signer={"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                                                  "name": "Lê Thị Hoa"})
    job = lc.recognition_job(ws, 2026, "unit")
    item = job.items[0]
    assert (item.signer_authority, item.signer_title, item.signer_name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa")
    # the body is the decision's (recorded with the setting of its day) plus the commune's name when missing
    assert item.issuing_body == "ỦY BAN NHÂN DÂN XÃ TÂN DĨNH"
    assert lc.issuer_line("Hội Khuyến học xã Tân Dĩnh", ws.organisation) == "HỘI KHUYẾN HỌC XÃ TÂN DĨNH"
    assert job.planned and not lc.recognition_job(ws, 2026, "unit").committed  # a job alone numbers nothing
    assert lc.recognition_job(ws, 2026, "unit").items[0].register_number == "1/ĐVHT-2026"


def test_blank_form_prints_only_the_fields_of_the_recognition_phoi(ws, year, tmp_path):
    out = tmp_path / "phoi.pdf"
    lc.write_recognition_certificates(ws, out, 2026, "unit", mode="blank-form")
    text = _pages(out)[0]
    assert "TrườngTiểuhọcHòaBình" in text and "SốQĐ:21/QĐ-UBND,ngày01/12/2026" in text
    assert "GIẤYCÔNGNHẬN" not in text and "CỘNGHÒA" not in text  # printed on the phôi already
    assert lc.find_profile(None).document == "recognition"


def test_citizen_certificates_are_blank_copies_and_bad_choices_are_refused(ws, year, tmp_path):
    out = tmp_path / "cd.pdf"
    job, given = lc.write_recognition_certificates(ws, out, 2026, "citizen")
    assert len(job) == 3 and given == {}  # the year's 3 recognised; never numbered
    text = _pages(out)[0]
    assert "Ông(bà):......" in text and "Đạtdanhhiệu“Côngdânhọctập”" in text
    assert len(lc.recognition_job(ws, 2026, "citizen", copies=5)) == 5
    with pytest.raises(NotFoundError, match="Chưa có dòng họ học tập nào được công nhận năm 2026"):
        lc.recognition_job(ws, 2026, "clan")
    with pytest.raises(NotFoundError, match="năm 2025"):
        lc.recognition_job(ws, 2025, "citizen")
    with pytest.raises(AppError, match="Mô hình “school” không có"):
        lc.recognition_job(ws, 2026, "school")


def test_a_failed_write_gives_no_numbers(ws, year, tmp_path, monkeypatch):
    from khuyenhoc_desktop.storage import files

    def full_disk(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "atomic_write", full_disk)
    with pytest.raises(OSError):
        lc.write_recognition_certificates(ws, tmp_path / "gcn.pdf", 2026, "family")
    job = lc.recognition_job(ws, 2026, "family")
    assert list(job.planned.values()) == [("family", 2026, 1), ("family", 2026, 2)]  # still to give
