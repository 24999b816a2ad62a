"""The communes' learning models at the province (`prov_learning_*`, migration 0021): the statements an import
writes them with, and what the province counts from them — by the definitions of the commune's own figures
(`storage.learning_models.counts_by_village`, `citizen_counts`; docs/numbers.md "Learning models"): on the
list = subjects not deleted; registered = a registration of the year, not deleted, of a subject on the list;
recognised = such a registration with the status "recognised"."""

from __future__ import annotations

from peewee import Case, Database, fn

from .models import LEARNING_MODELS, ProvLearningCitizenCount, ProvLearningRegistration, ProvLearningSubject

# Written by `mirror.write` with the other typed copies (plain `executemany`, see there).
TYPED_SQL = {
    "learning_criteria_set": "INSERT OR REPLACE INTO prov_learning_criteria_set(commune_code, uuid, code, set_version,"
                             " title_kind, year_from, year_to, status, deleted) VALUES (?,?,?,?,?,?,?,?,?)",
    "learning_subject": "INSERT OR REPLACE INTO prov_learning_subject(commune_code, uuid, kind, village, size,"
                        " deleted) VALUES (?,?,?,?,?,?)",
    "learning_decision": "INSERT OR REPLACE INTO prov_learning_decision(commune_code, uuid, year, title_kind, number,"
                         " decided_on, deleted) VALUES (?,?,?,?,?,?,?)",
    "learning_registration": "INSERT OR REPLACE INTO prov_learning_registration(commune_code, uuid, subject_uuid,"
                             " year, status, decision_uuid, deleted) VALUES (?,?,?,?,?,?,?)",
    "learning_assessment": "INSERT OR REPLACE INTO prov_learning_assessment(commune_code, uuid, registration_uuid,"
                           " set_code, set_version, total, max_total, result, passed, deleted)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?)",
    "learning_citizen_count": "INSERT OR REPLACE INTO prov_learning_citizen_count(commune_code, uuid, year,"
                              " target_group, registered, recognised, deleted) VALUES (?,?,?,?,?,?,?)",
}


def subjects_by_commune(db: Database) -> list[tuple[str, str, int]]:
    """(commune, kind, subjects on the list) — not deleted."""
    s = ProvLearningSubject
    query = (s.select(s.commune_code, s.kind, fn.COUNT(s.uuid)).where(s.deleted == 0)
             .group_by(s.commune_code, s.kind).tuples().bind(db))
    return [(code, kind, int(n)) for code, kind, n in query]


def year_by_commune(db: Database, year: int) -> list[tuple[str, str, int, int]]:
    """(commune, kind, registered in `year`, recognised in `year`) over the subjects on the list."""
    r, s = ProvLearningRegistration, ProvLearningSubject
    recognised = fn.SUM(Case(None, [(r.status == "recognised", 1)], 0))
    query = (r.select(s.commune_code, s.kind, fn.COUNT(r.subject_uuid), recognised)  # from the index alone
             .join(s, on=((s.commune_code == r.commune_code) & (s.uuid == r.subject_uuid)))
             .where((r.year == year) & (r.deleted == 0) & (s.deleted == 0))
             .group_by(s.commune_code, s.kind).tuples().bind(db))
    return [(code, kind, int(n), int(k or 0)) for code, kind, n, k in query]


def citizens_by_commune(db: Database, year: int) -> dict[str, tuple[int, int]]:
    """commune → (Công dân học tập registered, recognised) of `year`: the sums over its target groups."""
    c = ProvLearningCitizenCount
    query = (c.select(c.commune_code, fn.SUM(c.registered), fn.SUM(c.recognised))
             .where((c.year == year) & (c.deleted == 0)).group_by(c.commune_code).tuples().bind(db))
    return {code: (int(n or 0), int(k or 0)) for code, n, k in query}


def dump(db: Database):
    """Every row of the learning copies in a fixed order (part of the province's checksum)."""
    for model in LEARNING_MODELS:
        yield from model.select().order_by(model.commune_code, model.uuid).tuples().bind(db)
