"""Fixtures shared by the UI tests."""

from __future__ import annotations

import pytest

from tests.ui.helpers import forbid_dialogs


@pytest.fixture
def no_dialogs(monkeypatch):
    """No test may block on a modal dialog: any unexpected one fails the test."""
    forbid_dialogs(monkeypatch)

