"""Shared fixtures: every test gets its own data and config folders and never touches the user's files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
