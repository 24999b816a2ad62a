"""m0009: every meeting gets a Nơi nhận; a file from before keeps its meetings and gets the usual lines."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.domain.meetings import DEFAULT_RECIPIENTS
from khuyenhoc_desktop.storage import meetings as store
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID, DataFile


def make_schema_file(path, version: int) -> None:
    """A data file at schema `version` with one meeting in it (only plain sqlite3, like a migration)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for m in migrations.all_migrations():
        if m.version <= version:
            m.up(conn)
    conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '1')")
    conn.execute(
        "INSERT INTO meeting(uuid, version, created_at, updated_at, deleted, change_seq, kind, number, subject,"
        " start_at, end_at) VALUES ('0b6f9a4e-0000-4000-8000-000000000009', 1, '2025-08-20T00:00:00+00:00',"
        " '2025-08-20T00:00:00+00:00', 0, 1, 'Ban Chấp hành', '05/BB-HKH', 'Xét khen thưởng',"
        " '2025-08-20T14:00', '2025-08-20T16:00')"
    )
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_an_old_meeting_gets_the_usual_recipients_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    make_schema_file(path, 6)
    with DataFile.open(path) as df:
        assert df.schema_version == migrations.latest_version() >= 9
        meeting = store.get(df.db, number="05/BB-HKH")
        assert meeting.subject == "Xét khen thưởng" and meeting.kind == "Ban Chấp hành"
        assert meeting.recipients == "- Như thành phần dự họp;\n- Lưu: VT, hồ sơ." == DEFAULT_RECIPIENTS
