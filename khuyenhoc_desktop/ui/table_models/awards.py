"""The award list model: the columns of the award spec over `storage.awards.LIST_COLUMNS`."""

from __future__ import annotations

from ...domain.awards import SPEC
from ...storage.awards import LIST_COLUMNS
from .paged import PagedTableModel, record_list_model, spec_columns

COLUMNS = spec_columns(SPEC, LIST_COLUMNS)


def award_list_model(ws, parent=None) -> PagedTableModel:
    return record_list_model(SPEC, LIST_COLUMNS, ws.awards.count_and_total, ws.awards.page, "name", parent)
