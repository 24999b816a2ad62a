"""The dialog for an unexpected error: a plain Vietnamese message and the technical details to copy."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout


class ErrorDialog(QDialog):
    def __init__(self, details: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Có lỗi không mong muốn")
        message = QLabel(
            "Chương trình gặp một lỗi không mong muốn. Dữ liệu đã lưu vẫn an toàn; thao tác vừa rồi có thể "
            "chưa hoàn tất.\nHãy bấm “Sao chép chi tiết” và gửi cho người hỗ trợ kỹ thuật."
        )
        message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        copy = QPushButton("Sao chép chi tiết")
        close = QPushButton("Đóng")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.resize(720, 420)


def show_unexpected_error(details: str) -> None:
    if QApplication.instance() is None or os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("PYTEST_CURRENT_TEST"):
        return  # under tests the failure is reported by pytest, never by a blocking dialog
    ErrorDialog(details).exec()


def show_storage_error(message: str, details: str) -> None:
    """A disk or database failure: say what happened and what to do, details on request."""
    if QApplication.instance() is None or os.environ.get("PYTEST_CURRENT_TEST"):
        return
    from . import dialogs

    dialogs.error(None, message, "Không lưu được", details=details)
