"""Learning-model rows (migration 0018): criteria sets saved in the file, subjects, registrations, score
sheets, recognition decisions and the Công dân học tập counts."""

from __future__ import annotations

import json
from datetime import date

from peewee import JOIN, Database, fn

from .tables import (
    LearningAssessment, LearningCitizenCount, LearningCriteriaSet, LearningDecision, LearningRegistration,
    LearningSubject, plain_rows,
)
from ..domain.learning_models import Assessment, CitizenCount, Registration, Subject
from ..vietnamese import fold

SET_TABLE = "learning_criteria_set"
SUBJECT_TABLE = "learning_subject"
REGISTRATION_TABLE = "learning_registration"
ASSESSMENT_TABLE = "learning_assessment"
DECISION_TABLE = "learning_decision"
CITIZEN_TABLE = "learning_citizen_count"
TABLES = (SET_TABLE, SUBJECT_TABLE, REGISTRATION_TABLE, ASSESSMENT_TABLE, DECISION_TABLE, CITIZEN_TABLE)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# -- criteria sets -------------------------------------------------------------------------------------
def stored_set_bodies(db: Database) -> list[tuple[str, int, str]]:
    """(uuid, row version, JSON body) of every set saved in the file."""
    query = (LearningCriteriaSet.select(LearningCriteriaSet.uuid, LearningCriteriaSet.version, LearningCriteriaSet.body)
             .where(LearningCriteriaSet.deleted == 0).order_by(LearningCriteriaSet.code, LearningCriteriaSet.set_version))
    return [(r[0], r[1], r[2]) for r in plain_rows(db, query)]


def stored_set_row(db: Database, code: str, set_version: int) -> tuple[str, int, str] | None:
    """(uuid, row version, JSON body) of a saved set."""
    row = (LearningCriteriaSet.select(LearningCriteriaSet.uuid, LearningCriteriaSet.version, LearningCriteriaSet.body)
           .where((LearningCriteriaSet.code == code) & (LearningCriteriaSet.set_version == set_version)
                  & (LearningCriteriaSet.deleted == 0)).tuples().first(db))
    return (row[0], row[1], row[2]) if row else None


def insert_set(db: Database, values: dict) -> None:
    LearningCriteriaSet.insert(values).execute(db)


def update_set(db: Database, uuid: str, values: dict) -> None:
    LearningCriteriaSet.update(values).where(LearningCriteriaSet.uuid == uuid).execute(db)


def set_in_use(db: Database, code: str, set_version: int) -> int:
    """Score sheets (not deleted) made against the set."""
    return (LearningAssessment.select()
            .where((LearningAssessment.set_code == code) & (LearningAssessment.set_version == set_version)
                   & (LearningAssessment.deleted == 0)).count(db))


# -- subjects --------------------------------------------------------------------------------------------
_SUBJECT_FIELDS = ("kind", "name", "village", "head", "size", "unit_kind", "note")


def subject_values(draft) -> dict:
    values = {name: getattr(draft, name) for name in _SUBJECT_FIELDS}
    values["search_key"] = fold(f"{draft.name} {draft.village} {draft.head}")
    return values


def _subject(row) -> Subject:
    return Subject(*row[2:], uuid=row[0], version=row[1])


_SUBJECT_COLUMNS = (LearningSubject.uuid, LearningSubject.version,
                    *[getattr(LearningSubject, f) for f in _SUBJECT_FIELDS])


def get_subject(db: Database, uuid: str) -> Subject | None:
    row = (LearningSubject.select(*_SUBJECT_COLUMNS)
           .where((LearningSubject.uuid == uuid) & (LearningSubject.deleted == 0)).tuples().first(db))
    return _subject(row) if row else None


def _subject_where(kind: str, village: str | None, search: str):
    cond = (LearningSubject.deleted == 0) & (LearningSubject.kind == kind)
    if village is not None:
        cond &= LearningSubject.village == village
    for word in fold(search).split():
        cond &= LearningSubject.search_key.contains(word)
    return cond


def subjects(db: Database, kind: str, *, village: str | None = None, search: str = "", offset: int = 0,
             limit: int | None = None) -> list[Subject]:
    """Subjects of a kind in thôn then name order (the name in folded order), a page of them when limited."""
    query = (LearningSubject.select(*_SUBJECT_COLUMNS).where(_subject_where(kind, village, search))
             .order_by(LearningSubject.village, LearningSubject.search_key, LearningSubject.id))
    if limit is not None:
        query = query.offset(offset).limit(limit)
    return [_subject(r) for r in plain_rows(db, query)]


def subject_count(db: Database, kind: str, *, village: str | None = None, search: str = "") -> int:
    return LearningSubject.select(LearningSubject.id).where(_subject_where(kind, village, search)).count(db)


def same_subject(db: Database, kind: str, search_key: str, village: str, except_uuid: str = "") -> str | None:
    """A subject of the kind in the thôn whose folded name and thôn are `search_key` (the head may differ)."""
    row = (LearningSubject.select(LearningSubject.uuid)
           .where((LearningSubject.deleted == 0) & (LearningSubject.kind == kind) & (LearningSubject.village == village)
                  & ((LearningSubject.search_key == search_key)
                     | (fn.substr(LearningSubject.search_key, 1, len(search_key) + 1) == search_key + " "))
                  & (LearningSubject.uuid != except_uuid)).tuples().first(db))
    return row[0] if row else None


def insert_subject(db: Database, values: dict) -> None:
    LearningSubject.insert(values).execute(db)


def update_subject(db: Database, uuid: str, values: dict) -> None:
    LearningSubject.update(values).where(LearningSubject.uuid == uuid).execute(db)


# -- registrations -----------------------------------------------------------------------------------------
_REG_FIELDS = ("uuid", "version", "subject_uuid", "year", "registered_on", "status", "review_reason", "reviewed_on",
               "decision_uuid", "recognition_reason", "note")


def _registration(row) -> Registration:
    values = dict(zip(_REG_FIELDS, row))
    values["registered_on"] = _day(values["registered_on"])
    values["reviewed_on"] = _day(values["reviewed_on"])
    return Registration(**values)


def _reg_select():
    return LearningRegistration.select(*[getattr(LearningRegistration, f) for f in _REG_FIELDS])


def get_registration(db: Database, uuid: str) -> Registration | None:
    row = _reg_select().where((LearningRegistration.uuid == uuid) & (LearningRegistration.deleted == 0)).tuples().first(db)
    return _registration(row) if row else None


def registration_of(db: Database, subject_uuid: str, year: int) -> Registration | None:
    row = (_reg_select().where((LearningRegistration.subject_uuid == subject_uuid) & (LearningRegistration.year == year)
                               & (LearningRegistration.deleted == 0)).tuples().first(db))
    return _registration(row) if row else None


def registrations_of_year(db: Database, year: int, kind: str) -> list[tuple[Subject, Registration]]:
    """The subjects of a kind registered in `year`, with their registration, in list order."""
    columns = (*_SUBJECT_COLUMNS, *[getattr(LearningRegistration, f) for f in _REG_FIELDS])
    query = (LearningSubject.select(*columns)
             .join(LearningRegistration, on=(LearningRegistration.subject_uuid == LearningSubject.uuid))
             .where((LearningSubject.deleted == 0) & (LearningSubject.kind == kind) & (LearningRegistration.year == year)
                    & (LearningRegistration.deleted == 0))
             .order_by(LearningSubject.village, LearningSubject.search_key, LearningSubject.id))
    n = len(_SUBJECT_COLUMNS)
    return [(_subject(r[:n]), _registration(r[n:])) for r in plain_rows(db, query)]


def years_registered(db: Database, subject_uuid: str) -> list[int]:
    query = (LearningRegistration.select(LearningRegistration.year)
             .where((LearningRegistration.subject_uuid == subject_uuid) & (LearningRegistration.deleted == 0))
             .order_by(LearningRegistration.year))
    return [r[0] for r in plain_rows(db, query)]


def registered_subjects(db: Database, year: int, subject_uuids: list[str]) -> set[str]:
    query = (LearningRegistration.select(LearningRegistration.subject_uuid)
             .where((LearningRegistration.year == year) & (LearningRegistration.deleted == 0)
                    & (LearningRegistration.subject_uuid.in_(subject_uuids))))
    return {r[0] for r in plain_rows(db, query)}


def insert_registration(db: Database, values: dict) -> None:
    LearningRegistration.insert(values).execute(db)


def update_registration(db: Database, uuid: str, values: dict) -> None:
    LearningRegistration.update(values).where(LearningRegistration.uuid == uuid).execute(db)


def counts_by_village(db: Database, kind: str, year: int) -> dict[str, tuple[int, int, int]]:
    """thôn → (subjects, registered in `year`, recognised in `year`), subjects not deleted."""
    reg = LearningRegistration.alias()
    registered = fn.COUNT(reg.id)
    recognised = fn.SUM(fn.IIF(reg.status == "recognised", 1, 0))
    query = (LearningSubject.select(LearningSubject.village, fn.COUNT(LearningSubject.id.distinct()), registered,
                                    fn.COALESCE(recognised, 0))
             .join(reg, JOIN.LEFT_OUTER, on=((reg.subject_uuid == LearningSubject.uuid) & (reg.year == year)
                                             & (reg.deleted == 0)))
             .where((LearningSubject.deleted == 0) & (LearningSubject.kind == kind))
             .group_by(LearningSubject.village).order_by(LearningSubject.village))
    return {r[0]: (int(r[1]), int(r[2]), int(r[3] or 0)) for r in plain_rows(db, query)}


# -- score sheets -------------------------------------------------------------------------------------------
_ASSESSMENT_FIELDS = ("uuid", "version", "registration_uuid", "set_code", "set_version", "assessed_on",
                      "difficult_area", "points", "total", "max_total", "result", "passed", "evidence")


def assessment_of(db: Database, registration_uuid: str) -> Assessment | None:
    row = (LearningAssessment.select(*[getattr(LearningAssessment, f) for f in _ASSESSMENT_FIELDS])
           .where((LearningAssessment.registration_uuid == registration_uuid) & (LearningAssessment.deleted == 0))
           .tuples().first(db))
    if not row:
        return None
    values = dict(zip(_ASSESSMENT_FIELDS, row))
    values["assessed_on"] = _day(values["assessed_on"])
    values["difficult_area"] = bool(values["difficult_area"])
    values["passed"] = bool(values["passed"])
    values["points"] = json.loads(values["points"] or "{}")
    return Assessment(**values)


def insert_assessment(db: Database, values: dict) -> None:
    LearningAssessment.insert(values).execute(db)


def update_assessment(db: Database, uuid: str, values: dict) -> None:
    LearningAssessment.update(values).where(LearningAssessment.uuid == uuid).execute(db)


# -- decisions ---------------------------------------------------------------------------------------------------
def insert_decision(db: Database, values: dict) -> None:
    LearningDecision.insert(values).execute(db)


def decision(db: Database, uuid: str) -> dict | None:
    row = (LearningDecision.select(LearningDecision.year, LearningDecision.title_kind, LearningDecision.number,
                                   LearningDecision.decided_on, LearningDecision.issuing_body, LearningDecision.note)
           .where((LearningDecision.uuid == uuid) & (LearningDecision.deleted == 0)).tuples().first(db))
    if not row:
        return None
    return dict(zip(("year", "title_kind", "number", "decided_on", "issuing_body", "note"), row))


# -- Công dân học tập ------------------------------------------------------------------------------------------------
def _own(db: Database):
    """The file's own counts: not those merged in from an old commune (migration 0019), kept as its history."""
    from .merge import has_merge

    return (LearningCitizenCount.origin_code == "") if has_merge(db) else True


def citizen_counts(db: Database, year: int) -> dict[str, tuple[str, int, CitizenCount]]:
    """target group → (uuid, version, counts) of a year, the file's own (the ones its page edits)."""
    query = (LearningCitizenCount.select(LearningCitizenCount.uuid, LearningCitizenCount.version,
                                         LearningCitizenCount.target_group, LearningCitizenCount.registered,
                                         LearningCitizenCount.recognised)
             .where((LearningCitizenCount.year == year) & (LearningCitizenCount.deleted == 0) & _own(db))
             .order_by(LearningCitizenCount.id))
    return {r[2]: (r[0], r[1], CitizenCount(r[2], r[3], r[4])) for r in plain_rows(db, query)}


def citizen_totals(db: Database, year: int) -> tuple[int, int]:
    """(registered, recognised) of a year: the file's own counts and those of the old communes merged in."""
    query = (LearningCitizenCount.select(fn.TOTAL(LearningCitizenCount.registered),
                                         fn.TOTAL(LearningCitizenCount.recognised))
             .where((LearningCitizenCount.year == year) & (LearningCitizenCount.deleted == 0)))
    registered, recognised = next(iter(plain_rows(db, query)))
    return int(registered or 0), int(recognised or 0)
