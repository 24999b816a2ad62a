"""`khuyenhoc sync export|key|province-key|import-ack`: a round trip through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from khuyenhoc_desktop.cli import build_parser, main
from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import KeyCard, generate_encryption_key, generate_signing_key, open_package, write_ack


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "xa.db"
    with Workspace.open(path) as ws:
        ws.profile.save(sample_organisation())
        ws.set_operator("Người thử nghiệm")
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Nguyễn Văn Ân", birth_date=date(2012, 3, 4),
                                  category="Học sinh giỏi", level="Cấp trường", school="Trường THCS Tân Dĩnh",
                                  amount=100_000), confirm=True)
    return path


def test_sync_group_is_shared_through_sync_subparsers():
    from khuyenhoc_desktop.commands import sync_commune

    build_parser()
    choices = sync_commune.SYNC_SUBPARSERS.choices
    assert {"export", "key", "import-ack", "province-key"} <= set(choices)


def test_round_trip(db, tmp_path, capsys):
    # key: fingerprint printed, public card written
    assert main(["sync", "key", "--db", str(db), "--out", str(tmp_path / "xa.khkey")]) == 0
    out = capsys.readouterr().out
    card = KeyCard.load(tmp_path / "xa.khkey")
    assert card.signing_fingerprint in out and card.code == "07462"

    # province key, then an encrypted export
    p_sign, p_enc = generate_signing_key(), generate_encryption_key()
    KeyCard.for_keys("province", "24", "Bắc Ninh", p_sign, p_enc).save(tmp_path / "tinh.khkey")
    assert main(["sync", "province-key", "--db", str(db), "--key", str(tmp_path / "tinh.khkey")]) == 0
    assert "Bắc Ninh" in capsys.readouterr().out

    out_dir = tmp_path / "usb"
    assert main(["sync", "export", "--db", str(db), "--out", str(out_dir / "goi1.khsync")]) == 0
    out = capsys.readouterr().out
    assert "gói số 1" in out
    pkg = open_package(out_dir / "goi1.khsync")
    pkg.verify(card.signing_key, expected_commune_code="07462")
    award = next(c for c in pkg.iter_changes() if c.table == "award")

    # nothing new: refused without --full, a full snapshot with it (encrypted for the file's key)
    assert main(["sync", "export", "--db", str(db), "--out", str(out_dir)]) == 1
    assert "Không có thay đổi nào chưa gửi" in capsys.readouterr().err
    assert main(["sync", "export", "--db", str(db), "--out", str(out_dir / "goi2.khsync"), "--full",
                 "--encrypt-for", str(tmp_path / "tinh.khkey")]) == 0
    assert "gói số 2" in capsys.readouterr().out
    full = open_package(out_dir / "goi2.khsync", decrypt_with=p_enc)
    full.verify(card.signing_key)
    assert full.manifest["mode"] == "full" and full.manifest["seq"] == 2
    with Workspace.open(db) as ws:
        assert full.manifest["prev_package_sha256"] == ws.sync.history()[1].sha256

    # the province answers; the commune imports the acknowledgement
    write_ack(tmp_path / "bn.khack", p_sign, province_code="24", commune_code="07462", up_to_seq=2,
              returned=[("award", award.uuid, award.version, "Thiếu số quyết định")])
    assert main(["sync", "import-ack", "--db", str(db), str(tmp_path / "bn.khack")]) == 0
    out = capsys.readouterr().out
    assert "1 bản ghi bị trả lại" in out and "Thiếu số quyết định" in out
    with Workspace.open(db) as ws:
        assert ws.sync.state_counts() == {"accepted": 0, "returned": 1}
        assert [h.seq for h in ws.sync.history()] == [2, 1]


def test_export_without_commune_code_fails_cleanly(tmp_path, capsys):
    path = tmp_path / "trong.db"
    with Workspace.open(path):
        pass
    assert main(["sync", "export", "--db", str(path), "--out", str(tmp_path)]) == 1
    assert "Hãy nhập mã xã trong Thông tin hội" in capsys.readouterr().err


def test_key_command_in_a_subprocess(db):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "sync", "key", "--db", str(db)],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    with Workspace.open(db) as ws:
        assert ws.sync.fingerprint() in result.stdout
