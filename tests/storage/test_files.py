"""Atomic writes, names that never collide, private files."""

from __future__ import annotations

import os
import stat
from datetime import datetime

import pytest

from khuyenhoc_desktop.storage.files import make_private, new_unique_file


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
