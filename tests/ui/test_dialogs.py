"""The program's own dialogs: a new passphrase is typed twice and the two must match."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from khuyenhoc_desktop.ui.dialogs import PASSPHRASES_DIFFER, NewPassphraseDialog
from tests.ui.helpers import type_text

pytestmark = pytest.mark.gui


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_mismatched_passphrases_keep_the_dialog_open_with_a_message(qtbot):
    dialog = NewPassphraseDialog(None, "Đặt mật khẩu", "Mật khẩu bản sao lưu")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.first, "hội-khuyến-học")
    type_text(dialog.second, "hội-khuyến-hoc")
    ok_button(dialog).click()
    assert dialog.result() == 0 and dialog.isVisible()  # not accepted
    assert dialog.problem.isVisible() and dialog.problem.text() == PASSPHRASES_DIFFER
    assert dialog.first.text() == "hội-khuyến-học"  # the first entry is not lost
    assert dialog.second.text() == "" and dialog.focusWidget() is dialog.second

    type_text(dialog.second, "hội-khuyến-học")
    ok_button(dialog).click()
    assert dialog.result() == 1 and dialog.passphrase() == "hội-khuyến-học"


def test_passphrase_fields_hide_what_is_typed_and_buttons_are_vietnamese(qtbot):
    from PySide6.QtWidgets import QLineEdit

    dialog = NewPassphraseDialog(None, "Đặt mật khẩu", "Mật khẩu")
    qtbot.addWidget(dialog)
    assert dialog.first.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.second.echoMode() == QLineEdit.EchoMode.Password
    assert ok_button(dialog).text() == "Đồng ý"
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "Hủy"


def test_passphrase_dialog_mnemonics_reach_their_fields_and_do_not_clash(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from tests.ui.helpers import mnemonic, mnemonic_clashes

    dialog = NewPassphraseDialog(None, "Đặt mật khẩu", "Mật khẩu")
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if mnemonic(w.text())]
    assert {w.buddy() for w in labels} == {dialog.first, dialog.second}
    texts = [w.text() for w in dialog.findChildren(QLabel)] + [b.text() for b in dialog.findChildren(QAbstractButton)]
    assert mnemonic_clashes(texts) == []
