"""Công nhận: one decision (số, ngày, cơ quan ra quyết định — the setting's by default) for the chosen
registrations of one title and year. Those without an accepted, passing score sheet are named, and are
recognised only with the reason typed here (the service refuses otherwise and logs the reason)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ...domain.learning_models import TITLE_OF_KIND, DecisionDraft
from ..forms.fields import DateEdit, make_status_line
from ..i18n import vi_buttons
from ..layout import resize_to_fit
from ..operations import run_op


class RecognitionDialog(QDialog):
    def __init__(self, ws, kind: str, year: int, registration_uuids: list[str], parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.kind, self.year, self.uuids = kind, year, list(registration_uuids)
        self.decision_uuid = ""
        lm = ws.learning
        self.setWindowTitle(f"Công nhận {TITLE_OF_KIND[kind]} năm {year}")
        resize_to_fit(self, 620, 420)
        names, self.without_pass = [], []
        for uuid in self.uuids:
            registration = lm.registration(uuid)
            subject = lm.subject(registration.subject_uuid)
            names.append(subject.name)
            sheet = lm.assessment(uuid)
            if not (sheet and sheet.passed and registration.status == "accepted"):
                self.without_pass.append(subject.name)
        self.number = QLineEdit()
        self.number.setObjectName("decision_number")
        self.number.setPlaceholderText("ví dụ 15/QĐ-UBND")
        self.on = DateEdit()
        self.on.setObjectName("decision_date")
        self.on.set_value(ws.clock.today())
        self.body = QLineEdit(lm.settings()["issuing_body"])
        self.body.setObjectName("decision_body")
        self.reason = QLineEdit()
        self.reason.setObjectName("decision_reason")
        self.reason.setPlaceholderText("bắt buộc khi có đối tượng chưa đạt điểm hoặc chưa được bình xét")
        self.status_line = make_status_line("decision_status")
        listing = QLabel(f"{len(names)} đối tượng: " + ", ".join(names))
        listing.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Số quyết định:", self.number)
        form.addRow("Ngày quyết định:", self.on)
        form.addRow("Cơ quan ra quyết định:", self.body)
        form.addRow("Lý do công nhận:", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        vi_buttons(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Công nhận")
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(listing)
        if self.without_pass:
            warn = QLabel("Chưa đạt điểm hoặc chưa được bình xét thông qua: " + ", ".join(self.without_pass)
                          + ". Chỉ công nhận khi ghi lý do.")
            warn.setObjectName("decision_warning")
            warn.setWordWrap(True)
            layout.addWidget(warn)
        layout.addLayout(form)
        layout.addWidget(self.status_line)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            on = self.on.value()
        except ValueError as exc:
            self.status_line.setText(str(exc))
            return False
        if on is None:
            self.status_line.setText("Chưa nhập ngày quyết định.")
            return False
        reason = self.reason.text().strip()
        reasons = {uuid: reason for uuid in self.uuids} if reason else {}
        draft = DecisionDraft(self.year, self.kind, self.number.text(), on, self.body.text())
        result = run_op(self, partial(self.ws.learning.recognise, draft, self.uuids, reasons),
                        on_error=lambda exc: self.status_line.setText(exc.message))
        if result is None:
            return False
        self.decision_uuid = result[0]
        self.accept()
        return True
