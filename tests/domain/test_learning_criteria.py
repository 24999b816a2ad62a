"""Criteria sets as data: the shipped sets load, and each scores a sheet by its own rule (hand-computed cases)."""

from __future__ import annotations

import json

import pytest

from khuyenhoc_desktop.domain.learning_criteria import (
    CHECKED, TO_CHECK, CriteriaSetError, ScoreError, loads, parse_set, score, superseding_copy,
)
from khuyenhoc_desktop.services.learning_criteria import shipped_sets


def _set(code):
    return next(s for s in shipped_sets() if s.code == code)


def _citizen_points(*values):
    codes = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
    return dict(zip(codes, values))


def test_the_shipped_sets_load_with_their_source_decision_years_and_status():
    sets = {s.code: s for s in shipped_sets()}
    assert set(sets) == {"cong-dan-hoc-tap", "don-vi-hoc-tap-xa", "gia-dinh-hoc-tap"}
    for s in sets.values():
        assert s.sources and s.decision.number and s.status in (CHECKED, TO_CHECK) and s.version == 1
    citizen = sets["cong-dan-hoc-tap"]
    assert [len(c.items) for c in citizen.criteria] == [4, 4, 2] and citizen.max_total == 100
    assert all(i.max_points == 10 for i in citizen.items)
    unit = sets["don-vi-hoc-tap-xa"]
    assert [c.max_points for c in unit.criteria] == [30, 30, 40] and unit.decision.number == "22/2020/TT-BGDĐT"
    family = sets["gia-dinh-hoc-tap"]
    assert family.criteria[0].max_points == 30 and family.status == TO_CHECK and not family.complete
    assert family.decision.number == "448/QĐ-KHVN"


def test_citizen_passes_at_80_with_every_indicator_at_least_5():
    out = score(_set("cong-dan-hoc-tap"), _citizen_points(8, 8, 8, 8, 8, 8, 8, 8, 8, 8))
    assert (out.total, out.passed, out.result) == (80, True, "Đạt")
    out = score(_set("cong-dan-hoc-tap"), _citizen_points(8, 8, 8, 8, 8, 8, 8, 8, 8, 7))
    assert (out.total, out.passed, out.result) == (79, False, "Chưa đạt")
    assert out.reasons == ("tổng 79 điểm dưới mức đạt 80",)


def test_citizen_total_passes_but_one_indicator_below_5_fails():
    # 10×9 + 4 = 94 points, but indicator 2.2 has 4 < 5
    out = score(_set("cong-dan-hoc-tap"), _citizen_points(10, 10, 10, 10, 10, 4, 10, 10, 10, 10))
    assert out.total == 94 and not out.passed
    assert out.reasons == ("nội dung 2.2 dưới 5 điểm",)
    # exactly 5 is enough
    assert score(_set("cong-dan-hoc-tap"), _citizen_points(10, 10, 10, 10, 10, 5, 10, 10, 10, 10)).passed


def test_citizen_in_a_difficult_area_passes_from_70():
    points = _citizen_points(7, 7, 7, 7, 7, 7, 7, 7, 7, 7)  # 70
    assert not score(_set("cong-dan-hoc-tap"), points).passed
    assert score(_set("cong-dan-hoc-tap"), points, difficult_area=True).passed
    lower = _citizen_points(7, 7, 7, 7, 7, 7, 7, 7, 7, 6)  # 69
    assert not score(_set("cong-dan-hoc-tap"), lower, difficult_area=True).passed


@pytest.mark.parametrize("points, total, result, passed", [
    # 1.1 1.2 1.3 | 2.1 2.2 2.3 2.4 | 3.1 3.2
    ((10, 10, 10, 10, 5, 10, 5, 25, 15), 100, "Tốt", True),
    ((10, 10, 10, 10, 5, 10, 5, 25, 0), 85, "Tốt", True),
    ((10, 10, 10, 10, 5, 10, 4, 25, 0), 84, "Khá", True),
    ((10, 10, 10, 10, 0, 5, 0, 25, 0), 70, "Khá", True),
    ((10, 10, 10, 10, 0, 4, 0, 25, 0), 69, "Trung bình", True),
    ((10, 10, 5, 0, 0, 0, 0, 25, 0), 50, "Trung bình", True),
    ((10, 10, 4, 0, 0, 0, 0, 25, 0), 49, "Không đạt", False),
])
def test_unit_grades_by_bands(points, total, result, passed):
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
    out = score(_set("don-vi-hoc-tap-xa"), dict(zip(codes, points)))
    assert (out.total, out.result, out.passed, out.max_total) == (total, result, passed, 100)


@pytest.mark.parametrize("points, words", [
    ({"2.2": 6}, "2.2: 6 điểm vượt điểm tối đa 5"),
    ({"1.1": -1}, "1.1: điểm không được âm"),
    ({"9.9": 1}, "“9.9” không có trong bộ tiêu chí"),
    ({"1.1": 2.5}, "không phải là số nguyên"),
])
def test_points_outside_a_sub_item_are_refused(points, words):
    with pytest.raises(ScoreError) as caught:
        score(_set("don-vi-hoc-tap-xa"), points)
    assert words in caught.value.message


def test_an_incomplete_set_cannot_score_until_a_new_version_completes_it():
    family = _set("gia-dinh-hoc-tap")
    with pytest.raises(ScoreError, match="chưa đủ"):
        score(family, {"1a": 10})
    data = superseding_copy(family, 2, {"rule": {"kind": "pass", "pass_total": 20}})
    data["criteria"] = [family.raw["criteria"][0]]
    completed = parse_set(data)
    assert completed.key == ("gia-dinh-hoc-tap", 2) and completed.complete
    assert score(completed, {"1a": 10, "1b": 10, "1c": 0}).passed
    assert family.raw["rule"] is None  # the old version is untouched


@pytest.mark.parametrize("change, words", [
    ({"status": "chắc chắn"}, "tình trạng"),
    ({"version": 0}, "phiên bản"),
    ({"title_kind": "school"}, "loại danh hiệu"),
    ({"rule": {"kind": "pass", "pass_total": 120}}, "vượt tổng điểm tối đa (100)"),
    ({"rule": {"kind": "maybe"}}, "quy tắc xét"),
    ({"years": {"from": 2025, "to": 2020}}, "năm hết áp dụng"),
])
def test_a_broken_set_is_refused_in_vietnamese(change, words):
    data = dict(_set("cong-dan-hoc-tap").raw)
    data.update(change)
    with pytest.raises(CriteriaSetError) as caught:
        parse_set(data)
    assert words in caught.value.message


def test_a_set_applies_only_to_its_years_and_round_trips_through_json():
    citizen = _set("cong-dan-hoc-tap")
    assert citizen.applies_to(2022) and citizen.applies_to(2030)
    assert not citizen.applies_to(2021) and not citizen.applies_to(2031)
    assert _set("don-vi-hoc-tap-xa").applies_to(2026)
    assert loads(json.dumps(citizen.raw, ensure_ascii=False)) == citizen
    with pytest.raises(CriteriaSetError, match="không đọc được"):
        loads("{")
