"""Award rules: when an award counts as given, and what validation refuses or questions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import Award, AwardDraft, errors_only, given_on, validate_award, warnings_only

TODAY = date(2026, 2, 5)
DECIDED, PAID, APPROVED = date(2025, 8, 20), date(2025, 9, 2), date(2025, 8, 25)


@pytest.mark.parametrize("status, decision, paid, approved, expected", [
    ("draft", DECIDED, PAID, APPROVED, None),  # a draft is never given, whatever dates it carries
    ("approved", DECIDED, PAID, APPROVED, DECIDED),  # the decision date comes first
    ("awarded", None, PAID, APPROVED, PAID),  # then the day of the phiếu chi that paid it
    ("approved", None, None, APPROVED, APPROVED),  # then the day it was approved
    ("awarded", None, None, None, None),
    ("cancelled", DECIDED, None, None, None),  # an unknown status counts as not given
])
def test_given_on_takes_the_decision_then_the_payment_then_the_approval(status, decision, paid, approved, expected):
    assert given_on(status, decision, paid, approved) == expected


def messages(problems, field):
    return [p.message for p in problems if p.field == field]


def test_a_complete_award_has_no_problem():
    draft = AwardDraft(school_year="2025-2026", full_name="Nguyễn Thị Mai", birth_date=date(2013, 2, 5),
                       birth_year=2013, gender="Nữ", amount=300_000, status="approved", decision_date=DECIDED)
    assert validate_award(draft, TODAY) == []


def test_name_and_school_year_are_required_and_checked():
    problems = validate_award(AwardDraft(), TODAY)
    assert messages(problems, "full_name") == ["Chưa nhập họ và tên."]
    assert messages(problems, "school_year") == ["Chưa chọn năm học."]
    one_word = validate_award(AwardDraft(school_year="2025-2026", full_name="Mai"), TODAY)
    assert errors_only(one_word) == []
    assert messages(warnings_only(one_word), "full_name") == ["Họ và tên chỉ có một chữ; hãy kiểm tra lại."]
    for bad in ("2025-2027", "2025/2026", "25-26"):
        problems = validate_award(AwardDraft(school_year=bad, full_name="Nguyễn Mai"), TODAY)
        assert messages(problems, "school_year") == [f"Năm học “{bad}” không đúng dạng, ví dụ 2024-2025."]


def test_birth_dates_are_compared_with_the_given_today():
    draft = AwardDraft(school_year="2025-2026", full_name="Nguyễn Mai")
    tomorrow = date(2026, 2, 6)
    assert messages(validate_award(replace(draft, birth_date=tomorrow), TODAY),
                    "birth_date") == ["Ngày sinh ở tương lai."]
    assert validate_award(replace(draft, birth_date=tomorrow), date(2026, 2, 6)) == []
    assert messages(validate_award(replace(draft, birth_year=2027), TODAY),
                    "birth_year") == ["Năm sinh ở tương lai."]
    assert messages(validate_award(replace(draft, birth_date=date(2013, 5, 1), birth_year=2012), TODAY),
                    "birth_year") == ["Năm sinh không khớp với ngày sinh."]
    assert messages(validate_award(replace(draft, birth_year=1899), TODAY),
                    "birth_year") == ["Năm sinh không hợp lệ."]


def test_amounts_over_one_billion_are_questioned_not_refused():
    base = dict(school_year="2025-2026", full_name="Nguyễn Mai")
    assert validate_award(AwardDraft(**base, amount=1_000_000_000), TODAY) == []
    over = validate_award(AwardDraft(**base, amount=1_000_000_001), TODAY)
    assert errors_only(over) == []
    assert messages(over, "amount") == ["Số tiền trên 1 tỷ đồng cho một suất thưởng. Bạn có chắc chắn?"]
    assert messages(validate_award(AwardDraft(**base, amount=-1), TODAY), "amount") == ["Số tiền không được âm."]


def test_status_gender_and_lengths_are_checked():
    base = dict(school_year="2025-2026", full_name="Nguyễn Mai")
    assert messages(validate_award(AwardDraft(**base, status="given"), TODAY), "status") == ["Trạng thái không hợp lệ."]
    assert messages(validate_award(AwardDraft(**base, gender="Khác"), TODAY), "gender") == [
        "Giới tính chỉ là Nam hoặc Nữ."]
    assert messages(validate_award(AwardDraft(**base, village="x" * 151), TODAY), "village") == [
        "Thôn quá dài (151 ký tự, tối đa 150)."]
    assert messages(validate_award(AwardDraft(**base, decision_date=date(1944, 12, 31)), TODAY),
                    "decision_date") == ["Ngày quyết định không hợp lệ."]


def test_normalized_fills_the_birth_year_and_keeps_the_achievement_lines():
    draft = AwardDraft(full_name="  Nguyễn   Thị  Mai ", birth_date=date(2013, 2, 5),
                       achievement="Giải Nhất\nmôn Toán").normalized()
    assert (draft.full_name, draft.birth_year, draft.achievement) == ("Nguyễn Thị Mai", 2013, "Giải Nhất\nmôn Toán")
    assert AwardDraft(birth_date=date(2013, 2, 5), birth_year=2012).normalized().birth_year == 2012


def test_an_award_reads_back_as_its_draft_with_labels():
    award = Award(uuid="u1", version=3, school_year="2025-2026", full_name="Nguyễn Mai", status="awarded",
                  birth_year=2013, amount=200_000)
    assert award.as_draft() == AwardDraft(school_year="2025-2026", full_name="Nguyễn Mai", status="awarded",
                                          birth_year=2013, amount=200_000)
    assert (award.status_label, award.birth_text) == ("Đã trao", "2013")
    assert Award(birth_date=date(2013, 2, 5)).birth_text == "05/02/2013"
