"""m0026: a province file of schema 25 (every change row kept as the commune sent it, the content hash left empty
or kept as hex) becomes the lean store: 32-byte hashes computed from the lines, origin_code, the lines kept only
for LINE_TABLES; its figures are the same, a same-version re-send is still "unchanged", other content still a
conflict; the file is compacted (VACUUM) after the migration."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_mod
from dataclasses import replace

from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.migrations import m0026_lean_province_records as m0026
from khuyenhoc_desktop.storage.province import mirror
from khuyenhoc_desktop.sync import KeyCard, open_package, sha256_of_json
from tests.services.test_province_import import CODE, NAME, Commune, award, learning_class, voucher
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_FUND_OPENING = {"op": "upsert", "table": "fund_opening", "uuid": str(uuid_mod.UUID(int=70_001)), "version": 1,
                 "updated_at": "2025-11-27T10:00:00+07:00",
                 "data": {"uuid": str(uuid_mod.UUID(int=70_001)), "version": 1, "year": 2025, "amount": 2_500_000,
                          "deleted": 0}}


def _rows() -> list[dict]:
    rows = [award(i) for i in range(40)] + [learning_class(i) for i in range(3)] + [voucher(i) for i in range(4)]
    rows[5]["data"]["full_name"] = "Trần Thị Thu Hà"  # NFC text with marks, hashed as the commune hashed it
    return rows + [voucher(9, "chi", 300_000), _FUND_OPENING]


def _lines(commune: Commune, path) -> dict[str, str]:
    """uuid → the verified line of a package, as the importer before m0026 kept it in prov_record.data."""
    pkg = open_package(path)
    pkg.verify(KeyCard.load(commune.card_path).signing_key)
    lines = pkg.read_file("changes.jsonl").decode("utf-8").split("\n")
    return {ch.uuid: lines[ch.line - 1] for ch in pkg.iter_changes()}


def _as_schema_25(new, old, lines: dict[str, str], hex_hashes: set[str]) -> None:
    """The province file `new` as the program of schema 25 would hold the same imports: every province table the
    same, prov_record with the line of every record and its hash empty (or hex for `hex_hashes`: computed once)."""
    file_at_version(old, 25)
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS new", (str(new),))
    conn.execute("BEGIN")
    tables = [r[0] for r in conn.execute("SELECT name FROM new.sqlite_master WHERE type = 'table'"
                                         " AND (name LIKE 'prov%' OR name = 'setting') AND name != 'prov_record'"
                                         " AND name IN (SELECT name FROM main.sqlite_master WHERE type = 'table')")]
    for table in tables:  # the tables and columns of schema 25 (later migrations add more)
        old_columns = {r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")}
        columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA new.table_info({table})") if r[1] in old_columns)
        conn.execute(f"DELETE FROM main.{table}")
        conn.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM new.{table}")
    for code, uuid, table, version, deleted, updated_at, seq in conn.execute(
            "SELECT commune_code, uuid, table_name, version, deleted, updated_at, seq FROM new.prov_record").fetchall():
        sha = sha256_of_json(json.loads(lines[uuid])["data"]) if uuid in hex_hashes else ""
        conn.execute("INSERT INTO main.prov_record(commune_code, uuid, table_name, version, content_sha256, deleted,"
                     " updated_at, seq, data) VALUES (?,?,?,?,?,?,?,?,?)",
                     (code, uuid, table, version, sha, deleted, updated_at, seq, lines[uuid]))
    conn.execute("UPDATE meta SET value = 'province' WHERE key = 'role'")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE new")
    conn.close()


def test_a_province_file_of_schema_25_keeps_its_figures_and_its_rules(tmp_path):
    xa = Commune(tmp_path / "xa")
    first = xa.package(_rows())
    with Workspace.open(tmp_path / "today.db", role="province") as ws:
        ws.province.register_commune(CODE, NAME, xa.card_path)
        assert ws.province.import_file(first).status == "applied"
    lines = _lines(xa, first)
    assert len(lines) == 49
    old = tmp_path / "tinh.db"
    _as_schema_25(tmp_path / "today.db", old, lines, hex_hashes={award(1)["uuid"]})
    # the figures as the program of schema 25 computes them from that file: the same typed copies and lines
    with Workspace.open(tmp_path / "today.db", role="province") as ws:
        want_summary, want_totals = summary(ws), ws.province.aggregates()

    with Workspace.open(old, role="province") as ws:
        assert ws.datafile.report.migrated_from == 25
        assert summary(ws) == want_summary
        assert ws.province.aggregates() == want_totals
        stored = {u: (t, bytes(h), o, d) for u, t, h, o, d in ws.db.execute_sql(
            "SELECT uuid, table_name, content_sha256, origin_code, data FROM prov_record").fetchall()}
        assert len(stored) == 49
        for uuid, (table, sha, origin, line) in stored.items():
            assert sha == bytes.fromhex(sha256_of_json(json.loads(lines[uuid])["data"])), uuid
            assert origin == ""
            assert line == (lines[uuid] if table in mirror.LINE_TABLES else None), table
        assert stored[_FUND_OPENING["uuid"]][3] == lines[_FUND_OPENING["uuid"]]  # the opening balance's line
        # a later package: the same versions again → unchanged; other content at the same version → conflict
        again = _rows()
        again[3]["data"]["amount"] = 999_000
        rep = ws.province.import_file(xa.package(again))
        assert rep.counts["unchanged"] == 48 and rep.counts["rejected"] == 1
        assert [r.uuid for r in rep.rejected] == [award(3)["uuid"]] and "Xung đột" in rep.rejected[0].reason
        after = ws.province.aggregates()
        assert replace(after, ledger=want_totals.ledger) == want_totals  # one package more in the ledger only


def test_merged_copies_keep_their_origin_and_the_file_is_compacted(tmp_path):
    old = tmp_path / "tinh.db"
    file_at_version(old, 25)
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("UPDATE meta SET value = 'province' WHERE key = 'role'")
    conn.execute("BEGIN")
    note = "Ghi chú dài " * 40
    for i in range(3000):  # awards with long lines: most of the file
        row = award(i, note=note, **({"origin_code": "07450"} if i % 2 else {}))
        line = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        conn.execute("INSERT INTO prov_record(commune_code, uuid, table_name, version, content_sha256, deleted,"
                     " updated_at, seq, data) VALUES (?, ?, 'award', 1, '', 0, '', 1, ?)", (CODE, row["uuid"], line))
    conn.execute("COMMIT")
    conn.close()
    before = old.stat().st_size
    with Workspace.open(old, role="province") as ws:
        assert ws.datafile.report.migrated_from == 25
        origins = dict(ws.db.execute_sql("SELECT uuid, origin_code FROM prov_record").fetchall())
        assert origins[award(1)["uuid"]] == "07450" and origins[award(2)["uuid"]] == ""
        assert mirror.origin_of(ws.db, CODE, award(3)["uuid"]) == "07450"
        free = ws.db.execute_sql("PRAGMA freelist_count").fetchone()[0]
        assert free < 10  # VACUUM after the migration: the freed pages went back
        # and the hash was computed as the commune's Change.content_sha256()
        sha = ws.db.execute_sql("SELECT content_sha256 FROM prov_record WHERE uuid = ?", (award(2)["uuid"],)).fetchone()[0]
        assert bytes(sha) == bytes.fromhex(sha256_of_json(award(2, note=note)["data"]))
    assert old.stat().st_size < before / 3  # 5.2 MB → 1.4 MB, most of it the empty schema


def test_the_hash_is_the_canonical_one_even_for_a_line_that_is_not():
    """Readers accept lines that are not canonical (escaped marks, keys out of order): the hash is of the data's
    canonical JSON, never of the line's bytes."""
    data = {"version": 1, "full_name": "Nguye\u0302\u0303n", "amount": 5}  # decomposed: NFC makes "Nguyễn"
    line = '{"data":' + json.dumps(data, ensure_ascii=True) + ',"op":"upsert"}'
    want = bytes.fromhex(sha256_of_json(data))
    assert m0026.StoredLine().hash(line) == want
    assert m0026.canonical_hash({"full_name": "Nguyễn", "version": 1, "amount": 5}) == want


def test_the_kept_tables_are_the_programs():
    assert set(m0026.LINE_TABLES) == mirror.LINE_TABLES
