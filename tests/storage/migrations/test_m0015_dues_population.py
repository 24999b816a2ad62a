"""m0015: the dues and population tables, their value triggers and the one counted payment per member and year,
on a file of schema 14."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0015_dues_population import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 14)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 14 and df.schema_version == migrations.latest_version() >= VERSION
    return path


def _payment(conn, uuid, member="m1", **kw):
    cols = {"uuid": f"'{uuid}'", "created_at": _T, "updated_at": _T, "member_uuid": f"'{member}'", "year": "2026",
            "amount": "30000", "paid_on": "'2026-03-05'", "voucher_uuid": "'v1'"}
    cols.update({k: (f"'{v}'" if isinstance(v, str) else str(v)) for k, v in kw.items()})
    conn.execute(f"INSERT INTO dues_payment({', '.join(cols)}) VALUES ({', '.join(cols.values())})")


def test_one_counted_payment_per_member_and_year(upgraded):
    conn = sqlite3.connect(upgraded)
    _payment(conn, "p1")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _payment(conn, "p2")
    conn.execute("UPDATE dues_payment SET status = 'cancelled' WHERE uuid = 'p1'")
    _payment(conn, "p2")  # once the first no longer counts, the member can pay again
    _payment(conn, "p3", year=2027)
    assert conn.execute("SELECT uuid, status FROM dues_payment ORDER BY id").fetchall() == [
        ("p1", "cancelled"), ("p2", "paid"), ("p3", "paid")]


@pytest.mark.parametrize("column, value", [
    ("year", 1800), ("amount", -1), ("amount", 10**14), ("amount", "ba mươi nghìn"), ("paid_on", "05/03/2026"),
    ("status", "refunded"),
])
def test_a_payment_out_of_range_is_refused_by_the_file(upgraded, column, value):
    conn = sqlite3.connect(upgraded)
    with pytest.raises(sqlite3.IntegrityError, match="dues_payment: value out of range"):
        _payment(conn, "p9", **{column: value})


def test_population_rows_are_bounded_and_one_per_year_and_thon(upgraded):
    conn = sqlite3.connect(upgraded)
    insert = ("INSERT INTO population(uuid, created_at, updated_at, year, village, population, households, adults)"
              f" VALUES (?, {_T}, {_T}, 2026, ?, ?, 10, 10)")
    conn.execute(insert, ("a", "Thôn 1", 100))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(insert, ("b", "Thôn 1", 120))
    with pytest.raises(sqlite3.IntegrityError, match="population: value out of range"):
        conn.execute(insert, ("c", "Thôn 2", -3))
    with pytest.raises(sqlite3.IntegrityError, match="dues_submission: value out of range"):
        conn.execute(f"INSERT INTO dues_submission(uuid, created_at, updated_at, year, level, percent, amount)"
                     f" VALUES ('s', {_T}, {_T}, 2026, 'Tỉnh', 130, 1000)")
