"""The Công dân học tập tab driven as a user would: add people in the form, search without diacritics, mark
a batch recognised, delete and undo with Ctrl+Z, import the national system's export (all or nothing, a
repeat not doubling), export and print the list; the counts tab shows the list-driven group read-only "theo
danh sách" while the others stay typed by hand. The test clock says 2 December 2026."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.learning_citizens import CitizenFilter
from khuyenhoc_desktop.domain.learning_models import DEFAULT_TARGET_GROUPS
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.learning_page import LearningPage
from tests.services.test_excel_import_citizens import ROWS, citizen_book
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui
FARMERS, WORKERS, OFFICIALS = DEFAULT_TARGET_GROUPS[:3]


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    page = show_widget(qtbot, LearningPage(ws), 1300, 800)
    page.tabs.setCurrentIndex(1)
    return page


@pytest.fixture
def panel(page):
    return page.citizens


def _add(qtbot, panel, name, born, group, village="Thôn 1"):
    panel.new_person()
    type_text(panel.form.name, name)
    type_text(panel.form.birth_year, str(born))
    panel.form.village.setCurrentText(village)
    panel.form.group.setCurrentText(group)
    qtbot.mouseClick(panel.form.save_button, Qt.MouseButton.LeftButton)


def _counts(panel):
    t = panel.table
    return {t.item(r, 0).text(): (t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text())
            for r in range(t.rowCount())}


def test_people_are_added_searched_recognised_deleted_and_restored(panel, qtbot, ws):
    _add(qtbot, panel, "Nguyễn Văn An", 1980, FARMERS)
    _add(qtbot, panel, "Trần Thị Bình", 1975, FARMERS)
    _add(qtbot, panel, "Lê Văn Cường", 1990, WORKERS, "Thôn 2")
    assert panel.list.rowCount() == 3 and panel.form.message.text() == "Đã lưu “Lê Văn Cường”."
    _add(qtbot, panel, "nguyen van an", 1980, FARMERS)  # the same person again
    assert "đã có trong danh sách" in panel.form.message.text() and panel.list.rowCount() == 3
    type_text(panel.search, "binh tran")
    assert [panel.list.item(r, 0).text() for r in range(panel.list.rowCount())] == ["Trần Thị Bình"]
    panel.search.clear()
    panel.select_names("Nguyễn Văn An", "Trần Thị Bình")
    qtbot.mouseClick(panel.recognise_button, Qt.MouseButton.LeftButton)
    assert "cho 2 người" in panel.status_line.text()
    counts = _counts(panel)
    assert counts[FARMERS] == ("2", "2", "theo danh sách") and counts[OFFICIALS] == ("", "", "nhập tay")
    assert not panel.table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable  # list-driven: read-only
    assert panel.table.item(2, 1).flags() & Qt.ItemFlag.ItemIsEditable
    panel.table.item(2, 1).setText("12")  # officials by hand, beside the list's farmers
    panel.table.item(2, 2).setText("5")
    assert panel.save()
    assert ws.learning.year_figures(2026)["citizen"] == {"registered": 15, "recognised": 7}
    panel.select_names("Lê Văn Cường")
    assert panel.delete_selected(confirm=False) == 1
    assert panel.list.rowCount() == 2 and _counts(panel)[WORKERS][:2] == ("", "")
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.list.rowCount() == 3 and _counts(panel)[WORKERS] == ("1", "", "theo danh sách")


def test_the_national_export_is_imported_whole_exported_and_printed(panel, qtbot, ws, tmp_path, monkeypatch):
    bad = citizen_book(tmp_path / "bad.xlsx", [*ROWS, ("Vũ Văn Giang", 1970, "Nam", "Thôn 1", "Nông dân", "", "")])
    assert panel.import_excel(str(bad), confirm=False) is None
    assert "Dòng 8" in panel.status_line.text() and "chỉ nhận" in panel.status_line.text()
    assert ws.citizens.count(CitizenFilter(2026)) == 0
    book = citizen_book(tmp_path / "cdht.xlsx", ROWS)
    assert panel.import_excel(str(book), confirm=False).imported == 4
    assert panel.list.rowCount() == 4
    assert panel.import_excel(str(book), confirm=False).updated == 4  # again: updated, not doubled
    assert panel.list.rowCount() == 4 and _counts(panel)[FARMERS] == ("2", "1", "theo danh sách")
    out = tmp_path / "ds"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    assert panel.print_list() == str(out) + ".pdf" and (tmp_path / "ds.pdf").read_bytes().startswith(b"%PDF")
    assert "Đã lưu danh sách 4 Công dân học tập năm 2026" in panel.status_line.text()
    written = panel.export_excel(str(tmp_path / "cdht-ra.xlsx"))
    assert written and (tmp_path / "cdht-ra.xlsx").is_file()
    panel.year.setValue(2025)
    assert panel.list.rowCount() == 0


def test_the_excel_page_offers_the_citizen_list_with_its_year(ws, qtbot, no_dialogs, tmp_path):
    from khuyenhoc_desktop.ui.pages.excel_page import KIND_CHOICES, ExcelPage

    assert ("citizens", "Công dân học tập") in KIND_CHOICES
    page = show_widget(qtbot, ExcelPage(ws), 1200, 800)
    page.citizen_year.setValue(2025)
    assert page.load(str(citizen_book(tmp_path / "cdht.xlsx", ROWS)), kind="citizens")
    assert page.citizen_year.isVisible() and page.importable_count() == 4
    page.import_rows(confirm=False)
    qtbot.waitUntil(lambda: ws.citizens.count(CitizenFilter(2025)) == 4, timeout=10000)
