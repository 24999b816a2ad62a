"""What the commune sent and what the province answered: the packages sent (`sync_export`) and the
state of each record after the province's acknowledgements (`sync_record_state`)."""

from __future__ import annotations

from peewee import EXCLUDED, Case, Database, fn

from .tables import SyncExport, SyncRecordState


# -- packages sent -------------------------------------------------------------------------------
def last_change_seq(db: Database) -> int:
    return int(SyncExport.select(fn.MAX(SyncExport.to_change_seq)).scalar(db) or 0)


def last_audit_id(db: Database) -> int:
    return int(SyncExport.select(fn.MAX(SyncExport.to_audit_id)).scalar(db) or 0)


def packages(db: Database) -> list[dict]:
    """Every package sent, newest first."""
    return list(SyncExport.select().order_by(SyncExport.seq.desc()).dicts().execute(db))


def add_package(db: Database, **values) -> None:
    SyncExport.insert(**values).execute(db)


# -- the province's answers ------------------------------------------------------------------------
def state_version(db: Database, table: str, uuid: str) -> int | None:
    return (SyncRecordState.select(SyncRecordState.version)
            .where((SyncRecordState.table_name == table) & (SyncRecordState.uuid == uuid)).scalar(db))


def set_state(db: Database, table: str, uuid: str, version: int, state: str, reason: str, ack_at: str) -> None:
    """Record what the province said; `ack_at` stays the first time it said exactly this (an acknowledgement
    imported twice changes nothing)."""
    S = SyncRecordState
    unchanged = (S.version == EXCLUDED.version) & (S.state == EXCLUDED.state) & (S.reason == EXCLUDED.reason)
    (S.insert(table_name=table, uuid=uuid, version=version, state=state, reason=reason, ack_at=ack_at)
     .on_conflict(conflict_target=[S.table_name, S.uuid],
                  update={S.version: EXCLUDED.version, S.state: EXCLUDED.state, S.reason: EXCLUDED.reason,
                          S.ack_at: Case(None, [(unchanged, S.ack_at)], EXCLUDED.ack_at)})
     .execute(db))


def state_counts(db: Database) -> dict[str, int]:
    S = SyncRecordState
    return dict(S.select(S.state, fn.COUNT(S.uuid)).group_by(S.state).tuples().execute(db))


def state_of(db: Database, table: str, uuid: str) -> tuple[str, int, str] | None:
    S = SyncRecordState
    return (S.select(S.state, S.version, S.reason)
            .where((S.table_name == table) & (S.uuid == uuid)).tuples().first(db))


def returned(db: Database) -> list[tuple[str, str, int, str, str]]:
    """(table, uuid, version, reason, ack_at) of every record the province returned, latest first."""
    S = SyncRecordState
    return list(S.select(S.table_name, S.uuid, S.version, S.reason, S.ack_at).where(S.state == "returned")
                .order_by(S.ack_at.desc(), S.table_name, S.uuid).tuples().execute(db))
