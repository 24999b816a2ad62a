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


def test_frozen_program_reads_the_official_units(frozen_program, tmp_path):
    """The units' data (vietnam-provinces, vietnamadminunits) is in the build: an official code gets its name,
    and the unit changes of the province fill from the mapping."""
    db, province = tmp_path / "xa.db", tmp_path / "tinh.db"
    assert run(frozen_program, "demo", "--db", str(db), "--awards", "3", "--seed", "2").returncode == 0
    key = tmp_path / "xa.khkey"
    assert run(frozen_program, "sync", "key", "--db", str(db), "--out", str(key)).returncode == 0
    card = run(frozen_program, "sync", "province-card", "--db", str(province), "--out", str(tmp_path / "t.khkey"),
               "--province-code", "24", "--province-name", "Bắc Ninh")
    assert card.returncode == 0, card.stderr
    registered = run(frozen_program, "sync", "register", "--db", str(province), "--commune-code", "07462",
                     "--key", str(key))
    assert registered.returncode == 0 and "tên chính thức: Xã Bảo Đài" in registered.stdout, registered.stderr
    filled = run(frozen_program, "sync", "unit-changes", "--db", str(province), "--fill", "--json")
    assert filled.returncode == 0, filled.stderr
    import json

    data = json.loads(filled.stdout)
    # Xã Bảo Đài (07462) kept its code and took in three old communes of huyện Lục Nam
    assert data["fill"]["added"] == ["07462"]
    assert [o["code"] for o in data["changes"][0]["old"]] == ["07456", "07459", "07465"]
