"""Learning models, commune side (schema 25): `learning_citizen`, the list of Công dân học tập of a year — one
person per row (full name, birth year, gender, thôn, target group, registered or recognised, an optional CCCD,
a note), soft-deleted. Where a target group has people on the list, its `learning_citizen_count` row of that
year is written from the list (docs/numbers.md); the list itself stays in the file (it names people).

Bounds as in 0018 (years 1990 … 2200; a birth year 1900 … 2200 or none; a CCCD of 12 digits or none). Written
out here, not imported: a migration stays as written.
"""

VERSION = 25
DESCRIPTION = "Mô hình học tập: danh sách Công dân học tập"

# A record table's columns, the origin of migration 19 included (a merged old commune's rows keep theirs).
_RECORD = ("uuid TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, change_seq INTEGER NOT NULL DEFAULT 0,"
           " origin_code TEXT NOT NULL DEFAULT '', origin_name TEXT NOT NULL DEFAULT ''")

STATEMENTS = [
    "CREATE TABLE learning_citizen (id INTEGER PRIMARY KEY, " + _RECORD + ","
    " year INTEGER NOT NULL, full_name TEXT NOT NULL, birth_year INTEGER, gender TEXT NOT NULL DEFAULT '',"
    " village TEXT NOT NULL DEFAULT '', target_group TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'registered',"
    " id_number TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', search_key TEXT NOT NULL DEFAULT '',"
    " name_key TEXT NOT NULL DEFAULT '',"
    " CHECK (typeof(year) = 'integer' AND year BETWEEN 1990 AND 2200),"
    " CHECK (birth_year IS NULL OR (typeof(birth_year) = 'integer' AND birth_year BETWEEN 1900 AND 2200)),"
    " CHECK (status IN ('registered', 'recognised')),"
    " CHECK (gender IN ('', 'Nam', 'Nữ')),"
    " CHECK (id_number = '' OR (length(id_number) = 12 AND id_number NOT GLOB '*[^0-9]*')))",
    "CREATE INDEX learning_citizen_by_year ON learning_citizen(year, target_group, status) WHERE deleted = 0",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
