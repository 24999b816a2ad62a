"""The Công dân học tập list: the counts of a group with people on the list follow the list in the same
transaction (registered = on the list, recognised = those recognised), a group without anyone keeps its
hand-entered count, the same person is never listed twice, and refusals write nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from khuyenhoc_desktop.domain.errors import AppError, ValidationError
from khuyenhoc_desktop.domain.learning_citizens import CitizenDraft, CitizenFilter
from khuyenhoc_desktop.domain.learning_models import CitizenCount, DEFAULT_TARGET_GROUPS
from khuyenhoc_desktop.services.summary import learning_model_summary

FARMERS, WORKERS, OFFICIALS, PUPILS = DEFAULT_TARGET_GROUPS


def _counts(ws, year=2026):
    return {c.target_group: (c.registered, c.recognised) for c in ws.learning.citizen_counts(year)}


def _person(name, group=FARMERS, year=2026, born=1980, village="Thôn 1", **kw):
    return CitizenDraft(year=year, full_name=name, birth_year=born, village=village, target_group=group, **kw)


@pytest.fixture
def listed(ws):
    """Officials: 12 registered, 7 recognised entered by hand; three farmers on the list, one recognised."""
    ws.learning.save_citizen_counts(2026, [CitizenCount(OFFICIALS, 12, 7), CitizenCount(FARMERS, 40, 30)])
    saved = [ws.citizens.save(_person("Nguyễn Văn An"))[0],
             ws.citizens.save(_person("Trần Thị Bình", born=1975, gender="Nữ", status="recognised"))[0],
             ws.citizens.save(_person("Lê Văn Cường", born=1990, village="Thôn 2"))[0]]
    return saved


def test_the_list_sets_its_groups_counts_and_keeps_the_others(ws, listed):
    counts = _counts(ws)
    assert counts[FARMERS] == (3, 1)  # the hand-entered 40/30 replaced by the list: 3 people, 1 recognised
    assert counts[OFFICIALS] == (12, 7)  # nobody on the list: the hand count stays
    assert counts[WORKERS] == (0, 0)
    figures = learning_model_summary(ws)
    assert figures["year"] == 2026 and figures["citizen"] == {"registered": 15, "recognised": 8}
    assert ws.citizens.list_driven_groups(2026) == {FARMERS: (3, 1)}


def test_marking_recognised_moving_a_group_and_deleting_follow_through(ws, listed):
    an, binh, cuong = listed
    ws.citizens.set_status([an.uuid, cuong.uuid])
    assert _counts(ws)[FARMERS] == (3, 3)
    ws.citizens.save(replace(ws.citizens.get(cuong.uuid).as_draft(), target_group=WORKERS), cuong.uuid)
    assert _counts(ws)[FARMERS] == (2, 2) and _counts(ws)[WORKERS] == (1, 1)
    changes = ws.citizens.delete([binh.uuid])
    assert "learning_citizen_count" in changes.updated
    assert _counts(ws)[FARMERS] == (1, 1)
    ws.citizens.undelete([binh.uuid])
    assert _counts(ws)[FARMERS] == (2, 2)
    ws.citizens.delete([an.uuid, binh.uuid])  # the last farmers leave the list: their count goes to 0
    assert _counts(ws)[FARMERS] == (0, 0) and ws.citizens.list_driven_groups(2026) == {WORKERS: (1, 1)}
    ws.learning.save_citizen_counts(2026, [CitizenCount(FARMERS, 5, 2)])  # by hand again
    assert _counts(ws)[FARMERS] == (5, 2)


def test_a_list_driven_group_cannot_be_changed_by_hand(ws, listed):
    with pytest.raises(ValidationError, match="tính theo danh sách"):
        ws.learning.save_citizen_counts(2026, [CitizenCount(FARMERS, 50, 10), CitizenCount(OFFICIALS, 20, 9)])
    assert _counts(ws)[FARMERS] == (3, 1) and _counts(ws)[OFFICIALS] == (12, 7)  # neither written
    ws.learning.save_citizen_counts(2026, [CitizenCount(FARMERS, 3, 1), CitizenCount(OFFICIALS, 20, 9)])
    assert _counts(ws)[OFFICIALS] == (20, 9)


def test_the_same_person_twice_and_bad_fields_are_refused_and_nothing_written(ws, listed):
    before = ws.citizens.count(CitizenFilter(2026))
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        ws.citizens.save(_person("NGUYEN VAN AN"))  # same folded name, birth year and thôn
    ws.citizens.save(_person("Nguyễn Văn An", id_number="001080012345", village="Thôn 3"))
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        ws.citizens.save(_person("Nguyễn Văn Ân", born=1981, id_number="001080012345"))  # the same CCCD
    for bad, field in ((_person("Phạm Thị Dung", id_number="12345"), "12 chữ số"),
                       (_person("Phạm Thị Dung", group="Nông dân"), "chỉ nhận"),
                       (_person("", ), "Chưa nhập họ và tên"),
                       (_person("Phạm Thị Dung", born=2030), "Năm sinh ở tương lai")):
        with pytest.raises(ValidationError, match=field):
            ws.citizens.save(bad)
    assert ws.citizens.count(CitizenFilter(2026)) == before + 1
    assert _counts(ws)[FARMERS] == (4, 1)


def test_a_group_named_without_diacritics_is_the_configured_one_and_search_folds(ws):
    saved, _ = ws.citizens.save(_person("Đỗ Thị Hạnh", group="can bo, cong chuc, vien chuc"))
    assert saved.target_group == OFFICIALS
    assert [c.full_name for c in ws.citizens.list(CitizenFilter(2026, search="hanh do"))] == ["Đỗ Thị Hạnh"]
    assert ws.citizens.list(CitizenFilter(2027)) == []


def test_list_order_is_vietnamese_by_given_name(ws):
    for name in ("Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Bình", "Phạm Anh"):
        ws.citizens.save(_person(name))
    assert [c.full_name for c in ws.citizens.list(CitizenFilter(2026))] == [
        "Nguyễn Thị An", "Phạm Anh", "Lê Văn Bình", "Trần Văn Bình"]


def test_a_batch_with_nobody_chosen_is_refused(ws):
    with pytest.raises(AppError, match="Hãy chọn"):
        ws.citizens.set_status([])


def test_the_history_of_a_person_is_audited(ws, listed):
    an = listed[0]
    ws.citizens.set_status([an.uuid])
    actions = [e.action for e in ws.citizens.history(an.uuid)]
    assert actions[0] == "create" and "update" in actions
