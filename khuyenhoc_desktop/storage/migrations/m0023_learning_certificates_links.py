"""Learning models, commune side (schema 23):

* `learning_certificate`: the register number (số vào sổ) a giấy công nhận got when it was first printed, one
  per recognised registration; numbers run per title and year (`seq`), "1/GĐHT-2026";
* `learning_household_link`: a household confirmed to be the home of a member or an award recipient (the
  program suggests them by thôn and folded name; a user confirms each), one per household and record.

Both stay in the file (they name people). Written out here, not imported: a migration stays as written.
"""

VERSION = 23
DESCRIPTION = "Mô hình học tập: số vào sổ giấy công nhận, liên kết hộ gia đình với hội viên, người được khen"

# A record table's columns, the origin of migration 19 included (a merged old commune's rows keep theirs).
_RECORD = ("uuid TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, change_seq INTEGER NOT NULL DEFAULT 0,"
           " origin_code TEXT NOT NULL DEFAULT '', origin_name TEXT NOT NULL DEFAULT ''")

STATEMENTS = [
    "CREATE TABLE learning_certificate (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " registration_uuid TEXT NOT NULL, year INTEGER NOT NULL, title_kind TEXT NOT NULL,"
    " seq INTEGER NOT NULL, number TEXT NOT NULL, printed_at TEXT NOT NULL,"
    " CHECK (seq >= 1), CHECK (year BETWEEN 1990 AND 2200))",
    "CREATE UNIQUE INDEX learning_certificate_once ON learning_certificate(registration_uuid) WHERE deleted = 0",
    # numbered per origin: each old commune merged in keeps the numbers it gave
    "CREATE UNIQUE INDEX learning_certificate_seq ON learning_certificate(origin_code, year, title_kind, seq)"
    " WHERE deleted = 0",
    "CREATE TABLE learning_household_link (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " subject_uuid TEXT NOT NULL, record_kind TEXT NOT NULL, record_uuid TEXT NOT NULL,"
    " CHECK (record_kind IN ('member', 'award')))",
    "CREATE UNIQUE INDEX learning_household_link_once ON learning_household_link(subject_uuid, record_kind, record_uuid)"
    " WHERE deleted = 0",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
