"""The learning models' lists as formatted .xlsx files (the excel writer, the committee's header): a year's
registrations of a model, its score sheet results (a column per sub-item), the danh sách công nhận and the
statistics table. The figures are the PDFs' own (`learning_documents`, `learning_forms`); files are written
atomically by the excel layer."""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import NotFoundError
from ..domain.learning_models import EXCEL_LISTS as LISTS, HEAD_LABEL, NAME_LABEL, SIZE_LABEL, SUBJECT_KINDS, \
    TITLE_OF_KIND
from ..excel import Column, SheetSpec, write_workbook


def _subject_columns(kind: str) -> list[Column]:
    columns = [Column("STT", "stt", kind="int"), Column(NAME_LABEL[kind], "name", width=30)]
    if kind in ("family", "clan"):
        columns.append(Column("Thôn, tổ dân phố", "village"))
    if HEAD_LABEL[kind]:
        columns.append(Column(HEAD_LABEL[kind], "head"))
    if SIZE_LABEL[kind]:
        columns.append(Column(SIZE_LABEL[kind], "size", kind="int"))
    return columns


def _subject_row(subject) -> dict:
    return {"name": subject.name, "village": subject.village, "head": subject.head, "size": subject.size or None}


def registrations(ws, path: str | os.PathLike[str], year: int, kind: str) -> Path:
    """Every subject of the kind registered in `year`, its place in the cycle and score; then those not
    registered whose recognition of an earlier year is still valid."""
    from .learning_documents import by_village

    lm = ws.learning
    rows = []
    for subject, registration in by_village(ws, lm.registrations(year, kind)):
        sheet = lm.assessment(registration.uuid)
        status = registration.status_label + (f": {registration.review_reason}" if registration.status == "returned"
                                              and registration.review_reason else "")
        rows.append({**_subject_row(subject), "registered_on": registration.registered_on, "status": status,
                     "total": sheet.total if sheet else None, "result": sheet.result if sheet else ""})
    for subject, registration, until in lm.still_valid(kind, year).values():
        if lm.registration_of(subject.uuid, year) is None:
            rows.append({**_subject_row(subject), "status": "Chưa đăng ký",
                         "note": f"Công nhận năm {registration.year}, còn hiệu lực đến năm {until}"})
    if not rows:
        raise NotFoundError(f"Chưa có {SUBJECT_KINDS[kind].lower()} nào đăng ký năm {year}.")
    columns = [*_subject_columns(kind), Column("Ngày đăng ký", "registered_on", kind="date"),
               Column("Tình trạng", "status", width=25), Column("Tổng điểm", "total", kind="int"),
               Column("Kết quả", "result"), Column("Ghi chú", "note", width=35)]
    return write_workbook(path, [SheetSpec(
        title=f"DANH SÁCH ĐĂNG KÝ DANH HIỆU “{TITLE_OF_KIND[kind].upper()}” NĂM {year}", columns=columns, rows=rows,
        sheet_name="Đăng ký", organisation=ws.organisation, totals=False)])


def scores(ws, path: str | os.PathLike[str], year: int, kind: str) -> Path:
    """The score sheets of the year's registrations: points per sub-item (a column each, "1.1 (10)"), the total,
    the result and whether it passes."""
    from .learning_documents import by_village

    lm = ws.learning
    rows, items = [], {}
    for subject, registration in by_village(ws, lm.registrations(year, kind)):
        sheet = lm.assessment(registration.uuid)
        if sheet is None:
            continue
        criteria_set = lm.criteria_set(sheet.set_code, sheet.set_version)
        for item in criteria_set.items:
            items.setdefault(item.code, item.max_points)
        rows.append({**_subject_row(subject), **{f"p_{k}": v for k, v in sheet.points.items()},
                     "set": criteria_set.label, "assessed_on": sheet.assessed_on, "total": sheet.total,
                     "max_total": sheet.max_total, "result": sheet.result, "passed": "Đạt" if sheet.passed else
                     "Không đạt", "status": registration.status_label})
    if not rows:
        raise NotFoundError(f"Chưa có {SUBJECT_KINDS[kind].lower()} nào được chấm điểm năm {year}.")
    columns = [*_subject_columns(kind), Column("Bộ tiêu chí", "set", width=30),
               Column("Ngày chấm", "assessed_on", kind="date"),
               *[Column(f"{code} ({maximum})", f"p_{code}", kind="int") for code, maximum in items.items()],
               Column("Tổng điểm", "total", kind="int"), Column("Điểm tối đa", "max_total", kind="int"),
               Column("Kết quả", "result"), Column("Đạt", "passed"), Column("Tình trạng", "status")]
    return write_workbook(path, [SheetSpec(
        title=f"KẾT QUẢ CHẤM ĐIỂM {TITLE_OF_KIND[kind].upper()} NĂM {year}", columns=columns, rows=rows,
        sheet_name="Chấm điểm", organisation=ws.organisation, totals=False)])


def recognition(ws, path: str | os.PathLike[str], year: int, kind: str | None = None) -> Path:
    """The danh sách công nhận: a sheet per section (decision, then the earlier ones still valid)."""
    from .learning_forms import recognition_list

    data = recognition_list(ws, year, kind)
    sheets, names = [], []
    for section in data.sections:
        rows = [{"village": g.village, "name": r.name, "detail": r.detail, "result": r.result, "note": r.note}
                for g in section.groups for r in g.rows]
        columns = [Column("STT", "stt", kind="int"), Column(section.name_label, "name", width=30),
                   Column("Thôn, tổ dân phố", "village"),
                   *([Column(section.detail_label, "detail")] if section.detail_label else []),
                   Column("Kết quả tự đánh giá", "result"), Column("Ghi chú", "note", width=40)]
        name = f"QĐ {section.decision_number}" if section.decision_number else "Còn hiệu lực"
        names.append(name)
        sheets.append(SheetSpec(title=section.heading, columns=columns, rows=rows,
                                sheet_name=name, organisation=ws.organisation, subtitle=section.decision_line,
                                totals=False, notes=(f"Tổng số: {section.count} {section.count_word}.",)))
    return write_workbook(path, sheets)


def statistics(ws, path: str | os.PathLike[str], year: int) -> Path:
    """The biểu thống kê: Gia đình học tập by thôn with its total, then the other models."""
    from .learning_documents import learning_models_table

    data = learning_models_table(ws, year)

    def row(r) -> dict:
        return {"label": r.label, "total": r.total, "registered": r.registered,
                "registered_percent": r.registered_percent, "recognised": r.recognised,
                "recognised_percent": r.recognised_percent}

    def columns(first: str, total: str) -> list[Column]:
        return [Column("STT", "stt", kind="int"), Column(first, "label", width=30), Column(total, "total", kind="int"),
                Column("Đăng ký", "registered", kind="int"), Column("Tỷ lệ (%)", "registered_percent"),
                Column("Được công nhận", "recognised", kind="int"), Column("Tỷ lệ (%)", "recognised_percent")]

    family = data.family_total
    return write_workbook(path, [
        SheetSpec(title=data.title, subtitle="I. GIA ĐÌNH HỌC TẬP THEO THÔN, TỔ DÂN PHỐ",
                  columns=columns("Thôn, tổ dân phố", "Số hộ"), rows=[row(r) for r in data.villages],
                  sheet_name="Gia đình học tập", organisation=ws.organisation,
                  totals={"total": family.total, "registered": family.registered,
                          "registered_percent": family.registered_percent, "recognised": family.recognised,
                          "recognised_percent": family.recognised_percent}),
        SheetSpec(title=data.title, subtitle="II. CÁC MÔ HÌNH HỌC TẬP KHÁC", columns=columns("Mô hình", "Tổng số"),
                  rows=[row(r) for r in data.models], sheet_name="Các mô hình khác", organisation=ws.organisation,
                  totals=False),
    ])


def export(ws, which: str, path: str | os.PathLike[str], year: int, kind: str) -> Path:
    """One of `LISTS` for the page's year and kind (the statistics table covers every model)."""
    if which == "statistics":
        return statistics(ws, path, year)
    return {"registrations": registrations, "scores": scores, "recognition": recognition}[which](ws, path, year, kind)


__all__ = ["LISTS", "export", "recognition", "registrations", "scores", "statistics"]
