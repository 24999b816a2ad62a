"""Members and units: codes, the rules of dates, age, CCCD and duplicates, masking, delete and undo, figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from khuyenhoc_desktop.domain.errors import ConflictError, NeedsConfirmation, ValidationError
from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter, UnitDraft
from khuyenhoc_desktop.storage.members import LIST_COLUMNS

PHONE, CCCD = LIST_COLUMNS.index("phone"), LIST_COLUMNS.index("id_number")


def member(**kw) -> MemberDraft:
    base = dict(full_name="Nguyễn Văn Ánh", gender="Nam", birth_year=1958, village="Thôn 1",
                category="Giáo viên nghỉ hưu", joined_on=date(2020, 3, 8))
    base.update(kw)
    return MemberDraft(**base)


def errors_of(exc) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.errors}


def test_codes_are_given_in_order_and_cannot_be_changed_later(ws):
    first, changes = ws.members.save(member())
    second, _ = ws.members.save(member(full_name="Trần Thị Bình", village="Thôn 2"))
    assert (first.code, second.code) == ("HV00001", "HV00002") and changes.created["member"] == [first.uuid]
    own, _ = ws.members.save(member(full_name="Lê Văn Cường", code="hv00100"))
    assert own.code == "HV00100" and ws.members.next_code() == "HV00101"
    with pytest.raises(ValidationError) as exc:
        ws.members.save(replace(first.as_draft(), code="HV00007"), first.uuid)
    assert errors_of(exc)["code"] == "Mã hội viên đã cấp thì không sửa được."
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(full_name="Phạm Văn Dũng", code="HV00002"))
    assert errors_of(exc)["code"] == "Mã hội viên “HV00002” đã có."
    updated, _ = ws.members.save(replace(first.as_draft(), card_no="12/2020"), first.uuid, expected_version=1)
    assert (updated.code, updated.version, updated.card_no) == ("HV00001", 2, "12/2020")
    assert [e.action for e in ws.members.history(first.uuid)] == ["create", "update"]


def test_joining_dates_before_birth_or_in_the_future_are_refused(ws, clock):
    today = clock.today()
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(birth_date=date(1960, 5, 1), birth_year=None, joined_on=date(1959, 1, 1)))
    assert errors_of(exc)["joined_on"] == "Ngày vào hội trước ngày sinh."
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(birth_year=1990, joined_on=date(1989, 12, 31)))
    assert errors_of(exc)["joined_on"] == "Ngày vào hội trước năm sinh."
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(joined_on=today + timedelta(days=1)))
    assert errors_of(exc)["joined_on"] == "Ngày vào hội ở tương lai."
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(status="moved", status_date=date(2019, 1, 1)))
    assert errors_of(exc)["status_date"] == "Ngày chuyển trạng thái trước ngày vào hội."
    assert ws.members.count(MemberFilter()) == 0


def test_a_member_under_the_minimum_age_is_confirmed_not_refused(ws, clock):
    today = clock.today()
    young = member(birth_date=date(today.year - 17, 1, 1), birth_year=None, joined_on=today)
    with pytest.raises(NeedsConfirmation) as exc:
        ws.members.save(young)
    assert [w.message for w in exc.value.warnings] == [
        "Hội viên mới 17 tuổi khi vào hội (dưới 18 tuổi). Vẫn lưu?"]
    assert ws.members.count(MemberFilter()) == 0
    saved, _ = ws.members.save(young, confirm=True)
    assert saved.birth_year == today.year - 17
    ws.members.set_min_age(16)
    ws.members.save(replace(young, full_name="Đỗ Thị Hoa", village="Thôn 3"))  # 17 ≥ 16: no question
    assert ws.members.min_age() == 16 and ws.members.count(MemberFilter()) == 2


def test_cccd_must_be_12_digits_and_unique(ws):
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(id_number="0012345678"))
    assert errors_of(exc)["id_number"] == "Số CCCD phải gồm đúng 12 chữ số."
    first, _ = ws.members.save(member(id_number="0010 5801 2345"))
    assert first.id_number == "001058012345"
    with pytest.raises(ValidationError) as exc:
        ws.members.save(member(full_name="Trần Văn Khác", village="Thôn 4", id_number="001058012345"))
    assert errors_of(exc)["id_number"] == "Số CCCD này đã có ở hội viên Nguyễn Văn Ánh (HV00001)."
    ws.members.delete([first.uuid])
    other, _ = ws.members.save(member(full_name="Trần Văn Khác", village="Thôn 4", id_number="001058012345"))
    with pytest.raises(ConflictError):  # restoring the first would hold the number twice
        ws.members.undelete([first.uuid])
    assert ws.members.get(first.uuid).deleted and other.code == "HV00002"


def test_a_probable_duplicate_is_asked_about_before_saving(ws):
    first, _ = ws.members.save(member())
    again = member(full_name="nguyen van anh", category="Phụ huynh", joined_on=date(2024, 1, 2))
    with pytest.raises(NeedsConfirmation) as exc:
        ws.members.save(again)
    assert exc.value.duplicates[0].uuid == first.uuid
    assert "Có thể trùng với hội viên đã có: Nguyễn Văn Ánh (HV00001, sinh 1958, Thôn 1)." in [
        w.message for w in exc.value.warnings]
    ws.members.save(member(village="Thôn 2"))  # another thôn: another person
    ws.members.save(member(birth_year=1970))  # another birth year
    ws.members.save(again, confirm=True)
    assert ws.members.count(MemberFilter()) == 4


def test_the_list_searches_without_diacritics_filters_and_masks_personal_numbers(ws, clock):
    unit, _ = ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1"))
    a, _ = ws.members.save(member(unit_uuid=unit.uuid, phone="0912345678", id_number="001058012345"))
    b, _ = ws.members.save(member(full_name="Trần Thị Bình", village="Thôn 2", category="Phụ huynh",
                                  joined_on=date(2023, 5, 1), status="moved", status_date=date(2024, 2, 1)))
    rows = ws.members.page(MemberFilter(search="anh nguyen"))
    assert [r[1] for r in rows] == [a.uuid]
    assert (rows[0][PHONE], rows[0][CCCD]) == ("0912 *** 678", "0010********")
    assert rows[0][LIST_COLUMNS.index("unit_name")] == "Chi hội thôn Đông"
    shown = ws.members.page(MemberFilter(search="anh", show_private=True))[0]
    assert (shown[PHONE], shown[CCCD]) == ("0912345678", "001058012345")
    assert [r[1] for r in ws.members.page(MemberFilter(unit_uuid=unit.uuid))] == [a.uuid]
    assert [r[1] for r in ws.members.page(MemberFilter(status="moved"))] == [b.uuid]
    assert [r[1] for r in ws.members.page(MemberFilter(category="Phụ huynh"))] == [b.uuid]
    assert [r[1] for r in ws.members.page(MemberFilter(joined_year=2023))] == [b.uuid]
    assert ws.members.joined_years() == [2023, 2020]
    # Vietnamese order: by given name (Ánh before Bình)
    assert [r[1] for r in ws.members.page(MemberFilter())] == [a.uuid, b.uuid]


def test_keyset_pages_walk_the_whole_list_once(ws):
    for i in range(12):
        ws.members.save(member(full_name=f"Nguyễn Văn Người{i:02d}", village=f"Thôn {i}"))
    first = ws.members.page(MemberFilter(), limit=5)
    seen = [r[1] for r in first]
    while True:
        last = first[-1]
        first = ws.members.page(MemberFilter(), limit=5, after=(last[-1], last[0]))
        if not first:
            break
        seen += [r[1] for r in first]
    assert len(seen) == len(set(seen)) == 12


def test_delete_and_undo_are_audited_and_deleted_members_leave_the_list(ws):
    a, _ = ws.members.save(member())
    changes = ws.members.delete([a.uuid])
    assert changes.deleted["member"] == [a.uuid] and ws.members.count(MemberFilter()) == 0
    ws.members.undelete([a.uuid])
    assert ws.members.count(MemberFilter()) == 1
    assert [e.action for e in ws.members.history(a.uuid)] == ["create", "delete", "restore"]


def test_units_count_by_kind_and_a_unit_with_members_is_not_deleted(ws):
    chi, _ = ws.units.save(UnitDraft(kind="chi_hoi", name="Chi hội thôn 1", village="Thôn 1", head="Ông Tư"))
    ws.units.save(UnitDraft(kind="chi_hoi", name="Chi hội Cựu giáo chức"))
    ban, _ = ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name="Ban khuyến học Trường THCS"))
    ws.units.save(UnitDraft(kind="to_hoi", name="Tổ hội xóm Trại", active=False))
    assert ws.units.counts_by_kind() == {"chi_hoi": 2, "ban_khuyen_hoc": 1, "to_hoi": 0}
    with pytest.raises(ValidationError) as exc:
        ws.units.save(UnitDraft(name="chi hội thôn 1"))
    assert errors_of(exc)["name"] == "Đã có chi hội/ban tên “chi hội thôn 1”."
    with pytest.raises(ValidationError) as exc:
        ws.units.save(UnitDraft(name="Chi hội mới", phone="09ab"))
    assert "phone" in errors_of(exc)
    ws.members.save(member(unit_uuid=chi.uuid))
    with pytest.raises(ConflictError, match="còn 1 hội viên"):
        ws.units.delete([chi.uuid])
    ws.units.delete([ban.uuid])
    assert ws.units.counts_by_kind()["ban_khuyen_hoc"] == 0
    assert [u.name for u in ws.units.list()] == ["Chi hội Cựu giáo chức", "Chi hội thôn 1", "Tổ hội xóm Trại"]


def test_the_summary_counts_members_on_the_register_joined_and_left_in_the_school_year(ws):
    from khuyenhoc_desktop.services.summary import summary

    ws.units.save(UnitDraft(kind="chi_hoi", name="Chi hội thôn 1"))
    ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name="Ban khuyến học Trường Tiểu học"))
    ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name="Ban khuyến học dòng họ Lê", active=False))
    ws.members.save(member(full_name="Nguyễn Văn Một", joined_on=date(2019, 5, 1)))  # on the register
    ws.members.save(member(full_name="Nguyễn Văn Hai", joined_on=date(2024, 10, 1)))  # new in 2024-2025
    ws.members.save(member(full_name="Nguyễn Văn Ba", joined_on=date(2020, 1, 1), status="moved",
                           status_date=date(2025, 3, 1)))  # left in 2024-2025
    ws.members.save(member(full_name="Nguyễn Văn Bốn", joined_on=date(2024, 9, 1), status="deceased",
                           status_date=date(2025, 9, 2)))  # new in 2024-2025, left in 2025-2026
    gone, _ = ws.members.save(member(full_name="Nguyễn Văn Năm", joined_on=date(2024, 12, 1)))
    ws.members.delete([gone.uuid])  # deleted: counts for nothing
    year = summary(ws, "2024-2025")["members"]
    # at 31/08/2025: Một, Hai, Bốn (Ba left on 01/03/2025)
    # no population entered, no dues rate set (tests/services/test_dues_summary.py has both)
    nothing = {"population": None, "percent_of_population": None, "dues": {"due": 0, "collected": 0, "submitted": 0}}
    assert year == {"count": 3, "new": 2, "left": 1, "units": {"chi_hoi": 1, "ban_khuyen_hoc": 1, "to_hoi": 0},
                    **nothing}
    assert summary(ws, "2025-2026")["members"] == {"count": 2, "new": 0, "left": 1,
                                                   "units": {"chi_hoi": 1, "ban_khuyen_hoc": 1, "to_hoi": 0},
                                                   **nothing}
    everything = summary(ws)["members"]
    assert (everything["count"], everything["new"], everything["left"]) == (2, 4, 2)


def test_demo_members_have_units_some_left_and_no_personal_numbers(ws, clock):
    from khuyenhoc_desktop.services import demo
    from khuyenhoc_desktop.storage.members import fetch_many

    result = demo.fill(ws, awards=20, seed=7)
    assert result["members"] == {"units": len(ws.catalogs.names("village")) + 3, "members": 150}
    uuids = [r[1] for r in ws.members.page(MemberFilter(show_private=True), limit=500)]
    members = fetch_many(ws.db, uuids)
    assert len(members) == 150
    left = [m for m in members if m.status != "active"]
    assert 0 < len(left) < 150
    assert all(m.status_date and m.joined_on <= m.status_date <= clock.today() for m in left)
    assert all(m.joined_on <= clock.today() and m.joined_on.year - m.birth_year >= 18 for m in members)
    assert not any(m.phone or m.id_number for m in members)
    assert all(m.unit_uuid for m in members) and len({m.code for m in members}) == 150
    counts = ws.units.counts_by_kind()
    assert counts == {"chi_hoi": len(ws.catalogs.names("village")), "ban_khuyen_hoc": 2, "to_hoi": 1}
