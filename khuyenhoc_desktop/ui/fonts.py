"""Font sizes relative to the program's base font, so larger and bolder text follows the zoom.

Qt style sheets only know fixed sizes (pt, px; "120%" and "em" are ignored), so sizes are set with
`emphasize` instead, and the zoom scales every widget's own font (`rescale`).
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 11  # readable for older users at 100 %


def text_width(widget: QWidget, pixels_at_100: int) -> int:
    """A width given for 100 % text size, at `widget`'s text size (a date column of 95 px at 100 % cut
    "15/03/2026" to "15/03/2…" at 125 %)."""
    return round(pixels_at_100 * widget.font().pointSizeF() / BASE_POINT_SIZE)


def emphasize(widget: QWidget, scale: float = 1.0, bold: bool = False) -> QWidget:
    """Give `widget` the program's font × `scale` (bold if asked); returns the widget."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    widget.setFont(font)
    return widget


def rescale(root: QWidget, ratio: float) -> None:
    """Multiply the font size of `root` and every widget in it by `ratio`, keeping their proportions."""
    widgets = [root, *root.findChildren(QWidget)]
    # Sizes are read before any is set: a parent's new font would otherwise reach its children twice.
    targets = [(w, w.font().pointSizeF() * ratio) for w in widgets]
    for widget, size in targets:
        font = widget.font()
        font.setPointSizeF(size)
        widget.setFont(font)
