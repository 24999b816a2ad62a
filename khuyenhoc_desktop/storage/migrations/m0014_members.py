"""The association's own organisation and its members: `org_unit` (chi hội, ban khuyến học, tổ hội) and
`member` (the sổ hội viên), with the record columns every business table has.

Rules a row must keep whoever writes it are triggers, as in 0011 (bounds) and 0010 (dates): a unit's kind,
a member's status, a CCCD of exactly 12 digits, ISO dates, a birth year in 1900 … 2200. On UPDATE only a
changed value is checked, so a row stored by hand before can still be deleted. A member code and a CCCD are
unique among the rows not deleted (partial unique indexes). Everything is written out here, not imported:
a migration stays as written.
"""

VERSION = 14
DESCRIPTION = "Hội viên và chi hội, ban khuyến học, tổ hội"

_RECORD = ("uuid TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, change_seq INTEGER NOT NULL DEFAULT 0")

TABLES = [
    "CREATE TABLE org_unit (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " kind TEXT NOT NULL DEFAULT 'chi_hoi', name TEXT NOT NULL, village TEXT NOT NULL DEFAULT '',"
    " head TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', founded_on TEXT NOT NULL DEFAULT '',"
    " active INTEGER NOT NULL DEFAULT 1, note TEXT NOT NULL DEFAULT '', search_key TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE member (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " code TEXT NOT NULL, full_name TEXT NOT NULL, family_name TEXT NOT NULL DEFAULT '',"
    " middle_name TEXT NOT NULL DEFAULT '', given_name TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL,"
    " search_key TEXT NOT NULL, gender TEXT NOT NULL DEFAULT '', birth_date TEXT NOT NULL DEFAULT '',"
    " birth_year INTEGER, ethnicity TEXT NOT NULL DEFAULT '', village TEXT NOT NULL DEFAULT '',"
    " address TEXT NOT NULL DEFAULT '', unit_uuid TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT '', joined_on TEXT NOT NULL DEFAULT '', card_no TEXT NOT NULL DEFAULT '',"
    " phone TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active', status_date TEXT NOT NULL DEFAULT '',"
    " id_number TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')",
]

# The list pages by key on these (deleted = 0 is in every list's WHERE).
INDEXES = [
    "CREATE INDEX org_unit_by_kind ON org_unit(kind, name) WHERE deleted = 0",
    "CREATE UNIQUE INDEX member_code_unique ON member(code) WHERE deleted = 0",
    "CREATE UNIQUE INDEX member_id_number_unique ON member(id_number) WHERE deleted = 0 AND id_number != ''",
    "CREATE INDEX member_by_name ON member(name_key, id) WHERE deleted = 0",
    "CREATE INDEX member_by_unit ON member(unit_uuid, name_key) WHERE deleted = 0",
    "CREATE INDEX member_by_status ON member(status, name_key) WHERE deleted = 0",
    "CREATE INDEX member_by_joined ON member(joined_on, id) WHERE deleted = 0",
]


def _iso(column: str) -> str:
    """A stored date: empty, or a real calendar day as YYYY-MM-DD (julianday() would carry 30/02 into March)."""
    return (f"(NEW.{column} = '' OR (NEW.{column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            f" AND date(julianday(NEW.{column})) IS NEW.{column}))")


# table → (column, the condition NEW.column must meet)
_RULES = {
    "org_unit": [
        ("kind", "NEW.kind IN ('chi_hoi', 'ban_khuyen_hoc', 'to_hoi')"),
        ("active", "NEW.active IN (0, 1)"),
        ("founded_on", _iso("founded_on")),
    ],
    "member": [
        ("status", "NEW.status IN ('active', 'moved', 'deceased', 'quit')"),
        ("id_number", "(NEW.id_number = '' OR (length(NEW.id_number) = 12"
                      " AND NEW.id_number NOT GLOB '*[^0-9]*'))"),
        ("birth_year", "(NEW.birth_year IS NULL OR (typeof(NEW.birth_year) = 'integer'"
                       " AND NEW.birth_year BETWEEN 1900 AND 2200))"),
        ("birth_date", _iso("birth_date")),
        ("joined_on", _iso("joined_on")),
        ("status_date", _iso("status_date")),
    ],
}


def statements() -> list[str]:
    out = list(TABLES) + list(INDEXES)
    for table, rules in _RULES.items():
        on_insert = " OR ".join(f"NOT {rule}" for _column, rule in rules)
        on_update = " OR ".join(f"(NEW.{column} IS NOT OLD.{column} AND NOT {rule})" for column, rule in rules)
        message = f"{table}: value out of range"
        out.append(f"CREATE TRIGGER {table}_values_insert BEFORE INSERT ON {table} WHEN {on_insert}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
        out.append(f"CREATE TRIGGER {table}_values_update BEFORE UPDATE ON {table} WHEN {on_update}"
                   f" BEGIN SELECT RAISE(ABORT, '{message}'); END")
    return out


def up(conn) -> None:
    for sql in statements():
        conn.execute(sql)
