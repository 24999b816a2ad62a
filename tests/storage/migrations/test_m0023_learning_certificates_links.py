"""m0023: the giấy công nhận register (one number per registration, one sequence number per title and year)
and the household links (one per household and record, member or award only), on a file of schema 18."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0023_learning_certificates_links import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 18)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 18 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _certificate(conn, uuid, registration, seq, year=2026, kind="family"):
    conn.execute("INSERT INTO learning_certificate(uuid, created_at, updated_at, registration_uuid, year, title_kind,"
                 f" seq, number, printed_at) VALUES (?, {_T}, {_T}, ?, ?, ?, ?, ?, {_T})",
                 (uuid, registration, year, kind, seq, f"{seq}/GĐHT-{year}"))


def test_one_number_per_registration_and_per_title_year(upgraded):
    conn = sqlite3.connect(upgraded)
    _certificate(conn, "c1", "r1", 1)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _certificate(conn, "c2", "r1", 2)  # the registration has its number
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _certificate(conn, "c3", "r2", 1)  # 1/GĐHT-2026 is taken
    _certificate(conn, "c4", "r2", 1, kind="unit")
    _certificate(conn, "c5", "r3", 1, year=2027)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _certificate(conn, "c6", "r4", 0)


def test_a_household_links_once_to_a_member_or_an_award(upgraded):
    conn = sqlite3.connect(upgraded)
    insert = (f"INSERT INTO learning_household_link(uuid, created_at, updated_at, subject_uuid, record_kind,"
              f" record_uuid) VALUES (?, {_T}, {_T}, 's1', ?, 'm1')")
    conn.execute(insert, ("l1", "member"))
    conn.execute(insert, ("l2", "award"))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(insert, ("l3", "member"))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(insert, ("l4", "class"))
