"""Phiếu đăng ký khóa: the key registration form the committee signs and sends to the province.

A4, one page: the form's text line by line, its title centred, and the key's fingerprint large and
grouped so that it can be read aloud over the telephone.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from . import fonts
from .base import pdf_canvas


def registration_form_pdf(text: str, fingerprint: str, shown_fingerprint: str) -> bytes:
    """The form as PDF bytes; the line holding exactly `fingerprint` is drawn as `shown_fingerprint`."""
    buf = io.BytesIO()
    c = pdf_canvas(buf, A4, title="Phiếu đăng ký khóa", subject=fingerprint)
    width, height = A4
    y = height - 25 * mm
    lines = text.splitlines()
    c.setFont(fonts.serif_face(bold=True), 15)
    c.drawCentredString(width / 2, y, lines[0])
    y -= 14 * mm
    for line in lines[1:]:
        if line.strip() == fingerprint:
            c.setFont(fonts.sans_face(bold=True), 16)
            c.drawString(25 * mm, y, shown_fingerprint)
            y -= 10 * mm
            continue
        c.setFont(fonts.serif_face(), 12)
        c.drawString(25 * mm, y, line)
        y -= 7 * mm
    c.showPage()
    c.save()
    return buf.getvalue()
