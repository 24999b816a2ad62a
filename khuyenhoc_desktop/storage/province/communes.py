"""`prov_commune`: the communes enrolled with the province, their signing key and whether it was revoked;
and, from the audit log, when and why a key was revoked."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database

from ..tables import AuditLog
from .models import ProvCommune

_CHUNK = 500  # bound parameters per IN (…), well under SQLite's limit


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    signing_key: str
    fingerprint: str
    registered_at: str
    revoked: bool


def _row(m: ProvCommune) -> CommuneRow:
    return CommuneRow(m.code, m.name, m.signing_key, m.fingerprint, m.registered_at, bool(m.revoked))


def get(db: Database, code: str) -> CommuneRow | None:
    found = ProvCommune.select().where(ProvCommune.code == code).bind(db).first()
    return None if found is None else _row(found)


def all_communes(db: Database) -> list[CommuneRow]:
    return [_row(m) for m in ProvCommune.select().order_by(ProvCommune.code).bind(db)]


def names(db: Database) -> dict[str, str]:
    return dict(ProvCommune.select(ProvCommune.code, ProvCommune.name).tuples().bind(db))


def enrol(db: Database, code: str, name: str, signing_key: str, fingerprint: str, registered_at: str) -> None:
    """Add the commune, or give it its new name and key; either way its key is not revoked."""
    (ProvCommune
     .insert(code=code, name=name, signing_key=signing_key, fingerprint=fingerprint, registered_at=registered_at,
             revoked=0)
     .on_conflict(conflict_target=[ProvCommune.code],
                  preserve=[ProvCommune.name, ProvCommune.signing_key, ProvCommune.fingerprint,
                            ProvCommune.registered_at],
                  update={ProvCommune.revoked: 0})
     .bind(db).execute())


def mark_revoked(db: Database, code: str) -> None:
    ProvCommune.update(revoked=1).where(ProvCommune.code == code).bind(db).execute()


def revocations(db: Database, codes: list[str], table: str, action: str) -> dict[str, tuple[str, str, str]]:
    """code → (time, operator, reason) of the latest audit row `action` on `table` for that commune."""
    out: dict[str, tuple[str, str, str]] = {}
    for i in range(0, len(codes), _CHUNK):
        part = codes[i:i + _CHUNK]
        query = (AuditLog.select(AuditLog.record_uuid, AuditLog.ts, AuditLog.operator, AuditLog.reason)
                 .where(AuditLog.record_uuid.in_(part), AuditLog.table_name == table, AuditLog.action == action)
                 .order_by(AuditLog.id).tuples().bind(db))
        for code, ts, by, why in query:
            out[code] = (ts, by, why)
    return out
