"""The clock that says what day it is for demo data and default periods."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from khuyenhoc_desktop.domain.clock import SYSTEM_CLOCK, FixedClock


def test_a_fixed_clock_stays_on_its_day():
    clock = FixedClock(date(2030, 3, 1))
    assert clock.today() == date(2030, 3, 1)
    assert clock.now().replace(tzinfo=None) == datetime(2030, 3, 1, 9, 0)
    assert clock.now().tzinfo is not None  # local time with its offset, like the system clock
    assert FixedClock(date(2030, 3, 1), time(14, 30)).now().hour == 14


def test_a_fixed_clock_parses_only_iso_dates():
    assert FixedClock.parse(" 2026-12-02 ") == FixedClock(date(2026, 12, 2))
    for bad in ("02/12/2026", "2026-13-01", ""):
        with pytest.raises(ValueError):
            FixedClock.parse(bad)


def test_the_system_clock_follows_the_computer():
    before = date.today()
    today = SYSTEM_CLOCK.today()
    assert before <= today <= date.today()
    assert abs(SYSTEM_CLOCK.now() - datetime.now().astimezone()) < timedelta(seconds=5)


def test_the_tests_run_on_a_fixed_day(clock, ws):
    from tests.clock_helpers import test_today

    assert isinstance(clock, FixedClock) and clock.today() == test_today()
    assert ws.clock is clock
    # The seeded school year follows that day: it starts on 1 September.
    y = clock.today().year if clock.today().month >= 9 else clock.today().year - 1
    assert f"{y}-{y + 1}" in ws.catalogs.names("school_year")
