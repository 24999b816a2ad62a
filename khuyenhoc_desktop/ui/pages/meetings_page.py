"""Cuộc họp, biên bản: list of meetings, a form with agenda items and votes (percentages live), print."""

from __future__ import annotations

from functools import partial
from datetime import datetime, time

from PySide6.QtCore import QTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.awards import AwardFilter
from ...domain.errors import AppError
from ...domain.meetings import MEETING_KINDS, SPEC, AgendaEntry, Meeting, MeetingDraft
from ...domain.printables import format_percent
from .. import dialogs
from ..page_changes import PageChanges
from ..operations import run_op
from ..fonts import text_width
from ..layout import StackingSplitter, flow_row, scroll_panel
from ..forms.fields import DateEdit, FieldGrid, SaveFeedback, combo_text, make_combo, set_combo_text

AGENDA_COLUMNS = ("Nội dung", "Thảo luận", "Kết luận", "Tổng", "Tán thành", "Không TT", "Khác",
                  "% TT", "% KTT", "% khác")
AGENDA_TOOLTIPS = ("", "", "", "Tổng số phiếu", "Số phiếu tán thành", "Số phiếu không tán thành", "Ý kiến khác",
                   "Tỉ lệ tán thành", "Tỉ lệ không tán thành", "Tỉ lệ ý kiến khác")
COL_TOTAL, COL_FOR, COL_AGAINST, COL_OTHER = 3, 4, 5, 6
PERCENT_COLS = (7, 8, 9)


class MeetingsPage(SaveFeedback, QWidget, PageChanges):
    title = SPEC.title
    changed = Signal()
    shows = frozenset({"meeting"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.main_window = parent
        self.current: Meeting | None = None
        self.award_uuids: tuple[str, ...] = ()

        # -- list
        self.list = QTableWidget(0, len(SPEC.columns))
        self.list.setObjectName("meeting_list")
        self.list.setHorizontalHeaderLabels([c.label for c in SPEC.columns])
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list.verticalHeader().setVisible(False)
        self.list.setMinimumWidth(240)
        metrics = self.list.fontMetrics()  # wide enough for "03/BB-HKH" and a date at the current text size
        self.list.setColumnWidth(0, metrics.horizontalAdvance("00/BB-HKH") + 16)
        self.list.setColumnWidth(1, metrics.horizontalAdvance("00/00/0000") + 16)
        self.new_button = QPushButton("Cuộc họp mới")
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list, 1)
        left_w = QWidget()
        left_w.setLayout(left)

        # -- form
        form_w = QWidget()
        self.grid = FieldGrid(form_w, columns=2)
        g = self.grid
        self.w = g.widgets
        kinds = self.ws.catalogs.names("meeting_kind") or list(MEETING_KINDS)
        self.kind = g.add("kind", "Loại cuộc họp", make_combo(kinds))
        self.number = g.add("number", "Số biên bản", QLineEdit(), required=True)
        self.subject = g.add("subject", "Trích yếu", QLineEdit(), span=2, required=True)
        self.day = g.add("start", "Ngày họp", DateEdit(), required=True)
        times = QWidget()
        tl = QHBoxLayout(times)
        tl.setContentsMargins(0, 0, 0, 0)
        self.start_time, self.end_time = QTimeEdit(QTime(8, 0)), QTimeEdit(QTime(10, 0))
        for t in (self.start_time, self.end_time):
            t.setDisplayFormat("HH:mm")
        tl.addWidget(QLabel("từ"))
        tl.addWidget(self.start_time)
        tl.addWidget(QLabel("đến"))
        tl.addWidget(self.end_time)
        tl.addStretch(1)
        g.add("end", "Giờ họp", times)
        self.location = g.add("location", "Địa điểm", QLineEdit(), span=2, required=True)
        self.chair = g.add("chair", "Chủ trì", QLineEdit(), required=True)
        self.secretary = g.add("secretary", "Thư ký", QLineEdit(), required=True)
        # The widest label of its column: on two lines the page fits 1024 px at 125 % text size.
        self.members_total = g.add("members_total", "Tổng số thành viên", _spin(), wrap=True)
        self.members_present = g.add("members_present", "Có mặt", _spin())
        self.members_absent = g.add("members_absent", "Vắng", _spin())
        self.attendance_label = g.add("attendance", "Tỉ lệ có mặt", QLabel())
        self.attendees = g.add("attendees", "Người vắng (dòng “Vắng: …”), thành phần khác", QPlainTextEdit(), span=2)
        self.attendees.setFixedHeight(self.attendees.fontMetrics().lineSpacing() * 3 + 12)
        self.recipients = g.add("recipients", "Nơi nhận (mỗi dòng một nơi)", QPlainTextEdit(), span=2)
        self.recipients.setFixedHeight(self.recipients.fontMetrics().lineSpacing() * 3 + 12)

        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS))
        self.agenda.setObjectName("agenda")
        self.agenda.setHorizontalHeaderLabels(list(AGENDA_COLUMNS))
        for c, tip in enumerate(AGENDA_TOOLTIPS):
            if tip:
                self.agenda.horizontalHeaderItem(c).setToolTip(tip)
        for c, width in enumerate((220, 190, 160, 55, 80, 80, 55, 65, 65, 65)):
            self.agenda.setColumnWidth(c, text_width(self.agenda, width))
        self.agenda.setWordWrap(True)
        self.agenda.setMinimumHeight(150)
        self.add_item_button = QPushButton("Thêm nội dung")
        self.remove_item_button = QPushButton("Bỏ nội dung")
        self.agenda_error = QLabel()
        self.agenda_error.setObjectName("error_agenda")
        self.agenda_error.setStyleSheet("color: #b00020;")
        self.agenda_error.setWordWrap(True)

        self.awards_label = QLabel()
        self.link_awards_button = QPushButton("Gắn danh sách khen thưởng đã duyệt…")
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.delete_button = QPushButton("Xóa")
        self.print_button = QPushButton("In biên bản")
        self.message = QLabel()
        self.status_line = self.message  # what a save did or why it did not (SaveFeedback)

        form = QVBoxLayout(form_w)
        form.addLayout(g.layout)
        form.addWidget(QLabel("<b>Nội dung cuộc họp và biểu quyết</b>"))
        form.addWidget(self.agenda, 1)
        form.addLayout(flow_row([self.add_item_button, self.remove_item_button]))
        form.addWidget(self.agenda_error)
        self.awards_label.setWordWrap(True)
        form.addLayout(flow_row([self.awards_label], [self.link_awards_button], stretch={id(self.awards_label): 1}))

        # The fields scroll; Lưu / In biên bản stay in sight under them whatever the window's height.
        self.message.setWordWrap(True)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(scroll_panel(form_w), 1)
        editor_layout.addWidget(self.message)
        editor_layout.addLayout(flow_row([], [self.delete_button, self.print_button, self.save_button]))

        split = StackingSplitter()
        split.setObjectName("meetings_splitter")
        split.addWidget(left_w)
        split.addWidget(editor)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.new_button.clicked.connect(self.new_meeting)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.add_item_button.clicked.connect(lambda: self.add_agenda_item())
        self.remove_item_button.clicked.connect(self.remove_agenda_item)
        self.agenda.cellChanged.connect(self._agenda_cell_changed)
        for spin in (self.members_total, self.members_present, self.members_absent):
            spin.valueChanged.connect(self._update_attendance)
        self.link_awards_button.clicked.connect(lambda: self.link_approved_awards())
        self.save_button.clicked.connect(lambda: self.save())
        self.delete_button.clicked.connect(lambda: self.delete())
        self.print_button.clicked.connect(lambda: self.print_minutes())
        self.reload()
        self.new_meeting()

    # -- list ---------------------------------------------------------------------------
    def reload(self, select_uuid: str | None = None) -> None:
        self.meetings = self.ws.meetings.list()
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.meetings))
        for r, m in enumerate(self.meetings):
            for c, column in enumerate(SPEC.columns):
                value = getattr(m, column.key)
                text = (value.strftime("%d/%m/%Y") if value else "") if column.format == "date" else value
                self.list.setItem(r, c, QTableWidgetItem(text))
            if m.uuid == select_uuid:
                self.list.selectRow(r)
        self.list.blockSignals(False)

    def on_activated(self) -> None:
        self.reload(self.current.uuid if self.current else None)

    def _selection_changed(self) -> None:
        rows = {i.row() for i in self.list.selectedItems()}
        if rows:
            self.load(self.meetings[min(rows)])

    # -- form ---------------------------------------------------------------------------
    def new_meeting(self) -> None:
        org = self.ws.organisation
        self.current = None
        self.load_draft(MeetingDraft(number=self.ws.meetings.next_number(), chair=org.chair,
                                     secretary=org.secretary,
                                     start=datetime.combine(self.ws.clock.today(), time(8, 0)),
                                     end=datetime.combine(self.ws.clock.today(), time(10, 0))))
        self.list.clearSelection()
        self.delete_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def load(self, meeting: Meeting) -> None:
        self.current = meeting
        self.load_draft(meeting)
        self.delete_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def load_draft(self, d: MeetingDraft) -> None:
        self.grid.clear_errors()
        self.agenda_error.setText("")
        self.message.setText("")
        set_combo_text(self.kind, d.kind)
        self.number.setText(d.number)
        self.subject.setText(d.subject)
        self.day.set_value(d.start.date() if d.start else None)
        if d.start:
            self.start_time.setTime(QTime(d.start.hour, d.start.minute))
        if d.end:
            self.end_time.setTime(QTime(d.end.hour, d.end.minute))
        self.location.setText(d.location)
        self.chair.setText(d.chair)
        self.secretary.setText(d.secretary)
        self.members_total.setValue(d.members_total)
        self.members_present.setValue(d.members_present)
        self.members_absent.setValue(d.members_absent)
        self.attendees.setPlainText(d.attendees)
        self.recipients.setPlainText(d.recipients)
        self.agenda.blockSignals(True)
        self.agenda.setRowCount(0)
        self.agenda.blockSignals(False)
        for item in d.agenda:
            self.add_agenda_item(item)
        self.award_uuids = tuple(d.award_uuids)
        self._update_awards_label()
        self._update_attendance()

    def add_agenda_item(self, item: AgendaEntry | None = None) -> int:
        item = item or AgendaEntry()
        self.agenda.blockSignals(True)
        r = self.agenda.rowCount()
        self.agenda.insertRow(r)
        values = (item.title, item.discussion, item.conclusion,
                  *(str(v) if item.has_vote else "" for v in (item.vote_total, item.vote_for, item.vote_against,
                                                              item.vote_other)))
        for c, v in enumerate(values):
            cell = QTableWidgetItem(v)
            if c >= COL_TOTAL:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.agenda.setItem(r, c, cell)
        for c in PERCENT_COLS:
            cell = QTableWidgetItem("")
            cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.agenda.setItem(r, c, cell)
        self.agenda.blockSignals(False)
        self.update_percentages(r)
        return r

    def remove_agenda_item(self) -> None:
        r = self.agenda.currentRow()
        if r >= 0:
            self.agenda.removeRow(r)

    def _agenda_cell_changed(self, row: int, col: int) -> None:
        if COL_TOTAL <= col <= COL_OTHER:
            self.update_percentages(row)

    def _int(self, row: int, col: int) -> int:
        item = self.agenda.item(row, col)
        text = item.text().strip() if item else ""
        if not text:
            return 0
        try:
            return int(text.replace(".", ""))
        except ValueError:
            return -1

    def update_percentages(self, row: int) -> None:
        """Percentages of the votes, recomputed as the numbers are typed (Vietnamese decimal comma)."""
        total = self._int(row, COL_TOTAL)
        self.agenda.blockSignals(True)
        for src, dst in zip((COL_FOR, COL_AGAINST, COL_OTHER), PERCENT_COLS):
            part = self._int(row, src)
            text = f"{format_percent(part, total)} %" if total > 0 and part >= 0 else ""
            self.agenda.item(row, dst).setText(text)
        self.agenda.blockSignals(False)

    def percentages(self, row: int) -> tuple[str, str, str]:
        return tuple(self.agenda.item(row, c).text() for c in PERCENT_COLS)

    def _update_attendance(self) -> None:
        total, present = self.members_total.value(), self.members_present.value()
        self.attendance_label.setText(f"{present}/{total} = {format_percent(present, total)} %" if total else "")

    def _update_awards_label(self) -> None:
        n = len(self.award_uuids)
        self.awards_label.setText(f"Danh sách khen thưởng kèm theo: {n} em." if n else "Không kèm danh sách khen thưởng.")

    def link_approved_awards(self, school_year: str | None = None) -> int:
        if school_year is None:
            years = sorted(self.ws.catalogs.names("school_year"), reverse=True)
            school_year = dialogs.ask_text(self, "Năm học (ví dụ 2024-2025):", "Gắn danh sách khen thưởng",
                                           years[0] if years else "")
            if not school_year:
                return 0
        self.award_uuids = tuple(self.ws.awards.uuids(AwardFilter(school_year=school_year.strip(), status="approved")))
        self._update_awards_label()
        return len(self.award_uuids)

    def draft(self) -> MeetingDraft:
        day = self.day.value()
        st, et = self.start_time.time(), self.end_time.time()
        agenda = []
        for r in range(self.agenda.rowCount()):
            text = [self.agenda.item(r, c).text() if self.agenda.item(r, c) else "" for c in range(3)]
            agenda.append(AgendaEntry(text[0], text[1], text[2], self._int(r, COL_TOTAL), self._int(r, COL_FOR),
                                      self._int(r, COL_AGAINST), self._int(r, COL_OTHER)))
        return MeetingDraft(
            kind=combo_text(self.kind), number=self.number.text(), subject=self.subject.text(),
            start=datetime.combine(day, time(st.hour(), st.minute())) if day else None,
            end=datetime.combine(day, time(et.hour(), et.minute())) if day else None,
            location=self.location.text(), chair=self.chair.text(), secretary=self.secretary.text(),
            members_total=self.members_total.value(), members_present=self.members_present.value(),
            members_absent=self.members_absent.value(), attendees=self.attendees.toPlainText(),
            agenda=tuple(agenda), award_uuids=self.award_uuids, recipients=self.recipients.toPlainText(),
        )

    def save(self, confirm: bool = False) -> Meeting | None:
        self.grid.clear_errors()
        self.agenda_error.setText("")
        try:
            d = self.draft()
        except ValueError:
            self.grid.set_error("start", "Ngày không đúng dạng nn/tt/nnnn.")
            return None
        call = partial(self.ws.meetings.save, d, self.current.uuid if self.current else None,
                       expected_version=self.current.version if self.current else None)
        result = run_op(self, partial(call, confirm=True) if confirm else call, ask=self._ask_over_warnings,
                        on_error=self._show_failure)
        if result is None:
            return None
        meeting = result[0]
        self.reload(meeting.uuid)
        self.load(meeting)
        self.message.setText(f"Đã lưu biên bản số {meeting.number}.")
        self.changed.emit()
        return meeting

    def _mark_problems(self, problems, warning: bool = False) -> None:
        """Problems of the agenda under its table, the others on their fields."""
        problems = list(problems)
        self.agenda_error.setText("\n".join(p.message for p in problems if p.field == "agenda"))
        super()._mark_problems([p for p in problems if p.field != "agenda"], warning)

    def refresh_for(self, changes) -> None:
        self.reload(self.current.uuid if self.current else None)

    def delete(self, confirm: bool = True) -> bool:
        if self.current is None:
            return False
        if confirm and not dialogs.ask(self, f"Xóa biên bản số {self.current.number}?"):
            return False
        if run_op(self, partial(self.ws.meetings.delete, self.current.uuid)) is None:
            return False
        self.new_meeting()
        self.changed.emit()
        return True

    def print_minutes(self) -> bool:
        """Open the print page on this meeting's minutes and generate the preview."""
        if self.current is None:
            return False
        window = self.main_window
        if window is not None and hasattr(window, "page") and any(s.key == "printing" for s in getattr(window, "specs", [])):
            page = window.page("printing")
            window.show_page("printing")
            page.reload()
            page.set_kind("minutes")
            page.meeting.setCurrentIndex(page.meeting.findData(self.current.number))
            return page.generate()
        from ...pdf.minutes import render_minutes
        from ...services import documents

        path = dialogs.save_file(self, "Lưu biên bản", f"bien-ban-{self.current.number.replace('/', '-')}.pdf",
                                 "Tệp PDF (*.pdf)")
        if not path:
            return False
        try:
            render_minutes(documents.minutes(self.ws, self.current), out=path)
        except AppError as exc:
            dialogs.error(self, exc.message)
            return False
        self.message.setText(f"Đã lưu {path}.")
        return True


def _spin() -> QSpinBox:
    s = QSpinBox()
    s.setRange(0, 999)
    return s
