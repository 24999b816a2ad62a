"""Building blocks of the list pages: debounced search box, filter bar, button row, record table,
list + form splitter, footer, and `RecordListMixin`: a list page of one record kind built from its spec
(filters, buttons, table and form, delete with undo, history, Excel export, refusals shown one way)."""

from __future__ import annotations

from functools import partial
from typing import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import AppError

from .fonts import text_width
from .layout import FlowLayout, StackingSplitter, flow_row, scroll_panel

SEARCH_DELAY_MS = 150  # typing fast queries once, not at every key


def make_search_edit(parent: QObject, placeholder: str, on_search: Callable[[], None]) -> tuple[QLineEdit, QTimer]:
    """The "search" line edit and its single-shot timer: `on_search()` runs 150 ms after the last key."""
    edit = QLineEdit()
    edit.setObjectName("search")
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)
    timer.timeout.connect(on_search)
    edit.textChanged.connect(lambda _t: timer.start())
    return edit, timer


def make_record_table(
    model: QAbstractItemModel,
    columns: Sequence,
    object_name: str,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.ExtendedSelection,
) -> QTableView:
    """A read-only row-selecting, sortable table with fixed-height rows and the `Column.width`s of `columns`."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(columns):
        if column.width:
            table.setColumnWidth(i, text_width(table, column.width))
    return table


def make_list_and_form(
    table: QWidget,
    form: QWidget,
    sizes: Sequence[int],
    stretch: tuple[int, int] = (3, 2),
    form_min_width: int | None = None,
) -> StackingSplitter:
    """The table on the left and the form in a vertically scrolling area on the right; on a narrow page
    the form goes under the table (`StackingSplitter`)."""
    scroll = scroll_panel(form)
    if form_min_width is not None:
        scroll.floor = form_min_width
    table.setMinimumWidth(0)
    splitter = StackingSplitter()
    if table.objectName():  # its sizes are remembered under this name
        splitter.setObjectName(f"{table.objectName()}_splitter")
    splitter.addWidget(table)
    splitter.addWidget(scroll)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    return splitter


def make_filter_bar(search: QLineEdit, filters: Sequence[tuple[str, QWidget]]) -> FlowLayout:
    """"Tìm: [search]  Năm: [combo] …", wrapping onto a second line on a narrow page; the search box takes
    three shares of the spare width, each filter one."""
    bar = FlowLayout()
    for label, widget, share in (("Tìm", search, 3), *((label, widget, 1) for label, widget in filters)):
        bar.addWidget(labelled(label, widget), share)
    return bar


def labelled(label: str, widget: QWidget) -> QWidget:
    """"Label: [widget]" kept together on one line of a wrapping row."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(f"{label}:"))
    row.addWidget(widget, 1)
    return pair


def make_button_row(buttons: Sequence[QWidget], right: Sequence[QWidget] = ()) -> FlowLayout:
    """The action buttons above a list, left-aligned; `right` ones (e.g. "Xuất Excel…") at the far right.
    They wrap onto a second line when the page is narrow."""
    return flow_row(buttons, right)


def make_footer() -> QLabel:
    """The bold totals line under a list."""
    footer = QLabel("")
    footer.setObjectName("footer")
    footer.setStyleSheet("font-weight: bold; padding: 4px;")
    footer.setWordWrap(True)  # the totals take two lines on a narrow page
    return footer


class _UndoBeforeLineEdits(QObject):
    """Lets the page's Ctrl+Z shortcut win over a focused line edit's own undo while a delete can be undone.

    After a delete the form is emptied, so the name field (which usually has the focus) has nothing of
    its own to undo; without this it would take Ctrl+Z as a ShortcutOverride and the delete stayed done.
    With no delete pending, Ctrl+Z is the field's own undo again."""

    def __init__(self, page) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if (event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Undo)
                and self.page.has_pending_undo() and isinstance(watched, QWidget)
                and self.page.isAncestorOf(watched)):
            event.ignore()  # not claimed by the field: the shortcut map gives the key to the page
            return True
        return False


def install_delete_undo_key(page) -> QShortcut:
    """Ctrl+Z anywhere on `page` (a RecordListMixin page) undoes its last delete (see `_UndoBeforeLineEdits`)."""
    from PySide6.QtWidgets import QApplication

    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), page, page.undo_delete,
                         context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    QApplication.instance().installEventFilter(_UndoBeforeLineEdits(page))  # removed with the page
    return shortcut


ALL = "(Tất cả)"  # the first item of every list filter: no filtering on it
OWN_RECORDS = "(Của hội, không từ xã cũ)"  # the origin filter's item for the file's own records


def export_to_excel(page, suggested: str, write, path: str | None = None) -> str | None:
    """Ask where to save (unless `path`), write the export with `write(path)`, report the outcome."""
    from . import dialogs

    if path is None:
        path = dialogs.save_file(page, "Xuất Excel", suggested, "Bảng tính Excel (*.xlsx)")
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    try:
        written = write(path)
    except AppError as exc:
        dialogs.error(page, exc.message, "Không xuất được")
        return None
    return str(written)


class RecordListMixin:
    """A list page of one record kind: `spec` (its `RecordSpec`) says what the list shows and how its
    records are named; the page has `self.table`, its `self.model` (`uuid_at`, `row_of_uuid`), a record
    `self.form` (`current`, `load`, `new_record`), `self.ws` and `record_service()` (`get`, `history`,
    and for kinds with soft delete `delete`/`undelete`).

    `build_record_list` lays out search, filters, buttons, table, form and footer and wires them;
    deleting with undo, history, Excel export and the display of refusals are here once.
    Pages with soft delete also have `self._undo_stack` and a `changed` signal.
    """

    spec = None  # the page's RecordSpec
    EXPORT_NAME = ""  # suggested file name of the Excel export, without ".xlsx"
    filters: dict = {}

    # -- building ------------------------------------------------------------------------------
    def build_record_list(
        self,
        container: QWidget,
        *,
        model,
        form: QWidget,
        table_name: str,
        sizes: Sequence[int],
        actions: Sequence[QWidget] = (),
        stretch: tuple[int, int] = (3, 2),
        form_min_width: int | None = None,
        selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.ExtendedSelection,
        compact_filters: bool = False,
    ) -> None:
        """Search box and filter combos (from the spec), the `actions` row with "Xuất Excel…" at its
        right, the table beside `form`, the totals footer, laid out in `container` and wired."""
        from .forms.fields import make_combo

        self.search, self._search_timer = make_search_edit(self, self.spec.search_hint, self.apply_filter)
        self.filters = {}
        for flt in self.spec.filters:
            combo = make_combo(editable=False)
            combo.setObjectName(f"filter_{flt.field}")
            if compact_filters:  # long catalogue names must not widen the filter bar
                combo.setMinimumContentsLength(8)
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            self.filters[flt.field] = combo
        bar = make_filter_bar(self.search, [(f.label, self.filters[f.field]) for f in self.spec.filters])
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.clicked.connect(lambda: self.export_excel())
        row = make_button_row(list(actions), [self.export_button])

        self.model = model
        self.table = make_record_table(model, model.columns, table_name, selection=selection)
        self.form = form
        splitter = make_list_and_form(self.table, form, sizes, stretch=stretch, form_min_width=form_min_width)
        self.footer = make_footer()

        layout = QVBoxLayout(container)
        layout.addLayout(bar)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.footer)

        model.totals_changed.connect(self._show_totals)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        form.saved.connect(self._after_save)
        QShortcut(QKeySequence("Ctrl+F"), self, lambda: self.search.setFocus())

    def make_record_buttons(self, new_text: str = "Thêm mới (Ctrl+N)", on_new=None,
                            history_text: str = "Lịch sử sửa đổi") -> None:
        """"Thêm mới", "Xóa", "Hoàn tác xóa" and "Lịch sử sửa đổi" with their keys (Ctrl+N, Delete,
        Ctrl+Z); a kind without soft delete gets only the first and the last."""
        on_new = on_new or self.new_record
        self.new_button = QPushButton(new_text)
        self.new_button.clicked.connect(on_new)
        self.history_button = QPushButton(history_text)
        self.history_button.clicked.connect(self.show_history)
        QShortcut(QKeySequence("Ctrl+N"), self, on_new)
        if not self.spec.soft_delete:
            return
        self._undo_stack: list[list[str]] = []
        self.delete_button = QPushButton("Xóa (Delete)")
        self.undo_button = QPushButton("Hoàn tác xóa (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button.clicked.connect(self.undo_delete)
        install_delete_undo_key(self)

    def _bind_delete_key(self) -> None:
        """Delete on the table deletes the selected rows (after `build_record_list` made the table)."""
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, lambda: self.delete_selected(),
                  context=Qt.ShortcutContext.WidgetShortcut)

    # -- filters -------------------------------------------------------------------------------
    def fill_filters(self, options: dict) -> None:
        """Offer (Tất cả) and then `options[field]` in each filter, keeping the chosen item; a filter of
        the spec with a catalogue or fixed choices fills itself."""
        from .forms.fields import set_items

        for flt in self.spec.filters:
            if flt.field in options:
                items = list(options[flt.field])
            elif flt.catalog:
                items = self.ws.catalogs.names(flt.catalog)
                items = items[::-1] if flt.newest_first else items
            elif flt.choices:
                items = [label for _value, label in flt.choices]
            else:
                continue
            combo = self.filters[flt.field]
            combo.blockSignals(True)
            set_items(combo, [ALL] + items)
            combo.blockSignals(False)

    def origin_options(self, table: str) -> dict:
        """The "Xã cũ" filter's items for `fill_filters` (the file's own records, then each old commune merged
        in); the filter is shown only once some were (services/merge)."""
        origins = self.ws.merge.origins(table)
        self._origin_by_label = {OWN_RECORDS: "", **{name: code for code, name in origins}} if origins else {}
        if "origin" in self.filters:
            self.filters["origin"].parentWidget().setVisible(bool(origins))
        return {"origin": list(self._origin_by_label)}

    def origin_value(self) -> str | None:
        """The chosen origin: an old commune's code, "" the file's own records, None for (Tất cả)."""
        text = self.filter_value("origin") if "origin" in self.filters else ""
        return getattr(self, "_origin_by_label", {}).get(text) if text else None

    def filter_value(self, field: str) -> str:
        """The chosen value of a filter, "" for (Tất cả); a label of fixed choices is turned into its value."""
        text = self.filters[field].currentText()
        if text == ALL:
            return ""
        choices = next((f.choices for f in self.spec.filters if f.field == field), ())
        return next((value for value, label in choices if label == text), text) if choices else text

    def set_filter_value(self, key, text: str) -> None:
        """Choose `text` in a filter (given by its field or its combo), (Tất cả) when it is not offered."""
        combo = self.filters[key] if isinstance(key, str) else key
        index = combo.findText(text)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    # -- refusals and errors -------------------------------------------------------------------
    def tell(self, text: str) -> None:
        """Say why a page action did nothing ("select a row first"); a page with a message line overrides it."""
        from . import dialogs

        dialogs.info(self, text)

    def show_error(self, exc: AppError) -> None:
        """Show a page action's failure; a page with a message line overrides it."""
        from .operations import default_error

        default_error(self)(exc)

    # -- delete, undo, history, export ----------------------------------------------------------
    def delete_selected(self, confirm: bool = True) -> int:
        from . import dialogs
        from .operations import run_op

        uuids = self.selected_uuids()
        if not uuids:
            if confirm:
                self.tell(f"Hãy chọn {self.spec.words.pick} cần xóa.")
            return 0
        if confirm and not dialogs.ask(self, f"Xóa {len(uuids)} {self.spec.words.many} đã chọn?\n"
                                             "Có thể hoàn tác ngay bằng Ctrl+Z.", "Xác nhận xóa"):
            return 0
        if run_op(self, partial(self.record_service().delete, uuids), on_error=self.show_error) is None:
            return 0
        return self._soft_deleted(uuids)

    def _soft_deleted(self, uuids: list[str]) -> int:
        """After a successful soft delete (run through `ui.operations.run_op`, which refreshed the list):
        remember it for Ctrl+Z."""
        self._undo_stack.append(uuids)
        self.undo_button.setEnabled(True)
        self.form.new_record()
        return len(uuids)

    def has_pending_undo(self) -> bool:
        return bool(getattr(self, "_undo_stack", None))

    def undo_delete(self) -> int:
        if not self._undo_stack:
            return 0
        from .operations import run_op

        uuids = self._undo_stack.pop()
        self.undo_button.setEnabled(bool(self._undo_stack))
        if run_op(self, partial(self.record_service().undelete, uuids), on_error=self.show_error) is None:
            return 0
        return len(uuids)

    def history_uuid(self) -> str | None:
        """The record whose history "Lịch sử sửa đổi" shows: the one in the form."""
        return self.form.current.uuid if self.form.current is not None else None

    def record_title(self, record) -> str:
        return self.spec.display_of(record)

    def show_history(self) -> None:
        from .widgets import HistoryDialog

        uuid = self.history_uuid()
        if uuid is None:
            self.tell(f"Hãy chọn một {self.spec.words.one} để xem lịch sử sửa đổi.")
            return
        service = self.record_service()
        HistoryDialog(service.history(uuid), self.record_title(service.get(uuid)), self, labels=self.spec.labels).exec()

    def export_file_name(self, flt) -> str:
        return f"{self.EXPORT_NAME}.xlsx"

    def export_excel(self, path: str | None = None) -> str | None:
        """Export the list as filtered now to an .xlsx file (the kind's export columns)."""
        flt = self.current_filter()
        write = getattr(self.ws.exports, self.spec.exchange_kind)
        return export_to_excel(self, self.export_file_name(flt), lambda p: write(p, flt), path)

    # -- selection and form ----------------------------------------------------------------------
    def selected_uuids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [u for u in (self.model.uuid_at(r) for r in rows) if u]

    def _row_changed(self, current, _previous) -> None:
        """Load the record of the newly current row into the form (unless it is there already)."""
        if not current.isValid():
            return
        uuid = self.model.uuid_at(current.row())
        if uuid and (self.form.current is None or self.form.current.uuid != uuid):
            self.form.load(uuid)

    def new_record(self) -> None:
        self.table.clearSelection()
        self.form.new_record()

    def _after_save(self, uuid: str) -> None:
        self._select_uuid(uuid)  # the list itself was refreshed by the save's changes

    def _select_uuid(self, uuid: str) -> None:
        """Select and show the row of `uuid` (if listed) without reloading the form."""
        row = self.model.row_of_uuid(uuid)
        if row is None:
            return
        sel = self.table.selectionModel()
        sel.blockSignals(True)
        sel.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
        sel.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))
