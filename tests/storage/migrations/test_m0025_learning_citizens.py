"""m0025: the Công dân học tập list on a file of schema 23 — a person per row, years, birth years, statuses,
genders and CCCD bounded by the table itself, the counts table untouched."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0025_learning_citizens import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2026-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 23)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO learning_citizen_count(uuid, created_at, updated_at, year, target_group, registered,"
                 f" recognised) VALUES ('k1', {_T}, {_T}, 2026, 'Công nhân', 40, 30)")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 23 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _person(conn, uuid, **values):
    row = {"year": 2026, "full_name": "Nguyễn Văn An", "target_group": "Công nhân", **values}
    columns = ", ".join(row)
    conn.execute(f"INSERT INTO learning_citizen(uuid, created_at, updated_at, {columns})"
                 f" VALUES (?, {_T}, {_T}, {', '.join('?' * len(row))})", (uuid, *row.values()))


def test_a_person_row_takes_its_defaults_and_the_counts_are_kept(upgraded):
    conn = sqlite3.connect(upgraded)
    _person(conn, "p1")
    row = conn.execute("SELECT status, gender, id_number, birth_year, deleted, version FROM learning_citizen").fetchone()
    assert row == ("registered", "", "", None, 0, 1)
    assert conn.execute("SELECT registered, recognised FROM learning_citizen_count").fetchone() == (40, 30)


@pytest.mark.parametrize("values", [{"year": 1989}, {"birth_year": 1899}, {"status": "assessed"},
                                    {"gender": "Khác"}, {"id_number": "12345678901"}, {"id_number": "00108000000a"},
                                    {"year": 2201}, {"year": "năm nay"}])
def test_values_out_of_bounds_are_refused_by_the_table(upgraded, values):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _person(conn, "p2", **values)


def test_a_cccd_of_twelve_digits_and_a_recognised_person_are_stored(upgraded):
    conn = sqlite3.connect(upgraded)
    _person(conn, "p3", id_number="001080000001", status="recognised", gender="Nữ", birth_year=1980)
    assert conn.execute("SELECT id_number, status FROM learning_citizen").fetchone() == ("001080000001", "recognised")
