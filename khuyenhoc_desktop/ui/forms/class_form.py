"""The class form (lớp học / chuyên đề) with its learner list: keyboard first — Enter saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ...domain.changes import Changes
from ...domain.classes import CLASS_FORMS, SPEC, ClassDraft, LearnerDraft, LearningClass, named_learners_problem
from ...domain.errors import AppError, FieldError, NeedsConfirmation, ValidationError
from ...domain.fund import VoucherFilter
from ...storage.fund import LIST_COLUMNS as VOUCHER_COLUMNS
from ...vietnamese import format_vnd, normalize
from .fields import (
    ERROR_STYLE, IntEdit, RecordForm, Readings, input_text, make_combo, set_combo_text, set_input, set_items,
)
from .fields import make_save_button
from ..fonts import text_width
from ..layout import flow_row

_V = {name: i for i, name in enumerate(VOUCHER_COLUMNS)}
ORDER = ("name", "field", "form", "start_date", "end_date", "sessions", "learners", "women", "minority", "partner",
         "speaker", "venue", "budget", "voucher_uuid", "school_year", "year", "result", "note")
WIDE = ("name", "venue", "result", "note")
TEXTS = ("name", "field", "partner", "speaker", "venue", "result", "note")  # read as the text of their input
COUNTS = ("sessions", "learners", "women", "minority")
LABELS = {"women": "Trong đó nữ", "minority": "Dân tộc thiểu số", "budget": "Kinh phí (đồng)"}  # the form's wording
LEARNER_HEADERS = ["Họ và tên", "Năm sinh", "Thôn"]


class ClassForm(RecordForm):
    """Edits one class and its named learners. Emits `saved(uuid)` after a successful save."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: LearningClass | None = None
        self._learner_uuids: dict[int, str] = {}  # row → uuid of learners already saved
        self._removed: list[str] = []

        # The class's fields as its spec declares them; the inputs below are this form's own choice.
        own = {"sessions": IntEdit(10_000), "voucher_uuid": make_combo(editable=False), "year": IntEdit(2200)}
        w = self.spec_fields(SPEC, ORDER, "Thêm lớp học / chuyên đề mới", own=own, wide=WIDE, labels=LABELS)
        w["name"].setPlaceholderText("ví dụ: Kỹ thuật trồng lúa chất lượng cao")
        w["school_year"].setPlaceholderText("tự tính từ ngày bắt đầu")
        w["year"].setPlaceholderText("tự tính")
        w["result"].setPlaceholderText("ví dụ: 90% học viên áp dụng được vào sản xuất")

        # -- learners
        self.learners = QTableWidget(0, len(LEARNER_HEADERS))
        self.learners.setObjectName("learner_table")
        self.learners.setHorizontalHeaderLabels(LEARNER_HEADERS)
        self.learners.setColumnWidth(0, text_width(self.learners, 200))
        self.learners.setColumnWidth(1, text_width(self.learners, 80))
        self.learners.horizontalHeader().setStretchLastSection(True)
        self.learners.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.learners.setMinimumHeight(150)
        self.add_learner_button = QPushButton("Thêm học viên")
        self.remove_learner_button = QPushButton("Bỏ dòng chọn")
        self.learner_error = QLabel("")
        self.learner_error.setObjectName("learner_error")
        self.learner_error.setStyleSheet(ERROR_STYLE)
        self.learner_error.setWordWrap(True)
        self.learner_count = QLabel("")
        lbar = flow_row([QLabel("<b>Danh sách học viên</b> (không bắt buộc)")],
                        [self.learner_count, self.add_learner_button, self.remove_learner_button])

        self.save_button = make_save_button()
        self.cancel_button = QPushButton("Hủy thay đổi (Esc)")
        layout = self.lay_out((self.save_button, self.cancel_button), status="status_line")
        layout.addSpacing(6)
        layout.addLayout(lbar)
        layout.addWidget(self.learners, 1)
        layout.addWidget(self.learner_error)

        self.add_learner_button.clicked.connect(lambda: self.add_learner_row())
        self.remove_learner_button.clicked.connect(self.remove_selected_learners)
        self.learners.itemChanged.connect(lambda _i: self._show_learner_count())
        self.reload_catalogs()
        self.new_record()

    # -- loading -----------------------------------------------------------------------
    def reload_catalogs(self) -> None:
        fields = list(dict.fromkeys(self.ws.classes.fields() + self.ws.classes.suggestions("field")))
        set_items(self.w["field"], fields)
        for name in ("partner", "speaker", "venue"):
            set_items(self.w[name], self.ws.classes.suggestions(name))
        self._reload_vouchers()

    def _reload_vouchers(self) -> None:
        combo: QComboBox = self.w["voucher_uuid"]
        keep = combo.currentData()
        rows = self.ws.fund.page(VoucherFilter(kind="chi", status="posted", reversals=False), sort="book",
                                 descending=True, limit=300)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("(không có)", None)
        for r in rows:
            combo.addItem(f"{r[_V['number']]} — {format_vnd(r[_V['amount']])} đ — {r[_V['reason']][:40]}",
                          r[_V["uuid"]])
        self._select_voucher(keep)
        combo.blockSignals(False)

    def _select_voucher(self, uuid: str | None) -> None:
        combo: QComboBox = self.w["voucher_uuid"]
        if uuid and combo.findData(uuid) < 0:
            try:
                v = self.ws.fund.get(uuid)
                combo.addItem(f"{v.number} — {format_vnd(v.amount)} đ", uuid)
            except AppError:
                pass
        index = combo.findData(uuid) if uuid else 0
        combo.setCurrentIndex(max(index, 0))

    def new_record(self, draft: ClassDraft | None = None) -> None:
        self.current = None
        self.title.setText("<b>Thêm lớp học / chuyên đề mới</b>")
        self._fill(draft or ClassDraft())
        self._fill_learners([])
        self.mark_clean()
        self.w["name"].setFocus()

    def load(self, uuid: str) -> None:
        record = self._fetch(self.ws.classes.get, uuid)
        if record is None:
            return
        self.current = record
        self.title.setText(f"<b>Sửa: {record.name}</b>")
        self._fill(record.as_draft())
        self._fill_learners(self.ws.classes.learners(uuid))
        self.mark_clean()
        self.status_line.setText("")

    def _fill(self, d: ClassDraft) -> None:
        self.grid.clear_errors()
        w = self.w
        for name in ORDER:
            if name not in ("form", "voucher_uuid"):
                set_input(w[name], getattr(d, name))
        set_combo_text(w["form"], d.form or CLASS_FORMS[0])
        self._select_voucher(d.voucher_uuid)

    def _fill_learners(self, learners) -> None:
        self._learner_uuids = {}
        self._removed = []
        self.learner_error.setText("")
        table = self.learners
        table.blockSignals(True)
        table.setRowCount(0)
        for learner in learners:
            row = self.add_learner_row(learner.full_name, learner.birth_year, learner.village, focus=False)
            self._learner_uuids[row] = learner.uuid
        table.blockSignals(False)
        self._show_learner_count()

    # -- learners ----------------------------------------------------------------------
    def add_learner_row(self, name: str = "", birth_year: int | None = None, village: str = "",
                        focus: bool = True) -> int:
        table = self.learners
        row = table.rowCount()
        table.insertRow(row)
        for col, value in enumerate((name, str(birth_year) if birth_year else "", village)):
            table.setItem(row, col, QTableWidgetItem(value))
        if focus:
            table.setCurrentCell(row, 0)
            table.editItem(table.item(row, 0))
        self._show_learner_count()
        return row

    def remove_selected_learners(self) -> int:
        rows = sorted({i.row() for i in self.learners.selectedIndexes()} or
                      ({self.learners.currentRow()} if self.learners.currentRow() >= 0 else set()), reverse=True)
        for row in rows:
            uuid = self._learner_uuids.pop(row, None)
            if uuid:
                self._removed.append(uuid)
            self.learners.removeRow(row)
            # rows below move up by one
            self._learner_uuids = {(r - 1 if r > row else r): u for r, u in self._learner_uuids.items()}
        self._show_learner_count()
        return len(rows)

    def _show_learner_count(self) -> None:
        # Rows left blank (or with a year only) are not learners.
        named = sum(1 for _uuid, draft in self.read_learners()[0] if draft.full_name)
        self.learner_count.setText(f"{named} người có tên")

    def read_learners(self) -> tuple[list[tuple[str | None, LearnerDraft]], list[str]]:
        result, problems = [], []
        for row in range(self.learners.rowCount()):
            cells = [(self.learners.item(row, c).text() if self.learners.item(row, c) else "").strip()
                     for c in range(3)]
            if not any(cells):
                continue
            year = None
            if cells[1]:
                if cells[1].isdigit():
                    year = int(cells[1])
                else:
                    problems.append(f"Dòng {row + 1}: năm sinh “{cells[1]}” không phải số.")
            if not cells[0]:
                problems.append(f"Dòng {row + 1}: chưa nhập họ và tên học viên.")
            result.append((self._learner_uuids.get(row), LearnerDraft(full_name=cells[0], birth_year=year,
                                                                      village=cells[2])))
        return result, problems

    # -- saving ------------------------------------------------------------------------
    def read_form(self) -> tuple[ClassDraft, list[FieldError]]:
        w = self.w
        readings = Readings()
        start = readings.date("start_date", w["start_date"])
        end = readings.date("end_date", w["end_date"])
        budget = readings.money("budget", w["budget"])
        year = w["year"].value() or None
        draft = ClassDraft(
            **{name: input_text(w[name]) for name in TEXTS},
            **{name: w[name].value() for name in COUNTS},
            form=w["form"].currentText(), start_date=start, end_date=end, budget=budget,
            voucher_uuid=w["voucher_uuid"].currentData(), school_year=normalize(w["school_year"].text()), year=year,
        )
        return draft, readings.problems

    def _clear_messages(self) -> None:
        super()._clear_messages()
        self.learner_error.setText("")

    def _check_errors(self, draft: ClassDraft) -> list:
        return self.ws.classes.check(draft, self.current.uuid if self.current else None)[1]

    def _write_call(self, draft: ClassDraft):
        """The class and its learner rows in one write; a list that cannot be read stops it here."""
        learners, learner_problems = self.read_learners()
        if learner_problems:
            errors = self._check_errors(draft)
            if errors:
                raise ValidationError(errors)
            self.learner_error.setText(" ".join(learner_problems))
            self.status_line.setText("Chưa lưu: hãy sửa danh sách học viên.")
            return None
        uuid, version = self._identity()
        # A saved class has its stored list checked by the service; a new one has only these rows.
        extra = named_learners_problem(len(learners), draft.learners) if self.current is None else None

        def write(confirm: bool = False):
            if extra and not confirm:
                raise NeedsConfirmation([extra])
            record, changes = self.ws.classes.save(draft, uuid, expected_version=version, confirm=confirm)
            return record, changes.merge(self._save_learners(record.uuid, learners))

        return write

    def _after_write(self, record: LearningClass, _draft: ClassDraft) -> str | None:
        if self._learner_errors:  # the rows stay as typed, to be corrected
            self.status_line.setText("Đã lưu lớp nhưng chưa lưu được học viên — " + "; ".join(self._learner_errors))
            return None
        was_new = self.current is None
        self.saved.emit(record.uuid)
        if was_new:
            self.new_record()
        else:
            self.load(record.uuid)
        self.status_line.setText(f"Đã lưu {'lớp mới' if was_new else 'thay đổi'}: {record.name}.")
        return record.uuid

    def _save_learners(self, class_uuid: str, learners) -> Changes:
        """Save the learner rows that changed; a row that cannot be saved is listed in `_learner_errors`."""
        changes = Changes()
        self._learner_errors = []
        for uuid, draft in learners:
            try:
                existing = self.ws.classes.get_learner(uuid) if uuid else None
                if existing is None or existing.as_draft() != draft.normalized():
                    changes.merge(self.ws.classes.save_learner(class_uuid, draft, uuid)[1])
            except AppError as exc:
                self._learner_errors.append(f"{draft.full_name or '(chưa tên)'}: {exc.message}")
        if self._removed:
            changes.merge(self.ws.classes.delete_learners(self._removed))
            self._removed = []
        return changes

    def form_state(self):
        # The learner rows belong to what Esc would throw away.
        return super().form_state(), tuple(self.read_learners()[0]), tuple(self._removed)

    def _keeps_enter(self, focused) -> bool:
        # Enter in the learner table edits its cells.
        return self.learners.isAncestorOf(focused) or focused is self.learners

    def _field_for(self, name: str) -> str:
        return name if name in self.w else "name"
