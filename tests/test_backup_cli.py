"""`khuyenhoc backup` / `khuyenhoc restore`: another commune's backup needs --accept-other; an open file is refused."""

from __future__ import annotations

import dataclasses
import sqlite3

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from tests.test_cli import run


def names(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT full_name FROM award"))


def make(path, code, committee, pupil):
    with Workspace.open(path) as ws:
        ws.profile.save(dataclasses.replace(sample_organisation(), commune_code=code, committee_name=committee))
        ws.awards.save(AwardDraft(school_year="2025-2026", full_name=pupil, category="Học sinh giỏi"), confirm=True)
        return backup.auto_backup(ws, force=True)


def test_restore_of_another_communes_backup_needs_accept_other(tmp_path):
    ours = tmp_path / "xa.db"
    make(ours, "07462", "Hội Khuyến học xã Tân Dĩnh", "Của xã mình")
    theirs = make(tmp_path / "khac" / "xa.db", "09999", "Hội Khuyến học xã Hòa Bình", "Của xã khác")
    refused = run("restore", "--db", str(ours), str(theirs))
    assert refused.returncode != 0
    assert "CẢNH BÁO" in refused.stderr and "--accept-other" in refused.stderr and "Traceback" not in refused.stderr
    assert names(ours) == ["Của xã mình"]
    done = run("restore", "--db", str(ours), str(theirs), "--accept-other")
    assert done.returncode == 0, done.stderr
    assert names(ours) == ["Của xã khác"] and "truoc-khoi-phuc" in done.stdout


def test_restore_onto_a_file_open_in_the_window_is_refused(tmp_path):
    ours = tmp_path / "xa.db"
    copy = make(ours, "07462", "Hội Khuyến học xã Tân Dĩnh", "Của xã mình")
    with Workspace.open(ours) as open_elsewhere:
        open_elsewhere.set_operator("Nguyễn Văn An")
        result = run("restore", "--db", str(ours), str(copy))
    assert result.returncode != 0 and "Nguyễn Văn An" in result.stderr and "Traceback" not in result.stderr
