"""Biên bản họp (NĐ 30/2020 Phụ lục III, Mẫu 1.9).

A4 portrait, margins top/bottom 20, left 30, right 15 mm; body 13 pt justified with a
1 cm first-line indent; "BIÊN BẢN" and the trích yếu 14 pt bold with a rule; signatures
THƯ KÝ (left) and CHỦ TỌA (right); "Nơi nhận" 12/11 pt; page numbers from page 2.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ..domain.printables import AgendaItem, MinutesData, Signer, Vote
from ..vietnamese import amount_in_words, format_vnd
from .base import (
    PathLike,
    build_document,
    date_words,
    esc,
    finish,
    frame_width,
    header_for,
    nfc,
    para,
    recipients_block,
    signature_table,
)
from .award_list import award_table
from .fonts import ensure_fonts
from .styles import ND30_MARGINS, stylesheet

__all__ = ["render_minutes", "vote_sentence"]


class TitleRule(Flowable):
    """A short centred rule under the trích yếu (NĐ 30: "có đường kẻ ngang, nét liền")."""

    def __init__(self, width: float = 40 * mm, gap: float = 3) -> None:
        super().__init__()
        self.rule_width = width
        self.gap = gap

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.gap + 1

    def draw(self):
        self.canv.setLineWidth(0.6)
        x0 = (self.avail - self.rule_width) / 2
        self.canv.line(x0, 1, x0 + self.rule_width, 1)


def _time_words(t: datetime) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def vote_sentence(v: Vote) -> str:
    """ "Biểu quyết: Tổng số 13 phiếu; tán thành 12 phiếu, chiếm 92,31%; …"."""
    return (
        f"Tổng số {v.total} phiếu; tán thành {v.in_favour} phiếu, chiếm {v.in_favour_percent}%; "
        f"không tán thành {v.against} phiếu, chiếm {v.against_percent}%; "
        f"ý kiến khác {v.other} phiếu, chiếm {v.other_percent}%."
    )


def _paragraphs(text: str, style) -> list[Flowable]:
    out = []
    for block in nfc(text).replace("\r\n", "\n").split("\n"):
        if block.strip():
            out.append(para(block.strip(), style))
    return out


def _labelled(label: str, text: str, style) -> Flowable:
    """ "<b>Label:</b> text" as one paragraph (label bold)."""
    return para(f"<b>{esc(label)}</b> {esc(text)}", style, markup=True)


def _attendance(data: MinutesData) -> str:
    kind = nfc(data.meeting_kind).strip()
    body = f"ủy viên {kind}" if kind else "thành viên"
    parts = []
    if data.members_total:
        parts.append(f"có mặt {data.members_present}/{data.members_total} {body}")
        absent = data.members_absent or max(0, data.members_total - data.members_present)
        text = f"vắng {absent}"
        if data.absent_names:
            text += " (" + ", ".join(nfc(n).strip() for n in data.absent_names) + ")"
        parts.append(text)
    elif data.members_present:
        parts.append(f"có mặt {data.members_present} {body}")
    return "; ".join(parts) + "." if parts else ""


def _person(name: str, title: str) -> str:
    name, title = nfc(name).strip(), nfc(title).strip()
    return f"{name} - {title}." if title else f"{name}."


def render_minutes(data: MinutesData, *, out: PathLike | None = None, created: datetime | None = None) -> bytes:
    ensure_fonts()
    st = stylesheet()
    org = data.organisation
    width = frame_width(A4, ND30_MARGINS)
    body, noindent = st["body"], st["body_noindent"]
    story: list[Flowable] = [
        header_for(
            org,
            number=data.number or "…/BB-HKH",
            place=data.place,
            when=data.date if data.show_place_date else None,
            issuing_body=data.issuing_body,
            parent_body=data.parent_body,
        ),
        Spacer(1, 9 * mm),
        para("BIÊN BẢN", st["doc_title"]),
        para(data.subject, st["subject"]),
        TitleRule(min(60 * mm, width / 3)),
        Spacer(1, 5 * mm),
    ]
    story.append(
        _labelled("Thời gian bắt đầu:", f"{_time_words(data.start)}, {date_words(data.start.date())}.", body)
    )
    story.append(_labelled("Địa điểm:", f"{nfc(data.location).strip().rstrip('.')}.", body))
    attendance = _attendance(data)
    story.append(_labelled("Thành phần tham dự:", attendance, body) if attendance else para("Thành phần tham dự:", st["item_heading"]))
    if data.other_attendees:
        story.append(_labelled("Thành phần khác:", "; ".join(nfc(x).strip() for x in data.other_attendees) + ".", body))
    story.append(_labelled("Chủ trì (chủ tọa):", _person(data.chair, data.chair_title), body))
    story.append(_labelled("Thư ký (người ghi biên bản):", _person(data.secretary, data.secretary_title), body))
    story.append(para("Nội dung (theo diễn biến cuộc họp):", st["item_heading"]))

    for i, item in enumerate(data.agenda, 1):
        story.extend(_agenda_item(i, item, st))

    if data.awards:
        story.append(CondPageBreak(40 * mm))
        story.append(para(data.awards_title.rstrip(":") + ":", st["item_heading"]))
        story.append(Spacer(1, 2))
        story.append(award_table(data.awards, width))
        total = data.awards_total
        story.append(Spacer(1, 3))
        story.append(
            para(
                f"Tổng số: {len(data.awards)} người; tổng số tiền: {format_vnd(total)} đồng "
                f"(Bằng chữ: {amount_in_words(total)}).",
                noindent,
            )
        )

    end = data.end
    closing: list[Flowable] = [
        para(
            f"Cuộc họp kết thúc vào {end.hour:02d} giờ {end.minute:02d} phút, {date_words(end.date())}; "
            "biên bản đã được đọc lại cho các thành viên dự họp cùng nghe và thống nhất./.",
            body,
        ),
        Spacer(1, 5 * mm),
        signature_table(
            [
                Signer("THƯ KÝ", data.secretary, note="(Ký, ghi rõ họ tên)"),
                Signer("CHỦ TỌA", data.chair, note="(Ký, ghi rõ họ tên, đóng dấu)"),
            ],
            width,
            space_mm=25,
        ),
    ]
    recipients = recipients_block(data.recipients)
    if recipients:
        closing += [Spacer(1, 6 * mm), *recipients]
    # the closing sentence, the signatures and "Nơi nhận" stay on one page
    story.append(KeepTogether(closing))

    pdf = build_document(
        story,
        pagesize=A4,
        margins=ND30_MARGINS,
        title=f"Biên bản {nfc(data.subject)}",
        author=nfc(org.committee_name),
        subject=nfc(data.number),
        created=created,
    )
    return finish(pdf, out)


def _agenda_item(i: int, item: AgendaItem, st) -> list[Flowable]:
    body = st["body"]
    out: list[Flowable] = [para(f"{i}. {nfc(item.title).strip()}", st["item_heading"])]
    out.extend(_paragraphs(item.discussion, body))
    if item.conclusion.strip():
        out.append(_labelled("Kết luận:", item.conclusion.strip(), body))
    if item.vote is not None:
        out.append(_labelled("Biểu quyết:", vote_sentence(item.vote), body))
    return out


