"""Every modal dialog of the program goes through here, so tests can replace these functions."""

from __future__ import annotations

import sys

from PySide6.QtCore import QIdentityProxyModel, QLocale, Qt
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
        intro.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
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
        layout = _ask_layout(self, intro, form, self.problem)
        # wide enough that the explanation wraps into a few lines, and tall enough for all of them
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 60)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.intro = intro
        self.first.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        # A window does not grow for a wrapped label by itself: ask for its height at its real width, plus a
        # line, as lines with stacked Vietnamese marks can be drawn taller than the font's metrics say.
        super().showEvent(event)
        slack = self.intro.fontMetrics().lineSpacing()
        self.intro.setMinimumHeight(self.intro.heightForWidth(self.intro.width()) + slack)

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


class ServerDialog(QDialog):
    """Where the province's store on a PostgreSQL server is: host, port, database, user (and a password
    for this session only, or none when it is in PGPASSWORD / ~/.pgpass)."""

    def __init__(self, parent: QWidget | None, initial: dict) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout

        super().__init__(parent)
        self.setWindowTitle("Mở kho dữ liệu tỉnh trên máy chủ")
        intro = QLabel("Kho dữ liệu của tỉnh trên máy chủ PostgreSQL, dùng chung cho nhiều cán bộ cùng lúc. "
                       "Để trống mật khẩu nếu máy này đã có tệp .pgpass hoặc biến PGPASSWORD; mật khẩu gõ ở đây "
                       "chỉ dùng trong lần mở này, không được lưu.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 60)
        self.host = QLineEdit(initial.get("host", "") or "localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(initial.get("port") or 5432))
        self.dbname = QLineEdit(initial.get("dbname", "") or "")
        self.user = QLineEdit(initial.get("user", "") or "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Máy chủ:", self.host)
        form.addRow("&Cổng:", self.port)
        form.addRow("Cơ sở &dữ liệu:", self.dbname)
        form.addRow("&Người dùng:", self.user)
        form.addRow("Mật &khẩu:", self.password)
        _ask_layout(self, intro, form, self.problem)
        (self.dbname if self.host.text() else self.host).setFocus()

    def accept(self) -> None:
        missing = [label for label, field in (("máy chủ", self.host), ("cơ sở dữ liệu", self.dbname),
                                              ("người dùng", self.user)) if not field.text().strip()]
        if missing:
            self.problem.setText("Hãy ghi " + ", ".join(missing) + ".")
            self.problem.show()
            return
        super().accept()

    def values(self) -> dict:
        return {"host": self.host.text().strip(), "port": self.port.value(), "dbname": self.dbname.text().strip(),
                "user": self.user.text().strip(), "password": self.password.text() or None}


def ask_server(parent: QWidget | None, initial: dict) -> dict | None:
    """host, port, dbname, user and password (None: from PGPASSWORD / .pgpass), or None when cancelled."""
    dialog = ServerDialog(parent, initial)
    return dialog.values() if dialog.exec() else None


def ask_new_password(parent: QWidget | None, label: str, title: str = "Mật khẩu") -> str | None:
    """A passphrase being set: asked twice, the two must match; None if cancelled."""
    dialog = NewPassphraseDialog(parent, label, title)
    if dialog.exec():
        return dialog.passphrase()
    return None


def file_dialog_options(platform: str = sys.platform) -> QFileDialog.Option:
    """Windows' (and macOS') own file dialog speaks the language of the system; on Linux the desktop's dialog
    is often English, so Qt's own one is used there, which `ui.i18n` translates."""
    if platform.startswith(("win", "darwin")):
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog


class VietnameseFileModel(QIdentityProxyModel):
    """Sizes and dates in Qt's file dialog as Vietnamese write them ("2,0 KB", "05/02/2026 14:30"): the file
    model formats them with the system's locale, which on Linux is often English."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.column() in (1, 3):
            files, source = self.sourceModel(), self.mapToSource(index)
            if index.column() == 1:
                if files.isDir(source):
                    return ""
                return QLocale().formattedDataSize(files.size(source), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)
            return QLocale().toString(files.lastModified(source), "dd/MM/yyyy HH:mm")
        return super().data(index, role)


def file_dialog(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> QFileDialog:
    """A file dialog: the system's own on Windows, Qt's own elsewhere, with Vietnamese sizes and dates."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOptions(file_dialog_options())
    if dialog.testOption(QFileDialog.Option.DontUseNativeDialog):
        dialog.setProxyModel(VietnameseFileModel(dialog))
        _widen_columns(dialog)
    return dialog


def _widen_columns(dialog: QFileDialog) -> None:
    """Columns wide enough for Vietnamese kinds and dates ("Bảng tính Excel 2007", "05/02/2026 14:30"), and a
    sidebar wide enough for "Máy tính" (Qt sizes them for its English texts)."""
    from PySide6.QtWidgets import QHeaderView, QSplitter, QTreeView

    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        chars = view.fontMetrics().averageCharWidth()
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 11), (2, 24), (3, 18)):
            header.resizeSection(column, chars * width)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:
        chars = splitter.fontMetrics().averageCharWidth()
        splitter.setSizes([chars * 18, chars * 80])


def _chosen(dialog: QFileDialog) -> list[str]:
    return list(dialog.selectedFiles()) if dialog.exec() else []


def open_file(parent: QWidget | None, title: str, filters: str = "", folder: str = "") -> str | None:
    dialog = file_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_chosen(dialog)), None)


def open_files(parent: QWidget | None, title: str, filters: str = "", folder: str = "") -> list[str]:
    dialog = file_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _chosen(dialog)


def save_file(parent: QWidget | None, title: str, suggested: str = "", filters: str = "") -> str | None:
    dialog = file_dialog(parent, title, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)  # asks before replacing an existing file
    return next(iter(_chosen(dialog)), None)


def choose_folder(parent: QWidget | None, title: str, folder: str = "") -> str | None:
    dialog = file_dialog(parent, title, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return next(iter(_chosen(dialog)), None)


def _ask_layout(dialog: QDialog, intro: QWidget, form, problem) -> "QVBoxLayout":
    """A small asking dialog's body: the explanation, the fields, the problem line, then OK / Hủy."""
    from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    vi_buttons(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(problem)
    layout.addWidget(buttons)
    return layout
