"""Backups: rotation, encrypted copies, inspect before restore, restore keeps the current file and sync numbers."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace


def add(ws, name):
    return ws.awards.save(AwardDraft(school_year="2025-2026", full_name=name, category="Học sinh giỏi"), confirm=True)[0]


def test_auto_backup_once_a_day_and_rotation(ws):
    first = backup.auto_backup(ws, now=datetime(2026, 5, 1, 8))
    assert first is not None and first.exists()
    assert backup.auto_backup(ws, now=datetime(2026, 5, 1, 17)) is None  # once a day
    start = datetime(2025, 1, 1, 9)
    for day in range(0, 520, 3):
        backup.auto_backup(ws, force=True, now=start + timedelta(days=day))
    now = start + timedelta(days=520)
    kept = backup.auto_backups(ws.datafile)
    stamps = sorted(backup._stamp(p) for p in kept)
    recent = [s for s in stamps if now - s <= timedelta(days=7)]
    older = [s for s in stamps if now - s > timedelta(days=7)]
    assert len(recent) == len({s.date() for s in recent}) <= 8
    assert len(older) == len({(s.year, s.month) for s in older}) <= 12
    assert all(now - s <= timedelta(days=366) for s in older)


def test_encrypted_copy_round_trip_and_wrong_passphrase(ws, tmp_path):
    award = add(ws, "Nguyễn Thị Hằng")
    usb = tmp_path / "usb"
    path = backup.export_backup(ws, usb, "mật-khẩu-123")
    assert path.suffix == ".khbak" and b"Nguy" not in path.read_bytes()  # personal data is encrypted
    info = backup.inspect_backup(path)
    assert info.encrypted and info.counts["award"] == 1 and "khen thưởng: 1" in info.describe()
    db_path = ws.datafile.path
    add(ws, "Trần Văn Sau Sao Lưu")
    ws.close()
    with pytest.raises(backup.BackupError, match="Sai mật khẩu"):
        backup.restore(db_path, path, "sai")
    with Workspace.open(db_path) as again:
        assert again.awards.count_and_total(AwardFilter())[0] == 2  # a failed restore changes nothing
    saved = backup.restore(db_path, path, "mật-khẩu-123")
    assert saved.exists()
    with Workspace.open(db_path) as restored:
        assert restored.awards.count_and_total(AwardFilter())[0] == 1
        assert restored.awards.get(award.uuid).full_name == "Nguyễn Thị Hằng"
    with Workspace.open(saved) as previous:
        assert previous.awards.count_and_total(AwardFilter())[0] == 2


def test_restore_never_rewinds_the_sync_sequence(ws, tmp_path):
    old = backup.auto_backup(ws, force=True)
    ws.datafile.set_meta("sync_last_seq", "7")
    ws.datafile.set_meta("sync_last_hash", "abc")
    db_path = ws.datafile.path
    ws.close()
    backup.restore(db_path, old)
    with Workspace.open(db_path) as restored:
        assert restored.datafile.get_meta("sync_last_seq") == "7"
        assert restored.datafile.get_meta("sync_restored_from_backup") == "1"


def test_short_passphrase_and_unwritable_folder(ws, tmp_path):
    with pytest.raises(backup.BackupError, match="ít nhất 6"):
        backup.export_backup(ws, tmp_path, "123")
    target = tmp_path / "readonly"
    target.mkdir()
    target.chmod(0o500)
    try:
        import os

        if os.access(target, os.W_OK):
            pytest.skip("running as a user that can write anywhere")
        with pytest.raises(backup.BackupError, match="Không ghi được"):
            backup.export_backup(ws, target, "123456")
    finally:
        target.chmod(0o700)


def test_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "x.khbak"
    bogus.write_bytes(b"KHBAK1\nnot json\n")
    with pytest.raises(backup.BackupError):
        backup.inspect_backup(bogus)
    other = tmp_path / "y.db"
    other.write_text("hello")
    with pytest.raises(backup.BackupError):
        backup.inspect_backup(other)


def test_verify_backups_for_check(ws):
    backup.auto_backup(ws, force=True)
    report = backup.verify_backups(ws.datafile)
    assert report and all(r["ok"] for r in report)


# -- restore that cannot lose anything ------------------------------------------------------------
def _awards(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT full_name FROM award WHERE deleted = 0"))


def _other_commune(tmp_path, name="xa-khac.db", code="09999", committee="Hội Khuyến học xã Hòa Bình"):
    from khuyenhoc_desktop.domain.organisation import sample_organisation

    other = Workspace.open(tmp_path / "khac" / name)
    other.profile.save(dataclasses.replace(sample_organisation(), commune_code=code, committee_name=committee))
    add(other, "Đinh Văn Xã Khác")
    return other


def test_restore_is_refused_while_another_window_has_the_file_open(ws, tmp_path):
    old = backup.auto_backup(ws, force=True)
    add(ws, "Phạm Văn Đang Mở")
    ws.set_operator("Lê Thị Bình")
    before = _awards(ws.datafile.path)
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(ws.datafile.path, old)
    assert "Lê Thị Bình" in caught.value.message and "đang được mở" in caught.value.message
    assert _awards(ws.datafile.path) == before
    assert list((ws.datafile.path.parent / "sao-luu").glob("*truoc-khoi-phuc*")) == []


CHILD = r"""
import os, sys
sys.path.insert(0, sys.argv[2])
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.services.workspace import Workspace

ws = Workspace.open(sys.argv[1])
ws.set_operator("Trần Thị Cúc")
def save(i):
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Học sinh số {i}", category="Học sinh giỏi"),
                   confirm=True)
for i in range(10):
    save(i)
print("started", flush=True)
for line in sys.stdin:
    if line.startswith("save"):
        i = int(line.split()[1])
        save(i)
        print(f"saved {i}", flush=True)
    elif line.startswith("die"):
        os._exit(0)  # like a power cut: no closing checkpoint, the -wal is left beside the file
"""


def test_restore_while_another_process_holds_the_file_open_and_writes_loses_nothing(ws, tmp_path):
    """Two real processes: restore is refused while the other copy writes; after it ends nothing is lost."""
    old = backup.auto_backup(ws, force=True)
    db_path = ws.datafile.path
    ws.close()
    root = str(Path(__file__).resolve().parents[2])
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), root], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert child.stdout.readline().strip() == "started"
        for i in range(10, 20):
            with pytest.raises(backup.BackupError, match="Trần Thị Cúc"):
                backup.restore(db_path, old)
            child.stdin.write(f"save {i}\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == f"saved {i}"
        child.stdin.write("die\n")
        child.stdin.flush()
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    wal = Path(str(db_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # set aside with the file: whatever it still holds is kept
    saved = backup.restore(db_path, old)
    expected = sorted(f"Học sinh số {i}" for i in range(20))
    assert _awards(saved) == expected  # all 20 saves, read through the -wal copied beside it
    assert _awards(db_path) == []
    assert not wal.exists()


def test_two_restores_in_the_same_second_keep_both_originals(ws, tmp_path):
    old = backup.auto_backup(ws, force=True)
    add(ws, "Bản thứ nhất")
    db_path = ws.datafile.path
    ws.close()
    when = datetime(2026, 5, 4, 9, 30, 0)
    first = backup.restore(db_path, old, now=when)
    with Workspace.open(db_path) as again:
        add(again, "Bản thứ hai")
    second = backup.restore(db_path, old, now=when)
    assert first != second
    assert _awards(first) == ["Bản thứ nhất"] and _awards(second) == ["Bản thứ hai"]


def test_restore_over_a_damaged_file_sets_it_aside_byte_for_byte(ws, tmp_path):
    for i in range(200):
        add(ws, f"Vũ Thị Số {i}")
    good = backup.auto_backup(ws, force=True)
    db_path = ws.datafile.path
    ws.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 * 2, len(data) - 10, 509):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    saved = backup.restore(db_path, good)
    assert saved.read_bytes() == bytes(data)
    assert len(_awards(db_path)) == 200


def test_a_backup_of_another_commune_needs_the_users_word(ws, tmp_path):
    other = _other_commune(tmp_path)
    theirs = backup.auto_backup(other, force=True)
    usb = backup.export_backup(other, tmp_path / "usb", "mật-khẩu-123")
    other.close()
    db_path = ws.datafile.path
    ours = backup.workspace_identity(ws)
    assert "Hòa Bình" in backup.other_owner_warning(ours, backup.inspect_backup(usb).identity)  # before the passphrase
    add(ws, "Của xã mình")
    ws.close()
    before = db_path.read_bytes()
    for source, passphrase in ((theirs, None), (usb, "mật-khẩu-123")):
        with pytest.raises(backup.OtherOwnerError) as caught:
            backup.restore(db_path, source, passphrase)
        assert "mã xã 09999" in caught.value.message and "mã xã 07462" in caught.value.message
        assert db_path.read_bytes() == before
    saved = backup.restore(db_path, usb, "mật-khẩu-123", accept_other_owner=True)
    assert _awards(db_path) == ["Đinh Văn Xã Khác"] and _awards(saved) == ["Của xã mình"]


def test_a_province_file_over_a_commune_file_needs_the_users_word(ws, tmp_path):
    province = Workspace.open(tmp_path / "tinh" / "tinh.db", role="province")
    theirs = backup.auto_backup(province, force=True)
    province.close()
    db_path = ws.datafile.path
    ws.close()
    with pytest.raises(backup.OtherOwnerError, match="tệp dữ liệu của tỉnh"):
        backup.restore(db_path, theirs)
    backup.restore(db_path, theirs, accept_other_owner=True)
    with Workspace.open(db_path) as restored:
        assert restored.datafile.role == "province"


def test_restore_keeps_the_sequence_of_exported_packages(ws, tmp_path):
    """The history of sent packages counts even where the meta value lags behind it."""
    old = backup.auto_backup(ws, force=True)
    ws.db.execute_sql("INSERT INTO sync_export(seq, package_id, sha256, created_at, file_name, mode, from_change_seq,"
                      " to_change_seq, from_audit_id, to_audit_id, counts, rows, encrypted)"
                      " VALUES (5, 'p5', ?, '2026-05-01T00:00:00+00:00', 'x.khsync', 'delta', 1, 9, 1, 9, '{}', 3, 0)",
                      ("ab" * 32,))
    ws.datafile.set_meta("sync_last_seq", "4")
    db_path = ws.datafile.path
    ws.close()
    backup.restore(db_path, old)
    with Workspace.open(db_path) as restored:
        assert restored.sync.last_seq() == 5
        assert restored.datafile.get_meta("sync_last_hash") == "ab" * 32


def test_files_the_program_writes_are_private(ws, tmp_path):
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    auto = backup.auto_backup(ws, force=True)
    usb = backup.export_backup(ws, tmp_path / "usb", "mật-khẩu-123")
    db_path = ws.datafile.path
    ws.close()
    saved = backup.restore(db_path, auto)
    for path in (db_path, auto, usb, saved):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# -- .khbak headers and pruning -------------------------------------------------------------------
def _with_header(source: Path, target: Path, change) -> Path:
    data = source.read_bytes()
    end = data.index(b"\n", len(backup.MAGIC)) + 1
    header = json.loads(data[len(backup.MAGIC):end])
    header = change(header)
    target.write_bytes(backup.MAGIC + json.dumps(header).encode() + b"\n" + data[end:])
    return target


@pytest.mark.parametrize("change, problem", [
    (lambda h: {**h, "kdf": {**h["kdf"], "n": 2**23}}, "giới hạn"),
    (lambda h: {**h, "kdf": {**h["kdf"], "n": 2**40}}, "giới hạn"),
    (lambda h: {**h, "kdf": {**h["kdf"], "n": 3 * 2**14}}, "giới hạn"),
    (lambda h: {**h, "kdf": {**h["kdf"], "r": 4096}}, "giới hạn"),
    (lambda h: {**h, "kdf": {**h["kdf"], "n": True}}, "giới hạn"),
    (lambda h: {**h, "kdf": {**h["kdf"], "salt": "zz"}}, "mã hóa"),
    (lambda h: {**h, "kdf": "scrypt"}, "mã hóa"),
    (lambda h: {**h, "nonce": 12}, "mã hóa"),
    (lambda h: [], "không đúng dạng"),
    (lambda h: None, "không đúng dạng"),
    (lambda h: {**h, "schema_version": "1; DROP"}, "lược đồ"),
    (lambda h: {**h, "counts": {"award": -1}}, "số bản ghi"),
    (lambda h: {**h, "created_at": 5}, "created_at"),
    (lambda h: {**h, "role": "admin"}, "loại tệp"),
    (lambda h: {**h, "format": "other"}, "định dạng"),
])
def test_a_hostile_khbak_header_is_refused_before_any_work(ws, tmp_path, change, problem):
    usb = backup.export_backup(ws, tmp_path / "usb", "mật-khẩu-123")
    bad = _with_header(usb, tmp_path / "bad.khbak", change)
    db_path = ws.datafile.path
    ws.close()
    before = db_path.read_bytes()
    # Refused from the header, before any key is derived (how fast: benchmarks/bench_refusals.py).
    for attempt in (lambda: backup.inspect_backup(bad), lambda: backup.restore(db_path, bad, "mật-khẩu-123")):
        with pytest.raises(backup.BackupError) as caught:
            attempt()
        assert problem in caught.value.message and "bị hỏng hoặc không đúng định dạng" in caught.value.message
    assert db_path.read_bytes() == before


def test_an_endless_header_line_is_refused(tmp_path):
    bad = tmp_path / "long.khbak"
    bad.write_bytes(backup.MAGIC + b"{" + b" " * (backup.MAX_HEADER_BYTES + 10))
    with pytest.raises(backup.BackupError, match="quá dài"):
        backup.inspect_backup(bad)


def test_pruning_and_offering_touch_only_this_files_own_copies(tmp_path):
    xa, cu = Workspace.open(tmp_path / "xa.db"), Workspace.open(tmp_path / "xa-cu.db")
    try:
        only_cu = backup.auto_backup(cu, now=datetime(2025, 1, 1, 9))
        start = datetime(2025, 1, 1, 9)
        for day in range(0, 400, 9):
            backup.auto_backup(xa, force=True, now=start + timedelta(days=day))
        assert only_cu.exists()  # was deleted by xa's pruning when copies were matched by "xa-*"
        assert backup.auto_backups(cu.datafile) == [only_cu]
        assert only_cu not in backup.auto_backups(xa.datafile)
        # A copy named like xa's but made from another file (another uuid), e.g. carried over from another PC.
        stranger = Workspace.open(tmp_path / "may-khac" / "xa.db")
        foreign = backup.auto_backup(stranger, force=True, now=datetime(2024, 1, 1, 9))
        stranger.close()
        moved = backup.auto_folder(xa.datafile) / foreign.name
        os.replace(foreign, moved)
        backup.auto_backup(xa, force=True, now=start + timedelta(days=401))
        assert moved.exists() and moved not in backup.auto_backups(xa.datafile)
    finally:
        xa.close()
        cu.close()
    (tmp_path / "xa.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # damaged: its own id is unreadable
    offered = backup.newest_good_backup(tmp_path / "xa.db")
    assert offered is not None and offered.path.name == "xa-20260206-090000.db"  # xa's newest: day 401 (2026-02-06)


def test_a_backup_from_before_file_ids_takes_the_files_id(ws, tmp_path):
    from tests.storage.migrations.test_m0010_file_identity_dates import file_at_version

    old = tmp_path / "cu" / "xa.db"
    old.parent.mkdir()
    file_at_version(old, 6)
    own_id = ws.datafile.get_meta("file_uuid")
    db_path = ws.datafile.path
    ws.close()
    backup.restore(db_path, old)
    with Workspace.open(db_path) as restored:
        assert restored.datafile.get_meta("file_uuid") == own_id
        assert restored.datafile.get_meta("sync_restored_from_backup") is None  # no package was ever sent
