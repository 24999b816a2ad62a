"""Award use cases: save with validation and duplicate check, soft delete with undo, bulk status changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable, Sequence

from ..domain.list_count import ListCount
from ..domain.awards import (
    STATUSES,
    Award,
    AwardDraft,
    AwardFilter,
    errors_only,
    validate_award,
    warnings_only,
)
from ..domain.changes import Changes
from ..domain.errors import FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..storage import audit, awards as store
from ..storage.engines import joined_transaction
from ..storage.records import next_change_seq, now_iso, stamp_change
from .record_writes import save_record, set_deleted

TABLE = "award"


class AwardService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------
    def get(self, uuid: str) -> Award:
        award = store.get(self.ws.db, uuid=uuid)
        if award is None:
            raise NotFoundError("Không tìm thấy bản ghi khen thưởng này.")
        return award

    def count_and_total(self, flt: AwardFilter) -> ListCount:
        """The number of awards of the filtered list and their amount."""
        return store.count_and_total(self.ws.db, flt)

    def page(self, flt: AwardFilter, **kwargs) -> list[tuple]:
        return store.page(self.ws.db, flt, **kwargs)

    def uuids(self, flt: AwardFilter, sort: str = "name") -> list[str]:
        return store.uuids_matching(self.ws.db, flt, sort)

    def uuids_by_status(self, flt: AwardFilter, sort: str = "name") -> list[tuple[str, str]]:
        """(uuid, status) of the filtered awards in list order."""
        return store.uuids_and_statuses(self.ws.db, flt, sort)

    def fetch(self, uuids: Iterable[str]) -> list[Award]:
        return store.fetch_many(self.ws.db, uuids)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def suggested_amount(self, draft: AwardDraft) -> int | None:
        return self.ws.catalogs.rate_for(draft.school_year, draft.category, draft.level, draft.prize)

    def check(self, draft: AwardDraft, uuid: str | None = None, today: date | None = None):
        """Validate without saving: (normalised draft, errors, warnings, probable duplicates)."""
        draft = draft.normalized()
        problems = validate_award(draft, today or self.ws.clock.today())
        duplicates = []
        if not errors_only(problems) and draft.full_name:
            duplicates = store.probable_duplicates(self.ws.db, draft, exclude_uuid=uuid)
        return draft, errors_only(problems), warnings_only(problems), duplicates

    # -- writing -------------------------------------------------------------------------
    def save(
        self,
        draft: AwardDraft,
        uuid: str | None = None,
        *,
        expected_version: int | None = None,
        confirm: bool = False,
        reason: str = "",
        today: date | None = None,
    ) -> tuple[Award, Changes]:
        """Create (uuid None) or update a record in one transaction, with its audit rows.

        Raises ValidationError for errors, and NeedsConfirmation for warnings or probable duplicates
        unless `confirm` is true. `expected_version` guards against saving over a newer version.
        """
        draft, errors, warnings, duplicates = self.check(draft, uuid, today)
        if errors:
            raise ValidationError(errors)
        if (warnings or duplicates) and not confirm:
            if duplicates:
                names = ", ".join(f"{d.full_name} ({d.school_year}, {d.category})" for d in duplicates[:3])
                warnings = warnings + [FieldError("full_name", f"Có thể trùng với bản ghi đã có: {names}.", "warning")]
            raise NeedsConfirmation(warnings, duplicates)
        uuid, changes = save_record(
            self.ws, TABLE, store.row_values(draft), uuid, expected_version=expected_version, reason=reason,
            gone="Bản ghi này không còn (đã bị xóa).",
            conflict="Bản ghi đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
        )
        return self.get(uuid), changes

    def delete(self, uuids: Sequence[str], reason: str = "") -> Changes:
        """Soft delete: the rows stay (the province must hear of the deletion) with deleted = 1."""
        return self._set_deleted(uuids, True, reason)

    def undelete(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        return self._set_deleted(uuids, False, reason)

    def set_status(self, uuids: Sequence[str], status: str, reason: str = "") -> Changes:
        if status not in STATUSES:
            raise ValidationError([FieldError("status", "Trạng thái không hợp lệ.")])
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            for uuid in uuids:
                before = store.raw_row(db, uuid)
                if before is None or before["deleted"] or before["status"] == status:
                    continue
                values = stamp_change(db, before["version"], {"status": status})
                store.update(db, uuid, values)
                audit.record(db, operator=self.ws.operator, action="status", table=TABLE, uuid=uuid,
                             version=values["version"], before={"status": before["status"]},
                             after={"status": status}, reason=reason)
                changes.add("updated", TABLE, uuid)
        return changes

    def mark_printed(self, uuids: Sequence[str], when: str | None = None) -> dict[str, str]:
        """Give register numbers (số vào sổ) in list order to awards printed for the first time.

        Returns uuid → register number for every award given. Numbers run per school year: "12/2024-2025".
        """
        db = self.ws.db
        when = when or now_iso()
        with joined_transaction(db):  # a print run's numbers: inside `issue_certificates`' transaction
            # only what numbering and the audit rows need: a print run reads 1,000 rows here
            rows = store.raw_rows(db, uuids, ("school_year", "register_no", "printed_at", "version"))
            given = self.plan_register_numbers((r["uuid"], r["school_year"], r["register_no"]) for r in rows)
            printed = []  # (before, changes) of each award this print changes
            for before in rows:
                changes: dict = {}
                if before["uuid"] in given:
                    changes["register_no"] = given[before["uuid"]]
                if not before["printed_at"]:
                    changes["printed_at"] = when
                if changes:
                    printed.append((before, changes))
            # Written together (a print run is often 1,000 awards): each award still gets its own change
            # number, version and audit rows, in list order, as one save each would give.
            last_seq = next_change_seq(db, len(printed)) if printed else 0
            stamp = now_iso()
            updates, audited = [], []
            for i, (before, changes) in enumerate(printed):
                values = {**changes, "version": before["version"] + 1, "updated_at": stamp,
                          "change_seq": last_seq - len(printed) + 1 + i}
                updates.append((before["uuid"], values))
                audited.append((before["uuid"], values["version"], {k: before[k] for k in changes}, changes))
            store.update_many(db, updates)
            audit.record_many(db, operator=self.ws.operator, action="print", table=TABLE, changes=audited)
        return given

    def plan_register_numbers(self, items: Iterable[tuple[str, str, str]]) -> dict[str, str]:
        """The numbers (uuid → "n/school year") that `mark_printed` gives to (uuid, school_year, register_no)
        items in this order; items that already have a number keep it. Nothing is written.

        The highest number so far is read once per school year, not once per award.
        """
        next_no: dict[str, int] = {}
        planned: dict[str, str] = {}
        for uuid, school_year, register_no in items:
            if register_no:
                continue
            if school_year not in next_no:
                next_no[school_year] = int(self.next_register_no(school_year).split("/", 1)[0])
            planned[uuid] = f"{next_no[school_year]}/{school_year}"
            next_no[school_year] += 1
        return planned

    def next_register_no(self, school_year: str) -> str:
        """The register number the next first print in this school year gets (nothing is written)."""
        return f"{store.last_register_no(self.ws.db, school_year) + 1}/{school_year}"

    def _set_deleted(self, uuids: Sequence[str], deleted: bool, reason: str) -> Changes:
        return set_deleted(self.ws, TABLE, uuids, deleted, reason, missing="Không tìm thấy bản ghi khen thưởng này.",
                           refuse=_paid_out)


def _paid_out(row: dict) -> str | None:
    """An award already paid out stays: its money left the fund."""
    if row["status"] == "awarded":
        return (f"“{row['full_name']}” đã được trao thưởng (đã chi tiền); không xóa được. "
                "Hãy lập phiếu chi điều chỉnh trước.")
    return None


def repeat_previous(previous: AwardDraft) -> AwardDraft:
    """A fresh draft that keeps what stays the same across a batch from one school."""
    return AwardDraft(
        school_year=previous.school_year,
        batch=previous.batch,
        school=previous.school,
        class_name=previous.class_name,
        village=previous.village,
        category=previous.category,
        level=previous.level,
        prize=previous.prize,
        subject=previous.subject,
        achievement=previous.achievement,
        award_form=previous.award_form,
        amount=previous.amount,
        funding_source=previous.funding_source,
        decision_no=previous.decision_no,
        decision_date=previous.decision_date,
        status=previous.status,
    )


__all__ = ["AwardService", "repeat_previous", "replace"]
