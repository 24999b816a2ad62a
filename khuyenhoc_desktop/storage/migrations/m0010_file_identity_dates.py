"""The file's own identity (for its backups), ISO dates enforced by the file, and period locks on real dates.

- `meta.file_uuid`: a random id kept by every copy and backup of this file, so that the automatic backups
  of `xa.db` are told apart from those of `xa-cu.db` (or of a copied file) by more than a name prefix.
- Date columns accept only `YYYY-MM-DD` (a real calendar day) or, where the column is optional, ''.
  SQLite cannot add a CHECK to an existing table without rebuilding it (and with it every index and
  trigger another migration may have added), so the rule is a pair of BEFORE INSERT / UPDATE triggers,
  which refuse exactly what a CHECK would. Rows already stored are not rewritten: `check` lists them.
- The period-lock triggers compared text, so '2026-6-01' sorted after a lock until '2026-05-31'; they
  now compare `date(...)` and treat a posting date that is not a date as inside the locked period.
"""

VERSION = 10
DESCRIPTION = "Mã nhận diện tệp, ngày đúng dạng năm-tháng-ngày, khóa sổ so sánh theo ngày thật"

# (table, column, may be empty). A copy, not an import: a migration stays as it was written.
DATE_COLUMNS = (
    ("voucher", "voucher_date", False),
    ("voucher", "posting_date", False),
    ("cash_count", "count_date", False),
    ("fund_lock", "locked_until", True),
    ("award", "birth_date", True),
    ("award", "decision_date", True),
    ("learning_class", "start_date", True),
    ("learning_class", "end_date", True),
)

# The date up to which the book is closed (NULL = not closed): the newest khóa sổ / mở khóa row.
_LOCKED_UNTIL = "date(IFNULL((SELECT locked_until FROM fund_lock ORDER BY id DESC LIMIT 1), ''))"


def iso_date_rule(column: str, may_be_empty: bool) -> str:
    """The SQL condition a stored date must meet (also used by `check` to list rows stored before it)."""
    # julianday() carries 30 February into March, so only a real calendar day comes back unchanged.
    rule = (f"({column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(julianday({column})) IS {column})")
    return f"({column} = '' OR {rule})" if may_be_empty else rule


def _inside_lock(column: str) -> str:
    return f"{_LOCKED_UNTIL} IS NOT NULL AND (date({column}) IS NULL OR date({column}) <= {_LOCKED_UNTIL})"


STATEMENTS = [
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('file_uuid', lower(hex(randomblob(16))))",
    "DROP TRIGGER IF EXISTS voucher_locked_insert",
    "DROP TRIGGER IF EXISTS voucher_locked_status",
    "DROP TRIGGER IF EXISTS cash_count_locked_insert",
    f"""CREATE TRIGGER voucher_locked_insert BEFORE INSERT ON voucher
       WHEN {_inside_lock('NEW.posting_date')}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    f"""CREATE TRIGGER voucher_locked_status BEFORE UPDATE OF status ON voucher
       WHEN NEW.status IS NOT OLD.status AND {_inside_lock('OLD.posting_date')}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
    f"""CREATE TRIGGER cash_count_locked_insert BEFORE INSERT ON cash_count
       WHEN {_inside_lock('NEW.count_date')}
       BEGIN SELECT RAISE(ABORT, 'period locked'); END""",
]
for _table, _column, _empty in DATE_COLUMNS:
    for _event, _name in (("INSERT", "insert"), (f"UPDATE OF {_column}", "update")):
        STATEMENTS.append(
            f"""CREATE TRIGGER {_table}_{_column}_iso_{_name} BEFORE {_event} ON {_table}
               WHEN NOT {iso_date_rule('NEW.' + _column, _empty)}
               BEGIN SELECT RAISE(ABORT, 'date not in YYYY-MM-DD form: {_table}.{_column}'); END""")


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
