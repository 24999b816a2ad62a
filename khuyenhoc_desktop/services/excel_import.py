"""Importing Excel workbooks into the data file.

`ExcelImportService(ws).preview(path, kind)` reads the workbook with the pure `excel` layer and adds
the checks that need the data file:

* probable duplicates of records already stored (awards: same folded name, birth, category and
  school year; vouchers: same kind, date, amount and person; classes: same name and start date),
  as warnings;
* catalogue values (loại thành tích, cấp, giải, trường, thôn, khoản mục, lĩnh vực …) the catalogue does
  not know, as warnings (they are added to the catalogue by the import);
* the record rules of each kind (awards `validate_award`, classes/vouchers the services' `check`),
  as errors.

Nothing is written by `preview`. `commit(preview)` imports every valid row in ONE transaction, or
nothing: awards by bulk insert with their record columns and one audit row each (action "import"),
classes and learners through the class service, vouchers through the fund service (posted, numbers
given in date order). The column mapping the user confirmed is remembered per source signature in
the setting "excel_mappings".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.awards import AwardDraft, validate_award
from ..domain.changes import Changes
from ..domain.classes import ClassDraft, LearnerDraft, validate_learner
from ..domain.errors import AppError
from ..domain.fund import ITEM_CATALOGS, METHOD_BY_LABEL, VoucherDraft
from ..domain.kinds import exchange_specs
from ..domain.members import DEFAULT_ETHNICITY, MemberDraft, UnitDraft
from ..excel import ColumnMapping, ImportPreview, PreviewRow
from ..excel import preview as read_preview
from ..storage import audit
from ..storage import awards as award_store
from ..storage import catalogs as catalog_store
from ..storage import classes as class_store
from ..storage import fund as fund_store
from ..storage import settings as settings_store
from ..storage.audit import _NOT_AUDITED
from ..storage.tables import table_exists
from ..storage.records import new_uuid, next_change_seq, now_iso
from ..vietnamese import fold, normalize, school_year_of
from .operations import Progress, report

SETTING_KEY = "excel_mappings"
KIND_LABELS = {"awards": "Khen thưởng", "classes": "Lớp học / chuyên đề", "learners": "Học viên của lớp",
               "vouchers": "Phiếu thu / chi", "members": "Hội viên", "citizens": "Công dân học tập"}

# preview field → (catalogue kind, label) per import kind; vouchers' item depends on the row's type.
_AWARD_CATALOGS = {
    "category": ("award_category", "Loại thành tích"),
    "level": ("award_level", "Cấp"),
    "prize": ("prize", "Giải"),
    "school": ("school", "Trường"),
    "village": ("village", "Thôn"),
    "funding": ("funding_source", "Nguồn kinh phí"),
}
_CLASS_CATALOGS = {"field": ("class_field", "Lĩnh vực")}
_LEARNER_CATALOGS = {"village": ("village", "Thôn")}
_MEMBER_CATALOGS = {"village": ("village", "Thôn"), "category": ("member_category", "Đối tượng"),
                    "role": ("member_role", "Chức vụ trong hội")}


@dataclass
class ImportResult:
    """What `commit` wrote."""

    kind: str
    imported: int
    skipped_errors: int
    skipped_warnings: int
    uuids: list[str] = field(default_factory=list)
    catalog_added: dict[str, list[str]] = field(default_factory=dict)  # catalogue kind → names added
    changes: Changes = field(default_factory=Changes)
    updated: int = 0  # rows that updated a record already there (Công dân học tập), among `imported`

    @property
    def message(self) -> str:
        text = f"Đã nhập {self.imported} dòng ({KIND_LABELS.get(self.kind, self.kind).lower()})."
        if self.updated:
            text += f" Trong đó {self.updated} người đã có trong danh sách được cập nhật."
        if self.skipped_errors:
            text += f" Bỏ qua {self.skipped_errors} dòng lỗi."
        if self.skipped_warnings:
            text += f" Bỏ qua {self.skipped_warnings} dòng có cảnh báo."
        added = sum(len(v) for v in self.catalog_added.values())
        if added:
            text += f" Thêm {added} mục mới vào danh mục."
        return text


class ExcelImportService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # == mapping memory ============================================================================
    def remembered_mapping(self, kind: str, signature: str) -> ColumnMapping | None:
        data = (settings_store.get(self.ws.db, SETTING_KEY, {}) or {}).get(f"{kind}:{signature}")
        return ColumnMapping.from_dict(data) if data else None

    def remember_mapping(self, kind: str, signature: str, mapping: ColumnMapping) -> None:
        data = settings_store.get(self.ws.db, SETTING_KEY, {}) or {}
        data[f"{kind}:{signature}"] = mapping.to_dict()
        settings_store.put(self.ws.db, SETTING_KEY, data)

    # == preview ===================================================================================
    def preview(
        self,
        path: str | os.PathLike[str],
        kind: str = "awards",
        mapping: ColumnMapping | dict | None = None,
        sheet: str | int | None = None,
        school_year: str | None = None,
        *,
        year: int | None = None,
        today: date | None = None,
    ) -> ImportPreview:
        """The workbook's preview (see `excel.preview`) with the data-file checks added to its rows.

        Without `mapping`, a mapping remembered for the same file layout is used. Raises
        ExcelImportError (an AppError) when the workbook is unusable. Writes nothing.
        """
        today = today or self.ws.clock.today()
        result = read_preview(path, kind, mapping, sheet, today=today)
        if mapping is None:
            remembered = self.remembered_mapping(kind, result.signature)
            if remembered is not None and _differs(remembered, result.mapping):
                result = read_preview(path, kind, remembered, result.sheet_name, today=today)
        self._check(result, kind, school_year, today, year)
        return result

    def default_school_year(self) -> str:
        return school_year_of(self.ws.clock.today())

    def _check(self, pv: ImportPreview, kind: str, school_year: str | None, today: date | None,
               year: int | None = None) -> None:
        if kind == "citizens":
            self._check_citizens(pv, year or (today or self.ws.clock.today()).year, today)
        elif kind == "awards":
            school_year = school_year or self.default_school_year()
            self._check_awards(pv, school_year, today)
        elif kind == "classes":
            self._check_classes(pv, today)
        elif kind == "learners":
            self._check_learners(pv, today)
        elif kind == "vouchers":
            self._check_vouchers(pv, today)
        elif kind == "members":
            self._check_members(pv, today)
        pv.db_school_year = school_year  # type: ignore[attr-defined]

    # -- catalogues ---------------------------------------------------------------------------------
    def _catalog_index(self, catalog_kind: str, cache: dict) -> dict[str, str]:
        index = cache.get(catalog_kind)
        if index is None:
            index = {fold(e.name): e.name for e in catalog_store.entries(self.ws.db, catalog_kind, include_inactive=True)}
            cache[catalog_kind] = index
        return index

    def _flag_catalogs(self, row: PreviewRow, specs: dict, cache: dict, new: dict) -> None:
        for fname, (catalog_kind, label) in specs.items():
            value = row.values.get(fname)
            if not value or not isinstance(value, str):
                continue
            index = self._catalog_index(catalog_kind, cache)
            key = fold(value)
            if key not in index:
                row.warnings.append(
                    f"Dòng {row.row_number}: {label} “{value}” chưa có trong danh mục, sẽ được thêm khi nhập."
                )
                new.setdefault(catalog_kind, {}).setdefault(key, value)

    # -- awards -------------------------------------------------------------------------------------
    def _check_awards(self, pv: ImportPreview, school_year: str, today: date | None) -> None:
        db = self.ws.db
        existing: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
        for name, category, birth_date, birth_year in award_store.names_in_year(db, school_year):
            existing.setdefault((name, fold(category or "")), []).append((birth_date or "", birth_year))
        split = _has_split_names(pv)
        cache: dict = {}
        new: dict = {}
        folded: dict[str, str] = {}

        def f(text: str) -> str:
            out = folded.get(text)
            if out is None:
                out = folded[text] = fold(text)
            return out

        year_problem = None
        for p in validate_award(AwardDraft(school_year=school_year, full_name="A B"), today):
            if p.field == "school_year":
                year_problem = p.message
        for row in pv.rows:
            if year_problem:
                row.errors.append(f"Dòng {row.row_number}: {year_problem}")
            if not row.ok:
                continue
            draft = award_draft(row.values, school_year, split)
            for p in validate_award(draft, today):
                if p.severity == "error" and p.field != "school_year":
                    row.errors.append(f"Dòng {row.row_number}: {p.message}")
            if not row.ok:
                continue
            v = row.values
            candidates = existing.get((f(draft.full_name), f(draft.category)))
            if candidates:
                bd = draft.birth_date.isoformat() if draft.birth_date else ""
                by = draft.birth_year
                for e_date, e_year in candidates:
                    if (bd and e_date and bd == e_date) or ((not bd or not e_date) and (by is None or e_year is None or by == e_year)):
                        row.warnings.append(
                            f"Dòng {row.row_number}: có thể trùng với bản ghi đã có “{v['full_name']}” "
                            f"({school_year}, {draft.category or 'không ghi loại'})."
                        )
                        break
            self._flag_catalogs(row, _AWARD_CATALOGS, cache, new)
        _catalog_message(pv, new)

    # -- classes / learners -------------------------------------------------------------------------
    def _check_classes(self, pv: ImportPreview, today: date | None) -> None:
        existing = {
            (fold(n), s or "")
            for n, s in class_store.names_and_starts(self.ws.db)
        } if table_exists(self.ws.db, class_store.TABLE) else set()
        cache: dict = {}
        new: dict = {}
        for row in pv.rows:
            if not row.ok:
                continue
            draft = class_draft(row.values)
            _, errors, _warnings = self.ws.classes.check(draft, today=today)
            for e in errors:
                row.errors.append(f"Dòng {row.row_number}: {e.message}")
            if not row.ok:
                continue
            start = draft.start_date.isoformat() if draft.start_date else ""
            if (fold(draft.name), start) in existing:
                row.warnings.append(f"Dòng {row.row_number}: có thể trùng với lớp đã có “{draft.name}”.")
            self._flag_catalogs(row, _CLASS_CATALOGS, cache, new)
        _catalog_message(pv, new)

    def _check_learners(self, pv: ImportPreview, today: date | None) -> None:
        cache: dict = {}
        new: dict = {}
        for row in pv.rows:
            if not row.ok:
                continue
            for e in validate_learner(learner_draft(row.values).normalized(), today):
                row.errors.append(f"Dòng {row.row_number}: {e.message}")
            if row.ok:
                self._flag_catalogs(row, _LEARNER_CATALOGS, cache, new)
        _catalog_message(pv, new)

    # -- members ------------------------------------------------------------------------------------
    def _unit_index(self) -> dict[str, str]:
        """Folded unit name → uuid, for the "Chi hội" column."""
        return {fold(u.name): u.uuid for u in self.ws.units.list()}

    def _check_members(self, pv: ImportPreview, today: date | None) -> None:
        """The member rules of the service (dates, age, code), probable duplicates of members already
        stored, units and catalogue values the file does not know yet (added by the import)."""
        units = self._unit_index()
        cache: dict = {}
        new: dict = {}
        new_units: list[str] = []
        for row in pv.rows:
            if not row.ok:
                continue
            draft = member_draft(row.values, units)
            _, errors, warnings, duplicates = self.ws.members.check(draft, today=today)
            for e in errors:
                row.errors.append(f"Dòng {row.row_number}: {e.message}")
            if not row.ok:
                continue
            for w in warnings:
                row.warnings.append(f"Dòng {row.row_number}: {w.message}")
            if duplicates:
                d = duplicates[0]
                row.warnings.append(f"Dòng {row.row_number}: có thể trùng với hội viên đã có “{d.full_name}” ({d.code}).")
            unit = normalize(str(row.values.get("unit") or ""))
            if unit and fold(unit) not in units and unit not in new_units:
                new_units.append(unit)
            self._flag_catalogs(row, _MEMBER_CATALOGS, cache, new)
        _catalog_message(pv, new)
        if new_units:
            pv.messages.append("Chi hội/ban chưa có, sẽ được thêm: " + ", ".join(new_units) + ".")

    def _commit_members(self, rows: list[PreviewRow], source: str, result: ImportResult, today: date,
                        progress: Progress | None) -> None:
        units = self._unit_index()
        for row in rows:  # the units the sheet names that the file does not have yet
            name = normalize(str(row.values.get("unit") or ""))
            if name and fold(name) not in units:
                unit, _ = self.ws.units.save(UnitDraft(kind=unit_kind_of(name), name=name), confirm=True,
                                             reason=f"Nhập từ Excel: {source}", today=today)
                units[fold(name)] = unit.uuid
        for i, row in enumerate(rows):
            report(progress, i, len(rows))
            saved, _ = self.ws.members.save(member_draft(row.values, units), confirm=True,
                                            reason=f"Nhập từ Excel: {source}, dòng {row.row_number}", today=today)
            result.uuids.append(saved.uuid)

    # -- Công dân học tập ---------------------------------------------------------------------------
    def _check_citizens(self, pv: ImportPreview, year: int, today: date | None) -> None:
        """The list's rules (a configured target group, a 12-digit CCCD, the birth year), and who is already on
        the year's list (updated, not doubled)."""
        from ..domain.learning_citizens import CitizenFilter, PersonIndex, match_group, status_of, \
            unknown_group_message

        pv.citizen_year = year
        groups = self.ws.citizens.groups()
        on_list = PersonIndex(self.ws.citizens.list(CitizenFilter(year=year)))
        again = 0
        for row in pv.rows:
            if not row.ok:
                continue
            group_text = normalize(str(row.values.get("target_group") or ""))
            if group_text and match_group(group_text, groups) is None:
                row.errors.append(f"Dòng {row.row_number}: {unknown_group_message(group_text, groups)}")
            status_text = str(row.values.get("status") or "")
            if status_of(status_text) is None:
                row.errors.append(f"Dòng {row.row_number}: kết quả “{status_text}” không rõ (ghi “Đã đăng ký” "
                                  "hoặc “Đã công nhận”).")
            if not row.ok:
                continue
            draft, problems = self.ws.citizens.check(citizen_draft(row.values, year), today)
            for p in problems:
                row.errors.append(f"Dòng {row.row_number}: {p.message}")
            if row.ok and on_list.find(draft) is not None:
                again += 1
        if again:
            pv.messages.append(f"{again} người đã có trong danh sách Công dân học tập năm {year}: sẽ được cập nhật, "
                               "không thêm lần nữa.")
        if pv.error_rows:
            pv.messages.append("Danh sách Công dân học tập chỉ nhập khi mọi dòng hợp lệ: hãy sửa các dòng bị loại "
                               "rồi nhập lại.")

    def _commit_citizens(self, rows: list[PreviewRow], year: int, source: str, result: ImportResult,
                         today: date) -> None:
        created, updated, changes = self.ws.citizens.take_in(
            [(r.row_number, citizen_draft(r.values, year)) for r in rows], source=source, today=today)
        result.uuids.extend(created + updated)
        result.updated = len(updated)
        result.changes = changes

    # -- vouchers -----------------------------------------------------------------------------------
    def _check_vouchers(self, pv: ImportPreview, today: date | None) -> None:
        fund = self.ws.fund
        locked = fund.locked_until()
        existing = {
            (k, d, a, fold(p or ""))
            for k, d, a, p in fund_store.posted_entries(self.ws.db)
        } if table_exists(self.ws.db, fund_store.TABLE) else set()
        cache: dict = {}
        new: dict = {}
        numbers = False
        for row in pv.rows:
            if not row.ok:
                continue
            draft, notes = voucher_draft(row.values, _only_bank_account(self.ws))
            row.warnings.extend(f"Dòng {row.row_number}: {n}" for n in notes)
            checked, errors, _warnings = fund.check(draft, today)
            for e in errors:
                row.errors.append(f"Dòng {row.row_number}: {e.message}")
            if row.ok and locked is not None and checked.posting_date and checked.posting_date <= locked:
                row.errors.append(
                    f"Dòng {row.row_number}: ngày {checked.posting_date.strftime('%d/%m/%Y')} nằm trong kỳ đã khóa sổ "
                    f"(đến {locked.strftime('%d/%m/%Y')})."
                )
            if not row.ok:
                continue
            numbers = numbers or bool(row.values.get("number"))
            key = (checked.kind, checked.posting_date.isoformat(), checked.amount, fold(checked.person))
            if key in existing:
                row.warnings.append(f"Dòng {row.row_number}: có thể trùng với phiếu đã có (cùng loại, ngày, số tiền, người).")
            if checked.item:
                spec = {"item": (ITEM_CATALOGS[checked.kind], "Khoản mục " + checked.kind)}
                self._flag_catalogs(row, spec, cache, new)
        if numbers:
            pv.messages.append("Số phiếu trong tệp không được dùng: phần mềm tự đánh số liên tục theo thứ tự ngày.")
        _catalog_message(pv, new)

    # == commit ====================================================================================
    def commit(
        self,
        preview: ImportPreview,
        *,
        school_year: str | None = None,
        include_warnings: bool = True,
        class_uuid: str | None = None,
        year: int | None = None,
        remember: bool = True,
        today: date | None = None,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Import every valid row of `preview` (a preview of this service) in one transaction, or nothing.

        Rows with errors are never imported; rows with warnings only when `include_warnings`.
        Learners need `class_uuid`, the class they belong to. `progress(done, total)` is called row by
        row inside the transaction: when it raises (the user pressed "Dừng") nothing is imported.
        """
        today = today or self.ws.clock.today()
        kind = preview.kind
        if kind == "citizens":  # all or nothing: a bad row refuses the whole list
            if not hasattr(preview, "citizen_year") or (year is not None and year != preview.citizen_year):
                preview = read_preview(preview.path, kind, preview.mapping, preview.sheet_name, today=today)
                self._check(preview, kind, None, today, year)
            year = getattr(preview, "citizen_year", None) or today.year
            if preview.error_rows:
                raise AppError(f"Không nhập gì: có {len(preview.error_rows)} dòng bị loại; danh sách Công dân học tập "
                               "chỉ nhập khi mọi dòng hợp lệ.")
        if school_year is None:
            school_year = getattr(preview, "db_school_year", None)
        if kind == "citizens":
            pass  # checked against the year's list above
        elif not hasattr(preview, "db_school_year") or (kind == "awards" and school_year != preview.db_school_year):
            for row in preview.rows:  # re-check against the data file (a preview from the pure layer, or another year)
                row.errors[:] = [e for e in row.errors if "danh mục" not in e]
            self._check(preview, kind, school_year, today)
            school_year = preview.db_school_year
        rows = [r for r in preview.rows if r.ok and (include_warnings or kind == "citizens" or not r.warnings)]
        result = ImportResult(
            kind=kind, imported=0, skipped_errors=len(preview.error_rows),
            skipped_warnings=sum(1 for r in preview.rows if r.ok and r.warnings) if not include_warnings else 0,
        )
        if not rows:
            return result
        if kind == "learners" and not class_uuid:
            raise AppError("Hãy chọn lớp học / chuyên đề để gắn danh sách học viên.")
        db = self.ws.db
        source = Path(preview.path).name if preview.path else "Excel"
        with db.atomic():
            if kind == "awards":
                self._add_catalogs(rows, _AWARD_CATALOGS, result)
                self._commit_awards(rows, school_year or self.default_school_year(), _has_split_names(preview),
                                    source, result, progress)
            elif kind == "classes":
                self._add_catalogs(rows, _CLASS_CATALOGS, result)
                for i, row in enumerate(rows):
                    report(progress, i, len(rows))
                    saved, _ = self.ws.classes.save(class_draft(row.values), confirm=True,
                                                          reason=f"Nhập từ Excel: {source}, dòng {row.row_number}",
                                                          today=today)
                    result.uuids.append(saved.uuid)
            elif kind == "learners":
                self._add_catalogs(rows, _LEARNER_CATALOGS, result)
                for i, row in enumerate(rows):
                    report(progress, i, len(rows))
                    saved, _ = self.ws.classes.save_learner(class_uuid, learner_draft(row.values), today=today)
                    result.uuids.append(saved.uuid)
            elif kind == "vouchers":
                bank = _only_bank_account(self.ws)
                drafts = [(voucher_draft(r.values, bank)[0], r) for r in rows]
                for draft, row in drafts:
                    if draft.item:
                        spec = {"item": (ITEM_CATALOGS[draft.kind], "")}
                        self._add_catalogs([row], spec, result)
                drafts.sort(key=lambda item: (item[0].voucher_date or date.min, item[1].row_number))
                for i, (draft, row) in enumerate(drafts):
                    report(progress, i, len(drafts))
                    saved, _ = self.ws.fund.add(draft, confirm=True, today=today)
                    result.uuids.append(saved.uuid)
            elif kind == "members":
                self._add_catalogs(rows, _MEMBER_CATALOGS, result)
                self._commit_members(rows, source, result, today, progress)
            elif kind == "citizens":
                self._add_catalogs(rows, _LEARNER_CATALOGS, result)
                self._commit_citizens(rows, year, source, result, today)
            else:
                raise AppError(f"Loại dữ liệu nhập không hợp lệ: {kind}")
            if remember and preview.signature:
                self.remember_mapping(kind, preview.signature, preview.mapping)
        result.imported = len(result.uuids)
        if kind == "citizens":
            return result  # the service's changes: people added and updated, the counts that followed
        table = exchange_specs()[kind].table
        for uuid in result.uuids:
            result.changes.add("created", table, uuid)
        return result

    def _add_catalogs(self, rows: list[PreviewRow], specs: dict, result: ImportResult) -> None:
        """Add unknown catalogue values (inside the import's transaction) and use the catalogue's spelling."""
        db = self.ws.db
        cache: dict = {}
        for row in rows:
            for fname, (catalog_kind, _label) in specs.items():
                value = row.values.get(fname)
                if not value or not isinstance(value, str):
                    continue
                index = self._catalog_index(catalog_kind, cache)
                key = fold(value)
                known = index.get(key)
                if known is None:
                    name = normalize(value)
                    catalog_store.insert(db, catalog_kind, name, catalog_store.next_sort_order(db, catalog_kind))
                    index[key] = name
                    result.catalog_added.setdefault(catalog_kind, []).append(name)
                elif known != value:
                    row.values[fname] = known

    def _commit_awards(self, rows: list[PreviewRow], school_year: str, split: bool, source: str,
                       result: ImportResult, progress: Progress | None = None) -> None:
        db = self.ws.db
        n = len(rows)
        last_seq = next_change_seq(db, n)
        now = now_iso()
        operator = self.ws.operator
        values_list: list[dict] = []
        audit_rows: list[tuple] = []
        for i, row in enumerate(rows):
            report(progress, i, n)
            draft = award_draft(row.values, school_year, split).normalized()
            values = award_store.row_values(draft)
            uuid = new_uuid()
            values.update(uuid=uuid, version=1, created_at=now, updated_at=now, deleted=0,
                          change_seq=last_seq - n + 1 + i)
            values_list.append(values)
            visible = {k: v for k, v in values.items() if k not in _NOT_AUDITED}
            audit_rows.append((now, operator, "import", "award", uuid, 1, "", None,
                               json.dumps(visible, ensure_ascii=False, default=str),
                               f"Nhập từ Excel: {source}, dòng {row.row_number}"))
            result.uuids.append(uuid)
        award_store.insert_many(db, values_list)
        audit.insert_rows(db, audit_rows)


# == conversions (preview values → drafts) ==========================================================
def _has_split_names(pv: ImportPreview) -> bool:
    return any(c.field in ("family_name", "given_name", "family_middle", "middle_name") for c in pv.columns)


def award_draft(v: dict[str, Any], school_year: str, split_names: bool = False) -> AwardDraft:
    kwargs: dict[str, Any] = {}
    if split_names:
        kwargs = {"family_name": v.get("family_name", ""), "middle_name": v.get("middle_name", ""),
                  "given_name": v.get("given_name", "")}
    score = v.get("score")
    note = v.get("note", "")
    if score is not None and "subject" not in v:
        note = "; ".join(p for p in (note, f"Điểm: {score}") if p)
    achievement = v.get("achievement", "")
    if v.get("university") and not achievement:
        achievement = f"Đỗ {v['university']}" + (f" ({score} điểm)" if score is not None else "")
    return AwardDraft(
        school_year=school_year,
        full_name=v.get("full_name", ""),
        birth_date=v.get("birth_date"),
        birth_year=v.get("birth_year"),
        gender=v.get("gender", ""),
        parent_name=v.get("parent_name", ""),
        village=v.get("village", ""),
        class_name=str(v.get("class_name", "")),
        school=v.get("school", ""),
        category=v.get("category", ""),
        level=v.get("level", ""),
        prize=v.get("prize", ""),
        subject=v.get("subject", ""),
        achievement=achievement,
        award_form=v.get("award_form") or "Tiền",
        amount=int(v.get("amount") or 0),
        funding_source=v.get("funding", ""),
        decision_no=v.get("decision", ""),
        note=note,
        **kwargs,
    )


def class_draft(v: dict[str, Any]) -> ClassDraft:
    return ClassDraft(
        name=v.get("title", ""),
        field=v.get("field", ""),
        form=v.get("form") or "Lớp bồi dưỡng",
        partner=v.get("partner", ""),
        speaker=v.get("speaker", ""),
        venue=v.get("location", ""),
        start_date=v.get("start_date"),
        end_date=v.get("end_date"),
        sessions=int(v.get("sessions") or 0),
        learners=int(v.get("learners") or 0),
        women=int(v.get("female") or 0),
        minority=int(v.get("ethnic_minority") or 0),
        budget=int(v.get("budget") or 0),
        result=v.get("result", ""),
        note=v.get("note", ""),
    )


def learner_draft(v: dict[str, Any]) -> LearnerDraft:
    return LearnerDraft(full_name=v.get("full_name", ""), birth_year=v.get("birth_year"),
                        village=v.get("village", ""), gender=v.get("gender", ""), note=v.get("note", ""))


def member_draft(v: dict[str, Any], units: dict[str, str]) -> MemberDraft:
    """The draft of a member row; its "Chi hội" named by a unit of `units` (folded name → uuid)."""
    unit = normalize(str(v.get("unit") or ""))
    return MemberDraft(
        full_name=v.get("full_name", ""), code=v.get("code", ""), gender=v.get("gender", ""),
        birth_date=v.get("birth_date"), birth_year=v.get("birth_year"),
        ethnicity=v.get("ethnicity") or DEFAULT_ETHNICITY, village=v.get("village", ""),
        address=v.get("address", ""), unit_uuid=units.get(fold(unit), "") if unit else "", role=v.get("role", ""),
        category=v.get("category", ""), joined_on=v.get("joined_on"), card_no=v.get("card_no", ""),
        note=v.get("note", ""),
    )


def citizen_draft(v: dict[str, Any], year: int):
    """The draft of a Công dân học tập row of `year` (the status cell read by `status_of`)."""
    from ..domain.learning_citizens import CitizenDraft, status_of

    birth_year = v.get("birth_year") or (v["birth_date"].year if v.get("birth_date") else None)
    id_number = str(v.get("id_number") or "").replace(" ", "").replace(".", "")
    return CitizenDraft(year=year, full_name=v.get("full_name", ""), birth_year=birth_year, gender=v.get("gender", ""),
                        village=v.get("village", ""), target_group=v.get("target_group", ""),
                        status=status_of(str(v.get("status") or "")) or "registered", id_number=id_number,
                        note=v.get("note", ""))


def unit_kind_of(name: str) -> str:
    """The kind a unit named in a sheet is taken to be: "Ban khuyến học …", "Tổ hội …", else a chi hội."""
    folded = fold(name)
    return "ban_khuyen_hoc" if folded.startswith("ban") else "to_hoi" if folded.startswith("to ") else "chi_hoi"


def _only_bank_account(ws) -> str:
    """The bank account a "Chuyển khoản" row goes to when the fund has exactly one ("" otherwise: the
    fund service then asks to choose)."""
    accounts = ws.fund.accounts() if table_exists(ws.db, fund_store.ACCOUNT_TABLE) else []
    return accounts[0].uuid if len(accounts) == 1 else ""


def voucher_draft(v: dict[str, Any], bank_account: str = "") -> tuple[VoucherDraft, list[str]]:
    """The draft of a voucher row and notes about what could not be taken over as is; a transfer goes
    to the bank book of `bank_account`."""
    notes: list[str] = []
    method_text = v.get("payment_method") or ""
    method = METHOD_BY_LABEL.get(method_text, "cash")
    if method_text and method_text not in METHOD_BY_LABEL:
        notes.append(f"hình thức “{method_text}” không rõ, ghi là Tiền mặt.")
    attachments = 0
    raw = str(v.get("attachments") or "").strip()
    note = v.get("note", "")
    if raw:
        digits = "".join(ch for ch in raw.split()[0] if ch.isdigit())
        if digits and raw.split()[0].isdigit():
            attachments = int(digits)
        else:
            note = "; ".join(p for p in (note, f"Kèm theo: {raw}") if p)
    kind = "chi" if v.get("voucher_type") == "Chi" else "thu"
    return VoucherDraft(
        kind=kind, voucher_date=v.get("date"), person=v.get("person", ""), address=v.get("address", ""),
        reason=v.get("reason", ""), item=v.get("item", ""), amount=int(v.get("amount") or 0), method=method,
        attachments=attachments, note=note, account_uuid=bank_account if method == "transfer" else "",
    ), notes


def _differs(a: ColumnMapping, b: ColumnMapping) -> bool:
    return any(b.by_header.get(k, "__missing__") != f for k, f in a.by_header.items())


def _catalog_message(pv: ImportPreview, new: dict) -> None:
    from ..services.catalogs import catalog_labels

    labels = catalog_labels()
    for catalog_kind, values in new.items():
        shown = ", ".join(f"“{x}”" for x in list(values.values())[:8]) + ("…" if len(values) > 8 else "")
        pv.messages.append(
            f"{len(values)} giá trị chưa có trong danh mục {labels.get(catalog_kind, catalog_kind)} sẽ được thêm: {shown}."
        )


__all__ = ["ExcelImportService", "ImportResult", "award_draft", "class_draft", "learner_draft", "voucher_draft"]
