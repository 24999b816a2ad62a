"""Biên bản: NĐ 30 margins, sizes, faces, Mẫu 1.9 sections, votes, award table, page numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from khuyenhoc_desktop.domain.printables import AgendaItem, Vote
from khuyenhoc_desktop.pdf.minutes import render_minutes, vote_sentence

from .pdfhelpers import MM, NAMES, make_minutes, pdf_text, plumber, squash, text_lines

pytestmark = pytest.mark.usefixtures("fonts")


@pytest.fixture(scope="module")
def minutes_pdf():
    from khuyenhoc_desktop.domain.organisation import sample_organisation

    data = make_minutes(sample_organisation(), agenda_items=8, awards=30)
    return data, render_minutes(data)


def _line(lines, prefix):
    return next(ln for ln in lines if ln["text"].startswith(squash(prefix)))


def test_sections_and_text(minutes_pdf):
    data, pdf = minutes_pdf
    text = squash("".join(pdf_text(pdf)))
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ TÂN DĨNH",
        "HỘI KHUYẾN HỌC XÃ TÂN DĨNH",
        "Số: 05/BB-HKH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN",
        "Họp Ban Chấp hành xét khen thưởng năm học 2024 - 2025",
        "Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 02 năm 2026.",
        "Địa điểm: Hội trường Ủy ban nhân dân xã Tân Dĩnh.",
        "Thành phần tham dự: có mặt 13/15 ủy viên Ban Chấp hành; vắng 2 (Ông Trần Văn Bình (có lý do)).",
        "Thành phần khác: Đại diện Ủy ban nhân dân xã.",
        "Chủ trì (chủ tọa): Nguyễn Văn Thắng - Chủ tịch Hội.",
        "Thư ký (người ghi biên bản): Lê Thị Ngọc Ánh - Ủy viên Ban Chấp hành.",
        "Nội dung (theo diễn biến cuộc họp):",
        "8. Xét đề nghị khen thưởng đợt 8",
        "Kết luận: Thống nhất danh sách khen thưởng như đề nghị.",
        "Biểu quyết: Tổng số 13 phiếu; tán thành 12 phiếu, chiếm 92,31%; không tán thành 1 phiếu, chiếm 7,69%; "
        "ý kiến khác 0 phiếu, chiếm 0%.",
        "Tổng số: 30 người; tổng số tiền: 18.000.000 đồng (Bằng chữ: Mười tám triệu đồng).",
        "Cuộc họp kết thúc vào 10 giờ 30 phút, ngày 05 tháng 02 năm 2026",
        "THƯ KÝ",
        "CHỦ TỌA",
        "Nơi nhận:",
        "- Thường trực Hội Khuyến học tỉnh;",
        "- Lưu: VT.",
        *NAMES,
    ):
        assert squash(expected) in text, expected
    assert squash("/.") in text


def test_nd30_margins_sizes_and_faces(minutes_pdf):
    _, pdf = minutes_pdf
    with plumber(pdf) as doc:
        assert len(doc.pages) >= 3
        for number, page in enumerate(doc.pages, 1):
            assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
            lines = text_lines(page)
            page_no = [ln for ln in lines if ln["baseline"] < 20 * MM]
            if number == 1:
                assert not page_no
            else:
                (ln,) = page_no  # page number: centred in the top margin, 13–14 pt, upright
                assert ln["text"] == str(number)
                assert 13 <= ln["size"] <= 14 and "Italic" not in ln["fontname"] and "Bold" not in ln["fontname"]
                assert abs((ln["x0"] + ln["x1"]) / 2 - page.width / 2) < 2
            for ch in page.chars:
                if ch["top"] < 20 * MM:
                    continue  # the page number
                assert ch["x0"] >= 30 * MM - 0.5, ch["text"]  # left 30–35 mm
                assert ch["x1"] <= page.width - 15 * MM + 0.5, ch["text"]  # right 15–20 mm
                assert ch["bottom"] <= page.height - 20 * MM + 0.5, ch["text"]  # bottom 20–25 mm
        page1 = text_lines(doc.pages[0])
        qh = _line(page1, "CỘNG HÒA")
        assert 12 <= qh["size"] <= 13 and "Bold" in qh["fontname"]
        tn = _line(page1, "Độc lập")
        assert 13 <= tn["size"] <= 14 and "Bold" in tn["fontname"]
        title = _line(page1, "BIÊN BẢN")
        assert 13 <= title["size"] <= 14 and "Bold" in title["fontname"]
        subject = _line(page1, "Họp Ban")
        assert 13 <= subject["size"] <= 14 and "Bold" in subject["fontname"]
        issuer = [ln for ln in page1 if "KHUYẾNHỌC" in ln["text"] or ln["text"].startswith("HỘI")]
        assert issuer and all(12 <= ln["size"] <= 13 and "Bold" in ln["fontname"] for ln in issuer)
        # the tiêu ngữ rule is as wide as the text, the trích yếu has a rule under it
        rules = [r for r in doc.pages[0].lines if abs(r["top"] - r["bottom"]) < 0.1]
        assert any(abs((r["x1"] - r["x0"]) - (tn["x1"] - tn["x0"])) < 2 and 0 < r["top"] - tn["baseline"] < 8 for r in rules)
        assert any(0 < r["top"] - subject["baseline"] < 10 for r in rules)
        # body: 13–14 pt, upright, justified with a 1–1.27 cm first-line indent
        body = [ln for ln in page1 if ln["text"].startswith(squash("Đồng chí Chủ tịch"))]
        assert body
        for ln in body:
            assert 13 <= ln["size"] <= 14 and "Italic" not in ln["fontname"]
            assert 10 * MM - 0.5 <= ln["x0"] - 30 * MM <= 12.7 * MM + 0.5
        last = doc.pages[-1]
        lines = text_lines(last)
        head = _line(lines, "Nơi nhận:")
        assert head["size"] == 12 and "BoldItalic" in head["fontname"]
        item = _line(lines, "- Lưu")
        assert item["size"] == 11
        secretary = _line(lines, "THƯ KÝ")
        chair = _line(lines, "CHỦ TỌA")
        assert secretary["x1"] < last.width / 2 < chair["x0"]
        assert "Bold" in secretary["fontname"] and 13 <= secretary["size"] <= 14


def test_award_table_header_repeats(minutes_pdf):
    _, pdf = minutes_pdf
    pages = [squash(t) for t in pdf_text(pdf)]
    with_rows = [t for t in pages if "TrườngTHCSTânDĩnh" in t]
    assert len(with_rows) >= 2, "the 30-row table should spill over a page"
    assert all("STTHọvàtên" in t for t in with_rows)


def test_vote_percentages():
    assert vote_sentence(Vote(3, 3)) == (
        "Tổng số 3 phiếu; tán thành 3 phiếu, chiếm 100%; không tán thành 0 phiếu, chiếm 0%; ý kiến khác 0 phiếu, chiếm 0%."
    )
    v = Vote(7, 5, 1, 1)
    assert (v.in_favour_percent, v.against_percent, v.other_percent) == ("71,43", "14,29", "14,29")
    assert Vote(0, 0).in_favour_percent == "0"


def test_minimal_minutes_one_page(org, tmp_path):
    data = replace(
        make_minutes(org, agenda_items=1, awards=0),
        agenda=(AgendaItem("Bầu Ban Chấp hành"),),
        recipients=(),
        other_attendees=(),
    )
    out = tmp_path / "bien-ban.pdf"
    pdf = render_minutes(data, out=out)
    assert out.read_bytes() == pdf
    assert len(pdf_text(pdf)) == 1
    text = squash(pdf_text(pdf)[0])
    assert "Nơinhận" not in text and "Biểuquyết" not in text


def test_optional_place_date_in_header(org):
    data = replace(make_minutes(org, agenda_items=1, awards=0), show_place_date=True, place="Thôn Đồng Quan")
    first = squash(pdf_text(render_minutes(data))[0])
    assert squash("Thôn Đồng Quan, ngày 05 tháng 02 năm 2026") in first
    plain = squash(pdf_text(render_minutes(make_minutes(org, agenda_items=1, awards=0)))[0])
    assert "ngày05tháng02năm2026" not in plain.split("BIÊNBẢN")[0]
