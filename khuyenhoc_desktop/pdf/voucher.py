"""Phiếu thu / phiếu chi after forms 01-TT / 02-TT.

One voucher fills the top half of an A4 portrait sheet; with `two_copies` both halves
carry the same voucher, labelled "Liên 1"/"Liên 2", with a dashed cutting line between.
Names, addresses, reasons and the unit wrap at 11 pt or more, never shrink or get cut: a
voucher whose text does not fit half a sheet gets a whole sheet per liên. Every character
stays at least 10 mm from the paper's edge.

The form code, the legal-basis line and the signer titles come from the data (they are
configurable, never hard-coded). A reversal prints as a correction voucher ("PHIẾU THU
ĐIỀU CHỈNH", naming the phiếu it reverses, no payer/payee signature); a voided phiếu prints
with a large "ĐÃ HỦY" mark, the reason and the date: neither can pass for a valid one.
"""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.printables import VoucherData
from ..vietnamese import amount_in_words, format_vnd
from .base import PathLike, balanced_wrap, date_words, finish, nfc, pdf_canvas, wrap_words
from .fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, ensure_fonts
from .styles import GREY, RED

__all__ = ["render_voucher", "render_vouchers"]

HALF = A4[1] / 2
LEFT = 20 * mm
RIGHT = A4[0] - 15 * mm
WIDTH = RIGHT - LEFT
EDGE = 10 * mm  # no character nearer the paper's edge (most printers cannot print there)
BODY = 11.5
MIN_TEXT = 11.0  # names, addresses, reasons and the unit never go below this
LEADING = 1.3
ASCENT = 0.8  # glyph top above the baseline, in font sizes (Noto Serif capitals with marks)
DESCENT = 0.35  # glyph box below the baseline, as PDF readers measure it
SIGN_SPACE = 18 * mm  # room to sign between a title and the printed name


class _Measure:
    """Stands in for the canvas on a dry run: every drawing call is ignored."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _dotted(c, x0: float, x1: float, y: float) -> None:
    if x1 - x0 < 4:
        return
    c.saveState()
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    c.setDash(0.6, 1.8)
    c.line(x0, y - 2.2, x1, y - 2.2)
    c.restoreState()


def _field(c, x: float, y: float, label: str, value: str, *, value_font: str = SERIF,
           size: float = BODY, right: float = RIGHT) -> float:
    """ "Label: value" with a dotted writing line to `right`; the value wraps under itself at
    `size` (never smaller, never cut). Returns the baseline of the next line."""
    label = nfc(label)
    value = " ".join(nfc(value).split())
    c.setFont(SERIF, size)
    c.drawString(x, y, label)
    lx = x + stringWidth(label + " ", SERIF, size)
    lines = wrap_words(value, value_font, size, right - lx) if value else [""]
    for i, line in enumerate(lines):
        c.setFont(value_font, size)
        c.drawString(lx, y, line)
        _dotted(c, lx + stringWidth(line, value_font, size) + 2, right, y)
        y -= size * LEADING
    return y


def _wrapped(c, x: float, y: float, label: str, value: str, font: str, size: float, width: float) -> float:
    """ "Label value" on the first line, the value wrapping under itself; returns the next baseline."""
    c.setFont(SERIF, size)
    c.drawString(x, y, label)
    lx = x + stringWidth(label, SERIF, size)
    for line in wrap_words(" ".join(nfc(value).split()), font, size, x + width - lx) or [""]:
        c.setFont(font, size)
        c.drawString(lx, y, line)
        y -= size * LEADING
    return y


def _draw_voucher(c, v: VoucherData, top: float, copy_label: str = "") -> float:
    """Draw one liên whose sheet area starts at `top` (points from the page bottom); returns the
    distance from `top` down to the lowest glyph."""
    org = v.organisation
    y = top - EDGE - BODY * ASCENT - 1.5 * mm
    # header: unit and address (left, wrapping), form code and legal basis (right)
    right_w = 72 * mm
    left_w = WIDTH - right_w - 4 * mm
    unit = nfc(org.committee_name).upper() or "…"
    hy = _wrapped(c, LEFT, y, "Đơn vị: ", unit, SERIF_BOLD, MIN_TEXT, left_w)
    address = " ".join(nfc(org.address).split())
    if address:
        hy = _wrapped(c, LEFT, hy, "Địa chỉ: ", address, SERIF, MIN_TEXT, left_w)
    rx = RIGHT - right_w / 2
    c.setFont(SERIF_BOLD, MIN_TEXT)
    c.drawCentredString(rx, y, nfc(v.effective_form_code))
    ry = y - MIN_TEXT * LEADING
    basis = nfc(v.legal_basis).strip()
    if basis:
        for line in balanced_wrap(basis, SERIF_ITALIC, 9.5, right_w):
            c.setFont(SERIF_ITALIC, 9.5)
            c.drawCentredString(rx, ry, line)
            ry -= 9.5 * 1.2
    y = min(hy, ry) - 3 * mm

    # title block; book / number / accounts at the right, the liên at the left
    title_size = 17 if v.is_reversal else 18
    ty = y - title_size * ASCENT
    c.setFont(SERIF_BOLD, title_size)
    c.drawCentredString(LEFT + WIDTH / 2, ty, v.title)
    c.setFont(SERIF_ITALIC, 12)
    c.drawCentredString(LEFT + WIDTH / 2, ty - 6.5 * mm, date_words(v.date).capitalize())
    if copy_label:
        c.setFont(SERIF_ITALIC, MIN_TEXT)
        c.drawString(LEFT, ty, nfc(copy_label))
    number = nfc(v.number)
    # the number is an identifier: one line, as wide as it needs
    vw = max(30 * mm, stringWidth(number, SERIF_BOLD, MIN_TEXT) + 1 * mm)
    vx = RIGHT - vw
    bx = vx - stringWidth("Quyển số: ", SERIF, MIN_TEXT)
    rows = [("Quyển số:", nfc(v.book).strip()), ("Số:", number), ("Nợ:", nfc(v.debit_account)),
            ("Có:", nfc(v.credit_account))]
    by = ty + 1 * mm
    for label, value in rows:
        c.setFont(SERIF, MIN_TEXT)
        c.drawString(bx, by, label)
        if label == "Số:":
            c.setFont(SERIF_BOLD, MIN_TEXT)
            c.drawString(vx, by, value)
            by -= MIN_TEXT * LEADING
        elif value:
            for line in wrap_words(value, SERIF, MIN_TEXT, RIGHT - vx):
                font = SERIF
                c.setFont(font, MIN_TEXT)
                c.drawString(vx, by, line)
                by -= MIN_TEXT * LEADING
        else:
            _dotted(c, vx, RIGHT, by)
            by -= MIN_TEXT * LEADING
    y = min(ty - 6.5 * mm - 12 * DESCENT, by + MIN_TEXT * LEADING - MIN_TEXT * DESCENT) - 3.5 * mm - BODY * ASCENT

    # body
    person_label = "Họ và tên người nộp tiền:" if v.kind == "thu" else "Họ và tên người nhận tiền:"
    y = _field(c, LEFT, y, person_label, v.person, value_font=SERIF_BOLD)
    y = _field(c, LEFT, y, "Địa chỉ:", v.address)
    reason_label = "Lý do nộp:" if v.kind == "thu" else "Lý do chi:"
    y = _field(c, LEFT, y, reason_label, v.reason)
    amount = abs(v.amount)
    amount_label = "Số tiền điều chỉnh giảm:" if v.is_reversal else "Số tiền:"
    y = _field(c, LEFT, y, amount_label, f"{format_vnd(amount)} đồng", value_font=SERIF_BOLD)
    y = _field(c, LEFT, y, "(Viết bằng chữ):", amount_in_words(amount), value_font=SERIF_ITALIC)
    attach = nfc(v.attachments_text).strip() or "Chứng từ gốc"
    count = f"{v.attachments:02d}" if v.attachments else "…"
    method = nfc(v.method).strip()
    mid = LEFT + WIDTH * 0.52
    y_left = _field(c, LEFT, y, "Kèm theo:", f"{count} {attach}.", right=mid - 4 * mm)
    y_right = _field(c, mid, y, "Hình thức thanh toán:", method) if method else y_left
    y = min(y_left, y_right)
    if v.is_reversal:
        for line in wrap_words(nfc(v.reversal_line), SERIF_BOLD_ITALIC, BODY, WIDTH):
            c.setFont(SERIF_BOLD_ITALIC, BODY)
            c.drawString(LEFT, y, line)
            y -= BODY * LEADING
    if v.is_void:
        c.saveState()
        c.setFillColor(RED)
        for line in wrap_words(nfc(v.void_line), SERIF_BOLD, 12, WIDTH):
            c.setFont(SERIF_BOLD, 12)
            c.drawString(LEFT, y, line)
            y -= 12 * LEADING
        c.restoreState()

    # date over the signatures (right) and the signature row
    sig_top = y - 6.5 * mm
    c.setFont(SERIF_ITALIC, MIN_TEXT)
    c.drawRightString(RIGHT, sig_top + 5.5 * mm, date_words(v.date).capitalize())
    signers = v.effective_signers
    n = max(1, len(signers))
    col = WIDTH / n
    lowest = sig_top
    for i, s in enumerate(signers):
        cx = LEFT + col * (i + 0.5)
        ly = sig_top
        for line in balanced_wrap(nfc(s.title), SERIF_BOLD, 10.5, col - 2):
            c.setFont(SERIF_BOLD, 10.5)
            c.drawCentredString(cx, ly, line)
            ly -= 10.5 * 1.2
        if s.note:
            for line in balanced_wrap(nfc(s.note), SERIF_ITALIC, 9, col - 2):
                c.setFont(SERIF_ITALIC, 9)
                c.drawCentredString(cx, ly, line)
                ly -= 9 * 1.2
        ny = sig_top - SIGN_SPACE
        if s.name:
            for line in balanced_wrap(nfc(s.name), SERIF_BOLD, MIN_TEXT, col - 2):
                c.setFont(SERIF_BOLD, MIN_TEXT)
                c.drawCentredString(cx, ny, line)
                ny -= MIN_TEXT * 1.2
        lowest = min(lowest, ny + MIN_TEXT * 1.2)
    y = lowest - BODY * LEADING - 1 * mm  # clear of the last line of a wrapped name
    if not v.is_reversal:
        y = _field(c, LEFT, y, "Đã nhận đủ số tiền (viết bằng chữ):", "")
        y += BODY * LEADING
    else:
        y += MIN_TEXT * 1.2 - 5 * mm
    if v.is_void:
        _void_mark(c, top, top - y)
    return top - y + BODY * DESCENT


def _void_mark(c, top: float, height: float) -> None:
    """The large diagonal "ĐÃ HỦY" across the liên, in outline so the text under it stays legible."""
    c.saveState()
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setFillAlpha(0.18)
    c.setLineWidth(1.2)
    c.translate(LEFT + WIDTH / 2, top - height / 2)
    c.rotate(18)
    c.setFont(SERIF_BOLD, 64)
    c.drawCentredString(0, -22, "ĐÃ HỦY")
    w = stringWidth("ĐÃ HỦY", SERIF_BOLD, 64)
    c.setFillAlpha(0)
    c.roundRect(-w / 2 - 8 * mm, -22 - 6 * mm, w + 16 * mm, 64 * 0.95 + 8 * mm, 3 * mm, stroke=1, fill=0)
    c.restoreState()


def _needed_height(v: VoucherData, label: str) -> float:
    return _draw_voucher(_Measure(), v, A4[1], label)


def _cut_line(c: Canvas) -> None:
    c.saveState()
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    c.setDash(4, 3)
    c.line(8 * mm, HALF, A4[0] - 8 * mm, HALF)
    c.setFont(SERIF_ITALIC, 8)
    c.setFillColor(GREY)
    c.drawCentredString(A4[0] / 2, HALF + 1.5 * mm, "cắt theo đường này")
    c.restoreState()


def _voucher_pages(c: Canvas, v: VoucherData) -> None:
    labels = (list(v.copy_labels) + ["Liên 1", "Liên 2"])[:2] if v.two_copies else [""]
    fits_half = all(_needed_height(v, label) <= HALF - EDGE for label in labels)
    if v.two_copies and fits_half:
        _draw_voucher(c, v, A4[1], labels[0])
        _cut_line(c)
        _draw_voucher(c, v, HALF, labels[1])
        c.showPage()
        return
    # one liên per sheet: on the top half when it fits, else over the whole sheet
    for label in labels:
        _draw_voucher(c, v, A4[1], label)
        c.showPage()


def render_vouchers(vouchers: list[VoucherData], *, out: PathLike | None = None,
                    created: datetime | None = None) -> bytes:
    """Several vouchers, one sheet each (two liên per sheet when a voucher asks for it and fits)."""
    ensure_fonts()
    buf = io.BytesIO()
    first = vouchers[0] if vouchers else None
    c = pdf_canvas(
        buf, A4,
        title=f"{first.title.capitalize()} {nfc(first.number)}" if first else "Phiếu thu, phiếu chi",
        author=first.organisation.committee_name if first else "",
        subject=", ".join(nfc(v.number) for v in vouchers),
        created=created,
    )
    for v in vouchers:
        _voucher_pages(c, v)
    c.save()
    return finish(buf.getvalue(), out)


def render_voucher(voucher: VoucherData, *, out: PathLike | None = None, created: datetime | None = None) -> bytes:
    return render_vouchers([voucher], out=out, created=created)
