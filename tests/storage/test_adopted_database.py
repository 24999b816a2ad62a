"""The peewee database of an opened file: a full disk at COMMIT gives the disk-full message, the file intact."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.database import explain_storage_error

DISK_FULL = "Ổ đĩa đã đầy"


def draft(i: int) -> AwardDraft:
    return AwardDraft(school_year="2025-2026", full_name=f"Học sinh số {i}", category="Học sinh giỏi",
                      achievement="y" * 390, note="z" * 990)


def test_a_commit_refused_for_a_full_disk_reports_the_disk_not_a_rollback(ws, monkeypatch):
    """What SQLite does on SQLITE_FULL at COMMIT: the transaction is rolled back, then the error is raised."""
    import peewee

    ws.awards.save(draft(0), confirm=True)
    db = ws.db
    real_commit = type(db).commit

    def full_disk_commit(self):
        self.connection().execute("ROLLBACK")
        raise peewee.OperationalError("database or disk is full")

    monkeypatch.setattr(type(db), "commit", full_disk_commit)
    with pytest.raises(Exception) as caught:
        ws.awards.save(draft(1), confirm=True)
    assert "no transaction is active" not in str(caught.value)
    assert explain_storage_error(caught.value).startswith(DISK_FULL)
    monkeypatch.setattr(type(db), "commit", real_commit)
    assert ws.awards.count_and_total(AwardFilter())[0] == 1
    assert ws.datafile.integrity_check() == "ok"
    ws.awards.save(draft(2), confirm=True)  # space again: saving works without reopening
    assert ws.awards.count_and_total(AwardFilter())[0] == 2


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs (needs the right to mount, e.g. root on Linux)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    if os.name != "posix" or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
                                            capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_really_full_disk_keeps_every_saved_award(tiny_disk):
    path = tiny_disk / "xa.db"
    ws = Workspace.open(path)
    for i in range(20):
        ws.awards.save(draft(i), confirm=True)
    with open(tiny_disk / "filler", "wb", buffering=0) as filler:  # fill the disk, then give back a little
        try:
            while True:
                filler.write(os.urandom(4096))
        except OSError:
            pass
        filler.truncate(max(0, filler.tell() - 40_000))
    saved, error = 20, None
    for i in range(20, 400):
        try:
            ws.awards.save(draft(i), confirm=True)
            saved += 1
        except Exception as exc:  # noqa: BLE001 - the error type is what this test looks at
            error = exc
            break
    assert error is not None and explain_storage_error(error).startswith(DISK_FULL), repr(error)
    ws.close()  # closing on a full disk must not raise either
    (tiny_disk / "filler").unlink()
    with Workspace.open(path) as again:
        assert again.datafile.integrity_check() == "ok"
        assert again.awards.count_and_total(AwardFilter())[0] == saved
        assert uuid.UUID(again.datafile.get_meta("file_uuid"))
