"""Danh sách Công dân học tập of a year: one section per target group (its heading, a table whose header
repeats on every page, its count), the total, the signatures and "Nơi nhận", on Nghị định 30 margins (A4
portrait). The layout helpers are the danh sách hội viên's (`pdf.base`, `pdf.member_list`'s sizes)."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import CitizenListData, CitizenSection
from ..vietnamese import format_vnd
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, place_date, recipients_block, \
    signature_table
from .fonts import SERIF, SERIF_BOLD
from .member_list import _PAD, _SIZE, _styles
from .styles import ND30_MARGINS, grid_style, scaled, stylesheet

__all__ = ["render_citizen_list"]

HEADERS = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Kết quả", "Ghi chú")
_FITTED = (0, 2, 3, 5)  # as wide as their widest text
_TEXTS = (1, 4, 6)  # share the rest: the name first, then thôn and note


def _widths(width: float, cells: list[list[str]]) -> list[float]:
    widths = [0.0] * len(HEADERS)
    for i in _FITTED:
        words = [stringWidth(w, SERIF_BOLD, _SIZE) for w in cells[0][i].split()]
        widths[i] = max(words + [stringWidth(row[i], SERIF, _SIZE) for row in cells[1:]]) + _PAD
    rest = width - sum(widths)
    longest = {i: max([stringWidth(row[i], SERIF, _SIZE) for row in cells] + [14 * mm]) + _PAD for i in _TEXTS}
    widths[1] = min(longest[1], rest * 0.45)
    widths[4] = min(longest[4], (rest - widths[1]) * 0.5)
    widths[6] = rest - widths[1] - widths[4]
    return widths


def citizen_table(section: CitizenSection, width: float) -> Table:
    st = _styles()
    cells = [list(HEADERS)]
    for i, r in enumerate(section.rows, 1):
        cells.append([str(i), r.name, str(r.birth_year or ""), r.gender, r.village, r.status, r.note])
    left = {1, 4, 6}
    data = [[para(h, st["th"]) for h in cells[0]]]
    data += [[para(text, st["td"] if i in left else st["td_center"]) for i, text in enumerate(row)] for row in cells[1:]]
    table = Table(data, colWidths=_widths(width, cells), repeatRows=1)
    table.setStyle(TableStyle(grid_style(pad=2.5)))
    return table


def render_citizen_list(data: CitizenListData, *, out: PathLike | None = None, created: datetime | None = None,
                        info: dict | None = None) -> bytes:
    st = stylesheet()
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = [header_for(org), Spacer(1, 8 * mm), para(data.title, st["doc_title"])]
    if data.subtitle.strip():
        story.append(para(data.subtitle, st["center_italic"]))
    story.append(Spacer(1, 4 * mm))
    heading = scaled(st["heading"], 12, "citizen_section", keepWithNext=0)
    for section in data.sections:
        story.append(CondPageBreak(32 * mm))  # a heading never ends a page
        story.append(para(section.group, heading))
        story.append(citizen_table(section, width))
        story.append(para(f"Cộng: {format_vnd(len(section.rows))} người đăng ký, {format_vnd(section.recognised)} "
                          "được công nhận.", st["body_noindent"]))
    recognised = sum(s.recognised for s in data.sections)
    summary = (f"Tổng số: {format_vnd(data.total)} người đăng ký Công dân học tập năm {data.year}, "
               f"{format_vnd(recognised)} người được công nhận.")
    place = org.place_name or org.commune
    closing: list[Flowable] = [Spacer(1, 2 * mm), para(summary, st["body_noindent"]), Spacer(1, 5 * mm),
                               signature_table(data.signers, width, space_mm=25, date_line=place_date(place, data.date),
                                               date_column=-1, size=12.5)]
    recipients = recipients_block(data.recipients)
    if recipients:
        closing += [Spacer(1, 4 * mm), *recipients]
    story.append(KeepTogether(closing))
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(data.title),
                         author=nfc(org.committee_name), subject=nfc(data.subtitle), created=created, info=info)
    return finish(pdf, out)
