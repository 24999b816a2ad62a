"""The award list model: columns of `storage.awards.LIST_COLUMNS` shown in Vietnamese."""

from __future__ import annotations

from ...domain.awards import STATUSES
from ...storage.awards import LIST_COLUMNS
from ...vietnamese import format_vnd
from .paged import Column, PagedSource, PagedTableModel

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}


def _birth(row: tuple) -> str:
    """The birth date, or the year alone when only the year is known ("2012")."""
    value = row[_I["birth_date"]]
    if not value:
        year = row[_I["birth_year"]]
        return str(year) if year else ""
    y, m, d = value.split("-")
    return f"{d}/{m}/{y}"


COLUMNS = [
    Column("Họ và tên", _I["full_name"], sort="name", width=200),
    Column("Ngày sinh", _I["birth_date"], sort="birth", format_row=_birth, width=105),
    Column("Lớp", _I["class_name"], sort="class_name", width=50),
    Column("Trường", _I["school"], sort="school", width=170),
    Column("Loại thành tích", _I["category"], sort="category", width=170),
    Column("Cấp", _I["level"], sort="level", width=90),
    Column("Giải", _I["prize"], width=60),
    Column("Số tiền", _I["amount"], sort="amount", format=lambda v: format_vnd(v or 0), align_right=True, width=90),
    Column("Trạng thái", _I["status"], sort="status", format=lambda v: STATUSES.get(v, v), width=80),
    Column("Năm học", _I["school_year"], sort="school_year", width=85),
]


def award_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.awards.count_and_total, page=ws.awards.page, id_index=_I["id"], uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="name", parent=parent)
