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


def test_error_dialog_summary_first_traceback_folded(qtbot, tmp_path, monkeypatch):
    from khuyenhoc_desktop import logs

    monkeypatch.setenv("KHUYENHOC_DATA_DIR", str(tmp_path))
    dialog = ErrorDialog("Traceback (most recent call last):\nZeroDivisionError: division by zero")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text().startswith("Chương trình gặp một lỗi không mong muốn.")
    assert str(logs.log_path()) in dialog.log_label.text()
    assert str(tmp_path) in dialog.log_label.text()
    assert not dialog.details.isVisible()  # collapsed by default
    assert dialog.toggle.text() == "Xem chi tiết kỹ thuật"
    dialog.toggle.click()
    assert dialog.details.isVisible() and "ZeroDivisionError" in dialog.details.toPlainText()
    assert dialog.toggle.text() == "Ẩn chi tiết kỹ thuật"
    dialog.toggle.click()
    assert not dialog.details.isVisible() and dialog.toggle.text() == "Xem chi tiết kỹ thuật"


def test_storage_error_uses_the_same_view_with_its_own_summary(qtbot):
    dialog = ErrorDialog("sqlite3.OperationalError: disk I/O error", summary="Ổ đĩa đầy: không lưu được.",
                         title="Không lưu được")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Không lưu được"
    assert dialog.summary.text() == "Ổ đĩa đầy: không lưu được."
    assert dialog.details.isHidden()


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


def test_the_error_dialog_with_its_details_fits_the_screen(qtbot):
    from khuyenhoc_desktop.ui.layout import SCREEN_MARGIN

    dialog = ErrorDialog("Traceback: ZeroDivisionError\n" * 200)
    qtbot.addWidget(dialog)
    dialog.show_details(True)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() - SCREEN_MARGIN and dialog.height() <= room.height() - SCREEN_MARGIN
    assert dialog.width() >= min(720, room.width() - SCREEN_MARGIN)
