"""The home page's figures kept in the file (`services.reporting.home_report`): exactly what `period_report`
gives, shown again only while no write moved the file's marker, on the same day, by the same program."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.clock import FixedClock
from khuyenhoc_desktop.services import demo, reporting
from khuyenhoc_desktop.services.reporting import home_report, make_period, period_report
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import home_figures
from tests.clock_helpers import TEST_CLOCK, ceremony_year

YEAR = ceremony_year(TEST_CLOCK.today())


@pytest.fixture
def filled(ws):
    demo.fill(ws, awards=300, seed=1)
    return ws


def computed(monkeypatch) -> list[int]:
    """Counts the reports `home_report` computes (rather than reads back)."""
    calls: list[int] = []
    real = reporting.period_report

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reporting, "period_report", counting)
    return calls


def test_kept_figures_are_the_computed_ones(filled, monkeypatch):
    period = make_period(YEAR)
    expected = period_report(filled, period, member_extras=False)
    assert expected.awards_count.value > 0 and expected.fund_raised.value > 0 and expected.learning  # not 0 against 0
    calls = computed(monkeypatch)
    first = home_report(filled, period)
    second = home_report(filled, period)
    assert len(calls) == 1  # the second came from the file
    assert first == expected and second == expected
    assert type(second.learning) is tuple and type(second.awards_by_category) is list
    assert second.period.start == period.start and second.members_on == expected.members_on


def test_a_saved_award_changes_the_home_figure(filled, monkeypatch):
    period = make_period(YEAR)
    before = home_report(filled, period)
    calls = computed(monkeypatch)
    filled.awards.save(AwardDraft(
        school_year=f"{YEAR - 1}-{YEAR}", full_name="Nguyễn Văn Thử", birth_year=2012, category="Học sinh giỏi",
        level="Xã", school="Trường THCS Tân Dĩnh", amount=123_000, status="approved", decision_no="99/QĐ-HKH",
        decision_date=period.start + timedelta(days=40)), confirm=True)
    after = home_report(filled, period)
    assert len(calls) == 1
    assert after.awards_count.value == before.awards_count.value + 1
    assert after.awards_amount.value == before.awards_amount.value + 123_000
    assert home_report(filled, period) == after and len(calls) == 1  # kept again under the new marker


def test_a_setting_a_statement_and_another_day_each_compute_again(filled, monkeypatch):
    period = make_period(YEAR)
    home_report(filled, period)
    calls = computed(monkeypatch)
    from dataclasses import replace

    filled.profile.save(replace(filled.organisation, chair="Trần Thị Mới"))
    assert home_report(filled, period).organisation["chair"] == "Trần Thị Mới"
    filled.db.execute_sql("UPDATE award SET deleted = 1 WHERE id IN (SELECT id FROM award WHERE deleted = 0"
                          f" AND decision_date LIKE '{YEAR}-%' AND status IN ('approved', 'awarded') LIMIT 2)")
    assert home_report(filled, period) == period_report(filled, period, member_extras=False)
    assert len(calls) == 2  # (the call beside it is not counted: the test module's own name)
    filled.clock = FixedClock(TEST_CLOCK.today() + timedelta(days=1))  # members are counted on today
    home_report(filled, period)
    assert len(calls) == 3


def test_damaged_or_foreign_kept_text_is_computed_again(filled, monkeypatch):
    period = make_period(YEAR)
    expected = home_report(filled, period)
    calls = computed(monkeypatch)
    for text in ("{not json", json.dumps({"key": "x"}), json.dumps({"key": None, "report": 1})):
        assert home_figures.keep(filled.datafile, text)
        assert home_report(filled, period) == expected
    marker, kept = home_figures.read(filled.datafile)
    key = json.loads(kept)["key"]
    assert home_figures.keep(filled.datafile, json.dumps({"key": key, "report": {"@": "Unknown"}}))
    assert home_report(filled, period) == expected
    assert len(calls) == 4


def test_a_file_opened_to_look_at_reads_kept_figures_and_writes_none(filled, tmp_path, monkeypatch):
    period = make_period(YEAR)
    expected = home_report(filled, period)
    path = filled.datafile.path
    filled.close()
    with Workspace.open(path, clock=TEST_CLOCK, read_only=True) as viewer:
        calls = computed(monkeypatch)
        assert home_report(viewer, period) == expected and not calls
        assert home_report(viewer, make_period(YEAR - 1)) == period_report(viewer, make_period(YEAR - 1),
                                                                            member_extras=False)
    with Workspace.open(path, clock=TEST_CLOCK) as again:
        assert json.loads(home_figures.read(again.datafile)[1])["key"][-1] == period.code  # not overwritten
