"""Charts for printed reports, drawn with reportlab.graphics (vector, embedded fonts).

Each function returns a `Drawing` (a flowable): two series, this period and last year's, with
Vietnamese labels and values in "1.500.000" style.
"""

from __future__ import annotations

from typing import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from ..vietnamese import format_vnd
from .fonts import SERIF, SERIF_BOLD, ensure_fonts

THIS_COLOUR = colors.HexColor("#1F5FA8")
LAST_COLOUR = colors.HexColor("#B0B8C4")


def _short(text: str, limit: int = 22) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _scale(values: Sequence[int]) -> tuple[int, str]:
    """(divisor, unit label) so axis numbers stay short."""
    top = max([abs(v) for v in values] + [0])
    if top >= 10_000_000:
        return 1_000_000, "triệu đồng"
    if top >= 10_000:
        return 1_000, "nghìn đồng"
    return 1, ""


def bar_chart(
    title: str,
    labels: Sequence[str],
    current: Sequence[int],
    previous: Sequence[int],
    *,
    width: float,
    height: float = 175,
    series_names: tuple[str, str] = ("Kỳ này", "Cùng kỳ năm trước"),
    money: bool = False,
) -> Drawing:
    """Grouped vertical bars (this period dark, last year grey) with a title and a legend."""
    ensure_fonts()
    d = Drawing(width, height)
    divisor, unit = _scale(list(current) + list(previous)) if money else (1, "")
    heading = title + (f" ({unit})" if unit else "")
    d.add(String(width / 2, height - 12, heading, fontName=SERIF_BOLD, fontSize=11, textAnchor="middle"))
    rotate = len(labels) > 6 or max([len(str(x)) for x in labels] + [0]) > 12
    bottom = 62 if rotate else 30
    chart = VerticalBarChart()
    chart.x, chart.y = 48, bottom
    chart.width, chart.height = width - 60, height - bottom - 40
    data_now = [v / divisor for v in current] or [0]
    data_prev = [v / divisor for v in previous] or [0]
    chart.data = [data_now, data_prev]
    chart.categoryAxis.categoryNames = [_short(x) for x in labels] or [""]
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = 8
    if rotate:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dx = 4
        chart.categoryAxis.labels.dy = -2
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_vnd(int(round(v)))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E3E7ED")
    chart.bars[0].fillColor = THIS_COLOUR
    chart.bars[1].fillColor = LAST_COLOUR
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    chart.barSpacing = 1
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 10, height - 22
    legend.alignment = "right"
    legend.boxAnchor = "ne"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.fontName = SERIF
    legend.fontSize = 8
    legend.dxTextSpace = 4
    legend.colorNamePairs = [(THIS_COLOUR, series_names[0]), (LAST_COLOUR, series_names[1])]
    d.add(legend)
    return d
