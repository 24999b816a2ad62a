"""Two fund books: the cash book (sổ quỹ tiền mặt) keeps only cash; bank movements (giấy báo Có / Nợ)
go to the bank book (sổ tiền gửi ngân hàng) of a bank account.

`voucher.account_uuid` names the bank account of a bank movement ('' = the cash book). The table is
rebuilt because a bank series (BC-2026-0001 / BN-2026-0001) reuses (kind, year, seq) of the cash
series, which the old UNIQUE constraint forbids. Transfer vouchers of existing files move to a default
account "Tài khoản ngân hàng của Hội" (to be edited) keeping uuid and number; each move is a new
version with an audit row, so the next sync package carries it to the province.
"""

import json
import uuid as uuid_mod
from datetime import datetime, timezone

VERSION = 8
DESCRIPTION = "Sổ tiền gửi ngân hàng tách khỏi sổ quỹ tiền mặt"

DEFAULT_ACCOUNT_NAME = "Tài khoản ngân hàng của Hội"
MOVE_REASON = ("Chuyển sang sổ tiền gửi ngân hàng (hình thức chuyển khoản): sổ quỹ tiền mặt chỉ ghi tiền mặt. "
               "Hãy sửa số tài khoản và tên ngân hàng trong danh mục tài khoản.")

# A copy, not an import: a migration stays as it was written even if later ones change.
RECORD_COLUMNS = """
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL DEFAULT 0
"""
_LOCKED_UNTIL = "IFNULL((SELECT locked_until FROM fund_lock ORDER BY id DESC LIMIT 1), '')"

BANK_ACCOUNT = f"""CREATE TABLE bank_account ({RECORD_COLUMNS},
    name TEXT NOT NULL DEFAULT '',
    account_no TEXT NOT NULL DEFAULT '',
    bank_name TEXT NOT NULL DEFAULT '',
    opening_year INTEGER,
    opening_amount INTEGER NOT NULL DEFAULT 0 CHECK (opening_amount BETWEEN 0 AND 10000000000000),
    note TEXT NOT NULL DEFAULT ''
)"""

VOUCHER = f"""CREATE TABLE voucher ({RECORD_COLUMNS},
    kind TEXT NOT NULL CHECK (kind IN ('thu', 'chi')),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    number TEXT NOT NULL UNIQUE,
    voucher_date TEXT NOT NULL,
    posting_date TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL,
    method TEXT NOT NULL DEFAULT 'cash' CHECK (method IN ('cash', 'transfer')),
    account_uuid TEXT NOT NULL DEFAULT '',
    attachments INTEGER NOT NULL DEFAULT 0 CHECK (attachments >= 0),
    preparer TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'void')),
    void_reason TEXT NOT NULL DEFAULT '',
    voided_at TEXT,
    reverses_uuid TEXT REFERENCES voucher(uuid),
    search_key TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    CHECK (year = CAST(substr(posting_date, 1, 4) AS INTEGER)),
    CHECK (posting_date >= voucher_date),
    CHECK ((method = 'cash') = (account_uuid = '')),
    CHECK ((reverses_uuid IS NULL AND amount > 0) OR (reverses_uuid IS NOT NULL AND amount < 0))
)"""

_COLUMNS = ("id, uuid, version, created_at, updated_at, deleted, change_seq, kind, year, seq, number, voucher_date,"
            " posting_date, person, address, reason, item, amount, method, attachments, preparer, status,"
            " void_reason, voided_at, reverses_uuid, search_key, note")

AFTER = [
    # Gapless series: PT/PC (cash) and BC/BN (bank) each per kind and year.
    "CREATE UNIQUE INDEX voucher_series ON voucher(kind, account_uuid != '', year, seq)",
    # Whole-fund book order (ngày ghi sổ, then entry order), covering the balance sums.
    "CREATE INDEX voucher_book ON voucher(posting_date, id, kind, status, amount)",
    # One book (cash: account '' / one bank account) in book order, covering its balance sums.
    "CREATE INDEX voucher_account_book ON voucher(account_uuid, posting_date, id, kind, status, amount)",
    "CREATE INDEX voucher_by_number ON voucher(number, id)",
    "CREATE INDEX voucher_by_voucher_date ON voucher(voucher_date, id)",
    "CREATE INDEX voucher_by_person ON voucher(person, id)",
    "CREATE INDEX voucher_by_item ON voucher(kind, item, posting_date)",
    "CREATE INDEX voucher_by_amount ON voucher(amount, id)",
    "CREATE INDEX voucher_reverses ON voucher(reverses_uuid) WHERE reverses_uuid IS NOT NULL",
    "CREATE INDEX voucher_change_seq ON voucher(change_seq)",
    "CREATE INDEX bank_account_change_seq ON bank_account(change_seq)",
    """CREATE TRIGGER voucher_immutable BEFORE UPDATE ON voucher
       WHEN NEW.id IS NOT OLD.id OR NEW.uuid IS NOT OLD.uuid OR NEW.created_at IS NOT OLD.created_at
         OR NEW.deleted IS NOT OLD.deleted OR NEW.kind IS NOT OLD.kind OR NEW.year IS NOT OLD.year
         OR NEW.seq IS NOT OLD.seq OR NEW.number IS NOT OLD.number OR NEW.voucher_date IS NOT OLD.voucher_date
         OR NEW.posting_date IS NOT OLD.posting_date OR NEW.person IS NOT OLD.person
         OR NEW.address IS NOT OLD.address OR NEW.reason IS NOT OLD.reason OR NEW.item IS NOT OLD.item
         OR NEW.amount IS NOT OLD.amount OR NEW.method IS NOT OLD.method OR NEW.attachments IS NOT OLD.attachments
         OR NEW.account_uuid IS NOT OLD.account_uuid
         OR NEW.preparer IS NOT OLD.preparer OR NEW.reverses_uuid IS NOT OLD.reverses_uuid
         OR NEW.search_key IS NOT OLD.search_key OR NEW.note IS NOT OLD.note
       BEGIN SELECT RAISE(ABORT, 'voucher is immutable: a saved voucher is corrected by a reversal'); END""",
    """CREATE TRIGGER voucher_void_is_final BEFORE UPDATE OF status ON voucher
       WHEN OLD.status = 'void' AND NEW.status IS NOT 'void'
       BEGIN SELECT RAISE(ABORT, 'voucher is void for good'); END""",
    """CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher
       BEGIN SELECT RAISE(ABORT, 'vouchers are never deleted; void or reverse them'); END""",
    f"""CREATE TRIGGER voucher_locked_insert BEFORE INSERT ON voucher
       WHEN NEW.posting_date <= {_LOCKED_UNTIL}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    f"""CREATE TRIGGER voucher_locked_status BEFORE UPDATE OF status ON voucher
       WHEN NEW.status IS NOT OLD.status AND OLD.posting_date <= {_LOCKED_UNTIL}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
]


def up(conn) -> None:
    conn.execute(BANK_ACCOUNT)
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    moved = conn.execute("SELECT COUNT(*) FROM voucher WHERE method = 'transfer'").fetchone()[0]
    base, account = 0, ""
    if moved:
        base = int(conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])
        account = str(uuid_mod.uuid4())
        conn.execute(
            "INSERT INTO bank_account(uuid, version, created_at, updated_at, deleted, change_seq, name, note)"
            " VALUES (?, 1, ?, ?, 0, ?, ?, ?)",
            (account, now, now, base + 1, DEFAULT_ACCOUNT_NAME,
             "Tạo khi nâng cấp tệp dữ liệu; hãy nhập số tài khoản và tên ngân hàng."),
        )
        conn.execute(
            "INSERT INTO audit_log(ts, operator, action, table_name, record_uuid, version, before, after, reason)"
            " VALUES (?, '', 'create', 'bank_account', ?, 1, NULL, ?, ?)",
            (now, account, json.dumps({"name": DEFAULT_ACCOUNT_NAME}, ensure_ascii=False), MOVE_REASON),
        )
        # The account takes one change number, each moved voucher the next ones in book-entry order.
        conn.execute("UPDATE meta SET value = ? WHERE key = 'change_counter'", (str(base + 1 + moved),))
    # The old table is copied aside, dropped and refilled: inserting the parents again settles the
    # (deferred) references of voucher_link and of reversals, so no foreign key is left dangling.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    conn.execute(f"CREATE TEMP TABLE voucher_m0008 AS SELECT {_COLUMNS} FROM voucher")
    conn.execute("DROP TABLE voucher")
    conn.execute(VOUCHER)
    moved_values = {"version": "version + 1", "updated_at": "?", "change_seq": f"{base + 1} + ROW_NUMBER() OVER w"}
    select = ", ".join(
        f"CASE WHEN method = 'transfer' THEN {moved_values[c]} ELSE {c} END" if c in moved_values else c
        for c in _COLUMNS.split(", ")
    )
    conn.execute(
        f"INSERT INTO voucher({_COLUMNS}, account_uuid) SELECT {select},"
        " CASE WHEN method = 'transfer' THEN ? ELSE '' END FROM voucher_m0008"
        " WINDOW w AS (PARTITION BY method = 'transfer' ORDER BY id) ORDER BY id",
        (now, account),
    )
    conn.execute("DROP TABLE voucher_m0008")
    conn.execute(
        "INSERT INTO audit_log(ts, operator, action, table_name, record_uuid, version, field, before, after, reason)"
        " SELECT ?, '', 'move_to_bank_book', 'voucher', uuid, version, 'account_uuid', ?, ?, ? FROM voucher"
        " WHERE account_uuid != '' ORDER BY id",
        (now, json.dumps(""), json.dumps(account), MOVE_REASON),
    )
    for sql in AFTER:
        conn.execute(sql)
