"""The province's award totals per commune (schema 28): `prov_award_total`, one row per commune, school year,
category, level, funding source and status with the number and the sum of its awards not deleted — what
`prov_award` adds up to, kept current by each import in its own transaction
(`storage.province.totals.refresh_award_totals`). The aggregates read these rows (a few hundred per
commune) instead of grouping every award row: 1.2 million awards took 0.6–1.3 s per pass on either
engine, the totals ~0.1 s (docs/performance.md).

Also an index for the bank accounts' opening balances (read by the fund's figures): without it the query
read the whole of `prov_record`. Filled from the rows already there; written out here, not imported: a
migration stays as written.
"""

VERSION = 28
DESCRIPTION = "Tổng khen thưởng theo xã của tỉnh; chỉ mục số dư đầu kỳ tài khoản ngân hàng"

STATEMENTS = [
    """CREATE TABLE prov_award_total (
        commune_code TEXT NOT NULL,
        school_year TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT '',
        funding_source TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        awards INTEGER NOT NULL DEFAULT 0,
        amount INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (commune_code, school_year, category, level, funding_source, status)
    )""",
    """INSERT INTO prov_award_total(commune_code, school_year, category, level, funding_source, status, awards,
        amount)
       SELECT commune_code, school_year, category, level, funding_source, status, COUNT(*), TOTAL(amount)
       FROM prov_award WHERE deleted = 0
       GROUP BY commune_code, school_year, category, level, funding_source, status""",
    "CREATE INDEX prov_record_bank_account ON prov_record(commune_code) WHERE table_name = 'bank_account'",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
