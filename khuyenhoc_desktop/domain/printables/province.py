"""The province's summary of its communes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class ProvinceTable:
    """One table of the province's summary: its title, columns (header, key, kind: text | int | money)
    and rows (key → value); `strong_rows`: the indexes of rows printed in bold (the province's totals)."""

    title: str
    columns: tuple[tuple[str, str, str], ...]
    rows: tuple[Mapping[str, Any], ...]
    strong_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProvinceSummaryData:
    """Tổng hợp số liệu khuyến học các xã: by commune, awards by dimension, classes by field, learning models."""

    tables: tuple[ProvinceTable, ...]
    school_year: str = ""
    author: str = ""
