"""The communes' dues and population figures at the province (`prov_dues_payment`, `prov_dues_submission`,
`prov_population`, migration 0017): the statements an import writes them with, and what the province
counts from them — by the definitions of the commune's own summary (`storage.dues.collected`, `submitted`;
a year's population: `domain.population`)."""

from __future__ import annotations

from peewee import Database, fn

from .models import ProvDuesPayment, ProvDuesSubmission, ProvPopulation

# Written by `mirror.write` with the other typed copies (plain `executemany`, see there).
TYPED_SQL = {
    "dues_payment": "INSERT OR REPLACE INTO prov_dues_payment(commune_code, uuid, year, amount, status, deleted)"
                    " VALUES (?,?,?,?,?,?)",
    "dues_submission": "INSERT OR REPLACE INTO prov_dues_submission(commune_code, uuid, year, amount, status,"
                       " deleted) VALUES (?,?,?,?,?,?)",
    "population": "INSERT OR REPLACE INTO prov_population(commune_code, uuid, year, village, population,"
                  " households, adults, deleted) VALUES (?,?,?,?,?,?,?,?)",
}


def collected_by_commune(db: Database, year: int) -> dict[str, int]:
    """Per commune: the sum of the dues payments of `year` still counted (not on a reversed phiếu thu)."""
    p = ProvDuesPayment
    query = (p.select(p.commune_code, fn.SUM(p.amount))
             .where((p.year == year) & (p.deleted == 0) & (p.status == "paid"))
             .group_by(p.commune_code).tuples().bind(db))
    return {code: int(total) for code, total in query}


def submitted_by_commune(db: Database, year: int) -> dict[str, int]:
    """Per commune: the dues of `year` sent upward on phiếu chi still counted."""
    s = ProvDuesSubmission
    query = (s.select(s.commune_code, fn.SUM(s.amount))
             .where((s.year == year) & (s.deleted == 0) & (s.status == "active"))
             .group_by(s.commune_code).tuples().bind(db))
    return {code: int(total) for code, total in query}


def population_lines(db: Database, up_to_year: int) -> list[tuple[str, int, str, int, int, int]]:
    """(commune, year, village, population, households, adults) of every line up to `up_to_year`."""
    p = ProvPopulation
    query = (p.select(p.commune_code, p.year, p.village, p.population, p.households, p.adults)
             .where((p.deleted == 0) & (p.year <= up_to_year)).tuples().bind(db))
    return list(query)


def dump(db: Database):
    for model in (ProvDuesPayment, ProvDuesSubmission, ProvPopulation):
        yield from model.select().order_by(model.commune_code, model.uuid).tuples().bind(db)
