"""The national hub (Trung ương Hội): the provinces registered with it and their signing keys
(`nat_province`), the ledger of the province packages (.khprov) it imported (`nat_package`) and each
province's figures by period and commune as its latest package gave them (`nat_figures`;
docs/sync-format.md §14).

Every file gets these tables (as m0005's province tables); they stay empty outside a national store.
`nat_figures.period` is '' for "every date" or a school year `YYYY-YYYY`; `commune_code` is '' for the
province's own totals. `figures` is the canonical JSON of that block, exactly as the province signed it.
"""

VERSION = 27
DESCRIPTION = "Trung ương: các tỉnh đăng ký, sổ gói số liệu của tỉnh, số liệu theo tỉnh, xã và kỳ"

STATEMENTS = [
    """CREATE TABLE nat_province (
        code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
        name TEXT NOT NULL DEFAULT '',
        signing_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
        revoked_at TEXT NOT NULL DEFAULT '',
        revoked_reason TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE nat_package (
        id INTEGER PRIMARY KEY,
        province_code TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        package_id TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        prev_sha256 TEXT,
        created_at TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        communes INTEGER NOT NULL DEFAULT 0,
        periods TEXT NOT NULL DEFAULT '[]',
        detail INTEGER NOT NULL DEFAULT 0,
        UNIQUE (province_code, seq)
    )""",
    """CREATE TABLE nat_figures (
        province_code TEXT NOT NULL,
        period TEXT NOT NULL,
        commune_code TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        seq INTEGER NOT NULL,
        figures TEXT NOT NULL,
        PRIMARY KEY (province_code, period, commune_code)
    )""",
    "CREATE INDEX nat_figures_by_period ON nat_figures(period, province_code, commune_code)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
