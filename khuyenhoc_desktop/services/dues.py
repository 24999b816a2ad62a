"""Dues use cases (hội phí): the settings (rates per year and đối tượng, exemptions, the shares sent
upward), the collection list of a year, collecting for many members in one step on one phiếu thu, sending
a share upward on a phiếu chi, the figures, and the signing list.

A collection is one transaction: the phiếu thu through the fund (numbered and posted like any phiếu thu,
khoản mục "Hội phí"), one `dues_payment` per member pointing at it, their audit rows. When that phiếu is
reversed or voided the fund calls `release_voucher` inside its own transaction: the payments (and a
submission on a phiếu chi) become `cancelled` and count for nothing. The rules of who owes are in
`domain.dues.liability`; docs/numbers.md says what each figure counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Sequence

from ..domain.changes import Changes
from ..domain.dues import (
    RECEIPT_ITEM, SETTING, SUBMISSION_ITEM, DuesFigures, DuesFilter, DuesLine, DuesRate, DuesSettings,
    UpwardLevel, liability, share, validate_levels, validate_rate, year_problem,
)
from ..domain.errors import AppError, FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..domain.fund import VoucherDraft
from ..domain.limits import amount_problem
from ..domain.printables import DuesListData, DuesListRow
from ..storage import audit, dues as store, settings
from ..storage.records import new_uuid, stamp_new
from ..vietnamese import format_money, normalize

MAX_BATCH = 10_000  # members on one phiếu thu


def _names(items: Sequence[str], limit: int = 5) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f" và {len(items) - limit} người khác" if len(items) > limit else "")


class DuesService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # == settings ==================================================================================
    def settings(self) -> DuesSettings:
        return DuesSettings.from_dict(settings.get(self.ws.db, SETTING))

    def rate_for(self, year: int) -> DuesRate | None:
        return self.settings().rate_for(year)

    def save_rate(self, rate: DuesRate, *, confirm: bool = False) -> Changes:
        """Set the rate of `rate.year` (đối tượng names NFC, amounts in đồng). Warnings (a large amount)
        ask first."""
        rate = replace(rate, by_category=tuple((normalize(c), a) for c, a in rate.by_category))
        problems = validate_rate(rate)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise ValidationError(errors)
        if len(problems) > len(errors) and not confirm:
            raise NeedsConfirmation([p for p in problems if p.severity == "warning"])
        return self._put(self.settings().with_rate(rate), f"Mức hội phí năm {rate.year}")

    def save_levels(self, levels: Sequence[UpwardLevel]) -> Changes:
        levels = tuple(UpwardLevel(normalize(lv.name), round(float(lv.percent), 2)) for lv in levels)
        problems = validate_levels(levels)
        if problems:
            raise ValidationError(problems)
        current = self.settings()
        return self._put(DuesSettings(current.rates, levels), "Tỷ lệ nộp hội phí cấp trên")

    def _put(self, new: DuesSettings, reason: str) -> Changes:
        db = self.ws.db
        with db.atomic():
            before = settings.get(db, SETTING)
            after = new.to_dict()
            if before == after:
                return Changes()
            settings.put(db, SETTING, after)
            audit.record(db, operator=self.ws.operator, action="update", table="setting", uuid=SETTING, version=1,
                         before={"dues": before}, after={"dues": after}, reason=reason)
        return Changes(settings=True)

    # == reading ===================================================================================
    def lines(self, flt: DuesFilter) -> list[DuesLine]:
        """The members of a collection list for `flt.year`: those who owe or paid, and the exempt (shown
        as such), in Vietnamese name order. Members outside that year (joined later, left earlier) only
        when they paid. `unpaid_only`: those who owe and have not paid."""
        problem = year_problem(flt.year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        db = self.ws.db
        rate = self.rate_for(flt.year)
        paid = store.paid_for_year(db, flt.year)
        result = []
        for m in store.member_facts(db, unit_uuid=flt.unit_uuid, search=flt.search, uuids=flt.uuids):
            owed = liability(m, flt.year, rate)
            amount, number = paid.get(m.uuid, (0, ""))
            if flt.unpaid_only and (number or not owed.collectable):
                continue
            if not number and owed.status == "outside":
                continue
            result.append(DuesLine(m.uuid, m.code, m.full_name, m.birth_year, m.village, m.unit_uuid, m.unit_name,
                                   m.category, owed.amount, owed.status, owed.reason, amount, number))
        return result

    def figures(self, year: int) -> DuesFigures:
        """Due, collected and submitted of a year (docs/numbers.md, "Hội phí")."""
        db = self.ws.db
        rate = self.rate_for(year)
        due = owing = exempt = 0
        for group in store.member_groups(db):  # members alike for the rule, counted together
            owed = liability(group, year, rate)
            if owed.status == "owed":
                due += owed.amount * group.count
                owing += group.count
            elif owed.status == "exempt":
                exempt += group.count
        collected, paid = store.collected(db, year)
        return DuesFigures(year, due, collected, store.submitted(db, year), owing, paid, exempt)

    def payments_of(self, member_uuid: str) -> list[store.PaymentRow]:
        return store.payments_of_member(self.ws.db, member_uuid)

    def submissions(self, year: int) -> list[store.SubmissionRow]:
        return store.submissions(self.ws.db, year)

    def years(self, today: date | None = None) -> list[int]:
        """Years worth offering, newest first: those with a rate or a payment, and this year."""
        this = (today or self.ws.clock.today()).year
        known = {r.year for r in self.settings().rates} | set(store.years_paid(self.ws.db)) | {this}
        return sorted(known, reverse=True)

    # == collecting ================================================================================
    def collect(self, member_uuids: Sequence[str], year: int, on: date, *, person: str = "", address: str = "",
                confirm: bool = False, today: date | None = None):
        """Thu hội phí năm `year` of the given members in one step: one phiếu thu (cash, khoản mục "Hội phí")
        for their total, one payment per member linked to it, in one transaction.

        Refused (nothing written): a member already paid for that year, one not a member that year (joined
        later, left before it), one exempt, a year without a rate. Asked (`confirm`): a member who left on
        an unknown day, and what the fund asks (a future posting date)."""
        uuids = list(dict.fromkeys(member_uuids))
        if not uuids:
            raise ValidationError([FieldError("members", "Chưa chọn hội viên nào để thu hội phí.")])
        if len(uuids) > MAX_BATCH:
            raise ValidationError([FieldError("members", f"Một phiếu thu tối đa {MAX_BATCH:,} hội viên; hãy thu theo "
                                                         "từng chi hội.".replace(",", "."))])
        problem = year_problem(year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        db = self.ws.db
        with db.atomic():
            rate = self.rate_for(year)
            if rate is None:
                raise ValidationError([FieldError("year", f"Chưa đặt mức hội phí năm {year} (mục Hội phí → Mức "
                                                          "hội phí).")])
            facts = store.member_facts(db, uuids=uuids, include_deleted=True)
            if len(facts) != len(uuids):
                raise NotFoundError("Có hội viên không còn trong sổ; hãy tải lại danh sách.")
            paid = store.paid_for_year(db, year, uuids)
            already, refused, asked, rows = [], [], [], []
            for m in facts:
                owed = liability(m, year, rate)
                if m.uuid in paid:
                    already.append(f"{m.full_name} ({paid[m.uuid][1]})")
                elif not owed.collectable:
                    refused.append(f"{m.full_name}: {owed.reason}")
                else:
                    if owed.status == "ask":
                        asked.append(f"{m.full_name} ({owed.reason})")
                    rows.append({"member_uuid": m.uuid, "year": year, "amount": owed.amount, "paid_on": "",
                                 "voucher_uuid": "", "unit_uuid": m.unit_uuid})
            problems = []
            if already:
                problems.append(FieldError("members", f"Đã nộp hội phí năm {year}: {_names(already)}."))
            if refused:
                problems.append(FieldError("members", f"Không thu hội phí năm {year} của: {_names(refused)}."))
            if problems:
                raise ValidationError(problems)
            if asked and not confirm:
                raise NeedsConfirmation([FieldError(
                    "members", f"Hội viên đã rời hội (không rõ ngày), vẫn thu hội phí năm {year}? {_names(asked)}.",
                    "warning")])
            units = {m.unit_uuid: m.unit_name for m in facts}
            unit_name = next(iter(units.values())) if len(units) == 1 else ""
            if not person:
                person = self._unit_head(next(iter(units))) if len(units) == 1 else ""
            total = sum(r["amount"] for r in rows)
            where = f" – {unit_name}" if unit_name else ""
            draft = VoucherDraft(kind="thu", voucher_date=on, person=person or "Đại diện các chi hội",
                                 address=address or unit_name, item=RECEIPT_ITEM, amount=total, method="cash",
                                 reason=f"Thu hội phí năm {year}{where} ({len(rows)} hội viên)", attachments=1,
                                 note="Kèm danh sách thu hội phí có chữ ký của hội viên")
            voucher, changes = self.ws.fund.add(draft, confirm=confirm, today=today)
            for r in rows:
                r["voucher_uuid"] = voucher.uuid
                r["paid_on"] = voucher.posting_date.isoformat()
            made = store.insert_payments(db, rows, self.ws.operator, f"Thu hội phí theo phiếu {voucher.number}")
            changes.add("created", store.PAYMENT_TABLE, *made)
        return voucher, changes

    def _unit_head(self, unit_uuid: str) -> str:
        if not unit_uuid:
            return ""
        try:
            return self.ws.units.get(unit_uuid).head
        except NotFoundError:
            return ""

    def release_voucher(self, voucher_uuid: str, reason: str) -> Changes:
        """The fund's reversal and void path: dues counted on this phiếu no longer count (inside the fund's
        transaction)."""
        changes = Changes()
        for table, uuids in store.cancel_for_voucher(self.ws.db, voucher_uuid, reason, self.ws.operator).items():
            changes.add("updated", table, *uuids)
        return changes

    # == sending upward ============================================================================
    def suggested_share(self, year: int, level: str) -> int:
        """collected × the level's percentage, less what was already sent to that level for the year."""
        found = [lv for lv in self.settings().levels if lv.name == level]
        if not found:
            return 0
        collected, _ = store.collected(self.ws.db, year)
        return max(0, share(collected, found[0].percent) - store.submitted_to(self.ws.db, year, level))

    def submit(self, year: int, level: str, on: date, *, amount: int | None = None, person: str = "",
               confirm: bool = False, today: date | None = None):
        """Nộp hội phí cấp trên: a phiếu chi (khoản mục "Nộp hội phí cấp trên") of `amount` (default: the
        level's share of what was collected for `year`, less what was sent already), recorded as the
        year's submission to `level`. More than the level's share asks first."""
        problem = year_problem(year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        levels = {lv.name: lv for lv in self.settings().levels}
        level = normalize(level)
        if level not in levels:
            raise ValidationError([FieldError("level", f"Chưa đặt tỷ lệ nộp về “{level}” (mục Hội phí → Nộp cấp "
                                                       "trên).")])
        percent = levels[level].percent
        shown = f"{percent:g}".replace(".", ",")  # 12,5 %
        db = self.ws.db
        with db.atomic():
            collected, _ = store.collected(db, year)
            expected = max(0, share(collected, percent) - store.submitted_to(db, year, level))
            amount = expected if amount is None else amount
            problem = amount_problem(amount, "Số tiền nộp cấp trên", allow_zero=False)
            if problem:
                raise ValidationError([FieldError("amount", problem)])
            warnings = []
            if amount > expected:
                warnings.append(FieldError("amount", f"Số tiền nộp {format_money(amount)} lớn hơn phần của {level} "
                                                     f"({shown}% số đã thu năm {year}, còn "
                                                     f"{format_money(expected)}).", "warning"))
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
            draft = VoucherDraft(kind="chi", voucher_date=on, person=person or level, address=level,
                                 item=SUBMISSION_ITEM, amount=amount, method="cash",
                                 reason=f"Nộp hội phí năm {year} về {level} ({shown}% của "
                                        f"{format_money(collected)})")
            voucher, changes = self.ws.fund.add(draft, confirm=confirm, today=today)
            values = stamp_new(db, {"uuid": new_uuid(), "year": year, "level": level, "percent": percent,
                                    "base": collected, "amount": amount, "voucher_uuid": voucher.uuid,
                                    "status": "active", "cancel_reason": ""})
            store.insert_submission(db, values)
            audit.record(db, operator=self.ws.operator, action="create", table=store.SUBMISSION_TABLE,
                         uuid=values["uuid"], version=1, before=None, after=values)
            changes.add("created", store.SUBMISSION_TABLE, values["uuid"])
        return voucher, changes

    # == the signing list ==========================================================================
    def signing_list(self, year: int, unit_uuid: str = "", *, unpaid_only: bool = False,
                     on: date | None = None) -> DuesListData:
        """Danh sách thu hội phí (every member who owes or paid, with the phiếu thu of those who paid and a
        column to sign) or, `unpaid_only`, danh sách hội viên chưa nộp hội phí."""
        unit = self.ws.units.get(unit_uuid) if unit_uuid else None
        lines = self.lines(DuesFilter(year, unit_uuid, unpaid_only=unpaid_only))
        rows = tuple(DuesListRow(l.full_name, l.code, l.birth_year, l.village, l.category,
                                 l.paid_amount if l.paid else l.amount, l.voucher_number)
                     for l in lines if l.paid or l.status == "owed")
        if not rows:
            what = "chưa nộp" if unpaid_only else "phải nộp"
            raise AppError(f"Không có hội viên nào {what} hội phí năm {year}"
                           f"{' ở ' + unit.name if unit else ''}; chưa in gì.")
        subtitle = f"Năm {year}" + (f" – {unit.name}" if unit else " – Toàn hội")
        org = self.ws.organisation
        from ..domain.printables import Signer

        signers = (Signer("NGƯỜI LẬP BIỂU", unit.head if unit else ""), Signer("THỦ QUỸ", org.treasurer),
                   Signer("CHỦ TỊCH", org.chair, authority="TM. BAN CHẤP HÀNH"))
        return DuesListData(
            organisation=org,
            title="DANH SÁCH HỘI VIÊN CHƯA NỘP HỘI PHÍ" if unpaid_only else "DANH SÁCH THU HỘI PHÍ",
            subtitle=subtitle, rows=rows, signers=signers, date=on or self.ws.clock.today(),
            show_voucher_column=not unpaid_only, sign_label="Ghi chú" if unpaid_only else "Ký nộp",
        )

    def find_unit(self, text: str) -> str:
        """The uuid of the unit named `text` (folded, without diacritics too); "" for ""."""
        from ..vietnamese import fold

        text = normalize(text)
        if not text:
            return ""
        units = self.ws.units.list()
        for u in units:
            if u.name == text or fold(u.name) == fold(text):
                return u.uuid
        raise NotFoundError(f"Không tìm thấy chi hội/ban “{text}”. Có: " + ", ".join(u.name for u in units[:10]) + ".")


__all__ = ["DuesService"]
