from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.workspace import Workspace


@pytest.fixture
def db(tmp_path):
    """The peewee database of a new province file (every migration applied)."""
    ws = Workspace.open(tmp_path / "tinh.db", role="province")
    yield ws.db
    ws.close()
