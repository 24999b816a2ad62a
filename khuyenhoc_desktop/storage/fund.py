"""Fund rows: vouchers (phiếu thu/chi, giấy báo Có/Nợ), their number counters and links, bank
accounts, the opening balance, the period lock, cash counts; the book and balance queries.

Book order is (posting_date, id): the `voucher_book` index covers it together with kind, status and
amount for the whole fund, `voucher_account_book` (account_uuid first) for one book, so balances and
running balances never touch the table itself. Functions taking `account` read one book ('' = the
cash book, a bank account's uuid = its bank book) or, with None, the whole fund.
"""

from __future__ import annotations

import json
from itertools import accumulate
from operator import itemgetter
from datetime import date
from typing import Iterable, Sequence

from peewee import Database, fn

from . import records
from .voucher_effect import EFFECT_SQL, own_books_sql
from .tables import Voucher as VoucherRow
from .tables import plain_rows, table_exists
from ..domain.list_count import ListCount
from ..domain.fund import (
    SPEC,
    BankAccount,
    CashBookRows,
    gc_paused,
    CashCount,
    ItemTotal,
    LockEntry,
    OpeningBalance,
    Voucher,
    VoucherDraft,
    VoucherFilter,
    VoucherLink,
)

TABLE = "voucher"
LINK_TABLE = "voucher_link"
OPENING_TABLE = "fund_opening"
LOCK_TABLE = "fund_lock"
COUNT_TABLE = "cash_count"
ACCOUNT_TABLE = "bank_account"

# What one voucher row adds to the balance (void rows add nothing), as text over `voucher`.
EFFECT = EFFECT_SQL
# Sums of amounts use TOTAL() (a double), never SUM(): SUM raises "integer overflow" for ever once a file
# holds out-of-range rows from before migration 0011; TOTAL stays exact below 2⁵³ đ (see domain.limits).

SORT_EXPRESSIONS = {
    "book": "posting_date",
    "number": "number",
    "voucher_date": "voucher_date",
    "person": "person",
    "item": "item",
    "amount": "amount",
    "kind": "kind",
    "status": "status",
}

# What one list row needs (the form loads the whole voucher separately).
# Positions are part of the contract (callers read rows by position); the spec's columns are among them.
LIST_COLUMNS = (
    "id", "uuid", "number", "kind", "voucher_date", "posting_date", "person", "reason", "item", "amount",
    "method", "status", "reverses_uuid", "account_uuid",
)

_DRAFT_FIELDS = records.draft_columns(SPEC)
_DATE_COLUMNS = records.date_columns(SPEC)
_COLUMNS = _DRAFT_FIELDS + [
    "id", "uuid", "number", "year", "seq", "preparer", "status", "void_reason", "voided_at", "reverses_uuid",
    "version", "created_at", "updated_at",
]
_SELECT = ", ".join(_COLUMNS)
# A file opened read-only before migration 0008 has no bank book: its vouchers read as cash-book ones.
_SELECT_BEFORE_BOOKS = _SELECT.replace("account_uuid", "'' AS account_uuid")


def has_books(db: Database) -> bool:
    """Whether the file has the two kinds of book (migration 0008); a file opened read-only before its
    upgrade has not."""
    return table_exists(db, ACCOUNT_TABLE)


def _select(db: Database) -> str:
    return _SELECT if has_books(db) else _SELECT_BEFORE_BOOKS


# -- vouchers ----------------------------------------------------------------------------------
def search_key_for(draft: VoucherDraft, number: str) -> str:
    """The spec's search fields; the number is given by the numbering, not by the draft."""
    return records.search_key(SPEC, draft, number=number)


def row_values(draft: VoucherDraft) -> dict:
    """Column values of a normalised draft (dates as ISO text)."""
    values = {name: getattr(draft, name) for name in _DRAFT_FIELDS}
    values["voucher_date"] = draft.voucher_date.isoformat()
    values["posting_date"] = (draft.posting_date or draft.voucher_date).isoformat()
    return values


def voucher_from_row(row: Sequence) -> Voucher:
    return Voucher(**records.dates_from_text(dict(zip(_COLUMNS, row)), _DATE_COLUMNS))


def get(db: Database, *, uuid: str | None = None, number: str | None = None) -> Voucher | None:
    key, value = ("uuid", uuid) if uuid is not None else ("number", number)
    row = db.execute_sql(f"SELECT {_select(db)} FROM voucher WHERE {key} = ?", (value,)).fetchone()
    return voucher_from_row(row) if row else None


def raw_row(db: Database, uuid: str) -> dict | None:
    return records.raw_row(db, TABLE, uuid)


def fetch_many(db: Database, uuids: Iterable[str]) -> list[Voucher]:
    return records.fetch_by_uuids(db, TABLE, _select(db), uuids, voucher_from_row)


def reversal_of(db: Database, uuid: str) -> Voucher | None:
    """The reversal of a voucher (reversals are never voided, so there is at most one)."""
    row = db.execute_sql(
        f"SELECT {_select(db)} FROM voucher WHERE reverses_uuid = ? ORDER BY id LIMIT 1", (uuid,)
    ).fetchone()
    return voucher_from_row(row) if row else None


def _book(db: Database, account: str | None) -> tuple[str, tuple]:
    """SQL condition (and its parameter) selecting one book; all the file's own books for None (never the
    history of an old commune merged in: `voucher_effect.own_books_sql`)."""
    own = own_books_sql(db)
    return (own, ()) if account is None else (f"{own} AND account_uuid = ?", (account,))


def allocate_seq(db: Database, kind: str, year: int) -> int:
    """Take the next number of series `kind` ("thu", "chi", "bc", "bn") in `year`. Call inside the saving
    transaction: a rollback gives it back."""
    row = db.execute_sql(
        "INSERT INTO voucher_counter(kind, year, last_seq) VALUES (?, ?, 1)"
        " ON CONFLICT(kind, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
        (kind, year),
    ).fetchone()
    return int(row[0])


def peek_seq(db: Database, kind: str, year: int) -> int:
    """The number the next voucher of `kind` in `year` will get (nothing is reserved)."""
    row = db.execute_sql("SELECT last_seq FROM voucher_counter WHERE kind = ? AND year = ?", (kind, year)).fetchone()
    return (int(row[0]) if row else 0) + 1


def insert(db: Database, values: dict) -> int:
    return records.insert_row(db, TABLE, values)


def update_status(db: Database, uuid: str, values: dict) -> None:
    """Only status columns and record columns; the trigger refuses anything else."""
    allowed = {"status", "void_reason", "voided_at", "version", "updated_at", "change_seq"}
    if set(values) - allowed:
        raise ValueError(f"voucher columns cannot change: {sorted(set(values) - allowed)}")
    records.update_row(db, TABLE, uuid, values)


def insert_many(db: Database, rows: Sequence[dict]) -> None:
    """Bulk insert of complete rows (benchmarks, demo); counters must be advanced by the caller."""
    records.insert_rows(db, TABLE, rows)


def set_counter(db: Database, kind: str, year: int, last_seq: int) -> None:
    db.execute_sql(
        "INSERT INTO voucher_counter(kind, year, last_seq) VALUES (?, ?, ?)"
        " ON CONFLICT(kind, year) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)",
        (kind, year, last_seq),
    )


def count_all(db: Database) -> int:
    return int(db.execute_sql("SELECT COUNT(*) FROM voucher").fetchone()[0])


def first_posting_date(db: Database, account: str | None = None) -> date | None:
    cond, params = _book(db, account)
    row = db.execute_sql(f"SELECT MIN(posting_date) FROM voucher WHERE {cond}", params).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def posting_year_span(db: Database) -> tuple[int, int] | None:
    """The years of the first and the last posting date of the whole fund (None before the first voucher)."""
    first, last = (VoucherRow.select(fn.MIN(VoucherRow.posting_date), fn.MAX(VoucherRow.posting_date))
                   .tuples().first(db))
    return (int(first[:4]), int(last[:4])) if first else None


def posted_entries(db: Database) -> list[tuple[str, str, int, str]]:
    """(kind, posting date, amount, person) of every posted voucher, for finding an imported duplicate."""
    return list(plain_rows(db, VoucherRow.select(VoucherRow.kind, VoucherRow.posting_date, VoucherRow.amount,
                                           VoucherRow.person).where(VoucherRow.status == "posted")))


# -- links -------------------------------------------------------------------------------------
_LINK_COLS = "uuid, voucher_uuid, target_table, target_uuid, amount"


def insert_link(db: Database, values: dict) -> None:
    records.insert_row(db, LINK_TABLE, values)


def links_of(db: Database, voucher_uuid: str) -> list[VoucherLink]:
    cur = db.execute_sql(
        f"SELECT {_LINK_COLS} FROM voucher_link WHERE voucher_uuid = ? AND deleted = 0 ORDER BY id", (voucher_uuid,)
    )
    return [VoucherLink(*r) for r in cur]


def vouchers_linking(db: Database, target_table: str, target_uuid: str) -> list[Voucher]:
    """Every voucher linked to a record, in book order (payments, their reversals …)."""
    columns = ", ".join(c if c.startswith("'") else "v." + c for c in _select(db).split(", "))
    cur = db.execute_sql(
        f"SELECT {columns} FROM voucher_link l JOIN voucher v ON v.uuid = l.voucher_uuid"
        " WHERE l.target_table = ? AND l.target_uuid = ? AND l.deleted = 0 ORDER BY v.posting_date, v.id",
        (target_table, target_uuid),
    )
    return [voucher_from_row(r) for r in cur]


def active_payments(db: Database, target_table: str, target_uuids: Sequence[str]) -> dict[str, str]:
    """target uuid → number of a posted, unreversed, non-reversal voucher linked to it."""
    found: dict[str, str] = {}
    uuids = list(target_uuids)
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        cur = db.execute_sql(
            "SELECT l.target_uuid, v.number FROM voucher_link l JOIN voucher v ON v.uuid = l.voucher_uuid"
            f" WHERE l.target_table = ? AND l.target_uuid IN ({', '.join('?' * len(chunk))}) AND l.deleted = 0"
            " AND v.status = 'posted' AND v.reverses_uuid IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_uuid = v.uuid)",
            [target_table, *chunk],
        )
        found.update({r[0]: r[1] for r in cur})
    return found


# -- balances ----------------------------------------------------------------------------------
def sum_before(db: Database, day: date, account: str | None = None) -> int:
    """Net effect of all vouchers posted before `day` (the covering index answers it)."""
    cond, params = _book(db, account)
    row = db.execute_sql(f"SELECT TOTAL({EFFECT}) FROM voucher WHERE {cond} AND posting_date < ?",
                         (*params, day.isoformat()))
    return int(row.fetchone()[0])


def lowest_running_from(db: Database, day: date, from_id: int = 0, account: str | None = None) -> int | None:
    """Lowest running sum of effects over the rows at or after book position (day, from_id), counted
    from that position (so the caller adds the balance just before it); None when there are no rows."""
    cond, params = _book(db, account)
    row = db.execute_sql(
        f"SELECT MIN(run) FROM (SELECT TOTAL({EFFECT}) OVER (ORDER BY posting_date, id ROWS UNBOUNDED PRECEDING) AS run"
        f" FROM voucher WHERE {cond} AND (posting_date, id) >= (?, ?))",
        (*params, day.isoformat(), from_id),
    ).fetchone()
    return None if row[0] is None else int(row[0])


def sum_before_position(db: Database, day: date, before_id: int, account: str | None = None) -> int:
    cond, params = _book(db, account)
    row = db.execute_sql(
        f"SELECT TOTAL({EFFECT}) FROM voucher WHERE {cond} AND (posting_date, id) < (?, ?)",
        (*params, day.isoformat(), before_id),
    )
    return int(row.fetchone()[0])


def totals_between(db: Database, date_from: date, date_to: date, account: str | None = None) -> tuple[int, int, int]:
    """(receipts, payments, number of vouchers) posted in the range; net of reversals, voids excluded."""
    cond, params = _book(db, account)
    row = db.execute_sql(
        "SELECT TOTAL(CASE WHEN kind = 'thu' AND status = 'posted' THEN amount END),"
        " TOTAL(CASE WHEN kind = 'chi' AND status = 'posted' THEN amount END), COUNT(*)"
        f" FROM voucher WHERE {cond} AND posting_date BETWEEN ? AND ?",
        (*params, date_from.isoformat(), date_to.isoformat()),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def cash_book_rows(db: Database, date_from: date, date_to: date, opening: int,
                   account: str | None = None) -> CashBookRows:
    """The cash book lines of a period in book order, with the balance after every line.

    One ordered scan of the `voucher_book` index (rows looked up by rowid) gives each line and its
    effect on the balance; the running balance is the cumulative sum of those effects, taken in C by
    `itertools.accumulate` (exact integers). On 100,000 lines this is ~85 ms faster than SQLite's
    `SUM(...) OVER (ORDER BY posting_date, id)`, which gives the same numbers (tests compare them;
    benchmarks/bench_cash_book.py measures both).
    """
    with gc_paused():
        return _cash_book_rows(db, date_from, date_to, opening, account)


def _cash_book_rows(db: Database, date_from: date, date_to: date, opening: int, account: str | None) -> CashBookRows:
    cond, params = _book(db, account)
    raw = db.execute_sql(
        "SELECT uuid, posting_date, NULLIF(voucher_date, posting_date),"
        " CASE WHEN kind = 'thu' THEN number ELSE '' END, CASE WHEN kind = 'chi' THEN number ELSE '' END,"
        " reason,"
        " CASE WHEN status = 'void' THEN NULL WHEN kind = 'thu' THEN amount END,"
        " CASE WHEN status = 'void' THEN NULL WHEN kind = 'chi' THEN amount END,"
        f" {EFFECT},"
        " CASE WHEN status = 'void' THEN 'Đã hủy: ' || void_reason ELSE note END,"
        " status = 'void'"
        f" FROM voucher WHERE {cond} AND posting_date BETWEEN ? AND ? ORDER BY posting_date, id",
        (*params, date_from.isoformat(), date_to.isoformat()),
    ).fetchall()
    balances = list(accumulate(map(itemgetter(8), raw), initial=opening))
    del balances[0]
    reversed_by = dict(db.execute_sql("SELECT reverses_uuid, number FROM voucher WHERE reverses_uuid IS NOT NULL"))
    return CashBookRows(raw, balances, reversed_by)


def running_balances_sql(db: Database, date_from: date, date_to: date, opening: int,
                         account: str | None = None) -> list[tuple[str, int]]:
    """(uuid, balance) in book order from SQLite's window function: an independent check of the book."""
    cond, params = _book(db, account)
    return [(uuid, opening + int(run)) for uuid, run in db.execute_sql(
        f"SELECT uuid, TOTAL({EFFECT}) OVER (ORDER BY posting_date, id ROWS UNBOUNDED PRECEDING)"
        f" FROM voucher WHERE {cond} AND posting_date BETWEEN ? AND ? ORDER BY posting_date, id",
        (*params, date_from.isoformat(), date_to.isoformat()),
    )]


def cash_book_sums(rows: CashBookRows) -> tuple[int, int]:
    """(receipts, payments) of cash book lines, summed without building the row objects."""
    raw = rows._raw
    return sum(filter(None, map(itemgetter(6), raw))), sum(filter(None, map(itemgetter(7), raw)))


def totals_by_item(db: Database, date_from: date, date_to: date) -> list[ItemTotal]:
    cur = db.execute_sql(
        "SELECT kind, item, COUNT(*), TOTAL(amount) FROM voucher"
        f" WHERE {own_books_sql(db)} AND status = 'posted' AND posting_date BETWEEN ? AND ? GROUP BY kind, item"
        " ORDER BY kind DESC, TOTAL(amount) DESC, item",
        (date_from.isoformat(), date_to.isoformat()),
    )
    return [ItemTotal(r[0], r[1], int(r[2]), int(r[3])) for r in cur]


def monthly_sums(db: Database, year: int, account: str | None = None) -> dict[int, tuple[int, int]]:
    """month → (receipts, payments) of one year (net of reversals, voids excluded)."""
    cond, params = _book(db, account)
    cur = db.execute_sql(
        "SELECT CAST(substr(posting_date, 6, 2) AS INTEGER),"
        " TOTAL(CASE WHEN kind = 'thu' THEN amount END), TOTAL(CASE WHEN kind = 'chi' THEN amount END)"
        f" FROM voucher WHERE {cond} AND status = 'posted' AND posting_date BETWEEN ? AND ? GROUP BY 1",
        (*params, f"{year:04d}-01-01", f"{year:04d}-12-31"),
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in cur}


# -- list queries ------------------------------------------------------------------------------
def where_clause(flt: VoucherFilter) -> tuple[str, list]:
    where = records.Where(include_deleted=True)  # vouchers are never deleted: cancelled ones stay, void
    date_from, date_to = flt.date_from, flt.date_to
    if flt.year:
        start, end = date(flt.year, 1, 1), date(flt.year, 12, 31)
        date_from = max(date_from, start) if date_from else start
        date_to = min(date_to, end) if date_to else end
    if date_from:
        where.add("posting_date >= ?", date_from.isoformat())
    if date_to:
        where.add("posting_date <= ?", date_to.isoformat())
    where.equal(flt, "kind", "status", "item")
    if flt.account is not None:
        where.add("account_uuid = ?", flt.account)
    if flt.reversals is True:
        where.add("reverses_uuid IS NOT NULL")
    elif flt.reversals is False:
        where.add("reverses_uuid IS NULL")
    return where.uuids(flt.uuids).search(flt.search).sql()


def count_and_totals(db: Database, flt: VoucherFilter) -> ListCount:
    """The number of vouchers of the filtered set, their receipts and payments (void amounts excluded)."""
    where, params = where_clause(flt)
    row = db.execute_sql(
        "SELECT COUNT(*), TOTAL(CASE WHEN kind = 'thu' AND status = 'posted' THEN amount END),"
        f" TOTAL(CASE WHEN kind = 'chi' AND status = 'posted' THEN amount END) FROM voucher WHERE {where}",
        params,
    ).fetchone()
    return ListCount.of_vouchers(int(row[0]), int(row[1]), int(row[2]))


def page(
    db: Database,
    flt: VoucherFilter,
    *,
    sort: str = "book",
    descending: bool = False,
    after: tuple | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple]:
    """One page of list rows: `LIST_COLUMNS` values followed by the sort value.

    With `after=(sort_value, id)` (the last two values of the previous page's last row) the page
    starts just after that row (keyset paging); otherwise it starts at `offset`.
    """
    expr = SORT_EXPRESSIONS.get(sort, "posting_date")
    where, params = where_clause(flt)
    return records.keyset_page(db, TABLE, LIST_COLUMNS, where, params, expr, descending, after, offset, limit)


def uuids_matching(db: Database, flt: VoucherFilter, sort: str = "book") -> list[str]:
    expr = SORT_EXPRESSIONS.get(sort, "posting_date")
    where, params = where_clause(flt)
    return [r[0] for r in db.execute_sql(f"SELECT uuid FROM voucher WHERE {where} ORDER BY {expr}, id", params)]


def distinct_values(db: Database, column: str, limit: int = 500) -> list[str]:
    if column not in {"person", "address", "item", "reason"}:
        raise ValueError(column)
    cur = db.execute_sql(
        f"SELECT DISTINCT {column} FROM voucher WHERE {column} != '' ORDER BY {column} LIMIT ?", (limit,)
    )
    return [r[0] for r in cur]


# -- opening balance ---------------------------------------------------------------------------
def opening(db: Database) -> OpeningBalance | None:
    row = db.execute_sql(
        "SELECT uuid, year, amount, note, version FROM fund_opening WHERE deleted = 0 ORDER BY year LIMIT 1"
    ).fetchone()
    return OpeningBalance(row[0], int(row[1]), int(row[2]), row[3], int(row[4])) if row else None


def insert_opening(db: Database, values: dict) -> None:
    records.insert_row(db, OPENING_TABLE, values)


def update_opening(db: Database, uuid: str, values: dict) -> None:
    records.update_row(db, OPENING_TABLE, uuid, values)


# -- bank accounts -----------------------------------------------------------------------------
_ACCOUNT_COLS = "uuid, name, account_no, bank_name, opening_year, opening_amount, note, version, deleted"


def _account_from_row(r: Sequence) -> BankAccount:
    return BankAccount(r[0], r[1], r[2], r[3], None if r[4] is None else int(r[4]), int(r[5]), r[6], int(r[7]),
                       bool(r[8]))


def accounts(db: Database, include_deleted: bool = False) -> list[BankAccount]:
    if not has_books(db):
        return []
    where = "1" if include_deleted else "deleted = 0"
    cur = db.execute_sql(f"SELECT {_ACCOUNT_COLS} FROM bank_account WHERE {where} ORDER BY id")
    return [_account_from_row(r) for r in cur]


def get_account(db: Database, uuid: str) -> BankAccount | None:
    r = db.execute_sql(f"SELECT {_ACCOUNT_COLS} FROM bank_account WHERE uuid = ?", (uuid,)).fetchone()
    return _account_from_row(r) if r else None


def insert_account(db: Database, values: dict) -> None:
    records.insert_row(db, ACCOUNT_TABLE, values)


def update_account(db: Database, uuid: str, values: dict) -> None:
    records.update_row(db, ACCOUNT_TABLE, uuid, values)


def account_openings(db: Database, day: date, account: str | None = None) -> int:
    """Sum of the bank accounts' opening balances (of one account: `account`) that apply at the start of
    `day`. An account merged in from an old commune keeps its old opening as history: its balance came in as
    a handover receipt (`voucher_effect.own_books_sql`)."""
    if not has_books(db):
        return 0
    one = " AND uuid = ?" if account else ""
    row = db.execute_sql(
        "SELECT TOTAL(opening_amount) FROM bank_account WHERE deleted = 0 AND opening_year IS NOT NULL"
        f" AND opening_year <= ? AND {own_books_sql(db)}{one}", (day.year, *((account,) if account else ()))
    ).fetchone()
    return int(row[0])


def account_in_use(db: Database, uuid: str) -> bool:
    return db.execute_sql("SELECT 1 FROM voucher WHERE account_uuid = ? LIMIT 1", (uuid,)).fetchone() is not None


# -- period lock -------------------------------------------------------------------------------
def locked_until(db: Database) -> date | None:
    row = db.execute_sql("SELECT locked_until FROM fund_lock ORDER BY id DESC LIMIT 1").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def insert_lock(db: Database, values: dict) -> None:
    records.insert_row(db, LOCK_TABLE, values)


def lock_entries(db: Database) -> list[LockEntry]:
    cur = db.execute_sql(
        "SELECT uuid, action, locked_until, reason, operator, created_at FROM fund_lock ORDER BY id"
    )
    return [LockEntry(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, r[3], r[4], r[5]) for r in cur]


# -- cash counts -------------------------------------------------------------------------------
_COUNT_COLS = ("uuid", "count_date", "counted", "book_balance", "difference", "denominations", "explanation",
               "counted_by", "note", "version", "created_at")


def _count_from_row(r: Sequence) -> CashCount:
    data = dict(zip(_COUNT_COLS, r))
    data["count_date"] = date.fromisoformat(data["count_date"])
    data["denominations"] = {int(k): int(v) for k, v in json.loads(data["denominations"] or "{}").items()}
    return CashCount(**data)


def insert_count(db: Database, values: dict) -> None:
    records.insert_row(db, COUNT_TABLE, values)


def get_count(db: Database, uuid: str) -> CashCount | None:
    r = db.execute_sql(f"SELECT {', '.join(_COUNT_COLS)} FROM cash_count WHERE uuid = ?", (uuid,)).fetchone()
    return _count_from_row(r) if r else None


def counts(db: Database, year: int | None = None) -> list[CashCount]:
    sql = f"SELECT {', '.join(_COUNT_COLS)} FROM cash_count WHERE deleted = 0"
    params: list = []
    if year:
        sql += " AND count_date BETWEEN ? AND ?"
        params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    return [_count_from_row(r) for r in db.execute_sql(sql + " ORDER BY count_date, id", params)]
