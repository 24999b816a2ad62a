"""A table model that never loads every row: it counts the filtered set and fetches pages by key on demand.

A *source* provides two functions (see `PagedSource`): `count(filter) -> ListCount` (rows and the footer's total) and
`page(filter, sort=, descending=, after=, offset=, limit=) -> list[tuple]`, where each row tuple ends
with its sort value and the row's id sits at index `id_index`. Scrolling down fetches the next page
with keyset paging (after the last row's (sort value, id)), which costs the same at any depth; a jump
near the end reads the reversed order from the end; only a jump into the middle uses OFFSET.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ...domain.list_count import ListCount

PAGE_SIZE = 200
MAX_CACHED_PAGES = 60


@dataclass(frozen=True)
class Column:
    header: str
    index: int  # position in the row tuple
    sort: str | None = None  # sort name understood by the source, None = not sortable
    format: Callable[[Any], str] | None = None
    align_right: bool = False
    width: int = 0
    format_row: Callable[[tuple], str] | None = None  # when the text needs more than one value of the row


def iso_to_vn(value) -> str:
    """"2026-02-05" → "05/02/2026" ("" for no date)."""
    if not value:
        return ""
    y, m, d = str(value)[:10].split("-")
    return f"{d}/{m}/{y}"


def _count_text(value) -> str:
    from ...vietnamese import format_vnd

    return format_vnd(value or 0)


def spec_columns(spec, list_columns: tuple[str, ...]) -> list[Column]:
    """The `Column`s of a record kind's list, as its spec declares them, over the row tuples of the
    storage list query whose column names are `list_columns`."""
    at = {name: i for i, name in enumerate(list_columns)}

    def birth(row: tuple) -> str:  # the date, or the year alone when only the year is known ("2012")
        value = row[at["birth_date"]]
        if value:
            return iso_to_vn(value)
        year = row[at["birth_year"]]
        return str(year) if year else ""

    columns = []
    for c in spec.columns:
        fmt = row_fmt = None
        if c.format in ("money", "count"):
            fmt = _count_text
        elif c.format == "date":
            fmt = iso_to_vn
        elif c.format == "choice":
            labels = dict(c.choices)
            fmt = lambda v, labels=labels: labels.get(v, v or "")  # noqa: E731
        elif c.format == "birth":
            row_fmt = birth
        columns.append(Column(c.label, at[c.key], sort=c.sort or None, format=fmt, width=c.width,
                              align_right=c.format in ("money", "count"), format_row=row_fmt))
    return columns


@dataclass
class PagedSource:
    count: Callable[[Any], ListCount]
    page: Callable[..., list[tuple]]
    id_index: int = 0
    uuid_index: int = 1


def record_list_model(spec, list_columns: tuple[str, ...], count: Callable, page: Callable, default_sort: str,
                      parent=None) -> "PagedTableModel":
    """The paged list of a record kind: the columns its spec declares over the row tuples of its storage
    list query (`list_columns` names them, "id" and "uuid" among them), counted by `count` and read page
    by page by `page` (the kind's service)."""
    source = PagedSource(count=count, page=page, id_index=list_columns.index("id"),
                         uuid_index=list_columns.index("uuid"))
    return PagedTableModel(source, spec_columns(spec, list_columns), default_sort=default_sort, parent=parent)


class PagedTableModel(QAbstractTableModel):
    totals_changed = Signal(object, object)  # rows, money (money may exceed 32 bits)

    def __init__(self, source: PagedSource, columns: list[Column], default_sort: str, parent=None) -> None:
        super().__init__(parent)
        self._source = source
        self._columns = columns
        self._filter: Any = None
        self._sort = default_sort
        self._descending = False
        self._count = 0
        self._total = 0
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self.queries = 0  # pages fetched since the last reset (for tests and benchmarks)

    # -- public ------------------------------------------------------------------------
    def set_filter(self, flt: Any) -> None:
        self.beginResetModel()
        self._filter = flt
        self._reload_counts()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after a change (counts and visible pages)."""
        self.beginResetModel()
        self._reload_counts()
        self.endResetModel()

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @property
    def filter(self) -> Any:
        return self._filter

    @property
    def total_rows(self) -> int:
        return self._count

    @property
    def total_money(self) -> int:
        return self._total

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def row_tuple(self, row: int) -> tuple | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def uuid_at(self, row: int) -> str | None:
        data = self.row_tuple(row)
        return data[self._source.uuid_index] if data else None

    def row_of_uuid(self, uuid: str) -> int | None:
        """Row of a record among the pages already read (after a save the form's record is usually there)."""
        for number, rows in self._pages.items():
            for offset, data in enumerate(rows):
                if data[self._source.uuid_index] == uuid:
                    return number * PAGE_SIZE + offset
        return None

    # -- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            data = self.row_tuple(index.row())
            if data is None:
                return None
            if column.format_row:
                return column.format_row(data)
            value = data[column.index]
            if column.format:
                return column.format(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = self._columns[column].sort
        if name is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (name, descending) == (self._sort, self._descending):
            return
        self.beginResetModel()
        self._sort, self._descending = name, descending
        self._pages.clear()
        self.endResetModel()

    def column_for_sort(self, name: str) -> int:
        for i, column in enumerate(self._columns):
            if column.sort == name:
                return i
        return -1

    # -- paging ------------------------------------------------------------------------
    def _reload_counts(self) -> None:
        self._pages.clear()
        self.queries = 0
        found = self._source.count(self._filter)
        self._count, self._total = found.count, found.total
        self.totals_changed.emit(self._count, self._total)

    def _page(self, number: int) -> list[tuple]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._fetch(number)
        self._pages[number] = page
        if len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _fetch(self, number: int) -> list[tuple]:
        self.queries += 1
        start = number * PAGE_SIZE
        limit = min(PAGE_SIZE, self._count - start)
        if limit <= 0:
            return []
        previous = self._pages.get(number - 1)
        if previous and len(previous) == PAGE_SIZE:
            last = previous[-1]
            return self._query(after=(last[-1], last[self._source.id_index]), limit=limit)
        rows_after = self._count - start - limit
        if rows_after < start:
            # Nearer the end: read backwards from the last row, then put the rows in list order.
            rows = self._query(reverse=True, offset=rows_after, limit=limit)
            rows.reverse()
            return rows
        return self._query(offset=start, limit=limit)

    def _query(self, *, after=None, offset: int = 0, limit: int = PAGE_SIZE, reverse: bool = False) -> list[tuple]:
        descending = self._descending != reverse
        return list(
            self._source.page(
                self._filter, sort=self._sort, descending=descending, after=after, offset=offset, limit=limit
            )
        )
