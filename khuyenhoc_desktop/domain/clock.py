"""What day it is, as a value that can be passed in.

Demo data, default periods (this year, this school year, the month to lock) and suggested numbers are
decided from "today"; taking it from a `Clock` lets a test or a demo say which day that is, so their
figures do not drift with the calendar. Audit timestamps keep the real time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The computer's calendar (local time, with its offset)."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped on one day (at 09:00 unless `at` says otherwise)."""

    day: date
    at: time = time(9, 0)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at).astimezone()

    @classmethod
    def parse(cls, text: str) -> "FixedClock":
        """From "YYYY-MM-DD"; a ValueError for anything else."""
        return cls(date.fromisoformat(text.strip()))


SYSTEM_CLOCK: Clock = SystemClock()

__all__ = ["Clock", "FixedClock", "SYSTEM_CLOCK", "SystemClock"]
