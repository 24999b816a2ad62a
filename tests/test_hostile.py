"""Hostile conditions: a full disk, a read-only folder, a vanished USB stick, kill -9 mid-batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.domain.errors import DataFileError
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.database import DataFile

posix_only = pytest.mark.skipif(os.name != "posix", reason="uses POSIX resource limits and signals")

FULL_DISK = r"""
import resource, signal, sys
from datetime import date
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.services.workspace import Workspace
ws = Workspace.open(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG, like a full disk
size = ws.datafile.path.stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, size + 64 * 1024))
saved = 0
try:
    for i in range(5000):
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Nguyễn Văn Số {i}", achievement="x" * 300,
                                  category="Học sinh giỏi"), confirm=True)
        saved += 1
except Exception as exc:
    message = getattr(exc, "message", str(exc))
    print("FAILED_AFTER", saved, type(exc).__name__, message, flush=True)
else:
    print("NO_FAILURE", saved)
"""


@posix_only
def test_full_disk_keeps_everything_already_saved(tmp_path):
    path = tmp_path / "full.db"
    Workspace.open(path).close()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], capture_output=True, text=True, timeout=300)
    assert "FAILED_AFTER" in result.stdout, result.stdout + result.stderr
    saved = int(result.stdout.split()[1])
    assert saved > 0
    from khuyenhoc_desktop.storage.database import explain_storage_error

    assert "Ổ đĩa đã đầy" in (explain_storage_error(sqlite3.OperationalError("database or disk is full")) or "")
    with Workspace.open(path) as ws:
        assert ws.datafile.integrity_check() == "ok"
        assert ws.awards.count_and_total(AwardFilter())[0] == saved


def test_read_only_folder_gives_a_clear_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user can write into read-only folders (root)")
        with pytest.raises(DataFileError, match="quyền ghi"):
            DataFile.open(folder / "new.db")
    finally:
        folder.chmod(0o700)


def test_read_only_file_gives_a_clear_message(tmp_path):
    path = tmp_path / "ro.db"
    DataFile.open(path).close()
    path.chmod(0o400)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("this user can write read-only files (root)")
        with pytest.raises(DataFileError, match="chỉ cho phép đọc"):
            DataFile.open(path)
    finally:
        path.chmod(0o600)


def test_vanished_usb_stick(tmp_path):
    gone = tmp_path / "usb-da-rut" / "khuyenhoc.db"
    with pytest.raises(DataFileError, match="Không tìm thấy"):
        DataFile.open(gone, create=False)


BATCH = r"""
import sys
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.services.workspace import Workspace
ws = Workspace.open(sys.argv[1])
for i in range(100000):
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Lê Thị Số {i}", category="Học sinh giỏi",
                              amount=1000), confirm=True)
    if i == 20:
        print("GOING", flush=True)
"""


@posix_only
def test_kill_during_a_batch_of_saves_keeps_whole_records(tmp_path):
    path = tmp_path / "batch.db"
    proc = subprocess.Popen([sys.executable, "-c", BATCH, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "GOING"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with Workspace.open(path) as ws:
        assert ws.datafile.integrity_check() == "ok"
        count, total = ws.awards.count_and_total(AwardFilter())
        assert count > 20 and total == count * 1000  # every saved record is whole
        audit = ws.db.execute_sql("SELECT COUNT(DISTINCT record_uuid) FROM audit_log WHERE table_name = 'award'").fetchone()[0]
        assert audit == count  # each record came with its audit row, never one without the other


@posix_only
@pytest.mark.parametrize("kill_after", [0.8, 1.6])
def test_kill_during_a_certificate_batch_leaves_no_half_pdf(tmp_path, kill_after):
    db = tmp_path / "print.db"
    subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "demo", "--db", str(db), "--awards", "6000", "--seed", "1"],
                   check=True, capture_output=True, timeout=300)
    out = tmp_path / "giay-khen.pdf"
    proc = subprocess.Popen([sys.executable, "-m", "khuyenhoc_desktop", "print", "certificates", "--db", str(db),
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(kill_after)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbered = conn.execute("SELECT COUNT(*) FROM award WHERE register_no != ''").fetchone()[0]
        total = conn.execute("SELECT COUNT(*) FROM award WHERE deleted = 0").fetchone()[0]
    if out.exists():
        # Whatever stands under the final name is a complete document, numbered together with the file.
        from pypdf import PdfReader

        assert len(PdfReader(out).pages) == total
        assert numbered == total
    else:
        assert numbered == 0  # numbers are given only together with a complete file
