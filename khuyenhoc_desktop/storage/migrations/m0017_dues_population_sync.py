"""Dues payments, dues sent upward and population figures travel to the province (schema 17):

* the export reads their rows changed since the last package by `change_seq`, as for every synced table;
* the rows already in the file get new change numbers, so the next package sends them (they were saved
  while they did not travel, some below the last package's number);
* `prov_dues_payment`, `prov_dues_submission`, `prov_population`: the province's narrow copies, from which
  it counts dues collected and submitted and the population per commune by the commune's own definitions.

Written out here, not imported: a migration stays as written.
"""

VERSION = 17
DESCRIPTION = "Hội phí và số liệu dân số gửi lên tỉnh"

TABLES = ("dues_payment", "dues_submission", "population")

STATEMENTS = [
    *(f"CREATE INDEX {t}_change_seq ON {t}(change_seq)" for t in TABLES),
    """CREATE TABLE prov_dues_payment (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        year INTEGER NOT NULL,
        amount INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'paid',
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    """CREATE TABLE prov_dues_submission (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        year INTEGER NOT NULL,
        amount INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active',
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    """CREATE TABLE prov_population (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        year INTEGER NOT NULL,
        village TEXT NOT NULL DEFAULT '',
        population INTEGER NOT NULL DEFAULT 0,
        households INTEGER NOT NULL DEFAULT 0,
        adults INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, uuid)
    )""",
    "CREATE INDEX prov_dues_payment_by_year ON prov_dues_payment(year, deleted, status, commune_code)",
    "CREATE INDEX prov_dues_submission_by_year ON prov_dues_submission(year, deleted, status, commune_code)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
    _send_with_the_next_package(conn)


def _send_with_the_next_package(conn) -> None:
    """New change numbers above the file's counter for the rows saved while they did not travel; versions
    stay (the province has never seen these rows)."""
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
