"""The lock file: one holder at a time, and it says who the holder is."""

from __future__ import annotations

import os
import socket

import pytest

from khuyenhoc_desktop.storage.database import DataFile
from khuyenhoc_desktop.storage.instance_lock import AlreadyLocked, InstanceLock, describe_holder, read_holder


def test_a_second_holder_is_refused_and_can_read_who_holds_it(tmp_path):
    path = tmp_path / "xa.db.lock"
    with InstanceLock(path) as first:
        first.set_operator("Nguyễn Văn An")
        with pytest.raises(AlreadyLocked):
            InstanceLock(path).acquire()
        holder = read_holder(path)
        assert holder["operator"] == "Nguyễn Văn An" and holder["pid"] == os.getpid()
        assert holder["computer"] == socket.gethostname()
    again = InstanceLock(path)
    again.acquire()  # released: free again
    again.release()


def test_holder_in_words():
    text = describe_holder({"operator": "Nguyễn Văn An", "computer": "KH-PC", "since": "2026-12-02T08:05:00+07:00"})
    assert text == "Nguyễn Văn An trên máy KH-PC (mở lúc 08:05 ngày 02/12/2026)"
    assert describe_holder({}) == "một người dùng khác"
    assert describe_holder({"account": "hoi", "since": "không phải ngày"}) == "hoi"


def test_an_unreadable_lock_file_names_nobody(tmp_path):
    path = tmp_path / "x.lock"
    path.write_bytes(b"\x00[1, 2]")
    assert read_holder(path) == {}
    assert read_holder(tmp_path / "none.lock") == {}


def test_the_data_files_lock_names_its_operator(tmp_path):
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(tmp_path / "xa.db") as ws:
        ws.set_operator("Lê Thị Bình")
        assert read_holder(str(ws.datafile.path) + ".lock")["operator"] == "Lê Thị Bình"
        second = DataFile.open(tmp_path / "xa.db")
        try:
            assert any("Lê Thị Bình" in w for w in second.report.warnings)
        finally:
            second.close()
