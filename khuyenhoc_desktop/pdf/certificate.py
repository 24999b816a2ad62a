"""Giấy khen: full-page certificates on plain paper, variable fields on pre-printed blanks (phôi),
and the calibration sheet for blanks.

* Full page (`mode="full"`): A4 landscape by default, A4 portrait or A3 (the A4 layout
  scaled by √2). The fixed artwork (border, Quốc hiệu, tiêu ngữ, "TẶNG", "GIẤY KHEN") is
  drawn once into a PDF form XObject and stamped on every page; text that is the same
  for a whole batch goes into forms too, one per distinct combination found on two pages
  or more: the issuer and signer, and the decision with its place and date. Name, details,
  achievement, school year and register number are drawn per page.
* Blank form (`mode="blank-form"`): only the fields listed in a `CertificateLayoutProfile`,
  each at its millimetre position plus the profile's per-printer offset.
* Every text is fitted to its box (`base.fit_lines`): it shrinks, then wraps, and at
  worst is cut with "…" — it never leaves its box, so fields never overlap.

The artwork, the layout, the calibration sheet and the profile files have their own modules
(`certificate_artwork`, `certificate_layout`, `certificate_calibration`, `certificate_profiles`);
their public names are importable from here too.

The batch writer streams into `storage.files.atomic_output`: a cancelled or failed run
leaves no file at the final path.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.printables import CERTIFICATE_FIELDS, CertificateData, CertificateLayoutProfile, FieldBox
from ..gc_pause import gc_paused
from ..storage.files import atomic_output, atomic_write
from .base import Cancelled, Fitted, PathLike, fit_lines, nfc, pdf_canvas
from .certificate_artwork import draw_artwork, draw_draft_mark
from .certificate_calibration import render_calibration_page
from .certificate_layout import A3_SCALE, FIELD_LABELS, PAPER_MM, full_page_fields, page_size_mm, seed_fields, static_lines
from .certificate_profiles import default_profiles_path, load_profiles, save_profiles
from .fonts import ensure_fonts, serif_face

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
    "seed_fields",
]

# Fields that are usually the same for a whole batch, in two groups, each drawn once into a form per combination
# of its texts: the issuer and the signer (one combination in a batch), and the decision with its place and date
# (one per decision). A combination met on one page only is drawn on that page: a form used once costs more than
# the text itself, and a batch of awards decided on many days (740 decisions in 1,000 certificates) would
# otherwise draw the issuer and signer again on most pages.
_BATCH_GROUPS = (("tang", "issuing_body", "parent_body", "signer_authority", "signer_title", "signer_name"),
                 ("decision", "place_date"))
_BATCH_FIELDS = tuple(k for group in _BATCH_GROUPS for k in group)
_MAX_BATCH_FORMS = 64

# Stacked in the band in full-page mode (blank forms keep every field at its own box).
_FLOW_FIELDS = ("name", "details", "achievement", "school_year")
_FLOW_GAP = 4.0 * mm  # preferred gap between stacked blocks
_FLOW_MIN_GAP = 1.0 * mm


# ---------------------------------------------------------------------------
# Field text and drawing
# ---------------------------------------------------------------------------


def field_texts(data: CertificateData) -> dict[str, str]:
    """The text of every certificate field (NFC, single spaces)."""
    name = " ".join(nfc(data.recipient_name).split())
    salutation = " ".join(nfc(data.salutation).split())
    texts = {
        "tang": nfc(data.verb).upper(),
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
        color = self.color(box.color)
        # The canvas keeps its current colour and font (reset on each page and form): setting them again
        # would only write the same operators once more for every line of every certificate.
        if c._fillColorObj is not color:
            c.setFillColor(color)
        for i, line in enumerate(fitted.lines):
            if i == 0 and salutation and line.startswith(salutation) and box.bold:
                self._draw_two_faces(c, line, salutation, font, size, left, width, y, box.align)
                c.setFont(font, size)  # the text object left the page's font at this face: the canvas follows
            else:
                if c._fontname != font or c._fontsize != size:
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
# Rendering
# ---------------------------------------------------------------------------


class _CertificateWriter:
    """Draws certificates onto one canvas, page by page."""

    def __init__(self, canvas: Canvas, mode: str, paper: str, orientation: str, profile: CertificateLayoutProfile | None):
        self.c = canvas
        self.mode = mode
        self.painter = _FieldPainter()
        self.batch_forms: dict[tuple, str] = {}
        self.artwork_forms: dict[tuple[str, str], str] = {}
        if mode == "full":
            self.orientation = orientation
            self.scale = A3_SCALE if paper == "A3" else 1.0
            self.fields = full_page_fields(orientation)
            w_mm, h_mm = page_size_mm("A4", orientation)
            self.a4_w, self.a4_h = w_mm * mm, h_mm * mm
            self.dx = self.dy = 0.0
            self.artwork = orientation
            static = static_lines(orientation)
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
        self.batch_groups = tuple(g for g in (tuple(k for k in group if k in self.fields) for group in _BATCH_GROUPS) if g)
        self.batch_keys = tuple(k for group in self.batch_groups for k in group)
        self.page_keys = tuple(k for k in CERTIFICATE_FIELDS if k in self.fields and k not in self.batch_keys)
        # (group, texts) → pages it is on, when the whole batch is known beforehand (`count_batch`); None: every
        # combination is taken as shared
        self.pages_of: dict[tuple, int] | None = None

    def count_batch(self, all_texts: Iterable[Mapping[str, str]]) -> None:
        """Count the pages of each batch combination (only those on two pages or more get a form)."""
        counts: dict[tuple, int] = {}
        for texts in all_texts:
            for group in self.batch_groups:
                key = (group, tuple(texts[k] for k in group))
                counts[key] = counts.get(key, 0) + 1
        self.pages_of = counts

    def _ensure_artwork(self, data: CertificateData) -> str:
        """The artwork's form for this page's heading and verb (one per distinct pair: a batch shares it)."""
        if not self.artwork:
            return ""
        key = (data.heading, data.verb)
        name = self.artwork_forms.get(key)
        if name is None:
            name = f"kh_art_{self.artwork}_{len(self.artwork_forms)}"
            c = self.c
            c.beginForm(name, 0, 0, self.a4_w, self.a4_h)
            draw_artwork(c, self.orientation, heading=nfc(data.heading), verb=nfc(data.verb))
            c.endForm()
            self.artwork_forms[key] = name
        return name

    def _batch_forms(self, texts: Mapping[str, str]) -> tuple[list[str], tuple[str, ...]]:
        """The forms this page stamps for its batch fields, and the batch fields it draws itself."""
        forms: list[str] = []
        direct: tuple[str, ...] = ()
        for group in self.batch_groups:
            key = (group, tuple(texts[k] for k in group))
            name = self.batch_forms.get(key)
            if name is None and (self.pages_of is None or self.pages_of.get(key, 0) > 1) \
                    and len(self.batch_forms) < _MAX_BATCH_FORMS:
                name = f"kh_batch_{len(self.batch_forms)}"
                c = self.c
                c.beginForm(name, 0, 0, self.a4_w, self.a4_h)
                for k in group:
                    self.painter.draw(c, k, texts[k], self.fields[k], self.a4_h)
                c.endForm()
                self.batch_forms[key] = name
            if name is None:
                direct += group
            else:
                forms.append(name)
        return forms, direct

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

    def page(self, data: CertificateData, texts: Mapping[str, str] | None = None) -> None:
        c = self.c
        texts = texts if texts is not None else field_texts(data)
        artwork = self._ensure_artwork(data)
        forms, direct = self._batch_forms(texts)
        transformed = self.scale != 1.0 or self.dx or self.dy
        if transformed:
            c.saveState()
            if self.scale != 1.0:
                c.scale(self.scale, self.scale)
            if self.dx or self.dy:
                c.translate(self.dx, -self.dy)
        if artwork:
            c.doForm(artwork)
        for name in forms:
            c.doForm(name)
        keys = direct + self.page_keys
        salutation = f"{' '.join(nfc(data.salutation).split())}: " if data.salutation.strip() else ""
        if self.band is not None:
            self._draw_flow(texts, salutation)
            keys = tuple(k for k in keys if k not in _FLOW_FIELDS)
        for k in keys:
            self.painter.draw(c, k, texts[k], self.fields[k], self.a4_h, salutation=salutation if k == "name" else "")
        if transformed:
            c.restoreState()
        if data.draft:
            draw_draft_mark(c, self.a4_w * self.scale, self.a4_h * self.scale)
        c.showPage()


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
        all_texts = None
        if isinstance(items, (list, tuple)):
            all_texts = [field_texts(item) for item in items]
            writer.count_batch(all_texts)
        done = 0
        every = max(1, int(progress_every))
        for i, item in enumerate(items):
            writer.page(item, all_texts[i] if all_texts is not None else None)
            done += 1
            if progress is not None and (done % every == 0 or done == total):
                if progress(done, total) is False:
                    raise Cancelled()
        if done == 0:
            raise ValueError("Không có giấy khen nào để in.")
        c.save()
        return done

    # The pages make many objects and no garbage cycles: with the collector on, 1,000 certificates set off 99
    # collections that freed nothing. Without those passes over the heap: ~4 % less time, the same memory.
    with gc_paused():
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
