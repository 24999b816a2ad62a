"""The NĐ 30 national header (ô 1–4) as a platypus flowable.

Its own module because a Flowable subclass needs ReportLab's platypus when it is defined, and the
certificate (drawn straight on a canvas) must not pay for importing platypus; `pdf.base` still offers
`NationalHeader` to every renderer that builds documents from flowables.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .base import QUOC_HIEU, TIEU_NGU, admin_wrap, nfc, upper, wrap_words
from .fonts import SERIF, SERIF_BOLD, SERIF_ITALIC
from .styles import NUMBER_SIZE, ORG_SIZE, PLACE_DATE_SIZE, QUOC_HIEU_SIZE, TIEU_NGU_SIZE


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float
    rule: float = 0.0  # width of a rule drawn under this line (0 = none)


class NationalHeader(Flowable):
    """Borderless two-column header (NĐ 30 ô 1–4).

    Left (what the right column leaves): cơ quan chủ quản (caps), cơ quan ban hành (caps, bold) with a short
    centred rule, then "Số: …". Right: Quốc hiệu (bold caps), tiêu ngữ (bold) with a
    rule as wide as the text, then the place and date in italics. Both blocks are
    centred in their columns; long names wrap into balanced lines.
    """

    def __init__(
        self,
        parent_body: str,
        issuing_body: str,
        number: str = "",
        place_date_text: str = "",
        *,
        outdent: float = 0.0,
        quoc_hieu_size: float = QUOC_HIEU_SIZE,
        tieu_ngu_size: float = TIEU_NGU_SIZE,
        org_size: float = ORG_SIZE,
    ) -> None:
        super().__init__()
        self.parent_body = upper(parent_body).strip()
        self.issuing_body = upper(issuing_body).strip()
        self.number = nfc(number).strip()
        self.place_date_text = nfc(place_date_text).strip()
        self.quoc_hieu_size = quoc_hieu_size
        self.outdent = outdent  # the header may reach this far into the left margin (points)
        self.tieu_ngu_size = tieu_ngu_size
        self.org_size = org_size

    def _sizes(self, width: float) -> tuple[float, float, float]:
        """(Quốc hiệu size, organisation size, right column width): the largest sizes in
        the NĐ 30 ranges with which each organisation line stays on one line with a clear
        gap to the right column; otherwise full sizes, and the names wrap."""
        pad = 4.0
        gap = 6 * mm
        candidates = [
            (self.quoc_hieu_size, self.org_size),
            (self.quoc_hieu_size, 12.0),
            (12.0, self.org_size),
            (12.0, 12.0),
        ]
        for qh, org in candidates:
            right_w = min(width * 0.62, stringWidth(QUOC_HIEU, SERIF_BOLD, qh) + pad)
            left_w = width - right_w
            ok = all(
                stringWidth(text, font, org) + gap <= left_w
                for text, font in ((self.parent_body, SERIF), (self.issuing_body, SERIF_BOLD))
                if text
            )
            if ok:
                return qh, org, right_w
        qh, org = self.quoc_hieu_size, self.org_size
        return qh, org, min(width * 0.62, stringWidth(QUOC_HIEU, SERIF_BOLD, qh) + pad)

    def _layout(self, width: float):
        qh_size, org_size, right_w = self._sizes(width)
        left_w = width - right_w
        pad = 6 * mm  # keeps a clear gap between the two columns when names wrap
        left: list[_Line] = []
        if self.parent_body:
            for t in admin_wrap(self.parent_body, SERIF, org_size, left_w - pad):
                left.append(_Line(t, SERIF, org_size))
        if self.issuing_body:
            lines = admin_wrap(self.issuing_body, SERIF_BOLD, org_size, left_w - pad)
            widest = max(stringWidth(t, SERIF_BOLD, org_size) for t in lines)
            for i, t in enumerate(lines):
                rule = widest * 0.4 if i == len(lines) - 1 else 0
                left.append(_Line(t, SERIF_BOLD, org_size, rule))
        while stringWidth(QUOC_HIEU, SERIF_BOLD, qh_size) > right_w - 2 and qh_size > 9:
            qh_size -= 0.25
        tn_width = stringWidth(TIEU_NGU, SERIF_BOLD, self.tieu_ngu_size)
        right = [
            _Line(QUOC_HIEU, SERIF_BOLD, qh_size),
            _Line(TIEU_NGU, SERIF_BOLD, self.tieu_ngu_size, tn_width),
        ]
        second_left = []
        if self.number:
            second_left = [_Line(t, SERIF, NUMBER_SIZE) for t in wrap_words(self.number, SERIF, NUMBER_SIZE, left_w - pad)]
        second_right = []
        if self.place_date_text:
            size = PLACE_DATE_SIZE
            while stringWidth(self.place_date_text, SERIF_ITALIC, size) > right_w - 2 and size > 11:
                size -= 0.25
            second_right = [
                _Line(t, SERIF_ITALIC, size) for t in wrap_words(self.place_date_text, SERIF_ITALIC, size, right_w - 2)
            ]
        return left_w, right_w, left, right, second_left, second_right

    @staticmethod
    def _block_height(lines: list[_Line]) -> float:
        h = 0.0
        for line in lines:
            h += line.size * 1.2
        if lines and lines[-1].rule:
            h += 3
        return h

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        self.width = availWidth
        lw, rw, left, right, sl, sr = self._layout(availWidth + self.outdent)
        self._cached = (lw, rw, left, right, sl, sr)
        top = max(self._block_height(left), self._block_height(right))
        second = max(self._block_height(sl), self._block_height(sr))
        self.height = top + (8 + second if second else 0)
        return availWidth, self.height

    def draw(self):
        c = self.canv
        lw, rw, left, right, sl, sr = self._cached
        top = self.height
        c.saveState()
        c.translate(-self.outdent, 0)
        self._draw_block(c, left, 0, lw, top)
        self._draw_block(c, right, lw, rw, top)
        block_top = top - max(self._block_height(left), self._block_height(right)) - 8
        self._draw_block(c, sl, 0, lw, block_top)
        self._draw_block(c, sr, lw, rw, block_top)
        c.restoreState()

    @staticmethod
    def _draw_block(c, lines: list[_Line], x: float, w: float, top: float) -> None:
        y = top
        cx = x + w / 2
        for line in lines:
            y -= line.size * 1.2
            baseline = y + line.size * 0.25
            c.setFont(line.font, line.size)
            c.drawCentredString(cx, baseline, line.text)
            if line.rule:
                c.setLineWidth(0.6)
                ry = baseline - line.size * 0.32 - 2.2
                c.line(cx - line.rule / 2, ry, cx + line.rule / 2, ry)
                y -= 3


