"""Building blocks of the list pages: debounced search box, filter bar, button row, record table,
list + form splitter, footer, and `RecordListMixin` (selection <-> form behaviour shared by the pages with a table and a form)."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

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
            table.setColumnWidth(i, column.width)
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


class RecordListMixin:
    """Selection and form behaviour of a page with `self.table`, its `self.model` (`uuid_at`,
    `row_of_uuid`) and a record `self.form` (`current`, `load`, `new_record`).

    Pages with soft delete also have `self._undo_stack`, `self.undo_button`, a `changed` signal and
    `record_service()` returning the service with `delete`/`undelete`.
    """

    def _soft_deleted(self, uuids: list[str]) -> int:
        """After a successful soft delete (run through `ui.operations.run_op`, which refreshed the list):
        remember it for Ctrl+Z."""
        self._undo_stack.append(uuids)
        self.undo_button.setEnabled(True)
        self.form.new_record()
        return len(uuids)

    def has_pending_undo(self) -> bool:
        return bool(self._undo_stack)

    def undo_delete(self) -> int:
        if not self._undo_stack:
            return 0
        from functools import partial

        from .operations import run_op

        uuids = self._undo_stack.pop()
        self.undo_button.setEnabled(bool(self._undo_stack))
        if run_op(self, partial(self.record_service().undelete, uuids)) is None:
            return 0
        return len(uuids)

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
