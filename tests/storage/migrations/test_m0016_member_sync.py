"""m0016: a member's CCCD hash column and the province's member and unit copies, on a file of schema 14."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0016_member_sync import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


def test_a_file_of_schema_14_keeps_its_members_and_gains_the_hash_and_the_province_tables(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 14)
    conn = sqlite3.connect(path)
    # saved (change number 3) before the last package (up to change 40), while members did not travel
    conn.execute(f"INSERT INTO org_unit(uuid, created_at, updated_at, name, change_seq)"
                 f" VALUES ('u1', {_T}, {_T}, 'Chi hội thôn Đông', 2)")
    conn.execute(f"INSERT INTO member(uuid, created_at, updated_at, code, full_name, name_key, search_key, id_number,"
                 f" unit_uuid, change_seq)"
                 f" VALUES ('m1', {_T}, {_T}, 'HV00001', 'Nguyễn Văn An', 'an', 'nguyen van an|', '001055012345',"
                 f" 'u1', 3)")
    conn.execute("UPDATE meta SET value = '50' WHERE key = 'change_counter'")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 14 and df.schema_version == migrations.latest_version() >= VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT code, id_number, id_hash, version FROM member").fetchall() == [
        ("HV00001", "001055012345", "", 1)]  # the hash is the export's to give
    # above the counter as it was, the unit before its member, and the counter past both: the next delta sends them
    unit_seq = conn.execute("SELECT change_seq FROM org_unit").fetchone()[0]
    member_seq = conn.execute("SELECT change_seq FROM member").fetchone()[0]
    counter = int(conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])
    assert 50 < unit_seq < member_seq <= counter
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"prov_member", "prov_org_unit", "member_change_seq", "org_unit_change_seq",
            "prov_member_by_id_hash"} <= names
    columns = [r[1] for r in conn.execute("PRAGMA table_info(prov_member)")]
    assert "id_number" not in columns and "phone" not in columns and "full_name" not in columns
