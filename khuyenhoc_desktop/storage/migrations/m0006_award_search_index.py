"""A covering index for searching the award list in name order."""

VERSION = 6
DESCRIPTION = "Chỉ mục tìm kiếm khen thưởng theo tên"

STATEMENTS = [
    # Searching in name order checks search_key inside the index itself, so a rare name does not cost
    # one table lookup per row of the whole list before a page of matches is found.
    "CREATE INDEX award_by_name_search ON award(name_key, id, search_key, amount) WHERE deleted = 0",
    "DROP INDEX award_by_name",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
