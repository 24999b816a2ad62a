"""The main window remembers its size, place, maximised state and splitters, and opens on a screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from khuyenhoc_desktop.config import load_preferences
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
