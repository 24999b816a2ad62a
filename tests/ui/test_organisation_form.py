"""The committee profile dialog: on first start the cursor is in the first field, so typing and Space go there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui.forms.organisation_form import OrganisationDialog
from tests.ui.helpers import type_text

pytestmark = pytest.mark.gui


def test_first_start_dialog_starts_in_the_first_field_and_space_does_not_save(tmp_path, qtbot, no_dialogs):
    with Workspace.open(tmp_path / "moi.db") as ws:
        dialog = OrganisationDialog(ws, None, first_start=True)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        first = dialog.edits["province"]
        qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
        type_text(first, "Bắc Ninh")
        qtbot.keyClick(first, Qt.Key.Key_Space)
        assert first.text() == "Bắc Ninh " and dialog.isVisible() and dialog.result() == 0
        assert not ws.profile.is_set_up()
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.edits["province_code"]
