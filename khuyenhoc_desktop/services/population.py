"""Population figures per year (dân số, số hộ, số người từ 18 tuổi), per thôn and for the whole commune:
save a year's table in one transaction, read it, import it from an Excel sheet, and the population a
membership percentage is taken against (docs/numbers.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from ..domain.changes import Changes
from ..domain.limits import year_problem
from ..domain.errors import AppError, FieldError, NeedsConfirmation, ValidationError
from ..domain.population import (
    WHOLE_COMMUNE, PopulationLine, PopulationYear, population_for, total_of, validate_line,
)
from ..storage import audit, population as store
from .record_writes import write_keyed_rows
from ..vietnamese import fold, format_vnd, normalize

TABLE = store.TABLE


class PopulationService:
    def __init__(self, ws) -> None:
        self.ws = ws

    def year(self, year: int) -> PopulationYear:
        lines = store.lines_of(self.ws.db, year)
        return PopulationYear(year, tuple(line for _, _, line in lines.values()))

    def years(self) -> list[int]:
        return store.years(self.ws.db)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def population_for(self, year: int) -> tuple[int, int | None]:
        """(the year the figure is from, the population): `domain.population.population_for` over the
        years entered."""
        return population_for(year, {known: self.year(known).total for known in self.years()})

    def save_year(self, year: int, lines: Sequence[PopulationLine], *, confirm: bool = False,
                  reason: str = "") -> Changes:
        """Replace the figures of `year` by `lines` (a thôn left out is removed; an all-zero line is not
        kept), one transaction with an audit row per line changed. Refused: counts out of range, a thôn
        twice, more adults or households than people. Asked: a population smaller than the members on
        the register, the thôn lines not adding up to the whole-commune line."""
        problem = year_problem(year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        cleaned: dict[str, PopulationLine] = {}
        problems: list[FieldError] = []
        for line in lines:
            line = replace(line, village=normalize(line.village), note=normalize(line.note))
            if line.village in cleaned:
                problems.append(FieldError("village", f"“{line.label}” có hai dòng."))
                continue
            problems += validate_line(line)
            if line.population or line.households or line.adults or line.note:
                cleaned[line.village] = line
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise ValidationError(errors)
        warnings = [p for p in problems if p.severity == "warning"]
        total = total_of(cleaned.values())
        parts = [p for v, p in cleaned.items() if v != WHOLE_COMMUNE]
        if WHOLE_COMMUNE in cleaned and parts:
            summed = sum(p.population for p in parts)
            if summed != total.population:
                warnings.append(FieldError("population", f"Cộng dân số các thôn ({format_vnd(summed)}) khác dân số "
                                                         f"toàn xã ({format_vnd(total.population)}); tính theo "
                                                         "số toàn xã.", "warning"))
        members = self.members_in(year)
        if total.population and members > total.population:
            warnings.append(FieldError("population", f"Dân số năm {year} ({format_vnd(total.population)} người) nhỏ "
                                                     f"hơn số hội viên đang sinh hoạt ({format_vnd(members)}). "
                                                     "Số liệu có đúng không?", "warning"))
        if warnings and not confirm:
            raise NeedsConfirmation(warnings)
        wanted = {village: (line, {"year": year, "village": village, "population": line.population,
                                   "households": line.households, "adults": line.adults, "note": line.note})
                  for village, line in cleaned.items()}
        with self.ws.db.atomic():
            return write_keyed_rows(self.ws, TABLE, store.lines_of(self.ws.db, year), wanted,
                                    before_of=lambda old: _as_dict(year, old), delete_missing=True, reason=reason)

    def members_in(self, year: int) -> int:
        """Members on the register at the end of `year` (today, for this year)."""
        from datetime import date

        from ..storage import members

        if not self.ws.db.table_exists("member"):
            return 0
        return members.active_count(self.ws.db, min(date(year, 12, 31), self.ws.clock.today()))

    # == Excel ===================================================================================
    def read_excel(self, path: str | Path) -> list[PopulationLine]:
        """The lines of a sheet with a header row naming "Thôn", "Dân số" (or "Số khẩu"), "Số hộ" and
        "Từ 18 tuổi" (any order, diacritics optional). A line "Tổng"/"Toàn xã"/"Cộng" is the whole commune's."""
        from ..excel.workbook import read_workbook

        sheets = [s for s in read_workbook(path) if s.visible and not s.is_empty]
        if not sheets:
            raise AppError("Tệp Excel không có trang nào có số liệu.")
        rows = sheets[0].rows
        header_at, columns = _find_header(rows)
        lines: list[PopulationLine] = []
        for n, row in enumerate(rows[header_at + 1:], header_at + 2):
            cells = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
            name = normalize(str(cells.get("village") or ""))
            if not name and not any(cells.get(k) not in (None, '') for k in ("population", "households", "adults")):
                continue
            if fold(name) in ("tong", "tong cong", "cong", "toan xa", "toan phuong", "tong so"):
                name = WHOLE_COMMUNE
            values = {}
            for key in ("population", "households", "adults"):
                values[key] = _count(cells.get(key), n, key)
            lines.append(PopulationLine(name, **values))
        if not lines:
            raise AppError("Bảng không có dòng số liệu nào dưới dòng tiêu đề.")
        return lines


def _as_dict(year: int, line: PopulationLine) -> dict:
    return {"year": year, "village": line.village, "population": line.population, "households": line.households,
            "adults": line.adults, "note": line.note}


_HEADERS = {
    "village": ("thon", "ten thon", "thon, to dan pho", "to dan pho", "thon/to"),
    "population": ("dan so", "so khau", "so nhan khau", "nhan khau", "tong dan so"),
    "households": ("so ho", "ho", "so ho gia dinh"),
    "adults": ("tu 18 tuoi", "so nguoi tu 18 tuoi", "tu 18 tuoi tro len", "nguoi tu 18 tuoi", "tren 18 tuoi"),
}


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for at, row in enumerate(rows[:20]):
        found: dict[str, int] = {}
        for i, cell in enumerate(row):
            text = fold(str(cell or "")).strip(" :")
            for key, words in _HEADERS.items():
                if key not in found and text in words:
                    found[key] = i
        if "village" in found and "population" in found:
            return at, found
    raise AppError("Không tìm thấy dòng tiêu đề có cột “Thôn” và “Dân số” trong 20 dòng đầu của bảng.")


def _count(value, row: int, key: str) -> int:
    from ..domain.population import LABELS

    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        digits = value.replace(".", "").replace(",", "").replace(" ", "")
        if digits.isdigit():
            value = int(digits)
    if not isinstance(value, int) or isinstance(value, bool):
        raise AppError(f"Dòng {row}: {LABELS[key].lower()} “{value}” không phải là số.")
    return value
