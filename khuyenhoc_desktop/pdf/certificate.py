"""Giấy khen: full-page certificates on plain paper, variable fields on pre-printed blanks (phôi),
and the calibration sheet for blanks.

* Full page (`mode="full"`): A4 landscape by default, A4 portrait or A3 (the A4 layout
  scaled by √2). The fixed artwork (border, Quốc hiệu, tiêu ngữ, "TẶNG", "GIẤY KHEN") is
  drawn once into a PDF form XObject and stamped on every page; text that is the same
  for a whole batch (issuer, signer, date, decision) goes into a second form per
  distinct combination. Only name, details, achievement, school year and register
  number are drawn per page.
* Blank form (`mode="blank-form"`): only the fields listed in a `CertificateLayoutProfile`,
  each at its millimetre position plus the profile's per-printer offset.
* Every text is fitted to its box (`base.fit_lines`): it shrinks, then wraps, and at
  worst is cut with "…" — it never leaves its box, so fields never overlap.

The batch writer streams into `storage.files.atomic_output`: a cancelled or failed run
leaves no file at the final path.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.printables import (
    CERTIFICATE_FIELDS,
    CertificateData,
    CertificateLayoutProfile,
    FieldBox,
)
from ..resources import resource_path
from ..storage.files import atomic_output, atomic_write
from .base import QUOC_HIEU, TIEU_NGU, Cancelled, Fitted, PathLike, balanced_wrap, fit_lines, nfc, pdf_canvas
from .fonts import SERIF, ensure_fonts, serif_face
from .styles import GOLD, RED

__all__ = [
    "Cancelled",
    "FIELD_LABELS",
    "default_profiles_path",
    "full_page_fields",
    "load_profiles",
    "page_size_mm",
    "render_calibration_page",
    "render_certificate",
    "render_certificates",
    "save_profiles",
]

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # portrait width, height
A3_SCALE = 297.0 / 210.0

FIELD_LABELS = {
    "tang": "Chữ “TẶNG”",
    "issuing_body": "Cơ quan khen",
    "parent_body": "Cơ quan chủ quản",
    "name": "Họ và tên",
    "details": "Lớp, trường, thôn",
    "achievement": "Thành tích",
    "school_year": "Năm học",
    "decision": "Số quyết định",
    "register": "Số vào sổ",
    "place_date": "Địa danh, ngày",
    "signer_authority": "TM. …",
    "signer_title": "Chức vụ",
    "signer_name": "Người ký",
}

# Fields that are usually the same for a whole batch: drawn once into a form per combination.
_BATCH_FIELDS = ("tang", "issuing_body", "parent_body", "decision", "place_date", "signer_authority", "signer_title", "signer_name")
_MAX_BATCH_FORMS = 64
EDGE = 10.5 * mm  # calibration labels stay inside the area every printer prints
_RED_HEX = "#C8102E"


def page_size_mm(paper: str = "A4", orientation: str = "landscape") -> tuple[float, float]:
    w, h = PAPER_MM[paper]
    return (h, w) if orientation == "landscape" else (w, h)


# ---------------------------------------------------------------------------
# Full-page layout (A4 millimetres; A3 is this scaled by √2)
# ---------------------------------------------------------------------------

_R = _RED_HEX

_LANDSCAPE_FIELDS: dict[str, FieldBox] = {
    # Every text wraps at 12 pt or more before it would shrink further (CERTIFICATE_MIN_SIZE).
    "issuing_body": FieldBox(30, 42, 237, 16, bold=True, height_mm=12.5, min_font_size=12, color=_R),
    # name … school_year: positions are the defaults; full-page mode stacks them in the band below
    "name": FieldBox(30, 90, 237, 28, bold=True, height_mm=17, min_font_size=20),
    "details": FieldBox(30, 104.5, 237, 15, height_mm=13, min_font_size=12),
    "achievement": FieldBox(30, 112, 237, 15, height_mm=21, min_font_size=12),
    "school_year": FieldBox(30, 131, 237, 15, bold=True, min_font_size=12),
    "decision": FieldBox(26, 139, 108, 13, min_font_size=12),
    "register": FieldBox(26, 145.5, 108, 13, min_font_size=12),
    "place_date": FieldBox(146, 139, 125, 14, italic=True, min_font_size=12),
    "signer_authority": FieldBox(146, 145.5, 125, 14, bold=True, min_font_size=12),
    "signer_title": FieldBox(146, 151.5, 125, 14, bold=True, min_font_size=12),
    "signer_name": FieldBox(146, 192, 125, 16, bold=True, min_font_size=12),
}
_LANDSCAPE_STATIC = {
    "quoc_hieu": (25.5, 13.5),  # baseline mm, size pt
    "tieu_ngu": (32.0, 14.5),
    "tang": (57.0, 17.0),
    "giay_khen": (73.5, 46.0),
    "divider": 78.5,  # y of the small ornament under "GIẤY KHEN"
    "band": (80.5, 135.0),  # where name, details, achievement and school year are stacked
}

_PORTRAIT_FIELDS: dict[str, FieldBox] = {
    "issuing_body": FieldBox(22, 57, 166, 16, bold=True, height_mm=13, min_font_size=12, color=_R),
    "name": FieldBox(22, 128, 166, 26, bold=True, height_mm=20, min_font_size=18),
    "details": FieldBox(22, 146, 166, 14, height_mm=12, min_font_size=12),
    "achievement": FieldBox(22, 160, 166, 14, height_mm=42, min_font_size=12),
    "school_year": FieldBox(22, 205, 166, 14, bold=True, min_font_size=12),
    "decision": FieldBox(20, 225, 80, 12, min_font_size=12),
    "register": FieldBox(20, 231, 80, 12, min_font_size=12),
    "place_date": FieldBox(100, 224, 92, 13, italic=True, min_font_size=12),
    "signer_authority": FieldBox(100, 230.5, 92, 13, bold=True, min_font_size=12),
    "signer_title": FieldBox(100, 236.5, 92, 13, bold=True, min_font_size=12),
    "signer_name": FieldBox(100, 277, 92, 15, bold=True, min_font_size=12),
}
_PORTRAIT_STATIC = {
    "quoc_hieu": (36.0, 13.0),
    "tieu_ngu": (42.5, 14.0),
    "tang": (79.0, 17.0),
    "giay_khen": (101.0, 48.0),
    "divider": 107.0,
    "band": (113.0, 218.0),
}

# Stacked in the band in full-page mode (blank forms keep every field at its own box).
_FLOW_FIELDS = ("name", "details", "achievement", "school_year")
_FLOW_GAP = 4.0 * mm  # preferred gap between stacked blocks
_FLOW_MIN_GAP = 1.0 * mm


def full_page_fields(orientation: str = "landscape") -> dict[str, FieldBox]:
    """The field boxes of the full-page layout (A4 mm); the artwork draws "TẶNG" itself."""
    return dict(_LANDSCAPE_FIELDS if orientation == "landscape" else _PORTRAIT_FIELDS)


def seed_fields(orientation: str = "landscape") -> dict[str, FieldBox]:
    """Boxes for every field a phôi profile may print, where the full page puts them (A4 mm)."""
    static = _LANDSCAPE_STATIC if orientation == "landscape" else _PORTRAIT_STATIC
    y_mm, size = static["tang"]
    ref = full_page_fields(orientation)["name"]
    return {"tang": FieldBox(ref.x_mm, y_mm, ref.width_mm, size, bold=True, min_font_size=12),
            **full_page_fields(orientation)}


# ---------------------------------------------------------------------------
# Field text and drawing
# ---------------------------------------------------------------------------


def field_texts(data: CertificateData) -> dict[str, str]:
    """The text of every certificate field (NFC, single spaces)."""
    name = " ".join(nfc(data.recipient_name).split())
    salutation = " ".join(nfc(data.salutation).split())
    texts = {
        "tang": "TẶNG",
        "issuing_body": nfc(data.issuing_body).upper(),
        "parent_body": nfc(data.parent_body).upper(),
        "name": f"{salutation}: {name}" if salutation and name else name,
        "details": nfc(data.details_line()),
        "achievement": nfc(data.achievement_line()),
        "school_year": nfc(data.school_year_line()),
        "decision": nfc(data.decision_line()),
        "register": nfc(data.register_line()),
        "place_date": nfc(data.place_date_line()),
        "signer_authority": nfc(data.signer_authority).upper(),
        "signer_title": nfc(data.signer_title).upper(),
        "signer_name": nfc(data.signer_name),
    }
    return {k: " ".join(v.split()) for k, v in texts.items()}


class _FieldPainter:
    """Fits and draws field texts; remembers fits of repeated strings (batch constants)."""

    def __init__(self) -> None:
        self._fits: dict[tuple, Fitted] = {}
        self._colors: dict[str, Color] = {}

    def fit(self, text: str, box: FieldBox, font: str, multiline_ok: bool, first_single: bool) -> Fitted:
        key = (text, font, box)
        hit = self._fits.get(key)
        if hit is not None:
            return hit
        height = box.height_mm * mm if multiline_ok else 0.0
        fitted = fit_lines(
            text,
            font,
            box.font_size,
            box.width_mm * mm,
            min_size=box.min_size,
            height=height,
            leading=1.2,
            single_line_first=first_single,
            floor=box.min_size,  # wrap, never shrink below the box's minimum (12 pt on the shipped layouts)
        )
        if len(self._fits) > 4096:
            self._fits.clear()
        self._fits[key] = fitted
        return fitted

    def color(self, hex_color: str) -> Color:
        c = self._colors.get(hex_color)
        if c is None:
            try:
                c = HexColor(hex_color)
            except (ValueError, TypeError):
                c = HexColor("#000000")
            self._colors[hex_color] = c
        return c

    def fit_field(self, field: str, text: str, box: FieldBox) -> tuple[str, Fitted]:
        font = serif_face(box.bold, box.italic)
        first_single = field == "name" or box.height_mm <= 0
        return font, self.fit(text, box, font, box.height_mm > 0, first_single)

    def draw(
        self,
        c: Canvas,
        field: str,
        text: str,
        box: FieldBox,
        page_h: float,
        dx: float = 0.0,
        dy: float = 0.0,
        salutation: str = "",
    ) -> None:
        """Draw `text` in `box` (first baseline at box.y_mm); `dx`/`dy` (points) shift
        right/down. For "name", the leading `salutation` ("Em: ") is set in the regular face."""
        if not text:
            return
        font, fitted = self.fit_field(field, text, box)
        self.draw_fitted(c, fitted, font, box, page_h - box.y_mm * mm - dy, dx, salutation)

    def draw_fitted(
        self, c: Canvas, fitted: Fitted, font: str, box: FieldBox, baseline: float, dx: float = 0.0, salutation: str = ""
    ) -> None:
        if not fitted.lines:
            return
        size = fitted.size
        left = box.x_mm * mm + dx
        width = box.width_mm * mm
        y = baseline
        c.setFillColor(self.color(box.color))
        for i, line in enumerate(fitted.lines):
            if i == 0 and salutation and line.startswith(salutation) and box.bold:
                self._draw_two_faces(c, line, salutation, font, size, left, width, y, box.align)
            else:
                c.setFont(font, size)
                if box.align == "left":
                    c.drawString(left, y, line)
                elif box.align == "right":
                    c.drawRightString(left + width, y, line)
                else:
                    c.drawCentredString(left + width / 2, y, line)
            y -= fitted.leading

    @staticmethod
    def _draw_two_faces(c, line, prefix, bold_font, size, left, width, y, align) -> None:
        regular = serif_face(False, False)
        rest = line[len(prefix) :]
        w_prefix = stringWidth(prefix, regular, size)
        w_total = w_prefix + stringWidth(rest, bold_font, size)
        if align == "left":
            x = left
        elif align == "right":
            x = left + width - w_total
        else:
            x = left + (width - w_total) / 2
        t = c.beginText(x, y)
        t.setFont(regular, size)
        t.textOut(prefix)
        t.setFont(bold_font, size)
        t.textOut(rest)
        c.drawText(t)


# ---------------------------------------------------------------------------
# Artwork
# ---------------------------------------------------------------------------


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


def _draw_artwork(c: Canvas, orientation: str) -> None:
    """Border and the fixed lines of the full-page certificate, in A4 points."""
    w_mm, h_mm = page_size_mm("A4", orientation)
    w, h = w_mm * mm, h_mm * mm
    static = _LANDSCAPE_STATIC if orientation == "landscape" else _PORTRAIT_STATIC
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
    c.drawCentredString(cx, h - y_mm * mm, "TẶNG")
    y_mm, size = static["giay_khen"]
    c.setFillColor(RED)
    c.setFont(bold, size)
    c.drawCentredString(cx, h - y_mm * mm, "GIẤY KHEN")
    gw = stringWidth("GIẤY KHEN", bold, size)
    _draw_divider(c, cx, h - static["divider"] * mm, gw * 0.42)


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------


def default_profiles_path() -> Path:
    return resource_path("defaults", "certificate_profiles.json")


def load_profiles(path: PathLike | None = None) -> list[CertificateLayoutProfile]:
    """Read layout profiles from a JSON file ({"profiles": [...]}); default: the shipped ones.

    `path` may be the file or the folder holding `certificate_profiles.json`."""
    p = Path(path) if path is not None else default_profiles_path()
    if p.is_dir():
        p = p / "certificate_profiles.json"
    with open(p, encoding="utf-8") as fh:
        raw = json.load(fh)
    items = raw.get("profiles", []) if isinstance(raw, dict) else raw
    return [CertificateLayoutProfile.from_dict(item) for item in items]


def save_profiles(profiles: Iterable[CertificateLayoutProfile], path: PathLike) -> Path:
    payload = {"profiles": [p.to_dict() for p in profiles]}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(path, text.encode("utf-8"))


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


class _CertificateWriter:
    """Draws certificates onto one canvas, page by page."""

    def __init__(self, canvas: Canvas, mode: str, paper: str, orientation: str, profile: CertificateLayoutProfile | None):
        self.c = canvas
        self.mode = mode
        self.painter = _FieldPainter()
        self.batch_forms: dict[tuple, str] = {}
        if mode == "full":
            self.orientation = orientation
            self.scale = A3_SCALE if paper == "A3" else 1.0
            self.fields = full_page_fields(orientation)
            w_mm, h_mm = page_size_mm("A4", orientation)
            self.a4_w, self.a4_h = w_mm * mm, h_mm * mm
            self.dx = self.dy = 0.0
            self.artwork = f"kh_art_{orientation}"
            static = _LANDSCAPE_STATIC if orientation == "landscape" else _PORTRAIT_STATIC
            self.band = static["band"]
        else:
            assert profile is not None
            self.orientation = profile.orientation
            self.scale = 1.0
            self.fields = dict(profile.fields)
            w_mm, h_mm = page_size_mm(profile.paper, profile.orientation)
            self.a4_w, self.a4_h = w_mm * mm, h_mm * mm  # the page itself, unscaled
            self.dx, self.dy = profile.offset_x_mm * mm, profile.offset_y_mm * mm
            self.artwork = ""
            self.band = None
        self.batch_keys = tuple(k for k in _BATCH_FIELDS if k in self.fields)
        self.page_keys = tuple(k for k in CERTIFICATE_FIELDS if k in self.fields and k not in self.batch_keys)

    def _ensure_artwork(self) -> None:
        c = self.c
        if self.artwork and not c.hasForm(self.artwork):
            c.beginForm(self.artwork, 0, 0, self.a4_w, self.a4_h)
            _draw_artwork(c, self.orientation)
            c.endForm()

    def _batch_form(self, texts: Mapping[str, str]) -> str | None:
        key = tuple(texts[k] for k in self.batch_keys)
        name = self.batch_forms.get(key)
        if name is not None:
            return name
        if len(self.batch_forms) >= _MAX_BATCH_FORMS:
            return None
        name = f"kh_batch_{len(self.batch_forms)}"
        c = self.c
        c.beginForm(name, 0, 0, self.a4_w, self.a4_h)
        for k in self.batch_keys:
            self.painter.draw(c, k, texts[k], self.fields[k], self.a4_h)
        c.endForm()
        self.batch_forms[key] = name
        return name

    def _draw_flow(self, texts: Mapping[str, str], salutation: str) -> None:
        """Stack name, details, achievement and school year in the band, evenly spaced."""
        blocks = []
        for k in _FLOW_FIELDS:
            text = texts.get(k)
            box = self.fields.get(k)
            if not text or box is None:
                continue
            font, fitted = self.painter.fit_field(k, text, box)
            if not fitted.lines:
                continue
            height = (len(fitted.lines) - 1) * fitted.leading + fitted.size * 1.2
            blocks.append((k, box, font, fitted, height))
        blocks = self._fit_band(texts, blocks)
        tops = _stack(self.band, [(b[4], b[3].size) for b in blocks])
        for (k, box, font, fitted, _h), top in zip(blocks, tops):
            baseline = self.a4_h - top - fitted.size * 0.92
            self.painter.draw_fitted(self.c, fitted, font, box, baseline, 0.0, salutation if k == "name" else "")

    def _fit_band(self, texts: Mapping[str, str], blocks: list) -> list:
        """When the stacked blocks are taller than the band, the achievement gets only the height left
        (it is then cut with "…" at its minimum size rather than run into the signatures)."""
        room = (self.band[1] - self.band[0]) * mm - (len(blocks) - 1) * _FLOW_MIN_GAP
        total = sum(b[4] for b in blocks)
        for i, (k, box, font, fitted, height) in enumerate(blocks):
            if k != "achievement" or total <= room:
                continue
            left = max(box.min_size * 1.2, height - (total - room))
            short = replace(box, height_mm=left / mm)
            font, fitted = self.painter.fit_field(k, texts[k], short)
            blocks[i] = (k, short, font, fitted, (len(fitted.lines) - 1) * fitted.leading + fitted.size * 1.2)
        return blocks

    def page(self, data: CertificateData) -> None:
        c = self.c
        texts = field_texts(data)
        self._ensure_artwork()
        batch = self._batch_form(texts) if self.batch_keys else None
        transformed = self.scale != 1.0 or self.dx or self.dy
        if transformed:
            c.saveState()
            if self.scale != 1.0:
                c.scale(self.scale, self.scale)
            if self.dx or self.dy:
                c.translate(self.dx, -self.dy)
        if self.artwork:
            c.doForm(self.artwork)
        if batch:
            c.doForm(batch)
            keys = self.page_keys
        else:
            keys = self.batch_keys + self.page_keys
        salutation = f"{' '.join(nfc(data.salutation).split())}: " if data.salutation.strip() else ""
        if self.band is not None:
            self._draw_flow(texts, salutation)
            keys = tuple(k for k in keys if k not in _FLOW_FIELDS)
        for k in keys:
            self.painter.draw(c, k, texts[k], self.fields[k], self.a4_h, salutation=salutation if k == "name" else "")
        if transformed:
            c.restoreState()
        if data.draft:
            _draft_mark(c, self.a4_w * self.scale, self.a4_h * self.scale)
        c.showPage()


DRAFT_MARK = "BẢN NHÁP"
DRAFT_NOTE = "BẢN NHÁP: khen thưởng chưa được duyệt, giấy này không có giá trị."


def _draft_mark(c: Canvas, w: float, h: float) -> None:
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


def _stack(self_band_mm: tuple[float, float], blocks: list[tuple[float, float]]) -> list[float]:
    """Top edges (points from the page top) for blocks of the given (height, size), stacked
    in the band with even gaps, a little above the band's middle."""
    top, bottom = self_band_mm[0] * mm, self_band_mm[1] * mm
    band = bottom - top
    total = sum(h for h, _ in blocks)
    n = len(blocks)
    gap = _FLOW_GAP
    if n > 1 and total + (n - 1) * gap > band:
        gap = max(_FLOW_MIN_GAP, (band - total) / (n - 1))
    spare = band - total - (n - 1) * gap
    y = top + max(0.0, spare) * 0.4
    tops = []
    for h, _ in blocks:
        tops.append(y)
        y += h + gap
    return tops


def _pagesize(mode: str, paper: str, orientation: str, profile: CertificateLayoutProfile | None) -> tuple[float, float]:
    if mode == "blank-form" and profile is not None:
        paper, orientation = profile.paper, profile.orientation
    w_mm, h_mm = page_size_mm(paper, orientation)
    return w_mm * mm, h_mm * mm


def render_certificates(
    items: Iterable[CertificateData],
    *,
    mode: str = "full",
    profile: CertificateLayoutProfile | None = None,
    paper: str = "A4",
    orientation: str = "landscape",
    out: PathLike | None = None,
    progress: Callable[[int, int | None], bool | None] | None = None,
    progress_every: int = 1,
    title: str = "Giấy khen",
    author: str = "",
    subject: str = "",
    created: datetime | None = None,
) -> bytes | Path:
    """Render one certificate per item into one PDF.

    `mode` "full" prints the whole certificate on plain paper (`paper` "A4"/"A3",
    `orientation` "landscape"/"portrait"); "blank-form" prints only the fields of
    `profile` at its positions plus its printer offset (paper and orientation from the
    profile). `progress(done, total)` is called every `progress_every` pages (total is
    None for an iterator without len); returning False stops the job with `Cancelled`.

    Returns the PDF bytes, or — when `out` is given — writes it atomically and returns
    the path (a cancelled or failed job leaves no file there).
    """
    if mode not in ("full", "blank-form"):
        raise ValueError(f"Chế độ in không hợp lệ: {mode}")
    if mode == "blank-form" and profile is None:
        raise ValueError("Cần chọn mẫu phôi (profile) để in trên phôi giấy khen.")
    if paper not in PAPER_MM or orientation not in ("landscape", "portrait"):
        raise ValueError("Khổ giấy hoặc hướng giấy không hợp lệ.")
    ensure_fonts()
    total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    pagesize = _pagesize(mode, paper, orientation, profile)

    def write(fh) -> int:
        first = items[0] if isinstance(items, (list, tuple)) and items else None
        c = pdf_canvas(fh, pagesize, title=title, created=created,
                       author=author or (first.issuing_body if first else ""),
                       subject=subject or (first.school_year_line() if first else ""))
        writer = _CertificateWriter(c, mode, paper, orientation, profile)
        done = 0
        every = max(1, int(progress_every))
        for item in items:
            writer.page(item)
            done += 1
            if progress is not None and (done % every == 0 or done == total):
                if progress(done, total) is False:
                    raise Cancelled()
        if done == 0:
            raise ValueError("Không có giấy khen nào để in.")
        c.save()
        return done

    if out is None:
        buf = io.BytesIO()
        write(buf)
        return buf.getvalue()
    with atomic_output(out) as fh:
        write(fh)
    return Path(out)


def render_certificate(
    data: CertificateData,
    *,
    mode: str = "full",
    profile: CertificateLayoutProfile | None = None,
    paper: str = "A4",
    orientation: str = "landscape",
    out: PathLike | None = None,
) -> bytes:
    """One certificate; returns the bytes (and writes them atomically to `out` if given)."""
    data_bytes = render_certificates([data], mode=mode, profile=profile, paper=paper, orientation=orientation)
    assert isinstance(data_bytes, bytes)
    if out is not None:
        atomic_write(out, data_bytes)
    return data_bytes


# ---------------------------------------------------------------------------
# Calibration sheet
# ---------------------------------------------------------------------------


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
                            created: datetime | None = None) -> bytes:
    """A sheet to hold against a phôi: mm rulers on all four edges and a 10 mm grid at the
    nominal paper positions, and at each field's anchor (with the printer offset applied)
    a labelled crosshair and the field's box."""
    ensure_fonts()
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
    c.drawCentredString(cx, H - 20 * mm, nfc(f"TRANG CĂN CHỈNH PHÔI GIẤY KHEN: {profile.name}"))
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

    # crosshairs at each field's anchor (with offset) and its box
    dx, dy = profile.offset_x_mm, profile.offset_y_mm
    placed: list[tuple[float, float, float, float]] = []  # label rectangles already drawn
    crosses: list[tuple[float, float]] = []
    for key in CERTIFICATE_FIELDS:
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
        label = nfc(f"{FIELD_LABELS.get(key, key)} ({key}, {align}): x={ax:.1f}, y={ay:.1f} mm")
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

