"""Trợ giúp → Hướng dẫn sử dụng: the user guide shipped in `resources/guide/`, with its headings listed on
the left (typing filters them and finds the words in the text) and the keyboard shortcuts added at the end."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..resources import resource_path
from ..vietnamese import fold
from .layout import resize_to_fit
from .shortcuts import SHORTCUTS

GUIDE_FILE = ("guide", "huong-dan.html")
SHORTCUTS_ANCHOR = "phim-tat"
_HEADING = re.compile(r'<h([23])><a name="([^"]+)"></a>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def guide_html() -> str:
    """The guide as shipped, with the table of shortcuts (from `ui.shortcuts`) put in its place."""
    text = resource_path(*GUIDE_FILE).read_text(encoding="utf-8")
    rows = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td><td>{html.escape(where)}</td></tr>"
                   for keys, what, where in SHORTCUTS)
    table = ('<table border="1" cellspacing="0" cellpadding="4"><tr><th>Phím</th><th>Việc</th><th>Ở đâu</th></tr>'
             f"{rows}</table>")
    return text.replace("<!-- phim-tat -->", table)


def headings(text: str) -> list[tuple[int, str, str]]:
    """(level, anchor, title) of every h2/h3 heading, in order."""
    return [(int(level), anchor, html.unescape(_TAG.sub("", title)).strip())
            for level, anchor, title in _HEADING.findall(text)]


class GuideDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng — Khuyến học Desktop")
        text = guide_html()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource_path(*GUIDE_FILE).parent)])  # the screenshots beside it
        self.browser.setHtml(text)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm trong hướng dẫn…")
        self.search.setClearButtonEnabled(True)
        self.contents = QListWidget()
        self.contents.setWordWrap(True)  # long headings on two lines rather than cut
        for level, anchor, title in headings(text):
            item = QListWidgetItem(("    " if level == 3 else "") + title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(lambda item, _old: item and self.go_to(item.data(Qt.ItemDataRole.UserRole)))
        self.search.textChanged.connect(self.filter_headings)
        self.search.returnPressed.connect(self.find_next)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.contents, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 720])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        resize_to_fit(self, 1000, 640)

    def go_to(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)

    def filter_headings(self, words: str) -> None:
        """Keep the headings with the typed words in them (accents and case ignored)."""
        wanted = fold(words).split()
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            item.setHidden(not all(w in fold(item.text()) for w in wanted))

    def find_next(self) -> bool:
        """Jump to the next place the typed words appear in the text (from the top again at the end)."""
        words = self.search.text().strip()
        if not words:
            return False
        if self.browser.find(words):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(words)
