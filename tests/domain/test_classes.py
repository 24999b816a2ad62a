"""Learning class rules: school year and year from the start date, counts against learners, dates."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.classes import ClassDraft, LearnerDraft, LearningClass
from khuyenhoc_desktop.domain.classes import errors_only, validate_class, validate_learner, warnings_only

TODAY = date(2026, 2, 5)


def messages(problems, field):
    return [p.message for p in problems if p.field == field]


def test_school_year_and_year_follow_the_start_date_across_1_september():
    august = ClassDraft(name="Trồng lúa", start_date=date(2025, 8, 31)).normalized()
    september = ClassDraft(name="Trồng lúa", start_date=date(2025, 9, 1)).normalized()
    assert (august.school_year, august.year) == ("2024-2025", 2025)
    assert (september.school_year, september.year) == ("2025-2026", 2025)
    kept = ClassDraft(start_date=date(2025, 9, 1), school_year="2024-2025", year=2024, voucher_uuid="").normalized()
    assert (kept.school_year, kept.year, kept.voucher_uuid) == ("2024-2025", 2024, None)


def test_a_complete_class_has_no_problem():
    draft = ClassDraft(name="Kỹ thuật trồng lúa", form="Lớp bồi dưỡng", start_date=date(2026, 1, 5),
                       end_date=date(2026, 1, 9), sessions=5, learners=40, women=25, minority=3, budget=1_500_000)
    assert validate_class(draft.normalized(), TODAY) == []


def test_women_and_minority_cannot_exceed_the_learners():
    draft = ClassDraft(name="Pháp luật", start_date=date(2026, 1, 5), learners=30, women=31, minority=31)
    problems = validate_class(draft, TODAY)
    assert messages(problems, "women") == ["Số học viên nữ (31) nhiều hơn tổng số học viên (30)."]
    assert messages(problems, "minority") == ["Số học viên dân tộc thiểu số (31) nhiều hơn tổng số học viên (30)."]
    assert validate_class(ClassDraft(name="Pháp luật", start_date=date(2026, 1, 5), learners=30, women=30,
                                     minority=30), TODAY) == []


def test_dates_are_checked_and_a_future_start_is_questioned():
    problems = validate_class(ClassDraft(name="Sức khỏe"), TODAY)
    assert messages(problems, "start_date") == ["Chưa nhập ngày bắt đầu."]
    backwards = validate_class(ClassDraft(name="Sức khỏe", start_date=date(2026, 1, 10), end_date=date(2026, 1, 9)),
                               TODAY)
    assert messages(backwards, "end_date") == ["Ngày kết thúc (09/01/2026) trước ngày bắt đầu (10/01/2026)."]
    future = validate_class(ClassDraft(name="Sức khỏe", start_date=date(2026, 2, 6)), TODAY)
    assert errors_only(future) == []
    assert messages(warnings_only(future), "start_date") == [
        "Lớp chưa bắt đầu (ngày bắt đầu ở tương lai). Bạn có chắc chắn?"]
    assert validate_class(ClassDraft(name="Sức khỏe", start_date=date(2026, 2, 6)), date(2026, 2, 6)) == []
    assert messages(validate_class(ClassDraft(name="Sức khỏe", start_date=date(1989, 12, 31)), TODAY),
                    "start_date") == ["Ngày bắt đầu 31/12/1989 không hợp lệ."]


def test_more_than_five_thousand_learners_is_questioned():
    draft = ClassDraft(name="Hội nghị", start_date=date(2026, 1, 5), learners=5_001)
    assert errors_only(validate_class(draft, TODAY)) == []
    assert messages(validate_class(draft, TODAY), "learners") == ["5001 học viên trong một lớp. Bạn có chắc chắn?"]
    assert validate_class(ClassDraft(name="Hội nghị", start_date=date(2026, 1, 5), learners=5_000), TODAY) == []


def test_form_and_school_year_must_be_known_values():
    problems = validate_class(ClassDraft(name="Tin học", form="Lớp tối", start_date=date(2026, 1, 5),
                                         school_year="2025-2027"), TODAY)
    assert messages(problems, "form") == [
        "Hình thức “Lớp tối” không hợp lệ; chọn một trong: Lớp bồi dưỡng, Chuyên đề, Câu lạc bộ, Trực tuyến."]
    assert messages(problems, "school_year") == ["Năm học “2025-2027” không đúng dạng, ví dụ 2024-2025."]


def test_learner_rules():
    assert validate_learner(LearnerDraft(full_name="Trần Văn Bình", birth_year=1960, gender="Nam"), TODAY) == []
    assert messages(validate_learner(LearnerDraft(), TODAY), "full_name") == ["Chưa nhập họ và tên học viên."]
    assert messages(validate_learner(LearnerDraft(full_name="A B", birth_year=2027), TODAY), "birth_year") == [
        "Năm sinh ở tương lai."]
    assert messages(validate_learner(LearnerDraft(full_name="A B", birth_year=1899), TODAY), "birth_year") == [
        "Năm sinh 1899 không hợp lệ."]
    assert messages(validate_learner(LearnerDraft(full_name="A B", birth_year=True), TODAY), "birth_year") == [
        "Năm sinh phải là số nguyên."]
    assert messages(validate_learner(LearnerDraft(full_name="x" * 81), TODAY), "full_name") == [
        "Họ và tên học viên quá dài (81 ký tự, tối đa 80)."]


def test_dates_text_of_one_day_and_of_a_range():
    assert LearningClass(start_date=date(2026, 1, 5)).dates_text == "05/01/2026"
    assert LearningClass(start_date=date(2026, 1, 5), end_date=date(2026, 1, 5)).dates_text == "05/01/2026"
    assert LearningClass(start_date=date(2026, 1, 5), end_date=date(2026, 1, 9)).dates_text == "05/01/2026 – 09/01/2026"
    assert LearningClass().dates_text == ""
