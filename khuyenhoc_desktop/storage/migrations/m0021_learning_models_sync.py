"""The learning models travel to the province (schema 21):

* the export reads the rows of the six learning tables changed since the last package by `change_seq`, as
  for every synced table (an index each);
* the rows already in the file get new change numbers, so the next package sends them (they were saved
  while they did not travel, some below the last package's number); the tables in the order their rows
  point to each other (a set, a subject and a decision before the registrations and score sheets);
* `prov_learning_*`: the province's narrow copies, from which it counts each commune's subjects on the list,
  registrations and recognitions by model and year, and its Công dân học tập counts, by the commune's own
  definitions.

Written out here, not imported: a migration stays as written.
"""

VERSION = 21
DESCRIPTION = "Mô hình học tập gửi lên tỉnh"

TABLES = ("learning_criteria_set", "learning_subject", "learning_decision", "learning_registration",
          "learning_assessment", "learning_citizen_count")

_KEY = "commune_code TEXT NOT NULL, uuid TEXT NOT NULL"
_END = "deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (commune_code, uuid)"

STATEMENTS = [
    *(f"CREATE INDEX {t}_change_seq ON {t}(change_seq)" for t in TABLES),
    f"""CREATE TABLE prov_learning_criteria_set ({_KEY},
        code TEXT NOT NULL DEFAULT '',
        set_version INTEGER NOT NULL DEFAULT 0,
        title_kind TEXT NOT NULL DEFAULT '',
        year_from INTEGER,
        year_to INTEGER,
        status TEXT NOT NULL DEFAULT '',
        {_END})""",
    f"""CREATE TABLE prov_learning_subject ({_KEY},
        kind TEXT NOT NULL DEFAULT '',
        village TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        {_END})""",
    f"""CREATE TABLE prov_learning_decision ({_KEY},
        year INTEGER NOT NULL,
        title_kind TEXT NOT NULL DEFAULT '',
        number TEXT NOT NULL DEFAULT '',
        decided_on TEXT NOT NULL DEFAULT '',
        {_END})""",
    f"""CREATE TABLE prov_learning_registration ({_KEY},
        subject_uuid TEXT NOT NULL DEFAULT '',
        year INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'registered',
        decision_uuid TEXT NOT NULL DEFAULT '',
        {_END})""",
    f"""CREATE TABLE prov_learning_assessment ({_KEY},
        registration_uuid TEXT NOT NULL DEFAULT '',
        set_code TEXT NOT NULL DEFAULT '',
        set_version INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        max_total INTEGER NOT NULL DEFAULT 0,
        result TEXT NOT NULL DEFAULT '',
        passed INTEGER NOT NULL DEFAULT 0,
        {_END})""",
    f"""CREATE TABLE prov_learning_citizen_count ({_KEY},
        year INTEGER NOT NULL,
        target_group TEXT NOT NULL DEFAULT '',
        registered INTEGER NOT NULL DEFAULT 0,
        recognised INTEGER NOT NULL DEFAULT 0,
        {_END})""",
    # covering the province's counts (storage.province.learning): subjects by commune and kind, a year's registrations
    "CREATE INDEX prov_learning_subject_by_kind ON prov_learning_subject(commune_code, kind, deleted)",
    "CREATE INDEX prov_learning_registration_by_year ON prov_learning_registration(year, deleted, commune_code,"
    " subject_uuid, status)",
    "CREATE INDEX prov_learning_citizen_count_by_year ON prov_learning_citizen_count(year, deleted, commune_code)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
    _send_with_the_next_package(conn)


def _send_with_the_next_package(conn) -> None:
    """New change numbers above the file's counter for the rows saved while they did not travel, in their
    order of saving within each table; versions stay (the province has never seen these rows)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()
    if row is None:
        return
    base = int(row[0] or 0)
    for table in TABLES:
        last = conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        if last:
            conn.execute(f"UPDATE {table} SET change_seq = ? + id", (base,))
            base += last
    conn.execute("UPDATE meta SET value = ? WHERE key = 'change_counter'", (str(base),))
