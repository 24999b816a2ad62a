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
from ..domain.meetings import SPEC as MEETING_SPEC, MeetingFilter
from ..domain.members import MemberFilter
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

    # -- members ------------------------------------------------------------------------------------
    def members(self, path: str | os.PathLike[str], flt: MemberFilter | None = None) -> Path:
        """The member list as filtered, in Vietnamese name order, under the spec's export columns: no CCCD
        and no phone number (personal data stays in the program)."""
        flt = flt or MemberFilter()
        units = {u.uuid: u.name for u in self.ws.units.list()}
        rows = [{
            "code": m.code, "full_name": m.full_name, "birth": m.birth_date if m.birth_date else m.birth_year,
            "gender": m.gender, "ethnicity": m.ethnicity, "village": m.village, "unit": units.get(m.unit_uuid, ""),
            "role": m.role, "category": m.category, "joined_on": m.joined_on, "card_no": m.card_no, "note": m.note,
        } for m in self.ws.members.fetch(self.ws.members.uuids(flt, "name"))]
        return write_workbook(path, [SheetSpec(
            title="DANH SÁCH HỘI VIÊN", columns=standard_columns("members"), rows=rows, sheet_name="Hội viên",
            organisation=self.ws.organisation,
        )])

    # -- meetings -----------------------------------------------------------------------------------
    def meetings(self, path: str | os.PathLike[str], flt: MeetingFilter | None = None) -> Path:
        """The meetings as filtered, newest first, under the spec's export columns (export only)."""
        rows = [{
            "number": m.number, "date": m.start.date() if m.start else None, "kind": m.kind, "subject": m.subject,
            "location": m.location, "chair": m.chair, "secretary": m.secretary, "members_total": m.members_total,
            "members_present": m.members_present, "members_absent": m.members_absent, "agenda": len(m.agenda),
            "awards": len(m.award_uuids),
        } for m in self.ws.meetings.list(flt or MeetingFilter())]
        columns = [Column(c.header, c.key, kind=c.type) for c in MEETING_SPEC.export]
        return write_workbook(path, [SheetSpec(
            title="DANH SÁCH CUỘC HỌP, BIÊN BẢN", columns=columns, rows=rows, sheet_name="Cuộc họp",
            organisation=self.ws.organisation, totals=False,
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
        """The summary (services.summary) as Vietnamese tables: awards by each breakdown, classes by
        field, the fund one book a row, and for a province file one row per commune."""
        from .summary import summary

        data = summary(self.ws, school_year)
        org = self.ws.organisation
        subtitle = f"Năm học {school_year}" if school_year else "Tất cả các năm"

        def sheet(title: str, name: str, columns: list[Column], rows: list[dict], totals) -> SheetSpec:
            return SheetSpec(title=title, columns=[Column("STT", "stt", kind="int"), *columns], rows=rows,
                             sheet_name=name, organisation=org, subtitle=subtitle, totals=totals)

        def summed(rows: list[dict], *keys: str) -> dict:
            return {k: sum(r[k] for r in rows) for k in keys}

        sheets = []
        awards = data.get("awards") or {}
        award_columns = [Column("Nhóm", "group", width=40), Column("Số suất", "count", kind="int"),
                         Column("Số tiền", "amount", kind="money")]
        for key, label in _AWARD_BREAKDOWNS:  # drafts are counted only by their status
            rows = [{"group": STATUSES.get(k, k) if key == "by_status" else k, "count": v["count"],
                     "amount": v["amount"]} for k, v in (awards.get(key) or {}).items()]
            sheets.append(sheet(f"TỔNG HỢP KHEN THƯỞNG — {label.upper()}", label, award_columns, rows,
                                summed(rows, "count", "amount")))

        classes = data.get("classes") or {}
        class_columns = [Column("Lĩnh vực", "group", width=40), Column("Số lớp", "count", kind="int"),
                         Column("Lượt người học", "learners", kind="int"), Column("Nữ", "women", kind="int"),
                         Column("Dân tộc thiểu số", "minority", kind="int")]
        rows = [{"group": k, **{c: v[c] for c in _CLASS_FIGURES}} for k, v in (classes.get("by_field") or {}).items()]
        sheets.append(sheet("TỔNG HỢP LỚP HỌC, CHUYÊN ĐỀ THEO LĨNH VỰC", "Lớp học theo lĩnh vực", class_columns,
                            rows, summed(rows, *_CLASS_FIGURES)))

        fund = data.get("fund") or {}
        rows = [{"name": b["name"], **{k: b[k] for k in _FUND_FIGURES}} for b in fund.get("books") or []]
        sheets.append(sheet("TỔNG HỢP QUỸ THEO SỔ", "Quỹ theo sổ", [Column("Sổ", "name", width=40), *_FUND_COLUMNS],
                            rows, {k: fund.get(k, 0) for k in _FUND_FIGURES}))

        by_commune = data.get("by_commune")
        if by_commune is not None:
            rows = [{"code": code, "name": c["name"], "awards": c["awards"]["count"],
                     "award_amount": c["awards"]["amount"], "classes": c["classes"]["count"],
                     "learners": c["classes"]["learners"], **{k: c["fund"][k] for k in _FUND_FIGURES}}
                    for code, c in by_commune.items()]
            columns = [Column("Mã xã", "code"), Column("Tên xã", "name", width=30),
                       Column("Số suất khen thưởng", "awards", kind="int"),
                       Column("Tiền khen thưởng", "award_amount", kind="money"),
                       Column("Số lớp", "classes", kind="int"), Column("Lượt người học", "learners", kind="int"),
                       *_FUND_COLUMNS]
            sheets.append(sheet("TỔNG HỢP THEO XÃ", "Theo xã", columns, rows,
                                summed(rows, "awards", "award_amount", "classes", "learners",
                                       *_FUND_FIGURES)))

        pending = awards.get("pending") or {}
        general = [
            ("Khen thưởng đã trao (đã duyệt, đã chi)", awards.get("count", 0), awards.get("amount", 0)),
            ("Khen thưởng chờ duyệt", pending.get("count", 0), pending.get("amount", 0)),
            ("Số lớp học, chuyên đề", classes.get("count", 0), None),
            ("Lượt người học", classes.get("learners", 0), None),
            ("— trong đó nữ", classes.get("women", 0), None),
            ("— trong đó dân tộc thiểu số", classes.get("minority", 0), None),
            ("Tồn quỹ đầu kỳ", None, fund.get("opening", 0)),
            ("Thu trong kỳ", None, fund.get("receipts", 0)),
            ("Chi trong kỳ", None, fund.get("payments", 0)),
            ("Tồn quỹ cuối kỳ", None, fund.get("balance", 0)),
            ("Số phiếu thu, chi", fund.get("vouchers", 0), None),
        ]
        sheets.append(sheet("SỐ LIỆU TỔNG HỢP CHUNG", "Số liệu chung",
                            [Column("Chỉ tiêu", "label", width=45), Column("Số lượng", "count", kind="int"),
                             Column("Số tiền", "amount", kind="money")],
                            [{"label": label, "count": n, "amount": amount} for label, n, amount in general], False))
        return write_workbook(path, sheets)


_AWARD_BREAKDOWNS = (("by_category", "Theo loại thành tích"), ("by_level", "Theo cấp"),
                     ("by_school_year", "Theo năm học"), ("by_funding_source", "Theo nguồn kinh phí"),
                     ("by_status", "Theo trạng thái"))
_CLASS_FIGURES = ("count", "learners", "women", "minority")
_FUND_FIGURES = ("opening", "receipts", "payments", "balance", "vouchers")
_FUND_COLUMNS = [Column("Tồn đầu kỳ", "opening", kind="money"), Column("Thu", "receipts", kind="money"),
                 Column("Chi", "payments", kind="money"), Column("Tồn cuối kỳ", "balance", kind="money"),
                 Column("Số phiếu", "vouchers", kind="int")]


__all__ = ["ExportService"]
