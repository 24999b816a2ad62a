"""The PyInstaller one-folder build: it builds, starts its window (--smoke) and prints certificates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / ".ci" / "pyinstaller" / "khuyenhoc.spec"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen_program(tmp_path_factory):
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed")
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pyinstaller"), "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        capture_output=True, text=True, timeout=1200, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    exe = work / "dist" / "khuyenhoc" / ("khuyenhoc.exe" if os.name == "nt" else "khuyenhoc")
    assert exe.exists()
    return exe


def run(exe: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def test_frozen_program_starts_and_prints(frozen_program, tmp_path):
    db = tmp_path / "frozen.db"
    assert "Khuyến học Desktop" in run(frozen_program, "--version").stdout
    made = run(frozen_program, "demo", "--db", str(db), "--awards", "12", "--seed", "2")
    assert made.returncode == 0, made.stderr
    smoke = run(frozen_program, "--db", str(db), "--smoke")
    assert smoke.returncode == 0 and "ms" in smoke.stdout, smoke.stderr
    pdf = tmp_path / "giay-khen.pdf"
    printed = run(frozen_program, "print", "certificates", "--db", str(db), "--out", str(pdf))
    assert printed.returncode == 0, printed.stderr
    from pypdf import PdfReader

    from khuyenhoc_desktop.domain.awards import AwardFilter
    from khuyenhoc_desktop.services.documents import DECIDED
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(db) as ws:  # certificates are for decided awards only (drafts: a marked preview)
        decided = [a for a in ws.awards.fetch(ws.awards.uuids(AwardFilter())) if a.status in DECIDED]
    assert 0 < len(decided) <= 12
    assert len(PdfReader(pdf).pages) == len(decided)
