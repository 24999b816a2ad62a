"""Báo cáo sơ kết 6 tháng / tổng kết năm in the Nghị định 30/2020 format.

A4 portrait, margins top/bottom 20, left 30, right 15 mm; the national header block (cơ quan chủ
quản / Hội Khuyến học, Quốc hiệu, "Số: …/BC-HKH", place and date in italic), "BÁO CÁO" and the
trích yếu centred in bold with a rule, then one section per group of indicators: a table
(kỳ này | cùng kỳ năm trước | tăng/giảm) and charts; "TM. BAN CHẤP HÀNH / CHỦ TỊCH" bottom right,
"Nơi nhận" bottom left; page numbers from page 2.
"""

from __future__ import annotations

from datetime import date, datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.organisation import Organisation
from ..domain.printables import Signer
from ..domain.members import UNIT_KINDS
from ..services.reporting import Compare, Figure, GroupRow, PeriodReport
from ..vietnamese import format_vnd
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, recipients_block, signature_table
from .charts import bar_chart
from .fonts import ensure_fonts
from .minutes import TitleRule
from .styles import ND30_MARGINS, TABLE_HEAD_BG, stylesheet

__all__ = ["render_report", "change_text", "learning_text", "members_text", "percent_text"]

MONTHS = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12"]


def percent_text(c: Compare | Figure) -> str:
    p = c.percent
    if p is None:
        return "-"
    text = f"{abs(p):.1f}".replace(".", ",")
    return ("+" if p > 0 else "−" if p < 0 else "") + text + "%"


def change_text(c: Compare) -> str:
    if c.change == 0:
        return "0"
    return ("+" if c.change > 0 else "−") + format_vnd(abs(c.change))


def _table(head: list[str], rows: list[list[str]], widths: list[float], total_row: bool = False) -> Table:
    st = stylesheet()
    data = [[para(h, st["th"]) for h in head]]
    for r, row in enumerate(rows):
        bold = total_row and r == len(rows) - 1
        cells = []
        for i, text in enumerate(row):
            style = ("td_bold" if bold else "td") if i == 0 else ("td_bold_right" if bold else "td_right")
            cells.append(para(text, st[style]))
        data.append(cells)
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, "black"),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, "black"),
        ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


def number_text(value) -> str:
    """1.234 for a count or an amount, 27,8 for a share; "-" for a figure not known."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return format_vnd(value)


def _change(c: Compare | Figure) -> str:
    change = c.change
    if change is None:
        return "-"
    if change == 0:
        return "0"
    return ("+" if change > 0 else "−") + number_text(abs(change))


def _compare_rows(items: list[tuple[str, Compare | Figure]]) -> list[list[str]]:
    return [[nfc(label), number_text(c.value), number_text(c.previous), _change(c), percent_text(c)]
            for label, c in items]


def members_text(r: PeriodReport) -> str:
    """The paragraph of section IV: members, units, new and left, then population and dues when known."""
    units = ", ".join(f"{format_vnd(c.value)} {UNIT_KINDS[kind].lower()}" for kind, c in r.units_by_kind.items())
    day = f"Đến ngày {r.members_on:%d/%m/%Y}" if r.members_on else "Đến cuối kỳ"
    text = (f"{day}, Hội có {format_vnd(r.members_count.value)} hội viên ({units}); trong kỳ kết nạp mới "
            f"{format_vnd(r.members_new.value)} hội viên, {format_vnd(r.members_left.value)} hội viên ra khỏi hội "
            f"(chuyển đi, từ trần, thôi). So với cùng kỳ năm trước, số hội viên {_trend(r.members_count)}.")
    if r.members_percent_of_population is not None and r.members_percent_of_population.value is not None:
        text += f" Hội viên chiếm {number_text(float(r.members_percent_of_population.value))}% dân số"
        if r.members_population is not None and r.members_population.value is not None:
            text += f" ({format_vnd(r.members_population.value)} người)"
        text += "."
    dues = r.members_dues or {}
    parts = [f"{label} {format_vnd(dues[key].value)} đồng" for key, label in
             (("due", "phải thu"), ("collected", "đã thu"), ("submitted", "đã nộp cấp trên")) if key in dues]
    if parts:
        text += " Hội phí: " + ", ".join(parts) + "."
    return text


def learning_text(r: PeriodReport) -> str:
    """The paragraph of section V: each model's recognised share of the list against the year's target."""
    parts = []
    for m in r.learning or ():
        if m.percent.value is None:
            continue
        share = f"{m.title.lower()} đạt {number_text(float(m.percent.value))}%"
        if m.target is not None:
            verdict = "đạt" if m.percent.value >= m.target else "chưa đạt"
            share += f" ({verdict} chỉ tiêu {number_text(float(m.target))}%)"
        parts.append(share)
    year = r.period.year
    if not parts:
        return f"Năm {year} chưa có hộ gia đình, dòng họ, thôn hay đơn vị nào trong danh sách xây dựng mô hình học tập."
    return f"Năm {year}, tỷ lệ được công nhận so với tổng số trong danh sách: " + "; ".join(parts) + "."


def _learning_table(report: PeriodReport, width: float) -> Table:
    head = ["Mô hình", "Tổng số", "Đăng ký", "Được công nhận", f"Tỷ lệ (%) {report.period.year}",
            f"Tỷ lệ (%) {report.previous_period.year}", "Chỉ tiêu (%)"]
    w = [width * 0.25, width * 0.11, width * 0.11, width * 0.13, width * 0.14, width * 0.14, width * 0.12]
    body = [[nfc(m.title), number_text(m.total.value), number_text(m.registered.value), number_text(m.recognised.value),
             number_text(None if m.percent.value is None else float(m.percent.value)),
             number_text(None if m.percent.previous is None else float(m.percent.previous)),
             number_text(None if m.target is None else float(m.target))] for m in report.learning or ()]
    return _table(head, body, w)


def _trend(c: Compare) -> str:
    if c.change == 0:
        return "không thay đổi"
    return f"{'tăng' if c.change > 0 else 'giảm'} {format_vnd(abs(c.change))} người"


def _indicator_table(report: PeriodReport, items: list[tuple[str, Compare]], width: float) -> Table:
    head = ["Chỉ tiêu", report.period.short_label, report.previous_period.short_label, "Tăng (+)/giảm (−)", "Tỷ lệ"]
    w = [width * 0.34, width * 0.17, width * 0.17, width * 0.18, width * 0.14]
    return _table(head, _compare_rows(items), w)


def _group_table(report: PeriodReport, first: str, rows: list[GroupRow], width: float, *, count_label: str,
                 amount_label: str) -> Table:
    head = [first, f"{count_label} {report.period.short_label}", f"{count_label} {report.previous_period.short_label}",
            f"{amount_label} {report.period.short_label}", f"{amount_label} {report.previous_period.short_label}",
            "Tăng/giảm"]
    w = [width * 0.28, width * 0.1, width * 0.1, width * 0.18, width * 0.18, width * 0.16]
    body = [[nfc(r.name), format_vnd(r.count.value), format_vnd(r.count.previous), format_vnd(r.amount.value),
             format_vnd(r.amount.previous), change_text(r.amount)] for r in rows]
    if rows:
        tot = [sum(getattr(r, a).value for r in rows) for a in ("count",)] + [sum(r.count.previous for r in rows)]
        amounts = Compare(sum(r.amount.value for r in rows), sum(r.amount.previous for r in rows))
        body.append(["Cộng", format_vnd(tot[0]), format_vnd(tot[1]), format_vnd(amounts.value),
                     format_vnd(amounts.previous), change_text(amounts)])
    return _table(head, body, w, total_row=bool(rows))


def build_story(report: PeriodReport, org: Organisation, *, number: str, when: date | None, width: float,
                recipients: list[str] | None = None, charts: bool = True) -> list[Flowable]:
    st = stylesheet()
    body, heading = st["body"], st["heading"]
    cur, prev = report.period, report.previous_period
    story: list[Flowable] = [
        header_for(org, number=number, when=when, show_place_date=True),
        Spacer(1, 9 * mm),
        para("BÁO CÁO", st["doc_title"]),
        para(cur.title, st["subject"]),
        TitleRule(min(60 * mm, width / 3)),
        Spacer(1, 5 * mm),
        para(
            f"Thực hiện chương trình công tác năm {cur.year}, {nfc(org.committee_name) or 'Hội Khuyến học'} báo cáo "
            f"kết quả công tác khuyến học, khuyến tài {cur.label} (từ ngày {cur.start:%d/%m/%Y} đến ngày "
            f"{cur.end:%d/%m/%Y}), so sánh với cùng kỳ năm {prev.year}, như sau:",
            body,
        ),
    ]
    # I. Khen thưởng
    a = report
    story += [
        para("I. CÔNG TÁC KHEN THƯỞNG, TRAO HỌC BỔNG", heading),
        para(
            f"Trong kỳ, Hội đã khen thưởng, trao học bổng {format_vnd(a.awards_count.value)} suất với tổng số tiền "
            f"{format_vnd(a.awards_amount.value)} đồng (cùng kỳ năm trước: {format_vnd(a.awards_count.previous)} suất, "
            f"{format_vnd(a.awards_amount.previous)} đồng); trong đó học bổng {format_vnd(a.scholarships_count.value)} "
            f"suất, {format_vnd(a.scholarships_amount.value)} đồng."
            + (f" Ngoài ra có {format_vnd(a.awards_pending_count.value)} suất "
               f"({format_vnd(a.awards_pending_amount.value)} đồng) đang chờ duyệt, chưa tính vào các số trên."
               if a.awards_pending_count.value else ""),
            body,
        ),
        _indicator_table(report, [
            ("Số suất khen thưởng", a.awards_count), ("Tổng số tiền (đồng)", a.awards_amount),
            ("Số suất học bổng", a.scholarships_count), ("Số tiền học bổng (đồng)", a.scholarships_amount),
        ], width),
        Spacer(1, 3 * mm),
        para("1. Theo loại khen thưởng", st["item_heading"]),
        _group_table(report, "Loại khen thưởng", a.awards_by_category, width, count_label="Suất", amount_label="Tiền"),
        Spacer(1, 3 * mm),
        para("2. Theo cấp", st["item_heading"]),
        _group_table(report, "Cấp", a.awards_by_level, width, count_label="Suất", amount_label="Tiền"),
        Spacer(1, 3 * mm),
        para("3. Theo năm học", st["item_heading"]),
        _group_table(report, "Năm học", a.awards_by_school_year, width, count_label="Suất", amount_label="Tiền"),
    ]
    if charts:
        cats = a.awards_by_category
        story += [
            Spacer(1, 4 * mm),
            KeepTogether([bar_chart("Số suất khen thưởng theo loại", [r.name for r in cats],
                                    [r.count.value for r in cats], [r.count.previous for r in cats], width=width)]),
            Spacer(1, 3 * mm),
            KeepTogether([bar_chart("Số tiền khen thưởng theo tháng", [MONTHS[m.month - 1] for m in a.awards_amount_by_month],
                                    [m.value for m in a.awards_amount_by_month],
                                    [m.previous for m in a.awards_amount_by_month], width=width, money=True)]),
        ]
    # II. Quỹ
    story += [
        CondPageBreak(60 * mm),
        para("II. QUỸ KHUYẾN HỌC", heading),
        para(
            f"Tồn quỹ đầu kỳ {format_vnd(a.fund_opening.value)} đồng; trong kỳ vận động được "
            f"{format_vnd(a.fund_raised.value)} đồng, đã chi {format_vnd(a.fund_spent.value)} đồng; "
            f"tồn quỹ cuối kỳ {format_vnd(a.fund_closing.value)} đồng.",
            body,
        ),
        _indicator_table(report, [
            ("Tồn quỹ đầu kỳ", a.fund_opening), ("Thu (vận động)", a.fund_raised),
            ("Chi", a.fund_spent), ("Tồn quỹ cuối kỳ", a.fund_closing),
        ], width),
        Spacer(1, 3 * mm),
        para("Thu, chi theo khoản mục", st["item_heading"]),
    ]
    items = [[("Thu: " if r.kind == "thu" else "Chi: ") + nfc(r.name), format_vnd(r.amount.value),
              format_vnd(r.amount.previous), change_text(r.amount), percent_text(r.amount)] for r in a.fund_by_item]
    story.append(_table(["Khoản mục", cur.short_label, prev.short_label, "Tăng (+)/giảm (−)", "Tỷ lệ"], items,
                        [width * 0.34, width * 0.17, width * 0.17, width * 0.18, width * 0.14]))
    if charts:
        bal = a.fund_balance_by_month
        story += [Spacer(1, 4 * mm), KeepTogether([bar_chart(
            "Tồn quỹ cuối tháng", [MONTHS[m.month - 1] for m in bal], [m.value for m in bal], [m.previous for m in bal],
            width=width, money=True)])]
    # III. Lớp học
    story += [
        CondPageBreak(60 * mm),
        para("III. HOẠT ĐỘNG HỌC TẬP CỘNG ĐỒNG", heading),
        para(
            f"Trong kỳ đã tổ chức {format_vnd(a.classes_count.value)} lớp/chuyên đề với "
            f"{format_vnd(a.classes_learners.value)} lượt người học (nữ {format_vnd(a.classes_women.value)}, "
            f"dân tộc thiểu số {format_vnd(a.classes_minority.value)}).",
            body,
        ),
        _indicator_table(report, [
            ("Số lớp/chuyên đề", a.classes_count), ("Lượt người học", a.classes_learners),
            ("Trong đó: nữ", a.classes_women), ("Trong đó: dân tộc thiểu số", a.classes_minority),
        ], width),
        Spacer(1, 3 * mm),
        para("Theo lĩnh vực", st["item_heading"]),
        _group_table(report, "Lĩnh vực", a.classes_by_field, width, count_label="Lớp", amount_label="Lượt"),
    ]
    if charts:
        f = a.classes_by_field
        story += [Spacer(1, 4 * mm), KeepTogether([bar_chart(
            "Số lớp theo lĩnh vực", [r.name for r in f], [r.count.value for r in f], [r.count.previous for r in f],
            width=width)])]
    # IV. Tổ chức hội, hội viên, hội họp
    story += [
        CondPageBreak(60 * mm),
        para("IV. CÔNG TÁC TỔ CHỨC VÀ PHÁT TRIỂN HỘI", heading),
        para(members_text(a), body),
        para("1. Tổ chức hội", st["item_heading"]),
        _indicator_table(report, [(f"Số {UNIT_KINDS[kind].lower()}", c) for kind, c in a.units_by_kind.items()], width),
        Spacer(1, 3 * mm),
        para("2. Hội viên", st["item_heading"]),
        _indicator_table(report, [("Số hội viên (cuối kỳ)", a.members_count), ("Hội viên mới kết nạp", a.members_new),
                                  ("Hội viên ra khỏi hội (chuyển đi, từ trần, thôi)", a.members_left),
                                  *((f"{label} ({unit})", f) for label, unit, f in a.member_extra_lines())], width),
        Spacer(1, 3 * mm),
        para("3. Hội họp", st["item_heading"]),
        para(f"Ban Chấp hành đã tổ chức {format_vnd(a.meetings_held.value)} cuộc họp "
             f"(cùng kỳ năm trước: {format_vnd(a.meetings_held.previous)} cuộc).", body),
    ]
    # V. Xây dựng xã hội học tập (a file read before its upgrade has none)
    if a.learning is not None:
        story += [
            CondPageBreak(60 * mm),
            para("V. XÂY DỰNG XÃ HỘI HỌC TẬP", heading),
            para(learning_text(a), body),
            _learning_table(a, width),
            Spacer(1, 2 * mm),
            _indicator_table(report, [("Công dân học tập: đăng ký (người)", a.citizens_registered),
                                      ("Công dân học tập: được công nhận (người)", a.citizens_recognised)], width),
        ]
    ending = para(f"Trên đây là báo cáo {cur.title[0].lower() + cur.title[1:]} của "
                  f"{nfc(org.committee_name) or 'Hội Khuyến học'}./.", body)
    closing: list[Flowable] = [
        Spacer(1, 5 * mm),
        signature_table([Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH")], width / 2, space_mm=25),
    ]
    rec = recipients_block(recipients if recipients is not None else
                           ["Hội Khuyến học tỉnh (để b/c)", "Đảng ủy, UBND xã (để b/c)", "Các chi hội", "Lưu: VT, HKH"])
    sig = Table([[rec or "", closing]], colWidths=[width / 2, width / 2])
    sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(KeepTogether([ending, Spacer(1, 3 * mm), sig]))
    return story


def render_report(report: PeriodReport, org: Organisation, *, when: date, number: str = "…/BC-HKH",
                  out: PathLike | None = None, recipients: list[str] | None = None, charts: bool = True,
                  created: datetime | None = None) -> bytes:
    """The report as PDF bytes (and written atomically to `out` when given), dated `when` (the caller's
    clock: the report is signed on that day)."""
    ensure_fonts()
    width = frame_width(A4, ND30_MARGINS)
    story = build_story(report, org, number=number, when=when, width=width,
                        recipients=recipients, charts=charts)
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=f"Báo cáo {report.period.title}",
                         author=nfc(org.committee_name), subject=report.period.title, created=created)
    return finish(pdf, out)
