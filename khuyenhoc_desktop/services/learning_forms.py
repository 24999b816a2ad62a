"""What the learning models' forms and lists show: the phiếu đăng ký (per subject, a whole thôn's, or blank)
and the danh sách công nhận (the list attached to each recognition decision of a year, by thôn, with its count,
then the subjects recognised earlier whose recognition is still valid, marked "còn hiệu lực đến năm …"). The
same functions serve the window and `khuyenhoc print`."""

from __future__ import annotations

from datetime import date

from ..domain.errors import AppError, NotFoundError
from ..domain.learning_models import (
    HEAD_LABEL, MODEL_KINDS, NAME_LABEL, SIZE_LABEL, SUBJECT_KINDS, TITLE_OF_KIND, Registration,
    Subject, valid_until,
)
from ..domain.printables import (
    RecognitionListData, RecognitionListGroup, RecognitionListRow, RecognitionListSection, RegistrationFormPage,
    RegistrationFormsData, Signer,
)
from ..vietnamese import format_date, format_vnd, normalize
from .learning_certificates import MODEL_WORDS, body_with_commune, model_problem

BLANK = "." * 70
# Who a form registers for and who signs it, per model.
_WE = {"family": "Gia đình chúng tôi", "clan": "Dòng họ chúng tôi", "community": "Thôn (tổ dân phố) chúng tôi",
       "unit": "Đơn vị chúng tôi", "citizen": "Tôi"}
_SIGNER = {"family": "CHỦ HỘ", "clan": "TRƯỞNG HỌ", "community": "TRƯỞNG THÔN, TỔ DÂN PHỐ",
           "unit": "THỦ TRƯỞNG ĐƠN VỊ", "citizen": "NGƯỜI ĐĂNG KÝ"}
_WITNESS = {"family": "CHI HỘI KHUYẾN HỌC", "clan": "CHI HỘI KHUYẾN HỌC", "citizen": "CHI HỘI KHUYẾN HỌC",
            "community": "HỘI KHUYẾN HỌC XÃ", "unit": "HỘI KHUYẾN HỌC XÃ"}
_BLANK_LINES = {
    "family": ("Họ và tên chủ hộ", "Thôn, tổ dân phố", "Số nhân khẩu"),
    "clan": ("Tên dòng họ", "Trưởng họ", "Thôn, tổ dân phố", "Số hộ"),
    "community": ("Thôn, tổ dân phố", "Trưởng thôn, tổ dân phố"),
    "unit": ("Tên đơn vị", "Loại hình", "Thủ trưởng đơn vị", "Số người"),
    "citizen": ("Họ và tên", "Năm sinh", "Nhóm đối tượng", "Thôn, tổ dân phố"),
}


def commitments(kind: str) -> tuple[str, ...]:
    """The commitments a form lists (the usual content of the yearly registration; no published form fixes
    them, so they say what the criteria ask in general terms)."""
    who = "Bản thân tôi" if kind == "citizen" else "Các thành viên"
    return (
        f"{who} tích cực học tập thường xuyên, học tập suốt đời; trẻ em trong độ tuổi đi học được đến trường, "
        "hoàn thành chương trình phổ cập giáo dục." if kind != "citizen" else
        f"{who} tự học, học tập suốt đời, có kế hoạch học tập và thực hiện kế hoạch đó.",
        "Dành thời gian, kinh phí, sách báo, phương tiện cho việc học tập; tham gia các lớp học, sinh hoạt "
        "chuyên đề ở trung tâm học tập cộng đồng, thư viện, nhà văn hóa.",
        "Thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước và quy định của địa phương.",
        "Cuối năm tự đánh giá theo bộ tiêu chí, báo cáo kết quả và chịu sự bình xét của thôn, tổ dân phố.",
    )


def _lines(subject: Subject) -> tuple[tuple[str, str], ...]:
    lines = [("Họ và tên chủ hộ" if subject.kind == "family" else NAME_LABEL[subject.kind], subject.name)]
    if subject.kind == "unit" and subject.unit_kind:
        lines.append(("Loại hình", subject.unit_kind))
    if HEAD_LABEL[subject.kind]:
        lines.append((HEAD_LABEL[subject.kind], subject.head or BLANK))
    if subject.kind in ("family", "clan"):
        lines.append(("Thôn, tổ dân phố", subject.village or BLANK))
    if SIZE_LABEL[subject.kind]:
        lines.append((SIZE_LABEL[subject.kind], format_vnd(subject.size) if subject.size else BLANK))
    return tuple(lines)


def registration_forms(ws, year: int, kind: str, *, subject_uuids=None, village: str | None = None,
                       blank: bool = False) -> RegistrationFormsData:
    """The forms of the chosen subjects (`subject_uuids`), of every subject of the kind in a thôn (`village`:
    the forms handed out to register), or one blank form; with none of these, those registered in `year`. A
    registered subject's form carries the day it registered; the others leave the date to fill in."""
    from .learning_documents import _need_tables, by_village

    problem = model_problem(kind)
    if problem or kind is None:
        raise AppError(problem or "Chưa chọn mô hình.")
    lm = ws.learning
    org = ws.organisation
    pages: list[RegistrationFormPage] = []
    if blank or kind == "citizen":
        pages.append(RegistrationFormPage(tuple((label, BLANK) for label in _BLANK_LINES[kind]), None,
                                          _SIGNER[kind]))
    else:
        _need_tables(ws)
        if subject_uuids is not None:
            subjects = [lm.subject(u) for u in subject_uuids]
        elif village is not None:
            subjects = lm.subjects(kind, village=normalize(village))
            if not subjects:
                raise NotFoundError(f"Thôn “{village}” chưa có {SUBJECT_KINDS[kind].lower()} nào trong danh sách.")
        else:
            subjects = [s for s, _ in by_village(ws, lm.registrations(year, kind))]
            if not subjects:
                raise NotFoundError(f"Chưa có {SUBJECT_KINDS[kind].lower()} nào đăng ký năm {year}; in phiếu trống "
                                    "hoặc phiếu của cả thôn.")
        for subject in subjects:
            registration = lm.registration_of(subject.uuid, year)
            name = subject.head if subject.kind != "family" else subject.name
            pages.append(RegistrationFormPage(_lines(subject), registration.registered_on if registration else None,
                                              _SIGNER[subject.kind], name))
    title = MODEL_WORDS[kind]
    intro = (f"Sau khi được phổ biến tiêu chí đánh giá, công nhận danh hiệu “{title}”, {_WE[kind].lower()} tự "
             f"nguyện đăng ký phấn đấu đạt danh hiệu “{title}” năm {year} và cam kết:")
    intro = intro[0].upper() + intro[1:]
    return RegistrationFormsData(
        org, year, title, f"Kính gửi: Ban Chấp hành {org.committee_name}", intro, commitments(kind), tuple(pages),
        Signer(_WITNESS[kind], authority="XÁC NHẬN CỦA", note="(Ký, ghi rõ họ tên)"), org.place_name or org.commune)


# -- danh sách công nhận ----------------------------------------------------------------------------------
_COUNT_WORD = {"family": "hộ gia đình", "clan": "dòng họ", "community": "thôn, tổ dân phố", "unit": "đơn vị"}
_HEADING_WORD = {"family": "GIA ĐÌNH", "clan": "DÒNG HỌ", "community": "THÔN, TỔ DÂN PHỐ", "unit": "ĐƠN VỊ"}
_DETAIL_LABEL = {"family": "Số nhân khẩu", "clan": "Trưởng họ", "community": "", "unit": "Thủ trưởng đơn vị"}


def _row(ws, subject: Subject, registration: Registration, note: str = "") -> RecognitionListRow:
    sheet = ws.learning.assessment(registration.uuid)
    result = f"{sheet.total}/{sheet.max_total} – {sheet.result}" if sheet else ""
    detail = (format_vnd(subject.size) if subject.size else "") if subject.kind == "family" else subject.head
    notes = [n for n in (note, registration.recognition_reason and f"Lý do: {registration.recognition_reason}") if n]
    return RecognitionListRow(subject.name, detail, result, "; ".join(notes))


def _groups(ws, kind: str, rows: list[tuple[Subject, RecognitionListRow]]) -> tuple[RecognitionListGroup, ...]:
    from .learning_documents import NO_VILLAGE, village_order

    if kind not in ("family", "clan"):
        return (RecognitionListGroup("", tuple(r for _, r in rows)),)
    by_village: dict[str, list] = {}
    for subject, row in rows:
        by_village.setdefault(subject.village, []).append(row)
    return tuple(RecognitionListGroup(v or NO_VILLAGE, tuple(by_village[v])) for v in village_order(ws, by_village))


def recognition_list(ws, year: int, model: str | None = None, *, on: date | None = None) -> RecognitionListData:
    """The list attached to each decision of `year` (one model, or all four), then per model those recognised in
    an earlier year whose recognition is still valid in `year` (by the model's validity setting)."""
    from .learning_documents import _need_tables

    problem = model_problem(model)
    if problem or model == "citizen":
        raise AppError(problem or "Công dân học tập chỉ có số lượng theo nhóm đối tượng, không có danh sách.")
    _need_tables(ws)
    lm = ws.learning
    org = ws.organisation
    settings = lm.settings()
    sections: list[RecognitionListSection] = []
    bodies = []
    dates = []
    for kind in ([model] if model else MODEL_KINDS):
        validity = int(settings["validity_years"][kind])
        valid_note = f"Có giá trị đến hết năm {valid_until(year, validity)}" if validity > 1 else ""
        by_decision: dict[str, list] = {}
        for subject, registration in lm.registrations(year, kind):
            if registration.status == "recognised":
                by_decision.setdefault(registration.decision_uuid, []).append((subject, registration))
        decisions = sorted(((lm.decision(uuid), uuid) for uuid in by_decision),
                           key=lambda d: (d[0]["decided_on"], d[0]["number"]))
        heading = (f"DANH SÁCH {_HEADING_WORD[kind]} ĐƯỢC CÔNG NHẬN DANH HIỆU “{TITLE_OF_KIND[kind].upper()}” "
                   f"NĂM {year}")
        for decision, uuid in decisions:
            body = body_with_commune(decision["issuing_body"] or settings["issuing_body"], org)
            bodies.append(body)
            dates.append(date.fromisoformat(decision["decided_on"]))
            line = (f"(Kèm theo Quyết định số {decision['number']} ngày "
                    f"{format_date(date.fromisoformat(decision['decided_on']))} của {body})")
            rows = [(s, _row(ws, s, r, valid_note)) for s, r in by_decision[uuid]]
            sections.append(RecognitionListSection(heading, line, NAME_LABEL[kind], _DETAIL_LABEL[kind],
                                                   _COUNT_WORD[kind], _groups(ws, kind, rows),
                                                   decision["number"]).with_shared_note())
        carried = [(subject, _row(ws, subject, registration, f"Công nhận năm {registration.year}, còn hiệu lực "
                                                              f"đến năm {until}"))
                   for subject, registration, until in lm.still_valid(kind, year).values()]
        if carried:
            sections.append(RecognitionListSection(
                f"{_HEADING_WORD[kind]} ĐƯỢC CÔNG NHẬN NHỮNG NĂM TRƯỚC, CÒN HIỆU LỰC NĂM {year}",
                "(Không tính vào số được công nhận năm nay)", NAME_LABEL[kind], _DETAIL_LABEL[kind],
                _COUNT_WORD[kind], _groups(ws, kind, carried)))
    if not sections:
        what = MODEL_WORDS[model].lower() if model else "gia đình, dòng họ, cộng đồng hay đơn vị"
        raise NotFoundError(f"Chưa có {what} nào được công nhận năm {year}.")
    signer = settings["certificate_signer"]
    # an attached list is dated as its (latest) decision
    return RecognitionListData(org, year, tuple(sections), on or max(dates, default=ws.clock.today()),
                               org.place_name or org.commune,
                               Signer(signer["title"], signer["name"], authority=signer["authority"]),
                               bodies[0] if bodies else body_with_commune(settings["issuing_body"], org))


def write_registration_forms(ws, out, year: int, kind: str, **kw) -> RegistrationFormsData:
    from ..pdf.learning_forms import render_registration_forms

    data = registration_forms(ws, year, kind, **kw)
    render_registration_forms(data, out=out)
    return data


def write_recognition_list(ws, out, year: int, model: str | None = None) -> RecognitionListData:
    from ..pdf.learning_forms import render_recognition_list

    data = recognition_list(ws, year, model)
    render_recognition_list(data, out=out)
    return data


__all__ = ["commitments", "recognition_list", "registration_forms", "write_recognition_list",
           "write_registration_forms"]
