from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.workspace import Workspace


@pytest.fixture
def db(province_db):
    """The peewee database of a new province store: a file (every migration applied) or a PostgreSQL database."""
    ws = Workspace.open(province_db, role="province")
    yield ws.db
    ws.close()
