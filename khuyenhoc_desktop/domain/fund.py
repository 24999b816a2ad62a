"""The fund (quỹ khuyến học): phiếu thu / phiếu chi (mẫu 01-TT / 02-TT) in the cash book (sổ quỹ tiền
mặt, S07-DN), giấy báo Có / giấy báo Nợ in the bank book (sổ tiền gửi ngân hàng, S08-DN) of a bank
account, opening balances, period lock (khóa sổ) and cash count (kiểm kê quỹ, against the cash book).

Ledger rules: a saved voucher is never edited or deleted; it is corrected by a
reversal (same kind, negative amount, linked to the original) and a new correct voucher, or voided
(hủy: the number stays in the book with its reason, the amount no longer counts). Numbers run
without gaps per series and per year of the posting date: PT-2026-0001, PC-2026-0001 in the cash
book, BC-2026-0001, BN-2026-0001 in the bank book. A voucher with `account_uuid` '' is cash; any other
value names the bank account it moved through (its method is then "transfer").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple, Sequence

from ..gc_pause import gc_paused
from ..vietnamese import format_date, format_money, normalize_text_fields
from .errors import FieldError
from .limits import MAX_COUNT, amount_problem, count_problem
from .specs import (
    EX_NOTE, EX_SIGNATURE, EX_STT, EXPORT_STT, NO_LIMIT, ExchangeColumn, ExportColumn, ListColumn, ListFilter,
    RecordSpec, Stored, Words, attr, declared, labels_of, length_problems,
)

KINDS = {"thu": "Phiếu thu", "chi": "Phiếu chi"}
BANK_KINDS = {"thu": "Giấy báo Có", "chi": "Giấy báo Nợ"}
PREFIXES = {"thu": "PT", "chi": "PC"}
BANK_PREFIXES = {"thu": "BC", "chi": "BN"}
CASH_BOOK_TITLE = "SỔ QUỸ TIỀN MẶT"
BANK_BOOK_TITLE = "SỔ TIỀN GỬI NGÂN HÀNG"
METHODS = {"cash": "Tiền mặt", "transfer": "Chuyển khoản"}
METHOD_BY_LABEL = {v: k for k, v in METHODS.items()}
STATUSES = {"posted": "Đã ghi sổ", "void": "Đã hủy"}
# Catalogue kinds holding the khoản mục of each voucher kind.
ITEM_CATALOGS = {"thu": "fund_receipt_item", "chi": "fund_payment_item"}
AWARD_PAYMENT_ITEM = "Khen thưởng"
LARGE_AMOUNT = 1_000_000_000  # over 1 tỷ đồng on one phiếu of a commune fund: almost surely a slip
# Vietnamese banknotes in circulation, for the cash count form (largest first).
DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200)

ACCOUNT_MAX_LENGTH = {"name": 100, "account_no": 30, "bank_name": 150, "note": 500}

ACCOUNT_LABELS = {"name": "Tên tài khoản", "account_no": "Số tài khoản", "bank_name": "Ngân hàng",
                  "note": "Ghi chú"}


def person_label(kind: str) -> str:
    return "Họ và tên người nộp tiền" if kind == "thu" else "Họ và tên người nhận tiền"


def format_number(kind: str, year: int, seq: int, bank: bool = False) -> str:
    """Số phiếu: PT-2026-0001, or BC-2026-0001 for a bank movement (at least four digits)."""
    return f"{(BANK_PREFIXES if bank else PREFIXES)[kind]}-{year:04d}-{seq:04d}"


def counter_key(kind: str, bank: bool) -> str:
    """The `voucher_counter` series of a kind: "thu"/"chi" (cash, as before the bank book) or "bc"/"bn"."""
    return BANK_PREFIXES[kind].lower() if bank else kind


@dataclass(frozen=True)
class VoucherDraft:
    """What the phiếu thu / phiếu chi form produces. The number is given on saving, never typed.

    `posting_date` (ngày ghi sổ) defaults to `voucher_date` (ngày chứng từ); the number's year and
    the place in the cash book follow the posting date.
    """

    # Kind, method and the bank account are checked by their own rules, not by length.
    kind: str = attr("Loại phiếu", "choice", default="thu", max_length=NO_LIMIT, required=True, choices=tuple(KINDS))
    voucher_date: date | None = attr("Ngày chứng từ", "date", required=True)
    posting_date: date | None = attr("Ngày ghi sổ", "date")
    person: str = attr("Họ và tên người nộp/nhận tiền", max_length=100, required=True)
    address: str = attr("Địa chỉ / đơn vị", max_length=200)
    reason: str = attr("Lý do", max_length=300, required=True)
    item: str = attr("Khoản mục", "choice", max_length=100, required=True)
    amount: int = attr("Số tiền", "money", required=True)
    method: str = attr("Hình thức", "choice", default="cash", max_length=NO_LIMIT, choices=tuple(METHODS))
    attachments: int = attr("Kèm theo (số chứng từ gốc)", "int")
    note: str = attr("Ghi chú", "multiline", max_length=1000)
    # The bank account of a giấy báo Có / Nợ; "" = cash (phiếu thu / chi).
    account_uuid: str = attr("Tài khoản ngân hàng", "ref", default="")

    def normalized(self) -> "VoucherDraft":
        draft = normalize_text_fields(self, multiline=("note",))
        if draft.posting_date is None and draft.voucher_date is not None:
            draft = replace(draft, posting_date=draft.voucher_date)
        if draft.method in METHOD_BY_LABEL:
            draft = replace(draft, method=METHOD_BY_LABEL[draft.method])
        if draft.account_uuid:
            draft = replace(draft, method="transfer")  # a bank movement is never cash
        return draft

    @property
    def is_bank(self) -> bool:
        return bool(self.account_uuid)


FIELDS = declared(VoucherDraft)
FIELD_LABELS = labels_of(FIELDS)


@dataclass(frozen=True)
class Voucher(Stored, VoucherDraft):
    """A saved phiếu. `amount` is negative on a reversal (ghi số âm); never deleted, only voided."""

    number: str = ""
    year: int = 0
    seq: int = 0
    preparer: str = ""  # người lập phiếu: the operator who saved it
    status: str = "posted"
    void_reason: str = ""
    voided_at: str | None = None
    reverses_uuid: str | None = None

    @property
    def is_void(self) -> bool:
        return self.status == "void"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_uuid is not None

    @property
    def effect(self) -> int:
        """What this phiếu does to the balance: + for receipts, − for payments, 0 when void."""
        if self.status == "void":
            return 0
        return self.amount if self.kind == "thu" else -self.amount

    @property
    def kind_label(self) -> str:
        return (BANK_KINDS if self.account_uuid else KINDS).get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)


@dataclass(frozen=True)
class VoucherLink:
    """A record a phiếu pays or collects for (an award, a class …)."""

    uuid: str
    voucher_uuid: str
    target_table: str
    target_uuid: str
    amount: int


@dataclass(frozen=True)
class VoucherFilter:
    """What the voucher list shows. `year` is the year of the posting date (the number's year)."""

    year: int | None = None
    kind: str = ""  # "thu" / "chi" / "" for both
    status: str = ""  # "posted" / "void" / ""
    item: str = ""
    date_from: date | None = None  # posting date, inclusive
    date_to: date | None = None
    search: str = ""  # diacritic-insensitive words in number, person, address, reason, item
    reversals: bool | None = None  # True: only reversals, False: no reversals, None: all
    uuids: tuple[str, ...] = field(default_factory=tuple)
    account: str | None = None  # "" = the cash book, a bank account's uuid = its bank book, None = both




def validate_voucher(draft: VoucherDraft, today: date | None = None) -> list[FieldError]:
    """Rules for a new phiếu (after `normalized()`). Errors block saving; warnings need confirmation."""
    today = today or date.today()
    problems: list[FieldError] = []

    def err(name: str, message: str) -> None:
        problems.append(FieldError(name, message, "error"))

    if draft.kind not in KINDS:
        err("kind", "Loại phiếu chỉ là phiếu thu hoặc phiếu chi.")
    word = "thu" if draft.kind == "thu" else "chi"
    if draft.voucher_date is None:
        err("voucher_date", "Chưa nhập ngày chứng từ.")
    elif draft.voucher_date.year < 1990:
        err("voucher_date", f"Ngày chứng từ {format_date(draft.voucher_date)} không hợp lệ.")
    if draft.posting_date is not None and draft.voucher_date is not None:
        if draft.posting_date < draft.voucher_date:
            err("posting_date", f"Ngày ghi sổ ({format_date(draft.posting_date)}) trước ngày chứng từ "
                                f"({format_date(draft.voucher_date)}).")
        elif draft.posting_date > today:
            problems.append(FieldError("posting_date", f"Ngày ghi sổ {format_date(draft.posting_date)} ở tương lai. "
                                                       "Bạn có chắc chắn?", "warning"))
    if not draft.person:
        err("person", f"Chưa nhập {person_label(draft.kind).lower()}.")
    if not draft.reason:
        err("reason", f"Chưa nhập lý do {word}.")
    if not draft.item:
        err("item", f"Chưa chọn khoản mục {word}.")
    amount_error = amount_problem(draft.amount, allow_zero=False)
    if amount_error:
        err("amount", amount_error)
    elif draft.amount > LARGE_AMOUNT:
        problems.append(FieldError("amount", f"Số tiền {format_money(draft.amount)} trên 1 tỷ đồng. Bạn có chắc chắn?",
                                   "warning"))
    if draft.method not in METHODS:
        err("method", "Hình thức chỉ là tiền mặt hoặc chuyển khoản.")
    elif draft.method == "transfer" and not draft.account_uuid:
        err("account_uuid", "Tiền chuyển khoản ghi vào sổ tiền gửi ngân hàng (giấy báo Có/Nợ), không lập phiếu "
                            "thu/chi tiền mặt: hãy chọn tài khoản ngân hàng.")
    if not isinstance(draft.attachments, int) or isinstance(draft.attachments, bool) or draft.attachments < 0:
        err("attachments", "Số chứng từ gốc kèm theo phải là số nguyên không âm.")
    elif draft.attachments > MAX_COUNT:
        err("attachments", count_problem(draft.attachments, "Số chứng từ gốc kèm theo"))
    problems += length_problems(FIELDS, draft)
    return problems



SPEC = RecordSpec(
    kind="voucher",
    table="voucher",
    title="Quỹ khuyến học",
    words=Words(one="phiếu", many="phiếu", pick="phiếu"),
    fields=FIELDS,
    validate=validate_voucher,
    draft_type=VoucherDraft,
    record_type=Voucher,
    display="number",
    columns=(
        ListColumn("number", "Số phiếu", sort="number", width=120),
        ListColumn("kind", "Loại", sort="kind", format="choice", choices=tuple(KINDS.items()), width=80),
        ListColumn("posting_date", "Ngày ghi sổ", sort="book", format="date", width=100),
        ListColumn("voucher_date", "Ngày chứng từ", sort="voucher_date", format="date", width=110),
        ListColumn("person", "Người nộp / nhận", sort="person", width=170),
        ListColumn("item", "Khoản mục", sort="item", width=150),
        ListColumn("amount", "Số tiền", sort="amount", format="money", width=110),
        ListColumn("method", "Hình thức", format="choice", choices=tuple(METHODS.items()), width=95),
        ListColumn("status", "Trạng thái", sort="status", format="choice", choices=tuple(STATUSES.items()), width=90),
        ListColumn("reason", "Lý do", width=260),
    ),
    # Years and books come from the fund itself (the service).
    filters=(ListFilter("kind", "Loại", choices=tuple(KINDS.items())), ListFilter("year", "Năm"),
             ListFilter("account", "Sổ")),
    search=("number", "person", "address", "reason", "item"),
    search_hint="Tìm số phiếu, người nộp/nhận, lý do — gõ không dấu cũng được",
    exchange_kind="vouchers",
    exchange_label="Phiếu thu / chi",
    exchange=(
        EX_STT, ExchangeColumn("voucher_type", "Loại (Thu/Chi)", "voucher_type"), ExchangeColumn("number", "Số phiếu"),
        ExchangeColumn("date", "Ngày", "date"), ExchangeColumn("person", "Người nộp/nhận"),
        ExchangeColumn("address", "Địa chỉ"), ExchangeColumn("reason", "Lý do"), ExchangeColumn("item", "Khoản mục"),
        ExchangeColumn("amount", "Số tiền", "money"), ExchangeColumn("income", "Thu", "money"),
        ExchangeColumn("expense", "Chi", "money"), ExchangeColumn("balance", "Tồn", "ignore"),
        ExchangeColumn("payment_method", "Hình thức", "payment_method"),
        ExchangeColumn("attachments", "Kèm theo"), EX_NOTE, EX_SIGNATURE,
    ),
    export=(
        EXPORT_STT, ExportColumn("voucher_type", "Loại (Thu/Chi)"), ExportColumn("number", "Số phiếu"),
        ExportColumn("date", "Ngày", "date"), ExportColumn("person", "Người nộp/nhận"),
        ExportColumn("address", "Địa chỉ"), ExportColumn("reason", "Lý do"), ExportColumn("item", "Khoản mục"),
        ExportColumn("amount", "Số tiền", "money"), ExportColumn("payment_method", "Hình thức"),
        ExportColumn("note", "Ghi chú"),
    ),
    required_exchange=(("amount", "income", "expense"), ("date",)),
    soft_delete=False,
    sync_label="Phiếu thu chi",
)

# The names the list sorts on: those of its columns.
SORTABLE = tuple(c.sort for c in SPEC.columns if c.sort)

# -- the cash book (sổ quỹ, mẫu S07-DN / S04a-DNN) -----------------------------------------
class CashBookRow(NamedTuple):
    """One line of the cash book. `receipt`/`payment` are None on a void phiếu (its number stays)."""

    uuid: str
    posting_date: date  # ngày ghi sổ
    voucher_date: date  # ngày chứng từ
    receipt_no: str  # số hiệu chứng từ: thu
    payment_no: str  # số hiệu chứng từ: chi
    description: str  # diễn giải
    receipt: int | None  # thu (negative on a reversal)
    payment: int | None  # chi (negative on a reversal)
    balance: int  # tồn, after this line
    note: str  # ghi chú ("Đã hủy: …")
    status: str


class CashBookRows(Sequence[CashBookRow]):
    """The lines of a cash book, kept as the rows SQLite returned plus their running balances, and
    turned into `CashBookRow` when read: a Qt view reads only the lines it shows (by index);
    iterating builds them all once.

    Raw layout (see `storage.fund.cash_book_rows`): uuid, posting date (ISO), voucher date (ISO, or
    None when it equals the posting date), receipt no, payment no, description, receipt, payment,
    effect on the balance, note, is_void (0/1). `balances[i]` is the balance after line i.
    """

    __slots__ = ("_raw", "_balances", "_reversed_by", "_days", "_rows")

    def __init__(self, raw: list[tuple], balances: list[int], reversed_by: dict[str, str] | None = None) -> None:
        if len(raw) != len(balances):
            raise ValueError("one balance per line")
        self._raw = raw
        self._balances = balances
        self._reversed_by = reversed_by or {}
        self._days: dict[str, date] = {}
        self._rows: list[CashBookRow] | None = None

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index):
        if self._rows is not None:
            return self._rows[index]
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self._raw)))]
        if index < 0:
            index += len(self._raw)
        if not 0 <= index < len(self._raw):
            raise IndexError(index)
        return self._make(index)

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"<CashBookRows {len(self._raw)} dòng>"

    @property
    def last_balance(self) -> int | None:
        return self._balances[-1] if self._balances else None

    def _make(self, i: int) -> CashBookRow:
        r = self._raw[i]
        days = self._days
        posted = days.get(r[1]) or days.setdefault(r[1], date.fromisoformat(r[1]))
        written = posted if r[2] is None else (days.get(r[2]) or days.setdefault(r[2], date.fromisoformat(r[2])))
        note = r[9]
        if r[0] in self._reversed_by:
            note = f"Đã đảo bởi {self._reversed_by[r[0]]}"
        return CashBookRow(r[0], posted, written, r[3], r[4], r[5], r[6], r[7], self._balances[i], note,
                           "void" if r[10] else "posted")

    def _all(self) -> list[CashBookRow]:
        if self._rows is None:
            # One tight loop (locals, tuple.__new__): about twice as fast as calling _make per row.
            days, reversed_by, iso = self._days, self._reversed_by, date.fromisoformat
            new, cls = tuple.__new__, CashBookRow
            rows: list[CashBookRow] = []
            append = rows.append
            with gc_paused():
                for r, balance in zip(self._raw, self._balances):
                    text = r[1]
                    posted = days.get(text)
                    if posted is None:
                        posted = days[text] = iso(text)
                    text = r[2]
                    if text is None:
                        written = posted
                    else:
                        written = days.get(text)
                        if written is None:
                            written = days[text] = iso(text)
                    note = r[9]
                    if r[0] in reversed_by:
                        note = "Đã đảo bởi " + reversed_by[r[0]]
                    append(new(cls, (r[0], posted, written, r[3], r[4], r[5], r[6], r[7], balance, note,
                                     "void" if r[10] else "posted")))
            self._rows = rows
        return self._rows


@dataclass(frozen=True)
class BankAccount:
    """A bank account of the fund (catalogue): the heading and opening balance of its bank book."""

    uuid: str
    name: str
    account_no: str
    bank_name: str
    opening_year: int | None  # the year the stored opening balance is for; None = no opening entered
    opening_amount: int
    note: str = ""
    version: int = 1
    deleted: bool = False

    @property
    def label(self) -> str:
        """"Tài khoản ngân hàng của Hội – số 3200 205 123456 – Agribank" (the parts that are filled)."""
        parts = [self.name or "Tài khoản ngân hàng"]
        if self.account_no:
            parts.append(f"số {self.account_no}")
        if self.bank_name:
            parts.append(self.bank_name)
        return " – ".join(parts)


def validate_account(name: str, account_no: str, bank_name: str, opening_year: int | None, opening_amount: int,
                     note: str) -> list[FieldError]:
    """Rules for a bank account of the catalogue (after normalisation)."""
    problems: list[FieldError] = []
    if not (name or account_no or bank_name):
        problems.append(FieldError("name", "Hãy nhập tên tài khoản, số tài khoản hoặc tên ngân hàng."))
    for key, value in (("name", name), ("account_no", account_no), ("bank_name", bank_name), ("note", note)):
        if len(value) > ACCOUNT_MAX_LENGTH[key]:
            problems.append(FieldError(key, f"{ACCOUNT_LABELS[key]} quá dài ({len(value)} ký tự, tối đa "
                                            f"{ACCOUNT_MAX_LENGTH[key]})."))
    if account_no and not all(c.isdigit() or c in " .-" for c in account_no):
        problems.append(FieldError("account_no", "Số tài khoản chỉ gồm chữ số (có thể cách bằng dấu cách, "
                                                 "dấu chấm hoặc gạch ngang)."))
    problem = amount_problem(opening_amount, "Số dư đầu kỳ")
    if problem:
        problems.append(FieldError("opening_amount", problem))
    if opening_year is not None and (not isinstance(opening_year, int) or not 1990 <= opening_year <= 2200):
        problems.append(FieldError("opening_year", f"Năm “{opening_year}” không hợp lệ."))
    if opening_year is None and opening_amount:
        problems.append(FieldError("opening_year", "Số dư đầu kỳ cần năm bắt đầu ghi sổ."))
    return problems


@dataclass(frozen=True)
class CashBook:
    """One book of a period: the cash book (`account` None) or a bank account's bank book."""

    date_from: date
    date_to: date
    opening: int  # tồn đầu kỳ
    rows: CashBookRows  # a Sequence[CashBookRow] in book order
    receipts: int  # cộng phát sinh thu (net of reversals, voids excluded)
    payments: int  # cộng phát sinh chi
    closing: int  # tồn cuối kỳ = opening + receipts − payments
    account: BankAccount | None = None
    opened_on: date | None = None  # ngày mở sổ: the book's real opening (None: nothing in it yet)

    @property
    def is_bank(self) -> bool:
        return self.account is not None

    @property
    def title(self) -> str:
        return BANK_BOOK_TITLE if self.account is not None else CASH_BOOK_TITLE


@dataclass(frozen=True)
class ItemTotal:
    kind: str
    item: str
    count: int
    amount: int


@dataclass(frozen=True)
class MonthTotal:
    year: int
    month: int
    opening: int
    receipts: int
    payments: int
    closing: int


@dataclass(frozen=True)
class OpeningBalance:
    """Số dư đầu kỳ of the first year kept in this file; later years carry the balance forward."""

    uuid: str
    year: int
    amount: int
    note: str
    version: int


@dataclass(frozen=True)
class LockEntry:
    """One khóa sổ / mở khóa action; the newest says up to which date the book is closed."""

    uuid: str
    action: str  # "lock" / "reopen"
    locked_until: date | None
    reason: str
    operator: str
    created_at: str


@dataclass(frozen=True)
class CashCount:
    """Kiểm kê quỹ: counted cash against the book balance on a date."""

    uuid: str
    count_date: date
    counted: int
    book_balance: int
    difference: int  # counted − book
    denominations: dict[int, int]  # face value → number of notes (empty when only the total was counted)
    explanation: str
    counted_by: str
    note: str
    version: int
    created_at: str
