"""What the member list and the member cards are given: sections by unit in catalogue order, names in
Vietnamese order, the personal numbers only when asked, cards only for members on the register, the
members without a số thẻ named, the unit found by its name."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.errors import NotFoundError
from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter, UnitDraft
from khuyenhoc_desktop.services import documents


def add(ws, name, unit=None, **kw):
    base = dict(full_name=name, gender="Nam", birth_year=1958, village="Thôn 1", joined_on=date(2020, 3, 8))
    base.update(kw)
    member, _ = ws.members.save(MemberDraft(unit_uuid=unit.uuid if unit else "", **base), confirm=True)
    return member


@pytest.fixture
def units(ws):
    east, _ = ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1"))
    west, _ = ws.units.save(UnitDraft(name="Chi hội thôn Bắc", village="Thôn 2"))
    clan, _ = ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name="Ban khuyến học dòng họ Nguyễn"))
    return east, west, clan


@pytest.fixture
def register(ws, units):
    east, west, clan = units
    add(ws, "Trần Thị Ánh", east, gender="Nữ", card_no="02/2020", phone="0912345678", id_number="001058012345")
    add(ws, "Nguyễn Văn An", east, card_no="01/2020")
    add(ws, "Lê Văn Ân", east)  # no số thẻ
    add(ws, "Đặng Thu Hà", west, gender="Nữ", card_no="05/2021", birth_year=1961, village="Thôn 2")
    add(ws, "Phạm Văn Bình", west, status="moved", status_date=date(2025, 5, 3), card_no="06/2021", village="Thôn 2")
    add(ws, "Hoàng Văn Cường", clan, role="Trưởng ban", note="Đại diện dòng họ\nDòng thứ hai")
    add(ws, "Vũ Thị Dung", None, gender="Nữ", card_no="09/2022")
    gone = add(ws, "Ngô Văn Đã Xóa", east, card_no="10/2022")
    ws.members.delete([gone.uuid])
    return units


def names(section):
    return [r.name for r in section.rows]


def test_the_list_has_a_section_per_unit_in_catalogue_order_names_in_vietnamese_order(ws, register):
    data = documents.member_list(ws)
    # chi hội first (by name: Bắc before Đông), then the ban, then the members in no unit; deleted ones never
    assert [s.unit for s in data.sections] == ["Chi hội thôn Bắc", "Chi hội thôn Đông",
                                               "Ban khuyến học dòng họ Nguyễn", ""]
    assert names(data.sections[1]) == ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Ân"]  # a < ă < â: An, Ánh, Ân
    assert data.total == 7 and (data.sections[1].men, data.sections[1].women) == (2, 1)
    moved = data.sections[0].rows[0]  # Bình before Hà
    assert (moved.name, moved.note) == ("Phạm Văn Bình", "Chuyển đi 03/05/2025")
    assert data.sections[2].rows[0].note == "Đại diện dòng họ" and data.sections[2].rows[0].role == "Trưởng ban"
    assert data.subtitle == "Tính đến ngày 02/12/2026" and data.date == ws.clock.today()


def test_personal_numbers_are_in_the_rows_only_when_asked(ws, register):
    plain = documents.member_list(ws)
    assert all(r.phone == "" and r.id_number == "" for s in plain.sections for r in s.rows)
    assert not plain.show_personal
    shown = documents.member_list(ws, show_personal=True)
    anh = next(r for s in shown.sections for r in s.rows if r.name == "Trần Thị Ánh")
    assert (anh.phone, anh.id_number) == ("0912345678", "001058012345") and shown.show_personal


def test_one_unit_and_a_status_make_one_section_and_say_so(ws, register):
    east = register[0]
    data = documents.member_list(ws, MemberFilter(unit_uuid=east.uuid, status="active"))
    assert [s.unit for s in data.sections] == ["Chi hội thôn Đông"] and data.total == 3
    assert data.subtitle == "Chi hội thôn Đông; Trạng thái: Đang sinh hoạt; Tính đến ngày 02/12/2026"
    with pytest.raises(NotFoundError):
        documents.member_list(ws, MemberFilter(search="không ai tên này"))


def test_the_selected_members_are_listed_by_unit_whatever_the_order_given(ws, register):
    chosen = [ws.members.uuids(MemberFilter(search=n))[0] for n in ("Vũ Thị Dung", "Trần Thị Ánh", "Đặng Thu Hà")]
    data = documents.member_list(ws, uuids=chosen)
    assert [(s.unit, names(s)) for s in data.sections] == [
        ("Chi hội thôn Bắc", ["Đặng Thu Hà"]), ("Chi hội thôn Đông", ["Trần Thị Ánh"]), ("", ["Vũ Thị Dung"])]


def test_cards_are_for_members_on_the_register_and_name_those_without_a_number(ws, register):
    sheet = documents.member_cards(ws)
    assert [c.name for c in sheet.cards] == ["Đặng Thu Hà", "Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Ân",
                                             "Hoàng Văn Cường", "Vũ Thị Dung"]  # the moved one has none
    assert sheet.cards[0].unit == "Chi hội thôn Bắc" and sheet.cards[0].birth_year == 1961
    assert [c.name for c in sheet.without_card_no] == ["Lê Văn Ân", "Hoàng Văn Cường"]
    message = documents.cards_without_number_message(sheet)
    assert message.startswith("2 hội viên chưa có số thẻ, thẻ in để trống ô số thẻ")
    assert "Lê Văn Ân (HV00003)" in message and "Hoàng Văn Cường (HV00006)" in message
    shared = sheet.shared_texts()
    assert shared["association"] == "HỘI KHUYẾN HỌC XÃ TÂN DĨNH" and shared["signer_name"] == "Nguyễn Văn Thắng"
    assert shared["place_date"] == "Tân Dĩnh, ngày 02 tháng 12 năm 2026"


def test_chosen_members_who_left_are_skipped_and_only_they_are_refused(ws, register):
    moved = ws.members.uuids(MemberFilter(search="Phạm Văn Bình"))
    anh = ws.members.uuids(MemberFilter(search="Trần Thị Ánh"))
    sheet = documents.member_cards(ws, uuids=moved + anh)
    assert [c.name for c in sheet.cards] == ["Trần Thị Ánh"] and sheet.skipped == 1
    assert documents.cards_without_number_message(sheet) == ""
    with pytest.raises(NotFoundError) as exc:
        documents.member_cards(ws, uuids=moved)
    assert "không còn sinh hoạt" in exc.value.message


def test_a_unit_is_found_by_its_name_without_diacritics(ws, units):
    assert documents.find_unit(ws, "chi hoi thon dong").name == "Chi hội thôn Đông"
    assert documents.find_unit(ws, "dòng họ").name == "Ban khuyến học dòng họ Nguyễn"
    with pytest.raises(NotFoundError) as exc:
        documents.find_unit(ws, "chi hoi")
    assert "khớp nhiều chi hội/ban" in exc.value.message
    with pytest.raises(NotFoundError) as exc:
        documents.find_unit(ws, "Thôn Nam")
    assert exc.value.message.startswith("Không có chi hội/ban “Thôn Nam”. Các chi hội/ban có:")


def test_the_shipped_card_profile_is_a_member_card_profile_found_by_name(tmp_path):
    profile = documents.find_member_card_profile(None)
    assert profile.document == "member_card" and {"name", "card_no", "joined_on"} <= set(profile.fields)
    assert documents.find_member_card_profile("phoi the 10 the/to a4 (85,6 × 54 mm)") == profile
    moved = profile.with_offset(1.5, -2.0)
    documents.save_member_card_profile(moved)
    assert documents.find_member_card_profile(profile.name).offset_x_mm == 1.5
    # the certificates' profiles do not list it
    assert all(p.document == "certificate" for p in documents.certificate_profiles())
    with pytest.raises(NotFoundError):
        documents.find_member_card_profile("Phôi A4 ngang chuẩn")
