"""The danh sách hội viên and the thẻ hội viên read back: names in the order given with their diacritics,
rows per page adding up, the personal columns only when asked, NĐ 30 furniture; ten cards of 85,6 × 54 mm
per A4 page with cut marks on their edges, the blank number, the blank-form text at the profile's place."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.domain.printables import (
    CertificateLayoutProfile, FieldBox, MemberCardData, MemberCardSheet, MemberListData, MemberListRow, MemberSection,
)
from khuyenhoc_desktop.pdf.member_cards import (
    CARD_H_MM, CARD_W_MM, card_origins_mm, render_card_calibration_page, render_member_cards,
)
from khuyenhoc_desktop.pdf.member_list import render_member_list
from khuyenhoc_desktop.services.documents import member_card_profiles

from .pdfhelpers import MM, NAMES, chars_near_edge, nfc, pdf_text, plumber, squash, text_lines, unembedded_fonts

pytestmark = pytest.mark.usefixtures("fonts")

ORG = sample_organisation()
GIVEN = ["An", "Ánh", "Ân", "Bình", "Cường", "Dung", "Đức", "Hà", "Hằng", "Khánh", "Long", "Mai"]


def rows(n: int, prefix: str = "Nguyễn Văn", **kw) -> tuple[MemberListRow, ...]:
    return tuple(MemberListRow(f"{prefix} {GIVEN[i % len(GIVEN)]} {i:03d}", 1950 + i % 30, "Nữ" if i % 3 else "Nam",
                               "Thôn Đồng Quan", date(2020, 3, 1 + i % 28), f"{i:03d}/2020", "Hội viên", **kw)
                 for i in range(n))


def body_names(data: bytes) -> list[list[str]]:
    """The numbered names on each page, read back in page order (a row's STT is the first word of its line)."""
    found = []
    for text in pdf_text(data):
        flat = " ".join(nfc(text).split())  # a cell's lines, and the cells of a row, run on
        found.append(re.findall(r"\d+ ((?:Nguyễn Văn|Trần Thị|Lê Minh) \S+ \d{3})", flat))
    return found


def test_a_long_list_keeps_its_order_and_rows_per_page_add_up():
    section = MemberSection("Chi hội thôn Đồng Quan", rows(130))
    info: dict = {}
    data = render_member_list(MemberListData(ORG, (section,), subtitle="Tính đến ngày 02/12/2026",
                                             date=date(2026, 12, 2)), info=info)
    per_page = body_names(data)
    assert info["pages"] == len(per_page) >= 4
    assert [name for page in per_page for name in page] == [r.name for r in section.rows]
    assert all(len(page) > 15 for page in per_page[:-1])  # full pages, no page of a heading alone
    texts = [squash(t) for t in pdf_text(data)]
    assert all(squash("STTHọvàtênNămsinhGiớitínhThônNgàyvàohộiSốthẻChứcvụGhichú") in t for t in texts[:-1])
    whole = "".join(texts)
    for needle in ("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "HỘIKHUYẾNHỌC", "DANHSÁCHHỘIVIÊN", "Tổngsố:130hộiviên(nam44,nữ86)",
                   "NGƯỜILẬP", "TM.BANCHẤPHÀNH", "CHỦTỊCH", "NguyễnVănThắng", "Nơinhận:", "TânDĩnh,ngày02tháng12năm2026"):
        assert needle in whole, needle
    assert "Cộng:" not in whole  # one section: the total says it
    assert not unembedded_fonts(data) and not chars_near_edge(data)


def test_sections_each_have_their_heading_count_and_numbering_and_diacritics_survive():
    names = tuple(MemberListRow(n, 1960, "Nữ") for n in NAMES)
    data = render_member_list(MemberListData(ORG, (
        MemberSection("Chi hội thôn Đông", rows(3, "Trần Thị")),
        MemberSection("Ban khuyến học dòng họ Nguyễn", names),
        MemberSection("", rows(2, "Lê Minh")))))
    whole = squash("".join(pdf_text(data)))
    order = [whole.index(squash(x)) for x in ("Chi hội thôn Đông", "Cộng: 3 hội viên (nam 1, nữ 2).",
                                              "Ban khuyến học dòng họ Nguyễn", *NAMES, "Cộng: 3 hội viên (nam 0, nữ 3).",
                                              "Chưa xếp chi hội/ban", "Cộng: 2 hội viên (nam 1, nữ 1).")]
    assert order == sorted(order)
    assert squash("Tổng số: 8 hội viên (nam 2, nữ 6) thuộc 2 chi hội/ban; 2 hội viên chưa xếp chi hội/ban.") in whole


def test_phone_and_cccd_are_printed_only_with_show_personal_on_a_landscape_page():
    personal = rows(4, phone="0912345678", id_number="001058012345")
    hidden = render_member_list(MemberListData(ORG, (MemberSection("Chi hội thôn Đông", rows(4)),)))
    shown = render_member_list(MemberListData(ORG, (MemberSection("Chi hội thôn Đông", personal),), show_personal=True))
    assert "CCCD" not in "".join(pdf_text(hidden)) and "0912345678" not in "".join(pdf_text(hidden))
    text = squash("".join(pdf_text(shown)))
    assert "ĐiệnthoạiSốCCCD" in text and text.count("0912345678001058012345") == 4
    with plumber(shown) as doc:
        page = doc.pages[0]
        assert page.width > page.height
    with plumber(hidden) as doc:
        page = doc.pages[0]
        assert page.width < page.height


# -- cards ------------------------------------------------------------------------------------------------
def sheet(n: int, **kw) -> MemberCardSheet:
    cards = tuple(MemberCardData(f"{NAMES[i % 3]} {i:02d}", 1950 + i, "Chi hội thôn Đồng Quan",
                                 "" if i == 3 else f"TD-{i:04d}", date(2020, 3, 1 + i), f"HV{i:05d}")
                  for i in range(n))
    return MemberCardSheet(ORG, cards, date=date(2026, 12, 2), **kw)


def card_of(x: float, top: float) -> int:
    """The slot (0–9) of the card holding a point (points from the page's left and top edges)."""
    for slot, (cx, cy) in enumerate(card_origins_mm()):
        if cx * MM <= x < (cx + CARD_W_MM) * MM and cy * MM <= top < (cy + CARD_H_MM) * MM:
            return slot
    raise AssertionError(f"({x / MM:.1f}, {top / MM:.1f}) mm is on no card")


def test_ten_cards_per_a4_page_each_85_6_by_54_mm_between_cut_marks():
    data = render_member_cards(sheet(23))
    texts = pdf_text(data)
    assert len(texts) == 3
    counts = [squash(t).count("THẺHỘIVIÊN") for t in texts]
    assert counts == [10, 10, 3]
    with plumber(data) as doc:
        page = doc.pages[0]
        assert (round(page.width / MM, 1), round(page.height / MM, 1)) == (210.0, 297.0)
        left, right = card_origins_mm()[0][0] * MM, (card_origins_mm()[1][0] + CARD_W_MM) * MM
        top, bottom = card_origins_mm()[0][1] * MM, (card_origins_mm()[-1][1] + CARD_H_MM) * MM
        marks = [l for l in page.lines if l["x1"] < left or l["x0"] > right or l["bottom"] < top or l["top"] > bottom]
        assert len(marks) == 2 * 3 + 2 * 6  # at both ends of every cut
        vertical = sorted({round(l["x0"], 2) for l in marks if abs(l["x0"] - l["x1"]) < 0.01})
        horizontal = sorted({round(l["top"], 2) for l in marks if abs(l["top"] - l["bottom"]) < 0.01})
        assert len(vertical) == 3 and len(horizontal) == 6
        for a, b in zip(vertical, vertical[1:]):
            assert abs((b - a) / MM - 85.6) <= 0.5
        for a, b in zip(horizontal, horizontal[1:]):
            assert abs((b - a) / MM - 54.0) <= 0.5
        # the cards fill the sheet edge to edge between the marks
        assert abs(vertical[0] - left) < 0.01 and abs(horizontal[-1] - bottom) < 0.01
        # each member's name is on its own card, in order, row by row
        names = [l for l in text_lines(page) if re.search(r"\d{2}$", l["text"]) and "Bold" in l["fontname"]]
        slots = {card_of(l["x0"], l["baseline"]): l["text"] for l in names if not l["text"].startswith("TD")}
        assert [slots[i] for i in range(10)] == [squash(f"{NAMES[i % 3]} {i:02d}") for i in range(10)]
    whole = squash("".join(texts))
    for needle in ("HỘIKHUYẾNHỌCXÃTÂNDĨNH", "Họvàtên:", "Nămsinh:", "Sinhhoạttại:", "Sốthẻ:", "Ngàyvàohội:",
                   "1950ChihộithônĐồngQuanTD-000001/03/2020", "TM.BANCHẤPHÀNH", "NguyễnVănThắng"):
        assert needle in whole, needle
    assert not unembedded_fonts(data) and not chars_near_edge(data)


def test_a_card_without_number_has_a_dotted_blank_and_no_number():
    data = render_member_cards(sheet(5))
    with plumber(data) as doc:
        page = doc.pages[0]
        labels = [l for l in text_lines(page) if l["text"] == squash("Số thẻ:")]
        assert len(labels) == 5
        numbered = [l for l in text_lines(page) if l["text"].startswith("TD-")]
        assert sorted(card_of(l["x0"], l["baseline"]) for l in numbered) == [0, 1, 2, 4]
        dotted = [c for c in page.curves + page.lines if c.get("dash") and card_of(c["x0"], c["top"]) == 3]
        assert dotted, "no blank where the number goes"


def test_blank_form_prints_only_the_members_text_at_the_profile_place_with_its_offset():
    profile = member_card_profiles()[0]
    box = profile.fields["name"]
    plain = render_member_cards(sheet(2), mode="blank-form", profile=profile)
    moved = render_member_cards(sheet(2), mode="blank-form", profile=profile.with_offset(3.0, -2.0))
    text = squash("".join(pdf_text(plain)))
    assert "THẺHỘIVIÊN" not in text and "Họvàtên" not in text and "HỘIKHUYẾN" not in text
    assert squash(f"{NAMES[0]} 00") in text and "TD-0001" in text

    def name_at(data):
        with plumber(data) as doc:
            page = doc.pages[0]
            assert not page.lines  # no cut marks on cut stock
            line = next(l for l in text_lines(page) if l["text"] == squash(f"{NAMES[0]} 00"))
            return line["x0"] / MM, line["baseline"] / MM

    x, y = name_at(plain)
    ox, oy = card_origins_mm()[0]
    assert abs(x - (ox + box.x_mm)) < 0.3 and abs(y - (oy + box.y_mm)) < 0.3
    x2, y2 = name_at(moved)
    assert abs(x2 - x - 3.0) < 0.05 and abs(y2 - y + 2.0) < 0.05


def test_a_profile_is_checked_for_its_document():
    with pytest.raises(ValueError, match="thẻ hội viên"):
        CertificateLayoutProfile("x", document="member_card", fields={"achievement": FieldBox(0, 0, 10)})
    certificate = CertificateLayoutProfile("Giấy khen", fields={"name": FieldBox(30, 90, 237)})
    with pytest.raises(ValueError, match="phôi thẻ"):
        render_member_cards(sheet(1), mode="blank-form", profile=certificate)
    card = member_card_profiles()[0]
    assert CertificateLayoutProfile.from_dict(card.to_dict()) == card
    assert "document" not in certificate.to_dict()  # a certificate profile's file is unchanged


def test_the_card_calibration_sheet_marks_one_card_and_outlines_all_ten():
    profile = member_card_profiles()[0]
    data = render_card_calibration_page(replace(profile, offset_x_mm=1.0))
    text = squash(pdf_text(data)[0])
    assert squash(f"TRANG CĂN CHỈNH PHÔI THẺ HỘI VIÊN: {profile.name}") in text
    assert squash("Họ và tên (name, canh trái): x=26.5, y=22.5 mm") in text
    with plumber(data) as doc:
        frames = [r for r in doc.pages[0].rects if abs(r["width"] / MM - CARD_W_MM) < 0.1
                  and abs(r["height"] / MM - CARD_H_MM) < 0.1]
        assert len(frames) == 10
