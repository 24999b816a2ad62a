"""The main window's menus and the actions behind them: backup passphrase, shortcuts, the user guide."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(ws, qtbot, no_dialogs, monkeypatch):
    monkeypatch.setattr("khuyenhoc_desktop.ui.main_window.save_preferences", lambda prefs: None)
    w = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(w)
    return w


def test_backup_asks_for_the_passphrase_twice(window, monkeypatch, tmp_path):
    from khuyenhoc_desktop.services import backup

    asked, told = [], []
    monkeypatch.setattr(dialogs, "ask_new_password", lambda parent, label, title="": asked.append(label) or "bí-mật-123")
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title="": told.append(text))
    path = window.backup_to_folder(folder=str(tmp_path))
    assert len(asked) == 1 and "gõ hai lần" in asked[0]
    assert path is not None and told == [f"Đã sao lưu vào:\n{path}"]
    assert backup.inspect_backup(path).encrypted


def test_cancelled_passphrase_writes_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "ask_new_password", lambda *a, **k: None)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert window.backup_to_folder(folder=str(usb)) is None
    assert list(usb.iterdir()) == []
