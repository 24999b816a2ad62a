"""m0018: the learning-model tables, their bounds and the one registration per subject and year, on a file of
schema 16."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0018_learning_models import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 16)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 16 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _registration(conn, uuid, subject="s1", year=2026, registered_on="2026-02-05", status="registered"):
    conn.execute("INSERT INTO learning_registration(uuid, created_at, updated_at, subject_uuid, year, registered_on,"
                 f" status) VALUES (?, {_T}, {_T}, ?, ?, ?, ?)", (uuid, subject, year, registered_on, status))


def test_one_registration_per_subject_and_year(upgraded):
    conn = sqlite3.connect(upgraded)
    _registration(conn, "r1")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _registration(conn, "r2")
    _registration(conn, "r3", year=2027, registered_on="2027-01-05")
    conn.execute("UPDATE learning_registration SET deleted = 1 WHERE uuid = 'r1'")
    _registration(conn, "r2")


@pytest.mark.parametrize("column, value", [("year", 1800), ("registered_on", "05/02/2026"), ("status", "maybe")])
def test_a_registration_out_of_range_is_refused_by_the_file(upgraded, column, value):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="learning_registration: value out of range"):
        _registration(conn, "r9", **{column: value})


def test_subject_kinds_and_sizes_are_bounded(upgraded):
    conn = sqlite3.connect(upgraded)
    insert = (f"INSERT INTO learning_subject(uuid, created_at, updated_at, kind, name, size) VALUES (?, {_T}, {_T},"
              " ?, 'Nguyễn Văn An', ?)")
    conn.execute(insert, ("a", "family", 4))
    for kind, size in (("school", 1), ("family", -1)):
        with pytest.raises(sqlite3.IntegrityError, match="learning_subject: value out of range"):
            conn.execute(insert, ("b", kind, size))
