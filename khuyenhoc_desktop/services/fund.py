"""Fund use cases (quỹ khuyến học): phiếu thu / phiếu chi (cash), giấy báo Có / Nợ (bank), the cash book
and the bank books, bank accounts, paying awards, khóa sổ, kiểm kê.

Two kinds of book: the cash book (sổ quỹ tiền mặt) holds only cash; each bank account has its bank book
(sổ tiền gửi ngân hàng). Each book has its own opening balance and balance; the fund is their sum. A
method `account` argument names the book: "" the cash book, a bank account's uuid its bank book, None
(where allowed) the whole fund.

Ledger rules, enforced here and, for immutability and the period lock, by
triggers in the data file too:

* a saved phiếu is never edited or deleted: `reverse` writes a reversal (same kind, negative amount,
  "Đảo phiếu PT-2026-0003: …", its own number), `correct` writes a reversal and a new phiếu, `void`
  cancels a phiếu whose number stays in the book with its reason;
* numbers run without gaps per series (PT, PC, BC, BN) and year of the posting date, taken from a
  counter inside the saving transaction (a save that fails gives its number back);
* a balance is always computed: opening balance of the book's first year + its posted entries;
* nothing is added, reversed or voided with a date inside the locked period (`PeriodLockedError`);
* a change that would make a book's balance negative needs `confirm=True` (`NeedsConfirmation`).

Every write runs in one transaction with its audit rows. Methods return the saved record and a
`Changes` telling the UI what to refresh.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Iterable, Sequence

from ..domain.list_count import ListCount
from ..domain.changes import Changes
from ..domain.limits import amount_problem, count_problem
from ..domain.errors import (
    AppError,
    ConflictError,
    FieldError,
    NeedsConfirmation,
    NotFoundError,
    PeriodLockedError,
    ValidationError,
)
from ..domain.fund import (
    AWARD_PAYMENT_ITEM,
    BankAccount,
    ITEM_CATALOGS,
    CashBook,
    CashCount,
    ItemTotal,
    LockEntry,
    MonthTotal,
    OpeningBalance,
    Voucher,
    VoucherDraft,
    VoucherFilter,
    VoucherLink,
    counter_key,
    format_number,
    validate_account,
    validate_voucher,
)
from ..storage import audit, dues as dues_store, fund as store, records
from ..storage.tables import table_exists
from ..storage.records import now_iso, stamp_change, stamp_new
from ..vietnamese import fold, format_date, format_money, normalize, normalize_multiline
from .fund_summary import cash_difference

TABLE = store.TABLE
OLD_FILE = ("Tệp dữ liệu này chưa được nâng cấp để tách sổ quỹ tiền mặt và sổ tiền gửi ngân hàng. Hãy mở tệp "
            "một lần bằng Khuyến học Desktop (chương trình tự nâng cấp và sao lưu tệp) rồi in lại.")
MAX_REASON = 250  # the user's part of "Đảo phiếu PT-2026-0003: …" / of a void reason


class FundService:
    """The fund of one data file (`ws.fund`)."""

    def __init__(self, ws) -> None:
        self.ws = ws

    # == reading ===================================================================================
    def get(self, uuid: str) -> Voucher:
        voucher = store.get(self.ws.db, uuid=uuid)
        if voucher is None:
            raise NotFoundError("Không tìm thấy phiếu thu/chi này.")
        return voucher

    def get_by_number(self, number: str) -> Voucher:
        voucher = store.get(self.ws.db, number=normalize(number).upper())
        if voucher is None:
            raise NotFoundError(f"Không tìm thấy phiếu số “{normalize(number)}”.")
        return voucher

    def fetch(self, uuids: Iterable[str]) -> list[Voucher]:
        """Whole vouchers for the given UUIDs, in the order given."""
        return store.fetch_many(self.ws.db, uuids)

    def count_and_totals(self, flt: VoucherFilter) -> ListCount:
        """The number of vouchers of the filtered list, their receipts and payments (void ones excluded)."""
        return store.count_and_totals(self.ws.db, flt)

    def page(self, flt: VoucherFilter, **kwargs) -> list[tuple]:
        """One page of list rows (`storage.fund.LIST_COLUMNS` + the sort value); see `storage.fund.page`."""
        return store.page(self.ws.db, flt, **kwargs)

    def uuids(self, flt: VoucherFilter, sort: str = "book") -> list[str]:
        return store.uuids_matching(self.ws.db, flt, sort)

    def links(self, uuid: str) -> list[VoucherLink]:
        """The records a phiếu pays or collects for."""
        return store.links_of(self.ws.db, uuid)

    def vouchers_for(self, target_table: str, target_uuid: str) -> list[Voucher]:
        """Every phiếu linked to a record (e.g. an award's payment and its reversal), in book order."""
        return store.vouchers_linking(self.ws.db, target_table, target_uuid)

    def reversal_of(self, uuid: str) -> Voucher | None:
        return store.reversal_of(self.ws.db, uuid)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def next_number(self, kind: str, on: date | None = None, account: str = "") -> str:
        """The number the next phiếu (or, with a bank `account`, giấy báo) of `kind` posted on `on` will get
        (shown on a new form; not reserved)."""
        year = (on or self.ws.clock.today()).year
        bank = bool(account)
        return format_number(kind, year, store.peek_seq(self.ws.db, counter_key(kind, bank), year), bank)

    def items(self, kind: str) -> list[str]:
        """Khoản mục offered for a phiếu thu ("thu") or phiếu chi ("chi") (the catalogue)."""
        return self.ws.catalogs.names(ITEM_CATALOGS[kind])

    def suggestions(self, column: str) -> list[str]:
        """Values already used in person / address / item / reason (for completion)."""
        return store.distinct_values(self.ws.db, column)

    # == balances and books ========================================================================
    def book_years(self, today: date) -> list[int]:
        """The years a user may look at, newest first: every year from the first to the last posting,
        the year of the opening balance and the current year."""
        years = {today.year}
        span = store.posting_year_span(self.ws.db)
        if span is not None:
            years.update(range(span[0], span[1] + 1))
        opening = self.opening()
        if opening is not None:
            years.add(opening.year)
        return sorted(years, reverse=True)

    def opening(self) -> OpeningBalance | None:
        """The stored số dư đầu kỳ (first year of the book), or None."""
        return store.opening(self.ws.db)

    def opening_balance(self, year: int, account: str | None = None) -> int:
        """Số dư đầu kỳ of `year` (whole fund, or one book): the stored one for the first year, carried
        forward afterwards."""
        return self._balance_before(date(year, 1, 1), account)

    def balance(self, at: date | None = None, account: str | None = None) -> int:
        """Tồn quỹ at the end of day `at` (None: after every entry): of the whole fund (`account` None),
        the cash book ("") or a bank account's book."""
        return self._balance_before(date.max if at is None else at + timedelta(days=1), account)

    def cash_book(self, date_from: date, date_to: date) -> CashBook:
        """Sổ quỹ tiền mặt (S07-DN) of a period: cash only. See `book`."""
        return self.book(date_from, date_to, "")

    def bank_book(self, date_from: date, date_to: date, account: str) -> CashBook:
        """Sổ tiền gửi ngân hàng (S08-DN) of one bank account over a period. See `book`."""
        if not account:
            raise ValidationError([FieldError("account_uuid", "Chưa chọn tài khoản ngân hàng.")])
        return self.book(date_from, date_to, account)

    def book(self, date_from: date, date_to: date, account: str) -> CashBook:
        """One book of a period: opening balance, rows in book order with the running balance on every
        row, totals and closing balance. Void entries keep their line with no amount."""
        if date_from > date_to:
            raise ValidationError([FieldError("date_to", "Ngày cuối kỳ trước ngày đầu kỳ.")])
        if not store.has_books(self.ws.db):  # opened read-only before migration 0008: transfers not apart
            raise AppError(OLD_FILE)
        bank = self.account(account) if account else None
        opened = self.opened_on(account)
        start = date_from
        if opened is not None and date_from < opened <= date_to:
            start = opened  # the book starts with its opening balance
        opening_value = self._balance_before(start, account)
        rows = store.cash_book_rows(self.ws.db, date_from, date_to, opening_value, account)
        receipts, payments = store.cash_book_sums(rows)
        return CashBook(date_from, date_to, opening_value, rows, receipts, payments,
                        opening_value + receipts - payments, account=bank, opened_on=opened)

    def opened_on(self, account: str) -> date | None:
        """Ngày mở sổ of a book: 1 January of its opening-balance year, else its first entry's date."""
        year = self._opening_year(account)
        if year is not None:
            return date(year, 1, 1)
        return store.first_posting_date(self.ws.db, account)

    def book_totals(self, date_from: date, date_to: date) -> list[dict]:
        """Per book (cash first, then each bank account): name, opening, receipts, payments, balance and
        number of entries over a period; balance = opening + receipts − payments. A file opened read-only
        before its upgrade has one book, the whole fund."""
        if not store.has_books(self.ws.db):
            stored, start = store.opening(self.ws.db), date_from
            if stored is not None and date_from < date(stored.year, 1, 1) <= date_to:
                start = date(stored.year, 1, 1)
            opening = self._balance_before(start)
            receipts, payments, count = store.totals_between(self.ws.db, date_from, date_to)
            return [{"book": "fund", "account": None, "name": "Quỹ (tệp chưa nâng cấp, chưa tách sổ tiền gửi)",
                     "opening": opening, "receipts": receipts, "payments": payments,
                     "balance": opening + receipts - payments, "vouchers": count}]
        result = []
        for account in [None, *self.accounts()]:
            key = account.uuid if account else ""
            opened = self.opened_on(key)
            start = max(date_from, opened) if opened is not None and opened <= date_to else date_from
            opening = self._balance_before(start, key)
            receipts, payments, count = store.totals_between(self.ws.db, date_from, date_to, key)
            result.append({"book": "bank" if account else "cash", "account": key,
                           "name": account.label if account else "Sổ quỹ tiền mặt",
                           "opening": opening, "receipts": receipts, "payments": payments,
                           "balance": opening + receipts - payments, "vouchers": count})
        return result

    # == bank accounts =============================================================================
    def accounts(self, include_deleted: bool = False) -> list[BankAccount]:
        """The bank accounts of the fund (catalogue), in the order they were added."""
        return store.accounts(self.ws.db, include_deleted)

    def account(self, uuid: str) -> BankAccount:
        found = store.get_account(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy tài khoản ngân hàng này.")
        return found

    def find_account(self, text: str = "") -> BankAccount:
        """The account whose number (spaces and dots ignored) or name is `text`; with "" the only account."""
        accounts = self.accounts()
        if not accounts:
            raise NotFoundError("Chưa có tài khoản ngân hàng nào trong danh mục.")
        wanted = normalize(text)
        if not wanted:
            if len(accounts) > 1:
                raise AppError("Hội có nhiều tài khoản ngân hàng; hãy chọn một: "
                               + "; ".join(a.account_no or a.name for a in accounts) + ".")
            return accounts[0]
        digits = "".join(c for c in wanted if c.isalnum())
        for account in accounts:
            if digits and "".join(c for c in account.account_no if c.isalnum()) == digits:
                return account
        for account in accounts:
            if fold(account.name) == fold(wanted):
                return account
        raise NotFoundError(f"Không tìm thấy tài khoản ngân hàng “{wanted}”.")

    def save_account(self, uuid: str | None, *, name: str = "", account_no: str = "", bank_name: str = "",
                     opening_year: int | None = None, opening_amount: int = 0, note: str = "",
                     confirm: bool = False) -> tuple[BankAccount, Changes]:
        """Add (uuid None) or edit a bank account. Its opening balance can change while its year is not
        locked and no entry of the account is dated before it."""
        name, account_no, bank_name = normalize(name), normalize(account_no), normalize(bank_name)
        note = normalize_multiline(note)
        problems = validate_account(name, account_no, bank_name, opening_year, opening_amount, note)
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        changes = Changes()
        after = {"name": name, "account_no": account_no, "bank_name": bank_name, "opening_year": opening_year,
                 "opening_amount": opening_amount, "note": note}
        with db.atomic():
            if any(a.account_no == account_no and a.uuid != uuid for a in store.accounts(db) if account_no):
                raise ValidationError([FieldError("account_no", f"Số tài khoản {account_no} đã có trong danh mục.")])
            if uuid is None:
                values = stamp_new(db, dict(after))
                store.insert_account(db, values)
                audit.record(db, operator=self.ws.operator, action="create", table=store.ACCOUNT_TABLE,
                             uuid=values["uuid"], version=1, before=None, after=after)
                changes.add("created", store.ACCOUNT_TABLE, values["uuid"])
                return self.account(values["uuid"]), changes
            existing = self.account(uuid)
            before = {k: getattr(existing, k) for k in after}
            if before == after:
                return existing, changes
            guard = None
            if (before["opening_year"], before["opening_amount"]) != (opening_year, opening_amount):
                first = store.first_posting_date(db, uuid)
                if opening_year is not None and first is not None and first.year < opening_year:
                    raise ValidationError([FieldError(
                        "opening_year", f"Tài khoản đã có giấy báo từ năm {first.year}; số dư đầu kỳ phải nhập "
                                        f"cho năm {first.year} hoặc trước đó.")])
                years = [y for y in (before["opening_year"], opening_year) if y is not None]
                start = date(min(years), 1, 1) if years else date(1990, 1, 1)
                self._ensure_open(start, "sửa số dư đầu kỳ của năm")
                guard = self._balance_guard(start, uuid)
            values = stamp_change(db, existing.version, dict(after))
            store.update_account(db, uuid, values)
            audit.record(db, operator=self.ws.operator, action="update", table=store.ACCOUNT_TABLE, uuid=uuid,
                         version=values["version"], before=before, after=after)
            changes.add("updated", store.ACCOUNT_TABLE, uuid)
            warnings = guard.check("sửa số dư đầu kỳ") if guard is not None else []
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return self.account(uuid), changes

    def delete_account(self, uuid: str) -> Changes:
        """Remove a bank account that has no entry (one with entries stays: its book is a ledger)."""
        db = self.ws.db
        with db.atomic():
            existing = self.account(uuid)
            if store.account_in_use(db, uuid):
                raise ConflictError(f"Tài khoản “{existing.label}” đã có giấy báo Có/Nợ trong sổ; không xóa được.")
            values = stamp_change(db, existing.version, {"deleted": 1})
            store.update_account(db, uuid, values)
            audit.record(db, operator=self.ws.operator, action="delete", table=store.ACCOUNT_TABLE, uuid=uuid,
                         version=values["version"], before={"deleted": 0}, after={"deleted": 1})
        return Changes().add("deleted", store.ACCOUNT_TABLE, uuid)

    def totals_by_item(self, date_from: date | None = None, date_to: date | None = None,
                       year: int | None = None) -> list[ItemTotal]:
        """Thu and chi by khoản mục (receipts first, largest first); net of reversals, voids excluded."""
        if year:
            date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        return store.totals_by_item(self.ws.db, date_from or date(1900, 1, 1), date_to or date(9999, 12, 31))

    def totals_by_month(self, year: int, account: str | None = None) -> list[MonthTotal]:
        """Twelve months of `year` (whole fund or one book): tồn đầu tháng, cộng phát sinh thu/chi, tồn cuối tháng."""
        sums = store.monthly_sums(self.ws.db, year, account)
        balance = self.opening_balance(year, account)
        result = []
        for month in range(1, 13):
            receipts, payments = sums.get(month, (0, 0))
            closing = balance + receipts - payments
            result.append(MonthTotal(year, month, balance, receipts, payments, closing))
            balance = closing
        return result

    # == writing: vouchers =========================================================================
    def check(self, draft: VoucherDraft, today: date | None = None) -> tuple[VoucherDraft, list[FieldError], list[FieldError]]:
        """Validate without saving: (normalised draft, errors, warnings)."""
        draft = draft.normalized()
        problems = validate_voucher(draft, today or self.ws.clock.today())
        errors = [p for p in problems if p.severity == "error"]
        if draft.account_uuid:
            account = store.get_account(self.ws.db, draft.account_uuid)
            if account is None or account.deleted:
                errors.append(FieldError("account_uuid", "Tài khoản ngân hàng này không còn trong danh mục."))
        year = self._opening_year(draft.account_uuid) if not errors else None
        if year is not None and draft.posting_date.year < year:
            book = "Sổ tiền gửi của tài khoản này" if draft.account_uuid else "Sổ quỹ tiền mặt"
            errors.append(FieldError("posting_date", f"{book} bắt đầu từ năm {year} (số dư đầu kỳ); "
                                                     f"không ghi được năm {draft.posting_date.year}."))
        return draft, errors, [p for p in problems if p.severity == "warning"]

    def add(
        self,
        draft: VoucherDraft,
        *,
        links: Sequence[tuple] = (),
        confirm: bool = False,
        today: date | None = None,
    ) -> tuple[Voucher, Changes]:
        """Save a new phiếu thu / phiếu chi and give it the next number.

        `links` are (target_table, target_uuid[, amount]) of records it pays for (not awards: use
        `pay_awards`). Raises ValidationError, PeriodLockedError, or NeedsConfirmation for warnings and
        for a balance that would go negative unless `confirm`.
        """
        draft, errors, warnings = self.check(draft, today)
        if errors:
            raise ValidationError(errors)
        self._ensure_open(draft.posting_date, "ghi phiếu")
        link_rows = [self._link_tuple(link) for link in links]
        if any(t == "award" for t, _, _ in link_rows):
            raise AppError("Phiếu chi trả thưởng phải lập bằng chức năng Chi trả thưởng.")
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            for table, target, _ in link_rows:
                self._ensure_target(table, target)
            guard = self._balance_guard(draft.posting_date, draft.account_uuid) if draft.kind == "chi" else None
            uuid, _ = self._insert(draft, links=link_rows, changes=changes)
            if guard is not None:
                warnings += guard.check(f"chi {format_money(draft.amount)}")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return self.get(uuid), changes

    def reverse(
        self,
        uuid: str,
        reason: str,
        on: date | None = None,
        *,
        confirm: bool = False,
        today: date | None = None,
    ) -> tuple[Voucher, Changes]:
        """Đảo phiếu: a reversal dated `on` (default today) with the same kind and a negative amount,
        reason "Đảo phiếu PT-2026-0003: <reason>". Awards paid by the original return to "approved".
        Returns the reversal."""
        on = on or today or self.ws.clock.today()
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            guard = self._balance_guard(on, self.get(uuid).account_uuid)
            reversal_uuid, original = self._reverse(uuid, reason, on, changes)
            warnings = guard.check(f"đảo phiếu {original.number}")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return self.get(reversal_uuid), changes

    def correct(
        self,
        uuid: str,
        draft: VoucherDraft,
        reason: str,
        on: date | None = None,
        *,
        confirm: bool = False,
        today: date | None = None,
    ) -> tuple[Voucher, Voucher, Changes]:
        """Sửa một phiếu đã ghi: reversal of the original plus a new correct phiếu, in one transaction.

        The reversal is dated `on` (default: the new phiếu's posting date). Returns (reversal, new phiếu).
        Award payments cannot be corrected this way: reverse them and pay the awards again.
        """
        draft, errors, warnings = self.check(draft, today)
        if errors:
            raise ValidationError(errors)
        on = on or draft.posting_date
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            if any(link.target_table == "award" for link in store.links_of(db, uuid)):
                raise ConflictError("Phiếu này chi trả thưởng: hãy đảo phiếu rồi lập lại phiếu chi trả thưởng.")
            if table_exists(db, "dues_payment") and dues_store.voucher_has_dues(db, uuid):
                raise ConflictError("Phiếu này thu hoặc nộp hội phí: hãy đảo phiếu rồi thu (nộp) lại trong mục Hội phí.")
            books = dict.fromkeys((self.get(uuid).account_uuid, draft.account_uuid))
            guards = [self._balance_guard(min(on, draft.posting_date), book) for book in books]
            reversal_uuid, original = self._reverse(uuid, reason, on, changes)
            self._ensure_open(draft.posting_date, "ghi phiếu")
            links = [(l.target_table, l.target_uuid, l.amount) for l in store.links_of(db, uuid)]
            new_uuid, _ = self._insert(draft, links=links, changes=changes)
            for guard in guards:
                warnings += guard.check(f"sửa phiếu {original.number}")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return self.get(reversal_uuid), self.get(new_uuid), changes

    def void(self, uuid: str, reason: str, *, confirm: bool = False) -> Changes:
        """Hủy phiếu: the number stays in the book marked void with `reason`; its amount no longer counts.

        A phiếu already reversed, or a reversal, cannot be voided. Awards it paid return to "approved".
        """
        reason = normalize(reason)
        if not reason:
            raise ValidationError([FieldError("void_reason", "Chưa nhập lý do hủy phiếu.")])
        if len(reason) > MAX_REASON:
            raise ValidationError([FieldError("void_reason", f"Lý do hủy quá dài (tối đa {MAX_REASON} ký tự).")])
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            before = store.raw_row(db, uuid)
            if before is None:
                raise NotFoundError("Không tìm thấy phiếu thu/chi này.")
            number = before["number"]
            _ensure_own_book(before)
            if before["status"] == "void":
                raise ConflictError(f"Phiếu {number} đã hủy rồi.")
            if before["reverses_uuid"]:
                raise ConflictError(f"Phiếu {number} là phiếu đảo, không hủy được. "
                                    "Nếu đảo nhầm, hãy lập lại phiếu đúng.")
            reversal = store.reversal_of(db, uuid)
            if reversal is not None:
                raise ConflictError(f"Phiếu {number} đã được đảo bởi phiếu {reversal.number}; không hủy được.")
            posted = date.fromisoformat(before["posting_date"])
            self._ensure_open(posted, "hủy phiếu")
            guard = self._balance_guard(posted, before["account_uuid"])
            values = stamp_change(db, before["version"], {"status": "void", "void_reason": reason,
                                                          "voided_at": now_iso()})
            store.update_status(db, uuid, values)
            audit.record(db, operator=self.ws.operator, action="void", table=TABLE, uuid=uuid,
                         version=values["version"],
                         before={"status": before["status"], "void_reason": before["void_reason"]},
                         after={"status": "void", "void_reason": reason}, reason=reason)
            changes.add("updated", TABLE, uuid)
            self._return_awards(uuid, f"Hủy phiếu {number}: {reason}", changes)
            self._release_dues(uuid, f"Hủy phiếu {number}: {reason}", changes)
            warnings = guard.check(f"hủy phiếu {number}")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return changes

    # == paying awards =============================================================================
    def pay_awards(
        self,
        award_uuids: Sequence[str],
        on: date,
        person: str,
        reason: str | None = None,
        *,
        item: str = AWARD_PAYMENT_ITEM,
        address: str = "",
        method: str = "cash",
        account: str = "",
        attachments: int = 0,
        posting_date: date | None = None,
        note: str = "",
        confirm: bool = False,
        today: date | None = None,
    ) -> tuple[Voucher, Changes]:
        """One phiếu chi (or, paid from bank `account`, a giấy báo Nợ) for the total of the given awards,
        linked to each; the awards become "awarded".

        Only approved, not deleted awards with an amount, all from one school year, not already paid.
        `person` is người nhận tiền; `reason` defaults to "Chi khen thưởng năm học … (N suất)".
        Reversing or voiding the phiếu returns the awards to "approved".
        """
        award_uuids = list(dict.fromkeys(award_uuids))
        if not award_uuids:
            raise ValidationError([FieldError("awards", "Chưa chọn suất khen thưởng nào để chi.")])
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            awards = self.ws.awards.fetch(award_uuids)
            if len(awards) != len(award_uuids):
                raise NotFoundError("Có suất khen thưởng không còn trong dữ liệu; hãy tải lại danh sách.")
            problems = _award_problems(awards, store.active_payments(db, "award", award_uuids))
            if problems:
                raise ValidationError(problems)
            school_year = awards[0].school_year
            total = sum(a.amount for a in awards)
            if reason is None:
                decisions = {a.decision_no for a in awards}
                basis = f" theo Quyết định số {decisions.pop()}" if len(decisions) == 1 and "" not in decisions else ""
                reason = f"Chi khen thưởng năm học {school_year}{basis} ({len(awards)} suất)"
            draft = VoucherDraft(kind="chi", voucher_date=on, posting_date=posting_date, person=person,
                                 address=address, reason=reason, item=item, amount=total, method=method,
                                 attachments=attachments, note=note, account_uuid=account)
            draft, errors, warnings = self.check(draft, today)
            if errors:
                raise ValidationError(errors)
            self._ensure_open(draft.posting_date, "ghi phiếu")
            guard = self._balance_guard(draft.posting_date, draft.account_uuid)
            uuid, number = self._insert(draft, links=[("award", a.uuid, a.amount) for a in awards], changes=changes)
            changes.merge(self.ws.awards.set_status([a.uuid for a in awards], "awarded",
                                                    reason=f"Chi thưởng theo phiếu {number}"))
            warnings += guard.check(f"chi {format_money(total)}")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return self.get(uuid), changes

    # == opening balance ===========================================================================
    def set_opening_balance(self, year: int, amount: int, note: str = "", *, confirm: bool = False) -> Changes:
        """Số dư đầu kỳ of the cash book, entered once for its first year (later years carry forward); a
        bank account's opening balance is part of the account (`save_account`).

        It can be changed (audited) while that year is not locked and no phiếu is dated before it.
        """
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValidationError([FieldError("amount", "Số dư đầu kỳ phải là số nguyên đồng, không âm.")])
        if amount_problem(amount, "Số dư đầu kỳ"):
            raise ValidationError([FieldError("amount", amount_problem(amount, "Số dư đầu kỳ"))])
        if not isinstance(year, int) or not 1990 <= year <= 2200:
            raise ValidationError([FieldError("year", f"Năm “{year}” không hợp lệ.")])
        note = normalize_multiline(note)
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            existing = store.opening(db)
            if existing is not None and year > existing.year:
                raise ValidationError([FieldError(
                    "year", f"Số dư đầu kỳ đã nhập cho năm {existing.year}; các năm sau tự chuyển số dư, "
                            "không nhập lại.")])
            first = store.first_posting_date(db, "")
            if first is not None and first.year < year:
                raise ValidationError([FieldError(
                    "year", f"Đã có phiếu từ năm {first.year}; số dư đầu kỳ phải nhập cho năm {first.year} "
                            "hoặc trước đó.")])
            start = date(min(year, existing.year if existing else year), 1, 1)
            self._ensure_open(start, "sửa số dư đầu kỳ của năm")
            guard = self._balance_guard(start, "")
            if existing is None:
                values = stamp_new(db, {"year": year, "amount": amount, "note": note})
                store.insert_opening(db, values)
                audit.record(db, operator=self.ws.operator, action="create", table=store.OPENING_TABLE,
                             uuid=values["uuid"], version=1, before=None, after=values)
                changes.add("created", store.OPENING_TABLE, values["uuid"])
            else:
                before = {"year": existing.year, "amount": existing.amount, "note": existing.note}
                after = {"year": year, "amount": amount, "note": note}
                if before == after:
                    return changes
                values = stamp_change(db, existing.version, dict(after))
                store.update_opening(db, existing.uuid, values)
                audit.record(db, operator=self.ws.operator, action="update", table=store.OPENING_TABLE,
                             uuid=existing.uuid, version=values["version"], before=before, after=after)
                changes.add("updated", store.OPENING_TABLE, existing.uuid)
            warnings = guard.check("sửa số dư đầu kỳ")
            if warnings and not confirm:
                raise NeedsConfirmation(warnings)
        return changes

    # == period lock ===============================================================================
    def locked_until(self) -> date | None:
        """The last day of the locked period (None: the book is open)."""
        return store.locked_until(self.ws.db)

    def lock_history(self) -> list[LockEntry]:
        return store.lock_entries(self.ws.db)

    def lock(self, until: date, reason: str = "", today: date | None = None) -> Changes:
        """Khóa sổ up to and including `until`: nothing can then be added, reversed or voided on or before it."""
        today = today or self.ws.clock.today()
        if until > today:
            raise ValidationError([FieldError("locked_until", "Không khóa sổ đến một ngày trong tương lai.")])
        current = store.locked_until(self.ws.db)
        if current is not None and until < current:
            raise ValidationError([FieldError(
                "locked_until", f"Sổ quỹ đã khóa đến hết ngày {format_date(current)}. "
                                "Muốn lùi ngày khóa, hãy dùng Mở khóa sổ (cần ghi lý do).")])
        if current == until:
            return Changes()
        return self._write_lock("lock", until, normalize(reason))

    def reopen(self, to: date | None, reason: str) -> Changes:
        """Mở khóa sổ back to `to` (None: fully open). The reason is required and kept in the audit log."""
        reason = normalize(reason)
        if not reason:
            raise ValidationError([FieldError("reason", "Mở khóa sổ cần ghi lý do.")])
        current = store.locked_until(self.ws.db)
        if current is None:
            raise ValidationError([FieldError("locked_until", "Sổ quỹ chưa khóa.")])
        if to is not None and to >= current:
            raise ValidationError([FieldError(
                "locked_until", f"Sổ quỹ đang khóa đến hết ngày {format_date(current)}; "
                                "ngày mở khóa phải trước ngày đó.")])
        return self._write_lock("reopen", to, reason)

    # == cash count ================================================================================
    def count_cash(
        self,
        on: date,
        *,
        counted: int | None = None,
        denominations: dict[int, int] | None = None,
        explanation: str = "",
        counted_by: str = "",
        note: str = "",
        today: date | None = None,
    ) -> tuple[CashCount, Changes]:
        """Kiểm kê quỹ at the end of day `on`: counted cash (a total, or notes by face value) against the
        cash book's balance (money in the bank is not in the box). A difference needs an `explanation`."""
        today = today or self.ws.clock.today()
        explanation, counted_by, note = normalize_multiline(explanation), normalize(counted_by), normalize_multiline(note)
        problems: list[FieldError] = []
        notes: dict[int, int] = {}
        for face, pieces in (denominations or {}).items():
            if not isinstance(face, int) or isinstance(face, bool) or face <= 0:
                problems.append(FieldError("denominations", f"Mệnh giá “{face}” không hợp lệ."))
            elif amount_problem(face) or count_problem(pieces, f"Số tờ loại {format_money(face)}"):
                problems.append(FieldError("denominations", amount_problem(face, f"Mệnh giá {format_money(face)}")
                                           or count_problem(pieces, f"Số tờ loại {format_money(face)}")))
            elif pieces:
                notes[face] = pieces
        by_notes = sum(face * pieces for face, pieces in notes.items())
        if counted is None:
            if denominations is None:
                problems.append(FieldError("counted", "Chưa nhập số tiền kiểm kê."))
            counted = by_notes
            if amount_problem(counted, "Tổng theo mệnh giá"):
                problems.append(FieldError("counted", amount_problem(counted, "Tổng theo mệnh giá")))
        elif amount_problem(counted, "Số tiền kiểm kê"):
            problems.append(FieldError("counted", amount_problem(counted, "Số tiền kiểm kê")))
        elif denominations is not None and counted != by_notes:
            problems.append(FieldError("counted", f"Tổng theo mệnh giá ({format_money(by_notes)}) khác số tiền "
                                                  f"đã nhập ({format_money(counted)})."))
        if on > today:
            problems.append(FieldError("count_date", "Ngày kiểm kê ở tương lai."))
        if problems:
            raise ValidationError(problems)
        self._ensure_open(on, "ghi biên bản kiểm kê")
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            book = self.balance(on, "")
            difference = cash_difference(counted, book)
            if difference and not explanation:
                raise ValidationError([FieldError(
                    "explanation", f"Tiền đếm được ({format_money(counted)}) lệch {format_money(difference)} so với "
                                   f"sổ quỹ ({format_money(book)}); hãy ghi giải trình chênh lệch.")])
            ordered = {str(face): notes[face] for face in sorted(notes, reverse=True)}
            values = stamp_new(db, {
                "count_date": on.isoformat(), "counted": counted, "book_balance": book, "difference": difference,
                "denominations": json.dumps(ordered) if ordered else "", "explanation": explanation,
                "counted_by": counted_by, "note": note,
            })
            store.insert_count(db, values)
            audit.record(db, operator=self.ws.operator, action="create", table=store.COUNT_TABLE,
                         uuid=values["uuid"], version=1, before=None, after=values)
            changes.add("created", store.COUNT_TABLE, values["uuid"])
        return store.get_count(db, values["uuid"]), changes

    def cash_counts(self, year: int | None = None) -> list[CashCount]:
        return store.counts(self.ws.db, year)

    # == internals =================================================================================
    def _opening_year(self, account: str) -> int | None:
        """The year of a book's stored opening balance (None: not entered)."""
        if account:
            found = store.get_account(self.ws.db, account)
            return found.opening_year if found is not None else None
        opening = store.opening(self.ws.db)
        return opening.year if opening is not None else None

    def _balance_before(self, day: date, account: str | None = None) -> int:
        """Balance at the start of `day` (before its entries) of one book, or of the whole fund (None)."""
        db = self.ws.db
        if account is not None and not store.has_books(db):
            account = None  # a file read before its upgrade keeps one book
        base = 0
        if account is None or account == "":
            opening = store.opening(db)
            base += opening.amount if opening is not None and day >= date(opening.year, 1, 1) else 0
        if account is None:
            base += store.account_openings(db, day)
        elif account:
            base += store.account_openings(db, day, account)
        return base + store.sum_before(db, day, account)

    def _lowest_from(self, day: date, base: int, account: str) -> int:
        """Lowest balance a book shows from the start of `day` onwards (`base` = balance at that start)."""
        run = store.lowest_running_from(self.ws.db, day, 0, account)
        return base if run is None else min(base, base + run)

    def _balance_guard(self, day: date, account: str) -> "_BalanceGuard":
        """Call before a change that touches a book from `day` on; `check` afterwards."""
        return _BalanceGuard(self, day, account, self._lowest_from(day, self._balance_before(day, account), account))

    def _ensure_open(self, day: date, what: str) -> None:
        until = store.locked_until(self.ws.db)
        if until is not None and day <= until:
            raise PeriodLockedError(
                f"Sổ quỹ đã khóa đến hết ngày {format_date(until)}; không thể {what} ngày {format_date(day)}. "
                "Muốn thay đổi, hãy mở khóa sổ (cần ghi lý do)."
            )

    def _link_tuple(self, link: tuple) -> tuple[str, str, int]:
        if len(link) == 2:
            return str(link[0]), str(link[1]), 0
        return str(link[0]), str(link[1]), int(link[2])

    def _ensure_target(self, table: str, uuid: str) -> None:
        if (table in (TABLE, store.LINK_TABLE) or not table.replace("_", "").isalnum()
                or not table_exists(self.ws.db, table)):
            raise AppError(f"Không liên kết được phiếu với bảng “{table}”.")
        if not records.exists(self.ws.db, table, uuid):
            raise NotFoundError("Bản ghi cần liên kết với phiếu không còn.")

    def _insert(self, draft: VoucherDraft, *, links: Sequence[tuple[str, str, int]], changes: Changes,
                reverses: Voucher | None = None) -> tuple[str, str]:
        """Insert one phiếu (normalised, validated) with its number, links and audit row."""
        db = self.ws.db
        values = store.row_values(draft)
        year = draft.posting_date.year
        seq = store.allocate_seq(db, counter_key(draft.kind, draft.is_bank), year)
        number = format_number(draft.kind, year, seq, draft.is_bank)
        values.update(
            year=year, seq=seq, number=number, preparer=self.ws.operator, status="posted", void_reason="",
            voided_at=None, reverses_uuid=reverses.uuid if reverses else None,
            search_key=store.search_key_for(draft, number),
        )
        if reverses is not None:
            values["amount"] = -reverses.amount
        values = stamp_new(db, values)
        store.insert(db, values)
        for table, target, amount in links:
            link = stamp_new(db, {"voucher_uuid": values["uuid"], "target_table": table, "target_uuid": target,
                                  "amount": amount})
            store.insert_link(db, link)
            changes.add("created", store.LINK_TABLE, link["uuid"])
        after = dict(values)
        if links:
            after["links"] = [{"table": t, "uuid": u, "amount": a} for t, u, a in links]
        audit.record(db, operator=self.ws.operator, action="create", table=TABLE, uuid=values["uuid"], version=1,
                     before=None, after=after, reason=draft.reason if reverses is not None else "")
        changes.add("created", TABLE, values["uuid"])
        return values["uuid"], number

    def _reverse(self, uuid: str, reason: str, on: date, changes: Changes) -> tuple[str, Voucher]:
        """Write the reversal of `uuid` (inside the caller's transaction); return (reversal uuid, original)."""
        reason = normalize(reason)
        if not reason:
            raise ValidationError([FieldError("reason", "Chưa nhập lý do đảo phiếu.")])
        if len(reason) > MAX_REASON:
            raise ValidationError([FieldError("reason", f"Lý do đảo phiếu quá dài (tối đa {MAX_REASON} ký tự).")])
        db = self.ws.db
        original = self.get(uuid)
        _ensure_own_book(store.raw_row(db, uuid) or {})
        if original.status == "void":
            raise ConflictError(f"Phiếu {original.number} đã hủy; không đảo được.")
        if original.is_reversal:
            raise ConflictError(f"Phiếu {original.number} là phiếu đảo; không đảo lại được.")
        existing = store.reversal_of(db, uuid)
        if existing is not None:
            raise ConflictError(f"Phiếu {original.number} đã được đảo bởi phiếu {existing.number}.")
        if on < original.posting_date:
            raise ValidationError([FieldError(
                "posting_date", f"Ngày đảo phiếu ({format_date(on)}) trước ngày ghi sổ của phiếu {original.number} "
                                f"({format_date(original.posting_date)}).")])
        self._ensure_open(on, "đảo phiếu")
        draft = VoucherDraft(
            kind=original.kind, voucher_date=on, posting_date=on, person=original.person, address=original.address,
            reason=f"Đảo phiếu {original.number}: {reason}", item=original.item, amount=original.amount,
            method=original.method, attachments=0, note="", account_uuid=original.account_uuid,
        )
        links = [(l.target_table, l.target_uuid, -l.amount) for l in store.links_of(db, uuid)]
        reversal_uuid, reversal_number = self._insert(draft, links=links, changes=changes, reverses=original)
        audit.record(db, operator=self.ws.operator, action="reverse", table=TABLE, uuid=uuid,
                     version=original.version, before={"reversed_by": None}, after={"reversed_by": reversal_number},
                     reason=reason)
        self._return_awards(uuid, f"Đảo phiếu {original.number}: {reason}", changes)
        self._release_dues(uuid, f"Đảo phiếu {original.number}: {reason}", changes)
        return reversal_uuid, original

    def _return_awards(self, voucher_uuid: str, reason: str, changes: Changes) -> None:
        """Awards paid by a phiếu just reversed or voided go back to "approved" (unless paid by another)."""
        award_uuids = [l.target_uuid for l in store.links_of(self.ws.db, voucher_uuid) if l.target_table == "award"]
        if not award_uuids:
            return
        still_paid = store.active_payments(self.ws.db, "award", award_uuids)
        back = [a.uuid for a in self.ws.awards.fetch(award_uuids)
                if a.status == "awarded" and not a.deleted and a.uuid not in still_paid]
        if back:
            changes.merge(self.ws.awards.set_status(back, "approved", reason=reason))

    def _release_dues(self, voucher_uuid: str, reason: str, changes: Changes) -> None:
        """Dues paid or sent upward on a phiếu just reversed or voided no longer count (services/dues.py)."""
        if table_exists(self.ws.db, "dues_payment"):
            changes.merge(self.ws.dues.release_voucher(voucher_uuid, reason))

    def _write_lock(self, action: str, until: date | None, reason: str) -> Changes:
        db = self.ws.db
        with db.atomic():
            before = store.locked_until(db)
            values = stamp_new(db, {"action": action, "locked_until": until.isoformat() if until else "",
                                    "reason": reason, "operator": self.ws.operator})
            store.insert_lock(db, values)
            audit.record(db, operator=self.ws.operator, action=action, table=store.LOCK_TABLE, uuid=values["uuid"],
                         version=1, before={"locked_until": before.isoformat() if before else None},
                         after={"locked_until": values["locked_until"] or None}, reason=reason)
        return Changes().add("created", store.LOCK_TABLE, values["uuid"])


class _BalanceGuard:
    """Remembers the lowest balance from a day on before a change, to tell whether the change made the
    book go (further) negative."""

    def __init__(self, service: FundService, day: date, account: str, lowest_before: int) -> None:
        self.service, self.day, self.account, self.lowest_before = service, day, account, lowest_before

    def check(self, what: str) -> list[FieldError]:
        # The balance at the start of the day is read again: changing the opening balance changes it.
        service = self.service
        lowest_after = service._lowest_from(self.day, service._balance_before(self.day, self.account), self.account)
        if lowest_after >= 0 or lowest_after >= self.lowest_before:
            return []
        if self.account:
            return [FieldError("amount", f"Số dư tài khoản ngân hàng không đủ: sau khi {what}, số dư sẽ âm "
                                         f"{format_money(-lowest_after)}. Bạn có chắc chắn?", "warning")]
        return [FieldError("amount", f"Tồn quỹ tiền mặt không đủ: sau khi {what}, tồn quỹ tiền mặt sẽ âm "
                                     f"{format_money(-lowest_after)}. Bạn có chắc chắn?", "warning")]


def _ensure_own_book(row: dict) -> None:
    """A phiếu merged in from an old commune is that commune's closed book: history, never changed here."""
    if row.get("origin_code"):
        raise ConflictError(f"Phiếu {row['number']} thuộc sổ của {row.get('origin_name') or 'xã cũ'} (cũ), đã khóa "
                            "khi hợp nhất; chỉ xem được, không hủy, đảo hay sửa được.")


def _award_problems(awards: list, paid: dict[str, str]) -> list[FieldError]:
    def names(items) -> str:
        shown = ", ".join(a.full_name for a in items[:5])
        return shown + (f" và {len(items) - 5} suất khác" if len(items) > 5 else "")

    problems: list[FieldError] = []
    deleted = [a for a in awards if a.deleted]
    if deleted:
        problems.append(FieldError("awards", f"Suất khen thưởng đã bị xóa: {names(deleted)}."))
    already = [a for a in awards if not a.deleted and (a.status == "awarded" or a.uuid in paid)]
    if already:
        problems.append(FieldError("awards", f"Đã trao (đã chi tiền) rồi: {names(already)}."))
    unapproved = [a for a in awards if not a.deleted and a.status == "draft" and a.uuid not in paid]
    if unapproved:
        problems.append(FieldError("awards", f"Chưa được duyệt: {names(unapproved)}."))
    no_money = [a for a in awards if a.amount <= 0]
    if no_money:
        problems.append(FieldError("awards", f"Không có tiền thưởng: {names(no_money)}."))
    years = sorted({a.school_year for a in awards})
    if len(years) > 1:
        problems.append(FieldError("awards", f"Các suất thuộc nhiều năm học ({', '.join(years)}); "
                                             "mỗi phiếu chi chỉ cho một năm học."))
    return problems


__all__ = ["FundService"]
