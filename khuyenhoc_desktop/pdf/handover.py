"""Biên bản bàn giao (NĐ 30/2020 Phụ lục III, the biên bản layout of `minutes.py`): an old association's
records and fund handed to the new association at the merger date. One biên bản per old association, each
from a new page: both sides, the balance of each book (số và chữ), the records per kind, both signatures."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..domain.printables import HandoverMinutes, HandoverSide, Signer
from ..vietnamese import amount_in_words, format_vnd
from .base import PathLike, build_document, date_words, esc, finish, frame_width, header_for, para, signature_table
from .fonts import ensure_fonts
from .minutes import TitleRule
from .styles import ND30_MARGINS, stylesheet

__all__ = ["render_handover"]


def _side(label: str, side: HandoverSide, st) -> list[Flowable]:
    out = [para(f"<b>{esc(label)}:</b> {esc(side.committee_name)}", st["body_noindent"], markup=True)]
    people = [(side.chair, "Chủ tịch Hội"), (side.treasurer, "Thủ quỹ"), (side.accountant, "Kế toán")]
    for name, title in people:
        if name.strip():
            out.append(para(f"- Ông/Bà {esc(name.strip())} – {title};", st["body"], markup=True))
    return out


def _table(rows: list[list], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    table.setStyle(TableStyle(cmds))
    return table


def _books(data: HandoverMinutes, width: float, st) -> Table:
    rows = [[para(h, st["th"]) for h in ("STT", "Sổ", "Số dư tại ngày hợp nhất (đồng)", "Phiếu tiếp nhận")]]
    for i, b in enumerate(data.books, 1):
        rows.append([para(str(i), st["td_center"]), para(b.name, st["td"]), para(format_vnd(b.balance), st["td_right"]),
                     para(b.receipt_number or "—", st["td_center"])])
    rows.append(["", para("Cộng", st["td_bold"]), para(format_vnd(data.total), st["td_bold_right"]), ""])
    return _table(rows, [12 * mm, width - 12 * mm - 45 * mm - 35 * mm, 45 * mm, 35 * mm])


def _counts(data: HandoverMinutes, width: float, st) -> Table:
    rows = [[para(h, st["th"]) for h in ("STT", "Loại hồ sơ, dữ liệu", "Số bản ghi")]]
    for i, (label, n) in enumerate(data.counts, 1):
        rows.append([para(str(i), st["td_center"]), para(label, st["td"]), para(format_vnd(n), st["td_right"])])
    return _table(rows, [12 * mm, width - 12 * mm - 35 * mm, 35 * mm])


def _one(data: HandoverMinutes, width: float, st) -> list[Flowable]:
    body, plain = st["body"], st["body_noindent"]
    giver = f"{data.giver.committee_name} (cũ)"
    story: list[Flowable] = [
        header_for(data.organisation, number=data.number, place=data.place, when=data.merger_date),
        Spacer(1, 8 * mm),
        para("BIÊN BẢN", st["doc_title"]),
        para(f"Bàn giao hồ sơ, dữ liệu và quỹ khuyến học của {giver} cho {data.receiver.committee_name}",
             st["subject"]),
        TitleRule(min(60 * mm, width / 3)),
        Spacer(1, 5 * mm),
        para(f"Thực hiện việc sắp xếp đơn vị hành chính cấp xã và hợp nhất tổ chức Hội Khuyến học, hôm nay, "
             f"{date_words(data.merger_date)}, tại {data.place}, chúng tôi gồm:", body),
        *_side("Bên giao", HandoverSide(giver, data.giver.chair, data.giver.treasurer, data.giver.accountant), st),
        *_side("Bên nhận", data.receiver, st),
        para("Hai bên thống nhất bàn giao các nội dung sau:", body),
        para("1. Quỹ khuyến học", st["item_heading"]),
        para(f"Sổ sách của {giver} khóa tại ngày hợp nhất; số dư của từng sổ được ghi thu vào sổ của "
             f"{data.receiver.committee_name} bằng phiếu tiếp nhận quỹ:", body),
        Spacer(1, 2),
        _books(data, width, st),
        Spacer(1, 3),
        para(f"Tổng số tiền bàn giao: {format_vnd(data.total)} đ (Bằng chữ: {amount_in_words(data.total)}).", plain),
        para("2. Hồ sơ, dữ liệu", st["item_heading"]),
        para(f"Toàn bộ dữ liệu của {giver} được chuyển vào tệp dữ liệu của {data.receiver.committee_name}, "
             "giữ nguyên mã định danh và lịch sử sửa đổi, ghi rõ nguồn gốc xã cũ:", body),
        Spacer(1, 2),
        _counts(data, width, st),
        Spacer(1, 3),
        para(f"Phiếu thu, phiếu chi của {giver} giữ nguyên số (ký hiệu {data.voucher_prefix}…), lưu làm hồ sơ; "
             "không ghi thêm vào sổ của hội cũ kể từ ngày hợp nhất.", body),
    ]
    closing = [
        para("Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản./.", body),
        Spacer(1, 5 * mm),
        signature_table([Signer("ĐẠI DIỆN BÊN GIAO", data.giver.chair, note="(Ký, ghi rõ họ tên)"),
                         Signer("ĐẠI DIỆN BÊN NHẬN", data.receiver.chair, note="(Ký, ghi rõ họ tên, đóng dấu)")],
                        width, space_mm=25),
    ]
    if data.giver.treasurer or data.receiver.treasurer:
        closing += [Spacer(1, 6 * mm),
                    signature_table([Signer("THỦ QUỸ BÊN GIAO", data.giver.treasurer, note="(Ký, ghi rõ họ tên)"),
                                     Signer("THỦ QUỸ BÊN NHẬN", data.receiver.treasurer, note="(Ký, ghi rõ họ tên)")],
                                    width, space_mm=22)]
    story.append(KeepTogether(closing))
    return story


def render_handover(items: Sequence[HandoverMinutes], *, out: PathLike | None = None,
                    created: datetime | None = None) -> bytes:
    ensure_fonts()
    st = stylesheet()
    width = frame_width(A4, ND30_MARGINS)
    story: list[Flowable] = []
    for i, data in enumerate(items):
        if i:
            story.append(PageBreak())
        story += _one(data, width, st)
    first = items[0]
    pdf = build_document(story, pagesize=A4, margins=ND30_MARGINS, title="Biên bản bàn giao",
                         author=first.organisation.committee_name, subject=first.giver.committee_name, created=created)
    return finish(pdf, out)
