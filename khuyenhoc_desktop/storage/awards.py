"""Award rows: conversion to and from `domain.awards.Award`, and the paged list queries."""

from __future__ import annotations

from typing import Iterable, Sequence

from peewee import Cast, Database, fn

from . import records
from .tables import Award as AwardRow
from .tables import plain_rows
from ..domain.list_count import ListCount
from ..domain.awards import SPEC, Award, AwardDraft, AwardFilter
from ..vietnamese import fold

TABLE = "award"

# Sort name → SQL expression. Each has a matching partial index (see migrations) so paging by key is fast.
SORT_EXPRESSIONS = {
    "name": "name_key",
    "birth": "birth_date",
    "class_name": "class_name",
    "school": "school",
    "category": "category",
    "level": "level",
    "amount": "amount",
    "status": "status",
    "school_year": "school_year",
}

# What one list row needs; the form loads the whole record separately.
# Positions are part of the contract (callers read rows by position); the spec's columns are among them.
LIST_COLUMNS = (
    "id", "uuid", "full_name", "birth_date", "birth_year", "class_name", "school", "category",
    "level", "prize", "amount", "status", "school_year", "gender", "village",
)


_DATE_COLUMNS = records.date_columns(SPEC)
_DRAFT_FIELDS = records.draft_columns(SPEC)
_ALL_COLUMNS = _DRAFT_FIELDS + ["id", "uuid", "version", "created_at", "updated_at", "deleted", "printed_at"]


def search_key_for(draft: AwardDraft) -> str:
    """Folded text the list searches in: the spec's search fields (the name, then the parent's name),
    kept apart by "|" so a search does not match across the two."""
    return records.search_key(SPEC, draft, sep="|")


def row_values(draft: AwardDraft) -> dict:
    """Column values for a normalised draft, including the derived name and search keys."""
    values = {name: getattr(draft, name) for name in _DRAFT_FIELDS}
    values.update(records.name_columns(draft))
    values["search_key"] = search_key_for(draft)
    return records.dates_to_text(values, _DATE_COLUMNS)


def award_from_row(row: dict) -> Award:
    data = records.dates_from_text({k: row[k] for k in _ALL_COLUMNS if k in row}, _DATE_COLUMNS)
    data["deleted"] = bool(data.get("deleted"))
    return Award(**data)


def get(db: Database, *, uuid: str | None = None, id: int | None = None) -> Award | None:
    key, value = ("uuid", uuid) if uuid is not None else ("id", id)
    cur = db.execute_sql(f"SELECT {', '.join(_ALL_COLUMNS)} FROM award WHERE {key} = ?", (value,))
    row = cur.fetchone()
    return award_from_row(dict(zip(_ALL_COLUMNS, row))) if row else None


def raw_row(db: Database, uuid: str) -> dict | None:
    return records.raw_row(db, TABLE, uuid)


def raw_rows(db: Database, uuids, columns: Sequence[str] = ()) -> list[dict]:
    return records.raw_rows(db, TABLE, uuids, columns)


def update_many(db: Database, changes) -> None:
    """(uuid, values) of many awards, as `update` each (a print run's numbers and print dates)."""
    records.update_rows(db, TABLE, changes)


def insert(db: Database, values: dict) -> int:
    return records.insert_row(db, TABLE, values)


def update(db: Database, uuid: str, values: dict) -> None:
    records.update_row(db, TABLE, uuid, values)


def insert_many(db: Database, rows: Sequence[dict]) -> None:
    """Bulk insert of complete rows (demo data, imports): one prepared statement, many rows."""
    records.insert_rows(db, TABLE, rows)


# -- list queries -----------------------------------------------------------------
def where_clause(flt: AwardFilter) -> tuple[str, list]:
    return (records.Where(flt.include_deleted).equal(flt, "school_year", "category", "level", "school", "status")
            .origin(flt.origin).uuids(flt.uuids).search(flt.search).sql())


def count_and_total(db: Database, flt: AwardFilter) -> ListCount:
    where, params = where_clause(flt)
    # With search words a plain table scan is ~3x faster than the planner's pick (award_by_amount + a row lookup each).
    count, total = db.execute_sql(f"SELECT COUNT(*), TOTAL(amount) FROM award{' NOT INDEXED' if fold(flt.search).split() and not flt.uuids else ''} WHERE {where}", params).fetchone()
    return ListCount.of_awards(int(count), int(total))


def page(
    db: Database,
    flt: AwardFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    after: tuple | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple]:
    """One page of list rows, each `LIST_COLUMNS` values followed by its sort value.

    With `after=(sort_value, id)` the page starts just after that row (keyset paging, fast at any depth);
    otherwise it starts at `offset`.
    """
    expr = SORT_EXPRESSIONS.get(sort, "name_key")
    where, params = where_clause(flt)
    return records.keyset_page(db, TABLE, LIST_COLUMNS, where, params, expr, descending, after, offset, limit)


def uuids_matching(db: Database, flt: AwardFilter, sort: str = "name", limit: int | None = None) -> list[str]:
    """UUIDs of the filtered set in list order (for printing or paying a selection)."""
    expr = SORT_EXPRESSIONS.get(sort, "name_key")
    where, params = where_clause(flt)
    sql = f"SELECT uuid FROM award WHERE {where} ORDER BY {expr}, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in db.execute_sql(sql, params)]


def uuids_and_statuses(db: Database, flt: AwardFilter, sort: str = "name") -> list[tuple[str, str]]:
    """(uuid, status) of the filtered set in list order, deleted awards left out: what a print job keeps,
    before reading whole rows."""
    expr = SORT_EXPRESSIONS.get(sort, "name_key")
    where, params = where_clause(flt)
    sql = f"SELECT uuid, status FROM award WHERE ({where}) AND deleted = 0 ORDER BY {expr}, id"
    return db.execute_sql(sql, params).fetchall()


def fetch_many(db: Database, uuids: Iterable[str]) -> list[Award]:
    """Whole records for the given UUIDs, in the order given."""
    return records.fetch_by_uuids(db, TABLE, _ALL_COLUMNS, uuids, lambda row: award_from_row(dict(zip(_ALL_COLUMNS, row))))


def probable_duplicates(db: Database, draft: AwardDraft, exclude_uuid: str | None = None) -> list[Award]:
    """Same folded name, same birth (date or year) and school year, not deleted — whatever else differs
    (another category, school or spelling of the name is still probably the same pupil)."""
    where, params = (records.Where().add("school_year = ?", draft.school_year).same_name(fold(draft.full_name))
                     .born_like(draft.birth_date, draft.birth_year).other_than(exclude_uuid).sql())
    return fetch_many(db, [r[0] for r in db.execute_sql(f"SELECT uuid FROM award WHERE {where} LIMIT 20", params)])


def distinct_values(db: Database, column: str, limit: int = 500) -> list[str]:
    """Values already used in a text column (for completion); uses the column's index."""
    if column not in {"school_year", "category", "level", "school", "class_name", "village", "batch", "subject", "prize", "funding_source"}:
        raise ValueError(column)
    cur = db.execute_sql(
        f"SELECT DISTINCT {column} FROM award WHERE deleted = 0 AND {column} != '' ORDER BY {column} LIMIT ?", (limit,)
    )
    return [r[0] for r in cur]


def last_register_no(db: Database, school_year: str) -> int:
    """The highest n of the register numbers "n/<school_year>" given so far (0 before the first)."""
    number = Cast(fn.substr(AwardRow.register_no, 1, fn.instr(AwardRow.register_no, "/") - 1), "INTEGER")
    return (AwardRow.select(fn.MAX(number))
            .where((AwardRow.school_year == school_year) & AwardRow.register_no.endswith(f"/{school_year}"))
            .scalar(db) or 0)


def names_in_year(db: Database, school_year: str) -> Iterable[tuple[str, str, str, int | None]]:
    """(folded full name, category, birth date, birth year) of the year's awards, for finding duplicates.

    The folded name is the search key's first part (before "|"): no second folding of every name."""
    name = fn.substr(AwardRow.search_key, 1, fn.instr(AwardRow.search_key, "|") - 1)
    return plain_rows(db, AwardRow.select(name, AwardRow.category, AwardRow.birth_date, AwardRow.birth_year)
                .where((AwardRow.deleted == 0) & (AwardRow.school_year == school_year)))


def approved_to_pay(db: Database, limit: int = 2000) -> list[tuple[str, str]]:
    """(school year, uuid) of approved awards with money, newest school year first, by name."""
    return list(plain_rows(db, AwardRow.select(AwardRow.school_year, AwardRow.uuid)
                     .where((AwardRow.deleted == 0) & (AwardRow.status == "approved") & (AwardRow.amount > 0))
                     .order_by(AwardRow.school_year.desc(), AwardRow.name_key).limit(limit)))
