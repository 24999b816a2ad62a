from datetime import date

from khuyenhoc_desktop.domain.periods import school_year_window


def test_a_school_year_runs_from_the_first_of_september_to_the_last_of_august():
    assert school_year_window("2025-2026") == (date(2025, 9, 1), date(2026, 8, 31))


def test_the_window_of_a_school_year_ending_in_a_leap_year_still_ends_on_31_august():
    assert school_year_window("2027-2028") == (date(2027, 9, 1), date(2028, 8, 31))
