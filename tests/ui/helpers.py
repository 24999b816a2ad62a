"""Helpers shared by the UI tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from khuyenhoc_desktop.ui import dialogs

# Every modal dialog in `ui.dialogs`; a test that expects one patches it after `no_dialogs`.
DIALOGS = ("info", "warning", "error", "ask", "ask_text", "ask_password", "ask_new_password", "ask_server", "open_file", "open_files", "save_file",
           "choose_folder")


def unexpected_dialog(*args, **kwargs):
    raise AssertionError(f"unexpected dialog: {args[1:2]}")


def forbid_dialogs(monkeypatch, names=DIALOGS) -> None:
    """Make the named dialogs fail the test instead of blocking it."""
    for name in names:
        monkeypatch.setattr(dialogs, name, unexpected_dialog)


def type_text(widget, text: str) -> None:
    """Type text key by key, Vietnamese letters included (QTest.keyClicks only takes Latin-1)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def show_widget(qtbot, widget, width: int, height: int):
    """Hand `widget` to qtbot (closed after the test), size it and show it."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


def finish(qtbot, operation, timeout: int = 30_000):
    """Wait until a `ui.operations.LongOperation` (worker thread) has finished and its outcome was handled."""
    qtbot.waitUntil(lambda: operation.outcome != "running", timeout=timeout)
    return operation


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a Qt label ("&Tệp" → "t"; "&&" is a plain ampersand), lower-case, or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def mnemonic_clashes(texts) -> list[str]:
    """Texts whose Alt+letter repeats an earlier one, or is not a plain Latin letter or digit."""
    seen: dict[str, str] = {}
    bad = []
    for text in texts:
        key = mnemonic(text)
        if key is None:
            continue
        if not (key.isascii() and key.isalnum()):
            bad.append(f"{text!r}: Alt+{key} cannot be typed")
        elif key in seen:
            bad.append(f"{text!r} and {seen[key]!r} share Alt+{key}")
        else:
            seen[key] = text
    return bad
