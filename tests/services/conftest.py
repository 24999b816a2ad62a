"""Fixtures shared by the province service tests."""

from __future__ import annotations

import pytest

from tests.services.test_province_import import CODE, NAME, Commune, open_province


@pytest.fixture
def prov(province_db):
    """An empty province store: a file, or a PostgreSQL database (tests/conftest.py `province_db`)."""
    ws = open_province(province_db)
    yield ws
    ws.close()


@pytest.fixture
def xa(tmp_path, prov):
    """A commune with its own data file, registered with the province."""
    c = Commune(tmp_path / "xa")
    prov.province.register_commune(CODE, NAME, c.card_path)
    return c
