"""Unexpected errors: a Vietnamese dialog with copyable details, and a line in the log file."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from khuyenhoc_desktop.ui.error_dialog import ErrorDialog

pytestmark = pytest.mark.gui


def test_error_dialog_copies_details(qtbot):
    dialog = ErrorDialog("Traceback: ZeroDivisionError")
    qtbot.addWidget(dialog)
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    assert "Sao chép chi tiết" in buttons and "Đóng" in buttons
    buttons["Sao chép chi tiết"].click()
    assert QApplication.clipboard().text() == "Traceback: ZeroDivisionError"


def test_exception_hook_logs_and_does_not_exit(qtbot, monkeypatch):
    from khuyenhoc_desktop import app, logs
    from khuyenhoc_desktop.ui import error_dialog

    shown = []
    monkeypatch.setattr(error_dialog, "show_unexpected_error", lambda details: shown.append(details))
    old_hook = sys.excepthook
    try:
        app.install_exception_hook()
        try:
            1 / 0
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
    assert shown and "ZeroDivisionError" in shown[0]
    handlers = [h for h in logs.setup_logging().handlers if hasattr(h, "baseFilename")]
    assert handlers
    for handler in handlers:
        handler.flush()
    with open(handlers[0].baseFilename, encoding="utf-8") as fh:
        assert "ZeroDivisionError" in fh.read()
