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


@pytest.mark.parametrize("today, scored_this_year", [(date(2026, 12, 2), True), (date(2030, 3, 1), False)])
def test_demo_learning_models_follow_the_yearly_cycle_up_to_the_clocks_day(tmp_path, today, scored_this_year):
    import sqlite3

    with Workspace.open(tmp_path / "demo.db", clock=FixedClock(today)) as ws:
        made = demo.fill(ws, awards=20, seed=4)["learning_models"]
        figures = ws.learning.year_figures(today.year)
        last = ws.learning.year_figures(today.year - 1)
        path = ws.datafile.path
    conn = sqlite3.connect(path)

    def one(sql, *params):
        return conn.execute(sql, params).fetchone()[0]

    assert made["subjects"] == one("SELECT COUNT(*) FROM learning_subject")
    assert made["registrations"] == one("SELECT COUNT(*) FROM learning_registration")
    assert made["recognitions"] == one("SELECT COUNT(*) FROM learning_registration WHERE status = 'recognised'")
    for kind in ("family", "clan", "community", "unit"):
        assert figures[kind]["total"] == one("SELECT COUNT(*) FROM learning_subject WHERE kind = ?", kind)
        assert figures[kind]["registered"] == one(
            "SELECT COUNT(*) FROM learning_registration r JOIN learning_subject s ON s.uuid = r.subject_uuid"
            " WHERE s.kind = ? AND r.year = ?", kind, today.year)
        assert 0 < last[kind]["recognised"] <= last[kind]["registered"] <= last[kind]["total"]
    assert (figures["unit"]["recognised"] > 0) == scored_this_year
    assert one("SELECT MAX(registered_on) FROM learning_registration") <= today.isoformat()
    assert one("SELECT MAX(decided_on) FROM learning_decision") <= today.isoformat()
    # every recognition is by a decision dated on or after its score sheet
    assert one("SELECT COUNT(*) FROM learning_registration r JOIN learning_decision d ON d.uuid = r.decision_uuid"
               " JOIN learning_assessment a ON a.registration_uuid = r.uuid WHERE d.decided_on < a.assessed_on") == 0
    assert figures["citizen"]["registered"] >= figures["citizen"]["recognised"] > 0


@pytest.mark.parametrize("today, recognised", [(date(2026, 12, 2), True), (date(2030, 3, 1), False)])
def test_demo_lists_this_years_citizens_of_one_group_and_its_count_follows(tmp_path, today, recognised):
    import sqlite3

    from khuyenhoc_desktop.domain.learning_citizens import CitizenFilter

    with Workspace.open(tmp_path / "demo.db", clock=FixedClock(today)) as ws:
        made = demo.fill(ws, awards=10, seed=4)["learning_models"]
        counts = {c.target_group: (c.registered, c.recognised) for c in ws.learning.citizen_counts(today.year)}
        people = ws.citizens.list(CitizenFilter(today.year))
        path = ws.datafile.path
    conn = sqlite3.connect(path)
    assert 25 <= made["citizens"] == len(people) <= 40
    assert conn.execute("SELECT COUNT(*) FROM learning_citizen WHERE year = ?", (today.year - 1,)).fetchone()[0] == 0
    (group,) = {c.target_group for c in people}
    on_list = sum(1 for c in people if c.status == "recognised")
    assert counts[group] == (len(people), on_list) and (on_list > 0) == recognised
