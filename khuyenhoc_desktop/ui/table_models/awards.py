"""The award list model: the columns of the award spec over `storage.awards.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.awards import SPEC
from ...storage.awards import LIST_COLUMNS
from .paged import PagedSource, PagedTableModel, spec_columns

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


def award_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.awards.count_and_total, page=ws.awards.page, id_index=_I["id"], uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="name", parent=parent)
