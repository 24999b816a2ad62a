"""Tệp → Khôi phục: a backup of another commune is not restored without the user's word."""

from __future__ import annotations

import dataclasses

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def other_backup(tmp_path):
    with Workspace.open(tmp_path / "khac" / "xa.db") as other:
        other.profile.save(dataclasses.replace(sample_organisation(), commune_code="09999",
                                               committee_name="Hội Khuyến học xã Hòa Bình"))
        other.awards.save(AwardDraft(school_year="2025-2026", full_name="Đinh Văn Khác", category="Học sinh giỏi"),
                          confirm=True)
        return backup.auto_backup(other, force=True)


def _window(ws, qtbot, reopened):
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)

    def reopen(action):
        ws.close()
        action()
        reopened.append(Workspace.open(ws.datafile.path))
        return True

    window.reopen = reopen
    return window


def test_another_communes_backup_is_refused_without_asking(ws, qtbot, other_backup, no_dialogs):
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert not window.restore_from_backup(str(other_backup), confirm=False)
    assert reopened == [] and ws.awards.count_and_total(AwardFilter())[0] == 0


def test_another_communes_backup_is_restored_after_the_warning(ws, qtbot, other_backup, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert window.restore_from_backup(str(other_backup))
    assert "CẢNH BÁO" in asked[0] and "Hòa Bình" in asked[0] and "mã xã 07462" in asked[0]
    try:
        assert reopened[0].awards.count_and_total(AwardFilter())[0] == 1
    finally:
        reopened[0].close()
