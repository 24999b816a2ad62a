"""The meeting list model (cuộc họp, biên bản): the columns of the meeting spec over `storage.meetings.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.meetings import SPEC
from ...storage.meetings import LIST_COLUMNS
from .paged import PagedSource, PagedTableModel, spec_columns

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


def meeting_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.meetings.count_and_totals, page=ws.meetings.page, id_index=_I["id"],
                         uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="start", parent=parent)
