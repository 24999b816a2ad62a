"""Meeting use cases: save with validation and audit, list, find by số biên bản."""

from __future__ import annotations

from ..domain.changes import Changes
from ..domain.errors import FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..domain.meetings import (
    Meeting,
    MeetingDraft,
    MeetingFilter,
    validate_meeting,
)
from ..storage import audit, meetings as store
from ..storage.records import stamp_change
from ..vietnamese import normalize
from .record_writes import save_record

TABLE = store.TABLE


class MeetingService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------
    def get(self, uuid: str) -> Meeting:
        meeting = store.get(self.ws.db, uuid=uuid)
        if meeting is None:
            raise NotFoundError("Không tìm thấy cuộc họp này.")
        return meeting

    def get_by_number(self, number: str) -> Meeting:
        meeting = store.get(self.ws.db, number=normalize(number))
        if meeting is None:
            raise NotFoundError(f"Không tìm thấy biên bản số “{normalize(number)}”.")
        return meeting

    def list(self, flt: MeetingFilter | None = None) -> list[Meeting]:
        return store.list_meetings(self.ws.db, flt or MeetingFilter())

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def check(self, draft: MeetingDraft, uuid: str | None = None):
        draft = draft.normalized()
        problems = validate_meeting(draft)
        if draft.number and store.number_taken(self.ws.db, draft.number, uuid):
            problems.append(FieldError("number", f"Số biên bản “{draft.number}” đã có."))
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity == "warning"]
        return draft, errors, warnings

    # -- writing -------------------------------------------------------------------------
    def save(self, draft: MeetingDraft, uuid: str | None = None, *, expected_version: int | None = None,
             confirm: bool = False, reason: str = "") -> tuple[Meeting, Changes]:
        draft, errors, warnings = self.check(draft, uuid)
        if errors:
            raise ValidationError(errors)
        if warnings and not confirm:
            raise NeedsConfirmation(warnings)
        uuid, changes = save_record(
            self.ws, TABLE, store.row_values(draft), uuid, expected_version=expected_version, reason=reason,
            gone="Cuộc họp này không còn (đã bị xóa).",
            conflict="Biên bản đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
        )
        return self.get(uuid), changes

    def delete(self, uuid: str, reason: str = "") -> Changes:
        db = self.ws.db
        with db.atomic():
            before = store.raw_row(db, uuid)
            if before is None:
                raise NotFoundError("Không tìm thấy cuộc họp này.")
            if before["deleted"]:
                return Changes()
            values = stamp_change(db, before["version"], {"deleted": 1})
            store.update(db, uuid, values)
            audit.record(db, operator=self.ws.operator, action="delete", table=TABLE, uuid=uuid,
                         version=values["version"], before={"deleted": 0}, after={"deleted": 1}, reason=reason)
        return Changes().add("deleted", TABLE, uuid)

    def next_number(self, year: int | None = None) -> str:
        """A suggestion for the next số biên bản: "NN/BB-HKH" continuing this year's numbers."""
        year = year or self.ws.clock.today().year
        highest = 0
        for m in self.list(MeetingFilter(year=year)):
            head = m.number.split("/", 1)[0]
            if head.isdigit():
                highest = max(highest, int(head))
        return f"{highest + 1:02d}/BB-HKH"

