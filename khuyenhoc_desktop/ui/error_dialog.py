"""The dialog for an unexpected error: what happened and what to do in Vietnamese first; the technical
details folded below (for the person who supports the program), with a button to copy them."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from .layout import resize_to_fit

UNEXPECTED_SUMMARY = ("Chương trình gặp một lỗi không mong muốn. Dữ liệu đã lưu trước đó vẫn an toàn; "
                      "thao tác vừa rồi có thể chưa hoàn tất.")
WHAT_TO_DO = ("Nên làm: kiểm tra lại việc vừa làm (mở lại trang, xem bản ghi đã được lưu chưa) rồi làm lại. "
              "Nếu lỗi lặp lại, bấm “Sao chép chi tiết” và gửi cho người hỗ trợ kỹ thuật "
              "(hoặc gửi tệp nhật ký bên dưới).")
SHOW_DETAILS = "Xem chi tiết kỹ thuật"
HIDE_DETAILS = "Ẩn chi tiết kỹ thuật"


def _log_file() -> str:
    from ..logs import log_path

    try:
        return str(log_path())
    except Exception:  # noqa: BLE001 - the dialog must show even when the data folder cannot be found
        return "(không xác định được)"


class ErrorDialog(QDialog):
    def __init__(self, details: str, parent=None, summary: str = UNEXPECTED_SUMMARY,
                 title: str = "Có lỗi không mong muốn") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        advice = QLabel(WHAT_TO_DO)
        advice.setWordWrap(True)
        self.log_label = QLabel(f"Nhật ký của chương trình: {_log_file()}")
        self.log_label.setWordWrap(True)
        from PySide6.QtCore import Qt  # here, not at import: the hook is installed before the first frame

        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)  # folded: the traceback means nothing to the user
        self.toggle = QPushButton(SHOW_DETAILS)
        self.toggle.clicked.connect(lambda: self.show_details(not self.details.isVisible()))
        copy = QPushButton("Sao chép chi tiết")
        close = QPushButton("Đóng")
        close.setDefault(True)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle)
        buttons.addWidget(copy)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(advice)
        layout.addWidget(self.log_label)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 1)
        resize_to_fit(self, 640, 220)

    def show_details(self, visible: bool) -> None:
        self.details.setVisible(visible)
        self.toggle.setText(HIDE_DETAILS if visible else SHOW_DETAILS)
        if visible:
            resize_to_fit(self, max(self.width(), 720), max(self.height(), 460))
        else:
            self.adjustSize()


def show_unexpected_error(details: str) -> None:
    if QApplication.instance() is None or os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("PYTEST_CURRENT_TEST"):
        return  # under tests the failure is reported by pytest, never by a blocking dialog
    ErrorDialog(details).exec()


def show_storage_error(message: str, details: str) -> None:
    """A disk or database failure: say what happened and what to do, details on request."""
    if QApplication.instance() is None or os.environ.get("PYTEST_CURRENT_TEST"):
        return
    ErrorDialog(details, summary=message, title="Không lưu được").exec()
