"""Shared page furniture and text helpers for every renderer.

* text hygiene: `nfc` (every string goes through it before ReportLab), `esc` for Paragraph markup;
* measuring and fitting: `wrap_words`, `balanced_wrap`, `fit_lines` (shrink, then wrap, never overflow);
* NĐ 30 page furniture: `NationalHeader` (the borderless 2-column header), `signature_table`,
  `recipients_block`, page numbers from page 2 centred in the top margin (`build_document`);
* output: `pdf_canvas` / `build_document` open every PDF with an embedded initial font, the real
  creation date (an injectable `created`) and Title/Author/Subject; `finish` returns the bytes and
  writes them atomically when given a path.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain.errors import AppError
from ..domain.organisation import Organisation
from ..domain.printables import Signer
from ..storage.files import atomic_write
from .fonts import SERIF, ensure_fonts
from .styles import PAGE_NUMBER_SIZE, Margins, stylesheet

# ReportLab's platypus (~0.1 s to import) is imported by the functions that build flowables, not here:
# the certificate draws on a plain canvas and needs only the text helpers and `pdf_canvas` below.
if TYPE_CHECKING:
    from reportlab.platypus import Flowable, KeepTogether, Paragraph

    from .national_header import NationalHeader

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

PathLike = str | os.PathLike[str]


class Cancelled(AppError):
    """The user stopped a long print job; nothing was written."""

    def __init__(self, message: str = "Đã dừng in theo yêu cầu; chưa tạo tệp nào.") -> None:
        super().__init__(message)


# ---------------------------------------------------------------------------
# Text hygiene
# ---------------------------------------------------------------------------


def nfc(text: object) -> str:
    """NFC (ReportLab cannot compose combining marks); None → ""."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def esc(text: object) -> str:
    """NFC and escaped for Paragraph markup; line breaks become <br/>."""
    from xml.sax.saxutils import escape  # imports urllib.request: only where markup is made

    return escape(nfc(text)).replace("\n", "<br/>")


def para(text: object, style, markup: bool = False) -> Paragraph:
    """A Paragraph of plain text (escaped) or of trusted markup (`markup=True`, still NFC'd)."""
    from reportlab.platypus import Paragraph

    return Paragraph(nfc(text) if markup else esc(text), style)


def upper(text: object) -> str:
    return nfc(text).upper()


def date_words(d: date) -> str:
    """ "ngày 05 tháng 02 năm 2026" (leading zeros per NĐ 30 for days < 10 and months 1–2)."""
    from ..vietnamese import format_date_vi

    return format_date_vi(d)


def place_date(place: str, d: date | None) -> str:
    place = nfc(place).strip()
    when = date_words(d) if d else "ngày … tháng … năm …"
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


# ---------------------------------------------------------------------------
# Measuring, wrapping and fitting (all widths at 1 pt, then scaled: TrueType widths are linear)
# ---------------------------------------------------------------------------


def text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _break_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; words longer than the line are broken between characters."""
    words = text.split()
    if not words:
        return []
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    current_w = 0.0
    for word in words:
        w = stringWidth(word, font, size)
        if w > width:
            if current:
                lines.append(" ".join(current))
                current, current_w = [], 0.0
            pieces = _break_long_word(word, font, size, width)
            lines.extend(pieces[:-1])
            word = pieces[-1]
            w = stringWidth(word, font, size)
        if current and current_w + space + w > width:
            lines.append(" ".join(current))
            current, current_w = [word], w
        else:
            current_w = current_w + space + w if current else w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _greedy_count(widths: Sequence[float], space: float, limit: float) -> int:
    count, current = 1, -space
    for w in widths:
        if current + space + w > limit and current > 0:
            count += 1
            current = w
        else:
            current += space + w
    return count


def _greedy_lines(words: Sequence[str], widths: Sequence[float], space: float, limit: float) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    cw = 0.0
    for word, w in zip(words, widths):
        if current and cw + space + w > limit:
            lines.append(" ".join(current))
            current, cw = [word], w
        else:
            cw = cw + space + w if current else w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


class _Measured:
    """Word widths of a text at 1 pt, so wrapping at any size is arithmetic only."""

    __slots__ = ("words", "widths", "space", "total")

    def __init__(self, text: str, font: str) -> None:
        self.words = text.split()
        self.widths = [stringWidth(w, font, 1.0) for w in self.words]
        self.space = stringWidth(" ", font, 1.0)
        self.total = sum(self.widths) + self.space * max(0, len(self.words) - 1)

    def wrap(self, size: float, width: float, balanced: bool) -> list[str] | None:
        """Lines at `size` within `width`, or None if a single word is too wide."""
        limit = width / size
        if not self.words or max(self.widths) > limit:
            return None
        n = _greedy_count(self.widths, self.space, limit)
        if n == 1 or not balanced:
            return _greedy_lines(self.words, self.widths, self.space, limit)
        lo, hi = max(self.widths), limit
        for _ in range(16):
            mid = (lo + hi) / 2
            if _greedy_count(self.widths, self.space, mid) <= n:
                hi = mid
            else:
                lo = mid
        return _greedy_lines(self.words, self.widths, self.space, hi + 1e-6)


def balanced_wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Wrap into as few lines as greedy wrapping needs, with line lengths as even as possible
    (for centred headings: "HỘI KHUYẾN HỌC" / "XÃ TÂN DĨNH", not a lone last word)."""
    m = _Measured(text, font)
    lines = m.wrap(size, width, True)
    return lines if lines is not None else wrap_words(text, font, size, width)


_ADMIN_UNITS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU", "HUYỆN", "QUẬN", "THỊ XÃ", "THÀNH PHỐ", "TỈNH")


def admin_wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Like `balanced_wrap`, but a two-line agency name breaks before its administrative
    unit when both halves fit: "HỘI KHUYẾN HỌC" / "XÃ TÂN DĨNH"."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return [text]
    words = text.split(" ")
    for i in range(1, len(words)):
        head = " ".join(words[:i])
        tail = " ".join(words[i:])
        if any(tail.upper().startswith(u + " ") for u in _ADMIN_UNITS):
            if stringWidth(head, font, size) <= width and stringWidth(tail, font, size) <= width:
                return [head, tail]
            break
    return balanced_wrap(text, font, size, width)


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]
    leading: float  # points between baselines


def fit_lines(
    text: str,
    font: str,
    size: float,
    width: float,
    *,
    min_size: float | None = None,
    height: float = 0.0,
    leading: float = 1.2,
    single_line_first: bool = True,
    balanced: bool = True,
    floor: float = 5.0,
) -> Fitted:
    """Fit `text` into a box `width` wide (points) and, if `height` > 0, that tall.

    The box holds `height // (size*leading)` lines (at least one). Order of attempts:
    one line from `size` down to `min_size` (when `single_line_first` or the box is one
    line high); then wrapped lines from `min_size` (or `size` when not
    `single_line_first`) downwards in 0.5 pt steps to `floor`. If nothing fits even at
    `floor`, the last line is cut with "…": the text never leaves its box.
    """
    min_size = min(size, min_size if min_size is not None else size * 0.6)
    text = " ".join(nfc(text).split())
    if not text:
        return Fitted(size, (), size * leading)
    w1 = stringWidth(text, font, 1.0)
    if w1 * size <= width:
        return Fitted(size, (text,), size * leading)
    s1 = _step_down(size, width / w1)  # largest size that fits on one line
    if height <= 0 or height < 2 * min_size * leading:
        s = max(floor, s1)
        if w1 * s <= width:
            return Fitted(s, (text,), s * leading)
        return Fitted(s, tuple(_ellipsize([text], 1, font, s, width)), s * leading)
    if single_line_first and s1 >= min_size:
        return Fitted(s1, (text,), s1 * leading)
    m = _Measured(text, font)
    s = min_size if single_line_first else size
    while s >= floor:
        if s <= s1:  # fits on one line from here on
            return Fitted(s, (text,), s * leading)
        lines = m.wrap(s, width, balanced)
        if lines is not None and len(lines) * s * leading <= height + 0.01:
            return Fitted(s, tuple(lines), s * leading)
        s = round(s - 0.5, 2)
    s = floor
    max_lines = max(1, int((height + 0.01) // (s * leading)))
    lines = wrap_words(text, font, s, width)
    return Fitted(s, tuple(_ellipsize(lines, max_lines, font, s, width)), s * leading)


def _step_down(size: float, target: float) -> float:
    """Largest size ≤ target on the 0.25 pt grid below `size`."""
    if target >= size:
        return size
    return max(0.25, int(target * 4) / 4)


def _ellipsize(lines: list[str], max_lines: int, font: str, size: float, width: float) -> list[str]:
    if len(lines) <= max_lines and all(stringWidth(x, font, size) <= width for x in lines):
        return lines
    kept = lines[:max_lines]
    last = " ".join(lines[max_lines - 1 :]) if len(lines) > max_lines else kept[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


# ---------------------------------------------------------------------------
# NĐ 30 header
# ---------------------------------------------------------------------------


def header_for(
    org: Organisation,
    *,
    number: str = "",
    place: str = "",
    when: date | None = None,
    show_place_date: bool = False,
    issuing_body: str = "",
    parent_body: str = "",
    outdent: float = 0.0,
) -> NationalHeader:
    """The NĐ 30 header for the committee; the place/date line appears when `when` is given
    or `show_place_date` (then with "ngày … tháng … năm …" blanks)."""
    from .national_header import NationalHeader

    place = place or org.place_name or org.commune
    return NationalHeader(
        parent_body or org.parent_body,
        issuing_body or org.committee_name,
        f"Số: {number}" if number else "",
        place_date(place, when) if (when or show_place_date) else "",
        outdent=outdent,
    )


# ---------------------------------------------------------------------------
# Signatures and "Nơi nhận"
# ---------------------------------------------------------------------------


def signature_table(
    signers: Sequence[Signer],
    width: float,
    *,
    space_mm: float = 25,
    date_line: str = "",
    date_column: int = -1,
    size: float = 13,
    col_widths: Sequence[float] | None = None,
) -> Flowable:
    """Signature blocks side by side; titles and names line up across the row."""
    from reportlab.platypus import Spacer, Table, TableStyle

    ensure_fonts()
    st = stylesheet()
    from .styles import scaled

    signer_style = scaled(st["signer"], size, "signer_sz")
    note_style = st["signer_note"]
    date_style = scaled(st["center_italic"], size, "date_sz")
    n = max(1, len(signers))
    widths = list(col_widths) if col_widths else [width / n] * n
    heads: list[list[tuple[str, object]]] = []
    for s in signers:
        lines: list[tuple[str, object]] = []
        if s.authority:
            lines.append((upper(s.authority), signer_style))
        lines.append((upper(s.title) if s.title.isupper() or s.authority else nfc(s.title), signer_style))
        if s.note:
            lines.append((nfc(s.note), note_style))
        heads.append(lines)
    depth = max(len(h) for h in heads) if heads else 0
    row = []
    date_idx = date_column % n if signers else 0
    for i, (s, lines) in enumerate(zip(signers, heads)):
        cell: list[Flowable] = []
        if date_line:
            cell.append(para(date_line, date_style) if i == date_idx else Spacer(1, date_style.leading))
        for text, style in lines:
            cell.append(para(text, style))
        for _ in range(depth - len(lines)):
            cell.append(Spacer(1, signer_style.leading))
        cell.append(Spacer(1, space_mm * mm))
        cell.append(para(s.name, signer_style))
        row.append(cell)
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def recipients_block(items: Iterable[str]) -> list[Flowable]:
    """ "Nơi nhận:" (12 pt bold italic) and its items (11 pt): "- …;", the last ending "."."""
    st = stylesheet()
    items = [nfc(x).strip().rstrip(";.") for x in items if nfc(x).strip()]
    if not items:
        return []
    out: list[Flowable] = [para("Nơi nhận:", st["recipients_head"])]
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        out.append(para(f"- {item}{end}", st["recipients_item"]))
    return out


# ---------------------------------------------------------------------------
# Canvases: embedded initial font, real dates, document properties
# ---------------------------------------------------------------------------

CREATOR = "Khuyến học Desktop"


def pdf_date(created: datetime | None = None) -> str:
    """PDF date string "D:20260205083000+07'00'" of `created` (naive = local time; None = now)."""
    when = created if created is not None and created.tzinfo is not None else (created or datetime.now()).astimezone()
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hh, mm_ = divmod(abs(minutes), 60)
    return f"D:{when:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm_:02d}'"


def _describe(c: Canvas, title: str, author: str, subject: str, created: datetime | None) -> None:
    stamp = pdf_date(created)
    # invariant=1 keeps the file identifier stable; the formatter puts the real date in its place.
    c.setDateFormatter(lambda *_: stamp)
    c.setTitle(nfc(title))
    c.setAuthor(nfc(author) or CREATOR)
    c.setSubject(nfc(subject))
    c.setCreator(CREATOR)
    c.setProducer(CREATOR)


def pdf_canvas(target, pagesize: tuple[float, float], *, title: str = "", author: str = "", subject: str = "",
               created: datetime | None = None) -> Canvas:
    """A canvas whose initial font is the embedded serif (ReportLab would otherwise reference an
    unembedded Helvetica), with the creation date and Title/Author/Subject set."""
    ensure_fonts()
    c = Canvas(target, pagesize=pagesize, pageCompression=1, invariant=1, initialFontName=SERIF)
    _describe(c, title, author, subject, created)
    return c


# ---------------------------------------------------------------------------
# Documents built from flowables
# ---------------------------------------------------------------------------


def _page_number_painter(margins: Margins, first_page_number: bool = False):
    def paint(canvas, doc):
        page = canvas.getPageNumber()
        if page == 1 and not first_page_number:
            return
        canvas.saveState()
        canvas.setFont(SERIF, PAGE_NUMBER_SIZE)
        w, h = doc.pagesize
        # centred in the top margin, but never nearer the edge than 10 mm
        middle = max(margins.top / 2, 10 * mm + PAGE_NUMBER_SIZE * 0.55)
        canvas.drawCentredString(w / 2, h - middle - PAGE_NUMBER_SIZE * 0.35, str(page))
        canvas.restoreState()

    return paint


def build_document(
    story: list[Flowable],
    *,
    pagesize: tuple[float, float],
    margins: Margins,
    title: str = "",
    author: str = "",
    subject: str = "",
    page_numbers: bool = True,
    extra_painter: Callable | None = None,
    info: dict | None = None,
    created: datetime | None = None,
) -> bytes:
    """Lay out `story` and return the PDF bytes (page numbers from page 2, top centre).
    `info`, if given, receives "pages": the page count; `created` is the creation date (None = now)."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    ensure_fonts()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=nfc(title),
        author=nfc(author) or CREATOR,
        subject=nfc(subject),
        creator=CREATOR,
        producer=CREATOR,
        pageCompression=1,
        invariant=1,
        initialFontName=SERIF,
    )
    frame = Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    numbers = _page_number_painter(margins) if page_numbers else None

    def on_page(canvas, d):
        if numbers:
            numbers(canvas, d)
        if extra_painter:
            extra_painter(canvas, d)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    def make_canvas(*args, **kwargs):
        c = Canvas(*args, **kwargs)
        _describe(c, title, author, subject, created)
        return c

    doc.build(story, canvasmaker=make_canvas)
    if info is not None:
        info["pages"] = doc.page
    return buf.getvalue()


def finish(data: bytes, out: PathLike | None) -> bytes:
    """Write `data` atomically to `out` (if given) and return it."""
    if out is not None:
        atomic_write(out, data)
    return data


def keep(*flowables: Flowable) -> KeepTogether:
    from reportlab.platypus import KeepTogether

    return KeepTogether(list(flowables))


def frame_width(pagesize: tuple[float, float], margins: Margins) -> float:
    return pagesize[0] - margins.left - margins.right


def __getattr__(name: str):
    # `from .base import NationalHeader` keeps working; the class (a platypus Flowable) loads on first use.
    if name == "NationalHeader":
        from .national_header import NationalHeader

        return NationalHeader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
