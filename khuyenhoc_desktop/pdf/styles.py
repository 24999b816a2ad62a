"""Colours, sizes and paragraph styles shared by the renderers (NĐ 30/2020 Phụ lục I)."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    ensure_fonts,
)

__all__ = ["RED", "GOLD", "DARK_RED", "GREY", "BLACK", "Margins", "ND30_MARGINS", "stylesheet", "mm"]

BLACK = colors.black
RED = colors.HexColor("#C8102E")  # issuer line and "GIẤY KHEN"
DARK_RED = colors.HexColor("#9E1B1B")
GOLD = colors.HexColor("#C9A227")
PALE_GOLD = colors.HexColor("#F4E7B8")
GREY = colors.HexColor("#808080")
LIGHT_GREY = colors.HexColor("#D9D9D9")
TABLE_HEAD_BG = colors.HexColor("#F2F2F2")

# NĐ 30 sizes (pt)
QUOC_HIEU_SIZE = 12.5  # 12–13, bold caps
TIEU_NGU_SIZE = 13.5  # 13–14, bold
ORG_SIZE = 12.5  # 12–13
NUMBER_SIZE = 13
PLACE_DATE_SIZE = 13.5  # 13–14 italic
TITLE_SIZE = 14  # tên loại, 13–14 bold caps
BODY_SIZE = 13  # 13–14
SIGNER_SIZE = 13  # 13–14 bold caps
RECIPIENTS_HEAD_SIZE = 12  # "Nơi nhận:" bold italic
RECIPIENTS_ITEM_SIZE = 11
PAGE_NUMBER_SIZE = 13


class Margins:
    """Page margins in points."""

    def __init__(self, top: float, bottom: float, left: float, right: float) -> None:
        self.top, self.bottom, self.left, self.right = top, bottom, left, right


# top/bottom 20–25, left 30–35, right 15–20 mm
ND30_MARGINS = Margins(top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)
# Landscape tables (sổ quỹ, tổng hợp): the binding edge is still on the left.
LANDSCAPE_MARGINS = Margins(top=15 * mm, bottom=15 * mm, left=20 * mm, right=12 * mm)
LIST_MARGINS = Margins(top=20 * mm, bottom=18 * mm, left=20 * mm, right=12 * mm)


@lru_cache(maxsize=1)
def stylesheet() -> dict[str, ParagraphStyle]:
    """Named paragraph styles (fonts are registered on first use)."""
    ensure_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.3,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,  # 1–1.27 cm
        spaceBefore=3,
        spaceAfter=3,
    )
    s = {
        "body": body,
        "body_noindent": ParagraphStyle("body_noindent", parent=body, firstLineIndent=0),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=SERIF_BOLD, firstLineIndent=0, spaceBefore=6, keepWithNext=True
        ),
        "item_heading": ParagraphStyle(
            "item_heading", parent=body, fontName=SERIF_BOLD, spaceBefore=6, keepWithNext=True
        ),
        "doc_title": ParagraphStyle(
            "doc_title", fontName=SERIF_BOLD, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.25, alignment=TA_CENTER
        ),
        "subject": ParagraphStyle(
            "subject", fontName=SERIF_BOLD, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.25, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("center", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25, alignment=TA_CENTER),
        "center_italic": ParagraphStyle(
            "center_italic", fontName=SERIF_ITALIC, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25, alignment=TA_CENTER
        ),
        "signer": ParagraphStyle(
            "signer", fontName=SERIF_BOLD, fontSize=SIGNER_SIZE, leading=SIGNER_SIZE * 1.25, alignment=TA_CENTER
        ),
        "signer_note": ParagraphStyle(
            "signer_note", fontName=SERIF_ITALIC, fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "recipients_head": ParagraphStyle(
            "recipients_head",
            fontName=SERIF_BOLD_ITALIC,
            fontSize=RECIPIENTS_HEAD_SIZE,
            leading=RECIPIENTS_HEAD_SIZE * 1.2,
            alignment=TA_LEFT,
        ),
        "recipients_item": ParagraphStyle(
            "recipients_item",
            fontName=SERIF,
            fontSize=RECIPIENTS_ITEM_SIZE,
            leading=RECIPIENTS_ITEM_SIZE * 1.2,
            alignment=TA_LEFT,
        ),
        # tables
        "th": ParagraphStyle("th", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_CENTER),
        "td": ParagraphStyle("td", fontName=SERIF, fontSize=11, leading=13, alignment=TA_LEFT),
        "td_center": ParagraphStyle("td_center", fontName=SERIF, fontSize=11, leading=13, alignment=TA_CENTER),
        "td_right": ParagraphStyle("td_right", fontName=SERIF, fontSize=11, leading=13, alignment=TA_RIGHT),
        "td_bold": ParagraphStyle("td_bold", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_LEFT),
        "td_bold_right": ParagraphStyle(
            "td_bold_right", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_RIGHT
        ),
        "td_bold_center": ParagraphStyle(
            "td_bold_center", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("small", fontName=SERIF, fontSize=10, leading=12, alignment=TA_LEFT),
        "small_italic": ParagraphStyle("small_italic", fontName=SERIF_ITALIC, fontSize=10, leading=12),
        "sans": ParagraphStyle("sans", fontName=SANS, fontSize=10, leading=12),
        "sans_bold": ParagraphStyle("sans_bold", fontName=SANS_BOLD, fontSize=10, leading=12),
    }
    return s


def scaled(style: ParagraphStyle, size: float, name: str | None = None, **kw) -> ParagraphStyle:
    """A copy of `style` at another size (leading scaled along)."""
    ratio = style.leading / style.fontSize if style.fontSize else 1.2
    return ParagraphStyle(name or f"{style.name}_{size}", parent=style, fontSize=size, leading=size * ratio, **kw)


def grid_style(head_rows: int = 1, pad: float = 3, extra: list | tuple = ()) -> list:
    """A list table's TableStyle commands: 0.5 pt black grid, cells centred vertically, the heading rows
    shaded, tight padding (`pad` left and right)."""
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad)]
    if head_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, head_rows - 1), TABLE_HEAD_BG))
    return cmds + list(extra)
