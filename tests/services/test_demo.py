"""Demo data is dated from the day it is given: nothing after it, periods counted back from it."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.domain.classes import ClassFilter
from khuyenhoc_desktop.domain.clock import FixedClock
from khuyenhoc_desktop.domain.fund import VoucherFilter
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.workspace import Workspace


@pytest.mark.parametrize("today, years, ceremony, lock", [
    # Before 1 September the newest school year is the one that began last autumn; its awards are drafts.
    (date(2030, 3, 1), ["2026-2027", "2027-2028", "2028-2029", "2029-2030"], 2029, date(2030, 2, 28)),
    (date(2026, 12, 2), ["2023-2024", "2024-2025", "2025-2026", "2026-2027"], 2026, date(2026, 11, 30)),
])
def test_demo_data_is_dated_up_to_the_clocks_day(tmp_path, today, years, ceremony, lock):
    with Workspace.open(tmp_path / "demo.db", clock=FixedClock(today)) as ws:
        made = demo.fill(ws, awards=120, seed=2)
        assert made["awards"] == 120
        awards = ws.awards.fetch(ws.awards.uuids(AwardFilter()))
        assert sorted({a.school_year for a in awards}) == years
        decided = [a.decision_date for a in awards if a.decision_date]
        assert decided and max(decided) <= today
        assert {d.year for d in decided} <= set(range(ceremony - 2, ceremony + 1))
        assert all(a.status == "draft" for a in awards if a.school_year == years[-1])  # decided next August

        vouchers = ws.fund.fetch(ws.fund.uuids(VoucherFilter()))
        assert vouchers and max(v.posting_date for v in vouchers) == today  # one receipt after the lock
        assert ws.fund.locked_until() == lock

        classes = ws.classes.fetch(ws.classes.uuids(ClassFilter()))
        assert classes and max(c.end_date or c.start_date for c in classes) <= today

        meetings = ws.meetings.list()
        assert meetings and {m.start.year for m in meetings} == {ceremony}
        assert max(m.start.date() for m in meetings) <= today


def test_the_same_seed_and_day_give_the_same_records(tmp_path):
    def records(name):
        with Workspace.open(tmp_path / name, clock=FixedClock(date(2030, 3, 1))) as ws:
            demo.fill(ws, awards=40, seed=9)
            return [(a.full_name, a.school_year, a.amount, a.status)
                    for a in ws.awards.fetch(ws.awards.uuids(AwardFilter()))]

    assert records("a.db") == records("b.db")


def test_an_explicit_day_wins_over_the_workspace_clock(tmp_path):
    with Workspace.open(tmp_path / "demo.db", clock=FixedClock(date(2030, 3, 1))) as ws:
        demo.fill(ws, awards=10, seed=1, today=date(2026, 12, 2))
        assert ws.fund.locked_until() == date(2026, 11, 30)
