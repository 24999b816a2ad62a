"""Cuộc họp, biên bản: the paged list of meetings (search, year and kind filters) with the meeting form beside
it (`ui/forms/meeting_form.py`); delete with undo, history and export as on every list; print the minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ...domain.errors import AppError
from ...domain.meetings import SPEC, MeetingFilter
from ...storage.meetings import LIST_COLUMNS
from ...vietnamese import format_vnd
from ..forms.meeting_form import MeetingForm
from ..list_view import RecordListMixin
from ..page_changes import PageChanges
from ..table_models.paged import record_list_model


class MeetingsPage(QWidget, RecordListMixin, PageChanges):
    title = SPEC.title
    spec = SPEC
    EXPORT_NAME = "Danh sach cuoc hop"
    changed = Signal()
    shows = frozenset({"meeting", "catalog_item"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.main_window = parent
        self.make_record_buttons(new_text="Cuộc họp mới (Ctrl+N)")
        model = record_list_model(SPEC, LIST_COLUMNS, ws.meetings.count_and_totals, ws.meetings.page, "start", self)
        self.build_record_list(
            self, model=model, form=MeetingForm(ws), table_name="meeting_list",
            sizes=[420, 860], actions=[self.new_button, self.delete_button, self.undo_button, self.history_button],
            stretch=(1, 2), form_min_width=620,
        )
        self._bind_delete_key()
        self.form.print_requested.connect(lambda: self.print_minutes())
        start = self.model.column_for_sort("start")
        self.table.horizontalHeader().setSortIndicator(start, Qt.SortOrder.DescendingOrder)
        self.model.sort(start, Qt.SortOrder.DescendingOrder)
        self.reload_filters()
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        self.fill_filters({"year": [str(y) for y in self.ws.meetings.years()], "kind": self.ws.meetings.kinds()})
        self.form.reload_catalogs()

    def current_filter(self) -> MeetingFilter:
        year = self.filter_value("year")
        return MeetingFilter(search=self.search.text(), kind=self.filter_value("kind"),
                             year=int(year) if year.isdigit() else None)

    def _show_totals(self, rows: int, _total: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} cuộc họp")

    def refresh_for(self, changes) -> None:
        if changes.touches("catalog_item"):
            self.reload_filters()
        if changes.touches("meeting"):
            self.reload_filters()
            self.model.refresh()
            self.form.follow_changes(changes)

    def record_service(self):
        return self.ws.meetings

    def on_activated(self) -> None:
        self.reload_filters()
        self.model.refresh()

    # -- printing ----------------------------------------------------------------------
    def print_minutes(self) -> bool:
        """Open the print page on the minutes of the meeting in the form and generate the preview; without
        the main window (or its print page), save the PDF."""
        from .. import dialogs

        meeting = self.form.current
        if meeting is None:
            self.tell("Hãy lưu cuộc họp trước khi in biên bản.")
            return False
        window = self.main_window
        if window is not None and hasattr(window, "page") and any(s.key == "printing" for s in getattr(window, "specs", [])):
            page = window.page("printing")
            window.show_page("printing")
            page.reload()
            page.set_kind("minutes")
            page.meeting.setCurrentIndex(page.meeting.findData(meeting.number))
            return page.generate()
        from ...pdf.minutes import render_minutes
        from ...services import documents

        path = dialogs.save_file(self, "Lưu biên bản", f"bien-ban-{meeting.number.replace('/', '-')}.pdf",
                                 "Tệp PDF (*.pdf)")
        if not path:
            return False
        try:
            render_minutes(documents.minutes(self.ws, meeting), out=path)
        except AppError as exc:
            self.show_error(exc)
            return False
        self.form.status_line.setText(f"Đã lưu {path}.")
        return True
