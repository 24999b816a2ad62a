"""The province's side of sync: enrolled communes, the package ledger, the mirror of commune records
and narrow typed copies of the rows the province aggregates (awards, classes, vouchers).

Every commune file gets these tables too (a migration does not know the file's role); they stay empty.
"""

VERSION = 5
DESCRIPTION = "Tỉnh: đăng ký xã, sổ gói đồng bộ, bản sao dữ liệu các xã"

STATEMENTS = [
    """CREATE TABLE prov_commune (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        signing_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE prov_package (
        id INTEGER PRIMARY KEY,
        commune_code TEXT NOT NULL REFERENCES prov_commune(code),
        seq INTEGER NOT NULL,
        package_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        prev_sha256 TEXT,
        province_code TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        result TEXT NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}',
        UNIQUE (commune_code, seq)
    )""",
    "CREATE INDEX prov_package_by_sha ON prov_package(sha256)",
    "CREATE INDEX prov_package_by_id ON prov_package(package_id)",
    # Rows the province refused (conflicts, unknown tables): returned to the commune in the biên nhận.
    """CREATE TABLE prov_rejected (
        id INTEGER PRIMARY KEY,
        commune_code TEXT NOT NULL,
        seq INTEGER NOT NULL,
        line INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        uuid TEXT NOT NULL,
        version INTEGER NOT NULL,
        reason TEXT NOT NULL
    )""",
    "CREATE INDEX prov_rejected_by_commune ON prov_rejected(commune_code, uuid)",
    """CREATE TABLE prov_record (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        table_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT '',
        seq INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,  -- the change row as received (JSON line), its "data" inside
        PRIMARY KEY (commune_code, uuid)
    )""",
    # Only the few opening balances need finding by table (for the fund balance); a full index would slow imports.
    "CREATE INDEX prov_record_fund_opening ON prov_record(commune_code) WHERE table_name = 'fund_opening'",
    """CREATE TABLE prov_award (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        school_year TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT '',
        funding_source TEXT NOT NULL DEFAULT '',
        award_form TEXT NOT NULL DEFAULT '',
        amount INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    # One covering index serves every GROUP BY of the aggregates in a single ordered scan.
    """CREATE INDEX prov_award_cube ON prov_award(deleted, commune_code, school_year, category, level,
        funding_source, amount)""",
    """CREATE TABLE prov_class (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        school_year TEXT NOT NULL DEFAULT '',
        year INTEGER,
        field TEXT NOT NULL DEFAULT '',
        learners INTEGER NOT NULL DEFAULT 0,
        women INTEGER NOT NULL DEFAULT 0,
        minority INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    "CREATE INDEX prov_class_cube ON prov_class(deleted, commune_code, field, learners, women, minority)",
    """CREATE TABLE prov_voucher (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        amount INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT '',
        doc_date TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    "CREATE INDEX prov_voucher_cube ON prov_voucher(commune_code, kind, status, amount, deleted)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
