"""The household's members and award recipients, under the household's form on the page "Xã hội học tập": the
links confirmed, and the suggestions of the same thôn (services/learning_links.py) to confirm or leave."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from ...domain.learning_models import LINK_KINDS
from ..forms.fields import make_status_line
from ..layout import flow_row
from ..operations import run_op

_ROLE = Qt.ItemDataRole.UserRole


def _text(candidate, why: str = "") -> str:
    parts = [LINK_KINDS[candidate.kind], candidate.detail.removeprefix("Hội viên").strip() if candidate.kind == "member"
             else candidate.detail]
    text = f"{candidate.name} — {' '.join(p for p in parts if p)}"
    return f"{text} ({why})" if why else text


class HouseholdLinksBox(QWidget):
    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.household = ""
        self.title = QLabel("<b>Hội viên, người được khen của hộ</b>")
        self.linked_list = QListWidget()
        self.linked_list.setObjectName("household_linked")
        self.suggested_list = QListWidget()
        self.suggested_list.setObjectName("household_suggested")
        for widget in (self.linked_list, self.suggested_list):
            # a long line wraps rather than widening the form's pane; five lines high at most
            widget.setWordWrap(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
            widget.setMaximumHeight(widget.fontMetrics().lineSpacing() * 5 + 12)
        self.confirm_button = QPushButton("Xác nhận liên kết")
        self.confirm_button.setToolTip("Liên kết hộ với những người đã đánh dấu trong danh sách gợi ý")
        self.confirm_button.clicked.connect(lambda: self.confirm())
        self.remove_button = QPushButton("Bỏ liên kết")
        self.remove_button.clicked.connect(lambda: self.remove())
        self.status_line = make_status_line("household_links_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("Đã liên kết:"))
        layout.addWidget(self.linked_list)
        hint = QLabel("Gợi ý (cùng thôn, trùng tên chủ hộ, con của chủ hộ, cùng địa chỉ):")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.suggested_list)
        layout.addLayout(flow_row([self.confirm_button, self.remove_button]))
        layout.addWidget(self.status_line)
        layout.addStretch(1)
        self.setVisible(False)

    def show_household(self, subject) -> None:
        """Show the links of a household (hidden for any other subject, or none)."""
        self.household = subject.uuid if subject is not None and subject.kind == "family" else ""
        self.setVisible(bool(self.household))
        self.status_line.clear()
        self.reload()

    def reload(self) -> None:
        self.linked_list.clear()
        self.suggested_list.clear()
        if not self.household:
            return
        links = self.ws.household_links
        for candidate in links.linked(self.household):
            item = QListWidgetItem(_text(candidate))
            item.setData(_ROLE, (candidate.kind, candidate.uuid))
            self.linked_list.addItem(item)
        for candidate, why in links.suggestions(self.household):
            item = QListWidgetItem(_text(candidate, why))
            item.setData(_ROLE, (candidate.kind, candidate.uuid))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.suggested_list.addItem(item)
        if not self.suggested_list.count():
            self.suggested_list.addItem(QListWidgetItem("(không có gợi ý)"))

    def check(self, *names: str) -> None:
        """Tick the suggestions of these people (as a user's click on their boxes)."""
        for row in range(self.suggested_list.count()):
            item = self.suggested_list.item(row)
            if item.data(_ROLE) and item.text().split(" — ", 1)[0] in names:
                item.setCheckState(Qt.CheckState.Checked)

    def confirm(self) -> bool:
        chosen = [self.suggested_list.item(r).data(_ROLE) for r in range(self.suggested_list.count())
                  if self.suggested_list.item(r).data(_ROLE)
                  and self.suggested_list.item(r).checkState() == Qt.CheckState.Checked]
        if not chosen:
            self.status_line.setText("Đánh dấu những người trong danh sách gợi ý rồi bấm “Xác nhận liên kết”.")
            return False
        if run_op(self, partial(self.ws.household_links.confirm, self.household, chosen),
                  on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.reload()
        self.status_line.setText(f"Đã liên kết {len(chosen)} người với hộ.")
        return True

    def remove(self) -> bool:
        item = self.linked_list.currentItem()
        if item is None or not item.data(_ROLE):
            self.status_line.setText("Chọn một người trong danh sách đã liên kết.")
            return False
        kind, uuid = item.data(_ROLE)
        if run_op(self, partial(self.ws.household_links.remove, self.household, kind, uuid),
                  on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.reload()
        self.status_line.setText("Đã bỏ liên kết.")
        return True
