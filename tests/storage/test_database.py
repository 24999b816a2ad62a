"""Opening, recognising, migrating and protecting the data file."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from khuyenhoc_desktop.domain.errors import DataFileError
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import APPLICATION_ID, DataFile
from khuyenhoc_desktop.storage.migrations import m0001_initial


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_first_schema_file(path) -> None:
    """A data file exactly as the first released schema made it, with one award in it."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    m0001_initial.up(conn)
    conn.execute("INSERT INTO meta(key, value) VALUES ('role', 'commune'), ('change_counter', '1')")
    conn.execute(
        "INSERT INTO award(uuid, version, created_at, updated_at, deleted, change_seq, school_year, full_name,"
        " name_key, search_key, amount) VALUES ('0b6f9a4e-0000-4000-8000-000000000001', 1, '2025-01-01T00:00:00+00:00',"
        " '2025-01-01T00:00:00+00:00', 0, 1, '2024-2025', 'Nguyễn Văn Ân', 'x', 'nguyen van an|', 200000)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_new_file_has_wal_foreign_keys_and_latest_schema(tmp_path):
    with DataFile.open(tmp_path / "new.db") as df:
        assert df.report.created
        assert df.schema_version == migrations.latest_version()
        assert df.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert df.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert df.db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert df.db.execute_sql("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert df.integrity_check() == "ok"


def test_migrating_a_first_schema_file_backs_it_up_and_keeps_records(tmp_path):
    path = tmp_path / "old.db"
    make_first_schema_file(path)
    with DataFile.open(path) as df:
        assert df.schema_version == migrations.latest_version()
        row = df.db.execute_sql("SELECT full_name, amount FROM award").fetchone()
        assert row == ("Nguyễn Văn Ân", 200000)
        if migrations.latest_version() > 1:
            assert df.report.migrated_from == 1
            backup = df.report.backup_path
            assert backup is not None and backup.exists()
            with sqlite3.connect(backup) as conn:
                assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
                assert conn.execute("SELECT COUNT(*) FROM award").fetchone()[0] == 1


def test_migrated_schema_equals_fresh_schema(tmp_path):
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    make_first_schema_file(old)
    DataFile.open(old).close()
    DataFile.open(fresh).close()

    def schema(path):
        with sqlite3.connect(path) as conn:
            return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))

    assert schema(old) == schema(fresh)


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.db"
    DataFile.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = _digest(path)
    with pytest.raises(DataFileError, match="phiên bản mới hơn"):
        DataFile.open(path)
    assert _digest(path) == before


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    before = _digest(path)
    with pytest.raises(DataFileError, match="chương trình khác"):
        DataFile.open(path)
    assert _digest(path) == before


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("đây là văn bản, không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(DataFileError, match="không phải"):
        DataFile.open(path)
    assert path.read_text(encoding="utf-8").startswith("đây là")


def test_damaged_file_is_refused(tmp_path):
    path = tmp_path / "damaged.db"
    with DataFile.open(path) as df:
        df.db.execute_sql("CREATE TABLE filler (x TEXT)")
        for _ in range(20):
            df.db.execute_sql("INSERT INTO filler VALUES (?)", ("x" * 3000,))
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 10, 997):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileError):
        DataFile.open(path)


def test_missing_file_in_read_only_mode_is_an_error(tmp_path):
    with pytest.raises(DataFileError, match="Không tìm thấy"):
        DataFile.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_second_copy_on_same_file_is_warned(tmp_path):
    path = tmp_path / "shared.db"
    first = DataFile.open(path)
    try:
        second = DataFile.open(path)
        try:
            assert any("cửa sổ Khuyến học Desktop khác" in w for w in second.report.warnings)
        finally:
            second.close()
    finally:
        first.close()
    third = DataFile.open(path)
    assert third.report.warnings == []
    third.close()


def test_unclean_shutdown_is_noticed(tmp_path):
    path = tmp_path / "crash.db"
    df = DataFile.open(path)
    df.db.close()  # as if the process died: open_state stays "open"
    df._lock.release()
    again = DataFile.open(path)
    assert again.report.unclean_shutdown
    again.close()
    assert not DataFile.open(path).report.unclean_shutdown


def test_read_only_open_writes_nothing(tmp_path):
    path = tmp_path / "ro.db"
    DataFile.open(path).close()
    before = _digest(path)
    with DataFile.open(path, read_only=True) as df:
        assert df.schema_version == migrations.latest_version()
    assert _digest(path) == before


def test_peewee_models_match_the_migrated_tables(tmp_path):
    from khuyenhoc_desktop.storage.tables import ALL_MODELS

    with DataFile.open(tmp_path / "m.db") as df:
        for model in ALL_MODELS:
            table = model._meta.table_name
            columns = {r[1] for r in df.db.execute_sql(f"PRAGMA table_info({table})")}
            fields = {f.column_name for f in model._meta.sorted_fields}
            assert fields <= columns, (table, fields - columns)


def test_opening_needs_no_peewee_and_peewee_shares_the_connection(tmp_path):
    # Opening (checks, migration, meta, settings) runs on plain sqlite3, so the window can appear before
    # peewee loads; the peewee database made on first use reuses that connection in this thread.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import sys
        from khuyenhoc_desktop.storage import settings
        from khuyenhoc_desktop.storage.database import DataFile
        df = DataFile.open({str(tmp_path / "p.db")!r})
        settings.put(df, "operator", "Lê Thị Hoa")
        print("peewee" in sys.modules, settings.get(df, "operator"), df.get_meta("role"))
        df.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Lê", "Thị", "Hoa", "commune"]


def test_peewee_uses_the_opening_connection_here_and_its_own_elsewhere(tmp_path):
    import threading

    from khuyenhoc_desktop.storage import settings

    with DataFile.open(tmp_path / "t.db") as df:
        settings.put(df, "k", 1)  # before peewee
        assert df.db.connection() is df.conn
        with df.atomic() as transaction:  # a peewee transaction covers writes made through the DataFile
            settings.put(df, "k", 2)
            assert settings.get(df.db, "k") == 2
            transaction.rollback()
        assert settings.get(df, "k") == 1
        seen = []

        def other_thread():
            seen.append((df.db.connection() is df.conn, settings.get(df.db, "k")))
            df.db.close()

        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert seen == [(False, 1)]
    assert df.closed
    with pytest.raises(sqlite3.ProgrammingError):
        df.conn.execute("SELECT 1")


def test_read_only_file_gives_a_read_only_peewee_database(tmp_path):
    path = tmp_path / "ro2.db"
    DataFile.open(path).close()
    with DataFile.open(path, read_only=True) as df:
        assert df.db.execute_sql("SELECT value FROM meta WHERE key = 'role'").fetchone()[0] == "commune"
        with pytest.raises(Exception, match="readonly|read-only"):
            df.db.execute_sql("INSERT INTO meta(key, value) VALUES ('x', 'y')")


def test_peewee_made_first_in_another_thread_still_gives_this_thread_the_opening_connection(tmp_path):
    import threading

    with DataFile.open(tmp_path / "w.db") as df:
        seen = []

        def worker():  # e.g. a background print job is the first to query through peewee
            seen.append(df.db.connection() is df.conn)
            df.db.close()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert seen == [False]
        assert df.db.connection() is df.conn


def _copy_without_wal(src, dst) -> sqlite3.Connection:
    """What a user gets copying the .db by hand while the program is open: the file alone, no -wal."""
    import shutil

    shutil.copyfile(src, dst)
    assert not dst.with_name(dst.name + "-wal").exists()
    return sqlite3.connect(f"{dst.as_uri()}?mode=ro", uri=True)


def test_a_copy_of_the_db_alone_holds_what_was_saved_while_the_file_is_open(ws, tmp_path):
    from datetime import date

    from khuyenhoc_desktop.domain.awards import AwardDraft

    path = ws.datafile.path
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường"]):
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name=name, birth_date=date(2013, 2, i + 1),
                                  category="Học sinh giỏi", amount=200_000), confirm=True)
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Phạm Thu Hà", birth_year=2012,
                              category="Học sinh giỏi", amount=300_000), confirm=True)
    assert not ws.datafile.closed  # still open, as in the running program
    copy = _copy_without_wal(path, tmp_path / "ban-chep.db")
    try:
        names = [r[0] for r in copy.execute("SELECT full_name FROM award WHERE deleted = 0 ORDER BY id")]
        assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Hà"]
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        copy.close()


def test_a_new_file_is_complete_in_its_db_from_the_start(tmp_path):
    with DataFile.open(tmp_path / "moi.db") as df:
        copy = _copy_without_wal(df.path, tmp_path / "ban-chep.db")
        try:
            assert copy.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
            assert copy.execute("SELECT value FROM meta WHERE key = 'role'").fetchone()[0] == "commune"
        finally:
            copy.close()


def test_a_read_only_file_is_not_checkpointed(tmp_path):
    DataFile.open(tmp_path / "x.db").close()
    with DataFile.open(tmp_path / "x.db", read_only=True) as df:
        assert df.checkpoint() is False
