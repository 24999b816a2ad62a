"""Sending data to the province: export history, per-record acknowledgement state, change_seq indexes."""

VERSION = 4
DESCRIPTION = "Gửi dữ liệu lên tỉnh: lịch sử gói, trạng thái biên nhận"

# Every business table is scanned by change_seq for the "not yet sent" count and the export.
CHANGE_SEQ_TABLES = ("award", "catalog_item", "award_rate", "voucher", "voucher_link", "fund_opening",
                     "fund_lock", "cash_count", "learning_class", "class_learner", "meeting")

STATEMENTS = [
    """CREATE TABLE sync_export (
        seq INTEGER PRIMARY KEY,
        package_id TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        mode TEXT NOT NULL CHECK (mode IN ('delta', 'full')),
        from_change_seq INTEGER NOT NULL DEFAULT 0,
        to_change_seq INTEGER NOT NULL DEFAULT 0,
        from_audit_id INTEGER NOT NULL DEFAULT 0,
        to_audit_id INTEGER NOT NULL DEFAULT 0,
        counts TEXT NOT NULL DEFAULT '{}',
        rows INTEGER NOT NULL DEFAULT 0,
        encrypted INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX sync_export_to_change_seq ON sync_export(to_change_seq)",
    """CREATE TABLE sync_record_state (
        table_name TEXT NOT NULL,
        uuid TEXT NOT NULL,
        version INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('accepted', 'returned')),
        reason TEXT NOT NULL DEFAULT '',
        ack_at TEXT NOT NULL,
        PRIMARY KEY (table_name, uuid)
    )""",
    "CREATE INDEX sync_record_state_by_state ON sync_record_state(state, table_name)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in CHANGE_SEQ_TABLES:
        if table in tables:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_change_seq ON {table}(change_seq)")
