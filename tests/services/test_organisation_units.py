"""The organisation profile against the official post-2025 list (vietnam-provinces 2025.10.1): names typed
without diacritics find the unit, the codes follow; a unit the list lacks is kept as typed after a Vietnamese
warning; an old profile is matched and waits for the user's confirmation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from khuyenhoc_desktop.domain.errors import NeedsConfirmation
from khuyenhoc_desktop.domain.organisation import Organisation, sample_organisation
from khuyenhoc_desktop.services import admin_units
from khuyenhoc_desktop.services.organisation import match_unit
from khuyenhoc_desktop.storage import settings as settings_store

BASE = replace(sample_organisation(), province_code="", commune_code="")


def test_the_official_list_has_34_provinces_and_3321_communes_with_codes():
    provinces = admin_units.provinces()
    assert len(provinces) == 34
    assert sum(len(admin_units.communes(p.code)) for p in provinces) == 3321
    c = admin_units.commune("07432")
    assert (c.name, c.short, c.kind, c.province_code) == ("Xã Tân Dĩnh", "Tân Dĩnh", "xã", "24")
    assert admin_units.province("01").short == "Hà Nội"


@pytest.mark.parametrize("province, commune", [("Bac Ninh", "tan dinh"), ("tỉnh Bắc Ninh", "Xã Tân Dĩnh"),
                                               ("BẮC NINH", "  Tân   Dĩnh ")])
def test_a_name_typed_any_way_finds_the_unit(province, commune):
    found = admin_units.find_commune(admin_units.find_province(province).code, commune)
    assert found is not None and found.code == "07432"


def test_search_is_diacritic_free_and_takes_a_code():
    units = admin_units.communes("24")
    assert [u.code for u in admin_units.search(units, "tan dinh")] == ["07432"]
    assert [u.code for u in admin_units.search(units, "07432")] == ["07432"]
    assert admin_units.search(units, "khong co xa nay") == []


def test_saving_the_official_names_stores_the_codes(ws):
    ws.profile.save(replace(BASE, province="Bắc Ninh", commune="Tân Dĩnh"), confirm=False)
    org = ws.organisation
    assert (org.province_code, org.commune_code, org.commune_kind, org.unit_check) == ("24", "07432", "xã", "official")


def test_a_commune_the_list_lacks_is_asked_then_kept_as_typed(ws):
    org = replace(BASE, commune="Làng Mới", committee_name="Hội Khuyến học xã Làng Mới")
    with pytest.raises(NeedsConfirmation) as asked:
        ws.profile.save(org, confirm=False)
    assert asked.value.message == ("Không có xã/phường “Làng Mới” trong danh sách đơn vị hành chính từ ngày "
                                   "01/07/2025 của Bắc Ninh. Hồ sơ sẽ được lưu như đã ghi, không theo danh sách "
                                   "chính thức.")
    assert ws.organisation.commune != "Làng Mới"  # nothing saved
    ws.profile.save(org, confirm=True)
    assert (ws.organisation.commune, ws.organisation.unit_check) == ("Làng Mới", "free")


def test_a_code_of_another_unit_is_named(ws):
    with pytest.raises(NeedsConfirmation, match="Mã xã 07462 là mã của Xã Bảo Đài. Danh sách chính thức ghi: "
                                                "Xã Tân Dĩnh, mã 07432, Bắc Ninh"):
        ws.profile.save(sample_organisation(), confirm=False)


def test_an_old_profile_waits_for_confirmation_and_a_checked_one_does_not(ws):
    old = {k: v for k, v in sample_organisation().to_dict().items() if k != "unit_check"}
    with ws.db.atomic():
        settings_store.put(ws.db, "organisation", old)
    match = ws.profile.unit_to_confirm()
    assert match is not None and match.commune.code == "07432" and not match.exact
    confirmed = match.applied_to(ws.organisation)
    ws.profile.save(confirmed, confirm=False)
    assert ws.organisation.commune_code == "07432" and ws.profile.unit_to_confirm() is None


def test_match_by_code_when_the_name_agrees():
    m = match_unit(Organisation(province="Bắc Ninh", province_code="24", commune="Tân Dĩnh", commune_code="07432",
                                commune_kind="xã"))
    assert m.exact and m.problem == ""
    assert match_unit(Organisation(province="Hà Tây", commune="Tân Dĩnh")).problem.startswith(
        "Không tìm thấy tỉnh/thành phố “Hà Tây”")
