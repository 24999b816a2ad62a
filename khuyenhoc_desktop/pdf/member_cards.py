"""Thẻ hội viên: 85,6 × 54 mm cards (the size of a bank card), 10 to an A4 sheet (2 × 5, edge to edge,
centred), with cut marks in the margins on plain paper.

* Full card (`mode="full"`, plain paper): frame, association name, "THẺ HỘI VIÊN", the labelled lines
  (họ và tên, năm sinh, chi hội, số thẻ, ngày vào hội) and the signature/seal space. What every card
  shares is drawn once into a form XObject and stamped on each card; only the member's lines are drawn
  per card. A member without a số thẻ gets a dotted blank to fill in by hand.
* Blank form (`mode="blank-form"`, pre-printed card stock): only the fields a layout profile lists
  (the certificates' `CertificateLayoutProfile`, `document="member_card"`: positions in mm from each
  card's top-left corner), shifted by the profile's printer offset; no cut marks (the stock is cut).
  The calibration sheet is the certificates' (`render_card_calibration_page`).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Mapping

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..domain.printables import CertificateLayoutProfile, FieldBox, MemberCardSheet
from .base import PathLike, finish, nfc, pdf_canvas
from .certificate import _FieldPainter
from .certificate_calibration import render_calibration_page
from .fonts import SERIF, ensure_fonts

__all__ = [
    "CARD_H_MM", "CARD_W_MM", "CARDS_PER_PAGE", "CARD_FIELD_LABELS", "FULL_CARD_FIELDS", "card_origins_mm",
    "render_card_calibration_page", "render_member_cards",
]

PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
CARD_W_MM, CARD_H_MM = 85.6, 54.0
COLUMNS, ROWS = 2, 5
CARDS_PER_PAGE = COLUMNS * ROWS
MARGIN_X_MM = (PAGE_W_MM - COLUMNS * CARD_W_MM) / 2  # 19,4 mm
MARGIN_Y_MM = (PAGE_H_MM - ROWS * CARD_H_MM) / 2  # 13,5 mm
CALIBRATED_CARD = (ROWS // 2) * COLUMNS  # the card the calibration sheet marks
CUT_GAP_MM, CUT_LENGTH_MM = 2.0, 7.0  # a cut mark starts this far from the cards and is this long

CARD_FIELD_LABELS = {
    "association": "Tên Hội",
    "title": "Chữ “THẺ HỘI VIÊN”",
    "name": "Họ và tên",
    "birth_year": "Năm sinh",
    "unit": "Chi hội",
    "card_no": "Số thẻ",
    "joined_on": "Ngày vào hội",
    "place_date": "Địa danh, ngày cấp",
    "signer_authority": "TM. …",
    "signer_title": "Chức vụ",
    "signer_name": "Người ký",
}

_NAVY = "#17365D"
_RED = "#C8102E"
_VALUE_X = 25.5  # the values start after the widest label ("Ngày vào hội:" at 8,5 pt)
# Where the full card puts each text (mm from the card's top-left corner; y is the baseline).
FULL_CARD_FIELDS: dict[str, FieldBox] = {
    "association": FieldBox(3, 8, 79.6, 9, bold=True, min_font_size=6, color=_NAVY),
    "title": FieldBox(3, 15.5, 79.6, 14, bold=True, min_font_size=10, color=_RED),
    "name": FieldBox(_VALUE_X, 22.5, 82 - _VALUE_X, 10.5, bold=True, align="left", min_font_size=7),
    "birth_year": FieldBox(_VALUE_X, 27.5, 20, 9.5, align="left", min_font_size=7),
    "unit": FieldBox(_VALUE_X, 32.5, 82 - _VALUE_X, 9.5, align="left", min_font_size=6.5),
    "card_no": FieldBox(_VALUE_X, 37.5, 43 - _VALUE_X, 9.5, bold=True, align="left", min_font_size=7),
    "joined_on": FieldBox(_VALUE_X, 42.5, 43 - _VALUE_X, 9.5, align="left", min_font_size=7),
    "place_date": FieldBox(44, 37.2, 38, 6.5, italic=True, min_font_size=5),
    "signer_authority": FieldBox(44, 40.5, 38, 6.5, bold=True, min_font_size=5),
    "signer_title": FieldBox(44, 43.5, 38, 6.5, bold=True, min_font_size=5),
    "signer_name": FieldBox(44, 51, 38, 8, bold=True, min_font_size=6),
}
_LABELS = (("name", "Họ và tên:"), ("birth_year", "Năm sinh:"), ("unit", "Sinh hoạt tại:"),
           ("card_no", "Số thẻ:"), ("joined_on", "Ngày vào hội:"))
_LABEL_X, _LABEL_SIZE = 5.0, 8.5
_SHARED = ("association", "title", "place_date", "signer_authority", "signer_title", "signer_name")
_PER_CARD = ("name", "birth_year", "unit", "card_no", "joined_on")


def card_origins_mm() -> list[tuple[float, float]]:
    """Top-left corners of the ten cards on the sheet (mm from the paper's top-left), row by row."""
    return [(MARGIN_X_MM + col * CARD_W_MM, MARGIN_Y_MM + row * CARD_H_MM)
            for row in range(ROWS) for col in range(COLUMNS)]


def _draw_cut_marks(c: Canvas) -> None:
    """Short lines in the margins on the line of every card edge (no mark ever falls on a card)."""
    H = PAGE_H_MM * mm
    left, right = MARGIN_X_MM, MARGIN_X_MM + COLUMNS * CARD_W_MM
    top, bottom = MARGIN_Y_MM, MARGIN_Y_MM + ROWS * CARD_H_MM
    c.saveState()
    c.setStrokeColor(HexColor("#000000"))
    c.setLineWidth(0.3)
    for i in range(COLUMNS + 1):
        x = (left + i * CARD_W_MM) * mm
        c.line(x, H - (top - CUT_GAP_MM) * mm, x, H - (top - CUT_GAP_MM - CUT_LENGTH_MM) * mm)
        c.line(x, H - (bottom + CUT_GAP_MM) * mm, x, H - (bottom + CUT_GAP_MM + CUT_LENGTH_MM) * mm)
    for j in range(ROWS + 1):
        y = H - (top + j * CARD_H_MM) * mm
        c.line((left - CUT_GAP_MM) * mm, y, (left - CUT_GAP_MM - CUT_LENGTH_MM) * mm, y)
        c.line((right + CUT_GAP_MM) * mm, y, (right + CUT_GAP_MM + CUT_LENGTH_MM) * mm, y)
    c.restoreState()


def _draw_card_face(c: Canvas, painter: _FieldPainter, shared: Mapping[str, str]) -> None:
    """What every full card shares, in card coordinates: frame, shared texts, labels, seal space."""
    W, H = CARD_W_MM * mm, CARD_H_MM * mm
    c.setStrokeColor(HexColor(_NAVY))
    c.setLineWidth(0.8)
    c.roundRect(1.8 * mm, 1.8 * mm, W - 3.6 * mm, H - 3.6 * mm, 2 * mm, stroke=1, fill=0)
    c.setLineWidth(0.3)
    c.line(10 * mm, H - 10 * mm, W - 10 * mm, H - 10 * mm)  # under the association's name
    for key in _SHARED:
        painter.draw(c, key, nfc(shared.get(key, "")), FULL_CARD_FIELDS[key], H)
    c.setFillColor(HexColor("#000000"))
    c.setFont(SERIF, _LABEL_SIZE)
    for key, label in _LABELS:
        c.drawString(_LABEL_X * mm, H - FULL_CARD_FIELDS[key].y_mm * mm, nfc(label))


def _blank(c: Canvas, box: FieldBox, H: float) -> None:
    """A dotted line where a missing số thẻ is to be written by hand."""
    c.saveState()
    c.setStrokeColor(HexColor("#555555"))
    c.setLineWidth(0.5)
    c.setDash(0.6, 1.4)
    y = H - box.y_mm * mm + 0.4
    c.line(box.x_mm * mm, y, (box.x_mm + box.width_mm - 1) * mm, y)
    c.restoreState()


def render_member_cards(sheet: MemberCardSheet, *, mode: str = "full", profile: CertificateLayoutProfile | None = None,
                        out: PathLike | None = None, created: datetime | None = None) -> bytes:
    """Ten cards per A4 page, in the order of `sheet.cards`.

    `mode` "full" prints whole cards with cut marks on plain paper; "blank-form" prints only the fields of
    `profile` (a member-card profile) at its positions plus its printer offset, on pre-printed stock."""
    if mode not in ("full", "blank-form"):
        raise ValueError(f"Chế độ in không hợp lệ: {mode}")
    if mode == "blank-form" and (profile is None or profile.document != "member_card"):
        raise ValueError("Cần chọn mẫu phôi thẻ hội viên để in lên phôi thẻ.")
    if not sheet.cards:
        raise ValueError("Không có thẻ hội viên nào để in.")
    ensure_fonts()
    buf = io.BytesIO()
    org = sheet.organisation
    c = pdf_canvas(buf, (PAGE_W_MM * mm, PAGE_H_MM * mm), title="Thẻ hội viên", created=created,
                   author=org.committee_name, subject=f"{len(sheet.cards)} thẻ hội viên")
    painter = _FieldPainter()
    shared = sheet.shared_texts()
    card_h = CARD_H_MM * mm
    if mode == "full":
        fields, dx, dy = FULL_CARD_FIELDS, 0.0, 0.0
        c.beginForm("kh_card_face", 0, 0, CARD_W_MM * mm, card_h)
        _draw_card_face(c, painter, shared)
        c.endForm()
        per_card = _PER_CARD
    else:
        assert profile is not None
        fields, dx, dy = dict(profile.fields), profile.offset_x_mm, profile.offset_y_mm
        per_card = tuple(k for k in profile.field_order if k in fields)
    origins = card_origins_mm()
    for i, card in enumerate(sheet.cards):
        slot = i % CARDS_PER_PAGE
        if slot == 0 and i:
            c.showPage()
        if slot == 0 and mode == "full":
            _draw_cut_marks(c)
        x_mm, y_mm = origins[slot]
        texts = {**shared, **MemberCardSheet.card_texts(card)}
        c.saveState()
        c.translate((x_mm + dx) * mm, (PAGE_H_MM - y_mm - CARD_H_MM - dy) * mm)
        if mode == "full":
            c.doForm("kh_card_face")
        for key in per_card:
            box = fields[key]
            text = nfc(texts.get(key, ""))
            if key == "card_no" and not text and mode == "full":
                _blank(c, box, card_h)
                continue
            painter.draw(c, key, text, box, card_h)
        c.restoreState()
    c.showPage()
    c.save()
    return finish(buf.getvalue(), out)


def render_card_calibration_page(profile: CertificateLayoutProfile, *, out: PathLike | None = None,
                                 created: datetime | None = None) -> bytes:
    """The certificates' calibration sheet for a sheet of card stock: rulers and grid, the outline of the
    ten cards and the field boxes of one card (printer offset applied): the first card of the middle row,
    clear of the sheet's heading; every card has the same boxes."""
    frames = [(x, y, CARD_W_MM, CARD_H_MM) for x, y in card_origins_mm()]
    return render_calibration_page(profile, out=out, created=created, labels=CARD_FIELD_LABELS,
                                   origin_mm=card_origins_mm()[CALIBRATED_CARD], frames_mm=frames,
                                   heading="TRANG CĂN CHỈNH PHÔI THẺ HỘI VIÊN")


def seed_card_fields() -> dict[str, FieldBox]:
    """Boxes for the variable text on pre-printed stock, where the full card puts them."""
    return {k: FULL_CARD_FIELDS[k] for k in (*_PER_CARD, "place_date")}



