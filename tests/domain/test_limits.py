"""The one limit on amounts and counts, as every validator applies it."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, validate_award
from khuyenhoc_desktop.domain.classes import ClassDraft, validate_class
from khuyenhoc_desktop.domain.limits import MAX_AMOUNT, MAX_COUNT, amount_problem, count_problem
from khuyenhoc_desktop.domain.meetings import MeetingDraft, validate_meeting

TODAY = date(2026, 2, 5)


def test_limits_are_ten_thousand_billion_dong_and_ten_million():
    assert MAX_AMOUNT == 10_000_000_000_000 and MAX_COUNT == 10_000_000
    assert amount_problem(MAX_AMOUNT) is None
    assert amount_problem(MAX_AMOUNT + 1) == "Số tiền vượt quá giới hạn 10.000.000.000.000 đ."
    assert amount_problem(0) is None and amount_problem(0, allow_zero=False) == "Số tiền phải lớn hơn 0 đồng."
    assert amount_problem(-1) == "Số tiền không được âm."
    assert amount_problem(True) == amount_problem(1.0) == "Số tiền phải là số nguyên đồng."
    assert count_problem(MAX_COUNT, "Số học viên") is None
    assert count_problem(MAX_COUNT + 1, "Số học viên") == "Số học viên vượt quá giới hạn 10.000.000."


def _errors(problems, field):
    return [p.message for p in problems if p.field == field and p.severity == "error"]


def test_award_amount_above_the_limit_is_an_error_not_a_warning():
    draft = AwardDraft(school_year="2025-2026", full_name="Nguyễn Văn An", amount=2**62 - 1)
    assert _errors(validate_award(draft, TODAY), "amount") == ["Số tiền vượt quá giới hạn 10.000.000.000.000 đ."]


@pytest.mark.parametrize("field, value", [("learners", 10**7 + 1), ("sessions", 10**9), ("budget", 10**13 + 1)])
def test_class_counts_and_budget_are_bounded(field, value):
    base = {"learners": 10, "women": 0, "minority": 0}
    draft = ClassDraft(name="Lớp tin học", start_date=date(2026, 1, 5), **{**base, field: value}).normalized()
    assert _errors(validate_class(draft, TODAY), field) and "vượt quá giới hạn" in _errors(validate_class(draft, TODAY), field)[0]


def test_meeting_member_counts_are_bounded():
    draft = MeetingDraft(number="01/BB", location="Hội trường", chair="A", secretary="B", members_total=10**8)
    assert "Tổng số thành viên vượt quá giới hạn 10.000.000." in _errors(validate_meeting(draft), "members_total")
