"""m0030: the awards' covering index in the order the award totals group them; a province file of schema 29
keeps its awards and totals, loses `prov_award_cube`, and the refresh of a commune's totals reads the awards in
the index's order (no temporary B-tree)."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.province.totals import refresh_award_totals
from tests.storage.migrations.test_m0028_province_award_totals import AWARDS, province_file_with_awards


def _indexes(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'prov_award'")}


def test_a_province_file_of_schema_29_gets_the_index_in_the_totals_order(tmp_path):
    path = tmp_path / "tinh.db"
    province_file_with_awards(path, 29)
    conn = sqlite3.connect(path)
    assert "prov_award_cube" in _indexes(conn)
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 29
        refresh_award_totals(df.db, ["07462", "07465"])
        plan = " | ".join(r[3] for r in df.db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT commune_code, school_year, category, level, funding_source, status, COUNT(*),"
            " TOTAL(amount) FROM prov_award WHERE deleted = 0 AND commune_code = ?"
            " GROUP BY commune_code, school_year, category, level, funding_source, status", ("07462",)))
        rows = df.db.execute_sql("SELECT commune_code, status, awards, amount FROM prov_award_total"
                                 " ORDER BY 1, 2").fetchall()
    assert "COVERING INDEX prov_award_totals_cube" in plan and "TEMP B-TREE" not in plan
    # by hand from AWARDS: 07462 approved 100,000 + 250,000, draft 300,000 (a4 deleted); 07465 awarded 50,000
    assert rows == [("07462", "approved", 2, 350_000), ("07462", "draft", 1, 300_000), ("07465", "awarded", 1, 50_000)]
    conn = sqlite3.connect(path)
    assert "prov_award_cube" not in _indexes(conn) and "prov_award_totals_cube" in _indexes(conn)
    conn.close()
