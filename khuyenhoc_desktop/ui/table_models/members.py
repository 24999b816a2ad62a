"""The member list model: the columns of the member spec over `storage.members.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.members import SPEC
from ...storage.members import LIST_COLUMNS
from .paged import PagedTableModel, record_list_model


def member_list_model(ws, parent=None) -> PagedTableModel:
    return record_list_model(SPEC, LIST_COLUMNS, ws.members.count_and_total, ws.members.page, "name", parent)
