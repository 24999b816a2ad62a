"""The class list model (lớp học / chuyên đề): the columns of the class spec over `storage.classes.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.classes import SPEC
from ...storage.classes import LIST_COLUMNS
from .paged import PagedSource, PagedTableModel, spec_columns

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


def class_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.classes.count_and_totals, page=ws.classes.page, id_index=_I["id"],
                         uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="start_date", parent=parent)
