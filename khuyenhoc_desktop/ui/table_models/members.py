"""The member list model: the columns of the member spec over `storage.members.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.members import SPEC
from ...storage.members import LIST_COLUMNS
from .paged import PagedSource, PagedTableModel, spec_columns

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


def member_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.members.count_and_total, page=ws.members.page, id_index=_I["id"],
                         uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="name", parent=parent)
