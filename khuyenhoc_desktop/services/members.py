"""Member and unit use cases: save with validation, duplicate and CCCD checks, soft delete with undo, the
member code given per association, the list with personal numbers masked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Sequence

from ..domain.changes import Changes
from ..domain.errors import ConflictError, FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..domain.list_count import ListCount
from ..domain.members import (
    CODE_PREFIX, DEFAULT_MIN_AGE, MIN_AGE_SETTING, Member, MemberDraft, MemberFilter, Unit, UnitDraft,
    errors_only, mask_id_number, mask_phone, validate_member, validate_unit, warnings_only,
)
from ..storage import audit, members as store, settings
from ..vietnamese import format_date
from .record_writes import save_checked, save_record, set_deleted

TABLE = store.TABLE
UNIT_TABLE = store.UNIT_TABLE
_PHONE_AT = store.LIST_COLUMNS.index("phone")
_ID_AT = store.LIST_COLUMNS.index("id_number")


class MemberService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- settings ---------------------------------------------------------------------------
    def min_age(self) -> int:
        return int(settings.get(self.ws.db, MIN_AGE_SETTING, DEFAULT_MIN_AGE))

    def set_min_age(self, years: int) -> Changes:
        """The age under which joining asks for a confirmation (not fixed anywhere we could read)."""
        if not 0 <= int(years) <= 100:
            raise ValidationError([FieldError("min_age", "Tuổi tối thiểu phải từ 0 đến 100.")])
        with self.ws.db.atomic():
            settings.put(self.ws.db, MIN_AGE_SETTING, int(years))
        return Changes(settings=True)

    # -- reading ----------------------------------------------------------------------------
    def get(self, uuid: str) -> Member:
        member = store.get(self.ws.db, uuid)
        if member is None:
            raise NotFoundError("Không tìm thấy hội viên này.")
        return member

    def count(self, flt: MemberFilter) -> int:
        return store.count(self.ws.db, flt)

    def count_and_total(self, flt: MemberFilter) -> ListCount:
        """For the paged list: how many members the filter finds (members carry no sum)."""
        return ListCount.of_records(self.count(flt))

    def page(self, flt: MemberFilter, **kwargs) -> list[tuple]:
        """List rows; the phone and CCCD masked unless the filter asks to show them."""
        rows = store.page(self.ws.db, flt, **kwargs)
        if flt.show_private:
            return rows
        masked = []
        for row in rows:
            row = list(row)
            row[_PHONE_AT] = mask_phone(row[_PHONE_AT])
            row[_ID_AT] = mask_id_number(row[_ID_AT])
            masked.append(tuple(row))
        return masked

    def uuids(self, flt: MemberFilter, sort: str = "name") -> list[str]:
        return store.uuids_matching(self.ws.db, flt, sort)

    def fetch(self, uuids) -> list[Member]:
        return store.fetch_many(self.ws.db, uuids)

    def joined_years(self) -> list[int]:
        return store.joined_years(self.ws.db)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def next_code(self) -> str:
        """The code the next new member gets ("HV00001" …); nothing is written."""
        return f"{CODE_PREFIX}{store.highest_code_number(self.ws.db) + 1:05d}"

    def check(self, draft: MemberDraft, uuid: str | None = None, today: date | None = None):
        """Validate without saving: (normalised draft, errors, warnings, probable duplicates)."""
        db = self.ws.db
        draft = draft.normalized()
        problems = validate_member(draft, today or self.ws.clock.today(), self.min_age())
        before = store.get(db, uuid) if uuid else None
        if before is not None and draft.code and draft.code != before.code:
            problems.append(FieldError("code", "Mã hội viên đã cấp thì không sửa được."))
        elif draft.code and store.code_taken(db, draft.code, uuid):
            problems.append(FieldError("code", f"Mã hội viên “{draft.code}” đã có."))
        if draft.id_number and not errors_only(p for p in problems if p.field == "id_number"):
            holder = store.holder_of_id_number(db, draft.id_number, uuid)
            if holder is not None:
                problems.append(FieldError("id_number", f"Số CCCD này đã có ở hội viên {holder.full_name}"
                                                        f" ({holder.code})."))
        if draft.unit_uuid and store.get_unit(db, draft.unit_uuid) is None:
            problems.append(FieldError("unit_uuid", "Chi hội/ban này không còn."))
        duplicates = []
        if not errors_only(problems) and draft.full_name:
            duplicates = store.probable_duplicates(db, draft, exclude_uuid=uuid)
        return draft, errors_only(problems), warnings_only(problems), duplicates

    # -- writing ----------------------------------------------------------------------------
    def save(self, draft: MemberDraft, uuid: str | None = None, *, expected_version: int | None = None,
             confirm: bool = False, reason: str = "", today: date | None = None) -> tuple[Member, Changes]:
        """Create (uuid None; the code given when left empty) or update a member in one transaction, with
        its audit rows. ValidationError for errors; NeedsConfirmation for warnings (under the minimum
        age, one-word name) or probable duplicates unless `confirm`."""
        with self.ws.db.atomic():
            draft, errors, warnings, duplicates = self.check(draft, uuid, today)
            if errors:
                raise ValidationError(errors)
            if (warnings or duplicates) and not confirm:
                if duplicates:
                    names = ", ".join(_described(d) for d in duplicates[:3])
                    warnings = warnings + [FieldError("full_name", f"Có thể trùng với hội viên đã có: {names}.",
                                                      "warning")]
                raise NeedsConfirmation(warnings, duplicates)
            if uuid is None and not draft.code:
                draft = replace(draft, code=self.next_code())
            if uuid is not None and not draft.code:
                draft = replace(draft, code=self.get(uuid).code)
            uuid, changes = save_record(
                self.ws, TABLE, store.row_values(draft), uuid, expected_version=expected_version, reason=reason,
                gone="Hội viên này không còn (đã bị xóa).",
                conflict="Hội viên đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
                masked={"phone": mask_phone, "id_number": mask_id_number},
            )
        return self.get(uuid), changes

    def delete(self, uuids: Sequence[str], reason: str = "") -> Changes:
        return set_deleted(self.ws, TABLE, uuids, True, reason, missing="Không tìm thấy hội viên này.")

    def undelete(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        with self.ws.db.atomic():
            for uuid in uuids:
                row = store.raw_row(self.ws.db, uuid)
                if row and row["deleted"] and row["id_number"] and store.holder_of_id_number(
                        self.ws.db, row["id_number"], uuid):
                    raise ConflictError(f"Không khôi phục được {row['full_name']}: số CCCD đã có ở hội viên khác.")
            return set_deleted(self.ws, TABLE, uuids, False, reason, missing="Không tìm thấy hội viên này.")


def _described(member: Member) -> str:
    born = format_date(member.birth_date) if member.birth_date else (str(member.birth_year or "") or "?")
    return f"{member.full_name} ({member.code}, sinh {born}, {member.village or 'chưa rõ thôn'})"


class UnitService:
    """The catalogue of chi hội, ban khuyến học and tổ hội."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def list(self, kind: str = "", search: str = "", include_inactive: bool = True) -> list[Unit]:
        return store.list_units(self.ws.db, kind, search, include_inactive)

    def get(self, uuid: str) -> Unit:
        unit = store.get_unit(self.ws.db, uuid)
        if unit is None:
            raise NotFoundError("Không tìm thấy chi hội/ban này.")
        return unit

    def counts_by_kind(self) -> dict[str, int]:
        """Active units by kind, every kind present (0 when none)."""
        from ..domain.members import UNIT_KINDS

        found = store.units_by_kind(self.ws.db)
        return {kind: found.get(kind, 0) for kind in UNIT_KINDS}

    def members_by_unit(self) -> dict[str, int]:
        return store.members_by_unit(self.ws.db)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def check(self, draft: UnitDraft, uuid: str | None = None, today: date | None = None):
        draft = draft.normalized()
        problems = validate_unit(draft, today or self.ws.clock.today())
        if draft.name and store.unit_name_taken(self.ws.db, draft.name, uuid):
            problems.append(FieldError("name", f"Đã có chi hội/ban tên “{draft.name}”."))
        return draft, errors_only(problems), warnings_only(problems)

    def save(self, draft: UnitDraft, uuid: str | None = None, *, expected_version: int | None = None,
             confirm: bool = False, reason: str = "", today: date | None = None) -> tuple[Unit, Changes]:
        with self.ws.db.atomic():
            uuid, changes = save_checked(
                self.ws, UNIT_TABLE, self.check(draft, uuid, today), store.unit_values, uuid,
                expected_version=expected_version, confirm=confirm, reason=reason,
                gone="Chi hội/ban này không còn (đã bị xóa).",
                conflict="Chi hội/ban đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
            )
        return self.get(uuid), changes

    def delete(self, uuids: Sequence[str], reason: str = "") -> Changes:
        """A unit that still has members is refused: move them to another unit first."""
        with self.ws.db.atomic():
            for uuid in uuids:
                n = store.members_in_unit(self.ws.db, uuid)
                if n:
                    raise ConflictError(f"“{self.get(uuid).name}” còn {n} hội viên; hãy chuyển họ sang chi hội/ban"
                                        " khác trước khi xóa.")
            return set_deleted(self.ws, UNIT_TABLE, uuids, True, reason, missing="Không tìm thấy chi hội/ban này.")

    def undelete(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        return set_deleted(self.ws, UNIT_TABLE, uuids, False, reason, missing="Không tìm thấy chi hội/ban này.")
