"""Nơi nhận of each meeting's biên bản (existing meetings get the usual two lines)."""

VERSION = 9
DESCRIPTION = "Nơi nhận của biên bản họp"

# A literal default (ALTER TABLE accepts no expression): the line break is inside the quotes.
STATEMENTS = [
    "ALTER TABLE meeting ADD COLUMN recipients TEXT NOT NULL DEFAULT '- Như thành phần dự họp;\n- Lưu: VT, hồ sơ.'",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
