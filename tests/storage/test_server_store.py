"""A province store on a PostgreSQL server (storage/server.py, storage/server_schema.py): its address,
its schema made from the models (a new model gets its table), the schema-version rules, the append-only
audit log, what is refused; and `khuyenhoc check` on it."""

from __future__ import annotations

import gc
import json

import pytest
from peewee import IntegerField, TextField

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.errors import DataFileError
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import migrations, server_schema
from khuyenhoc_desktop.storage.province.models import ProvModel
from khuyenhoc_desktop.storage.server import ServerAddress, ServerStore, connect
from tests.services.test_province_import import CODE, NAME, Commune, award
from tests.sql_helpers import run_sql
from tests.test_cli_json import validate


def _json(capsys, *args, code: int = 0):
    assert main([*map(str, args), "--json"]) == code
    return json.loads(capsys.readouterr().out)


def test_check_on_a_server_store(pg_url, tmp_path, capsys):
    with Workspace.open(pg_url) as ws:
        xa = Commune(tmp_path / "xa")
        ws.province.register_commune(CODE, NAME, xa.card_path)
        ws.province.import_file(xa.package([award(i) for i in range(5)] + [award(9, deleted=1)]))
    data = _json(capsys, "check", "--db", pg_url)
    validate(data, "check")
    assert data["problems"] == [] and data["role"] == "province"
    assert data["counts"]["prov_award"] == {"total": 6, "deleted": 1}
    assert data["counts"]["audit_log"]["total"] == 1
    assert data["server"]["dbname"] == ServerAddress.parse(pg_url).dbname
    assert data["server"]["message"].startswith("Đã kết nối kho dữ liệu")

    with Workspace.open(pg_url) as ws:  # an index dropped by hand is reported
        ws.db.execute_sql("DROP INDEX prov_award_totals_cube")
    data = _json(capsys, "check", "--db", pg_url, code=1)
    assert len(data["problems"]) == 1 and "chỉ mục prov_award_totals_cube" in data["problems"][0]

    assert main(["check", "--db", "postgresql://tinh@127.0.0.1:1/khuyenhoc"]) == 1
    assert "Không kết nối được máy chủ PostgreSQL 127.0.0.1:1" in capsys.readouterr().err


def test_the_audit_log_is_append_only_on_the_server(pg_url, tmp_path):
    from peewee import DatabaseError

    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(CODE, NAME, Commune(tmp_path / "xa").card_path)
        for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(DatabaseError, match="append-only"):
                with ws.db.atomic():
                    ws.db.execute_sql(statement)
        assert ws.db.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 1


def test_a_newer_schema_is_refused_and_an_older_one_upgraded_after_a_pg_dump(pg_url, tmp_path):
    latest = migrations.latest_version()
    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(CODE, NAME, Commune(tmp_path / "xa").card_path)
        ws.datafile.set_meta("schema_version", str(latest + 1))
    with pytest.raises(DataFileError, match=f"lược đồ {latest + 1}, chương trình này hiểu đến lược đồ {latest}"):
        ServerStore.open(pg_url)

    _older(pg_url, latest)
    store = ServerStore.open(pg_url)  # an older store, a table and a column missing: upgraded
    try:
        assert store.report.migrated_from == latest - 1 and store.schema_version == latest
        assert store.report.backup_path.name.endswith(".dump") and store.report.backup_path.stat().st_size > 0
        assert "prov_population" in store.db.get_tables()
        assert "adults" in {c.name for c in store.db.get_columns("prov_population")}
        assert "status" in {c.name for c in store.db.get_columns("prov_award")}
        indexes = {i.name for i in store.db.get_indexes("prov_award")}  # migration 0030's, in place of the old
        assert "prov_award_totals_cube" in indexes and "prov_award_cube" not in indexes
        assert [c.code for c in Workspace(store).province.communes()] == [CODE]  # the data kept
    finally:
        store.close()


def _older(url: str, latest: int) -> None:
    """The store as an older program left it: version latest − 1, without prov_population and prov_award.status,
    with the awards' index of before migration 0030."""
    db = connect(ServerAddress.parse(url))  # the bare connection: no version check
    with db.atomic():
        run_sql(db, "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(latest - 1),))
        db.execute_sql("DROP TABLE prov_population")
        db.execute_sql("ALTER TABLE prov_award DROP COLUMN status")  # its index goes with it
        db.execute_sql("CREATE INDEX prov_award_cube ON prov_award(deleted, commune_code, school_year, category,"
                       " level, funding_source, amount)")
    db.close()


def test_an_address_is_read_and_checked():
    a = ServerAddress.parse("postgresql://tinh@192.168.1.10:5433/khuyen_hoc")
    assert (a.host, a.port, a.dbname, a.user) == ("192.168.1.10", 5433, "khuyen_hoc", "tinh")
    assert ServerAddress.parse("postgresql://tinh@may-chu/kh").port == 5432
    for bad, says in (("postgresql://tinh:bi-mat@may-chu/kh", "Không ghi mật khẩu"),
                      ("postgresql://tinh@may-chu/", "thiếu tên cơ sở dữ liệu"),
                      ("postgresql://tinh@may-chu:abc/kh", "Cổng")):
        with pytest.raises(DataFileError, match=says):
            ServerAddress.parse(bad)


def test_a_database_of_another_program_or_an_empty_one_looked_at_is_refused(pg_server):
    url = pg_server.new_database(with_schema=False)
    with pytest.raises(DataFileError, match="còn trống, chưa phải kho dữ liệu của tỉnh"):
        ServerStore.open(url, read_only=True)
    db = connect(ServerAddress.parse(url))
    db.execute_sql("CREATE TABLE khach_hang (id integer)")
    db.close()
    with pytest.raises(DataFileError, match="bảng của một chương trình khác"):
        ServerStore.open(url)
    pg_server.drop_database(url)


def test_a_store_opened_to_look_only_writes_nothing(pg_url):
    with ServerStore.open(pg_url, read_only=True) as store:
        from peewee import DatabaseError

        with pytest.raises(DatabaseError, match="read-only"):
            store.set_meta("x", "1")


def test_a_province_model_added_later_gets_its_table_without_ddl(pg_server):
    class ProvLaterTable(ProvModel):  # as another change would add to storage/province/models.py
        commune_code = TextField()
        uuid = TextField()
        count = IntegerField(default=0)

        class Meta:
            table_name = "prov_later_table"
            primary_key = False

    try:
        assert ProvLaterTable in server_schema.models()
        url = pg_server.new_database(with_schema=False)
        with ServerStore.open(url) as store:
            assert "prov_later_table" in store.db.get_tables()
            types = {c.name: c.data_type for c in store.db.get_columns("prov_later_table")}
            assert types == {"commune_code": "text", "uuid": "text", "count": "bigint"}
        pg_server.drop_database(url)
    finally:
        del ProvLaterTable
        gc.collect()
    assert "prov_later_table" not in server_schema.table_names()


def test_a_store_made_before_the_lean_records_gets_them_with_the_same_figures(pg_url, tmp_path):
    """Migration 0026 on a server store: every line kept, hashes text (empty) → 32-byte hashes, origin_code,
    the lines only for LINE_TABLES; the figures the same, a same-version re-send unchanged, other content a conflict."""
    from khuyenhoc_desktop.services.summary import summary
    from khuyenhoc_desktop.storage.province import mirror
    from khuyenhoc_desktop.sync import sha256_of_json
    from tests.storage.migrations.test_m0026_lean_province_records import _lines, _rows

    xa = Commune(tmp_path / "xa")
    first = xa.package(_rows())
    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(CODE, NAME, xa.card_path)
        assert ws.province.import_file(first).status == "applied"
        want_summary, want_awards = summary(ws), ws.province.aggregates().by_commune
    lines = _lines(xa, first)
    db = connect(ServerAddress.parse(pg_url))
    with db.atomic():  # prov_record as the program of schema 25 left it
        run_sql(db, "UPDATE meta SET value = ? WHERE key = 'schema_version'", ("25",))
        db.execute_sql("ALTER TABLE prov_record DROP COLUMN origin_code")
        db.execute_sql("ALTER TABLE prov_record DROP COLUMN content_sha256")
        db.execute_sql("ALTER TABLE prov_record ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT ''")
        for uuid, line in lines.items():
            run_sql(db, "UPDATE prov_record SET data = ? WHERE uuid = ?", (line, uuid))
        db.execute_sql("ALTER TABLE prov_record ALTER COLUMN data SET NOT NULL")
    db.close()
    with ServerStore.open(pg_url) as store:
        assert store.report.migrated_from == 25
        assert not server_schema.missing_objects(store.db)
        stored = {u: (t, bytes(h), o, d) for u, t, h, o, d in store.db.execute_sql(
            "SELECT uuid, table_name, content_sha256, origin_code, data FROM prov_record").fetchall()}
        assert len(stored) == len(lines) == 49
        for uuid, (table, sha, origin, line) in stored.items():
            assert sha == bytes.fromhex(sha256_of_json(json.loads(lines[uuid])["data"])), uuid
            assert origin == "" and line == (lines[uuid] if table in mirror.LINE_TABLES else None), table
        ws = Workspace(store)
        assert summary(ws) == want_summary
        again = _rows()
        again[3]["data"]["amount"] = 999_000
        rep = ws.province.import_file(xa.package(again))
        assert rep.counts["unchanged"] == 48 and [r.uuid for r in rep.rejected] == [again[3]["uuid"]]
        assert ws.province.aggregates().by_commune == want_awards
def test_a_store_upgraded_to_schema_28_gets_its_award_totals_from_the_awards_it_holds(pg_url, tmp_path):
    """The award totals (migration 28) of a store made before them: its table made and filled from `prov_award`
    when the store is brought up to date, so the aggregates count the awards imported before."""
    xa = Commune(tmp_path / "xa")
    with Workspace.open(pg_url) as ws:
        ws.province.register_commune(CODE, NAME, xa.card_path)
        # 100,000 + 200,000 + 300,000 approved (award 3 is a draft of 400,000, award 4 deleted)
        assert ws.province.import_file(xa.package([award(0), award(1), award(2), award(3, status="draft"),
                                                   award(4, deleted=1)])).ok
    db = connect(ServerAddress.parse(pg_url))
    with db.atomic():
        run_sql(db, "UPDATE meta SET value = '25' WHERE key = 'schema_version'")
        db.execute_sql("DROP TABLE prov_award_total")
    db.close()
    with Workspace.open(pg_url) as ws:
        assert ws.datafile.report.migrated_from == 25
        awards = ws.province.aggregates().awards
        assert (awards["count"], awards["amount"]) == (3, 600_000)
        assert awards["pending"] == {"count": 1, "amount": 400_000}
