"""The drawn parts of a full-page giấy khen: the double frame with its lozenge band and corner
ornaments, the Quốc hiệu, tiêu ngữ, "TẶNG" and "GIẤY KHEN" with the divider under it; and the
"BẢN NHÁP" mark over a draft."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .base import QUOC_HIEU, TIEU_NGU, balanced_wrap
from .certificate_layout import page_size_mm, static_lines
from .fonts import serif_face
from .styles import GOLD, RED

__all__ = ["DRAFT_MARK", "DRAFT_NOTE", "draw_artwork", "draw_draft_mark"]


def _diamond(c: Canvas, cx: float, cy: float, rx: float, ry: float, fill: int = 1, stroke: int = 0) -> None:
    p = c.beginPath()
    p.moveTo(cx, cy + ry)
    p.lineTo(cx + rx, cy)
    p.lineTo(cx, cy - ry)
    p.lineTo(cx - rx, cy)
    p.close()
    c.drawPath(p, fill=fill, stroke=stroke)


def _draw_border(c: Canvas, w: float, h: float) -> None:
    """Double frame, a band of small gold lozenges, and ornamented corners (red and gold)."""
    c.saveState()
    c.setLineJoin(0)
    outer, band_out, band_in, inner = 6.5 * mm, 8.2 * mm, 12.2 * mm, 13.6 * mm

    # outer red frame, thick, and inner red hairline
    c.setStrokeColor(RED)
    c.setLineWidth(2.4)
    c.rect(outer, outer, w - 2 * outer, h - 2 * outer)
    c.setLineWidth(0.7)
    c.rect(inner, inner, w - 2 * inner, h - 2 * inner)
    # gold band edges
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.9)
    c.rect(band_out, band_out, w - 2 * band_out, h - 2 * band_out)
    c.rect(band_in, band_in, w - 2 * band_in, h - 2 * band_in)

    # chain of lozenges along the band
    mid = (band_out + band_in) / 2
    r = (band_in - band_out) / 2 - 0.55 * mm
    step = 6.0 * mm
    c.setFillColor(GOLD)
    corner_room = band_in + 3.5 * mm
    for y_edge in (mid, h - mid):
        span = w - 2 * corner_room
        n = max(1, int(span // step))
        gap = span / n
        for i in range(n + 1):
            _diamond(c, corner_room + i * gap, y_edge, r * 0.55, r)
    for x_edge in (mid, w - mid):
        span = h - 2 * corner_room
        n = max(1, int(span // step))
        gap = span / n
        for i in range(n + 1):
            _diamond(c, x_edge, corner_room + i * gap, r, r * 0.55)

    # corners: red square rosette over the band, gold centre, and a curl inside the frame
    for cx, cy, sx, sy in (
        (mid, mid, 1, 1),
        (w - mid, mid, -1, 1),
        (mid, h - mid, 1, -1),
        (w - mid, h - mid, -1, -1),
    ):
        size = (band_in - band_out) / 2 + 1.4 * mm
        c.setFillColor(RED)
        c.rect(cx - size, cy - size, 2 * size, 2 * size, stroke=0, fill=1)
        c.setFillColor(GOLD)
        _diamond(c, cx, cy, size * 0.8, size * 0.8)
        c.setFillColor(RED)
        c.circle(cx, cy, size * 0.28, stroke=0, fill=1)

        # flourish inside the inner frame
        ix, iy = cx + sx * (inner - mid), cy + sy * (inner - mid)
        c.setStrokeColor(RED)
        c.setLineWidth(1.1)
        L = 16 * mm
        p = c.beginPath()
        p.moveTo(ix + sx * 2.5 * mm, iy + sy * L)
        p.curveTo(ix + sx * 2.5 * mm, iy + sy * 6 * mm, ix + sx * 6 * mm, iy + sy * 2.5 * mm, ix + sx * L, iy + sy * 2.5 * mm)
        c.drawPath(p, stroke=1, fill=0)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.8)
        p = c.beginPath()
        p.moveTo(ix + sx * 4.6 * mm, iy + sy * (L - 4 * mm))
        p.curveTo(ix + sx * 4.6 * mm, iy + sy * 8 * mm, ix + sx * 8 * mm, iy + sy * 4.6 * mm, ix + sx * (L - 4 * mm), iy + sy * 4.6 * mm)
        c.drawPath(p, stroke=1, fill=0)
        c.setFillColor(RED)
        _diamond(c, ix + sx * 7.2 * mm, iy + sy * 7.2 * mm, 1.5 * mm, 1.5 * mm)
        c.setFillColor(GOLD)
        c.circle(ix + sx * (L + 1.6 * mm), iy + sy * 2.5 * mm, 0.9 * mm, stroke=0, fill=1)
        c.circle(ix + sx * 2.5 * mm, iy + sy * (L + 1.6 * mm), 0.9 * mm, stroke=0, fill=1)
    c.restoreState()


def _draw_divider(c: Canvas, cx: float, y: float, half: float) -> None:
    c.saveState()
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.line(cx - half, y, cx - 4 * mm, y)
    c.line(cx + 4 * mm, y, cx + half, y)
    c.setFillColor(RED)
    _diamond(c, cx, y, 2.6 * mm, 1.6 * mm)
    c.setFillColor(GOLD)
    _diamond(c, cx - half - 1.4 * mm, y, 1.2 * mm, 0.9 * mm)
    _diamond(c, cx + half + 1.4 * mm, y, 1.2 * mm, 0.9 * mm)
    c.restoreState()


def draw_artwork(c: Canvas, orientation: str, *, heading: str = "GIẤY KHEN", verb: str = "TẶNG") -> None:
    """Border and the fixed lines of the full-page certificate, in A4 points. A longer `heading` ("GIẤY CÔNG
    NHẬN") is set smaller so that it stays inside the frame."""
    w_mm, h_mm = page_size_mm("A4", orientation)
    w, h = w_mm * mm, h_mm * mm
    static = static_lines(orientation)
    _draw_border(c, w, h)
    cx = w / 2
    c.setFillColor(HexColor("#000000"))
    y_mm, size = static["quoc_hieu"]
    bold = serif_face(True)
    c.setFont(bold, size)
    c.drawCentredString(cx, h - y_mm * mm, QUOC_HIEU)
    y_mm, size = static["tieu_ngu"]
    c.setFont(bold, size)
    c.drawCentredString(cx, h - y_mm * mm, TIEU_NGU)
    tw = stringWidth(TIEU_NGU, bold, size)
    c.setLineWidth(0.7)
    rule_y = h - y_mm * mm - 2.2 * mm
    c.line(cx - tw / 2, rule_y, cx + tw / 2, rule_y)
    y_mm, size = static["tang"]
    c.setFont(bold, size)
    c.drawCentredString(cx, h - y_mm * mm, verb)
    y_mm, size = static["giay_khen"]
    size = min(size, size * (w - 60 * mm) / max(1.0, stringWidth(heading, bold, size)))
    c.setFillColor(RED)
    c.setFont(bold, size)
    c.drawCentredString(cx, h - y_mm * mm, heading)
    gw = min(stringWidth(heading, bold, size), w * 0.5)
    _draw_divider(c, cx, h - static["divider"] * mm, gw * 0.42)


DRAFT_MARK = "BẢN NHÁP"
DRAFT_NOTE = "BẢN NHÁP: khen thưởng chưa được duyệt, giấy này không có giá trị."


def draw_draft_mark(c: Canvas, w: float, h: float) -> None:
    """A large diagonal "BẢN NHÁP" over the page and a note inside the frame: a preview of an
    undecided award can never pass for a certificate."""
    c.saveState()
    c.setFillColor(RED)
    c.setFillAlpha(0.22)
    c.translate(w / 2, h / 2)
    c.rotate(24 if w > h else 50)
    size = min(w, h) / 4.2
    c.setFont(serif_face(True), size)
    c.drawCentredString(0, -size / 3, DRAFT_MARK)
    c.restoreState()
    # the note goes in the empty lower-left quarter, under the decision lines, clear of the signer
    landscape = w > h
    scale = w / ((297 if landscape else 210) * mm)
    cx, top = (w * 80 / 297, h * 168 / 210) if landscape else (w * 60 / 210, h * 250 / 297)
    size = 12 * scale
    c.saveState()
    c.setFillColor(RED)
    c.setFont(serif_face(True), size)
    y = h - top
    for line in balanced_wrap(DRAFT_NOTE, serif_face(True), size, w * 0.34):
        c.drawCentredString(cx, y, line)
        y -= size * 1.25
    c.restoreState()
