"""Start-up: a damaged data file is replaced by the newest good automatic backup when the user agrees."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.app import GuiSession
from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui import dialogs

pytestmark = pytest.mark.gui


def damage(path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data) - 10, 509):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_file(tmp_path):
    path = tmp_path / "xa.db"
    with Workspace.open(path) as ws:
        for i in range(300):
            ws.awards.save(AwardDraft(school_year="2025-2026", full_name=f"Vũ Thị Số {i}", category="Học sinh giỏi",
                                      achievement="x" * 200), confirm=True)
        backup.auto_backup(ws, force=True)
    damage(path)
    return path


def test_damaged_file_is_restored_from_the_newest_good_backup(damaged_file, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"unexpected error dialog {a[1:2]}"))
    damaged = damaged_file.read_bytes()
    session = GuiSession(str(damaged_file), {"zoom": 100})
    assert session.open()
    try:
        assert asked and "bị hỏng" in asked[0] and "Bản sao lưu ngày" in asked[0]
        assert session.ws.awards.count_and_total(AwardFilter())[0] == 300
        assert session.ws.datafile.integrity_check() == "ok"
        kept = [p for p in (damaged_file.parent / "sao-luu").iterdir() if "-hong-" in p.name]
        assert [p.read_bytes() for p in kept] == [damaged], "the damaged file is kept aside byte for byte"
    finally:
        session.ws.close()


def test_damaged_file_is_left_alone_when_the_user_says_no(damaged_file, monkeypatch):
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    before = damaged_file.read_bytes()
    session = GuiSession(str(damaged_file), {"zoom": 100})
    assert not session.open()
    assert damaged_file.read_bytes() == before
