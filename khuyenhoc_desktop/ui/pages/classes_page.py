"""The class page (lớp học cộng đồng): filters and diacritic-insensitive search over a paged list, form beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ...domain.classes import SPEC, ClassFilter
from ...storage.classes import LIST_COLUMNS
from ...vietnamese import format_vnd
from ..forms.class_form import ClassForm
from ..list_view import RecordListMixin
from ..page_changes import PageChanges
from ..table_models.paged import record_list_model


class ClassesPage(QWidget, RecordListMixin, PageChanges):
    title = SPEC.title
    spec = SPEC
    EXPORT_NAME = "Danh sach lop hoc"
    changed = Signal()
    shows = frozenset({"learning_class", "class_learner", "voucher"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.make_record_buttons()
        model = record_list_model(SPEC, LIST_COLUMNS, ws.classes.count_and_totals, ws.classes.page, "start_date", self)
        self.build_record_list(
            self, model=model, form=ClassForm(ws), table_name="class_table", sizes=[620, 640],
            actions=[self.new_button, self.delete_button, self.undo_button, self.history_button], stretch=(1, 1),
            form_min_width=560,
        )
        self.year_filter, self.field_filter = self.filters["year"], self.filters["field"]
        self._bind_delete_key()
        self.table.horizontalHeader().setSortIndicator(self.model.column_for_sort("start_date"),
                                                       Qt.SortOrder.DescendingOrder)
        self.reload_filters()
        self.model.sort(self.model.column_for_sort("start_date"), Qt.SortOrder.DescendingOrder)
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        years = [str(t.key) for t in self.ws.classes.totals_by_year() if t.key]
        fields = list(dict.fromkeys(self.ws.classes.fields() + self.ws.classes.suggestions("field")))
        self.fill_filters({"year": sorted(years, reverse=True), "field": fields})
        self.form.reload_catalogs()

    def current_filter(self) -> ClassFilter:
        year = self.filter_value("year")
        return ClassFilter(year=int(year) if year.isdigit() else None, field=self.filter_value("field"),
                           search=self.search.text())

    def _show_totals(self, rows: int, learners: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} lớp / chuyên đề — {format_vnd(learners)} lượt người học")

    def refresh_for(self, changes) -> None:
        self.reload_filters()  # years, fields and the form's voucher list follow the classes and the book
        if changes.touches("learning_class") or changes.touches("class_learner"):
            self.model.refresh()

    # -- delete, undo, history, export: RecordListMixin ------------------------------------
    def record_service(self):
        return self.ws.classes

    def on_activated(self) -> None:
        self.reload_filters()
        self.model.refresh()
