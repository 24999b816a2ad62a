"""Learning class use cases (lớp học / chuyên đề of the TTHTCĐ): save with validation, soft delete with
undo, learners, totals by year and lĩnh vực. Every write runs in one transaction with its audit rows."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from ..domain.list_count import ListCount
from ..domain.changes import Changes
from ..domain.classes import (
    CLASS_FORMS,
    ClassDraft,
    ClassFilter,
    ClassTotal,
    Learner,
    LearnerDraft,
    LearningClass,
    errors_only,
    named_learners_problem,
    validate_class,
    validate_learner,
    warnings_only,
)
from ..domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from ..storage import audit, classes as store, fund as fund_store
from ..storage.records import stamp_change, stamp_new
from ..vietnamese import format_money
from .record_writes import save_checked, set_deleted

TABLE = store.TABLE
LEARNER_TABLE = store.LEARNER_TABLE


class ClassService:
    """Lớp học / chuyên đề of one data file (`ws.classes`)."""

    def __init__(self, ws) -> None:
        self.ws = ws

    # == reading ===================================================================================
    def get(self, uuid: str) -> LearningClass:
        found = store.get(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy lớp học / chuyên đề này.")
        return found

    def fetch(self, uuids: Iterable[str]) -> list[LearningClass]:
        """Whole records for the given UUIDs, in the order given."""
        return store.fetch_many(self.ws.db, uuids)

    def count_and_totals(self, flt: ClassFilter) -> ListCount:
        """The number of classes of the filtered list and their lượt người học."""
        return store.count_and_totals(self.ws.db, flt)

    def page(self, flt: ClassFilter, **kwargs) -> list[tuple]:
        """One page of list rows (`storage.classes.LIST_COLUMNS` + the sort value); see `storage.classes.page`."""
        return store.page(self.ws.db, flt, **kwargs)

    def uuids(self, flt: ClassFilter, sort: str = "start_date") -> list[str]:
        return store.uuids_matching(self.ws.db, flt, sort)

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        """Audit entries of a class or of a learner."""
        return audit.history(self.ws.db, uuid)

    def fields(self) -> list[str]:
        """Lĩnh vực offered by the form (catalogue "class_field")."""
        return self.ws.catalogs.names("class_field")

    @staticmethod
    def forms() -> tuple[str, ...]:
        return CLASS_FORMS

    def suggestions(self, column: str) -> list[str]:
        """Values already used for partner / speaker / venue / field / name (for completion)."""
        return store.distinct_values(self.ws.db, column)

    def for_voucher(self, voucher_uuid: str) -> list[LearningClass]:
        """Classes whose kinh phí was paid by a phiếu chi."""
        return store.classes_for_voucher(self.ws.db, voucher_uuid)

    def totals(self, by: str = "field", flt: ClassFilter | None = None) -> list[ClassTotal]:
        """Số lớp, lượt người học, nữ, DTTS, số buổi, kinh phí grouped by "year", "school_year", "field"
        or "form", over the (filtered) classes that are not deleted."""
        return store.totals_by(self.ws.db, by, flt or ClassFilter())

    def totals_by_year(self) -> list[ClassTotal]:
        return self.totals("year")

    def totals_by_field(self, year: int | None = None, school_year: str = "",
                        origin: str | None = None) -> list[ClassTotal]:
        return self.totals("field", ClassFilter(year=year, school_year=school_year, origin=origin))

    # == writing: classes ==========================================================================
    def check(self, draft: ClassDraft, uuid: str | None = None,
              today: date | None = None) -> tuple[ClassDraft, list[FieldError], list[FieldError]]:
        """Validate without saving: (normalised draft, errors, warnings)."""
        draft = draft.normalized()
        problems = validate_class(draft, today or self.ws.clock.today())
        errors, warnings = errors_only(problems), warnings_only(problems)
        if draft.voucher_uuid:
            voucher = fund_store.get(self.ws.db, uuid=draft.voucher_uuid)
            if voucher is None:
                errors.append(FieldError("voucher_uuid", "Không tìm thấy phiếu chi kinh phí đã chọn."))
            elif voucher.kind != "chi" or voucher.is_reversal:
                errors.append(FieldError("voucher_uuid", f"Phiếu {voucher.number} không phải phiếu chi."))
            elif voucher.is_void:
                errors.append(FieldError("voucher_uuid", f"Phiếu chi {voucher.number} đã hủy."))
            elif draft.budget and voucher.amount != draft.budget:
                warnings.append(FieldError(
                    "budget", f"Kinh phí ({format_money(draft.budget)}) khác số tiền phiếu chi {voucher.number} "
                              f"({format_money(voucher.amount)}).", "warning"))
        if uuid is not None and not errors:
            named, _ = store.learner_counts(self.ws.db, uuid)
            warnings += filter(None, [named_learners_problem(named, draft.learners)])
        return draft, errors, warnings

    def save(
        self,
        draft: ClassDraft,
        uuid: str | None = None,
        *,
        expected_version: int | None = None,
        confirm: bool = False,
        reason: str = "",
        today: date | None = None,
    ) -> tuple[LearningClass, Changes]:
        """Create (uuid None) or update a class in one transaction, with its audit rows.

        Raises ValidationError (messages name the fields), NeedsConfirmation for warnings unless
        `confirm`, ConflictError when `expected_version` is not the stored one.
        """
        uuid, changes = save_checked(
            self.ws, TABLE, self.check(draft, uuid, today), store.row_values, uuid, expected_version=expected_version,
            confirm=confirm, reason=reason, gone="Lớp học / chuyên đề này không còn (đã bị xóa).",
            conflict="Lớp học đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
        )
        return self.get(uuid), changes

    def delete(self, uuids: Sequence[str], reason: str = "") -> Changes:
        """Soft delete (the rows stay with deleted = 1, so the province hears of it); `undelete` undoes it."""
        return self._set_deleted(TABLE, uuids, True, reason)

    def undelete(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        return self._set_deleted(TABLE, uuids, False, reason)

    # == learners ==================================================================================
    def learners(self, class_uuid: str, include_deleted: bool = False) -> list[Learner]:
        """Named learners of a class, in Vietnamese list order."""
        return store.learners_of(self.ws.db, class_uuid, include_deleted)

    def get_learner(self, uuid: str) -> Learner:
        found = store.get_learner(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy học viên này.")
        return found

    def save_learner(
        self,
        class_uuid: str,
        draft: LearnerDraft,
        uuid: str | None = None,
        *,
        expected_version: int | None = None,
        today: date | None = None,
    ) -> tuple[Learner, Changes]:
        """Add (uuid None) or edit a learner of a class. The class's counts are not changed: they are the
        figures reported (lượt người học), and many classes have no name list."""
        draft = draft.normalized()
        errors = validate_learner(draft, today or self.ws.clock.today())
        if errors:
            raise ValidationError(errors)
        db = self.ws.db
        values = store.learner_values(draft)
        changes = Changes()
        with db.atomic():
            owner = store.raw_row(db, class_uuid)
            if owner is None or owner["deleted"]:
                raise NotFoundError("Lớp học / chuyên đề này không còn (đã bị xóa).")
            if uuid is None:
                values = stamp_new(db, {"class_uuid": class_uuid, **values})
                store.insert(db, values, LEARNER_TABLE)
                audit.record(db, operator=self.ws.operator, action="create", table=LEARNER_TABLE,
                             uuid=values["uuid"], version=1, before=None, after=values)
                changes.add("created", LEARNER_TABLE, values["uuid"])
                uuid = values["uuid"]
            else:
                before = store.raw_row(db, uuid, LEARNER_TABLE)
                if before is None or before["deleted"] or before["class_uuid"] != class_uuid:
                    raise NotFoundError("Học viên này không còn trong danh sách lớp.")
                if expected_version is not None and before["version"] != expected_version:
                    raise ConflictError("Học viên đã được sửa ở nơi khác. Hãy mở lại rồi sửa.")
                if all(before.get(k) == v for k, v in values.items()):
                    return self.get_learner(uuid), changes
                values = stamp_change(db, before["version"], values)
                store.update(db, uuid, values, LEARNER_TABLE)
                audit.record(db, operator=self.ws.operator, action="update", table=LEARNER_TABLE, uuid=uuid,
                             version=values["version"], before=before, after={**before, **values})
                changes.add("updated", LEARNER_TABLE, uuid)
        return self.get_learner(uuid), changes

    def delete_learners(self, uuids: Sequence[str], reason: str = "") -> Changes:
        return self._set_deleted(LEARNER_TABLE, uuids, True, reason)

    def undelete_learners(self, uuids: Sequence[str], reason: str = "Hoàn tác xóa") -> Changes:
        return self._set_deleted(LEARNER_TABLE, uuids, False, reason)

    # == internals =================================================================================
    def _set_deleted(self, table: str, uuids: Sequence[str], deleted: bool, reason: str) -> Changes:
        missing = "Không tìm thấy lớp học / chuyên đề này." if table == TABLE else "Không tìm thấy học viên này."
        return set_deleted(self.ws, table, uuids, deleted, reason, missing=missing)


__all__ = ["ClassService"]
