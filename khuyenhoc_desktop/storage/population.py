"""Population rows: one per year and thôn (village '' = the whole commune's own figure)."""

from __future__ import annotations

from peewee import Database

from .tables import Population, plain_rows
from ..domain.population import PopulationLine

TABLE = "population"
_FIELDS = ("village", "population", "households", "adults", "note")


def lines_of(db: Database, year: int) -> dict[str, tuple[str, int, PopulationLine]]:
    """village → (uuid, version, line) of a year, not deleted."""
    query = (Population.select(Population.uuid, Population.version, *[getattr(Population, f) for f in _FIELDS])
             .where((Population.year == year) & (Population.deleted == 0)).order_by(Population.village))
    return {r[2]: (r[0], r[1], PopulationLine(*r[2:])) for r in plain_rows(db, query)}


def years(db: Database) -> list[int]:
    query = Population.select(Population.year).distinct().where(Population.deleted == 0)
    return sorted((int(r[0]) for r in plain_rows(db, query)), reverse=True)
