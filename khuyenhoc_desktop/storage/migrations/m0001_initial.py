"""The first schema: settings, catalogues, award amounts, awards, audit log."""

VERSION = 1
DESCRIPTION = "Khởi tạo: danh mục, khen thưởng, nhật ký thay đổi"

# Columns every business table carries (see docs/architecture.md).
RECORD_COLUMNS = """
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL DEFAULT 0
"""

STATEMENTS = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"""CREATE TABLE catalog_item ({RECORD_COLUMNS},
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX catalog_item_kind ON catalog_item(kind, sort_order, name)",
    f"""CREATE TABLE award_rate ({RECORD_COLUMNS},
        school_year TEXT NOT NULL,
        category TEXT NOT NULL,
        level TEXT NOT NULL DEFAULT '',
        prize TEXT NOT NULL DEFAULT '',
        amount INTEGER NOT NULL CHECK (amount >= 0)
    )""",
    "CREATE INDEX award_rate_lookup ON award_rate(school_year, category, level, prize)",
    f"""CREATE TABLE award ({RECORD_COLUMNS},
        school_year TEXT NOT NULL,
        batch TEXT NOT NULL DEFAULT '',
        full_name TEXT NOT NULL,
        family_name TEXT NOT NULL DEFAULT '',
        middle_name TEXT NOT NULL DEFAULT '',
        given_name TEXT NOT NULL DEFAULT '',
        name_key TEXT NOT NULL,
        search_key TEXT NOT NULL,
        birth_date TEXT NOT NULL DEFAULT '',
        birth_year INTEGER,
        gender TEXT NOT NULL DEFAULT '',
        parent_name TEXT NOT NULL DEFAULT '',
        village TEXT NOT NULL DEFAULT '',
        class_name TEXT NOT NULL DEFAULT '',
        school TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT '',
        prize TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        achievement TEXT NOT NULL DEFAULT '',
        award_form TEXT NOT NULL DEFAULT '',
        amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
        funding_source TEXT NOT NULL DEFAULT '',
        decision_no TEXT NOT NULL DEFAULT '',
        decision_date TEXT NOT NULL DEFAULT '',
        register_no TEXT NOT NULL DEFAULT '',
        printed_at TEXT,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'awarded')),
        note TEXT NOT NULL DEFAULT ''
    )""",
    # Partial indexes: lists never show deleted rows, and every list query says `deleted = 0`.
    "CREATE INDEX award_by_name ON award(name_key, id) WHERE deleted = 0",
    "CREATE INDEX award_by_year_name ON award(school_year, name_key, id) WHERE deleted = 0",
    "CREATE INDEX award_by_category ON award(category, id) WHERE deleted = 0",
    "CREATE INDEX award_by_level ON award(level, id) WHERE deleted = 0",
    "CREATE INDEX award_by_school ON award(school, id) WHERE deleted = 0",
    "CREATE INDEX award_by_status ON award(status, id) WHERE deleted = 0",
    "CREATE INDEX award_by_amount ON award(amount, id) WHERE deleted = 0",
    "CREATE INDEX award_by_class ON award(class_name, id) WHERE deleted = 0",
    "CREATE INDEX award_by_birth ON award(birth_date, id) WHERE deleted = 0",
    "CREATE INDEX award_change_seq ON award(change_seq)",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_uuid TEXT NOT NULL,
        version INTEGER NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        before TEXT,
        after TEXT,
        reason TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX audit_by_record ON audit_log(record_uuid, id)",
    # Append-only: the database itself refuses to change or remove audit rows.
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
