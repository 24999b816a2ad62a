"""m0014: the unit and member tables, their value triggers and unique indexes, on a file of schema 12."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0014_members import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    """A commune file made at schema 12 (before the members) and opened by this program."""
    path = tmp_path / "xa.db"
    file_at_version(path, 12)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 12 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _member(conn, uuid, code, **kw):
    cols = {"uuid": f"'{uuid}'", "created_at": _T, "updated_at": _T, "code": f"'{code}'",
            "full_name": "'Nguyễn Văn An'", "name_key": "'an'", "search_key": "'nguyen van an|'"}
    cols.update({k: (f"'{v}'" if isinstance(v, str) else str(v)) for k, v in kw.items()})
    conn.execute(f"INSERT INTO member({', '.join(cols)}) VALUES ({', '.join(cols.values())})")


def test_the_tables_exist_and_take_a_well_formed_member(upgraded):
    conn = sqlite3.connect(upgraded)
    conn.execute(f"INSERT INTO org_unit(uuid, created_at, updated_at, kind, name, founded_on)"
                 f" VALUES ('u1', {_T}, {_T}, 'ban_khuyen_hoc', 'Ban khuyến học dòng họ Nguyễn', '2010-03-02')")
    _member(conn, "m1", "HV00001", birth_year=1955, joined_on="2020-02-29", id_number="001055012345",
            unit_uuid="u1", status="moved", status_date="2024-06-30")
    assert conn.execute("SELECT kind, active FROM org_unit").fetchall() == [("ban_khuyen_hoc", 1)]
    assert conn.execute("SELECT code, status, birth_year FROM member").fetchall() == [("HV00001", "moved", 1955)]


@pytest.mark.parametrize("column, value", [
    ("status", "left"), ("id_number", "12345678901"), ("id_number", "00123456789a"), ("birth_year", 1850),
    ("birth_year", "năm 1960"), ("joined_on", "2023-02-30"), ("status_date", "05/02/2024"),
])
def test_a_member_out_of_range_is_refused_by_the_file(upgraded, column, value):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="member: value out of range"):
        _member(conn, "m9", "HV00009", **{column: value})
    assert conn.execute("SELECT COUNT(*) FROM member").fetchone()[0] == 0


def test_a_unit_of_an_unknown_kind_is_refused_and_an_update_is_checked_only_when_changed(upgraded):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="org_unit: value out of range"):
        conn.execute(f"INSERT INTO org_unit(uuid, created_at, updated_at, kind, name)"
                     f" VALUES ('u2', {_T}, {_T}, 'hoi', 'Hội cơ sở')")
    _member(conn, "m1", "HV00001", status="quit", status_date="2024-01-01")
    conn.execute("UPDATE member SET deleted = 1 WHERE uuid = 'm1'")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE member SET status = 'gone' WHERE uuid = 'm1'")


def test_codes_and_cccd_are_unique_among_rows_not_deleted(upgraded):
    conn = sqlite3.connect(upgraded)
    _member(conn, "m1", "HV00001", id_number="001055012345")
    with pytest.raises(sqlite3.IntegrityError):
        _member(conn, "m2", "HV00001")
    with pytest.raises(sqlite3.IntegrityError):
        _member(conn, "m3", "HV00003", id_number="001055012345")
    _member(conn, "m4", "HV00004")  # no CCCD: any number of members may have none
    _member(conn, "m5", "HV00005")
    conn.execute("UPDATE member SET deleted = 1 WHERE uuid = 'm1'")
    _member(conn, "m6", "HV00001", id_number="001055012345")  # the deleted row no longer holds them
    assert conn.execute("SELECT COUNT(*) FROM member").fetchone()[0] == 4
