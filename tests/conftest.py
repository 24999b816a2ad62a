"""Shared fixtures: every test gets its own data and config folders and never touches the user's files."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# What runs outside a test's own folders (below) — modules building data while they are collected, module-
# and session-scoped fixtures, which start before the per-test fixture — gets folders of this process: never
# the user's real data and config folders (the log, the machine key), and never another pytest-xdist
# worker's (two workers making the first machine key file at once would each keep only its own key).
_PROCESS_HOME = Path(tempfile.mkdtemp(prefix="khuyenhoc-tests-"))
atexit.register(shutil.rmtree, _PROCESS_HOME, ignore_errors=True)
os.environ["KHUYENHOC_DATA_DIR"] = str(_PROCESS_HOME / "data")
os.environ["KHUYENHOC_CONFIG_DIR"] = str(_PROCESS_HOME / "config")
os.environ["KHUYENHOC_KEY_STORE"] = "file"

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory):
    # Its own MonkeyPatch: a test calling `monkeypatch.undo()` must not send it back to the real folders.
    base = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KHUYENHOC_DATA_DIR", str(base / "data"))
        mp.setenv("KHUYENHOC_CONFIG_DIR", str(base / "config"))
        # The machine key that seals private keys: a file in that config folder, never the developer's keyring.
        mp.setenv("KHUYENHOC_KEY_STORE", "file")
        yield


# -- the province store on both engines (docs/architecture.md, "Two engines") ----------------------------
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session: KHUYENHOC_TEST_PG_URL, or a throw-away cluster (tests/pg_helpers.py)."""
    import subprocess

    from tests.pg_helpers import PgServer

    try:
        server = PgServer.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"không có máy chủ PostgreSQL để thử: {exc} {detail.decode(errors='replace')[:300]}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh database with the province schema on the session's server."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=ENGINES)
def province_db(request, tmp_path) -> str:
    """Where a province test keeps its store (`--db`): a file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "tinh.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def clock():
    """The fixed day tests run on (`KHUYENHOC_TEST_TODAY` sets another)."""
    from tests.clock_helpers import TEST_CLOCK

    return TEST_CLOCK


@pytest.fixture
def ws(tmp_path, clock):
    """A fresh commune workspace with the default catalogues and a filled-in profile, on the test clock."""
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services.workspace import Workspace

    workspace = Workspace.open(tmp_path / "xa.db", clock=clock)
    workspace.profile.save(sample_organisation())
    workspace.set_operator("Người thử nghiệm")
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def _no_close_reminders(monkeypatch):
    """Closing a main window in a test must not ask about unsent changes (a modal dialog)."""
    from khuyenhoc_desktop.ui import main_window

    monkeypatch.setattr(main_window, "CLOSE_CHECKS", [])
