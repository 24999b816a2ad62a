"""m0027: the national hub's tables on a file of schema 25 — provinces, the package ledger (one package per
province and seq, a package id once), the figures (one row per province, period and commune) — with the
file's other tables untouched."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0027_national import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2026-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 25)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO prov_commune(code, name, signing_key, fingerprint, registered_at)"
                 f" VALUES ('07462', 'Tân Dĩnh', 'k', 'f', {_T})")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 25 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _package(conn, seq, package_id, province="24"):
    conn.execute("INSERT INTO nat_package(province_code, seq, package_id, sha256, imported_at)"
                 f" VALUES (?, ?, ?, 'h', {_T})", (province, seq, package_id))


def test_the_tables_take_their_defaults_and_the_file_keeps_its_rows(upgraded):
    conn = sqlite3.connect(upgraded)
    conn.execute(f"INSERT INTO nat_province(code, signing_key, fingerprint, registered_at) VALUES ('24', 'k', 'f', {_T})")
    assert conn.execute("SELECT name, revoked, revoked_at, revoked_reason FROM nat_province").fetchone() == ("", 0, "", "")
    _package(conn, 1, "p1")
    assert conn.execute("SELECT communes, periods, detail, prev_sha256 FROM nat_package").fetchone() == (0, "[]", 0, None)
    assert conn.execute("SELECT name FROM prov_commune").fetchone() == ("Tân Dĩnh",)


def test_one_package_per_province_and_seq_and_a_package_id_once(upgraded):
    conn = sqlite3.connect(upgraded)
    _package(conn, 1, "p1")
    _package(conn, 1, "p2", province="01")  # another province's number 1
    with pytest.raises(sqlite3.IntegrityError):
        _package(conn, 1, "p3")
    with pytest.raises(sqlite3.IntegrityError):
        _package(conn, 2, "p1")
    with pytest.raises(sqlite3.IntegrityError):
        _package(conn, 0, "p4")


def test_one_figures_row_per_province_period_and_commune(upgraded):
    conn = sqlite3.connect(upgraded)
    insert = "INSERT INTO nat_figures(province_code, period, commune_code, seq, figures) VALUES (?, ?, ?, 1, '{}')"
    conn.execute(insert, ("24", "", ""))
    conn.execute(insert, ("24", "2024-2025", ""))
    conn.execute(insert, ("24", "", "07462"))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, ("24", "", "07462"))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(f"INSERT INTO nat_province(code, signing_key, fingerprint, registered_at, revoked)"
                     f" VALUES ('01', 'k', 'f', {_T}, 2)")
