"""The awards' covering index in the order the award totals group them (schema 30).

Since migration 28 the aggregates read `prov_award_total`; what reads `prov_award` is each import's refresh of
its commune's totals (`storage.province.totals.refresh_award_totals`), grouped by school year, category, level,
funding source and status. `prov_award_cube` (migration 7) had `amount` before `status`, so SQLite sorted the
6,000 awards of a commune in a temporary B-tree at every import (~11 ms); with `status` before `amount` it reads
them in the index's order (~2 ms). A new name, so that a PostgreSQL store made before it (its indexes are
replayed from this schema, `CREATE INDEX IF NOT EXISTS`) gets the new one and drops the old
(`storage.server_schema.RETIRED_INDEXES`).
"""

VERSION = 30
DESCRIPTION = "Chỉ mục khen thưởng của tỉnh theo thứ tự cộng tổng"

STATEMENTS = [
    "DROP INDEX IF EXISTS prov_award_cube",
    """CREATE INDEX prov_award_totals_cube ON prov_award(deleted, commune_code, school_year, category, level,
        funding_source, status, amount)""",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
