"""Phiếu chấm điểm of one registration: a criteria set that applies to the year, a spin box per sub-item
(0 … its maximum), and the total and result shown as they are typed. The rule is the set's, computed by
`domain.learning_criteria.score`; this dialog only shows it and saves through the service."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from ...domain.learning_criteria import ScoreError, score
from ...domain.learning_models import SUBJECT_KINDS
from ..forms.fields import DateEdit, make_combo, make_status_line
from ..i18n import vi_buttons
from ..layout import resize_to_fit
from ..list_view import labelled
from ..operations import run_op


class ScoreSheetDialog(QDialog):
    def __init__(self, ws, registration_uuid: str, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        lm = ws.learning
        self.registration = lm.registration(registration_uuid)
        self.subject = lm.subject(self.registration.subject_uuid)
        self.sheet = lm.assessment(registration_uuid)
        self.sets = [s for s in lm.sets_for(self.subject.kind, self.registration.year) if s.complete]
        self.saved = False
        self.setWindowTitle(f"Phiếu chấm điểm – {self.subject.name}")
        resize_to_fit(self, 760, 620)
        self.set_combo = make_combo([s.label for s in self.sets], editable=False)
        self.set_combo.setObjectName("score_set")
        self.on = DateEdit()
        self.on.setObjectName("score_date")
        self.on.set_value(self.sheet.assessed_on if self.sheet else ws.clock.today())
        self.difficult = QCheckBox("Vùng khó khăn (điểm đạt thấp hơn nếu bộ tiêu chí có quy định)")
        self.difficult.setObjectName("score_difficult")
        self.difficult.setChecked(self.sheet.difficult_area if self.sheet else bool(lm.settings()["difficult_area"]))
        self.evidence = QLineEdit(self.sheet.evidence if self.sheet else "")
        self.evidence.setObjectName("score_evidence")
        self.evidence.setPlaceholderText("minh chứng, biên bản tự đánh giá …")
        self.items = QWidget()
        self.grid = QGridLayout(self.items)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.items)
        self.result = QLabel()
        self.result.setObjectName("score_result")
        self.result.setStyleSheet("font-weight: bold;")
        self.result.setWordWrap(True)
        self.status_line = make_status_line("score_status")
        self.spins: dict[str, QSpinBox] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        vi_buttons(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Lưu phiếu chấm")
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{SUBJECT_KINDS[self.subject.kind]}: {self.subject.name}</b> – năm {self.registration.year}")
        layout.addWidget(title)
        layout.addWidget(labelled("Bộ tiêu chí", self.set_combo))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.difficult)
        layout.addWidget(labelled("Ngày chấm", self.on))
        layout.addWidget(labelled("Minh chứng", self.evidence))
        layout.addWidget(self.status_line)
        layout.addWidget(buttons)
        self.set_combo.currentIndexChanged.connect(lambda *_: self._build_items())
        self.difficult.toggled.connect(lambda *_: self.update_result())
        if self.sheet:
            for i, s in enumerate(self.sets):
                if s.key == (self.sheet.set_code, self.sheet.set_version):
                    self.set_combo.setCurrentIndex(i)
        self._build_items()
        if self.registration.status == "recognised":
            self.save_button.setEnabled(False)
            self.status_line.setText("Đã được công nhận năm này: phiếu chấm chỉ để xem, không sửa được.")
        if not self.sets:
            self.save_button.setEnabled(False)
            self.result.setText(f"Chưa có bộ tiêu chí đầy đủ cho {SUBJECT_KINDS[self.subject.kind].lower()} năm "
                                f"{self.registration.year}: sao một bộ thành phiên bản mới và bổ sung trước khi chấm.")

    @property
    def criteria_set(self):
        i = self.set_combo.currentIndex()
        return self.sets[i] if 0 <= i < len(self.sets) else None

    def _build_items(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.spins = {}
        criteria_set = self.criteria_set
        if criteria_set is None:
            return
        keep = self.sheet.points if self.sheet and (self.sheet.set_code, self.sheet.set_version) == criteria_set.key else {}
        row = 0
        for criterion in criteria_set.criteria:
            head = QLabel(f"<b>Tiêu chí {criterion.code}. {criterion.name}</b> ({criterion.max_points} điểm)")
            head.setWordWrap(True)
            self.grid.addWidget(head, row, 0, 1, 3)
            row += 1
            for item in criterion.items:
                name = QLabel(f"{item.code}. {item.name}")
                name.setWordWrap(True)
                spin = QSpinBox()
                spin.setObjectName(f"points_{item.code}")
                spin.setRange(0, item.max_points)
                spin.setValue(int(keep.get(item.code, 0)))
                spin.setSuffix(f" / {item.max_points}")
                spin.valueChanged.connect(lambda *_: self.update_result())
                self.grid.addWidget(name, row, 0, 1, 2)
                self.grid.addWidget(spin, row, 2)
                self.spins[item.code] = spin
                row += 1
        self.grid.setColumnStretch(0, 1)
        self.update_result()

    def points(self) -> dict[str, int]:
        return {code: spin.value() for code, spin in self.spins.items()}

    def update_result(self) -> None:
        criteria_set = self.criteria_set
        if criteria_set is None:
            return
        try:
            outcome = score(criteria_set, self.points(), difficult_area=self.difficult.isChecked())
        except ScoreError as exc:
            self.result.setText(exc.message)
            return
        text = f"Tổng: {outcome.total}/{outcome.max_total} điểm – Kết quả: {outcome.result}"
        if outcome.reasons:
            text += f" ({'; '.join(outcome.reasons)})"
        self.result.setText(text)

    def save(self) -> bool:
        criteria_set = self.criteria_set
        if criteria_set is None:
            return False
        try:
            on = self.on.value()
        except ValueError as exc:
            self.status_line.setText(str(exc))
            return False
        call = partial(self.ws.learning.assess, self.registration.uuid, *criteria_set.key, self.points(),
                       assessed_on=on, difficult_area=self.difficult.isChecked(), evidence=self.evidence.text())
        if run_op(self, call, on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.saved = True
        self.accept()
        return True
