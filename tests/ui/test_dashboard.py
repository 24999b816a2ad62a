"""Trang tổng quan: tiles show this year's totals with the change, charts, clicking a bar filters awards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.reporting import make_period, period_report
from khuyenhoc_desktop.ui.main_window import MainWindow
from khuyenhoc_desktop.ui.pages.dashboard_page import DashboardPage
from khuyenhoc_desktop.ui.pages.reports_page import ReportsPage
from khuyenhoc_desktop.vietnamese import format_vnd
from tests.clock_helpers import TEST_CLOCK, ceremony_year
from tests.services.test_award_numbers import autumn  # noqa: F401 - the fixture

pytestmark = pytest.mark.gui

# The demo data is dated from the test clock; this year holds its newest ceremony, fund and classes.
YEAR = ceremony_year(TEST_CLOCK.today())


@pytest.fixture
def filled(ws, no_dialogs):
    demo.fill(ws, awards=500, seed=1)
    assert ws.clock is TEST_CLOCK
    return ws


def test_tiles_show_totals_and_change(filled, qtbot):
    page = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(page)
    r = period_report(filled, make_period(YEAR))
    assert r.awards_count.value > 0 and r.fund_raised.value > 0 and r.classes_count.value > 0  # not 0 against 0
    assert page.tiles["awards_count"].value.text() == f"{format_vnd(r.awards_count.value)} suất"
    assert page.tiles["awards_amount"].value.text() == f"{format_vnd(r.awards_amount.value)} đ"
    assert page.tiles["fund_closing"].value.text() == f"{format_vnd(r.fund_closing.value)} đ"
    assert page.tiles["fund_raised"].value.text() == f"{format_vnd(r.fund_raised.value)} đ"
    assert page.tiles["fund_spent"].value.text() == f"{format_vnd(r.fund_spent.value)} đ"
    assert page.tiles["classes_count"].value.text() == f"{format_vnd(r.classes_count.value)} lớp"
    assert page.tiles["classes_learners"].value.text() == f"{format_vnd(r.classes_learners.value)} lượt"
    c = r.awards_count
    assert format_vnd(abs(c.change)) in page.tiles["awards_count"].change.text()
    assert ("▲" if c.change > 0 else "▼") in page.tiles["awards_count"].change.text()
    assert page.category_chart.labels == [g.name for g in r.awards_by_category]
    assert page.category_chart.current == [g.count.value for g in r.awards_by_category]
    assert page.balance_chart.current[-1] == r.fund_closing.value
    assert f"Năm {YEAR}" in page.category_chart.tooltip_text(0)


def test_refresh_on_activated(filled, qtbot):
    page = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(page)
    before = page.report.awards_count.value
    assert before >= 3
    filled.db.execute_sql("UPDATE award SET deleted = 1 WHERE id IN (SELECT id FROM award WHERE decision_date "
                          f"LIKE '{YEAR}-%' AND status IN ('approved', 'awarded') LIMIT 3)")
    page.on_activated()
    assert page.report.awards_count.value == before - 3


def test_a_saved_award_shows_on_the_home_page_of_a_window_opened_again(filled, qtbot):
    """The home page's figures are kept in the file between sessions; an award saved moves them on."""
    from datetime import date

    from khuyenhoc_desktop.domain.awards import AwardDraft

    first = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(first)
    before = first.report.awards_count.value
    again = DashboardPage(filled, year=YEAR)  # read back from the file
    qtbot.addWidget(again)
    assert again.tiles["awards_count"].value.text() == f"{format_vnd(before)} suất"
    _saved, changes = filled.awards.save(AwardDraft(
        school_year=f"{YEAR - 1}-{YEAR}", full_name="Lê Thị Mới", birth_year=2013, category="Học sinh giỏi",
        level="Xã", school="Trường THCS Tân Dĩnh", amount=200_000, status="approved", decision_no="98/QĐ-HKH",
        decision_date=date(YEAR, 3, 2)), confirm=True)
    again.refresh_for(changes)
    assert again.tiles["awards_count"].value.text() == f"{format_vnd(before + 1)} suất"
    third = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(third)
    assert third.report == again.report


def test_clicking_a_bar_filters_the_awards_page(filled, qtbot):
    window = MainWindow(filled)
    qtbot.addWidget(window)
    window.resize(1400, 950)
    window.show()
    page = window.pages["dashboard"]
    page.year = YEAR
    page.refresh()
    chart = page.category_chart
    qtbot.waitExposed(chart)
    index = 1
    name = chart.labels[index]
    seen = []
    page.category_requested.connect(seen.append)
    rect = chart.bar_rect(index)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert seen == [name]
    awards = window.pages["awards"]
    assert window.stack.currentWidget() is awards
    assert awards.filters["category"].currentText() == name
    assert awards.current_filter().category == name


def test_chart_click_handler_by_index(filled, qtbot):
    page = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(page)
    seen = []
    page.category_requested.connect(seen.append)
    page.category_chart.click_bar(0)
    assert seen == [page.category_chart.labels[0]]


def test_reports_page_preview_and_export(filled, qtbot, tmp_path):
    page = ReportsPage(filled)
    qtbot.addWidget(page)
    page.set_period(YEAR, 1)
    assert page.title.text() == f"BÁO CÁO SƠ KẾT CÔNG TÁC KHUYẾN HỌC 6 THÁNG ĐẦU NĂM {YEAR}"
    r = period_report(filled, f"{YEAR}-H1")
    assert r.fund_raised.value > 0
    cells = {(page.table.item(i, 1).text(), page.table.item(i, 3).text()) for i in range(page.table.rowCount())}
    assert ("Số tiền vận động (thu)", format_vnd(r.fund_raised.value)) in cells
    pdf = page.export_pdf(str(tmp_path / "r.pdf"))
    xlsx = page.export_xlsx(str(tmp_path / "r.xlsx"))
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-" and pdf and xlsx
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def test_tiles_take_fewer_columns_on_a_narrow_window_so_no_figure_is_cut(filled, qtbot):
    page = DashboardPage(filled, year=YEAR)
    qtbot.addWidget(page)
    page.resize(1140, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.tile_columns == 4
    page.resize(640, 700)  # e.g. 1024 × 768 at a larger zoom, less the navigation
    qtbot.waitUntil(lambda: page.tile_columns < 4)
    qtbot.wait(50)
    for tile in page.tiles.values():
        assert tile.value.width() >= tile.value.sizeHint().width(), tile.value.text()


def test_autumn_awards_of_the_new_school_year_show_in_this_year_and_drafts_apart(autumn, qtbot):  # noqa: F811
    """33 awards of 2026-2027: 10 paid in October, 13 approved in November, 10 drafts (see test_award_numbers)."""
    page = DashboardPage(autumn, year=2026)
    qtbot.addWidget(page)
    tile = page.tiles["awards_count"]
    assert tile.value.text() == "23 suất"
    assert page.tiles["awards_amount"].value.text() == "10.200.000 đ"
    assert tile.note.text() == "Chờ duyệt (chưa tính): 10 suất, 6.600.000 đ" and not tile.note.isHidden()
    assert dict(zip(page.month_chart.labels, page.month_chart.current))["T10"] == 5_000_000
    last_year = DashboardPage(autumn, year=2025)
    qtbot.addWidget(last_year)
    assert last_year.tiles["awards_count"].value.text() == "0 suất" and last_year.tiles["awards_count"].note.isHidden()
