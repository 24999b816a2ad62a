"""The fund (phiếu thu/chi, sổ quỹ, khóa sổ, kiểm kê) and the learning classes (lớp/chuyên đề, học viên)."""

VERSION = 2
DESCRIPTION = "Quỹ khuyến học (phiếu thu, phiếu chi, khóa sổ, kiểm kê quỹ) và lớp học, chuyên đề"

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
# The date up to which the book is closed ('' = not closed): the newest khóa sổ / mở khóa row.
_LOCKED_UNTIL = "IFNULL((SELECT locked_until FROM fund_lock ORDER BY id DESC LIMIT 1), '')"

STATEMENTS = [
    # -- phiếu thu / phiếu chi ----------------------------------------------------------------
    f"""CREATE TABLE voucher ({RECORD_COLUMNS},
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
        attachments INTEGER NOT NULL DEFAULT 0 CHECK (attachments >= 0),
        preparer TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'void')),
        void_reason TEXT NOT NULL DEFAULT '',
        voided_at TEXT,
        reverses_uuid TEXT REFERENCES voucher(uuid),
        search_key TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, year, seq),
        CHECK (year = CAST(substr(posting_date, 1, 4) AS INTEGER)),
        CHECK (posting_date >= voucher_date),
        CHECK ((reverses_uuid IS NULL AND amount > 0) OR (reverses_uuid IS NOT NULL AND amount < 0))
    )""",
    # Book order (ngày ghi sổ, then entry order), covering the balance sums: no table lookups.
    "CREATE INDEX voucher_book ON voucher(posting_date, id, kind, status, amount)",
    "CREATE INDEX voucher_by_number ON voucher(number, id)",
    "CREATE INDEX voucher_by_voucher_date ON voucher(voucher_date, id)",
    "CREATE INDEX voucher_by_person ON voucher(person, id)",
    "CREATE INDEX voucher_by_item ON voucher(kind, item, posting_date)",
    "CREATE INDEX voucher_by_amount ON voucher(amount, id)",
    "CREATE INDEX voucher_reverses ON voucher(reverses_uuid) WHERE reverses_uuid IS NOT NULL",
    "CREATE INDEX voucher_change_seq ON voucher(change_seq)",
    # A saved phiếu is a ledger entry: only its status (posted → void) and the record columns may change.
    """CREATE TRIGGER voucher_immutable BEFORE UPDATE ON voucher
       WHEN NEW.id IS NOT OLD.id OR NEW.uuid IS NOT OLD.uuid OR NEW.created_at IS NOT OLD.created_at
         OR NEW.deleted IS NOT OLD.deleted OR NEW.kind IS NOT OLD.kind OR NEW.year IS NOT OLD.year
         OR NEW.seq IS NOT OLD.seq OR NEW.number IS NOT OLD.number OR NEW.voucher_date IS NOT OLD.voucher_date
         OR NEW.posting_date IS NOT OLD.posting_date OR NEW.person IS NOT OLD.person
         OR NEW.address IS NOT OLD.address OR NEW.reason IS NOT OLD.reason OR NEW.item IS NOT OLD.item
         OR NEW.amount IS NOT OLD.amount OR NEW.method IS NOT OLD.method OR NEW.attachments IS NOT OLD.attachments
         OR NEW.preparer IS NOT OLD.preparer OR NEW.reverses_uuid IS NOT OLD.reverses_uuid
         OR NEW.search_key IS NOT OLD.search_key OR NEW.note IS NOT OLD.note
       BEGIN SELECT RAISE(ABORT, 'voucher is immutable: a saved voucher is corrected by a reversal'); END""",
    """CREATE TRIGGER voucher_void_is_final BEFORE UPDATE OF status ON voucher
       WHEN OLD.status = 'void' AND NEW.status IS NOT 'void'
       BEGIN SELECT RAISE(ABORT, 'voucher is void for good'); END""",
    """CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher
       BEGIN SELECT RAISE(ABORT, 'vouchers are never deleted; void or reverse them'); END""",
    # The period lock, enforced by the file itself too (the services check first, with a clear message).
    f"""CREATE TRIGGER voucher_locked_insert BEFORE INSERT ON voucher
       WHEN NEW.posting_date <= {_LOCKED_UNTIL}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    f"""CREATE TRIGGER voucher_locked_status BEFORE UPDATE OF status ON voucher
       WHEN NEW.status IS NOT OLD.status AND OLD.posting_date <= {_LOCKED_UNTIL}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    # Gapless numbers: one counter per kind and year, advanced inside the saving transaction.
    """CREATE TABLE voucher_counter (
        kind TEXT NOT NULL,
        year INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (kind, year)
    )""",
    f"""CREATE TABLE voucher_link ({RECORD_COLUMNS},
        voucher_uuid TEXT NOT NULL REFERENCES voucher(uuid),
        target_table TEXT NOT NULL,
        target_uuid TEXT NOT NULL,
        amount INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX voucher_link_by_voucher ON voucher_link(voucher_uuid)",
    "CREATE INDEX voucher_link_by_target ON voucher_link(target_table, target_uuid)",
    "CREATE INDEX voucher_link_change_seq ON voucher_link(change_seq)",
    f"""CREATE TABLE fund_opening ({RECORD_COLUMNS},
        year INTEGER NOT NULL UNIQUE,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        note TEXT NOT NULL DEFAULT ''
    )""",
    f"""CREATE TABLE fund_lock ({RECORD_COLUMNS},
        action TEXT NOT NULL CHECK (action IN ('lock', 'reopen')),
        locked_until TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TRIGGER fund_lock_no_update BEFORE UPDATE ON fund_lock
       BEGIN SELECT RAISE(ABORT, 'fund_lock is append-only'); END""",
    """CREATE TRIGGER fund_lock_no_delete BEFORE DELETE ON fund_lock
       BEGIN SELECT RAISE(ABORT, 'fund_lock is append-only'); END""",
    f"""CREATE TABLE cash_count ({RECORD_COLUMNS},
        count_date TEXT NOT NULL,
        counted INTEGER NOT NULL CHECK (counted >= 0),
        book_balance INTEGER NOT NULL,
        difference INTEGER NOT NULL,
        denominations TEXT NOT NULL DEFAULT '',
        explanation TEXT NOT NULL DEFAULT '',
        counted_by TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        CHECK (difference = counted - book_balance)
    )""",
    "CREATE INDEX cash_count_by_date ON cash_count(count_date, id)",
    f"""CREATE TRIGGER cash_count_locked_insert BEFORE INSERT ON cash_count
       WHEN NEW.count_date <= {_LOCKED_UNTIL}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    # -- lớp học / chuyên đề ----------------------------------------------------------------
    f"""CREATE TABLE learning_class ({RECORD_COLUMNS},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL DEFAULT '',
        search_key TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL DEFAULT '',
        form TEXT NOT NULL DEFAULT '',
        partner TEXT NOT NULL DEFAULT '',
        speaker TEXT NOT NULL DEFAULT '',
        venue TEXT NOT NULL DEFAULT '',
        start_date TEXT NOT NULL DEFAULT '',
        end_date TEXT NOT NULL DEFAULT '',
        sessions INTEGER NOT NULL DEFAULT 0 CHECK (sessions >= 0),
        learners INTEGER NOT NULL DEFAULT 0 CHECK (learners >= 0),
        women INTEGER NOT NULL DEFAULT 0 CHECK (women >= 0 AND women <= learners),
        minority INTEGER NOT NULL DEFAULT 0 CHECK (minority >= 0 AND minority <= learners),
        budget INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
        voucher_uuid TEXT,
        result TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        school_year TEXT NOT NULL DEFAULT '',
        year INTEGER,
        CHECK (end_date = '' OR start_date = '' OR end_date >= start_date)
    )""",
    "CREATE INDEX learning_class_by_start ON learning_class(start_date, id) WHERE deleted = 0",
    "CREATE INDEX learning_class_by_year ON learning_class(year, start_date, id) WHERE deleted = 0",
    "CREATE INDEX learning_class_by_school_year ON learning_class(school_year, start_date, id) WHERE deleted = 0",
    "CREATE INDEX learning_class_by_field ON learning_class(field, id) WHERE deleted = 0",
    "CREATE INDEX learning_class_by_name ON learning_class(name_key, id) WHERE deleted = 0",
    "CREATE INDEX learning_class_by_voucher ON learning_class(voucher_uuid) WHERE voucher_uuid IS NOT NULL",
    "CREATE INDEX learning_class_change_seq ON learning_class(change_seq)",
    f"""CREATE TABLE class_learner ({RECORD_COLUMNS},
        class_uuid TEXT NOT NULL REFERENCES learning_class(uuid),
        full_name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        search_key TEXT NOT NULL DEFAULT '',
        birth_year INTEGER,
        village TEXT NOT NULL DEFAULT '',
        gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'Nam', 'Nữ')),
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX class_learner_by_class ON class_learner(class_uuid, name_key, id) WHERE deleted = 0",
    "CREATE INDEX class_learner_change_seq ON class_learner(change_seq)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)

