"""Upper bounds on every stored amount and count: amounts 0 … 10¹³ đồng, counts 0 … 10⁷.

Enforced by BEFORE INSERT / BEFORE UPDATE triggers that RAISE(ABORT), not by rebuilding the tables
with new CHECK constraints. Why (benchmarks/bench_bounds_migration.py, a file with 100,000 awards and
20,000 vouchers, this shared 2-core machine): creating the triggers takes 2–5 ms whatever the size of
the file; rebuilding `award` and `voucher` (copy, drop, rename, re-create their indexes and triggers)
took 1.6–2.2 s, needs foreign keys switched off outside a transaction (DROP TABLE voucher would break
voucher_link's references) and doubles those tables on disk during the copy. The price of triggers is
at insert time: a trigger that may abort makes SQLite keep a statement journal for every INSERT; the
program's `temp_store = memory` keeps it in memory, and 100,000 award inserts took 2.25 s against
2.00 s without the triggers (+2.5 µs a row), which no user notices on saves and imports.

Nothing is repaired: rows already out of range (e.g. an Excel import of 6×10¹⁸ đ before this
version) stay as they are, are reported by `khuyenhoc check` (storage.out_of_range), and can be
undone: an update that leaves the out-of-range value unchanged is allowed (deleting an award), and the
reversal of an out-of-range phiếu (amount exactly minus the original's) is allowed.

The numbers are written out here, not imported from domain.limits: a migration stays as written.
"""

VERSION = 11
DESCRIPTION = "Giới hạn số tiền (đến 10¹³ đồng) và số lượng (đến 10⁷) trong tệp dữ liệu"

MAX_AMOUNT = 10_000_000_000_000
MAX_COUNT = 10_000_000

# The condition on NEW that puts one column out of range ({c}: the column).
_AMOUNT = f"(typeof(NEW.{{c}}) != 'integer' OR NEW.{{c}} < 0 OR NEW.{{c}} > {MAX_AMOUNT})"
_COUNT = f"(typeof(NEW.{{c}}) != 'integer' OR NEW.{{c}} < 0 OR NEW.{{c}} > {MAX_COUNT})"


def _amount(column: str) -> str:
    return _AMOUNT.format(c=column)


def _count(column: str) -> str:
    return _COUNT.format(c=column)


def _changed(columns: tuple[str, ...], bad) -> str:
    # On UPDATE only a changed value is checked: a row already out of range can still be deleted or fixed.
    return " OR ".join(f"(NEW.{c} IS NOT OLD.{c} AND {bad(c)})" for c in columns)


def _new(columns: tuple[str, ...], bad) -> str:
    return " OR ".join(bad(c) for c in columns)


# A phiếu: positive and bounded, or the reversal of an existing phiếu for exactly minus its amount
# (so an out-of-range phiếu from an older version can still be reversed).
_VOUCHER_BAD = (
    f"typeof(NEW.amount) != 'integer' OR NEW.attachments > {MAX_COUNT}"
    f" OR (NEW.reverses_uuid IS NULL AND NEW.amount > {MAX_AMOUNT})"
    f" OR (NEW.reverses_uuid IS NOT NULL AND NEW.amount < -{MAX_AMOUNT}"
    " AND NEW.amount IS NOT -(SELECT amount FROM voucher WHERE uuid = NEW.reverses_uuid))"
)
# A link of a reversal carries minus the original link's amount, whatever it was.
_LINK_BAD = (
    f"typeof(NEW.amount) != 'integer' OR (abs(NEW.amount) > {MAX_AMOUNT}"
    " AND NOT EXISTS (SELECT 1 FROM voucher WHERE uuid = NEW.voucher_uuid AND reverses_uuid IS NOT NULL))"
)

_RULES = [
    # table, columns checked as amounts, columns checked as counts
    ("award", ("amount",), ()),
    ("award_rate", ("amount",), ()),
    ("fund_opening", ("amount",), ()),
    ("cash_count", ("counted",), ()),
    ("learning_class", ("budget",), ("sessions", "learners", "women", "minority")),
    ("meeting", (), ("members_total", "members_present", "members_absent")),
    ("prov_award", ("amount",), ()),
    ("prov_class", (), ("learners", "women", "minority")),
]


def statements() -> list[str]:
    out = []
    for table, amounts, counts in _RULES:
        on_insert = " OR ".join(filter(None, (_new(amounts, _amount), _new(counts, _count))))
        on_update = " OR ".join(filter(None, (_changed(amounts, _amount), _changed(counts, _count))))
        message = f"{table}: amount or count out of range"
        out.append(f"CREATE TRIGGER {table}_bounds_insert BEFORE INSERT ON {table} WHEN {on_insert}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
        out.append(f"CREATE TRIGGER {table}_bounds_update BEFORE UPDATE ON {table} WHEN {on_update}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
    # Vouchers are immutable once saved (voucher_immutable), so only inserts need checking.
    out.append(f"CREATE TRIGGER voucher_bounds_insert BEFORE INSERT ON voucher WHEN {_VOUCHER_BAD}"
               " BEGIN SELECT RAISE(ABORT, 'voucher: amount out of range'); END")
    out.append(f"CREATE TRIGGER voucher_link_bounds_insert BEFORE INSERT ON voucher_link WHEN {_LINK_BAD}"
               " BEGIN SELECT RAISE(ABORT, 'voucher_link: amount out of range'); END")
    # prov_voucher amounts are signed (reversals are negative): bounded in absolute value.
    bad = f"typeof(NEW.amount) != 'integer' OR abs(NEW.amount) > {MAX_AMOUNT}"
    out.append(f"CREATE TRIGGER prov_voucher_bounds_insert BEFORE INSERT ON prov_voucher WHEN {bad}"
               " BEGIN SELECT RAISE(ABORT, 'prov_voucher: amount out of range'); END")
    out.append(f"CREATE TRIGGER prov_voucher_bounds_update BEFORE UPDATE ON prov_voucher"
               f" WHEN NEW.amount IS NOT OLD.amount AND ({bad})"
               " BEGIN SELECT RAISE(ABORT, 'prov_voucher: amount out of range'); END")
    return out


def up(conn) -> None:
    for sql in statements():
        conn.execute(sql)
