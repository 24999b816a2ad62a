"""m0017: dues and population rows saved before they travelled get change numbers above the file's counter
(so the next package sends them), and the province gains its dues and population copies; on a file of
schema 16."""

from __future__ import annotations

import sqlite3

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0017_dues_population_sync import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_T = "'2025-01-01T00:00:00+00:00'"


def test_a_file_of_schema_16_sends_its_dues_and_population_with_the_next_package(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 16)
    conn = sqlite3.connect(path)
    # saved (change numbers 4–6) before the last package (up to change 40), while they did not travel
    for uuid, seq in (("p1", 4), ("p2", 5)):
        conn.execute(f"INSERT INTO dues_payment(uuid, created_at, updated_at, member_uuid, year, amount, paid_on,"
                     f" change_seq) VALUES ('{uuid}', {_T}, {_T}, 'm-{uuid}', 2025, 24000, '2025-03-01', {seq})")
    conn.execute(f"INSERT INTO dues_submission(uuid, created_at, updated_at, year, level, amount, change_seq)"
                 f" VALUES ('s1', {_T}, {_T}, 2025, 'Hội Khuyến học tỉnh', 14400, 6)")
    conn.execute(f"INSERT INTO population(uuid, created_at, updated_at, year, population, change_seq)"
                 f" VALUES ('n1', {_T}, {_T}, 2025, 8000, 3)")
    conn.execute("UPDATE meta SET value = '50' WHERE key = 'change_counter'")
    conn.commit()
    conn.close()
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 16 and df.schema_version == migrations.latest_version() >= VERSION
    conn = sqlite3.connect(path)
    seqs = [r[0] for t in ("dues_payment", "dues_submission", "population")
            for r in conn.execute(f"SELECT change_seq FROM {t} ORDER BY id")]
    counter = int(conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])
    # each above the counter as it was, all different, and the counter past them all
    assert min(seqs) > 50 and len(set(seqs)) == 4 and max(seqs) <= counter
    # versions untouched: the province has never seen these rows
    assert {r[0] for r in conn.execute("SELECT version FROM dues_payment")} == {1}
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"prov_dues_payment", "prov_dues_submission", "prov_population", "dues_payment_change_seq",
            "population_change_seq"} <= names


def test_a_file_with_no_dues_or_population_keeps_its_counter(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 16)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '50' WHERE key = 'change_counter'")
    conn.commit()
    conn.close()
    with DataFile.open(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0] == "50"
