"""Every modal dialog of the program goes through here, so tests can replace these functions."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from .i18n import vi_buttons

APP_TITLE = "Khuyến học Desktop"


def _box(parent, icon, title, text, buttons, default=None, details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title or APP_TITLE, text, buttons, parent)
    if default is not None:
        box.setDefaultButton(default)
    if details:
        box.setDetailedText(details)
    vi_buttons(box)
    return box


def info(parent: QWidget | None, text: str, title: str = "") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok).exec()


def warning(parent: QWidget | None, text: str, title: str = "") -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok).exec()


def error(parent: QWidget | None, text: str, title: str = "Lỗi", details: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, details=details).exec()


def ask(parent: QWidget | None, text: str, title: str = "Xác nhận", default_yes: bool = False) -> bool:
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = _box(parent, QMessageBox.Icon.Question, title, text, yes | no, yes if default_yes else no)
    return box.exec() == yes


def ask_text(parent: QWidget | None, label: str, title: str = "", text: str = "") -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title or APP_TITLE)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("Đồng ý")
    dialog.setCancelButtonText("Hủy")
    if dialog.exec():
        return dialog.textValue()
    return None


def ask_password(parent: QWidget | None, label: str, title: str = "Mật khẩu") -> str | None:
    from PySide6.QtWidgets import QLineEdit

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("Đồng ý")
    dialog.setCancelButtonText("Hủy")
    if dialog.exec():
        return dialog.textValue()
    return None


PASSPHRASES_DIFFER = "Hai lần nhập mật khẩu không giống nhau. Hãy gõ lại mật khẩu ở ô thứ hai."


class NewPassphraseDialog(QDialog):
    """A new passphrase typed twice: a typing slip would otherwise lock the user out of the backup."""

    def __init__(self, parent: QWidget | None, label: str, title: str) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

        super().__init__(parent)
        self.setWindowTitle(title)
        intro = QLabel(label)
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Mật khẩu:", self.first)
        form.addRow("&Gõ lại mật khẩu:", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        vi_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.first.setFocus()

    def accept(self) -> None:
        if self.first.text() != self.second.text():
            # Keep the first entry (nothing typed is lost), clear the second and say why.
            self.problem.setText(PASSPHRASES_DIFFER)
            self.problem.show()
            self.second.clear()
            self.second.setFocus()
            return
        super().accept()

    def passphrase(self) -> str:
        return self.first.text()


def ask_new_password(parent: QWidget | None, label: str, title: str = "Mật khẩu") -> str | None:
    """A passphrase being set: asked twice, the two must match; None if cancelled."""
    dialog = NewPassphraseDialog(parent, label, title)
    if dialog.exec():
        return dialog.passphrase()
    return None


def open_file(parent: QWidget | None, title: str, filters: str = "", folder: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def open_files(parent: QWidget | None, title: str, filters: str = "", folder: str = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return list(paths)


def save_file(parent: QWidget | None, title: str, suggested: str = "", filters: str = "") -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str, folder: str = "") -> str | None:
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None
