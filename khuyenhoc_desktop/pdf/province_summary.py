"""Tổng hợp số liệu khuyến học các xã (the province's summary): A4 landscape, one grid per table."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..domain.printables import ProvinceSummaryData
from ..vietnamese import format_vnd
from . import fonts
from .base import PathLike, finish

__all__ = ["render_province_summary"]


def _cell(value, kind: str) -> str:
    if kind == "money":
        return format_vnd(value or 0)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return format_vnd(value)  # a count: 1.371
    return str("" if value is None else value)


def render_province_summary(data: ProvinceSummaryData, path: PathLike | None = None) -> bytes:
    fonts.ensure_fonts()
    serif, bold = fonts.serif_face(), fonts.serif_face(bold=True)
    h_style = ParagraphStyle("h", fontName=bold, fontSize=13, leading=16, spaceAfter=6)
    cell = ParagraphStyle("c", fontName=serif, fontSize=8.5, leading=10)
    styles = {(False, False): cell, (False, True): ParagraphStyle("n", parent=cell, alignment=2),
              (True, False): ParagraphStyle("b", parent=cell, fontName=bold),
              (True, True): ParagraphStyle("bn", parent=cell, fontName=bold, alignment=2)}
    story: list = [Paragraph("TỔNG HỢP SỐ LIỆU KHUYẾN HỌC CÁC XÃ", h_style)]
    if data.school_year:
        story.append(Paragraph(f"Năm học {data.school_year}", cell))
    for table in data.tables:
        story += [Spacer(1, 8), Paragraph(table.title, h_style)]
        grid = [[Paragraph(h, cell) for h, _, _ in table.columns]]
        for i, r in enumerate(table.rows):
            strong = i in table.strong_rows
            grid.append([Paragraph(_cell(r.get(k, ""), kind), styles[strong, kind in ("int", "money")])
                         for _, k, kind in table.columns])
        t = Table(grid, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
    buf = io.BytesIO()
    # the embedded serif as the initial font: no reference to an unembedded Helvetica
    SimpleDocTemplate(buf, pagesize=landscape(A4), title="Tổng hợp khuyến học", leftMargin=36, rightMargin=36,
                      topMargin=36, bottomMargin=36, initialFontName=serif, author=data.author or "Khuyến học Desktop",
                      subject=f"Năm học {data.school_year}" if data.school_year else "").build(story)
    return finish(buf.getvalue(), path)
