"""The communes' members and units at the province (`prov_member`, `prov_org_unit`, migration 0016): the
statements an import writes them with, and the figures counted from them — the same definitions as a
commune's own summary (`storage.members.active_count`, `joined_between`, `left_between`, `units_by_kind`)."""

from __future__ import annotations

from datetime import date

from peewee import SQL, Database, fn

from ..engines import json_value
from .models import ProvMember, ProvOrgUnit

# Written by `mirror.write` with the other typed copies (plain `executemany`, see there).
TYPED_SQL = {
    "member": "INSERT OR REPLACE INTO prov_member(commune_code, uuid, status, joined_on, status_date, unit_uuid,"
              " id_hash, deleted) VALUES (?,?,?,?,?,?,?,?)",
    "org_unit": "INSERT OR REPLACE INTO prov_org_unit(commune_code, uuid, kind, active, deleted) VALUES (?,?,?,?,?)",
}


def active_by_commune(db: Database, on: date) -> dict[str, int]:
    """Per commune: members on the register on `on` (joined by then or joining day unknown, not left by
    then; a member who left on an unknown day counts as gone)."""
    m, day = ProvMember, on.isoformat()
    query = (m.select(m.commune_code, fn.COUNT(SQL("*"))).where(
        (m.deleted == 0) & (m.joined_on <= day) & ((m.status == "active") | (m.status_date > day)))
        .group_by(m.commune_code).tuples().bind(db))
    return dict(query)


def joined_by_commune(db: Database, start: date, end: date) -> dict[str, int]:
    m = ProvMember
    query = (m.select(m.commune_code, fn.COUNT(SQL("*")))
             .where((m.deleted == 0) & m.joined_on.between(start.isoformat(), end.isoformat()))
             .group_by(m.commune_code).tuples().bind(db))
    return dict(query)


def left_by_commune(db: Database, start: date, end: date) -> dict[str, int]:
    m = ProvMember
    query = (m.select(m.commune_code, fn.COUNT(SQL("*")))
             .where((m.deleted == 0) & (m.status != "active")
                    & m.status_date.between(start.isoformat(), end.isoformat()))
             .group_by(m.commune_code).tuples().bind(db))
    return dict(query)


def units_by_commune(db: Database) -> list[tuple[str, str, int]]:
    """(commune_code, kind, count) of the active units not deleted."""
    u = ProvOrgUnit
    query = (u.select(u.commune_code, u.kind, fn.COUNT(SQL("*"))).where((u.deleted == 0) & (u.active == 1))
             .group_by(u.commune_code, u.kind).tuples().bind(db))
    return list(query)


def shared_id_hashes(db: Database) -> list[tuple[str, str, str, str, str]]:
    """(id_hash, commune_code, uuid, status, joined_on) of the members not deleted whose CCCD hash is also
    held by a member of another commune, by hash then commune."""
    m = ProvMember
    shared = (m.select(m.id_hash).where((m.deleted == 0) & (m.id_hash != "")).group_by(m.id_hash)
              .having(fn.COUNT(m.commune_code.distinct()) > 1))
    query = (m.select(m.id_hash, m.commune_code, m.uuid, m.status, m.joined_on)
             .where((m.deleted == 0) & m.id_hash.in_(shared))
             .order_by(m.id_hash, m.commune_code, m.uuid).tuples().bind(db))
    return list(query)


def dump(db: Database):
    """Every row of the two tables in a fixed order (part of the province's checksum)."""
    for model in (ProvMember, ProvOrgUnit):
        yield from model.select().order_by(model.commune_code, model.uuid).tuples().bind(db)


def member_labels(db: Database, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(commune_code, uuid) → (code, full_name, birth_year) as the commune sent them (its mirrored row)."""
    from .models import ProvRecord

    out: dict[tuple[str, str], tuple] = {}
    by_commune: dict[str, list[str]] = {}
    for code, uuid in keys:
        by_commune.setdefault(code, []).append(uuid)
    for code, uuids in by_commune.items():
        for i in range(0, len(uuids), 500):
            r = ProvRecord
            values = (json_value(db, r.data, "data", k) for k in ("code", "full_name", "birth_year"))
            query = (r.select(r.uuid, *values)
                     .where((r.commune_code == code) & (r.table_name == "member") & r.uuid.in_(uuids[i:i + 500]))
                     .tuples().bind(db))
            for uuid, member_code, name, born in query:
                out[(code, uuid)] = (member_code or "", name or "", born)
    return out
