"""m0013: an older file gets the period indexes, and its awards and figures are unchanged."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage import award_periods, migrations
from khuyenhoc_desktop.storage.database import DataFile

from .test_m0010_file_identity_dates import RECORD, NOW, file_at_version


def test_old_file_gets_the_indexes_and_keeps_its_awards(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 11)
    conn = sqlite3.connect(path)
    for n, (decided, status, amount) in enumerate([("2026-03-02", "approved", 500), ("", "draft", 80)]):
        conn.execute(f"INSERT INTO award({RECORD}, school_year, full_name, name_key, search_key, category, amount, decision_date, status)"
                     f" VALUES (?, 1, {NOW}, {NOW}, 0, 1, '2025-2026', 'Lê Thị Mai', 'le thi mai', 'le thi mai', 'Học sinh giỏi', ?, ?, ?)",
                     (f"a-{n}", amount, decided, status))
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.schema_version == migrations.latest_version() >= 13
        names = {r[0] for r in df.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"award_given_by_decision", "award_draft_by_year"} <= names
        rows = award_periods.given_groups(df.db, ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31"), "Học bổng")
        assert [(bool(r[0]), r[1], r[4], r[6], int(r[7])) for r in rows] == [(True, "Học sinh giỏi", 3, 1, 500)]
        assert award_periods.pending_totals(df.db, ["2025-2026"]) == (1, 80)
