"""Meetings (cuộc họp) and their minutes (biên bản)."""

VERSION = 3
DESCRIPTION = "Cuộc họp và biên bản"

RECORD_COLUMNS = """
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    change_seq INTEGER NOT NULL DEFAULT 0
"""

STATEMENTS = [
    f"""CREATE TABLE meeting ({RECORD_COLUMNS},
        kind TEXT NOT NULL DEFAULT '',
        number TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        start_at TEXT NOT NULL DEFAULT '',
        end_at TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        chair TEXT NOT NULL DEFAULT '',
        secretary TEXT NOT NULL DEFAULT '',
        members_total INTEGER NOT NULL DEFAULT 0 CHECK (members_total >= 0),
        members_present INTEGER NOT NULL DEFAULT 0 CHECK (members_present >= 0),
        members_absent INTEGER NOT NULL DEFAULT 0 CHECK (members_absent >= 0),
        attendees TEXT NOT NULL DEFAULT '',
        agenda TEXT NOT NULL DEFAULT '[]',
        award_uuids TEXT NOT NULL DEFAULT '[]',
        search_key TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX meeting_by_start ON meeting(start_at, id) WHERE deleted = 0",
    "CREATE INDEX meeting_by_number ON meeting(number) WHERE deleted = 0",
    "CREATE INDEX meeting_change_seq ON meeting(change_seq)",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
