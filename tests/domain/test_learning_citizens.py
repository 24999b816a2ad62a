"""The rules of a Công dân học tập on the list, who is the same person, the status cells of a list, and the
counts a list gives (hand-counted)."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.learning_citizens import (
    Citizen, CitizenDraft, counts_from_list, match_group, same_person, status_of, validate_citizen,
)
from khuyenhoc_desktop.domain.learning_models import DEFAULT_TARGET_GROUPS

GROUPS = DEFAULT_TARGET_GROUPS
TODAY = date(2026, 12, 2)


def _draft(**kw):
    return CitizenDraft(**{"year": 2026, "full_name": "Nguyễn Văn An", "birth_year": 1980, "village": "Thôn 1",
                           "target_group": GROUPS[0], **kw})


def _messages(draft):
    return {p.field: p.message for p in validate_citizen(draft, GROUPS, TODAY)}


def test_a_complete_person_passes():
    assert _messages(_draft()) == {}
    assert _messages(_draft(birth_year=None, id_number="001080000001", gender="Nữ")) == {}


def test_each_bad_field_is_named():
    assert "12 chữ số" in _messages(_draft(id_number="00108000000"))["id_number"]
    assert "12 chữ số" in _messages(_draft(id_number="00108000000x"))["id_number"]
    assert _messages(_draft(birth_year=2027))["birth_year"] == "Năm sinh ở tương lai."
    assert "Chưa nhập" in _messages(_draft(full_name=""))["full_name"]
    assert "Chưa chọn" in _messages(_draft(target_group=""))["target_group"]
    unknown = _messages(_draft(target_group="Nông dân"))["target_group"]
    assert "“Nông dân”" in unknown and all(f"“{g}”" in unknown for g in GROUPS)
    assert "Kết quả" in _messages(_draft(status="assessed"))["status"]
    assert "year" in _messages(_draft(year=1989))
    assert "quá dài" in _messages(_draft(full_name="A " * 41))["full_name"]


def test_groups_match_folded_and_spaced_any_way():
    assert match_group("nong dan,  lao dong nong thon", GROUPS) == GROUPS[0]
    assert match_group("CÁN BỘ - CÔNG CHỨC - VIÊN CHỨC", GROUPS) == GROUPS[2]
    assert match_group("Nông dân", GROUPS) is None


def test_status_cells():
    assert [status_of(t) for t in ("", "Đăng ký", "chua dat", "Đã công nhận", "ĐẠT", "x", "không rõ")] == [
        "registered", "registered", "registered", "recognised", "recognised", "recognised", None]


def test_the_same_person_by_cccd_or_by_name_birth_year_and_village():
    an = Citizen(**_draft(id_number="001080000001").__dict__, uuid="a")
    binh = Citizen(**_draft(full_name="Trần Thị Bình", birth_year=1975).__dict__, uuid="b")
    assert same_person(_draft(full_name="Nguyễn Văn Ân", birth_year=1981, id_number="001080000001"), [an, binh]) is an
    assert same_person(_draft(full_name="TRAN THI BINH", birth_year=1975, village="thon 1"), [an, binh]) is binh
    assert same_person(_draft(full_name="Trần Thị Bình", birth_year=1976), [an, binh]) is None
    assert same_person(_draft(full_name="Trần Thị Bình", birth_year=1975, village="Thôn 2"), [an, binh]) is None


def test_counts_from_a_list_by_hand():
    people = [Citizen(**_draft(full_name=f"Người {i}", target_group=g, status=s).__dict__, uuid=str(i), deleted=d)
              for i, (g, s, d) in enumerate([(GROUPS[0], "recognised", False), (GROUPS[0], "registered", False),
                                             (GROUPS[0], "recognised", True), (GROUPS[1], "registered", False),
                                             (GROUPS[1], "recognised", False), (GROUPS[1], "recognised", False)])]
    # farmers: 2 on the list (the deleted one not), 1 recognised; workers: 3, 2 recognised
    assert counts_from_list(people) == {GROUPS[0]: (2, 1), GROUPS[1]: (3, 2)}


def test_the_index_finds_whom_same_person_finds_and_follows_a_change():
    from khuyenhoc_desktop.domain.learning_citizens import PersonIndex

    an = Citizen(**_draft(id_number="001080000001").__dict__, uuid="a")
    binh = Citizen(**_draft(full_name="Trần Thị Bình", birth_year=1975).__dict__, uuid="b")
    index = PersonIndex([an, binh])
    for probe in (_draft(full_name="Nguyễn Văn Ân", birth_year=1981, id_number="001080000001"),
                  _draft(full_name="TRAN THI BINH", birth_year=1975, village="thon 1"),
                  _draft(full_name="Trần Thị Bình", birth_year=1976)):
        assert index.find(probe) is same_person(probe, [an, binh])
    moved = Citizen(**_draft(full_name="Trần Thị Bình", birth_year=1975, village="Thôn 9").__dict__, uuid="b")
    index.replace(binh, moved)
    assert index.find(_draft(full_name="Trần Thị Bình", birth_year=1975)) is None
    assert index.find(_draft(full_name="Tran Thi Binh", birth_year=1975, village="Thôn 9")) is moved
