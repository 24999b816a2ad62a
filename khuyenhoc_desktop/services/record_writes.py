"""Creating or updating one versioned record with its audit rows, the same way for every record kind."""

from __future__ import annotations

from typing import Callable, Mapping

from ..domain.changes import Changes
from ..domain.errors import ConflictError, NotFoundError
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
