"""Meeting rows: conversion to and from `domain.meetings.Meeting`, list queries."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime

from peewee import Database

from . import records
from ..domain.list_count import ListCount
from ..domain.meetings import SPEC, AgendaEntry, Meeting, MeetingDraft, MeetingFilter

TABLE = "meeting"

SORT_EXPRESSIONS = {"start": "start_at", "number": "number", "subject": "subject"}
# What one list row needs (the form loads the whole meeting); positions are part of the contract.
LIST_COLUMNS = ("id", "uuid", "number", "start_at", "subject", "kind", "location")

# The draft's fields stored as they are; the times and the JSON lists are converted below.
_CONVERTED = ("start", "end", "agenda", "award_uuids")
_SCALAR = tuple(c for c in records.draft_columns(SPEC) if c not in _CONVERTED)
_COLUMNS = ("id", "uuid", "version", "created_at", "updated_at", "deleted") + _SCALAR + (
    "start_at", "end_at", "agenda", "award_uuids")


def _dt_text(d: datetime | None) -> str:
    return d.isoformat(timespec="minutes") if d else ""


def row_values(draft: MeetingDraft) -> dict:
    values = {name: getattr(draft, name) for name in _SCALAR}
    values["start_at"] = _dt_text(draft.start)
    values["end_at"] = _dt_text(draft.end)
    values["agenda"] = json.dumps([a.to_dict() for a in draft.agenda], ensure_ascii=False)
    values["award_uuids"] = json.dumps(list(draft.award_uuids))
    values["search_key"] = records.search_key(SPEC, draft)
    return values


def meeting_from_row(row: dict) -> Meeting:
    data = {k: row[k] for k in ("id", "uuid", "version", "created_at", "updated_at") + _SCALAR}
    data["deleted"] = bool(row["deleted"])
    data["start"] = datetime.fromisoformat(row["start_at"]) if row["start_at"] else None
    data["end"] = datetime.fromisoformat(row["end_at"]) if row["end_at"] else None
    data["agenda"] = tuple(AgendaEntry.from_dict(d) for d in json.loads(row["agenda"] or "[]"))
    data["award_uuids"] = tuple(json.loads(row["award_uuids"] or "[]"))
    return Meeting(**data)


def _select(db: Database, where: str, params: list, tail: str = "") -> list[Meeting]:
    cur = db.execute_sql(f"SELECT {', '.join(_COLUMNS)} FROM meeting WHERE {where} {tail}", params)
    return [meeting_from_row(dict(zip(_COLUMNS, r))) for r in cur.fetchall()]


def get(db: Database, *, uuid: str | None = None, number: str | None = None) -> Meeting | None:
    if uuid is not None:
        found = _select(db, "uuid = ?", [uuid])
    else:
        found = _select(db, "number = ? AND deleted = 0", [number], "ORDER BY id DESC")
    return found[0] if found else None


def raw_row(db: Database, uuid: str) -> dict | None:
    return records.raw_row(db, TABLE, uuid)


def insert(db: Database, values: dict) -> None:
    records.insert_row(db, TABLE, values)


def update(db: Database, uuid: str, values: dict) -> None:
    records.update_row(db, TABLE, uuid, values)


def number_taken(db: Database, number: str, exclude_uuid: str | None) -> bool:
    row = db.execute_sql("SELECT COUNT(*) FROM meeting WHERE number = ? AND deleted = 0 AND uuid != ?",
                         (number, exclude_uuid or "")).fetchone()
    return bool(row[0])


def where_clause(flt: MeetingFilter) -> tuple[str, list]:
    where = records.Where(flt.include_deleted).equal(flt, "kind")
    if flt.year:
        where.add("start_at LIKE ?", f"{int(flt.year):04d}-%")
    return where.search(flt.search).sql()


def list_meetings(db: Database, flt: MeetingFilter) -> list[Meeting]:
    sql, params = where_clause(flt)
    return _select(db, sql, params, "ORDER BY start_at DESC, id DESC")


def years(db: Database) -> list[int]:
    """The years meetings (not deleted) were held in, newest first."""
    cur = db.execute_sql("SELECT DISTINCT substr(start_at, 1, 4) FROM meeting WHERE deleted = 0 AND start_at != ''"
                         " ORDER BY 1 DESC")
    return [int(r[0]) for r in cur if str(r[0]).isdigit()]


def count(db: Database, flt: MeetingFilter) -> ListCount:
    where, params = where_clause(flt)
    return ListCount.of_records(int(db.execute_sql(f"SELECT COUNT(*) FROM meeting WHERE {where}", params).fetchone()[0]))


def page(db: Database, flt: MeetingFilter, *, sort: str = "start", descending: bool = False,
         after: tuple | None = None, offset: int = 0, limit: int = 200) -> list[tuple]:
    """One page of list rows: `LIST_COLUMNS` values followed by the sort value (keyset paging with `after`)."""
    where, params = where_clause(flt)
    return records.keyset_page(db, TABLE, LIST_COLUMNS, where, params, SORT_EXPRESSIONS.get(sort, "start_at"),
                               descending, after, offset, limit)


__all__ = ["LIST_COLUMNS", "TABLE", "count", "get", "insert", "list_meetings", "meeting_from_row", "number_taken",
           "page", "raw_row", "row_values", "years", "update", "fields"]
