"""The day the tests run "on": fixed, so figures from demo data do not drift with the calendar.

`KHUYENHOC_TEST_TODAY=YYYY-MM-DD` runs the suite as of another day (e.g. 2030-03-01) to show that
nothing depends on the real date.
"""

from __future__ import annotations

import os
from datetime import date

from khuyenhoc_desktop.domain.clock import FixedClock

DEFAULT_TEST_TODAY = date(2026, 12, 2)


def test_today() -> date:
    text = os.environ.get("KHUYENHOC_TEST_TODAY", "").strip()
    return date.fromisoformat(text) if text else DEFAULT_TEST_TODAY


test_today.__test__ = False  # a helper, not a test

TEST_CLOCK = FixedClock(test_today())


def ceremony_year(today: date) -> int:
    """The calendar year of the newest award ceremony demo data has held by `today`.

    Demo awards of a school year are decided on 10–28 August after it; before 28 August the newest
    ceremony may not be complete, so the year before is the last one with a full ceremony.
    """
    return today.year if today >= date(today.year, 8, 28) else today.year - 1
