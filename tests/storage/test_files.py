"""Atomic writes, names that never collide, private files."""

from __future__ import annotations

import os
import stat
from datetime import datetime

import pytest

from khuyenhoc_desktop.storage.files import atomic_write, make_private, new_unique_file


def test_new_unique_file_never_reuses_a_name_in_the_same_second(tmp_path):
    when = datetime(2026, 5, 4, 9, 30, 0)
    made = [new_unique_file(tmp_path / "sao-luu", "xa-truoc-khoi-phuc", ".db", when) for _ in range(3)]
    assert [p.name for p in made] == ["xa-truoc-khoi-phuc-20260504-093000.db", "xa-truoc-khoi-phuc-20260504-093000-2.db",
                                      "xa-truoc-khoi-phuc-20260504-093000-3.db"]
    assert all(p.exists() and p.stat().st_size == 0 for p in made)


def test_new_unique_file_skips_a_name_whose_companion_exists(tmp_path):
    when = datetime(2026, 5, 4, 9, 30, 0)
    (tmp_path / "xa-20260504-093000.db-wal").write_bytes(b"left over")
    path = new_unique_file(tmp_path, "xa", ".db", when, companions=("-wal",))
    assert path.name == "xa-20260504-093000-2.db"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_made_files_are_private(tmp_path):
    path = new_unique_file(tmp_path, "xa", ".db", datetime(2026, 1, 1))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = tmp_path / "bao-cao.pdf"
    other.write_bytes(b"%PDF")
    other.chmod(0o644)
    make_private(other)
    assert stat.S_IMODE(other.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_files_written_for_the_user_are_private(tmp_path):
    """PDFs, sheets and packages go through atomic_write: they name pupils, so only this account reads them."""
    path = atomic_write(tmp_path / "danh-sach.pdf", b"%PDF-1.4")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"%PDF-1.4"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_data_file_made_by_an_older_version_becomes_private_when_opened(tmp_path):
    from khuyenhoc_desktop.storage.database import DataFile

    DataFile.open(tmp_path / "xa.db").close()
    (tmp_path / "xa.db").chmod(0o644)
    with DataFile.open(tmp_path / "xa.db"):
        assert stat.S_IMODE((tmp_path / "xa.db").stat().st_mode) == 0o600
