"""Phiếu thu / phiếu chi after forms 01-TT / 02-TT (domain-vi.md §5.4).

One voucher fills the top half of an A4 portrait sheet; with `two_copies` both halves
carry the same voucher, labelled "Liên 1"/"Liên 2", with a dashed cutting line between.
The form code, the legal-basis line and the signer titles come from the data (they are
configurable, never hard-coded). A reversal (đảo phiếu) prints the amount negative with
an "Điều chỉnh/đảo phiếu …" note.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.printables import VoucherData
from ..vietnamese import amount_in_words, format_vnd
from .base import PathLike, balanced_wrap, date_words, finish, fit_lines, nfc, wrap_words
from .fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, ensure_fonts
from .styles import GREY

__all__ = ["render_voucher", "render_vouchers"]

HALF = A4[1] / 2
LEFT = 18 * mm
RIGHT = A4[0] - 14 * mm
WIDTH = RIGHT - LEFT
BODY = 11.5


def _dotted(c: Canvas, x0: float, x1: float, y: float) -> None:
    if x1 - x0 < 4:
        return
    c.saveState()
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    c.setDash(0.6, 1.8)
    c.line(x0, y - 2.2, x1, y - 2.2)
    c.restoreState()


def _field(c: Canvas, x: float, y: float, label: str, value: str, *, value_font: str = SERIF,
           size: float = BODY, right: float = RIGHT, max_lines: int = 2, leading: float = 1.35) -> float:
    """ "Label: value" with a dotted writing line to `right`; the value wraps under itself.
    Returns the baseline of the next line."""
    label = nfc(label)
    value = " ".join(nfc(value).split())
    c.setFont(SERIF, size)
    c.drawString(x, y, label)
    lx = x + stringWidth(label + " ", SERIF, size)
    avail = right - lx
    lines = wrap_words(value, value_font, size, avail) if value else [""]
    s = size
    while len(lines) > max_lines and s > 8:
        s -= 0.5
        lines = wrap_words(value, value_font, s, avail)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    for i, line in enumerate(lines):
        c.setFont(value_font, s)
        c.drawString(lx, y, line)
        _dotted(c, lx + stringWidth(line, value_font, s) + 2, right, y)
        if i < len(lines) - 1:
            y -= s * leading
    return y - size * leading


def _draw_voucher(c: Canvas, v: VoucherData, top: float, copy_label: str = "") -> None:
    org = v.organisation
    y = top - 11 * mm
    # header: unit (left), form code + legal basis (right)
    right_w = 78 * mm
    left_w = WIDTH - right_w - 4 * mm
    unit = nfc(org.committee_name).upper() or "…"
    f = fit_lines(unit, SERIF_BOLD, 11, left_w - stringWidth("Đơn vị: ", SERIF, 11), min_size=8, height=0)
    c.setFont(SERIF, 11)
    c.drawString(LEFT, y, "Đơn vị: ")
    c.setFont(SERIF_BOLD, f.size)
    c.drawString(LEFT + stringWidth("Đơn vị: ", SERIF, 11), y, f.lines[0] if f.lines else "")
    address = " ".join(nfc(org.address).split())
    af = fit_lines(address, SERIF, 10.5, left_w - stringWidth("Địa chỉ: ", SERIF, 10.5), min_size=7.5, height=0)
    c.setFont(SERIF, 10.5)
    c.drawString(LEFT, y - 5 * mm, "Địa chỉ: ")
    c.setFont(SERIF, af.size)
    c.drawString(LEFT + stringWidth("Địa chỉ: ", SERIF, 10.5), y - 5 * mm, af.lines[0] if af.lines else "")

    rx = RIGHT - right_w / 2
    c.setFont(SERIF_BOLD, 11)
    c.drawCentredString(rx, y, nfc(v.effective_form_code))
    basis = nfc(v.legal_basis).strip()
    if basis:
        ly = y - 4.3 * mm
        for line in balanced_wrap(basis, SERIF_ITALIC, 9, right_w)[:3]:
            c.setFont(SERIF_ITALIC, 9)
            c.drawCentredString(rx, ly, line)
            ly -= 10.5

    # title block
    ty = top - 31 * mm
    c.setFont(SERIF_BOLD, 18)
    c.drawCentredString(LEFT + WIDTH / 2, ty, v.title)
    c.setFont(SERIF_ITALIC, 12)
    c.drawCentredString(LEFT + WIDTH / 2, ty - 6.5 * mm, date_words(v.date).capitalize())
    # book / number / accounts at the right
    bx = RIGHT - 46 * mm
    c.setFont(SERIF, 11)
    book = nfc(v.book).strip()
    rows = [("Quyển số:", book), ("Số:", nfc(v.number)), ("Nợ:", nfc(v.debit_account)), ("Có:", nfc(v.credit_account))]
    ry = ty + 1 * mm
    for label, value in rows:
        c.setFont(SERIF, 11)
        c.drawString(bx, ry, label)
        vx = bx + stringWidth("Quyển số: ", SERIF, 11)
        if value:
            vf = fit_lines(value, SERIF_BOLD if label == "Số:" else SERIF, 11, RIGHT - vx, min_size=7, height=0)
            c.setFont(SERIF_BOLD if label == "Số:" else SERIF, vf.size)
            c.drawString(vx, ry, vf.lines[0])
        else:
            _dotted(c, vx, RIGHT, ry)
        ry -= 5 * mm
    if copy_label:
        c.setFont(SERIF_ITALIC, 10)
        c.drawRightString(RIGHT, top - 5.5 * mm, nfc(copy_label))

    # body
    y = top - 52 * mm
    person_label = "Họ và tên người nộp tiền:" if v.kind == "thu" else "Họ và tên người nhận tiền:"
    y = _field(c, LEFT, y, person_label, v.person, value_font=SERIF_BOLD, max_lines=1)
    y = _field(c, LEFT, y, "Địa chỉ:", v.address, max_lines=1)
    reason_label = "Lý do nộp:" if v.kind == "thu" else "Lý do chi:"
    y = _field(c, LEFT, y, reason_label, v.reason, max_lines=2)
    amount = v.signed_amount
    y = _field(c, LEFT, y, "Số tiền:", f"{format_vnd(amount)} đồng", value_font=SERIF_BOLD, max_lines=1)
    y = _field(c, LEFT, y, "(Viết bằng chữ):", amount_in_words(amount), value_font=SERIF_ITALIC, max_lines=2)
    attach = nfc(v.attachments_text).strip() or "Chứng từ gốc"
    count = f"{v.attachments:02d}" if v.attachments else "…"
    method = nfc(v.method).strip()
    mid = LEFT + WIDTH * 0.55
    _field(c, LEFT, y, "Kèm theo:", f"{count} {attach}.", right=mid - 4 * mm, max_lines=1)
    if method:
        _field(c, mid, y, "Hình thức thanh toán:", method, max_lines=1)
    y -= BODY * 1.35
    if v.is_reversal:
        note = f"Điều chỉnh/đảo phiếu {nfc(v.reversal_of).strip() or '…'}"
        if v.reversal_note.strip():
            note += f": {nfc(v.reversal_note).strip()}"
        rf = fit_lines(note, SERIF_BOLD_ITALIC, BODY, WIDTH, min_size=8, height=0)
        c.setFont(SERIF_BOLD_ITALIC, rf.size)
        c.drawString(LEFT, y, rf.lines[0])
        y -= BODY * 1.35

    # date over the signatures (right) and the signature row
    sig_top = top - 104 * mm
    c.setFont(SERIF_ITALIC, 11)
    c.drawRightString(RIGHT, sig_top + 5.5 * mm, date_words(v.date).capitalize())
    signers = v.effective_signers
    n = max(1, len(signers))
    col = WIDTH / n
    for i, s in enumerate(signers):
        cx = LEFT + col * (i + 0.5)
        title = fit_lines(nfc(s.title), SERIF_BOLD, 10.5, col - 2, min_size=7.5, height=0)
        c.setFont(SERIF_BOLD, title.size)
        c.drawCentredString(cx, sig_top, title.lines[0] if title.lines else "")
        if s.note:
            nf = fit_lines(nfc(s.note), SERIF_ITALIC, 9, col - 2, min_size=6.5, height=0)
            c.setFont(SERIF_ITALIC, nf.size)
            c.drawCentredString(cx, sig_top - 4.2 * mm, nf.lines[0])
        if s.name:
            name = fit_lines(nfc(s.name), SERIF_BOLD, 10.5, col - 2, min_size=7, height=0)
            c.setFont(SERIF_BOLD, name.size)
            c.drawCentredString(cx, sig_top - 25 * mm, name.lines[0])
    y = sig_top - 32 * mm
    _field(c, LEFT, y, "Đã nhận đủ số tiền (viết bằng chữ):", "", max_lines=1)


def _voucher_pages(c: Canvas, v: VoucherData) -> None:
    if v.two_copies:
        labels = list(v.copy_labels) + ["Liên 1", "Liên 2"]
        _draw_voucher(c, v, A4[1], labels[0])
        c.saveState()
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        c.setDash(4, 3)
        c.line(8 * mm, HALF, A4[0] - 8 * mm, HALF)
        c.setFont(SERIF_ITALIC, 8)
        c.setFillColor(GREY)
        c.drawCentredString(A4[0] / 2, HALF + 1.5 * mm, "cắt theo đường này")
        c.restoreState()
        _draw_voucher(c, v, HALF, labels[1])
    else:
        _draw_voucher(c, v, A4[1])
    c.showPage()


def render_vouchers(vouchers: list[VoucherData], *, out: PathLike | None = None) -> bytes:
    """Several vouchers, one sheet each (two liên per sheet when a voucher asks for it)."""
    ensure_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, invariant=1)
    c.setCreator("Khuyến học Desktop")
    if vouchers:
        c.setTitle(f"{vouchers[0].title.capitalize()} {nfc(vouchers[0].number)}")
    for v in vouchers:
        _voucher_pages(c, v)
    c.save()
    return finish(buf.getvalue(), out)


def render_voucher(voucher: VoucherData, *, out: PathLike | None = None) -> bytes:
    return render_vouchers([voucher], out=out)
