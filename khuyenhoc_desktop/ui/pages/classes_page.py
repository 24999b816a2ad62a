"""The class page (lớp học cộng đồng): filters and diacritic-insensitive search over a paged list, form beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ...domain.classes import ClassFilter
from functools import partial

from ...vietnamese import format_vnd
from .. import dialogs
from ..forms.class_form import ClassForm
from ..forms.fields import make_combo, set_items
from ..list_view import (
    install_delete_undo_key,
    RecordListMixin,
    make_button_row,
    make_filter_bar,
    make_footer,
    make_list_and_form,
    make_record_table,
    make_search_edit,
)
from ..table_models.classes import COLUMNS, class_list_model
from ..page_changes import PageChanges
from ..operations import run_op
from ..widgets import HistoryDialog

ALL = "(Tất cả)"


class ClassesPage(QWidget, RecordListMixin, PageChanges):
    title = "Lớp học cộng đồng"
    changed = Signal()
    shows = frozenset({"learning_class", "class_learner", "voucher"})

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._undo_stack: list[list[str]] = []

        self.search, self._search_timer = make_search_edit(
            self, "Tìm theo tên lớp, lĩnh vực, báo cáo viên, địa điểm — gõ không dấu cũng được", self.apply_filter)
        self.year_filter = make_combo(editable=False)
        self.year_filter.setObjectName("filter_year")
        self.field_filter = make_combo(editable=False)
        self.field_filter.setObjectName("filter_field")
        bar = make_filter_bar(self.search, [("Năm", self.year_filter), ("Lĩnh vực", self.field_filter)])

        self.new_button = QPushButton("Thêm mới (Ctrl+N)")
        self.delete_button = QPushButton("Xóa (Delete)")
        self.undo_button = QPushButton("Hoàn tác xóa (Ctrl+Z)")
        self.history_button = QPushButton("Lịch sử sửa đổi")
        self.undo_button.setEnabled(False)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.clicked.connect(lambda: self.export_excel())
        actions = make_button_row([self.new_button, self.delete_button, self.undo_button, self.history_button],
                                  [self.export_button])

        self.model = class_list_model(ws, self)
        self.table = make_record_table(self.model, COLUMNS, "class_table")
        self.table.horizontalHeader().setSortIndicator(self.model.column_for_sort("start_date"),
                                                       Qt.SortOrder.DescendingOrder)
        self.form = ClassForm(ws)
        splitter = make_list_and_form(self.table, self.form, [620, 640], stretch=(1, 1), form_min_width=560)

        self.footer = make_footer()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.footer)

        self.year_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.field_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.model.totals_changed.connect(self._show_totals)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_record)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button.clicked.connect(self.undo_delete)
        self.history_button.clicked.connect(self.show_history)
        self.form.saved.connect(self._after_save)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_record)
        QShortcut(QKeySequence("Ctrl+F"), self, lambda: self.search.setFocus())
        install_delete_undo_key(self)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, lambda: self.delete_selected(),
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.reload_filters()
        self.model.sort(self.model.column_for_sort("start_date"), Qt.SortOrder.DescendingOrder)
        self.apply_filter()

    # -- filters -----------------------------------------------------------------------
    def reload_filters(self) -> None:
        years = [str(t.key) for t in self.ws.classes.totals_by_year() if t.key]
        fields = list(dict.fromkeys(self.ws.classes.fields() + self.ws.classes.suggestions("field")))
        for combo, items in ((self.year_filter, sorted(years, reverse=True)), (self.field_filter, fields)):
            combo.blockSignals(True)
            set_items(combo, [ALL] + items)
            combo.blockSignals(False)
        self.form.reload_catalogs()

    def current_filter(self) -> ClassFilter:
        year = self.year_filter.currentText()
        field = self.field_filter.currentText()
        return ClassFilter(year=int(year) if year.isdigit() else None, field="" if field == ALL else field,
                           search=self.search.text())

    def export_excel(self, path: str | None = None) -> str | None:
        """Export the classes as filtered now (with a sheet of named learners) to an .xlsx file."""
        from .awards_page import export_to_excel

        flt = self.current_filter()
        return export_to_excel(self, "Danh sach lop hoc.xlsx", lambda p: self.ws.exports.classes(p, flt), path)

    def set_filter_value(self, combo, text: str) -> None:
        index = combo.findText(text)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _show_totals(self, rows: int, learners: int) -> None:
        self.footer.setText(f"{format_vnd(rows)} lớp / chuyên đề — {format_vnd(learners)} lượt người học")

    # -- selection and form (selected_uuids, _row_changed, new_record: RecordListMixin) --
    def _after_save(self, uuid: str) -> None:
        self._select_uuid(uuid)  # the list itself was refreshed by the save's changes

    def refresh_for(self, changes) -> None:
        self.reload_filters()  # years, fields and the form's voucher list follow the classes and the book
        if changes.touches("learning_class") or changes.touches("class_learner"):
            self.model.refresh()

    # -- delete / undo / history ---------------------------------------------------------
    def delete_selected(self, confirm: bool = True) -> int:
        uuids = self.selected_uuids()
        if not uuids:
            if confirm:
                dialogs.info(self, "Hãy chọn lớp cần xóa.")
            return 0
        if confirm and not dialogs.ask(self, f"Xóa {len(uuids)} lớp học / chuyên đề đã chọn?\n"
                                             "Có thể hoàn tác ngay bằng Ctrl+Z.", "Xác nhận xóa"):
            return 0
        if run_op(self, partial(self.ws.classes.delete, uuids),
                  on_error=lambda exc: self.form.status_line.setText(exc.message)) is None:
            return 0
        return self._soft_deleted(uuids)

    def record_service(self):
        return self.ws.classes

    def show_history(self) -> None:
        if self.form.current is None:
            dialogs.info(self, "Hãy chọn một lớp để xem lịch sử sửa đổi.")
            return
        HistoryDialog(self.ws.classes.history(self.form.current.uuid), self.form.current.name, self).exec()

    def on_activated(self) -> None:
        self.reload_filters()
        self.model.refresh()
