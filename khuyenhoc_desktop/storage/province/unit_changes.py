"""`prov_unit_change` and `prov_unit_change_old`: which old communes each new commune was formed from,
the decision and the effective date (migration 0020). Peewee expressions only: the province store is
also meant to run on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database

from ..tables import table_exists
from .models import ProvUnitChange, ProvUnitChangeOld
from .totals import refresh_award_totals

_CHUNK = 500  # bound parameters per IN (…), well under SQLite's limit


def present(db: Database) -> bool:
    """Whether the file has the tables (a province file of schema 19 or older opened read-only has not)."""
    return table_exists(db, "prov_unit_change")


@dataclass(frozen=True)
class UnitChangeRow:
    id: int
    new_code: str
    new_name: str
    decision: str
    decision_date: str
    effective_date: str
    source: str
    old: tuple[tuple[str, str], ...]  # (code, name) of each old commune, by code


def all_changes(db: Database) -> list[UnitChangeRow]:
    if not present(db):
        return []
    olds: dict[int, list[tuple[str, str]]] = {}
    for change_id, code, name in (ProvUnitChangeOld.select(ProvUnitChangeOld.change_id, ProvUnitChangeOld.old_code,
                                                           ProvUnitChangeOld.old_name)
                                  .order_by(ProvUnitChangeOld.old_code).tuples().bind(db)):
        olds.setdefault(change_id, []).append((code, name))
    return [UnitChangeRow(m.id, m.new_code, m.new_name, m.decision, m.decision_date, m.effective_date, m.source,
                          tuple(olds.get(m.id, ())))
            for m in ProvUnitChange.select().order_by(ProvUnitChange.new_code).bind(db)]


def change_of_new(db: Database, new_code: str) -> UnitChangeRow | None:
    return next((c for c in all_changes_for(db, [new_code], by="new")), None)


def all_changes_for(db: Database, codes: list[str], by: str) -> list[UnitChangeRow]:
    """The changes whose new code (`by="new"`) or one of whose old codes (`by="old"`) is among `codes`."""
    if not codes:
        return []
    if by == "new":
        ids = [i for (i,) in ProvUnitChange.select(ProvUnitChange.id).where(ProvUnitChange.new_code.in_(codes))
               .tuples().bind(db)]
    else:
        ids = [i for (i,) in ProvUnitChangeOld.select(ProvUnitChangeOld.change_id)
               .where(ProvUnitChangeOld.old_code.in_(codes)).distinct().tuples().bind(db)]
    wanted = set(ids)
    return [c for c in all_changes(db) if c.id in wanted]


def successor_of(db: Database, old_code: str) -> tuple[str, str, str] | None:
    """(new code, new name, effective date) of the commune an old commune was merged into, or None."""
    if not present(db):
        return None
    row = (ProvUnitChange.select(ProvUnitChange.new_code, ProvUnitChange.new_name, ProvUnitChange.effective_date)
           .join(ProvUnitChangeOld, on=(ProvUnitChangeOld.change_id == ProvUnitChange.id))
           .where(ProvUnitChangeOld.old_code == old_code).tuples().bind(db).first())
    return None if row is None else tuple(row)


def old_codes_of(db: Database, new_code: str) -> list[str]:
    if not present(db):
        return []
    return [c for (c,) in ProvUnitChangeOld.select(ProvUnitChangeOld.old_code)
            .join(ProvUnitChange, on=(ProvUnitChangeOld.change_id == ProvUnitChange.id))
            .where(ProvUnitChange.new_code == new_code).order_by(ProvUnitChangeOld.old_code).tuples().bind(db)]


def successors(db: Database) -> dict[str, str]:
    """old code → new code, every change."""
    if not present(db):
        return {}
    return dict(ProvUnitChangeOld.select(ProvUnitChangeOld.old_code, ProvUnitChange.new_code)
                .join(ProvUnitChange, on=(ProvUnitChangeOld.change_id == ProvUnitChange.id)).tuples().bind(db))


def successors_with_dates(db: Database) -> dict[str, tuple[str, str, str]]:
    """old code → (new code, new name, effective date), every change."""
    if not present(db):
        return {}
    query = (ProvUnitChangeOld.select(ProvUnitChangeOld.old_code, ProvUnitChange.new_code, ProvUnitChange.new_name,
                                      ProvUnitChange.effective_date)
             .join(ProvUnitChange, on=(ProvUnitChangeOld.change_id == ProvUnitChange.id)).tuples().bind(db))
    return {old: (new, name, day) for old, new, name, day in query}


def _id_of(db: Database, new_code: str):
    return ProvUnitChange.select(ProvUnitChange.id).where(ProvUnitChange.new_code == new_code).tuples().bind(db).first()


def save(db: Database, new_code: str, new_name: str, decision: str, decision_date: str, effective_date: str,
         source: str, old: list[tuple[str, str]], now: str) -> int:
    """Add the change of `new_code`, or replace its fields and old communes. Returns its id."""
    found = _id_of(db, new_code)
    fields = dict(new_name=new_name, decision=decision, decision_date=decision_date, effective_date=effective_date,
                  source=source, updated_at=now)
    if found is None:
        change_id = ProvUnitChange.insert(new_code=new_code, created_at=now, **fields).bind(db).execute()
    else:
        change_id = found[0]
        ProvUnitChange.update(**fields).where(ProvUnitChange.id == change_id).bind(db).execute()
        ProvUnitChangeOld.delete().where(ProvUnitChangeOld.change_id == change_id).bind(db).execute()
    if old:
        (ProvUnitChangeOld.insert_many([{"change_id": change_id, "old_code": c, "old_name": n} for c, n in old])
         .bind(db).execute())
    return change_id


def delete(db: Database, new_code: str) -> bool:
    found = _id_of(db, new_code)
    if found is None:
        return False
    ProvUnitChangeOld.delete().where(ProvUnitChangeOld.change_id == found[0]).bind(db).execute()
    ProvUnitChange.delete().where(ProvUnitChange.id == found[0]).bind(db).execute()
    return True


def _record_models():
    """The mirror's tables keyed by (commune_code, uuid): prov_record and its typed copies."""
    from peewee import CompositeKey

    from .models import PROVINCE_MODELS

    return [m for m in PROVINCE_MODELS if isinstance(m._meta.primary_key, CompositeKey)
            and tuple(m._meta.primary_key.field_names) == ("commune_code", "uuid")]


def fold_copies_into_origin(db: Database, new_code: str, old_code: str) -> int:
    """Records the province holds twice — under the old commune (first received) and under the new one (its
    package came before the change was written) — become one, under the old commune's code: the newer
    version's row is kept. Returns how many records were held twice."""
    from .models import ProvRecord

    old_v = dict(ProvRecord.select(ProvRecord.uuid, ProvRecord.version)
                 .where(ProvRecord.commune_code == old_code).tuples().bind(db))
    if not old_v:
        return 0
    newer, older = [], []
    for uuid, version in (ProvRecord.select(ProvRecord.uuid, ProvRecord.version)
                          .where(ProvRecord.commune_code == new_code).tuples().bind(db)):
        if uuid in old_v:
            (newer if version >= old_v[uuid] else older).append(uuid)
    models = _record_models()
    for i in range(0, len(newer), _CHUNK):
        part = newer[i:i + _CHUNK]
        for m in models:
            m.delete().where(m.commune_code == old_code, m.uuid.in_(part)).bind(db).execute()
            m.update(commune_code=old_code).where(m.commune_code == new_code, m.uuid.in_(part)).bind(db).execute()
    for i in range(0, len(older), _CHUNK):
        part = older[i:i + _CHUNK]
        for m in models:
            m.delete().where(m.commune_code == new_code, m.uuid.in_(part)).bind(db).execute()
    refresh_award_totals(db, (new_code, old_code))  # awards moved between the two codes
    return len(newer) + len(older)
