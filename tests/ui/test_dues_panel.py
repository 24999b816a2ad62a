"""The Hội phí and Dân số tabs driven as a user would: set the rate, pick a chi hội, tick the unpaid members,
collect them on one phiếu thu, see the voucher and the paid marks; reverse it in the fund and see them unpaid
again; send the share upward; print the signing list; type a year's population and save it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem as Cell

from khuyenhoc_desktop.domain.dues import DuesFilter
from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
from khuyenhoc_desktop.ui.pages.members_page import MembersPage
from tests.ui.helpers import show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    east, _ = ws.units.save(UnitDraft(name="Chi hội thôn Đông", village="Thôn 1", head="Lê Văn Trưởng"))
    west, _ = ws.units.save(UnitDraft(name="Chi hội thôn Tây", village="Thôn 2"))
    for name, unit, category, born in (("Nguyễn Văn An", east, "Phụ huynh", 1960), ("Trần Thị Bình", east,
                                       "Cựu chiến binh", 1958), ("Phạm Văn Cụ", east, "Phụ huynh", 1930),
                                       ("Lý Văn Dũng", west, "Phụ huynh", 1970)):
        ws.members.save(MemberDraft(full_name=name, birth_year=born, unit_uuid=unit.uuid, category=category,
                                    village=unit.village, joined_on=date(2020, 1, 1)), confirm=True)
    members = show_widget(qtbot, MembersPage(ws), 1280, 760)
    members.tabs.setCurrentWidget(members.dues)
    return members


def set_rate(qtbot, panel, amount: str, veterans: str) -> None:
    box = panel.settings
    box.amount.clear()
    qtbot.keyClicks(box.amount, amount)
    row = [box.categories.item(r, 0).text() for r in range(box.categories.rowCount())].index("Cựu chiến binh")
    box.categories.setItem(row, 1, Cell(veterans))
    qtbot.mouseClick(box.save_rate_button, Qt.MouseButton.LeftButton)


def rows(panel) -> dict[str, tuple[str, str, bool]]:
    """name → (owed, paid, tickable) as the table shows them."""
    out = {}
    for r in range(panel.table.rowCount()):
        tickable = bool(panel.table.item(r, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable)
        out[panel.table.item(r, 2).text()] = (panel.table.item(r, 7).text(), panel.table.item(r, 8).text(), tickable)
    return out


def test_collecting_a_chi_hoi_as_a_user(page, qtbot, ws, clock):
    panel, year = page.dues, clock.today().year
    assert panel.unit.currentText() == "Chi hội thôn Đông"  # collecting goes by chi hội
    assert "chưa đặt mức hội phí" in rows(panel)["Nguyễn Văn An"][0]
    set_rate(qtbot, panel, "30000", "20.000")
    assert panel.settings.status_line.text() == f"Đã lưu mức hội phí năm {year}."
    shown = rows(panel)
    assert shown["Nguyễn Văn An"] == ("30.000", "", True) and shown["Trần Thị Bình"] == ("20.000", "", True)
    assert shown["Phạm Văn Cụ"][0] == "miễn hội phí (từ 80 tuổi)" and not shown["Phạm Văn Cụ"][2]
    assert "Lý Văn Dũng" not in shown

    names = [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())]
    panel.table.item(names.index("Trần Thị Bình"), 0).setCheckState(Qt.CheckState.Checked)  # ticks one box
    assert panel.collect_button.text() == "Thu hội phí (1 người, 20.000 đ)"
    qtbot.mouseClick(panel.select_unpaid, Qt.MouseButton.LeftButton)
    assert panel.collect_button.text() == "Thu hội phí (2 người, 50.000 đ)"
    assert panel.person.placeholderText() == "Lê Văn Trưởng"
    qtbot.mouseClick(panel.collect_button, Qt.MouseButton.LeftButton)
    number = f"PT-{year}-0001"
    assert panel.status_line.text().startswith(f"Đã lập phiếu thu {number}")
    shown = rows(panel)
    assert shown["Nguyễn Văn An"][1] == f"30.000 ({number})" and not shown["Nguyễn Văn An"][2]
    assert shown["Trần Thị Bình"][1] == f"20.000 ({number})"
    voucher = ws.fund.get_by_number(number)
    assert (voucher.amount, voucher.person, voucher.item) == (50_000, "Lê Văn Trưởng", "Hội phí")
    assert "đã thu 50.000 đ (2 hội viên)" in panel.footer.text()
    panel.unpaid_only.setChecked(True)
    assert set(rows(panel)) == set()  # the 80-year-old is exempt, the others paid

    # reversing the phiếu thu in the fund: the members are unpaid again
    from khuyenhoc_desktop.ui.operations import run_op

    run_op(panel, lambda: ws.fund.reverse(voucher.uuid, "Thu nhầm")[1])
    assert set(rows(panel)) == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert "đã thu 0 đ (0 hội viên)" in panel.footer.text()


def test_the_share_upward_and_the_signing_list(page, qtbot, ws, clock, tmp_path):
    panel, year = page.dues, clock.today().year
    set_rate(qtbot, panel, "30000", "")
    box = panel.settings
    box.levels.setItem(0, 0, Cell("Hội Khuyến học tỉnh"))
    box.levels.setItem(0, 1, Cell("30"))
    qtbot.mouseClick(box.save_levels_button, Qt.MouseButton.LeftButton)
    assert box.status_line.text() == "Đã lưu tỷ lệ nộp cấp trên."
    panel.tick_unpaid()
    panel.collect()
    assert panel.level.currentText() == "Hội Khuyến học tỉnh" and panel.share.text() == "18.000"  # 30 % of 60.000
    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert ws.dues.figures(year).submitted == 18_000
    assert panel.status_line.text() == f"Đã lập phiếu chi PC-{year}-0001: nộp 18.000 đ hội phí năm {year} về Hội " \
                                       "Khuyến học tỉnh."
    out = panel.print_signing_list(path=str(tmp_path / "ds.pdf"))
    assert out and (tmp_path / "ds.pdf").read_bytes().startswith(b"%PDF")
    assert panel.print_signing_list(unpaid=True, path=str(tmp_path / "cn.pdf")) is None  # nobody left unpaid
    assert "Không có hội viên nào chưa nộp" in panel.status_line.text()


def test_a_bad_rate_is_refused_on_the_settings_line(page, qtbot, ws, clock):
    panel = page.dues
    set_rate(qtbot, panel, "50.000.000", "")
    assert "quá lớn" in panel.settings.status_line.text()
    assert ws.dues.rate_for(clock.today().year) is None
    assert ws.dues.lines(DuesFilter(clock.today().year))[0].status == "no_rate"


def test_typing_a_years_population(page, qtbot, ws, clock):
    page.tabs.setCurrentWidget(page.population)
    panel, year = page.population, clock.today().year
    villages = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert villages[0] == "Thôn 1" and villages[-1].startswith("Toàn xã")
    for row, (people, homes, adults) in ((0, ("1.200", "300", "900")), (1, ("800", "210", "600"))):
        for col, text in enumerate((people, homes, adults), 1):
            panel.table.setItem(row, col, Cell(text))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status_line.text() == f"Đã lưu số liệu dân số năm {year}."
    assert ws.population.year(year).total.population == 2000
    # 4 members on the register / 2.000 people = 0,20 %
    assert panel.footer.text().startswith(f"Năm {year}: dân số 2.000, 510 hộ, 1.500 người từ 18 tuổi; hội viên "
                                          "đang sinh hoạt 4 = 0,20% dân số")
    panel.table.setItem(0, 1, Cell("nhiều"))
    assert not panel.save()
    assert "“nhiều” không phải là số" in panel.status_line.text()
    assert ws.population.year(year).total.population == 2000


def test_reading_a_years_population_from_excel(page, qtbot, ws, clock, tmp_path):
    from openpyxl import Workbook

    page.tabs.setCurrentWidget(page.population)
    panel, year = page.population, clock.today().year
    book = Workbook()
    book.active.append(["Thôn", "Dân số", "Số hộ", "Từ 18 tuổi"])
    book.active.append(["Thôn 1", 1500, 380, 1100])
    book.active.append(["Thôn 9", 300, 70, 210])  # a thôn not in the catalogue gets its own line
    book.save(tmp_path / "ds.xlsx")
    assert panel.import_excel(str(tmp_path / "ds.xlsx"))
    assert ws.population.years() == []  # read, not saved yet
    assert "Đã đọc 2 dòng" in panel.status_line.text()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert {line.village: line.population for line in ws.population.year(year).lines} == {"Thôn 1": 1500,
                                                                                          "Thôn 9": 300}


def test_the_rates_open_in_their_own_window_and_leave_the_list_the_tabs_width(page, qtbot):
    panel = page.dues
    assert not panel.settings.isVisible()
    # the list takes the tab's width (less the frame), not a share beside the rates
    assert panel.table.width() >= panel.width() - 40
    qtbot.mouseClick(panel.settings_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.settings_dialog.isVisible)
    assert panel.settings.isVisible() and panel.settings.window() is panel.settings_dialog
    assert panel.settings_dialog.windowTitle() == "Mức hội phí và tỷ lệ nộp cấp trên"
    panel.settings_dialog.reject()
    assert not panel.settings_dialog.isVisible()
