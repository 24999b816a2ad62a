"""The Công dân học tập list of a year: add, correct, delete (soft) and restore people, mark a batch recognised,
and take in a list read from Excel (a person already on it is updated, not doubled). Each write is one
transaction with its audit rows and, in the same transaction, the year's counts of the groups it touched,
rewritten from the list (domain.learning_citizens: the one definition); a refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Iterable, Sequence

from ..domain.changes import Changes
from ..domain.errors import AppError, FieldError, NotFoundError, ValidationError
from ..domain.learning_citizens import (
    STATUSES, TABLE, Citizen, CitizenDraft, CitizenFilter, PersonIndex, counts_from_list, match_group, same_person,
    validate_citizen,
)
from ..storage import audit, learning_citizens as store, learning_models as count_store
from ..storage.records import stamp_change, stamp_new

TABLES = (TABLE, count_store.CITIZEN_TABLE)


def _plain(draft) -> dict:
    return {k: v for k, v in asdict(draft).items() if k in {f for f in CitizenDraft.__dataclass_fields__}}


class CitizenService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # == reading ==================================================================================
    def groups(self) -> list[str]:
        return list(self.ws.learning.settings()["target_groups"])

    def list(self, flt: CitizenFilter, *, offset: int = 0, limit: int | None = None,
             by_village: bool = False) -> list[Citizen]:
        return store.citizens(self.ws.db, flt, offset=offset, limit=limit, by_village=by_village)

    def count(self, flt: CitizenFilter) -> int:
        return store.count(self.ws.db, flt)

    def get(self, uuid: str) -> Citizen:
        found = store.get(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy người này trong danh sách Công dân học tập.")
        return found

    def history(self, uuid: str):
        return audit.history(self.ws.db, uuid)

    def list_driven_groups(self, year: int) -> dict[str, tuple[int, int]]:
        """The groups counted from the list in `year`: group → (registered, recognised)."""
        return counts_from_list(store.year_list(self.ws.db, year))

    # == checking =================================================================================
    def check(self, draft: CitizenDraft, today: date | None = None) -> tuple[CitizenDraft, list[FieldError]]:
        """The normalised draft (its target group spelled as configured) and its problems."""
        groups = self.groups()
        draft = draft.normalized()
        group = match_group(draft.target_group, groups) if draft.target_group else None
        if group:
            draft = replace(draft, target_group=group)
        return draft, validate_citizen(draft, groups, today or self.ws.clock.today())

    def _checked(self, draft: CitizenDraft, today: date | None) -> CitizenDraft:
        draft, problems = self.check(draft, today)
        if problems:
            raise ValidationError(problems)
        return draft

    # == writing ==================================================================================
    def save(self, draft: CitizenDraft, uuid: str | None = None, *, today: date | None = None,
             reason: str = "") -> tuple[Citizen, Changes]:
        """Add a person to the year's list, or correct one (`uuid`). The same person twice in a year (same CCCD,
        or same name, birth year and thôn) is refused."""
        draft = self._checked(draft, today)
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            old = self.get(uuid) if uuid else None
            others = [c for c in store.citizens(db, CitizenFilter(year=draft.year)) if c.uuid != uuid]
            twin = same_person(draft, others)
            if twin is not None:
                raise ValidationError([FieldError("full_name", f"“{twin.full_name}” ({twin.birth_year or 'không rõ năm sinh'}, "
                                                               f"{twin.village or 'không rõ thôn'}) đã có trong danh sách "
                                                               f"năm {draft.year}.")])
            saved_uuid = self._write(draft, old, changes, reason)
            self._recount(draft.year, {draft.target_group, *((old.target_group,) if old else ())}, changes)
            if old and old.year != draft.year:
                self._recount(old.year, {old.target_group}, changes)
        return self.get(saved_uuid), changes

    def _write(self, draft: CitizenDraft, old: Citizen | None, changes: Changes, reason: str = "") -> str:
        db = self.ws.db
        after = _plain(draft)
        if old is None:
            row = stamp_new(db, store.row_values(draft))
            store.insert(db, row)
            audit.record(db, operator=self.ws.operator, action="create", table=TABLE, uuid=row["uuid"], version=1,
                         before=None, after=after, reason=reason)
            changes.add("created", TABLE, row["uuid"])
            return row["uuid"]
        before = _plain(old.as_draft())
        if before == after:
            return old.uuid
        row = stamp_change(db, old.version, store.row_values(draft))
        store.update(db, old.uuid, row)
        audit.record(db, operator=self.ws.operator, action="update", table=TABLE, uuid=old.uuid,
                     version=row["version"], before=before, after=after, reason=reason)
        changes.add("updated", TABLE, old.uuid)
        return old.uuid

    def delete(self, uuids: Sequence[str]) -> Changes:
        return self._set_deleted(uuids, True)

    def undelete(self, uuids: Sequence[str]) -> Changes:
        return self._set_deleted(uuids, False)

    def _set_deleted(self, uuids: Sequence[str], deleted: bool) -> Changes:
        db = self.ws.db
        changes = Changes()
        touched: dict[int, set[str]] = {}
        with db.atomic():
            for uuid in uuids:
                citizen = store.get(db, uuid, include_deleted=True)
                if citizen is None:
                    raise NotFoundError("Không tìm thấy người này trong danh sách Công dân học tập.")
                if citizen.deleted == deleted:
                    continue
                if not deleted:  # restored: the same person may have been added again meanwhile
                    others = store.citizens(db, CitizenFilter(year=citizen.year))
                    if same_person(citizen, others) is not None:
                        raise AppError(f"Không khôi phục được “{citizen.full_name}”: người này đã có lại trong "
                                       f"danh sách năm {citizen.year}.")
                row = stamp_change(db, citizen.version, {"deleted": int(deleted)})
                store.update(db, uuid, row)
                audit.record(db, operator=self.ws.operator, action="delete" if deleted else "undelete", table=TABLE,
                             uuid=uuid, version=row["version"], before={"deleted": not deleted},
                             after={"deleted": deleted})
                changes.add("updated", TABLE, uuid)
                touched.setdefault(citizen.year, set()).add(citizen.target_group)
            for year, groups in touched.items():
                self._recount(year, groups, changes)
        return changes

    def set_status(self, uuids: Sequence[str], status: str = "recognised") -> Changes:
        """Mark the chosen people recognised (or back to registered), in one transaction."""
        if status not in STATUSES:
            raise AppError(f"Kết quả “{status}” không có.")
        if not uuids:
            raise AppError("Hãy chọn người trong danh sách.")
        db = self.ws.db
        changes = Changes()
        touched: dict[int, set[str]] = {}
        with db.atomic():
            for uuid in uuids:
                citizen = self.get(uuid)
                if citizen.status == status:
                    continue
                row = stamp_change(db, citizen.version, {"status": status})
                store.update(db, uuid, row)
                audit.record(db, operator=self.ws.operator, action="update", table=TABLE, uuid=uuid,
                             version=row["version"], before={"status": citizen.status}, after={"status": status})
                changes.add("updated", TABLE, uuid)
                touched.setdefault(citizen.year, set()).add(citizen.target_group)
            for year, groups in touched.items():
                self._recount(year, groups, changes)
        return changes

    def take_in(self, drafts: Iterable[tuple[int, CitizenDraft]], *, source: str = "Excel",
                today: date | None = None) -> tuple[list[str], list[str], Changes]:
        """Save the rows of a list (row number, draft): a person already on the year's list (same CCCD, or same
        name, birth year and thôn) is updated, anyone else added; any bad row refuses them all. Returns the
        uuids created, those updated, and the changes. Call inside or outside a transaction."""
        checked: list[tuple[int, CitizenDraft]] = []
        problems: list[FieldError] = []
        for number, draft in drafts:
            draft, found = self.check(draft, today)
            problems += [replace(p, message=f"Dòng {number}: {p.message}") for p in found]
            checked.append((number, draft))
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        changes = Changes()
        created: list[str] = []
        updated: list[str] = []
        touched: dict[int, set[str]] = {}
        with db.atomic():
            on_list: dict[int, PersonIndex] = {}
            for number, draft in checked:
                if draft.year not in on_list:
                    on_list[draft.year] = PersonIndex(store.year_list(db, draft.year))
                people = on_list[draft.year]
                twin = people.find(draft)
                if twin is not None:
                    # an empty cell of the sheet keeps what the list knows
                    draft = replace(draft, id_number=draft.id_number or twin.id_number,
                                    gender=draft.gender or twin.gender, note=draft.note or twin.note)
                    touched.setdefault(draft.year, set()).add(twin.target_group)
                reason = f"Nhập từ Excel: {source}, dòng {number}"
                uuid = self._write(draft, twin, changes, reason)
                (updated if twin is not None else created).append(uuid)
                people.replace(twin, store.get(db, uuid))
                touched.setdefault(draft.year, set()).add(draft.target_group)
            for year, groups in touched.items():
                self._recount(year, groups, changes)
        return created, updated, changes

    # == the counts follow the list ==================================================================
    def _recount(self, year: int, groups: Iterable[str], changes: Changes) -> None:
        """Write the list's count of each group into the year's `learning_citizen_count` row (inside the list
        change's transaction). A group whose last person left the list goes to 0: its count followed the list,
        and is the user's to enter by hand again."""
        from ..domain.learning_models import CitizenCount
        from .record_writes import write_keyed_rows

        db = self.ws.db
        from_list = counts_from_list(store.year_list(db, year))
        wanted = {}
        for group in sorted(set(groups)):
            registered, recognised = from_list.get(group, (0, 0))
            wanted[group] = (CitizenCount(group, registered, recognised),
                             {"year": year, "target_group": group, "registered": registered, "recognised": recognised})
        changes.merge(write_keyed_rows(self.ws, count_store.CITIZEN_TABLE, count_store.citizen_counts(db, year),
                                       wanted, before_of=asdict, create_if=lambda count: bool(count.registered),
                                       reason="Theo danh sách Công dân học tập"))


# == printing and Excel ===========================================================================
def citizen_list(ws, flt: CitizenFilter, on: date | None = None):
    """The danh sách Công dân học tập of the filtered people: a section per target group (the configured order,
    then any other), people in Vietnamese name order; no CCCD."""
    from ..domain.printables import CitizenListData, CitizenListRow, CitizenSection

    people = ws.citizens.list(flt)
    if not people:
        raise NotFoundError(f"Chưa có ai trong danh sách Công dân học tập năm {flt.year} khớp điều kiện đã chọn.")
    groups = ws.citizens.groups()
    groups += sorted({c.target_group for c in people} - set(groups))
    sections = tuple(
        CitizenSection(group, tuple(CitizenListRow(c.full_name, c.birth_year, c.gender, c.village, c.status_label,
                                                   c.note) for c in people if c.target_group == group))
        for group in groups if any(c.target_group == group for c in people))
    parts = []
    if flt.target_group:
        parts.append(f"Nhóm: {flt.target_group}")
    if flt.status:
        parts.append(f"Kết quả: {STATUSES[flt.status]}")
    if flt.search:
        parts.append(f"Tìm: “{flt.search}”")
    day = on or ws.clock.today()
    return CitizenListData(organisation=ws.organisation, year=flt.year, sections=sections, subtitle="; ".join(parts),
                           date=day)


def write_citizen_list(ws, out, flt: CitizenFilter, on: date | None = None):
    """Build the danh sách Công dân học tập and write its PDF to `out` (atomically)."""
    from ..pdf.citizen_list import render_citizen_list

    data = citizen_list(ws, flt, on)
    render_citizen_list(data, out=out)
    return data


def export_citizens(ws, path, flt: CitizenFilter):
    """The filtered list as .xlsx with the columns an import maps back (the spec's export; no CCCD)."""
    from ..excel import SheetSpec, write_workbook
    from ..excel.writer import standard_columns

    people = ws.citizens.list(flt)
    if not people:
        raise NotFoundError(f"Chưa có ai trong danh sách Công dân học tập năm {flt.year} khớp điều kiện đã chọn.")
    rows = [{"full_name": c.full_name, "birth_year": c.birth_year, "gender": c.gender, "village": c.village,
             "target_group": c.target_group, "status": c.status_label, "note": c.note} for c in people]
    return write_workbook(path, [SheetSpec(title=f"DANH SÁCH CÔNG DÂN HỌC TẬP NĂM {flt.year}",
                                           columns=standard_columns("citizens"), rows=rows,
                                           sheet_name="Công dân học tập", organisation=ws.organisation, totals=False)])
