"""The main window remembers its size, place, maximised state and splitters, and opens on a screen; Tệp → Khôi phục
asks before restoring another commune's backup; a file that cannot be written shows a banner."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QGuiApplication

from khuyenhoc_desktop.config import load_preferences
from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.layout import StackingSplitter
from khuyenhoc_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def open_window(ws, qtbot, prefs) -> MainWindow:
    window = MainWindow(ws, prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def screen_rect():
    r = QGuiApplication.primaryScreen().availableGeometry()
    return r.x(), r.y(), r.width(), r.height()


def test_size_place_and_splitters_are_remembered(ws, qtbot, no_dialogs):
    window = open_window(ws, qtbot, {"zoom": 100})
    window.resize(760, 600)
    window.move(20, 30)
    splitter = window.show_page("awards").findChild(StackingSplitter, "award_table_splitter")
    qtbot.waitUntil(lambda: window.width() == 760)
    splitter.setSizes([200, 500])
    sizes = splitter.sizes()
    window.save_geometry()
    window.close_quietly()

    prefs = load_preferences()
    assert prefs["window"] == {"rect": [20, 30, 760, 600], "maximized": False}
    assert "award_table_splitter" in prefs["splitters"]

    again = open_window(ws, qtbot, prefs)
    assert (again.x(), again.y(), again.width(), again.height()) == (20, 30, 760, 600)
    restored = again.show_page("awards").findChild(StackingSplitter, "award_table_splitter")
    qtbot.waitUntil(lambda: restored.width() == splitter.width())
    assert restored.sizes() == sizes
    again.close_quietly()


def test_maximised_window_opens_maximised_and_keeps_its_normal_size(ws, qtbot, no_dialogs):
    window = open_window(ws, qtbot, {"zoom": 100, "window": {"rect": [10, 10, 700, 500], "maximized": True}})
    qtbot.waitUntil(window.isMaximized)
    window.save_geometry()
    window.close_quietly()
    assert load_preferences()["window"] == {"rect": [10, 10, 700, 500], "maximized": True}


def test_window_left_on_a_monitor_that_is_gone_opens_on_the_screen(ws, qtbot, no_dialogs):
    x, y, w, h = screen_rect()
    window = open_window(ws, qtbot, {"zoom": 100, "window": {"rect": [x + w + 900, y + 20, 600, 400]}})
    assert (window.width(), window.height()) == (600, 400)
    assert x <= window.x() and window.x() + 600 <= x + w and y <= window.y() and window.y() + 400 <= y + h
    window.close_quietly()


def test_first_start_fits_the_screen(ws, qtbot, no_dialogs):
    x, y, w, h = screen_rect()
    window = open_window(ws, qtbot, {"zoom": 100})
    assert window.width() <= w and window.height() <= h
    assert x <= window.x() and y <= window.y()
    window.close_quietly()


@pytest.fixture
def other_backup(tmp_path):
    with Workspace.open(tmp_path / "khac" / "xa.db") as other:
        other.profile.save(dataclasses.replace(sample_organisation(), commune_code="09999",
                                               committee_name="Hội Khuyến học xã Hòa Bình"))
        other.awards.save(AwardDraft(school_year="2025-2026", full_name="Đinh Văn Khác", category="Học sinh giỏi"),
                          confirm=True)
        return backup.auto_backup(other, force=True)


def _window(ws, qtbot, reopened):
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)

    def reopen(action):
        ws.close()
        action()
        reopened.append(Workspace.open(ws.datafile.path))
        return True

    window.reopen = reopen
    return window


def test_another_communes_backup_is_refused_without_asking(ws, qtbot, other_backup, no_dialogs):
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert not window.restore_from_backup(str(other_backup), confirm=False)
    assert reopened == [] and ws.awards.count_and_total(AwardFilter())[0] == 0
    window.close_quietly()


def test_another_communes_backup_is_restored_after_the_warning(ws, qtbot, other_backup, monkeypatch):
    asked = []
    told = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a, **k: told.append(text))
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert window.restore_from_backup(str(other_backup))
    assert "CẢNH BÁO" in asked[0] and "Hòa Bình" in asked[0] and "mã xã 07462" in asked[0]
    assert len(told) == 1 and "truoc-khoi-phuc" in told[0]  # where the replaced data now is
    try:
        assert reopened[0].awards.count_and_total(AwardFilter())[0] == 1
    finally:
        window.close_quietly()
        reopened[0].close()


def test_a_read_only_file_shows_a_banner_and_asks_nothing(tmp_path, qtbot, no_dialogs, monkeypatch):
    path = tmp_path / "xa.db"
    Workspace.open(path).close()
    monkeypatch.setattr("khuyenhoc_desktop.storage.database.os.access", lambda p, mode: False)
    ws = Workspace.open(path, read_only_fallback=True)
    try:
        window = MainWindow(ws, {"zoom": 100})
        qtbot.addWidget(window)
        assert "chỉ xem được" in window.read_only_banner.text()
        window.first_start_questions()  # no profile or demo questions for a file that cannot be written
        window.close_quietly()
    finally:
        ws.close()
