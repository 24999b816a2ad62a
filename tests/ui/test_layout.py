"""The layouts that make pages fit small screens: wrapping rows, stacking splitters, scrolling panels,
combo boxes that do not grow with their items, fields wide enough for their text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from khuyenhoc_desktop.ui.forms.fields import DateEdit, FieldGrid, MoneyEdit, make_combo, set_combo_text, set_items
from khuyenhoc_desktop.ui.layout import StackingSplitter, flow_row, scroll_panel
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui

LONG = "Trường Phổ thông Dân tộc Bán trú Tiểu học và Trung học cơ sở xã Nghĩa Hưng Đông"


def row_page(qtbot, width: int):
    page = QWidget()
    buttons = [QPushButton(f"Nút thứ {i} có tên khá dài") for i in range(5)]
    right = QPushButton("Xuất Excel…")
    layout = QVBoxLayout(page)
    layout.addLayout(flow_row(buttons, [right]))
    layout.addWidget(QTableView(), 1)
    show_widget(qtbot, page, width, 400)
    qtbot.waitExposed(page)
    return page, buttons, right


def test_a_wrapping_row_is_never_wider_than_its_widest_button(qtbot):
    page, buttons, right = row_page(qtbot, 2000)
    widest = max(b.sizeHint().width() for b in [*buttons, right])
    assert page.layout().itemAt(0).layout().minimumSize().width() == widest
    # Wide: one line, the last button at the right edge.
    assert len({b.y() for b in buttons}) == 1 and right.y() == buttons[0].y()
    assert right.geometry().right() == page.layout().itemAt(0).geometry().right()
    # Narrow: more lines, every button whole and inside the page.
    page.resize(widest + 40, 400)
    qtbot.waitUntil(lambda: page.width() == widest + 40)
    assert len({b.y() for b in buttons}) > 1
    for b in [*buttons, right]:
        assert b.width() >= b.sizeHint().width() and b.geometry().right() < page.width()


def test_list_and_form_stack_when_narrow_and_go_side_by_side_again(qtbot):
    form = QWidget()
    grid = FieldGrid(form, columns=1)
    for i in range(20):
        grid.add(f"f{i}", f"Trường {i}", make_combo([LONG]))
    form.setLayout(grid.layout)
    splitter = StackingSplitter()
    splitter.addWidget(QTableView())
    splitter.addWidget(scroll_panel(form))
    need = splitter.side_by_side_width()
    # Stacked, it is as narrow as its wider pane, and a 20-field form does not set its height.
    assert splitter.minimumSizeHint().width() < need
    assert splitter.minimumSizeHint().height() < form.minimumSizeHint().height()
    show_widget(qtbot, splitter, need + 50, 500)
    qtbot.waitExposed(splitter)
    assert splitter.orientation() == Qt.Orientation.Horizontal
    splitter.resize(need - 50, 500)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Vertical)
    splitter.resize(need + 50, 500)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)


def test_combo_box_keeps_its_width_and_shows_long_names_in_full(qtbot):
    combo = make_combo(editable=False)
    before = combo.minimumSizeHint().width()
    set_items(combo, ["", LONG])
    qtbot.wait(1)  # measured once the items have their text
    assert combo.minimumSizeHint().width() == before  # a long catalogue name does not widen the form
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == LONG
    assert combo.view().minimumWidth() >= combo.view().fontMetrics().horizontalAdvance(LONG)
    set_combo_text(combo, LONG)
    assert combo.toolTip() == LONG


def test_date_and_money_fields_fit_their_text_at_125_percent(qtbot):
    holder = QWidget()
    font = QFont(holder.font())
    font.setPointSizeF(11 * 1.25)
    holder.setFont(font)
    date_edit, money = DateEdit(holder), MoneyEdit(holder)
    for edit, text in ((date_edit, "15/03/2026"), (money, "150.000.000")):
        inner = edit.minimumSizeHint().width() - 2 * edit.fontMetrics().averageCharWidth()
        assert inner >= edit.fontMetrics().horizontalAdvance(text)


def test_field_labels_wrap_only_when_long_and_filled_fields_show_their_start(qtbot):
    form = QWidget()
    grid = FieldGrid(form)
    edit = grid.add("achievement", "Thành tích (in trên giấy khen)", make_combo())
    grid.add("name", "Họ và tên", QLabel())
    assert grid.labels["achievement"].wordWrap() and not grid.labels["name"].wordWrap()
    lines = grid.labels["achievement"].minimumSizeHint().height() // grid.labels["achievement"].fontMetrics().lineSpacing()
    assert lines >= 2  # room for the second line
    set_combo_text(edit, LONG)
    assert edit.lineEdit().cursorPosition() == 0  # set by the program: the start of the name shows
    edit.lineEdit().clear()
    type_text(edit.lineEdit(), "Giỏi")
    assert edit.currentText() == "Giỏi"  # typing is not disturbed


def test_measuring_the_items_leaves_an_editable_combo_box_text_alone(qtbot):
    # The form sets the newest school year as text while the first item is current; the tooltips being
    # added afterwards must not put the first item's text back.
    combo = make_combo(["2022-2023", "2026-2027"])
    set_items(combo, ["2022-2023", "2023-2024", "2026-2027"])
    set_combo_text(combo, "2026-2027")
    qtbot.wait(1)
    assert combo.currentText() == "2026-2027"
    assert combo.itemData(2, Qt.ItemDataRole.ToolTipRole) == "2026-2027"


def test_a_scrolling_panel_widens_when_its_content_needs_more(qtbot):
    # In ấn shows the certificate settings (long labels) only for certificates: the panel must widen.
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.addWidget(QLabel("Tài liệu"))
    extra = QLabel("Lệch ngang (+ sang phải), lệch dọc (+ xuống dưới) của phôi in sẵn")
    extra.hide()
    layout.addWidget(extra)
    page = QWidget()
    row = QVBoxLayout(page)
    panel = scroll_panel(inner)
    row.addWidget(panel)
    show_widget(qtbot, page, 900, 300)
    qtbot.waitExposed(page)
    narrow = page.minimumSizeHint().width()
    extra.show()
    qtbot.waitUntil(lambda: page.minimumSizeHint().width() > narrow)
    assert panel.minimumSizeHint().width() >= extra.sizeHint().width()


def test_a_dialog_is_never_larger_than_the_screen_it_opens_on(qtbot):
    from PySide6.QtWidgets import QDialog

    from khuyenhoc_desktop.ui.layout import SCREEN_MARGIN, resize_to_fit

    dialog = QDialog()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    resize_to_fit(dialog, room.width() + 500, room.height() + 300)
    assert (dialog.width(), dialog.height()) == (room.width() - SCREEN_MARGIN, room.height() - SCREEN_MARGIN)
    resize_to_fit(dialog, 300, 200)  # room enough: the size asked for
    assert (dialog.width(), dialog.height()) == (300, 200)
