"""Population figures per year (dân số, số hộ, số người từ 18 tuổi), per thôn or for the whole commune, so
"hội viên / dân số" (and later "gia đình học tập / số hộ") can be computed.

A year's total (one rule, `total_of`): the whole-commune line (village "") when it was entered, else the sum
of the thôn lines. The population a figure is taken against is the year's total, else the latest earlier
year's (the commune does not count its people every year).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .errors import FieldError
from .limits import count_problem

WHOLE_COMMUNE = ""  # the village of the line that holds the commune's own total
WHOLE_LABEL = "Toàn xã"
LABELS = {"population": "Dân số", "households": "Số hộ", "adults": "Số người từ 18 tuổi"}


@dataclass(frozen=True)
class PopulationLine:
    village: str  # "" = the whole commune
    population: int = 0
    households: int = 0
    adults: int = 0
    note: str = ""

    @property
    def label(self) -> str:
        return self.village or WHOLE_LABEL


@dataclass(frozen=True)
class PopulationYear:
    year: int
    lines: tuple[PopulationLine, ...] = ()

    @property
    def total(self) -> PopulationLine:
        return total_of(self.lines)


def total_of(lines: Iterable[PopulationLine]) -> PopulationLine:
    lines = list(lines)
    whole = [line for line in lines if line.village == WHOLE_COMMUNE]
    if whole:
        return whole[0]
    parts = [line for line in lines if line.village != WHOLE_COMMUNE]
    return PopulationLine(WHOLE_COMMUNE, sum(p.population for p in parts), sum(p.households for p in parts),
                          sum(p.adults for p in parts))


def validate_line(line: PopulationLine) -> list[FieldError]:
    """Errors and warnings of one line (counts in range; households and adults at most the population)."""
    problems: list[FieldError] = []
    where = line.label
    for name, label in LABELS.items():
        problem = count_problem(getattr(line, name), f"{label} ({where})")
        if problem:
            problems.append(FieldError(name, problem))
    if problems:
        return problems
    if line.adults > line.population:
        problems.append(FieldError("adults", f"{where}: số người từ 18 tuổi ({line.adults}) lớn hơn dân số "
                                             f"({line.population})."))
    if line.households > line.population:
        problems.append(FieldError("households", f"{where}: số hộ ({line.households}) lớn hơn dân số "
                                                 f"({line.population})."))
    if line.population and not line.households:
        problems.append(FieldError("households", f"{where}: chưa nhập số hộ.", "warning"))
    if len(line.village) > 100 or len(line.note) > 300:
        problems.append(FieldError("village", f"{where}: tên thôn hoặc ghi chú quá dài."))
    return problems


def population_for(year: int, totals: Mapping[int, PopulationLine]) -> tuple[int, int | None]:
    """(the year the figure is from, the population) against which `year` is measured: that year's total,
    else the latest earlier year's with a population; (year, None) when none. `totals`: year → total."""
    for known in sorted(totals, reverse=True):
        if known <= year and totals[known].population:
            return known, totals[known].population
    return year, None


def percent_of(part: int, whole: int | None) -> float | None:
    """part / whole in percent, two decimals; None when there is no whole."""
    if not whole:
        return None
    return round(100 * part / whole, 2)
