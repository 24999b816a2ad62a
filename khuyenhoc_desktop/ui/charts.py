"""Small charts drawn with QPainter: grouped bars (or lines) of this year against last year.

`BarChart.bar_rect(i)` gives the rectangle of group i (for tests and hit testing); clicking a group
emits `bar_clicked(index, label)`; hovering shows the two values as a tooltip.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..vietnamese import format_vnd

THIS_COLOUR = QColor("#1f5fa8")
LAST_COLOUR = QColor("#b0b8c4")


def _nice_max(value: float) -> float:
    """A top for the value axis whose quarter is a round number (1, 2, 2.5, 5 × 10^k; whole numbers)."""
    if value <= 0:
        return 4
    import math

    quarter = value / 4
    exp = 10 ** math.floor(math.log10(quarter))
    for step in (1, 2, 2.5, 5, 10):
        s = step * exp
        if quarter <= s and (s >= 1 and float(s).is_integer() or s >= 1):
            return max(4, math.ceil(s) * 4)
    return 40 * exp


def _short_number(v: float) -> str:
    if abs(v) >= 1_000_000_000:
        return f"{v / 1_000_000_000:g}".replace(".", ",") + " tỷ"
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:g}".replace(".", ",") + " tr"
    if abs(v) >= 10_000:
        return f"{v / 1_000:g}".replace(".", ",") + " nghìn"
    return format_vnd(int(v))


class BarChart(QWidget):
    """Grouped bars (mode "bar") or two lines (mode "line"): current and previous series."""

    bar_clicked = Signal(int, str)

    def __init__(self, title: str = "", parent: QWidget | None = None, *, mode: str = "bar",
                 series_names: tuple[str, str] = ("Năm nay", "Năm trước"), money: bool = False,
                 unit: str = "") -> None:
        super().__init__(parent)
        self.title = title
        self.mode = mode
        self.series_names = series_names
        self.money = money
        self.unit = unit
        self.labels: list[str] = []
        self.current: list[int] = []
        self.previous: list[int] = []
        self.clickable = False
        self.loaded = False  # no figures given yet: nothing is drawn (see paintEvent)
        self.setMouseTracking(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- data -------------------------------------------------------------------------------
    def set_data(self, labels: Sequence[str], current: Sequence[int], previous: Sequence[int]) -> None:
        self.labels = [str(x) for x in labels]
        self.current = [int(v) for v in current]
        self.previous = [int(v) for v in previous]
        self.loaded = True
        self.update()

    def value_text(self, v: int) -> str:
        return (format_vnd(v) + " đ") if self.money else (format_vnd(v) + (f" {self.unit}" if self.unit else ""))

    # -- geometry ---------------------------------------------------------------------------
    def _plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        top = fm.height() * 2 + 10
        bottom = 84 if self._rotated() else fm.height() * 1.6 + 6
        left = fm.horizontalAdvance("999,9 nghìn") + 10
        return QRectF(left, top, max(10, self.width() - left - 12), max(10, self.height() - top - bottom))

    def _rotated(self) -> bool:
        if not self.labels:
            return False
        fm = QFontMetrics(self.font())
        slot = (self.width() - 100) / max(1, len(self.labels))
        return max(fm.horizontalAdvance(x) for x in self.labels) > slot - 4

    def _top(self) -> float:
        return _nice_max(max(self.current + self.previous + [0]))

    def bar_rect(self, index: int) -> QRectF:
        """The slot of group `index` (both bars), in widget coordinates."""
        plot = self._plot_rect()
        n = max(1, len(self.labels))
        slot = plot.width() / n
        return QRectF(plot.left() + index * slot, plot.top(), slot, plot.height())

    def index_at(self, pos: QPointF) -> int:
        for i in range(len(self.labels)):
            if self.bar_rect(i).contains(pos):
                return i
        return -1

    # -- events -----------------------------------------------------------------------------
    def click_bar(self, index: int) -> None:
        if 0 <= index < len(self.labels):
            self.bar_clicked.emit(index, self.labels[index])

    def mousePressEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import Qt  # see paintEvent

        if event.button() == Qt.MouseButton.LeftButton:
            self.click_bar(self.index_at(event.position()))
        super().mousePressEvent(event)

    def tooltip_text(self, index: int) -> str:
        return (f"{self.labels[index]}\n{self.series_names[0]}: {self.value_text(self.current[index])}\n"
                f"{self.series_names[1]}: {self.value_text(self.previous[index])}")

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import Qt  # see paintEvent

        i = self.index_at(event.position())
        if i >= 0:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(i), self)
            self.setCursor(Qt.CursorShape.PointingHandCursor if self.clickable else Qt.CursorShape.ArrowCursor)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802
        # Nothing is drawn until the figures are given (they come just after the window's first paint):
        # the first use of any `Qt.…` enum, which QPainter's pens and colours make, costs ~20 ms as
        # PySide6 then builds all of them, and an empty chart saying "no data" would be wrong anyway.
        if not self.loaded:
            return
        from PySide6.QtCore import Qt

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#1b2a3a"))
        title = QFontMetrics(bold).elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 16)
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(self.font())
        # legend
        x = self.width() - 8
        for name, colour in reversed(list(zip(self.series_names, (THIS_COLOUR, LAST_COLOUR)))):
            w = fm.horizontalAdvance(name)
            x -= w
            p.setPen(QColor("#333"))
            p.drawText(QPointF(x, fm.height() * 2 + 2), name)
            x -= 16
            p.fillRect(QRectF(x, fm.height() * 2 - fm.ascent() + 4, 11, 11), colour)
            x -= 14
        plot = self._plot_rect()
        top = self._top()
        # grid and axis labels
        for k in range(5):
            v = top * k / 4
            y = plot.bottom() - plot.height() * k / 4
            p.setPen(QPen(QColor("#e3e7ed"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _short_number(v))
        if not self.labels:
            p.setPen(QColor("#888"))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Chưa có số liệu")
            return
        rotated = self._rotated()
        n = len(self.labels)

        def y_of(v: int) -> float:
            return plot.bottom() - plot.height() * max(0, v) / top

        if self.mode == "line":
            for values, colour in ((self.previous, LAST_COLOUR), (self.current, THIS_COLOUR)):
                path = QPainterPath()
                for i, v in enumerate(values):
                    pt = QPointF(self.bar_rect(i).center().x(), y_of(v))
                    path.moveTo(pt) if i == 0 else path.lineTo(pt)
                p.setPen(QPen(colour, 2.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
                p.setBrush(colour)
                for i, v in enumerate(values):
                    p.drawEllipse(QPointF(self.bar_rect(i).center().x(), y_of(v)), 3, 3)
            p.setBrush(Qt.BrushStyle.NoBrush)
        else:
            for i in range(n):
                slot = self.bar_rect(i)
                bw = min(40.0, slot.width() * 0.36)
                cx = slot.center().x()
                for j, (values, colour) in enumerate(((self.current, THIS_COLOUR), (self.previous, LAST_COLOUR))):
                    v = values[i] if i < len(values) else 0
                    x0 = cx - bw + j * bw
                    p.fillRect(QRectF(x0, y_of(v), bw - 1, plot.bottom() - y_of(v)), colour)
        # category labels
        p.setPen(QColor("#333"))
        for i, label in enumerate(self.labels):
            slot = self.bar_rect(i)
            if rotated:
                p.save()
                p.translate(slot.center().x() + 4, plot.bottom() + 6)
                p.rotate(-25)
                text = fm.elidedText(label, Qt.TextElideMode.ElideRight, 130)
                p.drawText(QPointF(-fm.horizontalAdvance(text), fm.ascent()), text)
                p.restore()
            else:
                p.drawText(QRectF(slot.left(), plot.bottom() + 4, slot.width(), fm.height() + 2),
                           Qt.AlignmentFlag.AlignHCenter, label)
        p.setPen(QPen(QColor("#999"), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        p.end()
