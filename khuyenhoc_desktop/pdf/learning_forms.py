"""The learning models' forms and lists on Nghị định 30 margins, A4 portrait:

* phiếu đăng ký xây dựng danh hiệu: Quốc hiệu and tiêu ngữ centred (a form written by the subject, not issued by
  an office), the title, "Kính gửi", the subject's lines, the sentence that registers and the numbered
  commitments, the place and date, and two signatures (the association's confirmation, the subject's);
  one page per subject;
* danh sách công nhận: the issuing body's header, per decision the list's title and "(Kèm theo Quyết định số …)",
  a numbered table grouped by thôn with each thôn's count, the section's total, and the signature.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from ..domain.printables import RecognitionListData, RecognitionListSection, RegistrationFormsData, Signer
from .base import QUOC_HIEU, TIEU_NGU, PathLike, build_document, esc, finish, frame_width, header_for, nfc, para, \
    place_date, signature_table
from .learning_models import _grid, _styles
from .styles import ND30_MARGINS, scaled, stylesheet

__all__ = ["render_recognition_list", "render_registration_forms"]


def render_registration_forms(data: RegistrationFormsData, *, out: PathLike | None = None,
                              created: datetime | None = None) -> bytes:
    st = stylesheet()
    width = frame_width(A4, ND30_MARGINS)
    line = scaled(st["body_noindent"], 13, "reg_line", spaceBefore=3, spaceAfter=3)
    item = scaled(st["body"], 13, "reg_item", spaceBefore=1, spaceAfter=1, firstLineIndent=0, leftIndent=8 * mm,
                  bulletIndent=0)
    story: list[Flowable] = []
    for i, page in enumerate(data.pages):
        if i:
            story.append(PageBreak())
        story += [para(QUOC_HIEU, scaled(st["signer"], 13, "reg_qh")),
                  para(f"<u>{esc(TIEU_NGU)}</u>", scaled(st["signer"], 14, "reg_tn"), markup=True),
                  Spacer(1, 10 * mm), para(data.title, st["doc_title"]), Spacer(1, 6 * mm),
                  para(data.addressee, scaled(st["center"], 13, "reg_to")), Spacer(1, 5 * mm)]
        story += [para(f"{label}: {value}", line) for label, value in page.lines]
        story += [Spacer(1, 2 * mm), para(data.intro, scaled(st["body"], 13, "reg_intro"))]
        story += [para(f"{n}. {text}", item) for n, text in enumerate(data.commitments, 1)]
        signers = (data.witness, Signer(page.signer_title, page.signer_name, note="(Ký, ghi rõ họ tên)"))
        story += [Spacer(1, 6 * mm),
                  KeepTogether([signature_table(signers, width, space_mm=22,
                                                date_line=place_date(data.place, page.registered_on),
                                                date_column=-1, size=13)])]
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(data.title),
                         author=nfc(data.organisation.committee_name), subject=f"Năm {data.year}", created=created)
    return finish(pdf, out)


def _section_table(section: RecognitionListSection, width: float) -> Table:
    ls = _styles()
    has_detail = bool(section.detail_label)
    has_note = any(r.note for g in section.groups for r in g.rows)
    head = ["STT", section.name_label, *([section.detail_label] if has_detail else []), "Kết quả tự đánh giá",
            *(["Ghi chú"] if has_note else [])]
    rows = [[para(h, ls["th"]) for h in head]]
    group_rows = []
    n = 0
    span = len(head) - 1
    for group in section.groups:
        if group.village:
            group_rows.append(len(rows))
            rows.append([para("", ls["td"]), para(f"{group.village} ({len(group.rows)} {section.count_word})",
                                                  ls["td_bold"])] + [""] * (span - 1))
        for r in group.rows:
            n += 1
            rows.append([para(str(n), ls["td_center"]), para(r.name, ls["td"]),
                         *([para(r.detail, ls["td_center"])] if has_detail else []),
                         para(r.result, ls["td_center"]), *([para(r.note, ls["td"])] if has_note else [])])
    fixed = [11 * mm, None, *([30 * mm] if has_detail else []), 30 * mm, *([45 * mm] if has_note else [])]
    fixed[1] = width - sum(w for w in fixed if w)
    extra = [("SPAN", (1, r), (-1, r)) for r in group_rows]
    extra += [("BACKGROUND", (0, r), (-1, r), "#F2F2F2") for r in group_rows]
    return _grid(Table(rows, colWidths=fixed, repeatRows=1), extra)


def render_recognition_list(data: RecognitionListData, *, out: PathLike | None = None,
                            created: datetime | None = None) -> bytes:
    st = stylesheet()
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = [header_for(org, issuing_body=data.issuing_body, parent_body=" "), Spacer(1, 6 * mm)]
    total_style = scaled(st["body_noindent"], 12.5, "rl_total", spaceBefore=3)
    for i, section in enumerate(data.sections):
        if i:
            story += [Spacer(1, 6 * mm), CondPageBreak(60 * mm)]
        story += [para(section.heading, scaled(st["doc_title"], 13.5, "rl_title")),
                  para(section.decision_line, st["center_italic"]), Spacer(1, 4 * mm),
                  _section_table(section, width),
                  *([para(f"Ghi chú: {section.note}.", total_style)] if section.note else []),
                  para(f"Tổng số: <b>{section.count}</b> {esc(section.count_word)}.", total_style, markup=True)]
    story += [Spacer(1, 5 * mm),
              KeepTogether([signature_table((Signer("", ""), data.signer), width, space_mm=22,
                                            date_line=place_date(data.place, data.date), date_column=-1, size=13)])]
    title = data.sections[0].heading if data.sections else "DANH SÁCH CÔNG NHẬN"
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title=nfc(title), author=nfc(org.committee_name),
                         subject=f"Năm {data.year}", created=created)
    return finish(pdf, out)
