"""Layouts that fit small screens: a row that wraps onto more lines, a list + form splitter that stacks
the form under the list when the page is narrow, and a vertically scrolling panel.

The targets: every page usable at 1024×700 at 100 % text size and at 1280×680 at 125 %.
A widget's minimum width must never grow with its content, so nothing here sums the widths of a row.

`Qt` is imported inside the functions that need it: importing it builds every `Qt.…` enum (~20 ms),
which start-up leaves until after the first frame (docs/performance.md).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QSizePolicy, QSpacerItem, QSplitter, QWidget, QWidgetItem

# A stretching item of a wrapping row grows to at most this many times its preferred width.
MAX_GROWTH = 2.5
# Side by side only when the list keeps at least this many average characters of width.
LIST_MIN_CHARS = 44


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line when the row is too narrow for the next one.

    Extra width on a line goes to the items added with a stretch (in proportion), so a search box still
    widens on a large screen; `addStretch` pushes the items after it to the right of their line.
    The minimum width is that of the widest single item, never the sum of the row.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list = []
        self._stretch: list[int] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- building
    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802 - Qt API
        self.addChildWidget(widget)
        self._append(QWidgetItem(widget), stretch)

    def addStretch(self, stretch: int = 1) -> None:  # noqa: N802 - Qt API
        self._append(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum), stretch)

    def _append(self, item, stretch: int) -> None:
        self._items.append(item)
        self._stretch.append(stretch)
        self.invalidate()

    def addItem(self, item) -> None:  # noqa: N802 - Qt API (items Qt adds itself)
        self._append(item, 0)

    # -- QLayout API
    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt API
        if not 0 <= index < len(self._items):
            return None
        self._stretch.pop(index)
        return self._items.pop(index)

    def expandingDirections(self):  # noqa: N802 - Qt API
        from PySide6.QtCore import Qt

        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # One line when there is room for it.
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list:
        return [i for i in self._items if not self._hidden(i)]

    @staticmethod
    def _hidden(item) -> bool:
        """A hidden widget, or a group whose widgets are all hidden (it would leave a gap)."""
        if item.spacerItem() is not None:
            return False
        return item.isEmpty() or item.sizeHint().width() <= 0

    def _share_out(self, line: list[int], widths: dict, extra: int, shares: int) -> None:
        """Give the spare width of a line to its stretching items; a box grows to at most MAX_GROWTH times
        its width (one alone on a line is not stretched across it) and what it leaves goes to the stretches."""
        left = extra
        for i in line:
            if self._stretch[i] and self._items[i].spacerItem() is None:
                grow = min(extra * self._stretch[i] // shares, int(widths[i] * (MAX_GROWTH - 1)))
                widths[i] += grow
                left -= grow
        spacers = [i for i in line if self._stretch[i] and self._items[i].spacerItem() is not None]
        for i in spacers:
            widths[i] += left // len(spacers)

    @staticmethod
    def _item_height(item, width: int) -> int:
        # A word-wrapped label given less than its preferred width needs more lines.
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[int]] = [[]]
        used = 0
        for index, item in enumerate(self._items):
            if self._hidden(item):
                continue
            width = min(item.sizeHint().width(), area.width())
            if lines[-1] and used + self._spacing + width > area.width():
                # A stretch at the end of a line moves with the items after it (they stay on the right).
                carried = [lines[-1].pop()] if self._items[lines[-1][-1]].spacerItem() is not None else []
                lines.append(carried)
                used = 0
            used += (self._spacing if lines[-1] else 0) + width
            lines[-1].append(index)
        y = area.y()
        for line in lines:
            if not line:
                continue
            widths = {i: min(self._items[i].sizeHint().width(), area.width()) for i in line}
            extra = area.width() - sum(widths.values()) - self._spacing * (len(line) - 1)
            shares = sum(self._stretch[i] for i in line)
            if extra > 0 and shares:
                self._share_out(line, widths, extra, shares)
            height = max(self._item_height(self._items[i], widths[i]) for i in line)
            x = area.x()
            for i in line:
                if move:
                    self._items[i].setGeometry(QRect(QPoint(x, y), QSize(widths[i], height)))
                x += widths[i] + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()


def flow_row(widgets, right=(), stretch: dict | None = None) -> FlowLayout:
    """A wrapping row: `widgets` from the left, then `right` ones pushed to the right of their line."""
    row = FlowLayout()
    stretch = stretch or {}
    for widget in widgets:
        row.addWidget(widget, stretch.get(id(widget), 0))
    if right:
        row.addStretch(1)
        for widget in right:
            row.addWidget(widget)
    return row


class StackingSplitter(QSplitter):
    """Two panes side by side when the splitter is wide enough for both, else one above the other.

    Its minimum width is that of the wider pane (stacked), so a list with a form beside it never makes the
    page wider than a 1024-pixel screen; the panes go side by side again as soon as they fit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # horizontal
        self.setChildrenCollapsible(False)
        self._sizes: dict = {}  # orientation → pane sizes last used that way
        self.first_stacked_sizes = [200, 300]  # stacked for the first time: the form gets three fifths

    def side_by_side_width(self) -> int:
        """The narrowest width at which both panes fit next to each other."""
        list_room = self.fontMetrics().averageCharWidth() * LIST_MIN_CHARS
        widths = [max(self.widget(i).minimumSizeHint().width(), self.widget(i).minimumWidth())
                  for i in range(self.count())]
        if widths:
            widths[0] = max(widths[0], list_room)
        return sum(widths) + self.handleWidth() * max(0, self.count() - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        from PySide6.QtCore import Qt

        hints = [self.widget(i).minimumSizeHint().expandedTo(self.widget(i).minimumSize()) for i in range(self.count())]
        width = max((h.width() for h in hints), default=0)
        if self.orientation() == Qt.Orientation.Vertical:
            height = sum(h.height() for h in hints) + self.handleWidth() * max(0, len(hints) - 1)
        else:
            height = max((h.height() for h in hints), default=0)
        return QSize(width, height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.fit_orientation(event.size().width())
        super().resizeEvent(event)

    def fit_orientation(self, width: int) -> None:
        from PySide6.QtCore import Qt

        wanted = Qt.Orientation.Horizontal if width >= self.side_by_side_width() else Qt.Orientation.Vertical
        if wanted == self.orientation():
            return
        self._sizes[self.orientation()] = self.sizes()
        self.setOrientation(wanted)
        # Back to the sizes last used that way; stacked for the first time, `first_stacked_sizes`.
        self.setSizes(self._sizes.get(wanted) or list(self.first_stacked_sizes))
        self.updateGeometry()


class VerticalScrollArea(QScrollArea):
    """Scrolls vertically only; as wide as its widget needs (plus the scroll bar), so nothing is cut at the
    right edge, and as short as a few lines, so a long form never sets the page's height.

    `floor` is a width it keeps even when its widget needs less (setMinimumWidth would instead let a
    splitter squeeze it below what the widget needs)."""

    floor = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        # QScrollArea watches its widget; when the widget's layout changes (a box shown, a zoom), the
        # width it needs changes, and the page's layout must hear of it.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # No wider than it needs: the space left goes to what stretches beside it (a preview, a list).
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        need = max(inner.minimumSizeHint().width(), inner.minimumWidth())
        frame = 2 * self.frameWidth()
        return QSize(max(self.floor, need + self.verticalScrollBar().sizeHint().width() + frame), hint.height())


def scroll_panel(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless area that scrolls vertically (see `VerticalScrollArea`)."""
    from PySide6.QtCore import Qt

    scroll = VerticalScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def fit_combo(combo, chars: int = 12):
    """A combo box as wide as `chars` characters whatever its items: long catalogue names show in full in
    the drop-down list and as tooltips (of each item and of the chosen one), never widen the page."""
    from PySide6.QtCore import Qt

    combo.setSizeAdjustPolicy(combo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    combo.currentTextChanged.connect(combo.setToolTip)
    # Items get their text after rowsInserted, so the list is measured on the next turn of the event loop
    # (once for a whole batch of items).
    pending = []

    def later(*_args) -> None:
        if not pending:
            pending.append(True)
            QTimer.singleShot(0, combo, lambda: (pending.clear(), _show_items_in_full(combo)))

    combo.model().rowsInserted.connect(later)
    _show_items_in_full(combo)
    return combo


def _show_items_in_full(combo) -> None:
    from PySide6.QtCore import Qt

    # Signals blocked: an editable combo box would otherwise put its current item's text back into its
    # line edit (over a school year the form had just set).
    model = combo.model()
    was_blocked = model.blockSignals(True)
    try:
        for row in range(combo.count()):
            combo.setItemData(row, combo.itemText(row), Qt.ItemDataRole.ToolTipRole)
    finally:
        model.blockSignals(was_blocked)
    view = combo.view()
    # The drop-down is as wide as its longest name (up to the screen), even when the box is narrow.
    # Measured from the texts: the view's own sizeHintForColumn is 0 while it has never been shown.
    metrics = view.fontMetrics()
    texts = (combo.itemText(row) for row in range(combo.count()))
    widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
    widest += view.verticalScrollBar().sizeHint().width() + 4 * metrics.averageCharWidth()
    screen = combo.screen()
    if screen is not None:
        widest = min(widest, screen.availableGeometry().width() - 40)
    view.setMinimumWidth(max(0, widest))
    combo.setToolTip(combo.currentText())


def wrapped_label(text: str) -> QLabel:
    """A label that takes more lines rather than widening the page."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


SCREEN_MARGIN = 40  # room left around a dialog for its title bar and frame


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """`window.resize(width, height)`, but never larger than the screen it opens on (that of its parent)
    leaves: on a 1024×768 screen a 900×640 dialog with its title bar would hang over the taskbar."""
    from PySide6.QtGui import QGuiApplication

    anchor = window.parentWidget() or window
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - SCREEN_MARGIN)
        height = min(height, room.height() - SCREEN_MARGIN)
    window.resize(width, height)
