"""Sổ quỹ tiền mặt (S07-DN / S04a-DNN columns), A4 landscape, and the layout
it shares with the sổ tiền gửi ngân hàng (`pdf.bank_book`, S08-DN).

Columns: Ngày ghi sổ | Ngày chứng từ | Số hiệu Thu | Số hiệu Chi | Diễn giải | Thu | Chi |
Tồn | Ghi chú. The first row carries the opening balance; a "Cộng tháng …" (or "Cộng ngày …")
row closes each month (day) when the book spans several; every page but the last ends
with "Cộng trang" and "Cộng lũy kế chuyển sang trang sau", every page but the first
starts with "Số trang trước chuyển sang"; the book ends with "Cộng phát sinh trong kỳ"
and "Số tồn cuối kỳ". Tồn comes from the data (computed by the ledger), never typed.

Columns for dates, numbers, money and notes are as wide as their widest unbreakable text
(measured), so a money figure or a voucher number never breaks and never shrinks below
its size; Diễn giải takes the rest and wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from ..domain.printables import CashBookData, CashBookRow
from ..vietnamese import format_date, format_vnd
from .base import PathLike, build_document, finish, frame_width, nfc, para, place_date, signature_table
from .fonts import ensure_fonts
from .styles import TABLE_HEAD_BG, Margins, scaled, stylesheet

__all__ = ["BookLayout", "CASH_BOOK", "render_book", "render_cash_book"]

PAGE = landscape(A4)
# Nghị định 30: binding edge 30 mm, right 15 mm, top 25 mm (the page number sits in it, ≥ 10 mm from
# the edge), bottom 20 mm.
BOOK_MARGINS = Margins(top=25 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)
_PAD = 2.5  # cell padding left and right (pt)
AMOUNT_SIZE = 10  # money figures: never smaller, whatever their length
NUMBER_SIZE = 9  # dates and voucher numbers


@dataclass(frozen=True)
class BookLayout:
    """What differs between the cash book and the bank book: headings and labels, not the layout."""

    number_heads: tuple[str, str] = ("Thu", "Chi")
    money_heads: tuple[str, str, str] = ("Thu", "Chi", "Tồn")
    opening_label: str = "Số tồn đầu kỳ"
    closing_label: str = "Số tồn cuối kỳ"

    def subtitle(self, data: CashBookData) -> list[str]:
        return ["Loại quỹ: Tiền mặt (VNĐ)"]


CASH_BOOK = BookLayout()


def _money(n: int, blank_zero: bool = True) -> str:
    return "" if (blank_zero and n == 0) else format_vnd(n)


def _widest(texts, font: str, size: float) -> float:
    return max((stringWidth(t, font, size) for t in texts if t), default=0.0)


def _column_widths(data: CashBookData, width: float, st) -> list[float]:
    """Widths that hold every date, number, money figure and note word on one line."""
    regular, bold = st["td"].fontName, st["td_bold"].fontName
    rows = data.rows
    dates = _widest(["00/00/0000"], regular, NUMBER_SIZE) + 2 * _PAD
    numbers = max(_widest([r.receipt_no for r in rows] + [r.payment_no for r in rows], regular, NUMBER_SIZE),
                  _widest(["Báo Có", "Báo Nợ"], st["th"].fontName, 10)) + 2 * _PAD
    # Upper bounds of every figure the book can print (page sums and carried sums included).
    figures = [sum(abs(r.receipt) for r in rows), sum(abs(r.payment) for r in rows), data.opening_balance,
               data.closing_balance, data.total_receipt, data.total_payment]
    figures += [r.balance for r in rows] + [r.receipt for r in rows] + [r.payment for r in rows]
    money = _widest([format_vnd(n) for n in figures] + ["Còn lại"], bold, AMOUNT_SIZE) + 2 * _PAD + 1
    notes = _widest([w for r in rows for w in r.note.split()], regular, 10) + 2 * _PAD + 1
    widths = [max(dates, 0.062 * width)] * 2 + [max(numbers, 0.07 * width)] * 2
    # A note word longer than 12 % of the line (a pasted link, say) may break; voucher numbers always fit.
    widths += [0.0] + [max(money, 0.085 * width)] * 3 + [min(max(notes, 0.1 * width), 0.12 * width)]
    widths[4] = width - sum(widths)
    return widths


@dataclass
class _Totals:
    receipt: int = 0
    payment: int = 0
    balance: int = 0


class _LedgerTable(Flowable):
    """The ledger rows, split by itself so that each page gets its own total rows."""

    def __init__(self, data: CashBookData, rows: list[list], amounts: list[CashBookRow], width: float,
                 col_widths: list[float], layout: BookLayout, carried: _Totals | None = None, first: bool = True,
                 closing: list[Flowable] | None = None) -> None:
        super().__init__()
        self.closing = closing or []  # drawn under the last chunk (notes, signatures): kept with it
        self.data = data
        self.layout = layout
        self.rows = rows  # body cells (flowables), opening-balance row first when `first`
        self.amounts = amounts  # per body row (None for the opening row and sub-total rows)
        self.width = width
        self.col_widths = col_widths
        self.carried = carried or _Totals(balance=data.opening_balance)
        self.first = first
        self._heights: list[float] | None = None
        st = stylesheet()
        self.st = st
        self.small = scaled(st["td"], 10, "ledger_td")
        self.small_b = scaled(st["td_bold"], 10, "ledger_td_b")
        self.small_r = scaled(st["td_right"], AMOUNT_SIZE, "ledger_td_r")
        self.small_br = scaled(st["td_bold_right"], AMOUNT_SIZE, "ledger_td_br")

    # --- pieces -----------------------------------------------------------
    def _head(self) -> list[list]:
        th = scaled(self.st["th"], 10, "ledger_th")
        P = lambda t: para(t, th)  # noqa: E731
        layout = self.layout
        return [
            [P("Ngày, tháng ghi sổ"), P("Ngày, tháng chứng từ"), P("Số hiệu chứng từ"), "", P("Diễn giải"),
             P("Số tiền"), "", "", P("Ghi chú")],
            ["", "", *map(P, layout.number_heads), "", *map(P, layout.money_heads), ""],
            [P(x) for x in ("A", "B", "C", "D", "E", "1", "2", "3", "F")],
        ]

    def _sum_row(self, label: str, t: _Totals | None, balance: bool = True, flows: bool = True,
                 blank_zero: bool = True) -> list:
        t = t or _Totals()
        return ["", "", "", "", para(label, self.small_b),
                para(_money(t.receipt, blank_zero), self.small_br) if flows else "",
                para(_money(t.payment, blank_zero), self.small_br) if flows else "",
                para(format_vnd(t.balance), self.small_br) if balance else "", ""]

    def _table(self, body: list[list], leading_rows: list[list], trailing_rows: list[list]) -> Table:
        head = self._head()
        data = head + leading_rows + body + trailing_rows
        t = Table(data, colWidths=self.col_widths, repeatRows=0)
        n_head = len(head)
        cmds = [
            ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, n_head - 1), TABLE_HEAD_BG),
            ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (3, 0)),
            ("SPAN", (4, 0), (4, 1)), ("SPAN", (5, 0), (7, 0)), ("SPAN", (8, 0), (8, 1)),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 2), (-1, 2), 0.5), ("BOTTOMPADDING", (0, 2), (-1, 2), 1),
        ]
        t.setStyle(TableStyle(cmds))
        return t

    def _row_heights(self) -> list[float]:
        if self._heights is None:
            probe = Table(self.rows or [[""] * 9], colWidths=self.col_widths)
            probe.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                                       ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD)]))
            probe.wrap(self.width, 10**6)
            self._heights = list(probe._rowHeights) if self.rows else []
        return self._heights

    def _fixed_height(self, leading: list[list], trailing: list[list]) -> float:
        t = self._table([], leading, trailing)
        _, h = t.wrap(self.width, 10**6)
        return h

    def _leading_rows(self) -> list[list]:
        return [] if self.first else [self._sum_row("Số trang trước chuyển sang", self.carried)]

    def _final_rows(self, page: _Totals) -> list[list]:
        d = self.data
        total = _Totals(d.total_receipt, d.total_payment, d.closing_balance)
        rows = []
        if not self.first and self.data.page_totals:
            rows.append(self._sum_row("Cộng trang", page, balance=False))
        rows.append(self._sum_row("Cộng phát sinh trong kỳ", total, balance=False, blank_zero=False))
        rows.append(self._sum_row(self.layout.closing_label, _Totals(0, 0, d.closing_balance), flows=False))
        return rows

    def _page_sum(self, k: int) -> _Totals:
        t = _Totals()
        for a in self.amounts[:k]:
            if a is not None:
                t.receipt += a.receipt
                t.payment += a.payment
                t.balance = a.balance
        return t

    # --- Flowable API -----------------------------------------------------
    def _closing_sizes(self, availWidth) -> list[float]:  # noqa: N803
        return [f.wrap(availWidth, 10**6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.closing]

    def wrap(self, availWidth, availHeight):  # noqa: N803
        page = self._page_sum(len(self.rows))
        self._whole = self._table(self.rows, self._leading_rows(), self._final_rows(page))
        _, h = self._whole.wrap(self.width, availHeight)
        self._table_h = h
        self._closing_h = self._closing_sizes(availWidth)
        self.height = h + sum(self._closing_h)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        heights = self._row_heights()
        leading = self._leading_rows()
        page_foot = [self._sum_row("Cộng trang", None, balance=False),
                     self._sum_row("Cộng lũy kế chuyển sang trang sau", self.carried)]
        room = availHeight - self._fixed_height(leading, page_foot) - 1
        k, used = 0, 0.0
        for h in heights:
            if used + h > room:
                break
            used += h
            k += 1
        if k >= len(self.rows):
            # the rows fit but not with the closing rows and signatures: carry the last rows over
            k = len(self.rows) - min(2, len(self.rows) - 1)
        if k <= 0 or k >= len(self.rows):
            return []  # nothing sensible fits here: the frame moves us to the next page
        page = self._page_sum(k)
        cum = _Totals(self.carried.receipt + page.receipt, self.carried.payment + page.payment,
                      page.balance if any(a is not None for a in self.amounts[:k]) else self.carried.balance)
        foot = []
        if self.data.page_totals:
            foot.append(self._sum_row("Cộng trang", page, balance=False))
        foot.append(self._sum_row("Cộng lũy kế chuyển sang trang sau", cum))
        chunk = self._table(self.rows[:k], leading, foot)
        rest = _LedgerTable(self.data, self.rows[k:], self.amounts[k:], self.width, self.col_widths, self.layout,
                            carried=cum, first=False, closing=self.closing)
        return [chunk, PageBreak(), rest]

    def draw(self):
        y = self.height - self._table_h
        self._whole.drawOn(self.canv, 0, y)
        for f, h in zip(self.closing, self._closing_h):
            y -= h
            f.drawOn(self.canv, 0, y + f.getSpaceAfter())


def _period_key(day: date, subtotals: str) -> tuple:
    return (day.year, day.month, day.day) if subtotals == "day" else (day.year, day.month)


def _period_label(day: date, subtotals: str) -> str:
    return f"Cộng ngày {format_date(day)}" if subtotals == "day" else f"Cộng tháng {day.month:02d}/{day.year}"


def _body_rows(data: CashBookData, st, layout: BookLayout) -> tuple[list[list], list[CashBookRow | None]]:
    small = scaled(st["td"], 10, "cb_td")
    tiny_c = scaled(st["td_center"], NUMBER_SIZE, "cb_tdc9")
    small_r = scaled(st["td_right"], AMOUNT_SIZE, "cb_tdr")
    small_b = scaled(st["td_bold"], 10, "cb_tdb")
    small_br = scaled(st["td_bold_right"], AMOUNT_SIZE, "cb_tdbr")

    def money(n: int, blank_zero: bool = True, style=small_r):
        return para(_money(n, blank_zero), style)

    rows: list[list] = [[
        para(format_date(data.period_from), tiny_c), "", "", "",
        para(layout.opening_label, small_b), "", "", money(data.opening_balance, False), "",
    ]]
    amounts: list[CashBookRow | None] = [None]
    mode = data.subtotals
    periods = {_period_key(r.posting_date, mode) for r in data.rows} if mode else set()
    sub = _Totals()
    for i, r in enumerate(data.rows):
        rows.append([
            para(format_date(r.posting_date), tiny_c),
            para(format_date(r.doc_date) if r.doc_date else "", tiny_c),
            para(r.receipt_no, tiny_c),
            para(r.payment_no, tiny_c),
            para(r.description, small),
            money(r.receipt),
            money(r.payment),
            money(r.balance, False),
            para(r.note, small),
        ])
        amounts.append(r)
        sub = _Totals(sub.receipt + r.receipt, sub.payment + r.payment, r.balance)
        following = data.rows[i + 1] if i + 1 < len(data.rows) else None
        if len(periods) > 1 and (following is None or
                                 _period_key(following.posting_date, mode) != _period_key(r.posting_date, mode)):
            rows.append(["", "", "", "", para(_period_label(r.posting_date, mode), small_b),
                         money(sub.receipt, False, small_br), money(sub.payment, False, small_br),
                         money(sub.balance, False, small_br), ""])
            amounts.append(None)
            sub = _Totals()
    return rows, amounts


def render_cash_book(data: CashBookData, *, out: PathLike | None = None) -> bytes:
    """The cash book (sổ quỹ tiền mặt)."""
    return render_book(data, CASH_BOOK, out=out)


def render_book(data: CashBookData, layout: BookLayout, *, out: PathLike | None = None) -> bytes:
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(PAGE, BOOK_MARGINS)
    unit = Table(
        [[para(f"<b>Đơn vị:</b> {nfc(org.committee_name)}", st["td"], markup=True),
          para(f"<b>{nfc(data.form_code)}</b>", st["td_bold_center"], markup=True) if data.form_code else ""],
         [para(f"<b>Địa chỉ:</b> {nfc(org.address)}", st["td"], markup=True),
          para(nfc(data.legal_basis), scaled(st["small_italic"], 9, "cb_basis", alignment=1)) if data.legal_basis else ""]],
        colWidths=[width * 0.6, width * 0.4],
    )
    unit.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    period = f"Từ ngày {format_date(data.period_from)} đến ngày {format_date(data.period_to)}"
    story: list[Flowable] = [
        unit,
        Spacer(1, 5 * mm),
        para(data.title.upper(), scaled(st["doc_title"], 15, "cb_title")),
        para(period, st["center_italic"]),
        *(para(line, st["center"]) for line in layout.subtitle(data)),
        Spacer(1, 2 * mm),
        para("Đơn vị tính: đồng", scaled(st["small_italic"], 10, "cb_unit", alignment=2)),
        Spacer(1, 1 * mm),
    ]
    rows, amounts = _body_rows(data, st, layout)
    col_widths = _column_widths(data, width, st)
    place = data.place or org.place_name or org.commune
    opened = format_date(data.opened_on) if data.opened_on else "…"
    pages = 0
    pdf = b""
    for _attempt in range(3):  # the page count printed in the book needs the book laid out first
        count = f"{pages:02d}" if pages else "…"
        last = f"{pages:02d}" if pages else "…"
        closing: list[Flowable] = [
            Spacer(1, 3 * mm),
            para(f"- Sổ này có {count} trang, đánh số từ trang 01 đến trang {last}.", st["small"]),
            para(f"- Ngày mở sổ: {opened}.", st["small"]),
            Spacer(1, 3 * mm),
            signature_table(
                data.effective_signers,
                width,
                space_mm=22,
                date_line=place_date(place, data.date),
                date_column=-1,
                size=12,
            ),
        ]
        tail: list[Flowable] = [_LedgerTable(data, rows, amounts, width, col_widths, layout, closing=closing)]
        info: dict = {}
        pdf = build_document(
            story + tail,
            pagesize=PAGE,
            margins=BOOK_MARGINS,
            title=f"{nfc(data.title)} {period}",
            author=nfc(org.committee_name),
            info=info,
        )
        if info["pages"] == pages:
            break
        pages = info["pages"]
    return finish(pdf, out)
