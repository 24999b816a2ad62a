"""The class list model (lớp học / chuyên đề): columns of `storage.classes.LIST_COLUMNS` in Vietnamese."""

from __future__ import annotations

from ...storage.classes import LIST_COLUMNS
from ...vietnamese import format_vnd
from .paged import Column, PagedSource, PagedTableModel
from .vouchers import iso_to_vn

_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
INDEX = _I


def _count(v) -> str:
    return format_vnd(v or 0)


COLUMNS = [
    Column("Tên lớp / chuyên đề", _I["name"], sort="name", width=250),
    Column("Lĩnh vực", _I["field"], sort="field", width=140),
    Column("Hình thức", _I["form"], sort="form", width=110),
    Column("Bắt đầu", _I["start_date"], sort="start_date", format=iso_to_vn, width=95),
    Column("Kết thúc", _I["end_date"], format=iso_to_vn, width=95),
    Column("Số buổi", _I["sessions"], sort="sessions", format=_count, align_right=True, width=65),
    Column("Học viên", _I["learners"], sort="learners", format=_count, align_right=True, width=75),
    Column("Nữ", _I["women"], format=_count, align_right=True, width=50),
    Column("DTTS", _I["minority"], format=_count, align_right=True, width=50),
    Column("Kinh phí", _I["budget"], sort="budget", format=_count, align_right=True, width=100),
    Column("Địa điểm", _I["venue"], width=200),
]


def class_list_model(ws, parent=None) -> PagedTableModel:
    source = PagedSource(count=ws.classes.count_and_totals, page=ws.classes.page, id_index=_I["id"],
                         uuid_index=_I["uuid"])
    return PagedTableModel(source, COLUMNS, default_sort="start_date", parent=parent)
