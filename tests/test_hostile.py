"""Hostile conditions: a full disk, a read-only folder, a vanished USB stick, kill -9 mid-batch."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.domain.errors import DataFileError
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.database import DataFile
from tests.kill_helpers import kill_when_started, start_cli_held, start_held, writes_to

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
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.services.workspace import Workspace
ws = Workspace.open(sys.argv[1])
for i in range(100):
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Lê Thị Số {i}", category="Học sinh giỏi",
                              amount=1000), confirm=True)
"""


@posix_only
def test_kill_during_a_batch_of_saves_keeps_whole_records(tmp_path):
    path = tmp_path / "batch.db"
    # Killed as the 22nd record is being written: the 21 before it are saved whole, the 22nd not at all.
    kill_when_started(start_held(writes_to("award"), 22, BATCH, str(path)))
    with Workspace.open(path) as ws:
        assert ws.datafile.integrity_check() == "ok"
        assert ws.awards.count_and_total(AwardFilter()) == (21, 21_000)
        audit = ws.db.execute_sql("SELECT COUNT(DISTINCT record_uuid) FROM audit_log WHERE table_name = 'award'").fetchone()[0]
        assert audit == 21  # each record came with its audit row, never one without the other


@posix_only
@pytest.mark.parametrize("nth", [1, 1000], ids=["first-number", "mid-numbering"])
def test_kill_during_a_certificate_batch_leaves_no_half_pdf(tmp_path, nth):
    db = tmp_path / "print.db"
    subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "demo", "--db", str(db), "--awards", "6000", "--seed", "1",
                    "--today", "2026-12-02"], check=True, capture_output=True, timeout=300)
    out = tmp_path / "giay-khen.pdf"
    # Killed while the register numbers are being given (the pages are drawn, the file not yet written).
    kill_when_started(start_cli_held(writes_to("award", "UPDATE"), nth, "print", "certificates", "--db", str(db),
                                     "--out", str(out)))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbered = conn.execute("SELECT COUNT(*) FROM award WHERE register_no != ''").fetchone()[0]
    assert not out.exists() and list(tmp_path.glob("giay-khen*")) == []  # no file, not even a half one
    assert numbered == 0  # numbers are given only together with a complete file


@posix_only
def test_kill_during_an_excel_import_is_all_or_nothing(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Lớp", "Trường", "Thành tích", "Loại thành tích", "Số tiền"])
    for i in range(30000):
        sheet.append([i + 1, f"Nguyễn Văn Số {i}", "05/02/2013", "7A", "Trường THCS Tân Dĩnh", "Học sinh giỏi",
                      "Học sinh giỏi", 100000])
    source = tmp_path / "danh-sach.xlsx"
    book.save(source)
    db = tmp_path / "import.db"
    Workspace.open(db).close()
    # Killed at the 10,000th of the 30,000 rows: the import is one transaction, so nothing of it stays.
    kill_when_started(start_cli_held(writes_to("award"), 10_000, "import-excel", "--db", str(db), str(source),
                                     "--kind", "awards", "--school-year", "2025-2026"))
    with Workspace.open(db) as ws:
        assert ws.datafile.integrity_check() == "ok"
        assert ws.awards.count_and_total(AwardFilter()) == (0, 0)


@posix_only
def test_kill_during_a_sync_export_leaves_no_half_file(tmp_path):
    db = tmp_path / "sync.db"
    subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "demo", "--db", str(db), "--awards", "30000", "--seed", "4"],
                   check=True, capture_output=True, timeout=300)
    out = tmp_path / "goi.khsync"
    # Killed as the written package is being recorded: it stands only under its side name.
    kill_when_started(start_cli_held(writes_to("sync_export"), 1, "sync", "export", "--db", str(db), "--out", str(out)))
    with Workspace.open(db) as ws:
        assert ws.datafile.integrity_check() == "ok"
        assert not out.exists()
        assert int(ws.datafile.get_meta("sync_last_seq", "0") or 0) == 0  # nothing recorded for a file that does not exist
