"""Merging old communes' files into the new association's (the July 2025 reform):

* every record table and the audit log gain `origin_code` and `origin_name`: the old commune a merged row came
  from ('' = the file's own);
* the unique keys two old communes can both hold (a voucher's series, a member's code and CCCD, a population
  line, a Công dân học tập count) become unique per origin: each old commune keeps its own;
* `merge_source`: one row per old commune merged in — its identity, the merger date, what its books held at
  that date and how many records it brought (the handover minutes print it), the file it came from;
* `voucher.handover_from` (and its province copy `prov_voucher.handover_from`): the old commune whose closing
  balance a handover receipt brings in ('' = any other phiếu). The province leaves those receipts out of its
  fund figures (a transfer within its tree: the old commune keeps that balance), see docs/numbers.md.

Written out here, not imported: a migration stays as written.
"""

VERSION = 19
DESCRIPTION = "Hợp nhất dữ liệu các xã cũ: nguồn gốc của bản ghi, danh sách xã cũ đã hợp nhất"

ORIGIN_TABLES = (
    "catalog_item", "award_rate", "award", "audit_log", "voucher", "voucher_link", "fund_opening", "bank_account",
    "fund_lock", "cash_count", "learning_class", "class_learner", "meeting", "org_unit", "member", "dues_payment",
    "dues_submission", "population", "learning_criteria_set", "learning_subject", "learning_registration",
    "learning_assessment", "learning_decision", "learning_citizen_count",
)

HANDOVER_TABLES = ("voucher", "prov_voucher")

# (index, its new definition): the old one is dropped first.
PER_ORIGIN_INDEXES = (
    ("voucher_series", "CREATE UNIQUE INDEX voucher_series ON voucher(origin_code, kind, account_uuid != '', year, seq)"),
    ("member_code_unique", "CREATE UNIQUE INDEX member_code_unique ON member(origin_code, code) WHERE deleted = 0"),
    ("member_id_number_unique", "CREATE UNIQUE INDEX member_id_number_unique ON member(origin_code, id_number)"
                                " WHERE deleted = 0 AND id_number != ''"),
    ("population_year_village", "CREATE UNIQUE INDEX population_year_village ON population(origin_code, year, village)"
                                " WHERE deleted = 0"),
    ("learning_citizen_count_once", "CREATE UNIQUE INDEX learning_citizen_count_once"
                                    " ON learning_citizen_count(origin_code, year, target_group) WHERE deleted = 0"),
)

STATEMENTS = (
    """CREATE TABLE merge_source (
        origin_code TEXT PRIMARY KEY,
        origin_name TEXT NOT NULL,
        committee_name TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        merger_date TEXT NOT NULL,
        merged_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        schema_version INTEGER NOT NULL DEFAULT 0,
        profile TEXT NOT NULL DEFAULT '{}',
        books TEXT NOT NULL DEFAULT '[]',
        counts TEXT NOT NULL DEFAULT '{}',
        openings TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX award_origin ON award(origin_code) WHERE origin_code != ''",
    "CREATE INDEX member_origin ON member(origin_code) WHERE origin_code != ''",
    "CREATE INDEX voucher_origin ON voucher(origin_code) WHERE origin_code != ''",
)


def up(conn) -> None:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for table in ORIGIN_TABLES:
        if table in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN origin_code TEXT NOT NULL DEFAULT ''")
            conn.execute(f"ALTER TABLE {table} ADD COLUMN origin_name TEXT NOT NULL DEFAULT ''")
    for table in HANDOVER_TABLES:
        if table in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN handover_from TEXT NOT NULL DEFAULT ''")
    for name, definition in PER_ORIGIN_INDEXES:
        if name in indexes:
            conn.execute(f"DROP INDEX {name}")
            conn.execute(definition)
    for statement in STATEMENTS:
        if " ON " in statement and statement.split(" ON ")[1].split("(")[0] not in present:
            continue
        conn.execute(statement)
