"""m0019: a file of schema 18 gains the origin columns (its rows are its own: ''), the per-origin unique keys
(two old communes may both have PT-2025-0001, HV0001, the same CCCD, a population line of 2025) and the list
of merged communes; on a file of schema 18."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0019_merge_origin import ORIGIN_TABLES
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


def _member(conn, uuid: str, origin: str, code: str = "HV0001", id_number: str = "001234567890") -> None:
    conn.execute(f"INSERT INTO member(uuid, created_at, updated_at, code, full_name, name_key, search_key, id_number,"
                 f" origin_code) VALUES (?, {_T}, {_T}, ?, 'Nguyễn Văn An', 'an', 'an', ?, ?)",
                 (uuid, code, id_number, origin))


def test_a_file_of_schema_18_gains_origins_and_keys_per_origin(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 18)
    conn = sqlite3.connect(path)
    conn.execute(f"INSERT INTO member(uuid, created_at, updated_at, code, full_name, name_key, search_key)"
                 f" VALUES ('m0', {_T}, {_T}, 'HV0009', 'Lê Thị Hoa', 'hoa', 'hoa')")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 18
    conn = sqlite3.connect(path)
    for table in ORIGIN_TABLES:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert {"origin_code", "origin_name"} <= columns, table
    assert conn.execute("SELECT origin_code, origin_name FROM member WHERE uuid = 'm0'").fetchone() == ("", "")
    assert conn.execute("SELECT COUNT(*) FROM merge_source").fetchone()[0] == 0
    # the same code and CCCD from two old communes …
    _member(conn, "a", "07450")
    _member(conn, "b", "07453")
    # … but still once within one
    with pytest.raises(sqlite3.IntegrityError):
        _member(conn, "c", "07450")
    with pytest.raises(sqlite3.IntegrityError):
        _member(conn, "d", "07453", code="HV0002")
    for origin in ("07450", "07453"):
        conn.execute(f"INSERT INTO population(uuid, created_at, updated_at, year, population, origin_code)"
                     f" VALUES (?, {_T}, {_T}, 2025, 8000, ?)", (f"p{origin}", origin))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(f"INSERT INTO population(uuid, created_at, updated_at, year, population, origin_code)"
                     f" VALUES ('px', {_T}, {_T}, 2025, 10, '07450')")
    conn.close()


def test_phieu_gain_the_handover_mark_empty_for_those_already_there(tmp_path):
    """`voucher.handover_from` (and the province's copy): '' for every phiếu written before, the old commune's
    code on a handover receipt of a merger (the province leaves those out of its fund)."""
    path = tmp_path / "xa.db"
    file_at_version(path, 18)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"voucher", "prov_voucher"} <= tables  # both kinds of file have both tables
    conn.execute("INSERT INTO prov_voucher(commune_code, uuid, kind, amount, status, posting_date, deleted)"
                 " VALUES ('07435', 'v1', 'thu', 500000, 'posted', '2025-03-01', 0)")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 18
    conn = sqlite3.connect(path)
    for table in ("voucher", "prov_voucher"):
        assert "handover_from" in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}, table
    assert conn.execute("SELECT handover_from FROM prov_voucher WHERE uuid = 'v1'").fetchone() == ("",)
    conn.close()
