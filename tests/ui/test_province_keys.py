"""Tệp → Chia sẻ khóa của tỉnh cho máy khác… on the PC that opens the keys, Tệp → Nhận khóa của tỉnh từ máy
khác… on another staff PC (another configuration folder: another machine key), on a file or a server store."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage.settings import SealedKeyError
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow
from tests.ui.helpers import mnemonic_clashes

pytestmark = pytest.mark.gui

SHARE, ACCEPT = "&Chia sẻ khóa của tỉnh cho máy khác…", "&Nhận khóa của tỉnh từ máy khác…"


def window_on(ws, qtbot, monkeypatch) -> MainWindow:
    monkeypatch.setattr("khuyenhoc_desktop.ui.main_window.save_preferences", lambda prefs: None)
    w = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(w)
    return w


def test_the_keys_go_to_a_second_pc_through_the_file_menu(province_db, tmp_path, qtbot, no_dialogs, monkeypatch):
    told, errors = [], []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title="": told.append(text))
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title="", details=None: errors.append(text))
    monkeypatch.setenv("KHUYENHOC_CONFIG_DIR", str(tmp_path / "may-a"))
    with Workspace.open(province_db, role="province") as a:
        a.province.set_profile("24", "Bắc Ninh")
        card = a.province.key_card()
        window = window_on(a, qtbot, monkeypatch)
        texts = [x.text() for x in window.menus["file"].actions() if not x.isSeparator()]
        assert SHARE in texts and ACCEPT in texts and mnemonic_clashes(texts) == []
        asked = []
        monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "khoa-tinh.khkeys"))
        monkeypatch.setattr(dialogs, "ask_new_password",
                            lambda parent, label, title="": asked.append(label) or "chung-123")
        assert window.share_province_keys() == tmp_path / "khoa-tinh.khkeys"
        assert "gõ hai lần" in asked[0] and errors == []
        assert "Bắc Ninh (mã 24)" in told[-1] and "Nhận khóa của tỉnh từ máy khác" in told[-1]
        window.close_quietly()

    monkeypatch.setenv("KHUYENHOC_CONFIG_DIR", str(tmp_path / "may-b"))
    with Workspace.open(province_db, role="province") as b:
        window = window_on(b, qtbot, monkeypatch)
        monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(tmp_path / "khoa-tinh.khkeys"))
        prompts = []
        monkeypatch.setattr(dialogs, "ask_password",
                            lambda parent, label, title="": prompts.append(label) or "sai-mat-khau")
        assert window.accept_province_keys() is None
        assert "Sai mật khẩu" in errors[-1] and "Bắc Ninh (mã 24)" in prompts[-1]
        with pytest.raises(SealedKeyError):
            b.province._decrypt_key()
        monkeypatch.setattr(dialogs, "ask_password", lambda *a, **k: "chung-123")
        added = window.accept_province_keys()
        assert added is not None and added.machines == 2 and "đã nhận khóa của tỉnh" in told[-1]
        assert b.province.key_card().signing_fingerprint == card.signing_fingerprint
        window.close_quietly()


def test_a_communes_window_has_no_province_key_items(ws, qtbot, no_dialogs, monkeypatch):
    window = window_on(ws, qtbot, monkeypatch)
    texts = [x.text() for x in window.menus["file"].actions()]
    assert SHARE not in texts and ACCEPT not in texts
