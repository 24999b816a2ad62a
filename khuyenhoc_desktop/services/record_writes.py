"""Creating or updating one versioned record with its audit rows, the same way for every record kind."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from ..domain.changes import Changes
from ..domain.errors import ConflictError, NeedsConfirmation, NotFoundError, ValidationError
from ..storage import audit, records


def save_record(
    ws,
    table: str,
    values: dict,
    uuid: str | None,
    *,
    expected_version: int | None,
    reason: str,
    gone: str,
    conflict: str,
    masked: Mapping[str, Callable[[str], str]] | None = None,
) -> tuple[str, Changes]:
    """Insert (uuid None) or update the row in one transaction; returns its uuid and what changed.

    `gone` is the message when the record no longer exists, `conflict` when it changed under the caller.
    An update that changes nothing writes nothing (no version bump, no audit row). `masked` columns
    (personal numbers) reach the audit log, which travels in the sync file, only as their masks.
    """

    def shown(row: dict) -> dict:
        return {k: (masked[k](v) if masked and k in masked and v else v) for k, v in row.items()}

    db = ws.db
    with db.atomic():
        if uuid is None:
            values = records.stamp_new(db, values)
            records.insert_row(db, table, values)
            audit.record(db, operator=ws.operator, action="create", table=table, uuid=values["uuid"],
                         version=1, before=None, after=shown(values), reason=reason)
            return values["uuid"], Changes().add("created", table, values["uuid"])
        before = records.raw_row(db, table, uuid)
        if before is None or before["deleted"]:
            raise NotFoundError(gone)
        if expected_version is not None and before["version"] != expected_version:
            raise ConflictError(conflict)
        if all(before.get(k) == v for k, v in values.items()):
            return uuid, Changes()
        values = records.stamp_change(db, before["version"], values)
        records.update_row(db, table, uuid, values)
        audit.record(db, operator=ws.operator, action="update", table=table, uuid=uuid,
                     version=values["version"], before=shown(before), after=shown({**before, **values}),
                     reason=reason)
        return uuid, Changes().add("updated", table, uuid)


def save_checked(
    ws,
    table: str,
    checked: tuple,
    row_values: Callable[[object], dict],
    uuid: str | None,
    *,
    expected_version: int | None,
    confirm: bool,
    reason: str,
    gone: str,
    conflict: str,
    masked: Mapping[str, Callable[[str], str]] | None = None,
) -> tuple[str, Changes]:
    """A record kind's save: `checked` is what its service's `check` gave (the normalised draft, its errors
    and its warnings); errors refuse the save (ValidationError), warnings ask first (NeedsConfirmation)
    unless `confirm`; then `save_record` writes `row_values(draft)`."""
    draft, errors, warnings = checked
    if errors:
        raise ValidationError(errors)
    if warnings and not confirm:
        raise NeedsConfirmation(warnings)
    return save_record(ws, table, row_values(draft), uuid, expected_version=expected_version, reason=reason,
                       gone=gone, conflict=conflict, masked=masked)


def set_deleted(
    ws,
    table: str,
    uuids: Sequence[str],
    deleted: bool,
    reason: str,
    *,
    missing: str,
    refuse: Callable[[dict], str | None] | None = None,
) -> Changes:
    """Soft delete (or restore) rows of `table` in one transaction, an audit row each: the rows stay with
    deleted = 1, so the province hears of it. Rows already so are left alone; `missing` is the message for
    an unknown uuid, and `refuse(row)` may give a reason a row must not be deleted (nothing is then written)."""
    db = ws.db
    changes = Changes()
    with db.atomic():
        for uuid in uuids:
            before = records.raw_row(db, table, uuid)
            if before is None:
                raise NotFoundError(missing)
            if bool(before["deleted"]) == deleted:
                continue
            refused = refuse(before) if deleted and refuse is not None else None
            if refused:
                raise ConflictError(refused)
            values = records.stamp_change(db, before["version"], {"deleted": 1 if deleted else 0})
            records.update_row(db, table, uuid, values)
            audit.record(db, operator=ws.operator, action="delete" if deleted else "restore", table=table,
                         uuid=uuid, version=values["version"], before={"deleted": before["deleted"]},
                         after={"deleted": values["deleted"]}, reason=reason)
            changes.add("deleted" if deleted else "created", table, uuid)
    return changes


def write_keyed_rows(
    ws,
    table: str,
    existing: Mapping[Any, tuple[str, int, Any]],
    wanted: Mapping[Any, tuple[Any, dict]],
    *,
    before_of: Callable[[Any], dict],
    create_if: Callable[[Any], bool] = lambda _record: True,
    delete_missing: bool = False,
    reason: str = "",
) -> Changes:
    """Bring the rows of a year kept one per key (population by thôn, citizens by target group) to `wanted`
    (key → (record, its column values)), inside the caller's transaction, an audit row each: a changed
    row is updated, a new one created when `create_if(record)`, and with `delete_missing` a stored row no
    longer wanted is soft-deleted. `existing` is key → (uuid, version, record) as stored; `before_of(record)`
    gives a stored record's audited values."""
    db = ws.db
    changes = Changes()
    for key, (record, after) in wanted.items():
        if key in existing:
            uuid, version, old = existing[key]
            if old == record:
                continue
            values = records.stamp_change(db, version, dict(after))
            records.update_row(db, table, uuid, values)
            audit.record(db, operator=ws.operator, action="update", table=table, uuid=uuid, version=values["version"],
                         before=before_of(old), after=after, reason=reason)
            changes.add("updated", table, uuid)
        elif create_if(record):
            values = records.stamp_new(db, dict(after))
            records.insert_row(db, table, values)
            audit.record(db, operator=ws.operator, action="create", table=table, uuid=values["uuid"], version=1,
                         before=None, after=after, reason=reason)
            changes.add("created", table, values["uuid"])
    for key, (uuid, version, _old) in existing.items() if delete_missing else ():
        if key not in wanted:
            values = records.stamp_change(db, version, {"deleted": 1})
            records.update_row(db, table, uuid, values)
            audit.record(db, operator=ws.operator, action="delete", table=table, uuid=uuid, version=values["version"],
                         before={"deleted": 0}, after={"deleted": 1}, reason=reason)
            changes.add("deleted", table, uuid)
    return changes
