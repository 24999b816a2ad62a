"""The home page's member tile: the count the summary gives (one definition), new members of the year, the
change against last year, and a new member shown after the change reaches the page."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.members import MemberDraft
from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.reporting import make_period, period_report
from khuyenhoc_desktop.services.summary import member_summary
from khuyenhoc_desktop.ui.pages.dashboard_page import DashboardPage
from khuyenhoc_desktop.vietnamese import format_vnd

pytestmark = pytest.mark.gui


@pytest.fixture
def filled(ws, no_dialogs):
    demo.fill(ws, awards=50, seed=3)
    return ws


def test_the_member_tile_shows_the_summary_count_new_members_and_the_change(filled, qtbot):
    year = filled.clock.today().year
    page = DashboardPage(filled, year=year)
    qtbot.addWidget(page)
    tile = page.tiles["members_count"]
    own = member_summary(filled)  # today: the same day the tile counts on for this year
    r = period_report(filled, make_period(year))
    assert own.count > 0 and r.members_new.value > 0  # the demo register has members who joined this year
    assert tile.title.text() == "Hội viên"
    assert tile.value.text() == f"{format_vnd(own.count)} người"
    assert tile.note.text() == f"Kết nạp mới năm {year}: {format_vnd(r.members_new.value)} người"
    assert not tile.note.isHidden()
    c = r.members_count
    assert c.change != 0 and format_vnd(abs(c.change)) in tile.change.text()
    assert ("▲" if c.change > 0 else "▼") in tile.change.text()

    # a member joins today: the page shows the member table, so the change refreshes the tile
    _, changes = filled.members.save(MemberDraft(full_name="Đỗ Văn Khoa", birth_year=1961, village="Thôn 2",
                                                 joined_on=filled.clock.today()), confirm=True)
    assert page.affected_by(changes)
    page.refresh_for(changes)
    assert member_summary(filled).count == own.count + 1
    assert tile.value.text() == f"{format_vnd(own.count + 1)} người"
    assert tile.note.text() == f"Kết nạp mới năm {year}: {format_vnd(r.members_new.value + 1)} người"


def test_a_learning_model_tile_shows_the_rate_its_change_and_the_target(filled, qtbot):
    year = filled.clock.today().year
    page = DashboardPage(filled, year=year)
    qtbot.addWidget(page)
    r = period_report(filled, make_period(year))
    family = r.learning[0]
    assert family.total.value > 0 and family.percent.value is not None  # the demo's households
    tile = page.tiles["learning_family"]
    assert tile.title.text() == "Gia đình học tập"
    assert tile.value.text() == f"{family.percent.value:.1f} %".replace(".", ",")
    assert tile.note.text() == (f"Công nhận {format_vnd(family.recognised.value)}/{format_vnd(family.total.value)}"
                                " · chỉ tiêu 70 %")
    if family.percent.change:
        assert ("▲" if family.percent.change > 0 else "▼") in tile.change.text()
    filled.learning.save_settings(targets={"family": 75})
    page.refresh()
    assert tile.note.text().endswith("chỉ tiêu 75 %")
