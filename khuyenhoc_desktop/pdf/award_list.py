"""Danh sách nhận thưởng: A4 portrait, the table header repeated on every page, rows in the
order given (the caller sorts in Vietnamese list order), total in figures and words,
signature blocks (Người lập biểu, Thủ quỹ, TM. Ban Chấp hành / Chủ tịch)."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import AwardListData, AwardRow
from ..vietnamese import amount_in_words, format_vnd
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, place_date, signature_table
from .fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, ensure_fonts
from .styles import ND30_MARGINS as ADMIN_MARGINS, TABLE_HEAD_BG, stylesheet

__all__ = ["award_table", "render_award_list"]


def award_table(
    rows: Sequence[AwardRow],
    width: float,
    *,
    with_sign: bool = False,
    start: int = 1,
    header: bool = True,
    total: int | None = None,
    widest_amount: int | None = None,
    last_number: int | None = None,
) -> Table:
    """STT | Họ và tên | Lớp | Trường | Thành tích | Số tiền [| Ký nhận]; the header row
    repeats on every page. `total` (if not None) adds a "Tổng cộng" row; numbering starts
    at `start`. Tables that continue one another pass the same `widest_amount` and
    `last_number`, so their columns line up."""
    st = stylesheet()
    headers = ["STT", "Họ và tên", "Lớp", "Trường", "Thành tích", "Số tiền (đồng)"]
    if with_sign:
        headers.append("Ký nhận")
    if widest_amount is None:
        widest_amount = max([abs(r.amount) for r in rows] + [abs(total or 0)])
    widths = _column_widths(width, with_sign, widest_amount, last_number or start + len(rows) - 1)
    data: list[list] = [[para(h, st["th"]) for h in headers]] if header else []
    for i, r in enumerate(rows, start):
        line = [
            para(str(i), st["td_center"]),
            para(r.name, st["td_bold"] if with_sign else st["td"]),
            para(r.class_name, st["td_center"]),
            para(r.school, st["td"]),
            para(r.achievement, st["td"]),
            para(format_vnd(r.amount), st["td_right"]),
        ]
        if with_sign:
            line.append("")
        data.append(line)
    if total is not None:
        total_row = ["", para("Tổng cộng", st["td_bold"]), "", "", "", para(format_vnd(total), st["td_bold_right"])]
        if with_sign:
            total_row.append("")
        data.append(total_row)
    body_start = 1 if header else 0
    body_end = len(data) - (2 if total is not None else 1)
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD_BG))
    if total is not None:
        cmds.append(("SPAN", (1, -1), (4, -1)))
    if with_sign and body_end >= body_start:
        # room to sign: every body row at least ~9 mm
        cmds += [("TOPPADDING", (0, body_start), (-1, body_end), 6), ("BOTTOMPADDING", (0, body_start), (-1, body_end), 7)]
    table.setStyle(TableStyle(cmds))
    return table


def _column_widths(width: float, with_sign: bool, widest_amount: int, last_number: int) -> list[float]:
    """Number, class and amount columns as wide as their widest text (a money figure never breaks:
    "1.250.000.000" stays on one line), the signing column a fixed share; the texts share the rest."""
    pad = 3 + 3 + 1  # cell paddings and a hair
    stt = max(stringWidth("STT", SERIF_BOLD, 11), stringWidth(str(last_number), SERIF, 11)) + pad
    klass = max(stringWidth("Lớp", SERIF_BOLD, 11), 10 * mm) + pad
    amount = max(stringWidth(format_vnd(widest_amount), SERIF_BOLD, 11), stringWidth("Số tiền", SERIF_BOLD, 11)) + pad
    sign = width * 0.12 if with_sign else 0.0
    rest = width - stt - klass - amount - sign
    widths = [stt, rest * 0.36, klass, rest * 0.32, rest * 0.32, amount]
    return widths + [sign] if with_sign else widths


class _TailTable(Flowable):
    """The last rows of a list, kept with the signatures. At the top of a page (after
    KeepTogether moved it) it repeats the column header; elsewhere it continues the
    table above without one."""

    def __init__(self, with_header: Table, without_header: Table, frame_height: float) -> None:
        super().__init__()
        self.variants = (with_header, without_header)
        self.frame_height = frame_height
        self.current = without_header

    def wrap(self, availWidth, availHeight):  # noqa: N803
        at_top = availHeight >= self.frame_height - 1
        self.current = self.variants[0] if at_top else self.variants[1]
        return self.current.wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):  # noqa: N803
        return []

    def draw(self):
        self.current.drawOn(self.canv, 0, 0)


def render_award_list(data: AwardListData, *, out: PathLike | None = None, created: datetime | None = None) -> bytes:
    """The list on Nghị định 30 margins (an administrative document attached to a decision)."""
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(A4, ADMIN_MARGINS)
    story: list[Flowable] = [
        header_for(org, number=data.number, place=data.place, outdent=0),
        Spacer(1, 8 * mm),
        para(data.title.upper(), st["doc_title"]),
    ]
    if data.subtitle.strip():
        story.append(para(data.subtitle, st["center_italic"]))
    story.append(Spacer(1, 5 * mm))
    rows = list(data.rows)
    sign = data.show_sign_column
    total = data.total
    tail_n = min(len(rows), 2)
    head_rows, tail_rows = rows[: len(rows) - tail_n], rows[len(rows) - tail_n :]
    widest = max([abs(r.amount) for r in rows] + [abs(total)])
    same = dict(with_sign=sign, widest_amount=widest, last_number=len(rows))
    if head_rows:
        story.append(award_table(head_rows, width, **same))
    frame_h = A4[1] - ADMIN_MARGINS.top - ADMIN_MARGINS.bottom
    start = len(head_rows) + 1
    tail = _TailTable(
        award_table(tail_rows, width, start=start, total=total, **same),
        award_table(tail_rows, width, start=start, header=not head_rows, total=total, **same),
        frame_h,
    )
    place = data.place or org.place_name or org.commune
    signers = data.effective_signers
    n = len(signers)
    # the last column holds the place and date on one line
    last = min(width * 0.6, max(width * 0.46, stringWidth(place_date(place, data.date), SERIF_ITALIC, 12.5) + 6))
    col_widths = [(width - last) / (n - 1)] * (n - 1) + [last] if n > 1 else None
    signatures = signature_table(
        signers,
        width,
        space_mm=25,
        date_line=place_date(place, data.date),
        date_column=-1,
        size=12.5,
        col_widths=col_widths,
    )
    closing = [
        tail,
        Spacer(1, 4),
        para(f"Tổng số: {len(rows)} người; tổng số tiền: {format_vnd(total)} đồng.", st["body_noindent"]),
        para(f"(Bằng chữ: {amount_in_words(total)}.)", st["body_noindent"]),
        Spacer(1, 5 * mm),
        signatures,
    ]
    story.append(KeepTogether(closing))
    pdf = build_document(
        story,
        pagesize=A4,
        margins=ADMIN_MARGINS,
        title=nfc(data.title),
        author=nfc(org.committee_name),
        subject=nfc(data.subtitle),
        created=created,
    )
    return finish(pdf, out)
