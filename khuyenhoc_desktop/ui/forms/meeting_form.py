"""The meeting form (cuộc họp, biên bản): the meeting's fields, the agenda with its votes (percentages as
they are typed) and the award list it approves. Enter saves (not inside the agenda or a text box)."""

from __future__ import annotations

from datetime import datetime, time
from functools import partial

from PySide6.QtCore import QTime, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from ...domain.meetings import AgendaEntry, Meeting, MeetingDraft
from ...domain.printables import format_percent
from .. import dialogs
from ..fonts import text_width
from ..layout import flow_row
from .fields import (
    ERROR_STYLE, DateEdit, FieldGrid, RecordForm, Readings, combo_text, make_button_row, make_combo,
    make_save_button, make_status_line, set_combo_text, set_items,
)

AGENDA_COLUMNS = ("Nội dung", "Thảo luận", "Kết luận", "Tổng", "Tán thành", "Không TT", "Khác",
                  "% TT", "% KTT", "% khác")
AGENDA_TOOLTIPS = ("", "", "", "Tổng số phiếu", "Số phiếu tán thành", "Số phiếu không tán thành", "Ý kiến khác",
                   "Tỉ lệ tán thành", "Tỉ lệ không tán thành", "Tỉ lệ ý kiến khác")
COL_TOTAL, COL_FOR, COL_AGAINST, COL_OTHER = 3, 4, 5, 6
PERCENT_COLS = (7, 8, 9)


class MeetingForm(RecordForm):
    """Edits one meeting and its minutes. Emits `saved(uuid)` after a successful save and
    `print_requested()` when "In biên bản" is pressed on a saved meeting."""

    print_requested = Signal()
    record_table = "meeting"

    def __init__(self, ws, parent=None) -> None:
        super().__init__(ws, parent)
        self.current: Meeting | None = None
        self.award_uuids: tuple[str, ...] = ()

        self.title = QLabel("<b>Cuộc họp mới</b>")
        self.title.setObjectName("form_title")
        self.grid = g = FieldGrid(self, columns=2)
        self.w = g.widgets
        self.kind = g.add("kind", "Loại cuộc họp", make_combo(self.ws.meetings.kinds()))
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
        self.agenda_error.setStyleSheet(ERROR_STYLE)
        self.agenda_error.setWordWrap(True)
        self.awards_label = QLabel()
        self.awards_label.setWordWrap(True)
        self.link_awards_button = QPushButton("Gắn danh sách khen thưởng đã duyệt…")

        self.save_button = make_save_button()
        self.cancel_button = QPushButton("Hủy thay đổi (Esc)")
        self.print_button = QPushButton("In biên bản")
        self.status_line = make_status_line()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(g.layout)
        layout.addLayout(make_button_row((self.save_button, self.cancel_button), (self.print_button,)))
        layout.addWidget(self.status_line)
        layout.addSpacing(6)
        layout.addWidget(QLabel("<b>Nội dung cuộc họp và biểu quyết</b>"))
        layout.addWidget(self.agenda, 1)
        layout.addLayout(flow_row([self.add_item_button, self.remove_item_button]))
        layout.addWidget(self.agenda_error)
        layout.addLayout(flow_row([self.awards_label], [self.link_awards_button], stretch={id(self.awards_label): 1}))

        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_requested)
        self.add_item_button.clicked.connect(lambda: self.add_agenda_item())
        self.remove_item_button.clicked.connect(self.remove_agenda_item)
        self.agenda.cellChanged.connect(self._agenda_cell_changed)
        for spin in (self.members_total, self.members_present, self.members_absent):
            spin.valueChanged.connect(self._update_attendance)
        self.link_awards_button.clicked.connect(lambda: self.link_approved_awards())
        self.new_record()

    # -- loading -------------------------------------------------------------------------
    def reload_catalogs(self) -> None:
        """The meeting kinds of the catalogue (the typed kind is kept)."""
        set_items(self.kind, self.ws.meetings.kinds())

    def new_record(self) -> None:
        org, today = self.ws.organisation, self.ws.clock.today()
        self.current = None
        self.title.setText("<b>Cuộc họp mới</b>")
        self._fill(MeetingDraft(number=self.ws.meetings.next_number(), chair=org.chair, secretary=org.secretary,
                                start=datetime.combine(today, time(8, 0)), end=datetime.combine(today, time(10, 0))))
        self.print_button.setEnabled(False)
        self.mark_clean()

    def load(self, uuid: str) -> None:
        meeting = self._fetch(self.ws.meetings.get, uuid)
        if meeting is None:
            return
        self.current = meeting
        self.title.setText(f"<b>Sửa: biên bản số {meeting.number}</b>")
        self._fill(meeting.as_draft())
        self.print_button.setEnabled(True)
        self.mark_clean()

    def _fill(self, d: MeetingDraft) -> None:
        self._clear_messages()
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

    # -- the agenda and its votes ----------------------------------------------------------
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

    # -- saving: KeyboardForm's sequence ---------------------------------------------------
    def read_form(self):
        readings = Readings()
        day = readings.read("start", self.day.value, "Ngày không đúng dạng nn/tt/nnnn.")
        st, et = self.start_time.time(), self.end_time.time()
        agenda = []
        for r in range(self.agenda.rowCount()):
            text = [self.agenda.item(r, c).text() if self.agenda.item(r, c) else "" for c in range(3)]
            agenda.append(AgendaEntry(text[0], text[1], text[2], self._int(r, COL_TOTAL), self._int(r, COL_FOR),
                                      self._int(r, COL_AGAINST), self._int(r, COL_OTHER)))
        draft = MeetingDraft(
            kind=combo_text(self.kind), number=self.number.text(), subject=self.subject.text(),
            start=datetime.combine(day, time(st.hour(), st.minute())) if day else None,
            end=datetime.combine(day, time(et.hour(), et.minute())) if day else None,
            location=self.location.text(), chair=self.chair.text(), secretary=self.secretary.text(),
            members_total=self.members_total.value(), members_present=self.members_present.value(),
            members_absent=self.members_absent.value(), attendees=self.attendees.toPlainText(),
            agenda=tuple(agenda), award_uuids=self.award_uuids, recipients=self.recipients.toPlainText(),
            note=self.current.note if self.current else "",
        )
        return draft, readings.problems

    def _check_errors(self, draft: MeetingDraft) -> list:
        return self.ws.meetings.check(draft, self.current.uuid if self.current else None)[1]

    def _write_call(self, draft: MeetingDraft):
        uuid, version = self._identity()
        return partial(self.ws.meetings.save, draft, uuid, expected_version=version)

    def _after_write(self, meeting: Meeting, _draft: MeetingDraft) -> str:
        """The saved meeting stays in the form, ready to print."""
        self.saved.emit(meeting.uuid)
        self.load(meeting.uuid)
        self.status_line.setText(f"Đã lưu biên bản số {meeting.number}.")
        return meeting.uuid

    def _clear_messages(self) -> None:
        super()._clear_messages()
        self.agenda_error.setText("")

    def _mark_problems(self, problems, warning: bool = False) -> None:
        """Problems of the agenda under its table, the others on their fields."""
        problems = list(problems)
        self.agenda_error.setText("\n".join(p.message for p in problems if p.field == "agenda"))
        super()._mark_problems([p for p in problems if p.field != "agenda"], warning)

    def _keeps_enter(self, focused) -> bool:
        # Enter edits the agenda's cells and starts a new line in the text boxes.
        return (focused is self.agenda or self.agenda.isAncestorOf(focused)
                or isinstance(focused, QPlainTextEdit))


def _spin() -> QSpinBox:
    s = QSpinBox()
    s.setRange(0, 999)
    return s
