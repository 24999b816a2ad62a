"""A record saved in the form survives `kill -9` of the program right after saving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.services.workspace import Workspace

SCRIPT = r"""
import sys, time
from PySide6.QtWidgets import QApplication
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.ui.forms.award_form import AwardForm
app = QApplication([])
ws = Workspace.open(sys.argv[1])
ws.profile.save(sample_organisation())
form = AwardForm(ws)
form.show()
form.w["full_name"].setText("Trịnh Thị Ngọc Ánh")
form.w["birth"].setText("12/09/2012")
form.w["category"].setEditText("Học sinh giỏi")
form.w["amount"].setText("1.500.000")
uuid = form.save()
print("SAVED", uuid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill -9")
def test_saved_record_survives_kill_minus_nine(tmp_path):
    path = tmp_path / "kill.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SAVED "), line
        uuid = line.split()[1]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with Workspace.open(path) as ws:
        assert ws.datafile.report.unclean_shutdown
        assert ws.datafile.integrity_check() == "ok"
        award = ws.awards.get(uuid)
        assert award.full_name == "Trịnh Thị Ngọc Ánh" and award.amount == 1_500_000
        assert ws.awards.count_and_total(AwardFilter()) == (1, 1_500_000)
