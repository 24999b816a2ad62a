"""Meeting use cases: save with validation and audit, list, find by số biên bản."""

from __future__ import annotations

from typing import Sequence

from ..domain.changes import Changes
from ..domain.list_count import ListCount
from ..domain.errors import FieldError, NotFoundError
from ..domain.specs import errors_only, warnings_only
from ..domain.meetings import (
    MEETING_KINDS,
    Meeting,
    MeetingDraft,
    MeetingFilter,
    validate_meeting,
)
from ..storage import audit, meetings as store
from ..vietnamese import normalize
from .record_writes import save_checked, set_deleted

TABLE = store.TABLE
_MISSING = "Không tìm thấy cuộc họp này."


class MeetingService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------
    def get(self, uuid: str) -> Meeting:
        meeting = store.get(self.ws.db, uuid=uuid)
        if meeting is None:
            raise NotFoundError(_MISSING)
        return meeting

    def get_by_number(self, number: str) -> Meeting:
        meeting = store.get(self.ws.db, number=normalize(number))
        if meeting is None:
            raise NotFoundError(f"Không tìm thấy biên bản số “{normalize(number)}”.")
        return meeting

    def list(self, flt: MeetingFilter | None = None) -> list[Meeting]:
        return store.list_meetings(self.ws.db, flt or MeetingFilter())

    def kinds(self) -> list[str]:
        """The meeting kinds offered: the catalogue's, else the usual ones."""
        return self.ws.catalogs.names("meeting_kind") or list(MEETING_KINDS)

    def years(self) -> list[int]:
        """The years of the meetings, newest first (the list's "Năm" filter)."""
        return store.years(self.ws.db)

    def count_and_totals(self, flt: MeetingFilter) -> ListCount:
        """The number of meetings of the filtered list (the list has no sum)."""
        return store.count(self.ws.db, flt)

    def page(self, flt: MeetingFilter, **kwargs) -> list[tuple]:
        """One page of list rows (`storage.meetings.LIST_COLUMNS` + the sort value); see `storage.meetings.page`."""
        return store.page(self.ws.db, flt, **kwargs)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def check(self, draft: MeetingDraft, uuid: str | None = None):
        draft = draft.normalized()
        problems = validate_meeting(draft)
        if draft.number and store.number_taken(self.ws.db, draft.number, uuid):
            problems.append(FieldError("number", f"Số biên bản “{draft.number}” đã có."))
        return draft, errors_only(problems), warnings_only(problems)

    # -- writing -------------------------------------------------------------------------
    def save(self, draft: MeetingDraft, uuid: str | None = None, *, expected_version: int | None = None,
             confirm: bool = False, reason: str = "") -> tuple[Meeting, Changes]:
        uuid, changes = save_checked(
            self.ws, TABLE, self.check(draft, uuid), store.row_values, uuid, expected_version=expected_version,
            confirm=confirm, reason=reason, gone="Cuộc họp này không còn (đã bị xóa).",
            conflict="Biên bản đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
        )
        return self.get(uuid), changes

    def delete(self, uuids: Sequence[str], reason: str = "") -> Changes:
        """Soft delete (the rows stay with deleted = 1, so the province hears of it); `undelete` undoes it."""
        return set_deleted(self.ws, TABLE, uuids, True, reason, missing=_MISSING)

    def undelete(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        return set_deleted(self.ws, TABLE, uuids, False, reason, missing=_MISSING)

    def next_number(self, year: int | None = None) -> str:
        """A suggestion for the next số biên bản: "NN/BB-HKH" continuing this year's numbers."""
        year = year or self.ws.clock.today().year
        highest = 0
        for m in self.list(MeetingFilter(year=year)):
            head = m.number.split("/", 1)[0]
            if head.isdigit():
                highest = max(highest, int(head))
        return f"{highest + 1:02d}/BB-HKH"

