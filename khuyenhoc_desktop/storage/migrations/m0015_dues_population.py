"""Dues (hội phí) and population figures: `dues_payment` (who paid for which year, on which phiếu thu),
`dues_submission` (the share sent upward, on which phiếu chi) and `population` (dân số, số hộ, số người từ
18 tuổi of a year, per thôn; village '' = the whole commune as one figure).

A payment or a submission is `paid`/`active` until its phiếu is reversed or voided, then `cancelled`
(the fund's reversal path sets it). One counted payment per member and year: a partial unique index. Bounds
as in 0011 (amounts 0 … 10¹³, counts 0 … 10⁷), years 1990 … 2200, ISO dates. Written out here, not imported:
a migration stays as written.
"""

VERSION = 15
DESCRIPTION = "Hội phí (thu, nộp cấp trên) và số liệu dân số theo năm"

_RECORD = ("uuid TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, change_seq INTEGER NOT NULL DEFAULT 0")

TABLES = [
    "CREATE TABLE dues_payment (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " member_uuid TEXT NOT NULL, year INTEGER NOT NULL, amount INTEGER NOT NULL, paid_on TEXT NOT NULL,"
    " voucher_uuid TEXT NOT NULL DEFAULT '', unit_uuid TEXT NOT NULL DEFAULT '',"
    " status TEXT NOT NULL DEFAULT 'paid', cancel_reason TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE dues_submission (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " year INTEGER NOT NULL, level TEXT NOT NULL, percent REAL NOT NULL DEFAULT 0, base INTEGER NOT NULL DEFAULT 0,"
    " amount INTEGER NOT NULL, voucher_uuid TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',"
    " cancel_reason TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE population (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " year INTEGER NOT NULL, village TEXT NOT NULL DEFAULT '', population INTEGER NOT NULL DEFAULT 0,"
    " households INTEGER NOT NULL DEFAULT 0, adults INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '')",
]

INDEXES = [
    "CREATE UNIQUE INDEX dues_payment_counted ON dues_payment(member_uuid, year)"
    " WHERE status = 'paid' AND deleted = 0",
    "CREATE INDEX dues_payment_by_year ON dues_payment(year, status)",
    "CREATE INDEX dues_payment_by_voucher ON dues_payment(voucher_uuid)",
    "CREATE INDEX dues_submission_by_year ON dues_submission(year, status)",
    "CREATE INDEX dues_submission_by_voucher ON dues_submission(voucher_uuid)",
    "CREATE UNIQUE INDEX population_year_village ON population(year, village) WHERE deleted = 0",
]


def _iso(column: str) -> str:
    return (f"(NEW.{column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            f" AND date(julianday(NEW.{column})) IS NEW.{column})")


def _amount(column: str) -> str:
    return f"(typeof(NEW.{column}) = 'integer' AND NEW.{column} BETWEEN 0 AND 10000000000000)"


def _count(column: str) -> str:
    return f"(typeof(NEW.{column}) = 'integer' AND NEW.{column} BETWEEN 0 AND 10000000)"


_YEAR = "(typeof(NEW.year) = 'integer' AND NEW.year BETWEEN 1990 AND 2200)"

_RULES = {
    "dues_payment": [
        ("year", _YEAR), ("amount", _amount("amount")), ("paid_on", _iso("paid_on")),
        ("status", "NEW.status IN ('paid', 'cancelled')"),
    ],
    "dues_submission": [
        ("year", _YEAR), ("amount", _amount("amount")), ("base", _amount("base")),
        ("percent", "(NEW.percent BETWEEN 0 AND 100)"), ("status", "NEW.status IN ('active', 'cancelled')"),
    ],
    "population": [
        ("year", _YEAR), ("population", _count("population")), ("households", _count("households")),
        ("adults", _count("adults")),
    ],
}


def statements() -> list[str]:
    out = list(TABLES) + list(INDEXES)
    for table, rules in _RULES.items():
        on_insert = " OR ".join(f"NOT {rule}" for _column, rule in rules)
        on_update = " OR ".join(f"(NEW.{column} IS NOT OLD.{column} AND NOT {rule})" for column, rule in rules)
        message = f"{table}: value out of range"
        out.append(f"CREATE TRIGGER {table}_values_insert BEFORE INSERT ON {table} WHEN {on_insert}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
        out.append(f"CREATE TRIGGER {table}_values_update BEFORE UPDATE ON {table} WHEN {on_update}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
    return out


def up(conn) -> None:
    for sql in statements():
        conn.execute(sql)
