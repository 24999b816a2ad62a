"""Exporting the lists to formatted .xlsx files with the committee header.

Award and class lists use `excel.standard_columns(kind)`, whose headers the importer maps back to the
same fields: an exported list imports back unchanged. Files are written atomically by the excel layer.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ..domain.awards import STATUSES, AwardFilter
from ..domain.classes import ClassFilter
from ..domain.fund import KINDS as VOUCHER_KINDS, METHODS, VoucherFilter
from ..excel import Column, SheetSpec, standard_columns, write_workbook
from ..vietnamese import format_date


class ExportService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- awards -------------------------------------------------------------------------------------
    def award_rows(self, flt: AwardFilter) -> list[dict]:
        """Rows of the filtered award list in Vietnamese name order (tên, họ, đệm)."""
        awards = self.ws.awards.fetch(self.ws.awards.uuids(flt, "name"))
        rows = []
        for a in awards:
            rows.append({
                "full_name": a.full_name,
                "birth": a.birth_date if a.birth_date else a.birth_year,
                "gender": a.gender,
                "parent_name": a.parent_name,
                "village": a.village,
                "class_name": a.class_name,
                "school": a.school,
                "category": a.category,
                "achievement": a.achievement,
                "level": a.level,
                "prize": a.prize,
                "subject": a.subject,
                "amount": a.amount,
                "note": a.note,
                "school_year": a.school_year,
                "status": STATUSES.get(a.status, a.status),
            })
        return rows

    def awards(self, path: str | os.PathLike[str], flt: AwardFilter | None = None) -> Path:
        flt = flt or AwardFilter()
        subtitle = f"Năm học {flt.school_year}" if flt.school_year else ""
        title = "DANH SÁCH KHEN THƯỞNG" + (f" — {flt.category.upper()}" if flt.category else "")
        return write_workbook(path, [SheetSpec(
            title=title, columns=standard_columns("awards"), rows=self.award_rows(flt),
            sheet_name="Khen thưởng", organisation=self.ws.organisation, subtitle=subtitle,
        )])

    # -- vouchers and the cash book -----------------------------------------------------------------
    def vouchers(self, path: str | os.PathLike[str], flt: VoucherFilter | None = None) -> Path:
        flt = flt or VoucherFilter()
        vouchers = self.ws.fund.fetch(self.ws.fund.uuids(flt, "book"))
        rows = [{
            "voucher_type": "Thu" if v.kind == "thu" else "Chi",
            "number": v.number,
            "date": v.posting_date,
            "person": v.person,
            "address": v.address,
            "reason": v.reason,
            "item": v.item,
            "amount": v.amount if v.status != "void" else 0,
            "payment_method": METHODS.get(v.method, v.method),
            "note": "; ".join(p for p in (v.note, f"Đã hủy: {v.void_reason}" if v.status == "void" else "") if p),
        } for v in vouchers]
        totals = {
            "reason": "Thu: {:,} — Chi: {:,}".format(
                sum(r["amount"] for r in rows if r["voucher_type"] == "Thu"),
                sum(r["amount"] for r in rows if r["voucher_type"] == "Chi"),
            ).replace(",", "."),
        }
        subtitle = ""
        if flt.year:
            subtitle = f"Năm {flt.year}"
        if flt.date_from or flt.date_to:
            subtitle = f"Từ ngày {format_date(flt.date_from) if flt.date_from else '…'} đến ngày " \
                       f"{format_date(flt.date_to) if flt.date_to else '…'}"
        title = "DANH SÁCH " + (VOUCHER_KINDS[flt.kind].upper() if flt.kind else "PHIẾU THU, PHIẾU CHI")
        return write_workbook(path, [SheetSpec(
            title=title, columns=standard_columns("vouchers"), rows=rows, sheet_name="Phiếu thu chi",
            organisation=self.ws.organisation, subtitle=subtitle, totals=totals,
        )])

    def cash_book(self, path: str | os.PathLike[str], date_from: date, date_to: date, account: str = "") -> Path:
        """The cash book, or with a bank `account` its sổ tiền gửi, of a period."""
        book = self.ws.fund.book(date_from, date_to, account)
        bank = book.account
        subtitle = f"Từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}"
        if bank is not None:
            subtitle += f" — {bank.label}"
        columns = [
            Column("Ngày ghi sổ", "posting_date", kind="date"),
            Column("Ngày chứng từ", "voucher_date", kind="date"),
            Column("Số giấy báo Có" if bank else "Số phiếu thu", "receipt_no"),
            Column("Số giấy báo Nợ" if bank else "Số phiếu chi", "payment_no"),
            Column("Diễn giải", "description", width=40),
            Column("Thu", "receipt", kind="money"),
            Column("Chi", "payment", kind="money"),
            Column("Tồn", "balance", kind="money"),
            Column("Ghi chú", "note"),
        ]
        rows = [{"description": "Số dư đầu kỳ", "balance": book.opening}]
        rows += [r._asdict() for r in book.rows]
        return write_workbook(path, [SheetSpec(
            title=book.title, columns=columns, rows=rows, sheet_name="Sổ tiền gửi" if bank else "Sổ quỹ",
            organisation=self.ws.organisation, subtitle=subtitle,
            totals={"description": "Cộng phát sinh / tồn cuối kỳ", "receipt": book.receipts,
                    "payment": book.payments, "balance": book.closing},
        )])

    # -- classes ------------------------------------------------------------------------------------
    def classes(self, path: str | os.PathLike[str], flt: ClassFilter | None = None) -> Path:
        flt = flt or ClassFilter()
        classes = self.ws.classes.fetch(self.ws.classes.uuids(flt))
        rows, learners = [], []
        for c in classes:
            rows.append({
                "title": c.name, "field": c.field, "form": c.form, "partner": c.partner, "speaker": c.speaker,
                "location": c.venue, "start_date": c.start_date, "end_date": c.end_date, "sessions": c.sessions,
                "learners": c.learners, "female": c.women, "ethnic_minority": c.minority, "budget": c.budget,
                "note": c.note,
            })
            for learner in self.ws.classes.learners(c.uuid):
                learners.append({"class": c.name, "full_name": learner.full_name, "birth": learner.birth_year,
                                 "gender": learner.gender, "village": learner.village, "note": learner.note})
        org = self.ws.organisation
        subtitle = f"Năm học {flt.school_year}" if flt.school_year else (f"Năm {flt.year}" if flt.year else "")
        learner_columns = [Column("STT", "stt", kind="int"), Column("Lớp/chuyên đề", "class")]
        learner_columns += [c for c in standard_columns("learners") if c.key != "stt"]
        sheets = [
            SheetSpec(title="DANH SÁCH LỚP HỌC, CHUYÊN ĐỀ", columns=standard_columns("classes"), rows=rows,
                      sheet_name="Lớp học", organisation=org, subtitle=subtitle),
            SheetSpec(title="DANH SÁCH HỌC VIÊN", columns=learner_columns, rows=learners, sheet_name="Học viên",
                      organisation=org, subtitle=subtitle, totals=False),
        ]
        return write_workbook(path, sheets)

    # -- summary tables -----------------------------------------------------------------------------
    def summary(self, path: str | os.PathLike[str], school_year: str | None = None) -> Path:
        from ..domain.awards import STATUSES
        from .summary import summary

        data = summary(self.ws, school_year)
        org = self.ws.organisation
        subtitle = f"Năm học {school_year}" if school_year else "Tất cả các năm"
        sheets = []
        awards = data.get("awards") or {}
        columns = [Column("STT", "stt", kind="int"), Column("Nhóm", "group", width=40),
                   Column("Số suất", "count", kind="int"), Column("Số tiền", "amount", kind="money")]
        for key, label in (("by_category", "Theo loại thành tích"), ("by_level", "Theo cấp"),
                           ("by_school_year", "Theo năm học"), ("by_status", "Theo trạng thái")):  # drafts: apart
            rows = [{"group": STATUSES.get(k, k) if key == "by_status" else k, "count": v["count"], "amount": v["amount"]}
                    for k, v in (awards.get(key) or {}).items()]
            sheets.append(SheetSpec(title=f"TỔNG HỢP KHEN THƯỞNG — {label.upper()}", columns=columns, rows=rows,
                                    sheet_name=label, organisation=org, subtitle=subtitle,
                                    totals={"count": sum(r["count"] for r in rows),
                                            "amount": sum(r["amount"] for r in rows)}))
        other = [(name, value) for name, value in data.items() if name != "awards" and isinstance(value, dict)]
        if other:
            rows = []
            for name, value in other:
                for k, v in _flatten(value):
                    rows.append({"section": name, "key": k, "value": v})
            sheets.append(SheetSpec(
                title="SỐ LIỆU TỔNG HỢP KHÁC", sheet_name="Số liệu khác", organisation=org, subtitle=subtitle,
                columns=[Column("STT", "stt", kind="int"), Column("Phần", "section"), Column("Chỉ tiêu", "key", width=40),
                         Column("Giá trị", "value")],
                rows=rows, totals=False,
            ))
        return write_workbook(path, sheets)


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}{k}" if not prefix else f"{prefix} / {k}")
    elif isinstance(value, (list, tuple)):
        yield prefix, ", ".join(str(x) for x in value)
    else:
        yield prefix, value if isinstance(value, (int, str)) or value is None else str(value)


__all__ = ["ExportService"]
