"""The page "Xã hội học tập": households, dòng họ, thôn and units (a paged list with a diacritic-free search,
the form beside it) and their yearly cycle for the chosen year — registration (the chosen ones, or a whole
thôn), the score sheet, bình xét (thông qua / trả lại with a reason), recognition by a decision, the statistics
table, the "In giấy tờ…" menu (giấy công nhận, phiếu đăng ký, danh sách công nhận) and "Xuất Excel…"; a
household's members and award recipients under its form — on a second tab the Công dân học tập: the list of
people (paged, searched, imported from the national system's Excel export, exported, printed) and the counts per
target group (a group with people on the list counted from it, read-only), and on a third the settings (who
recognises, the difficult area, the year's targets, the target groups). The rules are in
services/learning_models.py and domain/learning_criteria.py."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QMenu, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ...domain.errors import FieldError, ValidationError
from ...domain.learning_models import (
    EXCEL_LISTS as LEARNING_LISTS, HEAD_LABEL, MODEL_KINDS, NAME_LABEL, SIZE_LABEL, SUBJECT_KINDS, TARGET_SOURCE, TITLE_OF_KIND, CitizenCount,
    SubjectDraft,
)
from ...domain.learning_citizens import GENDERS as CITIZEN_GENDERS, LIST_NOTE as CITIZEN_LIST_NOTE, \
    STATUSES as CITIZEN_STATUSES, CitizenDraft, CitizenFilter
from ...services.learning_citizens import TABLES as CITIZEN_TABLES
from ...services.learning_models import TABLES
from ...vietnamese import format_vnd, normalize
from ..fonts import text_width
from ..forms.fields import IntEdit, make_combo, make_status_line
from ..layout import flow_row, scroll_panel
from ..list_view import labelled, make_footer, make_list_and_form
from ..operations import run_op
from ..page_changes import PageChanges

PAGE_SIZE = 100
ALL_VILLAGES = "Tất cả các thôn"
# Suggested file names, Vietnamese without diacritics (the user sees them in the save dialog).
_SLUG = {"family": "gia-dinh", "clan": "dong-ho", "community": "cong-dong", "unit": "don-vi",
         "registrations": "danh-sach-dang-ky", "scores": "ket-qua-cham-diem", "recognition": "danh-sach-cong-nhan",
         "statistics": "bieu-thong-ke"}
HEADERS = ("Tên", "Thôn", "Người đứng đầu", "Số lượng", "Tình trạng", "Điểm", "Kết quả")


class SubjectForm(QWidget):
    """One household, dòng họ, thôn or unit; the labels follow the kind."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.kind = "family"
        self.uuid = ""
        self.name = QLineEdit()
        self.name.setObjectName("subject_name")
        self.village = make_combo(ws.catalogs.names("village"))
        self.village.setObjectName("subject_village")
        self.head = QLineEdit()
        self.head.setObjectName("subject_head")
        self.size = IntEdit(10_000_000)
        self.size.setObjectName("subject_size")
        self.unit_kind = QLineEdit()
        self.unit_kind.setObjectName("subject_unit_kind")
        self.unit_kind.setPlaceholderText("trường học, cơ quan, doanh nghiệp, hợp tác xã …")
        self.note = QLineEdit()
        self.note.setObjectName("subject_note")
        self.save_button = QPushButton("Lưu")
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.new_button = QPushButton("Thêm mới")
        self.new_button.clicked.connect(lambda: self.clear())
        self.delete_button = QPushButton("Xóa")
        self.delete_button.setToolTip("Xóa đối tượng nhập nhầm (chưa đăng ký năm nào)")
        self.delete_button.clicked.connect(lambda: self.delete())
        self.status_line = make_status_line("subject_status")
        self.form = QFormLayout(self)
        self.form.addRow(NAME_LABEL["family"] + ":", self.name)
        self.form.addRow("Thôn, tổ dân phố:", self.village)
        self.form.addRow("Người đứng đầu:", self.head)
        self.form.addRow("Số lượng:", self.size)
        self.form.addRow("Loại đơn vị:", self.unit_kind)
        self.form.addRow("Ghi chú:", self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.form.addRow(buttons)
        self.form.addRow(self.status_line)
        from .household_links_box import HouseholdLinksBox

        self.links = HouseholdLinksBox(ws)
        self.form.addRow(self.links)
        self.set_kind("family")

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.form.labelForField(self.name).setText(NAME_LABEL[kind] + ":")
        for widget, shown in ((self.village, kind != "community"), (self.head, bool(HEAD_LABEL[kind])),
                              (self.size, bool(SIZE_LABEL[kind])), (self.unit_kind, kind == "unit")):
            self.form.setRowVisible(widget, shown)
        if HEAD_LABEL[kind]:
            self.form.labelForField(self.head).setText(HEAD_LABEL[kind] + ":")
        if SIZE_LABEL[kind]:
            self.form.labelForField(self.size).setText(SIZE_LABEL[kind] + ":")
        self.clear()

    def clear(self) -> None:
        self.uuid = ""
        for edit in (self.name, self.head, self.unit_kind, self.note):
            edit.clear()
        self.size.set_value(0)
        self.village.setCurrentText("")
        self.links.show_household(None)

    def load(self, subject) -> None:
        self.uuid = subject.uuid
        self.name.setText(subject.name)
        self.village.setCurrentText(subject.village)
        self.head.setText(subject.head)
        self.size.set_value(subject.size)
        self.unit_kind.setText(subject.unit_kind)
        self.note.setText(subject.note)
        for edit in (self.name, self.head, self.unit_kind, self.note):
            edit.setCursorPosition(0)  # a long name shows its beginning
        self.links.show_household(subject)

    def delete(self, confirm: bool = True) -> bool:
        from .. import dialogs

        if not self.uuid:
            self.status_line.setText("Chọn trong danh sách đối tượng cần xóa.")
            return False
        name = normalize(self.name.text())
        if confirm and not dialogs.ask(self, f"Xóa “{name}” khỏi danh sách?"):
            return False
        if run_op(self, partial(self.ws.learning.delete_subject, self.uuid),
                  on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.status_line.setText(f"Đã xóa “{name}”.")
        self.clear()
        return True

    def draft(self) -> SubjectDraft:
        return SubjectDraft(self.kind, self.name.text(), self.village.currentText() if self.kind != "community" else "",
                            self.head.text(), self.size.value(), self.unit_kind.text(), self.note.text())

    def save(self) -> bool:
        result = run_op(self, partial(self.ws.learning.save_subject, self.draft(), self.uuid),
                        on_error=lambda exc: self.status_line.setText(exc.message))
        if result is None:
            return False
        self.status_line.setText(f"Đã lưu “{normalize(self.name.text())}”.")
        self.clear()
        return True


class SubjectsPanel(QWidget):
    """The list of one kind with the chosen year's cycle, and the form."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.offset = 0
        self.total = 0
        self.rows: list = []
        self.year = QSpinBox()
        self.year.setObjectName("learning_year")
        self.year.setRange(1990, 2200)
        self.year.setValue(ws.clock.today().year)
        self.kind = make_combo(list(SUBJECT_KINDS.values()), editable=False)
        self.kind.setObjectName("learning_kind")
        self.village = make_combo([ALL_VILLAGES], editable=False)
        self.village.setObjectName("learning_village")
        self.search = QLineEdit()
        self.search.setObjectName("learning_search")
        self.search.setPlaceholderText("tìm tên, thôn (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(text_width(self.search, 200))
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("learning_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.prev_button = QPushButton("‹ Trang trước")
        self.next_button = QPushButton("Trang sau ›")
        self.page_label = QLabel()
        self.page_label.setObjectName("learning_page_label")
        self.register_button = QPushButton("Đăng ký năm")
        self.register_button.setToolTip("Đăng ký các đối tượng đang chọn cho năm đã chọn")
        self.register_village_button = QPushButton("Đăng ký cả thôn")
        self.register_village_button.setToolTip("Đăng ký mọi hộ (dòng họ) của thôn đang lọc; ai đã đăng ký giữ nguyên")
        self.score_button = QPushButton("Chấm điểm…")
        self.accept_button = QPushButton("Bình xét: thông qua")
        self.return_button = QPushButton("Trả lại…")
        self.recognise_button = QPushButton("Công nhận…")
        self.print_button = QPushButton("In biểu thống kê…")
        self.import_button = QPushButton("Nhập danh sách hộ từ Excel…")
        self.import_button.setToolTip("Bảng có cột “Chủ hộ”, “Thôn”, “Số nhân khẩu”; hộ đã có trong danh sách giữ nguyên")
        self.print_sheet_button = QPushButton("In phiếu chấm…")
        self.print_sheet_button.setToolTip("Lưu phiếu chấm điểm (PDF) của đối tượng đang chọn, hoặc phiếu trống để "
                                           "chấm tay khi chưa chọn ai")
        self.documents_button = QPushButton("In giấy tờ…")
        self.documents_button.setObjectName("learning_documents")
        self.documents_button.setToolTip("Giấy công nhận, phiếu đăng ký, danh sách công nhận của năm đã chọn (PDF)")
        documents = QMenu(self.documents_button)
        documents.addAction("Giấy công nhận (cả trang, giấy trắng)…", lambda: self.print_recognition_certificates())
        documents.addAction("Giấy công nhận (chỉ in chữ lên phôi)…",
                            lambda: self.print_recognition_certificates(mode="blank-form"))
        documents.addAction("Trang căn chỉnh phôi giấy công nhận…", lambda: self.print_recognition_calibration())
        documents.addSeparator()
        documents.addAction("Phiếu đăng ký (đối tượng đang chọn, hoặc phiếu trống)…",
                            lambda: self.print_registration_forms())
        documents.addAction("Phiếu đăng ký cả thôn đang lọc…", lambda: self.print_registration_forms(village=True))
        documents.addAction("Danh sách công nhận…", lambda: self.print_recognition_list())
        self.documents_button.setMenu(documents)
        self.excel_button = QPushButton("Xuất Excel…")
        self.excel_button.setObjectName("learning_excel")
        self.excel_button.setToolTip("Lưu danh sách của loại và năm đã chọn ra tệp Excel (.xlsx)")
        excel = QMenu(self.excel_button)
        for which, label in LEARNING_LISTS.items():
            excel.addAction(f"{label}…", partial(self.export_excel, which))
        self.excel_button.setMenu(excel)
        self.status_line = make_status_line("learning_status")
        self.footer = make_footer()
        self.form = SubjectForm(ws)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(flow_row([labelled("Năm", self.year), labelled("Loại", self.kind), labelled("Thôn", self.village),
                                labelled("Tìm", self.search)], stretch={id(self.search): 1}))
        col.addWidget(self.table, 1)
        col.addLayout(flow_row([self.prev_button, self.page_label, self.next_button]))
        col.addLayout(flow_row([self.register_button, self.register_village_button, self.score_button,
                                self.accept_button, self.return_button, self.recognise_button, self.print_button,
                                self.print_sheet_button, self.documents_button, self.excel_button,
                                self.import_button]))
        col.addWidget(self.status_line)
        col.addWidget(self.footer)
        # the list on the left, the form in a scrolling pane beside it (under it on a narrow page)
        # Stacked (1024 px at 125 % text), the list keeps room for its wrapping rows of buttons and a few lines;
        # the household's form below scrolls.
        left.setMinimumHeight(self.fontMetrics().height() * 21)
        splitter = make_list_and_form(left, self.form, [780, 360], stretch=(3, 1))
        splitter.first_stacked_sizes = [3, 1]
        QVBoxLayout(self).addWidget(splitter)

        self.year.valueChanged.connect(lambda *_: self.reload())
        self.kind.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.village.currentIndexChanged.connect(lambda *_: self.reload(first_page=True))
        self.search.textChanged.connect(lambda *_: self.reload(first_page=True))
        self.prev_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.register_button.clicked.connect(lambda: self.register_selected())
        self.register_village_button.clicked.connect(lambda: self.register_village())
        self.score_button.clicked.connect(lambda: self.open_score_sheet())
        self.accept_button.clicked.connect(lambda: self.review(True))
        self.return_button.clicked.connect(lambda: self.review(False))
        self.recognise_button.clicked.connect(lambda: self.open_recognition())
        self.print_button.clicked.connect(lambda: self.print_table())
        self.print_sheet_button.clicked.connect(lambda: self.print_score_sheet())
        self.import_button.clicked.connect(lambda: self.import_households())
        self.reload_villages()

    # -- reading ----------------------------------------------------------------------------------
    @property
    def kind_key(self) -> str:
        return list(SUBJECT_KINDS)[max(0, self.kind.currentIndex())]

    def _village_filter(self) -> str | None:
        text = self.village.currentText()
        return None if text == ALL_VILLAGES else text

    def reload_villages(self) -> None:
        current = self.village.currentText()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItems([ALL_VILLAGES, *self.ws.catalogs.names("village")])
        if current:
            self.village.setCurrentText(current)
        self.village.blockSignals(False)
        self.reload(first_page=True)

    def _kind_changed(self) -> None:
        self.form.set_kind(self.kind_key)
        self.reload(first_page=True)

    def reload(self, first_page: bool = False) -> None:
        lm = self.ws.learning
        if first_page:
            self.offset = 0
        kind, village, search, year = self.kind_key, self._village_filter(), self.search.text(), self.year.value()
        self.total = lm.subject_count(kind, village=village, search=search)
        self.offset = min(self.offset, max(0, (self.total - 1) // PAGE_SIZE * PAGE_SIZE))
        subjects = lm.subjects(kind, village=village, search=search, offset=self.offset, limit=PAGE_SIZE)
        cycle = {s.uuid: r for s, r in lm.registrations(year, kind)}
        carried = lm.still_valid(kind, year)
        self.rows = []
        self.table.setRowCount(len(subjects))
        for row, subject in enumerate(subjects):
            registration = cycle.get(subject.uuid)
            sheet = lm.assessment(registration.uuid) if registration and registration.status != "registered" else None
            self.rows.append((subject, registration))
            status = registration.status_label if registration else "Chưa đăng ký"
            if subject.uuid in carried:
                earlier, until = carried[subject.uuid][1].year, carried[subject.uuid][2]
                status += f" (công nhận năm {earlier}, còn hiệu lực đến năm {until})"
            if registration and registration.status == "returned" and registration.review_reason:
                status += f": {registration.review_reason}"
            values = (subject.name, subject.village, subject.head, format_vnd(subject.size) if subject.size else "",
                      status, f"{sheet.total}/{sheet.max_total}" if sheet else "", sheet.result if sheet else "")
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col in (3, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        # a community is its thôn; a household and a thôn have no head apart from the name
        self.table.setColumnHidden(1, kind == "community")
        self.table.setColumnHidden(2, not HEAD_LABEL[kind])
        self.table.setColumnHidden(3, not SIZE_LABEL[kind])
        if SIZE_LABEL[kind]:
            self.table.horizontalHeaderItem(3).setText(SIZE_LABEL[kind])
        if HEAD_LABEL[kind]:
            self.table.horizontalHeaderItem(2).setText(HEAD_LABEL[kind])
        self.table.resizeColumnsToContents()
        pages = max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)
        self.page_label.setText(f"Trang {self.offset // PAGE_SIZE + 1}/{pages}")
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + PAGE_SIZE < self.total)
        figures = lm.year_figures(year)[kind]
        self.footer.setText(f"{format_vnd(self.total)} {SUBJECT_KINDS[kind].lower()} trong danh sách đang lọc; "
                            f"năm {year}: {format_vnd(figures['registered'])}/{format_vnd(figures['total'])} đăng ký, "
                            f"{format_vnd(figures['recognised'])} được công nhận.")
        self._selection_changed()

    def turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self.reload()

    def selected(self) -> list[tuple]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

    def select_names(self, *names: str) -> None:
        """Select the rows of these subjects (as a user's Ctrl+click does)."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, (subject, _) in enumerate(self.rows):
            if subject.name in names:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.form.load(chosen[0][0])
        registered = [r for _, r in chosen if r is not None]
        self.score_button.setEnabled(len(chosen) == 1 and len(registered) == 1)
        for button in (self.accept_button, self.return_button, self.recognise_button):
            button.setEnabled(bool(registered))
        self.register_village_button.setEnabled(self._village_filter() is not None and self.kind_key in ("family", "clan"))

    # -- the cycle ---------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status_line.setText(text)

    def register_selected(self) -> bool:
        chosen = [s for s, r in self.selected()]
        if not chosen:
            self._say("Chọn các đối tượng cần đăng ký trong danh sách.")
            return False
        year = self.year.value()
        result = run_op(self, partial(self.ws.learning.register_many, [s.uuid for s in chosen], year),
                        on_error=lambda exc: self._say(exc.message))
        if result is None:
            return False
        self._say(f"Đã đăng ký {len(chosen)} đối tượng cho năm {year}.")
        return True

    def register_village(self) -> bool:
        village = self._village_filter()
        if village is None:
            self._say("Chọn một thôn ở ô “Thôn” rồi đăng ký cả thôn.")
            return False
        year = self.year.value()
        result = run_op(self, partial(self.ws.learning.register_village, self.kind_key, village, year),
                        on_error=lambda exc: self._say(exc.message))
        if result is None:
            return False
        count = len(result.created.get("learning_registration", []))
        self._say(f"Đã đăng ký {count} {SUBJECT_KINDS[self.kind_key].lower()} của {village} cho năm {year}.")
        return True

    def score_dialog(self):
        """The score sheet of the one selected registration (not yet shown)."""
        from ..forms.score_sheet_dialog import ScoreSheetDialog

        chosen = self.selected()
        if len(chosen) != 1 or chosen[0][1] is None:
            self._say("Chọn một đối tượng đã đăng ký năm này để chấm điểm.")
            return None
        return ScoreSheetDialog(self.ws, chosen[0][1].uuid, self)

    def open_score_sheet(self) -> None:
        dialog = self.score_dialog()
        if dialog is not None and dialog.exec() and dialog.saved:
            self._say("Đã lưu phiếu chấm điểm.")

    def review(self, accepted: bool, reason: str | None = None) -> bool:
        from .. import dialogs

        registrations = [r for _, r in self.selected() if r is not None]
        if not registrations:
            self._say("Chọn các đối tượng đã đăng ký năm này để bình xét.")
            return False
        if not accepted and reason is None:
            reason = dialogs.ask_text(self, "Lý do trả lại:", "Trả lại hồ sơ")
            if reason is None:
                return False

        call = partial(self.ws.learning.review_many, [r.uuid for r in registrations], accepted, reason or "")
        if run_op(self, call, on_error=lambda exc: self._say(exc.message)) is None:
            return False
        self._say(f"Đã {'thông qua' if accepted else 'trả lại'} {len(registrations)} đối tượng.")
        return True

    def recognition_dialog(self):
        from ..forms.recognition_dialog import RecognitionDialog

        registrations = [r for _, r in self.selected() if r is not None]
        if not registrations:
            self._say("Chọn các đối tượng đã đăng ký năm này để công nhận.")
            return None
        return RecognitionDialog(self.ws, self.kind_key, self.year.value(), [r.uuid for r in registrations], self)

    def open_recognition(self) -> None:
        dialog = self.recognition_dialog()
        if dialog is not None and dialog.exec() and dialog.decision_uuid:
            self._say("Đã ghi quyết định công nhận.")

    def print_table(self, path: str | None = None) -> str | None:
        from ...services import learning_documents
        from .. import dialogs

        year = self.year.value()
        path = path or dialogs.save_file(self, "Lưu biểu thống kê", f"bieu-thong-ke-mo-hinh-hoc-tap-{year}.pdf",
                                         "Tệp PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if run_op(self, lambda: learning_documents.write_learning_models_table(self.ws, path, year),
                  on_error=lambda exc: self._say(exc.message)) is None:
            return None
        self._say(f"Đã lưu biểu thống kê năm {year}: {path}")
        return path


    def print_score_sheet(self, path: str | None = None) -> str | None:
        """The selected registration's score sheet (its set, else the newest that applies), or a blank one."""
        from ...services import learning_documents
        from .. import dialogs

        lm, year, kind = self.ws.learning, self.year.value(), self.kind_key
        chosen = self.selected()
        registration = chosen[0][1] if len(chosen) == 1 and chosen[0][1] is not None else None
        sheet = lm.assessment(registration.uuid) if registration else None
        sets = lm.sets_for(kind, year)
        criteria_set = lm.criteria_set(sheet.set_code, sheet.set_version) if sheet else (sets[0] if sets else None)
        if criteria_set is None:
            self._say(f"Chưa có bộ tiêu chí nào cho {SUBJECT_KINDS[kind].lower()} năm {year}.")
            return None
        path = path or dialogs.save_file(self, "Lưu phiếu chấm điểm", f"phieu-cham-diem-{criteria_set.code}.pdf",
                                         "Tệp PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        call = partial(learning_documents.write_score_sheet, self.ws, path, criteria_set,
                       registration_uuid=registration.uuid if registration else "", year=year)
        if run_op(self, call, on_error=lambda exc: self._say(exc.message)) is None:
            return None
        self._say(f"Đã lưu phiếu chấm điểm: {path}")
        return path


    def _pdf_path(self, title: str, suggested: str, path: str | None) -> str | None:
        return _pdf_path(self, title, suggested, path)

    def print_recognition_certificates(self, path: str | None = None, mode: str = "full") -> str | None:
        """The giấy công nhận of the kind shown, recognised in the chosen year: of the chosen rows when some are
        chosen, else of all; numbered on the first print."""
        from ...services import learning_certificates

        year, kind = self.year.value(), self.kind_key
        selected = self.selected()
        chosen = [r.uuid for _, r in selected if r is not None and r.status == "recognised"]
        if selected and not chosen:
            self._say(f"Những đối tượng đang chọn chưa được công nhận năm {year}; bỏ chọn để in giấy công nhận của "
                      "tất cả.")
            return None
        path = self._pdf_path("Lưu giấy công nhận", f"giay-cong-nhan-{_SLUG[kind]}-{year}.pdf", path)
        if not path:
            return None
        call = partial(learning_certificates.write_recognition_certificates, self.ws, path, year, kind, mode=mode,
                       registration_uuids=chosen or None)
        result = run_op(self, call, on_error=lambda exc: self._say(exc.message))
        if result is None:
            return None
        job, given = result
        note = f" {learning_certificates.issued_message(given)}" if given else ""
        self._say(f"Đã lưu {len(job)} giấy công nhận năm {year}: {path}.{note}")
        return path

    def print_recognition_calibration(self, path: str | None = None) -> str | None:
        """The calibration sheet of the phôi giấy công nhận (its saved printer offset applied), to measure the
        printer's offset before printing on the phôi; offsets are saved with `khuyenhoc print
        recognition-certificates --save-offset`."""
        from ...services import learning_certificates

        path = self._pdf_path("Lưu trang căn chỉnh", "can-chinh-phoi-giay-cong-nhan.pdf", path)
        if not path:
            return None
        profile = run_op(self, partial(learning_certificates.write_calibration, path),
                         on_error=lambda exc: self._say(exc.message))
        if profile is None:
            return None
        self._say(f"Đã lưu trang căn chỉnh phôi “{profile.name}”: {path}")
        return path

    def print_registration_forms(self, path: str | None = None, village: bool = False) -> str | None:
        """Phiếu đăng ký of the kind shown: every subject of the filtered thôn (`village`), else the chosen
        subjects, else one blank form."""
        from ...services import learning_forms

        year, kind = self.year.value(), self.kind_key
        kw: dict = {}
        if village:
            if self._village_filter() is None:
                self._say("Chọn một thôn ở ô “Thôn” rồi in phiếu đăng ký cả thôn.")
                return None
            kw["village"] = self._village_filter()
        elif self.selected():
            kw["subject_uuids"] = [s.uuid for s, _ in self.selected()]
        else:
            kw["blank"] = True
        path = self._pdf_path("Lưu phiếu đăng ký", f"phieu-dang-ky-{_SLUG[kind]}-{year}.pdf", path)
        if not path:
            return None
        data = run_op(self, partial(learning_forms.write_registration_forms, self.ws, path, year, kind, **kw),
                      on_error=lambda exc: self._say(exc.message))
        if data is None:
            return None
        self._say(f"Đã lưu {len(data.pages)} phiếu đăng ký năm {year}: {path}")
        return path

    def print_recognition_list(self, path: str | None = None) -> str | None:
        """The danh sách công nhận of the kind shown and the chosen year."""
        from ...services import learning_forms

        year, kind = self.year.value(), self.kind_key
        path = self._pdf_path("Lưu danh sách công nhận", f"danh-sach-cong-nhan-{_SLUG[kind]}-{year}.pdf", path)
        if not path:
            return None
        data = run_op(self, partial(learning_forms.write_recognition_list, self.ws, path, year, kind),
                      on_error=lambda exc: self._say(exc.message))
        if data is None:
            return None
        self._say(f"Đã lưu danh sách công nhận năm {year} ({sum(s.count for s in data.sections)} đối tượng): {path}")
        return path

    def export_excel(self, which: str, path: str | None = None) -> str | None:
        """One of the lists (đăng ký, chấm điểm, công nhận, biểu thống kê) of the kind and year shown, as .xlsx."""
        from ...services import learning_exports
        from .. import dialogs

        year, kind = self.year.value(), self.kind_key
        label = LEARNING_LISTS[which]
        path = path or dialogs.save_file(self, f"Lưu {label.lower()}", f"{_SLUG[which]}-{_SLUG[kind]}-{year}.xlsx",
                                         "Bảng tính Excel (*.xlsx)")
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if run_op(self, partial(learning_exports.export, self.ws, which, path, year, kind),
                  on_error=lambda exc: self._say(exc.message)) is None:
            return None
        self._say(f"Đã lưu {label.lower()} năm {year}: {path}")
        return path

    def import_households(self, path: str | None = None) -> bool:
        """Add the households of an Excel sheet (those already on the list stay as they are)."""
        from ...domain.errors import AppError
        from ...services.learning_excel import read_households
        from .. import dialogs

        path = path or dialogs.open_file(self, "Chọn danh sách hộ gia đình", "Bảng tính (*.xlsx *.xls *.ods)")
        if not path:
            return False
        try:
            drafts = read_households(path, self._village_filter() or "")
        except AppError as exc:
            self._say(exc.message)
            return False
        result = run_op(self, partial(self.ws.learning.save_households, drafts),
                        on_error=lambda exc: self._say(exc.message))
        if result is None:
            return False
        saved, skipped, _ = result
        self.kind.setCurrentIndex(0)
        self._say(f"Đã thêm {saved} hộ từ tệp" + (f"; {skipped} hộ đã có trong danh sách, giữ nguyên." if skipped
                                                  else "."))
        return True


class CitizenForm(QWidget):
    """One person of the Công dân học tập list: a new one, or the one chosen in the list."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current = None  # the Citizen in the form, None for a new one
        self.name = QLineEdit()
        self.name.setObjectName("citizen_name")
        self.birth_year = IntEdit(2200)
        self.birth_year.setObjectName("citizen_birth_year")
        self.birth_year.setPlaceholderText("")
        self.gender = make_combo(list(CITIZEN_GENDERS), editable=False)
        self.village = make_combo(ws.catalogs.names("village"))
        self.village.setObjectName("citizen_village")
        self.group = make_combo([], editable=False)
        self.group.setObjectName("citizen_group")
        self.status = make_combo(list(CITIZEN_STATUSES.values()), editable=False)
        self.status.setObjectName("citizen_status_choice")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("citizen_id_number")
        self.id_number.setPlaceholderText("12 chữ số, không bắt buộc; không gửi lên tỉnh")
        self.note = QLineEdit()
        self.save_button = QPushButton("Lưu (Enter)")
        self.save_button.setObjectName("citizen_save_person")
        self.save_button.setDefault(True)
        self.message = make_status_line("citizen_form_status")
        form = QFormLayout(self)
        form.addRow("Họ và tên", self.name)
        form.addRow("Năm sinh", self.birth_year)
        form.addRow("Giới tính", self.gender)
        form.addRow("Thôn", self.village)
        form.addRow("Nhóm đối tượng", self.group)
        form.addRow("Kết quả", self.status)
        form.addRow("Số CCCD", self.id_number)
        form.addRow("Ghi chú", self.note)
        form.addRow(self.save_button)
        form.addRow(self.message)
        for edit in (self.name, self.birth_year, self.id_number, self.note):
            edit.returnPressed.connect(lambda: self.save_button.click())
        self.reload_groups()

    def reload_groups(self) -> None:
        from ..forms.fields import set_items

        set_items(self.group, self.ws.citizens.groups())

    def clear(self) -> None:
        self.current = None
        for edit in (self.name, self.birth_year, self.id_number, self.note):
            edit.clear()
        self.gender.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.message.setText("")

    def load(self, citizen) -> None:
        self.current = citizen
        self.name.setText(citizen.full_name)
        self.birth_year.set_value(citizen.birth_year)
        self.gender.setCurrentText(citizen.gender)
        self.village.setCurrentText(citizen.village)
        self.group.setCurrentText(citizen.target_group)
        self.status.setCurrentIndex(list(CITIZEN_STATUSES).index(citizen.status))
        self.id_number.setText(citizen.id_number)
        self.note.setText(citizen.note)
        self.message.setText("")

    def draft(self, year: int) -> CitizenDraft:
        return CitizenDraft(year=year, full_name=self.name.text(), birth_year=self.birth_year.value() or None,
                            gender=self.gender.currentText(), village=self.village.currentText(),
                            target_group=self.group.currentText(),
                            status=list(CITIZEN_STATUSES)[max(0, self.status.currentIndex())],
                            id_number=self.id_number.text(), note=self.note.text())


CITIZEN_HEADERS = ("Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Nhóm đối tượng", "Kết quả", "Ghi chú")
ALL = "(Tất cả)"


class CitizenPanel(QWidget):
    """Công dân học tập of the chosen year: the list of people (paged, searched without diacritics, the form
    beside it; delete with Ctrl+Z, a batch marked recognised, Excel in and out, the printed list) and the counts
    per target group — those of a group with people on the list follow the list and are read-only here."""

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.offset = 0
        self.total = 0
        self.rows: list = []
        self._undo_stack: list[list[str]] = []
        self.year = QSpinBox()
        self.year.setObjectName("citizen_year")
        self.year.setRange(1990, 2200)
        self.year.setValue(ws.clock.today().year)
        self.year.valueChanged.connect(lambda *_: self.reload(first_page=True))
        self.inner = QTabWidget()
        self.inner.setObjectName("citizen_tabs")
        self.status_line = make_status_line("citizen_status")
        self.documents_button = QPushButton("In giấy tờ…")
        self.documents_button.setObjectName("citizen_documents")
        documents = QMenu(self.documents_button)
        documents.addAction("Danh sách Công dân học tập…", lambda: self.print_list())
        documents.addAction("Giấy công nhận Công dân học tập (để trống tên)…", lambda: self.print_certificates())
        documents.addAction("Phiếu đăng ký Công dân học tập (phiếu trống)…", lambda: self.print_registration_form())
        self.documents_button.setMenu(documents)
        layout = QVBoxLayout(self)
        layout.addLayout(flow_row([labelled("Năm", self.year), self.documents_button]))
        layout.addWidget(self.inner, 1)
        layout.addWidget(self.status_line)
        self.inner.addTab(self._build_list(), "Danh sách")
        self.inner.addTab(self._build_counts(), "Số liệu theo nhóm đối tượng")
        self.reload(first_page=True)

    # -- building ---------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        from PySide6.QtGui import QKeySequence, QShortcut

        self.search = QLineEdit()
        self.search.setObjectName("citizen_search")
        self.search.setPlaceholderText("tìm họ tên, thôn (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(text_width(self.search, 160))
        self.group_filter = make_combo([ALL], editable=False)
        self.group_filter.setObjectName("citizen_group_filter")
        self.group_filter.setMinimumContentsLength(12)
        self.status_filter = make_combo([ALL, *CITIZEN_STATUSES.values()], editable=False)
        self.status_filter.setObjectName("citizen_status_filter")
        self.list = QTableWidget(0, len(CITIZEN_HEADERS))
        self.list.setObjectName("citizen_list")
        self.list.setHorizontalHeaderLabels(CITIZEN_HEADERS)
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.prev_button = QPushButton("‹ Trang trước")
        self.next_button = QPushButton("Trang sau ›")
        self.page_label = QLabel()
        self.page_label.setObjectName("citizen_page_label")
        self.new_button = QPushButton("Thêm mới (Ctrl+N)")
        self.delete_button = QPushButton("Xóa (Delete)")
        self.undo_button = QPushButton("Hoàn tác xóa (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.recognise_button = QPushButton("Đánh dấu đã công nhận")
        self.recognise_button.setToolTip("Ghi “Đã công nhận” cho những người đang chọn")
        self.import_button = QPushButton("Nhập từ Excel…")
        self.import_button.setToolTip("Danh sách xuất từ hệ thống đánh giá Công dân học tập (hoặc bảng bất kỳ có cột "
                                      "“Họ và tên”, “Năm sinh”, “Thôn”, “Nhóm đối tượng”, “Kết quả”); người đã có "
                                      "trong danh sách được cập nhật, không thêm lần nữa")
        self.excel_button = QPushButton("Xuất Excel…")
        self.print_button = QPushButton("In danh sách…")
        self.footer = make_footer()
        self.form = CitizenForm(self.ws)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(flow_row([labelled("Tìm", self.search), labelled("Nhóm", self.group_filter),
                                labelled("Kết quả", self.status_filter)], stretch={id(self.search): 1}))
        col.addLayout(flow_row([self.new_button, self.delete_button, self.undo_button, self.recognise_button,
                                self.import_button, self.excel_button, self.print_button]))
        col.addWidget(self.list, 1)
        col.addLayout(flow_row([self.prev_button, self.page_label, self.next_button]))
        col.addWidget(self.footer)
        # stacked on a narrow page (1024 px at 125 %), the list keeps room for its filters, buttons and some rows;
        # the form under it scrolls
        left.setMinimumHeight(self.fontMetrics().height() * 14)
        box = QWidget()
        splitter = make_list_and_form(left, self.form, [700, 320], stretch=(3, 1))
        splitter.first_stacked_sizes = [3, 1]
        QVBoxLayout(box).addWidget(splitter)

        self.search.textChanged.connect(lambda *_: self.reload(first_page=True))
        self.group_filter.currentIndexChanged.connect(lambda *_: self.reload(first_page=True))
        self.status_filter.currentIndexChanged.connect(lambda *_: self.reload(first_page=True))
        self.prev_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(lambda: self.new_person())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button.clicked.connect(lambda: self.undo_delete())
        self.recognise_button.clicked.connect(lambda: self.mark_recognised())
        self.import_button.clicked.connect(lambda: self.import_excel())
        self.excel_button.clicked.connect(lambda: self.export_excel())
        self.print_button.clicked.connect(lambda: self.print_list())
        self.form.save_button.clicked.connect(lambda: self.save_person())
        QShortcut(QKeySequence("Ctrl+N"), box, self.new_person)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, lambda: self.delete_selected(),
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self.list, self.undo_delete,
                  context=Qt.ShortcutContext.WidgetShortcut)
        return box

    def _build_counts(self) -> QWidget:
        box = QWidget()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("citizen_table")
        self.table.setHorizontalHeaderLabels(["Nhóm đối tượng", "Đăng ký", "Công nhận", "Nguồn"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton("Lưu số liệu năm")
        self.save_button.setObjectName("citizen_save")
        self.save_button.clicked.connect(lambda: self.save())
        layout = QVBoxLayout(box)
        hint = QLabel("Nhóm có người trong danh sách: số liệu tính theo danh sách (không sửa tay). Nhóm chưa có ai "
                      "trong danh sách: nhập tay theo số của hệ thống đánh giá Công dân học tập.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(flow_row([self.save_button]))
        return box

    # -- reading ----------------------------------------------------------------------------------
    def current_filter(self) -> CitizenFilter:
        group = self.group_filter.currentText()
        status = self.status_filter.currentText()
        by_label = {v: k for k, v in CITIZEN_STATUSES.items()}
        return CitizenFilter(year=self.year.value(), search=self.search.text(),
                             target_group="" if group == ALL else group, status=by_label.get(status, ""))

    def reload(self, first_page: bool = False) -> None:
        from ..forms.fields import set_items

        groups = self.ws.citizens.groups()
        if [self.group_filter.itemText(i) for i in range(1, self.group_filter.count())] != groups:
            set_items(self.group_filter, [ALL, *groups])
            self.form.reload_groups()
        self._reload_list(first_page)
        self._reload_counts()

    def _reload_list(self, first_page: bool = False) -> None:
        cs = self.ws.citizens
        if first_page:
            self.offset = 0
        flt = self.current_filter()
        self.total = cs.count(flt)
        self.offset = min(self.offset, max(0, (self.total - 1) // PAGE_SIZE * PAGE_SIZE))
        self.rows = cs.list(flt, offset=self.offset, limit=PAGE_SIZE)
        self.list.setRowCount(len(self.rows))
        for row, c in enumerate(self.rows):
            values = (c.full_name, str(c.birth_year or ""), c.gender, c.village, c.target_group, c.status_label, c.note)
            for col, text in enumerate(values):
                self.list.setItem(row, col, QTableWidgetItem(text))
        self.list.resizeColumnsToContents()
        pages = max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)
        self.page_label.setText(f"Trang {self.offset // PAGE_SIZE + 1}/{pages}")
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + PAGE_SIZE < self.total)
        figures = self.ws.learning.year_figures(flt.year)["citizen"]
        self.footer.setText(f"{format_vnd(self.total)} người đang lọc; cả năm {flt.year}: "
                            f"{format_vnd(figures['registered'])} đăng ký, {format_vnd(figures['recognised'])} công nhận.")

    def _reload_counts(self) -> None:
        year = self.year.value()
        counts = self.ws.learning.citizen_counts(year)
        from_list = self.ws.citizens.list_driven_groups(year)
        self.table.setRowCount(len(counts))
        for row, count in enumerate(counts):
            listed = count.target_group in from_list
            name = QTableWidgetItem(count.target_group)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, name)
            for col, value in ((1, count.registered), (2, count.recognised)):
                item = QTableWidgetItem(format_vnd(value) if value else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if listed:  # counted from the list: not typed over
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, col, item)
            source = QTableWidgetItem(CITIZEN_LIST_NOTE if listed else "nhập tay")
            source.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 3, source)
        self.table.resizeColumnsToContents()

    def turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self._reload_list()

    def selected_uuids(self) -> list[str]:
        rows = sorted({index.row() for index in self.list.selectionModel().selectedRows()})
        return [self.rows[r].uuid for r in rows if r < len(self.rows)]

    def select_names(self, *names: str) -> None:
        from PySide6.QtCore import QItemSelectionModel

        model = self.list.selectionModel()
        model.clearSelection()
        for row, c in enumerate(self.rows):
            if c.full_name in names:
                model.select(self.list.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)

    def _selection_changed(self) -> None:
        uuids = self.selected_uuids()
        if len(uuids) == 1:
            self.form.load(next(c for c in self.rows if c.uuid == uuids[0]))

    def _say(self, text: str) -> None:
        self.status_line.setText(text)

    # -- the list's actions -------------------------------------------------------------------------
    def new_person(self) -> None:
        self.list.clearSelection()
        self.form.clear()
        self.form.name.setFocus()

    def save_person(self) -> bool:
        uuid = self.form.current.uuid if self.form.current is not None else None
        result = run_op(self, partial(self.ws.citizens.save, self.form.draft(self.year.value()), uuid),
                        on_error=lambda exc: self.form.message.setText(exc.message))
        if result is None:
            return False
        saved, _ = result
        self.form.load(saved)
        self.form.message.setText(f"Đã lưu “{saved.full_name}”.")
        return True

    def delete_selected(self, confirm: bool = True) -> int:
        from .. import dialogs

        uuids = self.selected_uuids()
        if not uuids:
            self._say("Hãy chọn người cần xóa trong danh sách.")
            return 0
        if confirm and not dialogs.ask(self, f"Xóa {len(uuids)} người đã chọn khỏi danh sách?\n"
                                             "Có thể hoàn tác ngay bằng Ctrl+Z.", "Xác nhận xóa"):
            return 0
        if run_op(self, partial(self.ws.citizens.delete, uuids), on_error=lambda exc: self._say(exc.message)) is None:
            return 0
        self._undo_stack.append(uuids)
        self.undo_button.setEnabled(True)
        self.form.clear()
        self._say(f"Đã xóa {len(uuids)} người khỏi danh sách (Ctrl+Z để hoàn tác).")
        return len(uuids)

    def undo_delete(self) -> int:
        if not self._undo_stack:
            return 0
        uuids = self._undo_stack.pop()
        self.undo_button.setEnabled(bool(self._undo_stack))
        if run_op(self, partial(self.ws.citizens.undelete, uuids), on_error=lambda exc: self._say(exc.message)) is None:
            return 0
        self._say(f"Đã khôi phục {len(uuids)} người.")
        return len(uuids)

    def mark_recognised(self) -> bool:
        uuids = self.selected_uuids()
        if run_op(self, partial(self.ws.citizens.set_status, uuids, "recognised"),
                  on_error=lambda exc: self._say(exc.message)) is None:
            return False
        self._say(f"Đã ghi “Đã công nhận” cho {len(uuids)} người.")
        return True

    def import_excel(self, path: str | None = None, confirm: bool = True):
        """Open the file on the page "Nhập từ Excel" (column mapping and preview) as a Công dân học tập list of
        the chosen year; without the main window (a panel alone), check and import it here."""
        from .. import dialogs

        path = path or dialogs.open_file(self, "Chọn danh sách Công dân học tập", "Bảng tính (*.xlsx *.xls *.ods)")
        if not path:
            return None
        window = self.window()
        if hasattr(window, "show_page"):
            page = window.show_page("excel")
            page.citizen_year.setValue(self.year.value())
            page.load(path, kind="citizens")
            return page
        year = self.year.value()
        try:
            pv = self.ws.excel.preview(path, "citizens", year=year)
        except Exception as exc:  # an unreadable workbook: its message (AppError) or the error itself
            self._say(getattr(exc, "message", str(exc)))
            return None
        if pv.error_rows:
            self._say("Không nhập gì: " + " ".join(e for r in pv.error_rows[:5] for e in r.errors))
            return None
        if confirm and not dialogs.ask(self, f"Nhập {len(pv.rows)} người vào danh sách năm {year}?", "Xác nhận nhập",
                                       default_yes=True):
            return None
        result = run_op(self, partial(self.ws.excel.commit, pv, year=year), on_error=lambda exc: self._say(exc.message))
        if result is not None:
            self._say(result.message)
        return result

    def export_excel(self, path: str | None = None) -> str | None:
        from ...services.learning_citizens import export_citizens
        from ..list_view import export_to_excel

        flt = self.current_filter()
        written = export_to_excel(self, f"cong-dan-hoc-tap-{flt.year}.xlsx", lambda p: export_citizens(self.ws, p, flt),
                                  path)
        if written:
            self._say(f"Đã lưu danh sách ra tệp Excel: {written}")
        return written

    def print_list(self, path: str | None = None) -> str | None:
        from ...services.learning_citizens import write_citizen_list

        flt = self.current_filter()
        path = _pdf_path(self, "Lưu danh sách", f"danh-sach-cong-dan-hoc-tap-{flt.year}.pdf", path)
        if not path:
            return None
        data = run_op(self, partial(write_citizen_list, self.ws, path, flt), on_error=lambda exc: self._say(exc.message))
        if data is None:
            return None
        self._say(f"Đã lưu danh sách {data.total} Công dân học tập năm {flt.year}: {path}")
        return path

    # -- the counts ----------------------------------------------------------------------------------
    def read_counts(self) -> list[CitizenCount]:
        counts, problems = [], []
        for row in range(self.table.rowCount()):
            group = self.table.item(row, 0).text()
            values = []
            for col in (1, 2):
                item = self.table.item(row, col)
                text = normalize(item.text() if item else "").replace(".", "").replace(" ", "")
                if text and not text.isdigit():
                    problems.append(FieldError("count", f"{group}: “{item.text()}” không phải là số."))
                values.append(int(text) if text.isdigit() else 0)
            counts.append(CitizenCount(group, *values))
        if problems:
            raise ValidationError(problems)
        return counts

    def save(self) -> bool:
        try:
            counts = self.read_counts()
        except ValidationError as exc:
            self.status_line.setText(exc.message)
            return False
        year = self.year.value()
        if run_op(self, partial(self.ws.learning.save_citizen_counts, year, counts),
                  on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.status_line.setText(f"Đã lưu số liệu Công dân học tập năm {year}.")
        return True

    def print_certificates(self, path: str | None = None) -> str | None:
        """Giấy công nhận Công dân học tập with the name blank, as many as recognised in the year."""
        from ...services import learning_certificates

        year = self.year.value()
        path = _pdf_path(self, "Lưu giấy công nhận", f"giay-cong-nhan-cong-dan-hoc-tap-{year}.pdf", path)
        if not path:
            return None
        result = run_op(self, partial(learning_certificates.write_recognition_certificates, self.ws, path, year,
                                      "citizen"), on_error=lambda exc: self.status_line.setText(exc.message))
        if result is None:
            return None
        self.status_line.setText(f"Đã lưu {len(result[0])} giấy công nhận Công dân học tập năm {year} (để trống tên): "
                                 f"{path}")
        return path

    def print_registration_form(self, path: str | None = None) -> str | None:
        from ...services import learning_forms

        year = self.year.value()
        path = _pdf_path(self, "Lưu phiếu đăng ký", f"phieu-dang-ky-cong-dan-hoc-tap-{year}.pdf", path)
        if not path or run_op(self, partial(learning_forms.write_registration_forms, self.ws, path, year, "citizen"),
                              on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return None
        self.status_line.setText(f"Đã lưu phiếu đăng ký Công dân học tập năm {year}: {path}")
        return path


def _pdf_path(widget, title: str, suggested: str, path: str | None) -> str | None:
    from .. import dialogs

    path = path or dialogs.save_file(widget, title, suggested, "Tệp PDF (*.pdf)")
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path or None


class SettingsPanel(QWidget):
    """Thiết lập: who recognises (the authority changed in July 2025), whether the commune is a difficult area,
    the year's targets per model (QĐ 387/QĐ-TTg by default) and the Công dân học tập target groups. A province
    file has the targets alone (`targets_only`): its communes are measured against them."""

    def __init__(self, ws, parent=None, *, targets_only: bool = False) -> None:
        super().__init__(parent)
        self.ws = ws
        self.targets_only = targets_only
        self.body = QLineEdit()
        self.body.setObjectName("settings_issuing_body")
        self.difficult = QCheckBox("Xã thuộc vùng khó khăn")
        self.difficult.setToolTip("Áp dụng điểm đạt thấp hơn khi bộ tiêu chí có quy định (Công dân học tập: 70 điểm)")
        self.difficult.setObjectName("settings_difficult")
        self.targets: dict[str, QDoubleSpinBox] = {}
        self.groups = QPlainTextEdit()
        self.groups.setObjectName("settings_groups")
        self.groups.setPlaceholderText("mỗi dòng một nhóm đối tượng")
        self.groups.setMaximumHeight(self.groups.fontMetrics().lineSpacing() * 6 + 12)  # four groups and room for two
        self.save_button = QPushButton("Lưu thiết lập")
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(lambda: self.save())
        self.status_line = make_status_line("settings_status")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow window puts a field under its label
        if not targets_only:
            form.addRow("Cơ quan ra quyết định công nhận:", self.body)
            form.addRow(self.difficult)
        for kind in MODEL_KINDS:
            spin = QDoubleSpinBox()
            spin.setObjectName(f"settings_target_{kind}")
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            self.targets[kind] = spin
            form.addRow(f"Chỉ tiêu {TITLE_OF_KIND[kind].lower()}:", spin)
        source = QLabel(f"Mặc định theo {TARGET_SOURCE}: tỷ lệ được công nhận so với tổng số trong danh sách.")
        source.setWordWrap(True)
        form.addRow(source)
        self.validity: dict[str, QSpinBox] = {}
        self.signer: dict[str, QLineEdit] = {}
        if not targets_only:
            form.addRow("Nhóm đối tượng Công dân học tập:", self.groups)
            for kind in MODEL_KINDS:
                spin = QSpinBox()
                spin.setObjectName(f"settings_validity_{kind}")
                spin.setRange(1, 10)
                spin.setSuffix(" năm")
                self.validity[kind] = spin
                form.addRow(f"Thời hạn công nhận {TITLE_OF_KIND[kind].lower()}:", spin)
            validity = QLabel("Công nhận còn hiệu lực những năm sau được ghi “còn hiệu lực đến năm …” trong "
                              "danh sách, không tính vào số được công nhận của năm sau.")
            validity.setWordWrap(True)
            form.addRow(validity)
            for key, label in (("authority", "Giấy công nhận: dòng thẩm quyền ký"), ("title", "Chức vụ người ký"),
                               ("name", "Họ tên người ký")):
                edit = QLineEdit()
                edit.setObjectName(f"settings_signer_{key}")
                self.signer[key] = edit
                form.addRow(f"{label}:", edit)
        form.addRow(self.save_button)
        form.addRow(self.status_line)
        self.reload()

    def reload(self) -> None:
        values = self.ws.learning.settings()
        self.body.setText(values["issuing_body"])
        self.difficult.setChecked(bool(values["difficult_area"]))
        for kind, spin in self.targets.items():
            spin.setValue(float(values["targets"][kind]))
        self.groups.setPlainText("\n".join(values["target_groups"]))
        for kind, spin in self.validity.items():
            spin.setValue(int(values["validity_years"][kind]))
        for key, edit in self.signer.items():
            edit.setText(values["certificate_signer"][key])

    def save(self) -> bool:
        targets = {k: spin.value() for k, spin in self.targets.items()}
        groups = [normalize(line) for line in self.groups.toPlainText().splitlines() if normalize(line)]
        if self.targets_only:
            call = partial(self.ws.learning.save_settings, targets=targets)
        elif not groups:
            self.status_line.setText("Cần ít nhất một nhóm đối tượng Công dân học tập.")
            return False
        else:
            call = partial(self.ws.learning.save_settings, issuing_body=self.body.text(),
                           difficult_area=self.difficult.isChecked(), targets=targets, target_groups=groups,
                           validity_years={k: spin.value() for k, spin in self.validity.items()},
                           certificate_signer={k: edit.text() for k, edit in self.signer.items()})
        if run_op(self, call, on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return False
        self.status_line.setText("Đã lưu thiết lập xây dựng xã hội học tập.")
        return True


class CriteriaSetsPanel(QWidget):
    """Bộ tiêu chí: the shipped sets and the file's own, with their status and use; a set is copied to a new
    version (never changed once in use), exported to or imported from a JSON file."""

    HEADERS = ("Bộ tiêu chí", "Phiên bản", "Áp dụng", "Tình trạng", "Số phiếu đã chấm")

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.sets: list = []
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("sets_table")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(120)
        self.copy_button = QPushButton("Sao thành phiên bản mới")
        self.copy_button.clicked.connect(lambda: self.copy_selected())
        self.export_button = QPushButton("Xuất tệp JSON…")
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.import_button = QPushButton("Nhập tệp JSON…")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.status_line = make_status_line("sets_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Bộ tiêu chí</b>"))
        layout.addWidget(self.table, 1)
        layout.addLayout(flow_row([self.copy_button, self.export_button, self.import_button]))
        layout.addWidget(self.status_line)
        self.reload()

    def reload(self) -> None:
        lm = self.ws.learning
        self.sets = lm.criteria_sets()
        self.table.setRowCount(len(self.sets))
        for row, cs in enumerate(self.sets):
            values = (cs.name, str(cs.version), cs.years_label, cs.status + ("" if cs.complete else " (chưa đủ)"),
                      format_vnd(lm.in_use(*cs.key)))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(cs.note or cs.name)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.sets[rows[0].row()] if rows else None

    def copy_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None:
            self.status_line.setText("Chọn một bộ tiêu chí trong bảng.")
            return False
        result = run_op(self, partial(self.ws.learning.supersede, *chosen.key),
                        on_error=lambda exc: self.status_line.setText(exc.message))
        if result is None:
            return False
        self.status_line.setText(f"Đã sao “{chosen.name}” thành phiên bản {result[0].version}; xuất tệp JSON để sửa "
                                 "tiêu chí, điểm, rồi nhập lại trước khi chấm.")
        self.reload()
        return True

    def export_selected(self, path: str | None = None) -> str | None:
        from .. import dialogs

        chosen = self.selected()
        if chosen is None:
            self.status_line.setText("Chọn một bộ tiêu chí trong bảng.")
            return None
        path = path or dialogs.save_file(self, "Xuất bộ tiêu chí", f"{chosen.code}-{chosen.version}.json",
                                         "Tệp JSON (*.json)")
        if not path:
            return None
        if run_op(self, partial(self.ws.learning.export_set, *chosen.key, path),
                  on_error=lambda exc: self.status_line.setText(exc.message)) is None:
            return None
        self.status_line.setText(f"Đã xuất bộ tiêu chí: {path}")
        return path

    def import_file(self, path: str | None = None) -> bool:
        from .. import dialogs

        path = path or dialogs.open_file(self, "Nhập bộ tiêu chí", "Tệp JSON (*.json)")
        if not path:
            return False
        result = run_op(self, partial(self.ws.learning.import_set, path),
                        on_error=lambda exc: self.status_line.setText(exc.message))
        if result is None:
            return False
        self.status_line.setText(f"Đã nhập “{result[0].label}”.")
        self.reload()
        return True


class LearningPage(QWidget, PageChanges):
    title = "Xã hội học tập"
    shows = frozenset({*TABLES, *CITIZEN_TABLES, "catalog_item", "settings", "learning_household_link", "member",
                       "award"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.tabs = QTabWidget()
        self.subjects = SubjectsPanel(ws)
        self.citizens = CitizenPanel(ws)
        self.tabs.addTab(self.subjects, "Gia đình, dòng họ, cộng đồng, đơn vị")
        self.tabs.addTab(self.citizens, "Công dân học tập")
        self.settings = SettingsPanel(ws)
        self.criteria = CriteriaSetsPanel(ws)
        settings_tab = QWidget()
        column = QVBoxLayout(settings_tab)
        column.addWidget(self.settings)
        column.addWidget(self.criteria, 1)
        self.tabs.addTab(scroll_panel(settings_tab), "Thiết lập, bộ tiêu chí")
        QVBoxLayout(self).addWidget(self.tabs)

    def refresh_for(self, changes) -> None:
        if changes.touches("catalog_item"):
            self.subjects.form.village.clear()
            self.subjects.form.village.addItems(self.ws.catalogs.names("village"))
            self.subjects.reload_villages()
            from ..forms.fields import set_items

            set_items(self.citizens.form.village, self.ws.catalogs.names("village"))
        else:
            self.subjects.reload()
        self.citizens.reload()
        if changes.settings:
            self.settings.reload()
        if changes.touches("learning_criteria_set") or changes.touches("learning_assessment"):
            self.criteria.reload()
