"""Danh sách hội viên: one section per chi hội/ban (its heading, a table whose header repeats on every
page, its count), the grand total, the signatures (Người lập; TM. Ban Chấp hành / Chủ tịch) and "Nơi
nhận" on Nghị định 30 margins. A4 portrait; landscape when the phone and CCCD columns are asked for."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import MemberListData, MemberSection
from ..vietnamese import format_vnd
from .base import PathLike, build_document, finish, frame_width, header_for, nfc, para, place_date, recipients_block, \
    signature_table
from .fonts import SERIF, SERIF_BOLD
from .styles import ND30_MARGINS, grid_style, scaled, stylesheet

__all__ = ["member_table", "render_member_list"]

NO_UNIT = "Chưa xếp chi hội/ban"
HEADERS = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Ngày vào hội", "Số thẻ", "Chức vụ", "Ghi chú")
PERSONAL_HEADERS = ("Điện thoại", "Số CCCD")
# Columns as wide as their widest text (a date or a number never breaks); the texts share the rest.
_FITTED = (0, 2, 3, 5, 6)
_TEXTS = (1, 4, 7, 8)
_SIZE = 10  # a list of up to eleven columns: NĐ 30 allows smaller type in tables
_PAD = 2.5 + 2.5 + 1


def _styles():
    st = stylesheet()
    return {name: scaled(st[name], _SIZE, f"member_{name}") for name in ("th", "td", "td_center", "td_bold")}


def _widths(width: float, cells: list[list[str]], personal: bool) -> list[float]:
    """`cells`: the header and body texts by row. A fitted column takes its widest value, or its widest
    header word (the header may wrap); the personal columns are fitted too. The text columns (name, thôn,
    chức vụ, ghi chú) first get their widest word; then the name what it needs for its longest text on
    one line, and the others share what is left in proportion to what they lack of that."""
    fitted = _FITTED + ((9, 10) if personal else ())
    widths = [0.0] * len(cells[0])
    for i in fitted:
        words = [stringWidth(w, SERIF_BOLD, _SIZE) for w in cells[0][i].split()]
        values = [stringWidth(row[i], SERIF, _SIZE) for row in cells[1:]]
        widths[i] = max(words + values) + _PAD
    rest = width - sum(widths)
    least, most = {}, {}
    for i in _TEXTS:
        head = [stringWidth(w, SERIF_BOLD, _SIZE) for w in cells[0][i].split()]
        words = [stringWidth(w, SERIF, _SIZE) for row in cells[1:] for w in row[i].split()]
        lines = [stringWidth(row[i], SERIF, _SIZE) for row in cells[1:]]
        least[i] = max(head + words) + _PAD
        longest = max(lines + [0.0]) / (2 if i == 8 else 1)  # a note may take two lines
        most[i] = max(least[i], longest + _PAD, 14 * mm)
        if i == 8:
            note_line = max(lines + [0.0]) + _PAD
    spare = rest - sum(least.values())
    if spare <= 0:  # not even the longest words fit: shrink all alike (a word may then break)
        for i in _TEXTS:
            widths[i] = least[i] * rest / sum(least.values())
        return widths
    widths[1] = least[1] + min(spare, most[1] - least[1])  # the name first
    spare -= widths[1] - least[1]
    others = _TEXTS[1:]
    lacking = sum(most[i] - least[i] for i in others)
    for i in others:  # then the others in proportion to what they lack
        widths[i] = least[i] + (min(spare, lacking) * (most[i] - least[i]) / lacking if lacking else 0.0)
    left_over = max(0.0, spare - lacking)
    grow = min(left_over, max(0.0, note_line - widths[8]))  # then the note on one line
    widths[8] += grow
    widths[1] += left_over - grow  # the rest widens the name
    return widths


def member_table(section: MemberSection, width: float, personal: bool) -> Table:
    """STT | Họ và tên | Năm sinh | Giới tính | Thôn | Ngày vào hội | Số thẻ | Chức vụ | Ghi chú
    [| Điện thoại | Số CCCD]; the header row repeats on every page."""
    st = _styles()
    cells = [list(HEADERS) + (list(PERSONAL_HEADERS) if personal else [])]
    for i, r in enumerate(section.rows, 1):
        line = [str(i), r.name, str(r.birth_year or ""), r.gender, r.village,
                f"{r.joined_on:%d/%m/%Y}" if r.joined_on else "", r.card_no, r.role, r.note]
        cells.append(line + ([r.phone, r.id_number] if personal else []))
    left = {1, 4, 7, 8}
    data = [[para(h, st["th"]) for h in cells[0]]]
    data += [[para(text, st["td"] if i in left else st["td_center"]) for i, text in enumerate(row)] for row in cells[1:]]
    table = Table(data, colWidths=_widths(width, cells, personal), repeatRows=1)
    table.setStyle(TableStyle(grid_style(pad=2.5)))
    return table


def _count_line(section: MemberSection) -> str:
    n = len(section.rows)
    parts = [f"nam {section.men}", f"nữ {section.women}"]
    other = n - section.men - section.women
    if other:
        parts.append(f"chưa rõ {other}")
    return f"Cộng: {format_vnd(n)} hội viên ({', '.join(parts)})."


def render_member_list(data: MemberListData, *, out: PathLike | None = None, created: datetime | None = None,
                       info: dict | None = None) -> bytes:
    """The list on Nghị định 30 margins; `info` (if given) receives the page count."""
    st = stylesheet()
    org = data.organisation
    pagesize = landscape(A4) if data.show_personal else A4
    width = frame_width(pagesize, ND30_MARGINS)
    story: list[Flowable] = [
        header_for(org, number=data.number, place=data.place),
        Spacer(1, 8 * mm),
        para(data.title.upper(), st["doc_title"]),
    ]
    if data.subtitle.strip():
        story.append(para(data.subtitle, st["center_italic"]))
    story.append(Spacer(1, 4 * mm))
    heading = scaled(st["heading"], 12, "member_section", keepWithNext=0)
    several = len(data.sections) > 1
    for section in data.sections:
        # a heading never ends a page: with less than room for it and a few rows, the section starts on
        # the next page (a KeepTogether would push a long table whole onto a new page)
        if several or section.unit:
            story.append(CondPageBreak(32 * mm))
            story.append(para(section.unit or NO_UNIT, heading))
        story.append(member_table(section, width, data.show_personal))
        if several:
            story.append(para(_count_line(section), st["body_noindent"]))
    total = data.total
    men = sum(s.men for s in data.sections)
    women = sum(s.women for s in data.sections)
    units = sum(1 for s in data.sections if s.unit)
    loose = sum(len(s.rows) for s in data.sections if not s.unit)
    summary = f"Tổng số: {format_vnd(total)} hội viên (nam {men}, nữ {women})"
    if several:
        summary += f" thuộc {units} chi hội/ban" + (f"; {loose} hội viên chưa xếp chi hội/ban" if loose else "")
    place = data.place or org.place_name or org.commune
    signatures = signature_table(data.effective_signers, width, space_mm=25, date_line=place_date(place, data.date),
                                 date_column=-1, size=12.5)
    closing: list[Flowable] = [Spacer(1, 2 * mm), para(summary + ".", st["body_noindent"]), Spacer(1, 5 * mm),
                               signatures]
    recipients = recipients_block(data.recipients)
    if recipients:
        closing += [Spacer(1, 4 * mm), *recipients]
    story.append(KeepTogether(closing))
    pdf = build_document(
        story,
        pagesize=pagesize,
        margins=ND30_MARGINS,
        title=nfc(data.title),
        author=nfc(org.committee_name),
        subject=nfc(data.subtitle),
        created=created,
        info=info,
    )
    return finish(pdf, out)
