"""The committee profile: when it is complete, its issuer line, and its stored form."""

from __future__ import annotations

from khuyenhoc_desktop.domain.organisation import Organisation, sample_organisation


def test_a_profile_is_complete_with_commune_committee_and_chair():
    assert not Organisation().is_complete
    assert not Organisation(commune="Tân Dĩnh", committee_name="Hội Khuyến học xã Tân Dĩnh").is_complete
    assert Organisation(commune="Tân Dĩnh", committee_name="Hội Khuyến học xã Tân Dĩnh",
                        chair="Nguyễn Văn Thắng").is_complete
    assert sample_organisation().is_complete


def test_the_issuer_line_is_upper_case_with_its_diacritics():
    org = Organisation(committee_name="Hội Khuyến học xã Tân Dĩnh")
    assert org.issuing_body_upper() == "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ TÂN DĨNH"


def test_the_stored_form_round_trips_and_ignores_unknown_or_empty_values():
    org = sample_organisation()
    assert Organisation.from_dict(org.to_dict()) == org
    read = Organisation.from_dict({"commune": "Tân Dĩnh", "chair": None, "phone": 2043855123, "logo": "x.png"})
    assert (read.commune, read.chair, read.phone, read.commune_kind) == ("Tân Dĩnh", "", "2043855123", "xã")
