"""Danh sách thu hội phí (with a column each member signs) and danh sách hội viên chưa nộp hội phí: A4
portrait on Nghị định 30 margins, the table header repeated on every page, rows in the order given (the
caller sorts in Vietnamese list order), the total in figures and words kept with the signature blocks —
the layout of the award list (`pdf/award_list.py`), whose tail table it reuses."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import DuesListData, DuesListRow
from ..vietnamese import amount_in_words, format_vnd
from .award_list import _TailTable
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, place_date, signature_table
from .fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, ensure_fonts
from .styles import ND30_MARGINS, TABLE_HEAD_BG, stylesheet

__all__ = ["dues_table", "render_dues_list"]


def dues_table(rows: Sequence[DuesListRow], width: float, *, voucher: bool, sign_label: str, start: int = 1,
               header: bool = True, total: int | None = None, widest_amount: int = 0,
               last_number: int = 1, widest_village: str = "Thôn") -> Table:
    """STT | Mã HV | Họ và tên | Năm sinh | Thôn | Số tiền [| Phiếu thu] | Ký nộp; the header repeats on every
    page. Tables that continue one another pass the same `widest_amount` and `last_number`."""
    st = stylesheet()
    headers = ["STT", "Mã HV", "Họ và tên", "Năm sinh", "Thôn", "Số tiền (đồng)"]
    if voucher:
        headers.append("Phiếu thu")
    headers.append(sign_label)
    widths = _widths(width, voucher, widest_amount, last_number, widest_village)
    data: list[list] = [[para(h, st["th"]) for h in headers]] if header else []
    for i, r in enumerate(rows, start):
        line = [para(str(i), st["td_center"]), para(r.code, st["td_center"]), para(r.name, st["td"]),
                para(str(r.birth_year or ""), st["td_center"]), para(r.village, st["td"]),
                para(format_vnd(r.amount), st["td_right"])]
        if voucher:
            line.append(para(r.voucher_number, st["td_center"]))
        line.append("")
        data.append(line)
    if total is not None:
        row = ["", "", para("Tổng cộng", st["td_bold"]), "", "", para(format_vnd(total), st["td_bold_right"])]
        data.append(row + [""] * (len(headers) - len(row)))
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    body_start, body_end = (1 if header else 0), len(data) - (2 if total is not None else 1)
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
        cmds.append(("SPAN", (2, -1), (4, -1)))
    if body_end >= body_start:  # room to sign: every body row at least ~9 mm
        cmds += [("TOPPADDING", (0, body_start), (-1, body_end), 6),
                 ("BOTTOMPADDING", (0, body_start), (-1, body_end), 7)]
    table.setStyle(TableStyle(cmds))
    return table


def _widths(width: float, voucher: bool, widest_amount: int, last_number: int, widest_village: str) -> list[float]:
    """Number, code, year, amount and voucher columns as wide as their widest text, the thôn as its widest
    name (at most a third of what is left), the name the rest beside the signing column."""
    pad = 3 + 3 + 1
    stt = max(stringWidth("STT", SERIF_BOLD, 11), stringWidth(str(last_number), SERIF, 11)) + pad
    code = stringWidth("HV00000", SERIF, 11) + pad
    born = max(stringWidth("Năm", SERIF_BOLD, 11), stringWidth("0000", SERIF, 11)) + pad  # "Năm / sinh" on two lines
    amount = max(stringWidth(format_vnd(widest_amount), SERIF_BOLD, 11), stringWidth("Số tiền", SERIF_BOLD, 11)) + pad
    number = stringWidth("PT-2026-0000", SERIF, 11) + pad if voucher else 0.0
    sign = width * 0.12
    rest = width - stt - code - born - amount - number - sign
    village = min(rest / 3, max(stringWidth("Thôn", SERIF_BOLD, 11), stringWidth(widest_village, SERIF, 11)) + pad)
    widths = [stt, code, rest - village, born, village, amount]
    return widths + ([number] if voucher else []) + [sign]


def render_dues_list(data: DuesListData, *, out: PathLike | None = None, created: datetime | None = None) -> bytes:
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = [
        header_for(org, number=data.number, place=data.place, outdent=0),
        Spacer(1, 8 * mm),
        para(data.title.upper(), st["doc_title"]),
    ]
    if data.subtitle.strip():
        story.append(para(data.subtitle, st["center_italic"]))
    story.append(Spacer(1, 5 * mm))
    rows = list(data.rows)
    total = data.total
    same = dict(voucher=data.show_voucher_column, sign_label=data.sign_label,
                widest_amount=max([abs(r.amount) for r in rows] + [abs(total)]), last_number=max(1, len(rows)),
                widest_village=max((r.village for r in rows), key=lambda v: stringWidth(v, SERIF, 11), default=""))
    tail_n = min(len(rows), 2)
    head_rows, tail_rows = rows[: len(rows) - tail_n], rows[len(rows) - tail_n:]
    if head_rows:
        story.append(dues_table(head_rows, width, **same))
    start = len(head_rows) + 1
    tail = _TailTable(dues_table(tail_rows, width, start=start, total=total, **same),
                      dues_table(tail_rows, width, start=start, header=not head_rows, total=total, **same),
                      A4[1] - ND30_MARGINS.top - ND30_MARGINS.bottom)
    place = data.place or org.place_name or org.commune
    signers = data.effective_signers
    n = len(signers)
    last = min(width * 0.6, max(width * 0.46, stringWidth(place_date(place, data.date), SERIF_ITALIC, 12.5) + 6))
    col_widths = [(width - last) / (n - 1)] * (n - 1) + [last] if n > 1 else None
    signatures = signature_table(signers, width, space_mm=25, date_line=place_date(place, data.date),
                                 date_column=-1, size=12.5, col_widths=col_widths)
    paid = [r for r in rows if r.voucher_number]
    summary = f"Tổng số: {len(rows)} hội viên; tổng số tiền: {format_vnd(total)} đồng."
    closing: list[Flowable] = [tail, Spacer(1, 4), para(summary, st["body_noindent"]),
                               para(f"(Bằng chữ: {amount_in_words(total)}.)", st["body_noindent"])]
    if data.show_voucher_column:
        closing.append(para(f"Trong đó đã nộp: {len(paid)} hội viên, {format_vnd(data.paid_total)} đồng; "
                            f"chưa nộp: {len(rows) - len(paid)} hội viên.", st["body_noindent"]))
    closing += [Spacer(1, 5 * mm), signatures]
    story.append(KeepTogether(closing))
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(data.title),
                         author=nfc(org.committee_name), subject=nfc(data.subtitle), created=created)
    return finish(pdf, out)
