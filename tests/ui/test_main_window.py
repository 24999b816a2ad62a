"""The main window: it remembers its size, place, maximised state and splitters, and opens on a screen; its menus
(mnemonics, shortcuts, the user guide) and the backup passphrase; Tệp → Khôi phục asks before restoring another
commune's backup; a file that cannot be written shows a banner."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QGuiApplication

from khuyenhoc_desktop.config import load_preferences
from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.layout import StackingSplitter
from khuyenhoc_desktop.ui.main_window import MainWindow
from tests.ui.helpers import mnemonic, mnemonic_clashes

pytestmark = pytest.mark.gui


def open_window(ws, qtbot, prefs) -> MainWindow:
    window = MainWindow(ws, prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def screen_rect():
    r = QGuiApplication.primaryScreen().availableGeometry()
    return r.x(), r.y(), r.width(), r.height()


def test_size_place_and_splitters_are_remembered(ws, qtbot, no_dialogs):
    window = open_window(ws, qtbot, {"zoom": 100})
    window.resize(760, 600)
    window.move(20, 30)
    splitter = window.show_page("awards").findChild(StackingSplitter, "award_table_splitter")
    qtbot.waitUntil(lambda: window.width() == 760)
    splitter.setSizes([200, 500])
    sizes = splitter.sizes()
    window.save_geometry()
    window.close_quietly()

    prefs = load_preferences()
    assert prefs["window"] == {"rect": [20, 30, 760, 600], "maximized": False}
    assert "award_table_splitter" in prefs["splitters"]

    again = open_window(ws, qtbot, prefs)
    assert (again.x(), again.y(), again.width(), again.height()) == (20, 30, 760, 600)
    restored = again.show_page("awards").findChild(StackingSplitter, "award_table_splitter")
    qtbot.waitUntil(lambda: restored.width() == splitter.width())
    assert restored.sizes() == sizes
    again.close_quietly()


def test_maximised_window_opens_maximised_and_keeps_its_normal_size(ws, qtbot, no_dialogs):
    window = open_window(ws, qtbot, {"zoom": 100, "window": {"rect": [10, 10, 700, 500], "maximized": True}})
    qtbot.waitUntil(window.isMaximized)
    window.save_geometry()
    window.close_quietly()
    assert load_preferences()["window"] == {"rect": [10, 10, 700, 500], "maximized": True}


def test_window_left_on_a_monitor_that_is_gone_opens_on_the_screen(ws, qtbot, no_dialogs):
    x, y, w, h = screen_rect()
    window = open_window(ws, qtbot, {"zoom": 100, "window": {"rect": [x + w + 900, y + 20, 600, 400]}})
    assert (window.width(), window.height()) == (600, 400)
    assert x <= window.x() and window.x() + 600 <= x + w and y <= window.y() and window.y() + 400 <= y + h
    window.close_quietly()


def test_first_start_fits_the_screen(ws, qtbot, no_dialogs):
    x, y, w, h = screen_rect()
    window = open_window(ws, qtbot, {"zoom": 100})
    assert window.width() <= w and window.height() <= h
    assert x <= window.x() and y <= window.y()
    window.close_quietly()


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


def test_menu_mnemonics_do_not_clash(window):
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert mnemonic_clashes(titles) == [] and all(mnemonic(t) for t in titles)
    assert mnemonic("&Tệp") != mnemonic(window.menus["help"].title())
    for menu in window.menus.values():
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert mnemonic_clashes(texts) == [], menu.title()
        assert all(mnemonic(t) for t in texts), menu.title()


def test_mnemonic_helpers_find_a_clash():
    assert mnemonic("Lưu && đóng") is None and mnemonic("Trợ &giúp") == "g"
    assert mnemonic_clashes(["&Tệp", "&Thoát"]) == ["'&Thoát' and '&Tệp' share Alt+t"]
    assert mnemonic_clashes(["&Đóng"]) == ["'&Đóng': Alt+đ cannot be typed"]


def test_page_buttons_and_menu_bar_share_no_mnemonic(window):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    bar = [a.text() for a in window.menuBar().actions()]
    for spec in window.specs:
        page = window.page(spec.key)
        texts = [w.text() for w in page.findChildren(QAbstractButton)]
        texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
        assert mnemonic_clashes(bar + texts) == [], spec.key


def window_shortcuts(window) -> set[str]:
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    for spec in window.specs:
        window.page(spec.key)
    keys = {s.key().toString(QKeySequence.SequenceFormat.PortableText) for s in window.findChildren(QShortcut)}
    for action in window.findChildren(QAction):
        keys |= {k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()}
    return keys - {""}


def test_every_shortcut_is_listed_for_the_user_and_every_listed_one_exists(window):
    from khuyenhoc_desktop.ui.shortcuts import KEY_EVENT_KEYS, SHORTCUTS

    listed = {keys for keys, _what, _where in SHORTCUTS}
    assert window_shortcuts(window) == listed - KEY_EVENT_KEYS


def test_menu_actions_show_their_shortcuts(window):
    from PySide6.QtGui import QKeySequence

    shown = {a.text(): a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
             for menu in window.menus.values() for a in menu.actions()}
    assert shown["&Thoát"] == "Ctrl+Q" and shown["&Hướng dẫn sử dụng"] == "F1"
    assert shown["Chữ &to hơn"] == "Ctrl++" and shown["&Cỡ chữ mặc định"] == "Ctrl+0"


def test_help_menu_opens_the_guide_at_the_shortcuts(window, qtbot):
    from khuyenhoc_desktop.ui.guide import GuideDialog

    action = next(a for a in window.menus["help"].actions() if a.text() == "&Hướng dẫn sử dụng")
    action.trigger()
    guide = window.findChild(GuideDialog)
    assert guide is not None and guide.isVisible() and not guide.isModal()
    assert "Sao lưu" in guide.browser.toPlainText()
    keys = next(a for a in window.menus["help"].actions() if a.text() == "&Phím tắt")
    keys.trigger()
    assert window.findChildren(GuideDialog) == [guide]  # the same window, not a second one
    assert "Ctrl+N" in guide.browser.toPlainText()
    guide.close()


def test_about_names_the_data_file_the_log_and_the_guide(window, monkeypatch):
    from khuyenhoc_desktop.logs import log_path

    told = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title="": told.append((title, text)))
    window.about()
    title, text = told[0]
    assert title == "Giới thiệu" and str(window.ws.datafile.path) in text and str(log_path()) in text
    assert "Hướng dẫn sử dụng (phím F1)" in text


@pytest.fixture
def other_backup(tmp_path):
    with Workspace.open(tmp_path / "khac" / "xa.db") as other:
        other.profile.save(dataclasses.replace(sample_organisation(), commune_code="09999",
                                               committee_name="Hội Khuyến học xã Hòa Bình"))
        other.awards.save(AwardDraft(school_year="2025-2026", full_name="Đinh Văn Khác", category="Học sinh giỏi"),
                          confirm=True)
        return backup.auto_backup(other, force=True)


def _window(ws, qtbot, reopened):
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)

    def reopen(action):
        ws.close()
        action()
        reopened.append(Workspace.open(ws.datafile.path))
        return True

    window.reopen = reopen
    return window


def test_another_communes_backup_is_refused_without_asking(ws, qtbot, other_backup, no_dialogs):
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert not window.restore_from_backup(str(other_backup), confirm=False)
    assert reopened == [] and ws.awards.count_and_total(AwardFilter())[0] == 0
    window.close_quietly()


def test_another_communes_backup_is_restored_after_the_warning(ws, qtbot, other_backup, monkeypatch):
    asked = []
    told = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a, **k: told.append(text))
    reopened = []
    window = _window(ws, qtbot, reopened)
    assert window.restore_from_backup(str(other_backup))
    assert "CẢNH BÁO" in asked[0] and "Hòa Bình" in asked[0] and "mã xã 07462" in asked[0]
    assert len(told) == 1 and "truoc-khoi-phuc" in told[0]  # where the replaced data now is
    try:
        assert reopened[0].awards.count_and_total(AwardFilter())[0] == 1
    finally:
        window.close_quietly()
        reopened[0].close()


def test_a_read_only_file_shows_a_banner_and_asks_nothing(tmp_path, qtbot, no_dialogs, monkeypatch):
    path = tmp_path / "xa.db"
    Workspace.open(path).close()
    monkeypatch.setattr("khuyenhoc_desktop.storage.database.os.access", lambda p, mode: False)
    ws = Workspace.open(path, read_only_fallback=True)
    try:
        window = MainWindow(ws, {"zoom": 100})
        qtbot.addWidget(window)
        assert "chỉ xem được" in window.read_only_banner.text()
        window.first_start_questions()  # no profile or demo questions for a file that cannot be written
        window.close_quietly()
    finally:
        ws.close()
