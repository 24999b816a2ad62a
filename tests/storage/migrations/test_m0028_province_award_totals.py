"""m0028: a province file of schema 25 gains the award totals per commune, made from the awards it holds (the
deleted ones left out), and the index of the bank accounts' opening balances."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage.database import DataFile
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

AWARDS = [  # commune, uuid, school year, category, level, source, amount, deleted, status
    ("07462", "a1", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", 100_000, 0, "approved"),
    ("07462", "a2", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", 250_000, 0, "approved"),
    ("07462", "a3", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", 300_000, 0, "draft"),
    ("07462", "a4", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", 900_000, 1, "approved"),  # deleted
    ("07465", "b1", "2023-2024", "Vượt khó", "Huyện", "", 50_000, 0, "awarded"),
]


def province_file_with_awards(path, version: int) -> None:
    """A province file left at schema `version` holding AWARDS."""
    file_at_version(path, version)
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO prov_award(commune_code, uuid, school_year, category, level, funding_source,"
                     " amount, deleted, status) VALUES (?,?,?,?,?,?,?,?,?)", AWARDS)
    conn.commit()
    conn.close()


def test_a_province_file_of_schema_25_gains_its_award_totals(tmp_path):
    path = tmp_path / "tinh.db"
    province_file_with_awards(path, 25)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 25
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT commune_code, school_year, category, level, funding_source, status, awards, amount"
                        " FROM prov_award_total ORDER BY 1, 6").fetchall()
    assert rows == [("07462", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "approved", 2, 350_000),
                    ("07462", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "draft", 1, 300_000),
                    ("07465", "2023-2024", "Vượt khó", "Huyện", "", "awarded", 1, 50_000)]
    assert all(type(r[7]) is int for r in rows)  # whole đồng, not the float TOTAL() adds up to
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT commune_code FROM prov_record WHERE table_name = 'bank_account'"
                        " AND deleted = 0").fetchall()
    assert "prov_record_bank_account" in " ".join(r[3] for r in plan)
    conn.close()
