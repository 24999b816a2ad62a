"""Migration 0007: an award's approval day, from the audit log for awards made before it; triggers after it;
the province's copy of each award's status."""

from __future__ import annotations

import json
import sqlite3

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID, DataFile

U = "0b6f9a4e-0000-4000-8000-00000000000"
# midday UTC: the same calendar day in every local time zone a commune uses
NOON = "T05:00:00.000+00:00"


def make_schema_6_file(path) -> None:
    """A data file as schema 6 made it: three awards with their audit rows, and a province mirror row."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for m in migrations.all_migrations():
        if m.version <= 6:
            m.up(conn)
    conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '3')")
    for i, (status, created, changed) in enumerate([("approved", "2026-09-10", "2026-10-02"),  # approved later
                                                     ("awarded", "2026-09-12", "2026-11-20"),  # created approved
                                                     ("draft", "2026-09-15", "2026-09-15")]):
        uuid = f"{U}{i}"
        conn.execute(
            "INSERT INTO award(uuid, version, created_at, updated_at, deleted, change_seq, school_year, full_name,"
            " name_key, search_key, amount, status) VALUES (?, 2, ?, ?, 0, ?, '2026-2027', 'Nguyễn Văn Ân', 'x',"
            " 'nguyen van an|', 200000, ?)", (uuid, created + NOON, changed + NOON, i + 1, status))
        created_status = "approved" if i == 1 else "draft"
        conn.execute("INSERT INTO audit_log(ts, action, table_name, record_uuid, version, field, after)"
                     " VALUES (?, 'create', 'award', ?, 1, '', ?)",
                     (created + NOON, uuid, json.dumps({"status": created_status, "amount": 200000})))
    conn.execute("INSERT INTO audit_log(ts, action, table_name, record_uuid, version, field, before, after)"
                 " VALUES (?, 'status', 'award', ?, 2, 'status', '\"draft\"', '\"approved\"')", ("2026-10-02" + NOON, f"{U}0"))
    conn.execute("INSERT INTO audit_log(ts, action, table_name, record_uuid, version, field, before, after)"
                 " VALUES (?, 'status', 'award', ?, 2, 'status', '\"approved\"', '\"awarded\"')", ("2026-11-20" + NOON, f"{U}1"))
    conn.execute("INSERT INTO prov_award(commune_code, uuid, school_year, amount, deleted) VALUES ('07462', ?, '2026-2027', 300000, 0)",
                 (f"{U}9",))
    conn.execute("INSERT INTO prov_record(commune_code, uuid, table_name, version, content_sha256, deleted, updated_at, seq, data)"
                 " VALUES ('07462', ?, 'award', 1, '', 0, '', 1, ?)",
                 (f"{U}9", json.dumps({"op": "upsert", "data": {"status": "approved", "amount": 300000}})))
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()


def test_old_awards_get_their_approval_day_from_the_audit_log_and_the_province_its_status(tmp_path):
    path = tmp_path / "v6.db"
    make_schema_6_file(path)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 6 and df.schema_version == migrations.latest_version()
        days = dict(df.db.execute_sql("SELECT uuid, approved_on FROM award ORDER BY uuid").fetchall())
        # approved by a status change on 02/10; created approved on 12/09 (paid later); a draft has none
        assert days == {f"{U}0": "2026-10-02", f"{U}1": "2026-09-12", f"{U}2": ""}
        assert df.db.execute_sql("SELECT status FROM prov_award").fetchone()[0] == "approved"


def test_approving_stamps_the_day_and_back_to_draft_clears_it(tmp_path):
    with DataFile.open(tmp_path / "new.db") as df:
        run = df.db.execute_sql
        run("INSERT INTO award(uuid, created_at, updated_at, school_year, full_name, name_key, search_key, status)"
            " VALUES ('a', ?, ?, '2026-2027', 'Lê An', 'x', 'x', 'approved')", ("2026-09-01" + NOON,) * 2)
        run("INSERT INTO award(uuid, created_at, updated_at, school_year, full_name, name_key, search_key)"
            " VALUES ('b', ?, ?, '2026-2027', 'Lê Bình', 'x', 'x')", ("2026-09-01" + NOON,) * 2)

        def day(uuid):
            return run("SELECT approved_on FROM award WHERE uuid = ?", (uuid,)).fetchone()[0]

        assert (day("a"), day("b")) == ("2026-09-01", "")
        run("UPDATE award SET status = 'approved', updated_at = ? WHERE uuid = 'b'", ("2026-10-05" + NOON,))
        assert day("b") == "2026-10-05"
        run("UPDATE award SET status = 'awarded', updated_at = ? WHERE uuid = 'b'", ("2026-10-20" + NOON,))
        assert day("b") == "2026-10-05"  # paid later: still approved on 05/10
        run("UPDATE award SET status = 'draft', updated_at = ? WHERE uuid = 'a'", ("2026-11-01" + NOON,))
        assert day("a") == ""
