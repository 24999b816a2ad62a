"""The learning models' documents on Nghị định 30 margins, A4 portrait:

* the statistics table (biểu thống kê kết quả xây dựng các mô hình học tập): I. Gia đình học tập by thôn
  (số hộ, đăng ký, tỷ lệ, được công nhận, tỷ lệ) with its total, II. the other models' totals;
* the score sheet (phiếu chấm điểm) of any criteria set: criterion / content / maximum / points, the total,
  the result and the set's rule in words; blank points when printed as a form to fill in.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.printables import LearningModelsTableData, LearningTableRow, ScoreSheetData
from ..vietnamese import format_vnd
from .base import PathLike, build_document, esc, finish, frame_width, header_for, nfc, para, place_date, recipients_block, \
    signature_table
from .styles import ND30_MARGINS, grid_style, scaled, stylesheet

__all__ = ["render_learning_models_table", "render_score_sheet"]

_SIZE = 11
_SHEET_SIZE = 10.5  # a score sheet of up to a dozen sub-items and its signatures fit one page


def _styles(size: float = _SIZE):
    st = stylesheet()
    out = {name: scaled(st[name], size, f"learning_{name}_{size}") for name in ("th", "td", "td_center", "td_bold")}
    out["td_right"] = scaled(st["td_center"], size, f"learning_td_right_{size}", alignment=2)
    out["td_bold_center"] = scaled(st["td_bold"], size, f"learning_td_bold_center_{size}", alignment=1)
    out["heading"] = scaled(st["heading"], 12.5, "learning_heading", keepWithNext=1)
    return out


def _grid(table: Table, extra: list | None = None) -> Table:
    table.setStyle(TableStyle(grid_style(extra=extra or ())))
    return table


def _figures_table(first: str, total_label: str, rows: tuple[LearningTableRow, ...], total: LearningTableRow | None,
                   width: float) -> Table:
    st = _styles()
    head = ["STT", first, total_label, "Đăng ký", "Tỷ lệ (%)", "Được công nhận", "Tỷ lệ (%)"]
    data = [[para(h, st["th"]) for h in head]]

    def line(number: str, row: LearningTableRow, bold: bool = False) -> list:
        text = st["td_bold"] if bold else st["td"]
        num = st["td_bold_center"] if bold else st["td_right"]
        return [para(number, st["td_center"]), para(row.label, text),
                para("–" if row.total is None else format_vnd(row.total), num), para(format_vnd(row.registered), num),
                para(row.registered_percent, num), para(format_vnd(row.recognised), num),
                para(row.recognised_percent, num)]

    data += [line(str(i), r) for i, r in enumerate(rows, 1)]
    if total is not None:
        data.append(line("", total, bold=True))
    fixed = [11 * mm, None, 18 * mm, 20 * mm, 16 * mm, 22 * mm, 16 * mm]
    fixed[1] = width - sum(w for w in fixed if w)
    return _grid(Table(data, colWidths=fixed, repeatRows=1))


def render_learning_models_table(data: LearningModelsTableData, *, out: PathLike | None = None,
                                 created: datetime | None = None, info: dict | None = None) -> bytes:
    st = stylesheet()
    ls = _styles()
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = [
        header_for(org, number=data.number, place=data.place),
        Spacer(1, 5 * mm),
        para(data.title, st["doc_title"]),
    ]
    if data.date:
        story.append(para(f"(Tính đến ngày {data.date:%d/%m/%Y})", st["center_italic"]))
    story += [Spacer(1, 3 * mm), para("I. GIA ĐÌNH HỌC TẬP THEO THÔN, TỔ DÂN PHỐ", ls["heading"]), Spacer(1, 1 * mm)]
    if data.villages:
        story.append(_figures_table("Thôn, tổ dân phố", "Số hộ", data.villages, data.family_total, width))
    else:
        story.append(para("Chưa có hộ gia đình nào trong danh sách.", st["body_noindent"]))
    story += [Spacer(1, 3 * mm), para("II. CÁC MÔ HÌNH HỌC TẬP KHÁC", ls["heading"]), Spacer(1, 1 * mm),
              _figures_table("Mô hình", "Tổng số", data.models, None, width), Spacer(1, 2 * mm),
              para("Ghi chú: tỷ lệ tính trên tổng số hộ, dòng họ, thôn, đơn vị trong danh sách của Hội; "
                   "Công dân học tập tính theo số liệu từng nhóm đối tượng.", scaled(st["body_noindent"], 11, "lm_note"))]
    place = data.place or org.place_name or org.commune
    # the signatures stay together; "Nơi nhận" may follow on the next page (five thôn leave room for both)
    story += [Spacer(1, 3 * mm),
              KeepTogether([signature_table(data.effective_signers, width, space_mm=20,
                                            date_line=place_date(place, data.date), date_column=-1, size=12.5)])]
    recipients = recipients_block(data.recipients)
    if recipients:
        story += [Spacer(1, 2 * mm), KeepTogether(recipients)]
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(data.title),
                         author=nfc(org.committee_name), subject=f"Năm {data.year}", created=created, info=info)
    return finish(pdf, out)


def render_score_sheet(data: ScoreSheetData, *, out: PathLike | None = None, created: datetime | None = None,
                       info: dict | None = None) -> bytes:
    st = stylesheet()
    ls = _styles(_SHEET_SIZE)
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = [header_for(org), Spacer(1, 5 * mm), para(data.title, st["doc_title"]),
                             para(f"({data.set_label})", st["center_italic"]), Spacer(1, 4 * mm)]
    body = scaled(st["body_noindent"], 12.5, "lm_body", spaceBefore=0, spaceAfter=0)
    for label, value in data.subject_lines:
        story.append(para(f"{label}: {value}", body))
    story.append(Spacer(1, 3 * mm))

    def points(value) -> str:
        return "" if value is None else format_vnd(value)

    rows = [[para(h, ls["th"]) for h in ("TT", "Tiêu chí, nội dung", "Điểm tối đa", "Điểm tự chấm")]]
    bold_rows = []
    for c in data.criteria:
        bold_rows.append(len(rows))
        rows.append([para(c.code, ls["td_bold_center"]), para(f"Tiêu chí {c.code}. {c.name}", ls["td_bold"]),
                     para(format_vnd(c.max_points) if c.items else "chưa có", ls["td_bold_center"]),
                     para(points(c.points), ls["td_bold_center"])])
        for i in c.items:
            rows.append([para(i.code, ls["td_center"]), para(i.name, ls["td"]),
                         para(format_vnd(i.max_points), ls["td_center"]), para(points(i.points), ls["td_center"])])
    rows.append([para("", ls["td"]), para("TỔNG CỘNG", ls["td_bold"]), para(format_vnd(data.max_total), ls["td_bold_center"]),
                 para(points(data.total), ls["td_bold_center"])])
    widths = [11 * mm, None, 18 * mm, 20 * mm]
    widths[1] = width - sum(w for w in widths if w)
    extra = [("BACKGROUND", (0, r), (-1, r), "#F2F2F2") for r in bold_rows]
    story.append(_grid(Table(rows, colWidths=widths, repeatRows=1), extra))
    story.append(Spacer(1, 3 * mm))
    result = data.result or "." * 40
    story.append(para(f"Kết quả: <b>{esc(result)}</b>", body, markup=True))
    story.append(para(f"Cách xét: {data.rule_text}", scaled(st["body_noindent"], 11, "lm_rule")))
    if data.status_note:
        story.append(para(data.status_note, scaled(st["center_italic"], 10.5, "lm_status", alignment=0)))
    place = data.place or org.place_name or org.commune
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([signature_table(data.effective_signers, width, space_mm=16,
                                               date_line=place_date(place, data.date), date_column=-1, size=12)]))
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(data.title),
                         author=nfc(org.committee_name), subject=nfc(data.set_label), created=created, info=info)
    return finish(pdf, out)
