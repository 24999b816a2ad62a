"""What the learning models' PDFs show: the statistics table of a year (biểu thống kê) and the score sheet
(phiếu chấm điểm) of a registration or a blank one for any criteria set. The same functions serve the window
and `khuyenhoc print`."""

from __future__ import annotations

from datetime import date

from ..domain.errors import AppError
from ..domain.learning_criteria import CHECKED, CriteriaSet
from ..domain.learning_models import NAME_LABEL, HEAD_LABEL, SIZE_LABEL, SUBJECT_KINDS
from ..domain.printables import (
    LearningModelsTableData, LearningTableRow, ScoreSheetCriterion, ScoreSheetData, ScoreSheetItem,
)
from ..vietnamese import fold, format_date

MODEL_ROWS = (("clan", "Dòng họ học tập"), ("community", "Cộng đồng học tập"),
              ("unit", "Đơn vị học tập"))
NO_VILLAGE = "Chưa ghi thôn"
BLANK_LINES = {
    "family": (("Chủ hộ",), ("Thôn, tổ dân phố",), ("Số nhân khẩu",)),
    "clan": (("Tên dòng họ",), ("Trưởng họ",), ("Thôn, tổ dân phố",)),
    "community": (("Thôn, tổ dân phố",),),
    "unit": (("Tên đơn vị",), ("Thủ trưởng đơn vị",)),
    "citizen": (("Họ và tên",), ("Nhóm đối tượng",), ("Thôn, tổ dân phố",)),
}


def _need_tables(ws) -> None:
    if not ws.db.table_exists("learning_subject"):  # a file opened read-only before its upgrade
        raise AppError("Tệp dữ liệu chưa có phần mô hình học tập; mở tệp bằng chương trình (không chỉ đọc) một lần "
                       "để nâng cấp.")


def find_set(ws, code: str, version: int | None = None) -> CriteriaSet:
    """The set of that code (its newest version unless one is named)."""
    sets = [s for s in ws.learning.criteria_sets() if s.code == code.strip()]
    if not sets:
        known = ", ".join(sorted({s.code for s in ws.learning.criteria_sets()}))
        raise AppError(f"Không có bộ tiêu chí mã “{code}”. Các mã có: {known}.")
    if version is None:
        return max(sets, key=lambda s: s.version)
    return ws.learning.criteria_set(code.strip(), version)


def find_registration(ws, kind: str, name: str, year: int) -> str:
    """The registration in `year` of the subject of that kind whose name is `name` (diacritics optional)."""
    _need_tables(ws)
    wanted = fold(name)
    found = [(s, r) for s, r in ws.learning.registrations(year, kind) if fold(s.name) == wanted]
    if not found:
        raise AppError(f"Không có {SUBJECT_KINDS[kind].lower()} “{name}” đăng ký năm {year}.")
    if len(found) > 1:
        where = ", ".join(s.village or "không ghi thôn" for s, _ in found)
        raise AppError(f"Có {len(found)} {SUBJECT_KINDS[kind].lower()} tên “{name}” ({where}); hãy in từ cửa sổ "
                       "chương trình.")
    return found[0][1].uuid


def village_order(ws, villages) -> list[str]:
    """The thôn in the catalogue's order, then any not in it in folded order, "" (no thôn) last."""
    catalogue = {name: i for i, name in enumerate(ws.catalogs.names("village"))}
    return sorted(villages, key=lambda v: (v == "", v not in catalogue, catalogue.get(v, 0), fold(v)))


def by_village(ws, pairs):
    """(subject, …) pairs in thôn order (`village_order`), keeping the name order within a thôn."""
    order = {v: i for i, v in enumerate(village_order(ws, {p[0].village for p in pairs}))}
    return sorted(pairs, key=lambda p: order[p[0].village])


def learning_models_table(ws, year: int, *, on: date | None = None) -> LearningModelsTableData:
    _need_tables(ws)
    lm = ws.learning
    by_village = lm.counts_by_village("family", year)
    villages = tuple(LearningTableRow(village or NO_VILLAGE, *by_village[village])
                     for village in village_order(ws, by_village))
    models = []
    for kind, label in MODEL_ROWS:
        rows = lm.counts_by_village(kind, year).values()
        models.append(LearningTableRow(label, sum(r[0] for r in rows), sum(r[1] for r in rows),
                                       sum(r[2] for r in rows)))
    citizen = lm.year_figures(year)["citizen"]  # the one sum: the old communes' merged counts included
    models.append(LearningTableRow("Công dân học tập", None, citizen["registered"], citizen["recognised"]))
    if not villages and not any(m.total or m.registered for m in models):
        raise AppError(f"Chưa có hộ gia đình, dòng họ, thôn, đơn vị hay Công dân học tập nào cho năm {year}.")
    return LearningModelsTableData(ws.organisation, year, villages, tuple(models), date=on or ws.clock.today())


def rule_text(criteria_set: CriteriaSet) -> str:
    rule = criteria_set.rule
    if rule is None:
        return "Bộ tiêu chí chưa có điểm đạt."
    if rule.kind == "pass":
        text = f"{rule.pass_label}: tổng điểm từ {rule.pass_total} trở lên"
        if rule.pass_total_difficult:
            text += f" (từ {rule.pass_total_difficult} ở vùng khó khăn)"
        if rule.item_min is not None:
            text += f", không nội dung nào dưới {rule.item_min} điểm"
        return text + "."
    bands = []
    for i, (label, low) in enumerate(rule.bands):
        high = rule.bands[i - 1][1] if i else None
        bands.append(f"{label}: từ {low}" + (f" đến dưới {high}" if high else f" đến {criteria_set.max_total}"))
    return "; ".join(bands) + f"; dưới {rule.bands[-1][1]}: {rule.fail_label}."


def _set_label(criteria_set: CriteriaSet) -> str:
    decision = criteria_set.decision
    text = f"{criteria_set.name}, phiên bản {criteria_set.version} (theo {decision.number}"
    if decision.date:
        text += f" ngày {format_date(date.fromisoformat(decision.date))}"
    if decision.body:
        text += f" của {decision.body}"
    return text + ")"


def score_sheet(ws, criteria_set: CriteriaSet, *, registration_uuid: str = "", year: int | None = None,
                on: date | None = None) -> ScoreSheetData:
    """The sheet of a registration (its subject, points, total and result), or a blank one of the set."""
    lm = ws.learning
    if registration_uuid:
        _need_tables(ws)
    points: dict = {}
    lines: list[tuple[str, str]] = []
    total = None
    result = ""
    if registration_uuid:
        registration = lm.registration(registration_uuid)
        subject = lm.subject(registration.subject_uuid)
        year = registration.year
        lines.append((NAME_LABEL[subject.kind], subject.name))
        if HEAD_LABEL[subject.kind] and subject.head:
            lines.append((HEAD_LABEL[subject.kind], subject.head))
        if subject.village and subject.kind != "community":
            lines.append(("Thôn, tổ dân phố", subject.village))
        if SIZE_LABEL[subject.kind] and subject.size:
            lines.append((SIZE_LABEL[subject.kind], str(subject.size)))
        sheet = lm.assessment(registration_uuid)
        if sheet and (sheet.set_code, sheet.set_version) == criteria_set.key:
            points, total, result = sheet.points, sheet.total, sheet.result
            on = on or sheet.assessed_on
    if not lines:  # a blank sheet: lines to fill in by hand
        blank = "." * 80
        lines = list(BLANK_LINES.get(criteria_set.title_kind, (("Tên đối tượng",),)))
        lines = [(label[0], blank) for label in lines]
    year = year or (on or ws.clock.today()).year
    criteria = tuple(
        ScoreSheetCriterion(c.code, c.name, c.max_points,
                            tuple(ScoreSheetItem(i.code, i.name, i.max_points, points.get(i.code) if points else None)
                                  for i in c.items))
        for c in criteria_set.criteria)
    title = f"PHIẾU CHẤM ĐIỂM {criteria_set.title_kind_label.upper()} NĂM {year}"
    note = "" if criteria_set.status == CHECKED else (
        "Bộ tiêu chí này cần đối chiếu văn bản gốc" + (f": {criteria_set.note}" if criteria_set.note else "."))
    return ScoreSheetData(ws.organisation, title, _set_label(criteria_set), tuple(lines), criteria,
                          criteria_set.max_total, total, result, rule_text(criteria_set), note,
                          date=on or ws.clock.today())




def write_learning_models_table(ws, out, year: int, *, on: date | None = None) -> LearningModelsTableData:
    """Build the statistics table and write its PDF to `out` (atomically); the window's one call."""
    from ..pdf.learning_models import render_learning_models_table

    data = learning_models_table(ws, year, on=on)
    render_learning_models_table(data, out=out)
    return data


def write_score_sheet(ws, out, criteria_set: CriteriaSet, *, registration_uuid: str = "",
                      year: int | None = None) -> ScoreSheetData:
    from ..pdf.learning_models import render_score_sheet

    data = score_sheet(ws, criteria_set, registration_uuid=registration_uuid, year=year)
    render_score_sheet(data, out=out)
    return data


__all__ = ["by_village", "find_registration", "find_set", "learning_models_table", "rule_text", "score_sheet",
           "write_learning_models_table", "write_score_sheet"]
