"""Larger and bolder text keeps its proportion to the base font when the user zooms."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from khuyenhoc_desktop.ui.fonts import emphasize, rescale, text_width
from khuyenhoc_desktop.ui.main_window import MainWindow, zoomed_point_size

pytestmark = pytest.mark.gui


def test_rescale_keeps_proportions_and_does_not_scale_children_twice(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    plain, big = QLabel("Thường"), emphasize(QLabel("To"), 1.5, bold=True)
    layout = QVBoxLayout(root)
    layout.addWidget(plain)
    layout.addWidget(big)
    base = plain.font().pointSizeF()
    assert big.font().pointSizeF() == pytest.approx(base * 1.5) and big.font().bold()
    rescale(root, 2.0)
    assert plain.font().pointSizeF() == pytest.approx(base * 2)
    assert big.font().pointSizeF() == pytest.approx(base * 3) and big.font().bold()


def test_zoom_scales_figures_and_widens_the_navigation(ws, qtbot, no_dialogs, monkeypatch):
    monkeypatch.setattr("khuyenhoc_desktop.ui.main_window.save_preferences", lambda prefs: None)
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)
    window.apply_zoom(100, announce=False)
    page = window.pages["dashboard"]
    value, heading = page.tiles["awards_count"].value, page.heading
    ratio = value.font().pointSizeF() / QApplication.font().pointSizeF()
    width = window.nav.width()
    window.apply_zoom(200, announce=False)
    assert QApplication.font().pointSizeF() == pytest.approx(zoomed_point_size(200))
    assert value.font().pointSizeF() / QApplication.font().pointSizeF() == pytest.approx(ratio)
    assert heading.font().pointSizeF() > QApplication.font().pointSizeF()
    assert window.nav.width() > width
    metrics = window.nav.fontMetrics()
    assert all(metrics.horizontalAdvance(s.title) < window.nav.width() - 20 for s in window.specs)
    window.apply_zoom(100, announce=False)
    assert window.nav.width() == width


def test_column_widths_given_for_100_percent_follow_the_text_size(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    font = QFont(widget.font())
    font.setPointSizeF(11 * 1.25)
    widget.setFont(font)
    assert text_width(widget, 96) == 120  # 96 × 13,75 / 11
    font.setPointSizeF(11)
    widget.setFont(font)
    assert text_width(widget, 96) == 96
