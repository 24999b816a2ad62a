"""The Công dân học tập list (migration 0025): a year's people, paged and searched (their counts per target
group are `domain.learning_citizens.counts_from_list` of `year_list`)."""

from __future__ import annotations

from peewee import Database

from ..domain.learning_citizens import Citizen, CitizenFilter
from ..vietnamese import fold, name_sort_key
from .tables import LearningCitizen, plain_rows

TABLE = "learning_citizen"
_FIELDS = ("year", "full_name", "birth_year", "gender", "village", "target_group", "status", "id_number", "note")
_COLUMNS = (LearningCitizen.id, LearningCitizen.uuid, LearningCitizen.version, LearningCitizen.created_at,
            LearningCitizen.updated_at, LearningCitizen.deleted, *[getattr(LearningCitizen, f) for f in _FIELDS])


def row_values(draft) -> dict:
    values = {name: getattr(draft, name) for name in _FIELDS}
    values["search_key"] = fold(f"{draft.full_name} {draft.village}")
    values["name_key"] = name_sort_key(draft.full_name)
    return values


def _citizen(row) -> Citizen:
    return Citizen(**dict(zip(_FIELDS, row[6:])), id=row[0], uuid=row[1], version=row[2], created_at=row[3],
                   updated_at=row[4], deleted=bool(row[5]))


def _where(flt: CitizenFilter, include_deleted: bool = False):
    cond = LearningCitizen.year == flt.year
    if not include_deleted:
        cond &= LearningCitizen.deleted == 0
    if flt.target_group:
        cond &= LearningCitizen.target_group == flt.target_group
    if flt.status:
        cond &= LearningCitizen.status == flt.status
    if flt.uuids:
        cond &= LearningCitizen.uuid.in_(list(flt.uuids))
    for word in fold(flt.search).split():
        cond &= LearningCitizen.search_key.contains(word)
    return cond


def citizens(db: Database, flt: CitizenFilter, *, offset: int = 0, limit: int | None = None,
             by_village: bool = False) -> list[Citizen]:
    """The year's people in Vietnamese list order (tên, đệm, họ), by thôn first when asked; a page when limited."""
    order = [LearningCitizen.name_key, LearningCitizen.id]
    if by_village:
        order.insert(0, LearningCitizen.village)
    query = LearningCitizen.select(*_COLUMNS).where(_where(flt)).order_by(*order)
    if limit is not None:
        query = query.offset(offset).limit(limit)
    return [_citizen(r) for r in plain_rows(db, query)]


def count(db: Database, flt: CitizenFilter) -> int:
    return LearningCitizen.select().where(_where(flt)).count(db)


def get(db: Database, uuid: str, include_deleted: bool = False) -> Citizen | None:
    cond = LearningCitizen.uuid == uuid
    if not include_deleted:
        cond &= LearningCitizen.deleted == 0
    row = LearningCitizen.select(*_COLUMNS).where(cond).tuples().first(db)
    return _citizen(row) if row else None


def year_list(db: Database, year: int) -> list[Citizen]:
    """Everyone on the file's own list of the year (not deleted; not an old commune's, merged in with its own
    counts), for `domain.learning_citizens.counts_from_list`."""
    query = (LearningCitizen.select(*_COLUMNS)
             .where(_where(CitizenFilter(year=year)) & (LearningCitizen.origin_code == ""))
             .order_by(LearningCitizen.name_key, LearningCitizen.id))
    return [_citizen(r) for r in plain_rows(db, query)]


def insert(db: Database, values: dict) -> None:
    LearningCitizen.insert(values).execute(db)


def update(db: Database, uuid: str, values: dict) -> None:
    LearningCitizen.update(values).where(LearningCitizen.uuid == uuid).execute(db)
