"""The July 2025 reform at the province: a table of unit changes — the new commune (official code and name),
the decision that formed it and its date, the day it took effect — and the old communes it was formed from
(one row per old code; an old code has one successor). From the effective date the old communes' keys are
retired (services/province/unit_changes.py): their later packages are refused, the records the province
holds from them are updated by the new commune's packages.

The commune's side needs no column: the organisation profile (setting "organisation", JSON) gains its
`unit_check` key on the first save after the user confirms the official unit; a profile without it is one
whose free-text names were never matched against the official list (services/organisation.py).

Every commune file gets these tables too (as m0005's); they stay empty. Dates are ISO `YYYY-MM-DD`.
"""

VERSION = 20
DESCRIPTION = "Tỉnh: thay đổi đơn vị hành chính (xã cũ → xã mới), khóa của xã cũ thôi dùng từ ngày hợp nhất"

_ISO = "GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"

STATEMENTS = [
    f"""CREATE TABLE prov_unit_change (
        id INTEGER PRIMARY KEY,
        new_code TEXT NOT NULL UNIQUE CHECK (new_code GLOB '[0-9]*' AND length(new_code) BETWEEN 1 AND 10),
        new_name TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL DEFAULT '',
        decision_date TEXT NOT NULL DEFAULT '' CHECK (decision_date = '' OR decision_date {_ISO}),
        effective_date TEXT NOT NULL CHECK (effective_date {_ISO}),
        source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('library', 'manual')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE prov_unit_change_old (
        change_id INTEGER NOT NULL REFERENCES prov_unit_change(id) ON DELETE CASCADE,
        old_code TEXT NOT NULL UNIQUE CHECK (old_code GLOB '[0-9]*' AND length(old_code) BETWEEN 1 AND 10),
        old_name TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX prov_unit_change_old_change ON prov_unit_change_old(change_id)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
