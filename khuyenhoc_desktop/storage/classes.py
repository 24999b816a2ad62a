"""Learning class rows (lớp học / chuyên đề) and their learners: conversion, paged list, totals."""

from __future__ import annotations

from typing import Iterable, Sequence

from peewee import Database

from . import records
from .tables import LearningClass as ClassRow
from .tables import plain_rows
from ..domain.list_count import ListCount
from ..domain.classes import SPEC, ClassDraft, ClassFilter, ClassTotal, Learner, LearnerDraft, LearningClass
from ..vietnamese import fold, name_sort_key

TABLE = "learning_class"
LEARNER_TABLE = "class_learner"

SORT_EXPRESSIONS = {
    "start_date": "start_date",
    "name": "name_key",
    "field": "field",
    "form": "form",
    "learners": "learners",
    "sessions": "sessions",
    "budget": "budget",
    "year": "year",
}

# What one list row needs (the form loads the whole record separately).
# Positions are part of the contract (callers read rows by position); the spec's columns are among them.
LIST_COLUMNS = (
    "id", "uuid", "name", "field", "form", "start_date", "end_date", "sessions", "learners", "women", "minority",
    "budget", "venue", "school_year", "year",
)

_DATE_COLUMNS = records.date_columns(SPEC)
_DRAFT_FIELDS = records.draft_columns(SPEC)
_COLUMNS = _DRAFT_FIELDS + ["id", "uuid", "version", "created_at", "updated_at", "deleted"]
_SELECT = ", ".join(_COLUMNS)


def search_key_for(draft: ClassDraft) -> str:
    return records.search_key(SPEC, draft)


def row_values(draft: ClassDraft) -> dict:
    values = records.dates_to_text({name: getattr(draft, name) for name in _DRAFT_FIELDS}, _DATE_COLUMNS)
    values["name_key"] = fold(draft.name)
    values["search_key"] = search_key_for(draft)
    return values


def class_from_row(row: Sequence) -> LearningClass:
    data = records.dates_from_text(dict(zip(_COLUMNS, row)), _DATE_COLUMNS)
    data["deleted"] = bool(data["deleted"])
    return LearningClass(**data)


def get(db: Database, uuid: str) -> LearningClass | None:
    row = db.execute_sql(f"SELECT {_SELECT} FROM learning_class WHERE uuid = ?", (uuid,)).fetchone()
    return class_from_row(row) if row else None


def raw_row(db: Database, uuid: str, table: str = TABLE) -> dict | None:
    return records.raw_row(db, table, uuid)


def insert(db: Database, values: dict, table: str = TABLE) -> int:
    return records.insert_row(db, table, values)


def update(db: Database, uuid: str, values: dict, table: str = TABLE) -> None:
    records.update_row(db, table, uuid, values)


def fetch_many(db: Database, uuids: Iterable[str]) -> list[LearningClass]:
    return records.fetch_by_uuids(db, TABLE, _SELECT, uuids, class_from_row)


def classes_for_voucher(db: Database, voucher_uuid: str) -> list[LearningClass]:
    cur = db.execute_sql(f"SELECT {_SELECT} FROM learning_class WHERE voucher_uuid = ? AND deleted = 0", (voucher_uuid,))
    return [class_from_row(r) for r in cur]


# -- list queries ------------------------------------------------------------------------------
def where_clause(flt: ClassFilter) -> tuple[str, list]:
    where = records.Where(flt.include_deleted)
    if flt.year:
        where.add("year = ?", flt.year)
    return (where.equal(flt, "school_year", "field", "form").origin(flt.origin).uuids(flt.uuids)
            .search(flt.search).sql())


def count_and_totals(db: Database, flt: ClassFilter) -> ListCount:
    """The number of classes of the filtered set and their lượt người học."""
    where, params = where_clause(flt)
    row = db.execute_sql(f"SELECT COUNT(*), IFNULL(SUM(learners), 0) FROM learning_class WHERE {where}", params).fetchone()
    return ListCount.of_classes(int(row[0]), int(row[1]))


def page(
    db: Database,
    flt: ClassFilter,
    *,
    sort: str = "start_date",
    descending: bool = False,
    after: tuple | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple]:
    """One page of list rows: `LIST_COLUMNS` values followed by the sort value.

    With `after=(sort_value, id)` the page starts just after that row (keyset paging).
    """
    expr = SORT_EXPRESSIONS.get(sort, "start_date")
    where, params = where_clause(flt)
    return records.keyset_page(db, TABLE, LIST_COLUMNS, where, params, expr, descending, after, offset, limit)


def uuids_matching(db: Database, flt: ClassFilter, sort: str = "start_date") -> list[str]:
    expr = SORT_EXPRESSIONS.get(sort, "start_date")
    where, params = where_clause(flt)
    return [r[0] for r in db.execute_sql(f"SELECT uuid FROM learning_class WHERE {where} ORDER BY {expr}, id", params)]


def totals_by(db: Database, column: str, flt: ClassFilter) -> list[ClassTotal]:
    """Totals grouped by `year`, `school_year`, `field` or `form` over the filtered set."""
    if column not in {"year", "school_year", "field", "form"}:
        raise ValueError(column)
    where, params = where_clause(flt)
    cur = db.execute_sql(
        f"SELECT {column}, COUNT(*), IFNULL(SUM(learners), 0), IFNULL(SUM(women), 0), IFNULL(SUM(minority), 0),"
        f" IFNULL(SUM(sessions), 0), IFNULL(SUM(budget), 0) FROM learning_class WHERE {where}"
        f" GROUP BY {column} ORDER BY {column}",
        params,
    )
    return [ClassTotal(r[0] if r[0] is not None else "", *(int(v) for v in r[1:])) for r in cur]


def distinct_values(db: Database, column: str, limit: int = 500) -> list[str]:
    if column not in {"partner", "speaker", "venue", "field", "name"}:
        raise ValueError(column)
    cur = db.execute_sql(
        f"SELECT DISTINCT {column} FROM learning_class WHERE deleted = 0 AND {column} != '' ORDER BY {column} LIMIT ?",
        (limit,),
    )
    return [r[0] for r in cur]


# -- learners ----------------------------------------------------------------------------------
_LEARNER_COLUMNS = ["full_name", "birth_year", "village", "gender", "note", "id", "uuid", "class_uuid", "version",
                    "created_at", "updated_at", "deleted"]


def learner_values(draft: LearnerDraft) -> dict:
    return {
        "full_name": draft.full_name,
        "name_key": name_sort_key(draft.full_name),
        "search_key": fold(f"{draft.full_name} {draft.village}"),
        "birth_year": draft.birth_year,
        "village": draft.village,
        "gender": draft.gender,
        "note": draft.note,
    }


def learner_from_row(row: Sequence) -> Learner:
    data = dict(zip(_LEARNER_COLUMNS, row))
    data["deleted"] = bool(data["deleted"])
    return Learner(**data)


def get_learner(db: Database, uuid: str) -> Learner | None:
    row = db.execute_sql(f"SELECT {', '.join(_LEARNER_COLUMNS)} FROM class_learner WHERE uuid = ?", (uuid,)).fetchone()
    return learner_from_row(row) if row else None


def learners_of(db: Database, class_uuid: str, include_deleted: bool = False) -> list[Learner]:
    """Learners of a class in Vietnamese list order (tên, đệm, họ)."""
    sql = f"SELECT {', '.join(_LEARNER_COLUMNS)} FROM class_learner WHERE class_uuid = ?"
    if not include_deleted:
        sql += " AND deleted = 0"
    return [learner_from_row(r) for r in db.execute_sql(sql + " ORDER BY name_key, id", (class_uuid,))]


def learner_counts(db: Database, class_uuid: str) -> tuple[int, int]:
    """(named learners, of whom women) of a class."""
    row = db.execute_sql(
        "SELECT COUNT(*), IFNULL(SUM(gender = 'Nữ'), 0) FROM class_learner WHERE class_uuid = ? AND deleted = 0",
        (class_uuid,),
    ).fetchone()
    return int(row[0]), int(row[1])


def names_and_starts(db: Database) -> list[tuple[str, str]]:
    """(name, start date) of every class not deleted, for finding an imported duplicate."""
    return list(plain_rows(db, ClassRow.select(ClassRow.name, ClassRow.start_date).where(ClassRow.deleted == 0)))
