"""The calibration sheet for a phôi profile: mm rulers, a 10 mm grid and a labelled crosshair with
the box of every field (printer offset applied), to hold against a blank and measure."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from typing import Mapping, Sequence

from ..domain.printables import CertificateLayoutProfile
from ..storage.files import atomic_write
from .base import PathLike, nfc, pdf_canvas
from .certificate_layout import FIELD_LABELS, page_size_mm
from .fonts import SERIF, ensure_fonts, serif_face
from .styles import RED

__all__ = ["render_calibration_page"]

EDGE = 10.5 * mm  # calibration labels stay inside the area every printer prints


def _place_label(c: Canvas, label: str, px: float, py: float, W: float, H: float,
                 placed: list[tuple[float, float, float, float]], colour) -> None:
    """Write a crosshair's label next to it where it overlaps no earlier label and stays on
    the page (above/below, right/left of the cross; smaller type if it must)."""
    gap = 1.8 * mm
    for size in (7.5, 6.5, 5.5):
        w = stringWidth(label, SERIF, size)
        h = size
        for x, y in (
            (px + gap, py + gap),
            (px - gap - w, py + gap),
            (px + gap, py - gap - h),
            (px - gap - w, py - gap - h),
            (px + gap, py + gap + h + 1),
            (px - gap - w, py - 2 * gap - 2 * h),
        ):
            rect = (x - 1, y - 2, x + w + 1, y + h)
            if rect[0] < EDGE or rect[2] > W - EDGE or rect[1] < EDGE or rect[3] > H - EDGE:
                continue
            if any(rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3] for r in placed):
                continue
            placed.append(rect)
            c.setFillColor(HexColor("#FFFFFF"))
            c.rect(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1], stroke=0, fill=1)
            c.setFillColor(colour)
            c.setFont(SERIF, size)
            c.drawString(x, y, label)
            return
    c.setFillColor(colour)
    c.setFont(SERIF, 5.5)
    c.drawString(min(px + gap, W - EDGE - stringWidth(label, SERIF, 5.5)), py + gap, label)


def render_calibration_page(profile: CertificateLayoutProfile, *, out: PathLike | None = None,
                            created: datetime | None = None, labels: Mapping[str, str] | None = None,
                            origin_mm: tuple[float, float] = (0.0, 0.0),
                            frames_mm: Sequence[tuple[float, float, float, float]] = (),
                            heading: str = "") -> bytes:
    """A sheet to hold against a phôi: mm rulers on all four edges and a 10 mm grid at the
    nominal paper positions, and at each field's anchor (with the printer offset applied)
    a labelled crosshair and the field's box.

    A phôi whose fields are placed relative to a part of the sheet (a card of a card sheet) passes
    that part's corner (`origin_mm`), the outlines of the parts (`frames_mm`: x, y, width, height,
    drawn with the offset), its field names (`labels`) and its `heading`."""
    ensure_fonts()
    labels = labels or FIELD_LABELS
    ox, oy = origin_mm
    w_mm, h_mm = page_size_mm(profile.paper, profile.orientation)
    W, H = w_mm * mm, h_mm * mm
    buf = io.BytesIO()
    c = pdf_canvas(buf, (W, H), title=f"Trang căn chỉnh — {profile.name}", subject=profile.name, created=created)
    grey = HexColor("#C8C8C8")
    dark = HexColor("#404040")
    blue = HexColor("#1F4E9E")

    # 10 mm grid
    c.setStrokeColor(grey)
    c.setLineWidth(0.25)
    for x in range(10, int(w_mm) + 1, 10):
        c.line(x * mm, 0, x * mm, H)
    for y in range(10, int(h_mm) + 1, 10):
        c.line(0, H - y * mm, W, H - y * mm)

    # rulers: ticks every mm, longer every 5, labelled every 10 (measured from the top-left corner)
    c.setStrokeColor(dark)
    c.setFillColor(dark)
    c.setFont(SERIF, 6)
    for x in range(0, int(w_mm) + 1):
        length = 5 if x % 10 == 0 else 3 if x % 5 == 0 else 1.6
        c.setLineWidth(0.35 if x % 10 == 0 else 0.2)
        c.line(x * mm, H, x * mm, H - length * mm)
        c.line(x * mm, 0, x * mm, length * mm)
        if x % 10 == 0 and 10 <= x <= w_mm - 10:
            # labels stay 10 mm inside the edge (where every printer prints), the ticks run to it;
            # the outermost ones sit on the inner side of their tick
            draw = c.drawString if x == 10 else c.drawRightString if x >= w_mm - 10 else c.drawCentredString
            tx = x * mm + (0.6 * mm if x == 10 else -0.6 * mm if x >= w_mm - 10 else 0)
            draw(tx, H - 12.5 * mm, str(x))
            draw(tx, 11 * mm, str(x))
    for y in range(0, int(h_mm) + 1):
        length = 5 if y % 10 == 0 else 3 if y % 5 == 0 else 1.6
        c.setLineWidth(0.35 if y % 10 == 0 else 0.2)
        c.line(0, H - y * mm, length * mm, H - y * mm)
        c.line(W, H - y * mm, W - length * mm, H - y * mm)
        if y % 10 == 0 and 10 <= y <= h_mm - 10:
            ty = H - y * mm - (6.5 if y == 10 else -3 if y >= h_mm - 10 else 2)
            c.drawString(10.5 * mm, ty, str(y))
            c.drawRightString(W - 10.5 * mm, ty, str(y))

    # title block in the middle
    c.setFillColor(dark)
    cx = W / 2
    c.setFont(serif_face(True), 12)
    c.drawCentredString(cx, H - 20 * mm, nfc(f"{heading or 'TRANG CĂN CHỈNH PHÔI GIẤY KHEN'}: {profile.name}"))
    c.setFont(SERIF, 9)
    lines = [
        f"Khổ {profile.paper} {'ngang' if profile.orientation == 'landscape' else 'dọc'}; "
        f"độ lệch máy in: X = {profile.offset_x_mm:+.1f} mm, Y = {profile.offset_y_mm:+.1f} mm "
        "(X dương: sang phải; Y dương: xuống dưới).",
        "Thước và lưới in ở vị trí danh nghĩa (chưa cộng độ lệch); dấu chữ thập và khung các trường đã cộng độ lệch.",
        "Đo vạch 100 mm bằng thước thật: lệch bao nhiêu thì nhập độ lệch ngược dấu bấy nhiêu.",
    ]
    for i, line in enumerate(lines):
        c.drawCentredString(cx, H - (25.5 + 4.2 * i) * mm, nfc(line))

    # the parts' outlines, then crosshairs at each field's anchor (with offset) and its box
    dx, dy = profile.offset_x_mm, profile.offset_y_mm
    c.setStrokeColor(grey)
    c.setLineWidth(0.5)
    for fx, fy, fw, fh in frames_mm:
        c.rect((fx + dx) * mm, H - (fy + dy + fh) * mm, fw * mm, fh * mm, stroke=1, fill=0)
    dx, dy = dx + ox, dy + oy
    placed: list[tuple[float, float, float, float]] = []  # label rectangles already drawn
    crosses: list[tuple[float, float]] = []
    for key in profile.field_order:
        box = profile.fields.get(key)
        if box is None:
            continue
        ax, ay = box.anchor_x_mm + dx, box.y_mm + dy
        px, py = ax * mm, H - ay * mm
        crosses.append((px, py))
        # the box: baseline and, for wrapping fields, the height below it
        c.setStrokeColor(blue)
        c.setLineWidth(0.4)
        c.setDash(2, 2)
        left = (box.x_mm + dx) * mm
        right = left + box.width_mm * mm
        c.line(left, py, right, py)
        top = py + box.font_size * 0.8
        bottom = top - max(box.height_mm * mm, box.font_size * 1.2)
        c.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
        c.setDash()
        align = {"left": "canh trái", "right": "canh phải"}.get(box.align, "canh giữa")
        label = nfc(f"{labels.get(key, key)} ({key}, {align}): x={ax - ox:.1f}, y={ay - oy:.1f} mm")
        _place_label(c, label, px, py, W, H, placed, blue)
    c.setStrokeColor(RED)
    c.setLineWidth(0.5)
    for px, py in crosses:  # on top of the labels' white backgrounds
        c.line(px - 6 * mm, py, px + 6 * mm, py)
        c.line(px, py - 6 * mm, px, py + 6 * mm)
        c.circle(px, py, 1.2 * mm, stroke=1, fill=0)
    c.showPage()
    c.save()
    data = buf.getvalue()
    if out is not None:
        atomic_write(out, data)
    return data
