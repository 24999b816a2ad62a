"""m0021: learning-model rows saved before they travelled get change numbers above the file's counter (so the
next package sends them), the referenced tables' rows before the rows that point to them, and the province gains
its learning copies; on a file of schema 18."""

from __future__ import annotations

import sqlite3
import uuid as uuid_mod

from khuyenhoc_desktop.storage import migrations
from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.migrations.m0021_learning_models_sync import VERSION
from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

_ROW = "uuid, created_at, updated_at, change_seq"
NAMES = ("s1", "s2", "d1", "r1", "a1", "c1", "k1")
U = {name: str(uuid_mod.UUID(int=21_000 + i)) for i, name in enumerate(NAMES)}  # a package takes real uuids


def _old_file(path) -> None:
    """Schema 18 with rows in each learning table, saved (change numbers 3–9) before the last package (up to
    change 40), while they did not travel."""
    file_at_version(path, 18)
    conn = sqlite3.connect(path)
    rows = (
        ("learning_subject", "s1", 9, "kind, name, village", ("family", "Nguyễn Văn Hộ", "Thôn 1")),
        ("learning_subject", "s2", 4, "kind, name, village", ("unit", "Trường Tiểu học", "")),
        ("learning_decision", "d1", 5, "year, title_kind, number, decided_on", (2025, "family", "12/QĐ-UBND",
                                                                                "2025-12-01")),
        ("learning_registration", "r1", 6, "subject_uuid, year, registered_on, status, decision_uuid",
         (U["s1"], 2025, "2025-02-05", "recognised", U["d1"])),
        ("learning_assessment", "a1", 7, "registration_uuid, set_code, set_version, assessed_on, total, max_total,"
         " passed", (U["r1"], "gia-dinh-hoc-tap", 1, "2025-11-20", 90, 100, 1)),
        ("learning_citizen_count", "c1", 3, "year, target_group, registered, recognised", (2025, "Công nhân", 40, 30)),
        ("learning_criteria_set", "k1", 8, "code, set_version, title_kind, year_from, status, body",
         ("gia-dinh-hoc-tap", 9, "family", 2025, "cần đối chiếu", "{}")),
    )
    for table, name, seq, columns, values in rows:
        marks = ", ".join("?" * (len(values) + 4))
        conn.execute(f"INSERT INTO {table}({_ROW}, {columns}) VALUES ({marks})",
                     (U[name], "2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00", seq, *values))
    conn.execute("UPDATE meta SET value = '50' WHERE key = 'change_counter'")
    conn.commit()
    conn.close()


def _seqs(conn, table: str) -> dict[str, int]:
    return dict(conn.execute(f"SELECT uuid, change_seq FROM {table}"))


def test_a_file_of_schema_18_sends_its_learning_rows_with_the_next_package(tmp_path):
    path = tmp_path / "xa.db"
    _old_file(path)
    with DataFile.open(path) as df:
        assert df.report.migrated_from == 18 and df.schema_version == migrations.latest_version() >= VERSION
    conn = sqlite3.connect(path)
    tables = ("learning_criteria_set", "learning_subject", "learning_decision", "learning_registration",
              "learning_assessment", "learning_citizen_count")
    seqs = {t: _seqs(conn, t) for t in tables}
    every = [n for by_uuid in seqs.values() for n in by_uuid.values()]
    counter = int(conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])
    # each above the counter as it was, all different, and the counter past them all
    assert min(every) > 50 and len(set(every)) == 7 and max(every) <= counter
    # what a row points to comes first: the subject and the decision, then the registration, then its score sheet
    assert max(seqs["learning_subject"].values()) < seqs["learning_registration"][U["r1"]]
    assert (seqs["learning_decision"][U["d1"]] < seqs["learning_registration"][U["r1"]]
            < seqs["learning_assessment"][U["a1"]])
    # versions untouched: the province has never seen these rows
    assert {r[0] for r in conn.execute("SELECT version FROM learning_subject")} == {1}
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {f"prov_{t}" for t in tables} <= names
    assert {f"{t}_change_seq" for t in tables} <= names


def test_a_file_with_no_learning_rows_keeps_its_counter(tmp_path):
    path = tmp_path / "xa.db"
    file_at_version(path, 18)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '50' WHERE key = 'change_counter'")
    conn.commit()
    conn.close()
    with DataFile.open(path):
        pass
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0] == "50"


def test_the_upgraded_file_sends_the_old_rows_in_its_next_delta(tmp_path):
    """Through the program: the first delta package after the upgrade carries every learning row, though each was
    saved below the last package's change number."""
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.storage import sync_history
    from khuyenhoc_desktop.sync import open_package
    from tests.clock_helpers import TEST_CLOCK

    path = tmp_path / "xa.db"
    _old_file(path)
    with Workspace.open(path, clock=TEST_CLOCK) as ws:
        ws.profile.save(sample_organisation())
        with ws.db.atomic():  # the package sent before the upgrade: changes 1–40
            sync_history.add_package(ws.db, seq=1, package_id="p-1", sha256="0" * 64, created_at="2025-06-01",
                                     file_name="x.khsync", mode="delta", from_change_seq=1, to_change_seq=40,
                                     from_audit_id=1, to_audit_id=0, counts="{}", rows=0, encrypted=0)
            ws.datafile.set_meta("sync_last_seq", "1")
        pkg = open_package(ws.sync.export_package(tmp_path / "2.khsync").path)
        pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=ws.organisation.commune_code)
        sent = {c.uuid for c in pkg.iter_changes() if c.table.startswith("learning_")}
    assert sent == set(U.values())
