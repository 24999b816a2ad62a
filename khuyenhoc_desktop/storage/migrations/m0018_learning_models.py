"""Learning-society models (Gia đình / Dòng họ / Cộng đồng / Đơn vị học tập, Công dân học tập):

* `learning_criteria_set`: criteria sets the association saved (a copy of a shipped set with a new version,
  or one imported); `body` is the set's JSON, one row per (code, version);
* `learning_subject`: a household (name = chủ hộ, size = số nhân khẩu), a dòng họ (name, head = trưởng họ,
  size = số hộ), a community (a thôn/tổ dân phố) or a unit (name, unit_kind, head, size = số người);
* `learning_registration`: one per subject and year (a partial unique index), its place in the cycle
  (registered → assessed → accepted / returned → recognised) and the decision that recognised it;
* `learning_assessment`: the score sheet of a registration (points per sub-item as JSON, the total and the
  result by the set's rule at the time it was scored), one live sheet per registration;
* `learning_decision`: a recognition decision (number, date, issuing body);
* `learning_citizen_count`: Công dân học tập registered and recognised per target group and year.

Bounds as in 0015 (counts 0 … 10⁷, years 1990 … 2200, ISO dates). Written out here, not imported: a migration
stays as written.
"""

VERSION = 18
DESCRIPTION = "Mô hình học tập: đối tượng, đăng ký, chấm điểm, công nhận; Công dân học tập"

_RECORD = ("uuid TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, change_seq INTEGER NOT NULL DEFAULT 0")

TABLES = [
    "CREATE TABLE learning_criteria_set (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " code TEXT NOT NULL, set_version INTEGER NOT NULL, title_kind TEXT NOT NULL, year_from INTEGER NOT NULL,"
    " year_to INTEGER, status TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE learning_subject (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " kind TEXT NOT NULL, name TEXT NOT NULL, head TEXT NOT NULL DEFAULT '', village TEXT NOT NULL DEFAULT '',"
    " size INTEGER NOT NULL DEFAULT 0, unit_kind TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
    " search_key TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE learning_registration (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " subject_uuid TEXT NOT NULL, year INTEGER NOT NULL, registered_on TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'registered', review_reason TEXT NOT NULL DEFAULT '',"
    " reviewed_on TEXT NOT NULL DEFAULT '', decision_uuid TEXT NOT NULL DEFAULT '',"
    " recognition_reason TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE learning_assessment (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " registration_uuid TEXT NOT NULL, set_code TEXT NOT NULL, set_version INTEGER NOT NULL,"
    " assessed_on TEXT NOT NULL, difficult_area INTEGER NOT NULL DEFAULT 0, points TEXT NOT NULL DEFAULT '{}',"
    " total INTEGER NOT NULL DEFAULT 0, max_total INTEGER NOT NULL DEFAULT 0, result TEXT NOT NULL DEFAULT '',"
    " passed INTEGER NOT NULL DEFAULT 0, evidence TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE learning_decision (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " year INTEGER NOT NULL, title_kind TEXT NOT NULL, number TEXT NOT NULL, decided_on TEXT NOT NULL,"
    " issuing_body TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE learning_citizen_count (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " year INTEGER NOT NULL, target_group TEXT NOT NULL, registered INTEGER NOT NULL DEFAULT 0,"
    " recognised INTEGER NOT NULL DEFAULT 0)",
]

INDEXES = [
    "CREATE UNIQUE INDEX learning_criteria_set_key ON learning_criteria_set(code, set_version) WHERE deleted = 0",
    "CREATE INDEX learning_subject_by_kind ON learning_subject(kind, village) WHERE deleted = 0",
    "CREATE UNIQUE INDEX learning_registration_once ON learning_registration(subject_uuid, year) WHERE deleted = 0",
    "CREATE INDEX learning_registration_by_year ON learning_registration(year, status)",
    "CREATE UNIQUE INDEX learning_assessment_once ON learning_assessment(registration_uuid) WHERE deleted = 0",
    "CREATE INDEX learning_assessment_by_set ON learning_assessment(set_code, set_version)",
    "CREATE INDEX learning_decision_by_year ON learning_decision(year, title_kind)",
    "CREATE UNIQUE INDEX learning_citizen_count_once ON learning_citizen_count(year, target_group) WHERE deleted = 0",
]


def _iso(column: str) -> str:
    return (f"(NEW.{column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            f" AND date(julianday(NEW.{column})) IS NEW.{column})")


def _count(column: str) -> str:
    return f"(typeof(NEW.{column}) = 'integer' AND NEW.{column} BETWEEN 0 AND 10000000)"


_YEAR = "(typeof(NEW.year) = 'integer' AND NEW.year BETWEEN 1990 AND 2200)"
_KINDS = "('family', 'clan', 'community', 'unit')"

_RULES = {
    "learning_subject": [("kind", f"NEW.kind IN {_KINDS}"), ("size", _count("size"))],
    "learning_registration": [
        ("year", _YEAR), ("registered_on", _iso("registered_on")),
        ("status", "NEW.status IN ('registered', 'assessed', 'accepted', 'returned', 'recognised')"),
    ],
    "learning_assessment": [("assessed_on", _iso("assessed_on")), ("total", _count("total")),
                            ("passed", "NEW.passed IN (0, 1)")],
    "learning_decision": [("year", _YEAR), ("decided_on", _iso("decided_on"))],
    "learning_citizen_count": [("year", _YEAR), ("registered", _count("registered")),
                               ("recognised", _count("recognised"))],
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
