"""Backups: rotation, encrypted copies, inspect before restore, restore keeps the current file and sync numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

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
