"""Sổ quỹ tiền mặt (S07-DN / S04a-DNN columns; domain-vi.md §5.5), A4 landscape.

Columns: Ngày ghi sổ | Ngày chứng từ | Số hiệu Thu | Số hiệu Chi | Diễn giải | Thu | Chi |
Tồn | Ghi chú. The first row carries the opening balance; every page but the last ends
with "Cộng trang" and "Cộng lũy kế chuyển sang trang sau", every page but the first
starts with "Số trang trước chuyển sang"; the book ends with "Cộng phát sinh trong kỳ"
and "Số tồn cuối kỳ". Tồn comes from the data (computed by the ledger), never typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from ..domain.printables import CashBookData, CashBookRow
from ..vietnamese import format_date, format_vnd
from .base import PathLike, build_document, finish, frame_width, nfc, para, place_date, signature_table
from .fonts import ensure_fonts
from .styles import LANDSCAPE_MARGINS, TABLE_HEAD_BG, scaled, stylesheet

__all__ = ["render_cash_book"]

PAGE = landscape(A4)
_FRACTIONS = (0.07, 0.07, 0.083, 0.083, 0.335, 0.09, 0.09, 0.095, 0.084)


def _money(n: int, blank_zero: bool = True) -> str:
    return "" if (blank_zero and n == 0) else format_vnd(n)


@dataclass
class _Totals:
    receipt: int = 0
    payment: int = 0
    balance: int = 0


class _LedgerTable(Flowable):
    """The ledger rows, split by itself so that each page gets its own total rows."""

    def __init__(self, data: CashBookData, rows: list[list], amounts: list[CashBookRow], width: float,
                 carried: _Totals | None = None, first: bool = True, closing: list[Flowable] | None = None) -> None:
        super().__init__()
        self.closing = closing or []  # drawn under the last chunk (notes, signatures): kept with it
        self.data = data
        self.rows = rows  # body cells (flowables), opening-balance row first when `first`
        self.amounts = amounts  # per body row (None for the opening row)
        self.width = width
        self.col_widths = [f * width for f in _FRACTIONS]
        self.carried = carried or _Totals(balance=data.opening_balance)
        self.first = first
        self._heights: list[float] | None = None
        st = stylesheet()
        self.st = st
        self.small = scaled(st["td"], 10, "ledger_td")
        self.small_b = scaled(st["td_bold"], 10, "ledger_td_b")
        self.small_r = scaled(st["td_right"], 10, "ledger_td_r")
        self.small_br = scaled(st["td_bold_right"], 10, "ledger_td_br")

    # --- pieces -----------------------------------------------------------
    def _head(self) -> list[list]:
        th = scaled(self.st["th"], 10, "ledger_th")
        P = lambda t: para(t, th)  # noqa: E731
        return [
            [P("Ngày, tháng ghi sổ"), P("Ngày, tháng chứng từ"), P("Số hiệu chứng từ"), "", P("Diễn giải"),
             P("Số tiền"), "", "", P("Ghi chú")],
            ["", "", P("Thu"), P("Chi"), "", P("Thu"), P("Chi"), P("Tồn"), ""],
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
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 2), (-1, 2), 0.5), ("BOTTOMPADDING", (0, 2), (-1, 2), 1),
        ]
        t.setStyle(TableStyle(cmds))
        return t

    def _row_heights(self) -> list[float]:
        if self._heights is None:
            probe = Table(self.rows or [[""] * 9], colWidths=self.col_widths)
            probe.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5)]))
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
        rows.append(self._sum_row("Số tồn cuối kỳ", _Totals(0, 0, d.closing_balance), flows=False))
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
        rest = _LedgerTable(self.data, self.rows[k:], self.amounts[k:], self.width, carried=cum, first=False,
                            closing=self.closing)
        return [chunk, PageBreak(), rest]

    def draw(self):
        y = self.height - self._table_h
        self._whole.drawOn(self.canv, 0, y)
        for f, h in zip(self.closing, self._closing_h):
            y -= h
            f.drawOn(self.canv, 0, y + f.getSpaceAfter())


def _body_rows(data: CashBookData, st) -> tuple[list[list], list[CashBookRow | None]]:
    small = scaled(st["td"], 10, "cb_td")
    tiny_c = scaled(st["td_center"], 9, "cb_tdc9")
    small_r = scaled(st["td_right"], 10, "cb_tdr")
    tiny_r = scaled(st["td_right"], 8.5, "cb_tdr85")
    small_b = scaled(st["td_bold"], 10, "cb_tdb")

    def money(n: int, blank_zero: bool = True):
        text = _money(n, blank_zero)
        return para(text, tiny_r if len(text) > 11 else small_r)

    rows: list[list] = [[
        para(format_date(data.period_from), tiny_c), "", "", "",
        para("Số tồn đầu kỳ", small_b), "", "", money(data.opening_balance, False), "",
    ]]
    amounts: list[CashBookRow | None] = [None]
    for r in data.rows:
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
    return rows, amounts


def render_cash_book(data: CashBookData, *, out: PathLike | None = None) -> bytes:
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(PAGE, LANDSCAPE_MARGINS)
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
        para("Loại quỹ: Tiền mặt (VNĐ)", st["center"]),
        Spacer(1, 2 * mm),
        para("Đơn vị tính: đồng", scaled(st["small_italic"], 10, "cb_unit", alignment=2)),
        Spacer(1, 1 * mm),
    ]
    rows, amounts = _body_rows(data, st)
    place = data.place or org.place_name or org.commune
    pages = 0
    pdf = b""
    for _attempt in range(3):  # the page count printed in the book needs the book laid out first
        count = f"{pages:02d}" if pages else "…"
        last = f"{pages:02d}" if pages else "…"
        closing: list[Flowable] = [
            Spacer(1, 3 * mm),
            para(f"- Sổ này có {count} trang, đánh số từ trang 01 đến trang {last}.", st["small"]),
            para(f"- Ngày mở sổ: {format_date(data.period_from)}.", st["small"]),
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
        tail: list[Flowable] = [_LedgerTable(data, rows, amounts, width, closing=closing)]
        info: dict = {}
        pdf = build_document(
            story + tail,
            pagesize=PAGE,
            margins=LANDSCAPE_MARGINS,
            title=f"{nfc(data.title)} {period}",
            author=nfc(org.committee_name),
            info=info,
        )
        if info["pages"] == pages:
            break
        pages = info["pages"]
    return finish(pdf, out)

