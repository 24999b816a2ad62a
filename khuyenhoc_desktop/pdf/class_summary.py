"""Tổng hợp lớp học, chuyên đề: A4 landscape; one row per class, then totals by field
(lĩnh vực) and a grand total; NĐ 30 header and signatures."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import ClassSummaryData
from ..vietnamese import format_date
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, signature_table
from .fonts import ensure_fonts
from .styles import ND30_MARGINS as ADMIN_MARGINS, TABLE_HEAD_BG, scaled, stylesheet

__all__ = ["render_class_summary"]

PAGE = landscape(A4)


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def _grid(data: list[list], widths: list[float], head_rows: int) -> Table:
    t = Table(data, colWidths=widths, repeatRows=head_rows)
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, head_rows - 1), TABLE_HEAD_BG),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    t.setStyle(TableStyle(cmds))
    return t


def render_class_summary(data: ClassSummaryData, *, out: PathLike | None = None,
                         created: datetime | None = None) -> bytes:
    """Landscape tables on Nghị định 30 margins (an administrative report)."""
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(PAGE, ADMIN_MARGINS)
    th, td, tdc, tdr = st["th"], st["td"], st["td_center"], st["td_right"]
    tdb, tdbr, tdbc = st["td_bold"], st["td_bold_right"], st["td_bold_center"]
    date_style = scaled(tdc, 10, "cs_date")

    story: list[Flowable] = [
        header_for(org, number=data.number, place=data.place, when=data.date, outdent=0),
        Spacer(1, 7 * mm),
        para(data.title.upper(), st["doc_title"]),
    ]
    if data.subtitle.strip():
        story.append(para(data.subtitle, st["center_italic"]))
    story.append(Spacer(1, 4 * mm))

    # 1. classes
    fr = [0.045, 0.26, 0.11, 0.08, 0.08, 0.05, 0.06, 0.05, 0.05, 0.15, 0.065]
    widths = [f * width for f in fr]
    P = lambda t, s=th: para(t, s)  # noqa: E731
    head = [
        [P("STT"), P("Tên lớp học, chuyên đề"), P("Lĩnh vực"), P("Thời gian"), "", P("Số buổi"),
         P("Số học viên"), "", "", P("Địa điểm"), P("Ghi chú")],
        ["", "", "", P("Từ ngày"), P("Đến ngày"), "", P("Tổng số"), P("Nữ"), P("DTTS"), "", ""],
    ]
    rows = list(head)
    for i, r in enumerate(data.rows, 1):
        rows.append([
            para(str(i), tdc), para(r.name, td), para(r.field, td),
            para(format_date(r.start_date) if r.start_date else "", date_style),
            para(format_date(r.end_date) if r.end_date else "", date_style),
            para(_n(r.sessions), tdr), para(_n(r.learners_total), tdr), para(_n(r.learners_women), tdr),
            para(_n(r.learners_minority), tdr), para(r.location, td), para(r.note, td),
        ])
    g = data.grand_total()
    rows.append([
        "", para("Tổng cộng", tdb), para(f"{g.classes} lớp", tdbc), "", "", para(_n(g.sessions), tdbr),
        para(_n(g.learners_total), tdbr), para(_n(g.learners_women), tdbr), para(_n(g.learners_minority), tdbr), "", "",
    ])
    t = _grid(rows, widths, 2)
    t.setStyle(TableStyle([
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)), ("SPAN", (3, 0), (4, 0)),
        ("SPAN", (5, 0), (5, 1)), ("SPAN", (6, 0), (8, 0)), ("SPAN", (9, 0), (9, 1)), ("SPAN", (10, 0), (10, 1)),
    ]))
    story.append(t)

    # 2. totals by field
    story.append(Spacer(1, 6 * mm))
    by_field = [[P("STT"), P("Lĩnh vực"), P("Số lớp"), P("Số buổi"), P("Số học viên"), P("Trong đó nữ"), P("Dân tộc thiểu số")]]
    for i, f in enumerate(data.totals_by_field(), 1):
        by_field.append([para(str(i), tdc), para(f.field, td), para(_n(f.classes), tdr), para(_n(f.sessions), tdr),
                         para(_n(f.learners_total), tdr), para(_n(f.learners_women), tdr), para(_n(f.learners_minority), tdr)])
    by_field.append(["", para("Tổng cộng", tdb), para(_n(g.classes), tdbr), para(_n(g.sessions), tdbr),
                     para(_n(g.learners_total), tdbr), para(_n(g.learners_women), tdbr), para(_n(g.learners_minority), tdbr)])
    fw = [0.06, 0.34, 0.12, 0.12, 0.12, 0.12, 0.12]
    field_table = _grid(by_field, [f * width * 0.75 for f in fw], 1)
    field_table.hAlign = "LEFT"
    story.append(KeepTogether([para("Tổng hợp theo lĩnh vực:", scaled(st["heading"], 13, "cs_head")), Spacer(1, 2), field_table]))

    story.append(Spacer(1, 6 * mm))
    signers = data.effective_signers
    story.append(KeepTogether([signature_table(signers, width, space_mm=22, size=12.5)]))
    pdf = build_document(story, pagesize=PAGE, margins=ADMIN_MARGINS, title=nfc(data.title),
                         author=nfc(org.committee_name), subject=nfc(data.subtitle), created=created)
    return finish(pdf, out)

