"""m0012: the province's copy of a phiếu keeps its posting date in a column named posting_date."""

from __future__ import annotations

import sqlite3

import pytest

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version


@pytest.fixture
def old_province(tmp_path):
    """A province file of schema 11 with two phiếu of a commune: a receipt of 300,000 posted on
    01/03/2025 and a payment of 100,000 posted on 01/10/2024."""
    path = tmp_path / "tinh.db"
    file_at_version(path, 11)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'province' WHERE key = 'role'")
    conn.execute("INSERT INTO prov_commune(code, name, signing_key, fingerprint, registered_at)"
                 " VALUES ('07462', 'Tân Dĩnh', 'k', 'f', '2025-01-01T00:00:00+00:00')")
    conn.executemany("INSERT INTO prov_voucher(commune_code, uuid, kind, amount, status, doc_date, deleted)"
                     " VALUES ('07462', ?, ?, ?, 'posted', ?, 0)",
                     [("v1", "thu", 300_000, "2025-03-01"), ("v2", "chi", 100_000, "2024-10-01")])
    conn.commit()
    conn.close()
    return path


def _columns(df) -> list[str]:
    return [r[1] for r in df.execute_sql("PRAGMA table_info(prov_voucher)")]


def test_the_column_is_renamed_and_keeps_its_dates(old_province):
    with DataFile.open(old_province) as df:
        assert df.report.migrated_from == 11 and df.schema_version == migrations.latest_version() >= 12
        assert "posting_date" in _columns(df) and "doc_date" not in _columns(df)
        assert df.execute_sql("SELECT uuid, posting_date FROM prov_voucher ORDER BY uuid").fetchall() == [
            ("v1", "2025-03-01"), ("v2", "2024-10-01")]
    with Workspace.open(old_province, role="province") as ws:
        fund = ws.province.aggregates("2024-2025").fund
        assert (fund["receipts"], fund["payments"], fund["balance"]) == (300_000, 100_000, 200_000)


def test_a_file_read_before_the_migration_counts_the_same(old_province):
    with Workspace(DataFile.open(old_province, read_only=True)) as ws:
        assert ws.datafile.schema_version == 11 and "doc_date" in _columns(ws.datafile)
        # school year 2024-2025 holds both; 2023-2024 neither (both after 31/08/2024)
        fund = ws.province.aggregates("2024-2025").fund
        assert (fund["receipts"], fund["payments"], fund["balance"], fund["vouchers"]) == (300_000, 100_000,
                                                                                           200_000, 2)
        assert ws.province.aggregates("2023-2024").fund["vouchers"] == 0
