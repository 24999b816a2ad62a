"""The learning-society models' yearly cycle: subjects, registration (one per subject and year; a whole thôn's
households at once), the score sheet against a criteria set that applies to the year, the review (bình xét),
recognition by a decision, and the Công dân học tập counts per target group. Each write is one transaction
with its audit rows; a refusal leaves nothing written.

Criteria sets: the shipped ones (`resources/criteria`) and the ones saved in the file. A saved set can be
corrected while no score sheet uses it; a set in use (and every shipped set) is only superseded by a copy with
a new version.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from ..domain.changes import Changes
from ..domain.limits import year_problem
from ..domain.errors import AppError, ConflictError, FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..domain.learning_models import (
    DEFAULT_CERTIFICATE_SIGNER, DEFAULT_ISSUING_BODY, DEFAULT_TARGET_GROUPS, DEFAULT_TARGETS, DEFAULT_VALIDITY_YEARS, MODEL_KINDS, SUBJECT_KINDS, TITLE_OF_KIND, Assessment,
    CitizenCount, DecisionDraft, ModelRate, Registration, Subject, SubjectDraft, target_problem, validate_counts,
    rates_of, validate_subject, validity_problem, year_figures,
)
from ..storage import audit, learning_citizens as citizen_store, learning_models as store, settings
from ..storage.records import stamp_change, stamp_new
from ..vietnamese import fold, format_date, normalize, os_error_text
from .record_writes import write_keyed_rows

if TYPE_CHECKING:
    from ..domain.learning_criteria import CriteriaSet

# The criteria sets (their parser, the scoring rule, the shipped files) load with the first set asked for:
# the home page's figures read only counts.
TABLES = store.TABLES  # what the page shows
SETTING = "learning_models"
DEFAULT_SETTINGS = {
    "issuing_body": DEFAULT_ISSUING_BODY,  # who recognises (changed in July 2025): a setting
    "difficult_area": False,  # the commune is a designated difficult area (lower pass mark where a set has one)
    "target_groups": list(DEFAULT_TARGET_GROUPS),
    "targets": dict(DEFAULT_TARGETS),  # % recognised of those on the list, per model (QĐ 387 by default)
    "validity_years": dict(DEFAULT_VALIDITY_YEARS),  # how long a recognition stays valid, per model
    "certificate_signer": dict(DEFAULT_CERTIFICATE_SIGNER),  # who signs the giấy công nhận
}


class LearningModelService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # == settings =====================================================================================
    def settings(self) -> dict:
        stored = settings.get(self.ws.db, SETTING) or {}
        out = {**DEFAULT_SETTINGS, **{k: v for k, v in stored.items() if k in DEFAULT_SETTINGS}}
        out["targets"] = {**DEFAULT_TARGETS, **(stored.get("targets") or {})}
        out["validity_years"] = {**DEFAULT_VALIDITY_YEARS, **(stored.get("validity_years") or {})}
        out["certificate_signer"] = {**DEFAULT_CERTIFICATE_SIGNER, **(stored.get("certificate_signer") or {})}
        return out

    def save_settings(self, **changes) -> Changes:
        unknown = set(changes) - set(DEFAULT_SETTINGS)
        if unknown:
            raise AppError(f"Không có thiết lập “{', '.join(sorted(unknown))}”.")
        before = self.settings()
        after = {**before, **changes}
        after["issuing_body"] = normalize(after["issuing_body"])
        if not after["issuing_body"]:
            raise ValidationError([FieldError("issuing_body", "Chưa nhập cơ quan ra quyết định công nhận.")])
        after["target_groups"] = list(dict.fromkeys(normalize(g) for g in after["target_groups"] if normalize(g)))
        if not after["target_groups"]:
            raise ValidationError([FieldError("target_groups", "Cần ít nhất một nhóm đối tượng Công dân học tập.")])
        after["targets"] = {**DEFAULT_TARGETS, **after["targets"]}
        problems = [p for p in (target_problem(k, v) for k, v in after["targets"].items()) if p]
        if problems:
            raise ValidationError([FieldError("targets", p) for p in problems])
        after["validity_years"] = {**DEFAULT_VALIDITY_YEARS, **after["validity_years"]}
        problems = [p for p in (validity_problem(k, v) for k, v in after["validity_years"].items()) if p]
        if problems:
            raise ValidationError([FieldError("validity_years", p) for p in problems])
        after["certificate_signer"] = {k: normalize(str(after["certificate_signer"].get(k, "")))
                                       for k in DEFAULT_CERTIFICATE_SIGNER}
        db = self.ws.db
        with db.atomic():
            settings.put(db, SETTING, after)
            audit.record(db, operator=self.ws.operator, action="update", table="setting", uuid=SETTING, version=1,
                         before=before, after=after)
        changes_out = Changes()
        changes_out.settings = True
        return changes_out

    # == criteria sets ==================================================================================
    def criteria_sets(self) -> list[CriteriaSet]:
        """The shipped sets and the file's own, each (code, version) once (the file's copy of a shipped key
        cannot exist: saving one is refused)."""
        from ..domain.learning_criteria import parse_set
        from .learning_criteria import shipped_sets

        found = {s.key: s for s in shipped_sets()}
        for _uuid, _version, body in store.stored_set_bodies(self.ws.db):
            parsed = parse_set(json.loads(body))
            found[parsed.key] = parsed
        return sorted(found.values(), key=lambda s: (s.title_kind, s.code, s.version))

    def criteria_set(self, code: str, version: int) -> CriteriaSet:
        for s in self.criteria_sets():
            if s.key == (code, version):
                return s
        raise NotFoundError(f"Không có bộ tiêu chí “{code}” phiên bản {version}.")

    def sets_for(self, title_kind: str, year: int) -> list[CriteriaSet]:
        """The sets of a title kind that apply to `year`, newest version first."""
        return sorted((s for s in self.criteria_sets() if s.title_kind == title_kind and s.applies_to(year)),
                      key=lambda s: -s.version)

    def in_use(self, code: str, version: int) -> int:
        return store.set_in_use(self.ws.db, code, version)

    def save_set(self, data: Mapping) -> Changes:
        """Save a set (new, or a correction of a saved set no score sheet uses yet)."""
        from ..domain.learning_criteria import parse_set
        from .learning_criteria import shipped_sets

        criteria_set = parse_set(data)
        if any(s.key == criteria_set.key for s in shipped_sets()):
            raise ConflictError(f"“{criteria_set.label}” có sẵn trong chương trình, không sửa được; hãy sao thành "
                                "phiên bản mới.")
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            used = store.set_in_use(db, *criteria_set.key)
            if used:
                raise ConflictError(f"“{criteria_set.label}” đã dùng cho {used} phiếu chấm, không sửa được; hãy sao "
                                    "thành phiên bản mới.")
            values = {"code": criteria_set.code, "set_version": criteria_set.version,
                      "title_kind": criteria_set.title_kind, "year_from": criteria_set.year_from,
                      "year_to": criteria_set.year_to, "status": criteria_set.status,
                      "body": json.dumps(criteria_set.raw, ensure_ascii=False)}
            existing = store.stored_set_row(db, *criteria_set.key)
            if existing:
                uuid, version, old_body = existing
                store.update_set(db, uuid, stamp_change(db, version, dict(values)))
                audit.record(db, operator=self.ws.operator, action="update", table=store.SET_TABLE, uuid=uuid,
                             version=version + 1, before={"body": old_body}, after={"body": values["body"]})
                changes.add("updated", store.SET_TABLE, uuid)
            else:
                row = stamp_new(db, dict(values))
                store.insert_set(db, row)
                audit.record(db, operator=self.ws.operator, action="create", table=store.SET_TABLE, uuid=row["uuid"],
                             version=1, before=None, after=values)
                changes.add("created", store.SET_TABLE, row["uuid"])
        return changes

    def export_set(self, code: str, version: int, path) -> CriteriaSet:
        """Write a set as its JSON file (a province hands it to its communes); atomically."""
        from ..domain.learning_criteria import dumps
        from ..storage.files import atomic_write

        criteria_set = self.criteria_set(code, version)
        atomic_write(path, (dumps(criteria_set) + "\n").encode("utf-8"))
        return criteria_set

    def import_set(self, path) -> tuple[CriteriaSet, Changes]:
        """Save the set of a JSON file (checked first; refused like `save_set` when its version is shipped or
        in use: the file must carry a new version)."""
        from ..domain.learning_criteria import loads

        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read(2_000_001)
        except OSError as exc:
            raise AppError(f"Không đọc được tệp bộ tiêu chí: {os_error_text(exc)}.") from None
        if len(text) > 2_000_000:
            raise AppError("Tệp bộ tiêu chí quá lớn (tối đa 2 MB).")
        criteria_set = loads(text)
        return criteria_set, self.save_set(criteria_set.raw)

    def supersede(self, code: str, version: int, changes: Mapping | None = None) -> tuple[CriteriaSet, Changes]:
        """A copy of the set as the code's next version, with `changes` laid over it; the old one is untouched."""
        from ..domain.learning_criteria import parse_set, superseding_copy

        old = self.criteria_set(code, version)
        newest = max(s.version for s in self.criteria_sets() if s.code == code)
        data = superseding_copy(old, newest + 1, changes)
        done = self.save_set(data)
        return parse_set(data), done

    # == subjects ===========================================================================================
    def save_subject(self, draft: SubjectDraft, uuid: str = "", *, confirm: bool = False) -> Changes:
        draft = replace(draft, **{f: normalize(getattr(draft, f)) for f in
                                  ("name", "village", "head", "unit_kind", "note")})
        if draft.kind == "community" and not draft.village:
            draft = replace(draft, village=draft.name)
        problems = validate_subject(draft)
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        values = store.subject_values(draft)
        same = store.same_subject(db, draft.kind, fold(f"{draft.name} {draft.village}"), draft.village, uuid)
        if same and not confirm:
            other = store.get_subject(db, same)
            raise NeedsConfirmation([FieldError("name", f"Đã có “{other.name}” ({other.village or 'không ghi thôn'}) "
                                                        "trong danh sách. Vẫn lưu thêm?", "warning")])
        changes = Changes()
        with db.atomic():
            if uuid:
                old = store.get_subject(db, uuid)
                if old is None:
                    raise NotFoundError("Không tìm thấy đối tượng này (có thể đã bị xóa).")
                row = stamp_change(db, old.version, dict(values))
                store.update_subject(db, uuid, row)
                audit.record(db, operator=self.ws.operator, action="update", table=store.SUBJECT_TABLE, uuid=uuid,
                             version=row["version"], before=_subject_dict(old), after=asdict(draft))
                changes.add("updated", store.SUBJECT_TABLE, uuid)
            else:
                row = stamp_new(db, dict(values))
                store.insert_subject(db, row)
                audit.record(db, operator=self.ws.operator, action="create", table=store.SUBJECT_TABLE,
                             uuid=row["uuid"], version=1, before=None, after=asdict(draft))
                changes.add("created", store.SUBJECT_TABLE, row["uuid"])
        return changes

    def save_households(self, drafts: Sequence[SubjectDraft]) -> tuple[int, int, Changes]:
        """Save a household list (an Excel sheet's) in one transaction: (saved, already on the list, changes).
        A household already on the list (same folded name and thôn) is left as it is; any line refused by the
        rules refuses the whole list, naming its line."""
        db = self.ws.db
        changes = Changes()
        saved = skipped = 0
        seen: set[tuple[str, str]] = set()
        with db.atomic():
            for n, draft in enumerate(drafts, 1):
                draft = replace(draft, kind="family", name=normalize(draft.name), village=normalize(draft.village),
                                note=normalize(draft.note))
                problems = validate_subject(draft)
                if problems:
                    raise ValidationError([FieldError(p.field, f"Hộ thứ {n} ({draft.name or 'không tên'}): {p.message}")
                                           for p in problems])
                key = (fold(draft.name), draft.village)
                if key in seen or store.same_subject(db, "family", fold(f"{draft.name} {draft.village}"),
                                                     draft.village):
                    skipped += 1
                    continue
                seen.add(key)
                changes.merge(self.save_subject(draft, confirm=True))
                saved += 1
        return saved, skipped, changes

    def delete_subject(self, uuid: str, reason: str = "") -> Changes:
        """Remove a subject typed by mistake (soft delete, audited). One with a registration is refused: its
        years stay in the figures."""
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            subject = self.subject(uuid)
            years = store.years_registered(db, uuid)
            if years:
                raise ConflictError(f"“{subject.name}” đã đăng ký năm {', '.join(map(str, years))}: không xóa được "
                                    "(số liệu các năm đó giữ nguyên).")
            row = stamp_change(db, subject.version, {"deleted": 1})
            store.update_subject(db, uuid, row)
            audit.record(db, operator=self.ws.operator, action="delete", table=store.SUBJECT_TABLE, uuid=uuid,
                         version=row["version"], before={"deleted": 0}, after={"deleted": 1}, reason=normalize(reason))
            changes.add("deleted", store.SUBJECT_TABLE, uuid)
        return changes

    def subject(self, uuid: str) -> Subject:
        found = store.get_subject(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy đối tượng này (có thể đã bị xóa).")
        return found

    def subjects(self, kind: str, *, village: str | None = None, search: str = "", offset: int = 0,
                 limit: int | None = None) -> list[Subject]:
        return store.subjects(self.ws.db, kind, village=village, search=search, offset=offset, limit=limit)

    def subject_count(self, kind: str, *, village: str | None = None, search: str = "") -> int:
        return store.subject_count(self.ws.db, kind, village=village, search=search)

    # == registration ===========================================================================================
    def register(self, subject_uuid: str, year: int, registered_on: date | None = None, note: str = "") -> Changes:
        return self.register_many([subject_uuid], year, registered_on, note, skip_registered=False)

    def register_village(self, kind: str, village: str, year: int, registered_on: date | None = None) -> Changes:
        """Register every subject of a kind in a thôn for `year` (those already registered stay as they are)."""
        uuids = [s.uuid for s in store.subjects(self.ws.db, kind, village=normalize(village))]
        if not uuids:
            raise AppError(f"Thôn “{village}” chưa có {SUBJECT_KINDS.get(kind, kind).lower()} nào trong danh sách.")
        return self.register_many(uuids, year, registered_on, skip_registered=True)

    def register_many(self, subject_uuids: Sequence[str], year: int, registered_on: date | None = None,
                      note: str = "", *, skip_registered: bool = False) -> Changes:
        problem = year_problem(year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        registered_on = registered_on or self.ws.clock.today()
        if registered_on.year not in (year - 1, year):
            raise ValidationError([FieldError("registered_on", f"Ngày đăng ký {format_date(registered_on)} không "
                                                               f"thuộc năm {year}.")])
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            already = store.registered_subjects(db, year, list(subject_uuids))
            for subject_uuid in subject_uuids:
                subject = self.subject(subject_uuid)
                if subject_uuid in already:
                    if skip_registered:
                        continue
                    raise ConflictError(f"{SUBJECT_KINDS[subject.kind]} “{subject.name}” đã đăng ký năm {year}; "
                                        "mỗi năm chỉ đăng ký một lần.")
                after = {"subject_uuid": subject_uuid, "year": year, "registered_on": registered_on.isoformat(),
                         "status": "registered", "note": normalize(note)}
                row = stamp_new(db, dict(after))
                store.insert_registration(db, row)
                audit.record(db, operator=self.ws.operator, action="create", table=store.REGISTRATION_TABLE,
                             uuid=row["uuid"], version=1, before=None, after=after)
                changes.add("created", store.REGISTRATION_TABLE, row["uuid"])
        return changes

    def delete_registration(self, uuid: str, reason: str = "") -> Changes:
        """Withdraw a registration made by mistake, with its score sheet (soft delete, audited; the province's
        copy follows with the next package). One recognised is refused: a decision lists it."""
        db = self.ws.db
        changes = Changes()
        reason = normalize(reason)
        with db.atomic():
            registration = self.registration(uuid)
            subject = self.subject(registration.subject_uuid)
            if registration.status == "recognised":
                raise ConflictError(f"“{subject.name}” đã được công nhận năm {registration.year} theo một quyết định: "
                                    "không xóa đăng ký được.")
            sheet = store.assessment_of(db, uuid)
            if sheet:
                row = stamp_change(db, sheet.version, {"deleted": 1})
                store.update_assessment(db, sheet.uuid, row)
                audit.record(db, operator=self.ws.operator, action="delete", table=store.ASSESSMENT_TABLE,
                             uuid=sheet.uuid, version=row["version"], before={"deleted": 0}, after={"deleted": 1},
                             reason=reason)
                changes.add("deleted", store.ASSESSMENT_TABLE, sheet.uuid)
            row = stamp_change(db, registration.version, {"deleted": 1})
            store.update_registration(db, uuid, row)
            audit.record(db, operator=self.ws.operator, action="delete", table=store.REGISTRATION_TABLE, uuid=uuid,
                         version=row["version"], before={"deleted": 0}, after={"deleted": 1}, reason=reason)
            changes.add("deleted", store.REGISTRATION_TABLE, uuid)
        return changes

    def registration(self, uuid: str) -> Registration:
        found = store.get_registration(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy bản đăng ký này (có thể đã bị xóa).")
        return found

    def registration_of(self, subject_uuid: str, year: int) -> Registration | None:
        return store.registration_of(self.ws.db, subject_uuid, year)

    def registrations(self, year: int, kind: str) -> list[tuple[Subject, Registration]]:
        return store.registrations_of_year(self.ws.db, year, kind)

    # == score sheet ==================================================================================================
    def assess(self, registration_uuid: str, set_code: str, set_version: int, points: Mapping[str, int], *,
               assessed_on: date | None = None, difficult_area: bool | None = None, evidence: str = "") -> Changes:
        """Save the registration's score sheet (a new one replaces the earlier, until it is recognised)."""
        from ..domain.learning_criteria import score

        db = self.ws.db
        registration = self.registration(registration_uuid)
        subject = self.subject(registration.subject_uuid)
        criteria_set = self.criteria_set(set_code, set_version)
        if criteria_set.title_kind != subject.kind:
            raise AppError(f"Bộ tiêu chí “{criteria_set.label}” dùng cho {criteria_set.title_kind_label.lower()}, "
                           f"không dùng cho {SUBJECT_KINDS[subject.kind].lower()}.")
        if not criteria_set.applies_to(registration.year):
            raise AppError(f"Bộ tiêu chí “{criteria_set.label}” áp dụng {criteria_set.years_label}, không áp dụng "
                           f"cho năm {registration.year}.")
        if registration.status == "recognised":
            raise ConflictError(f"“{subject.name}” đã được công nhận năm {registration.year}; không chấm lại được.")
        if difficult_area is None:
            difficult_area = bool(self.settings()["difficult_area"])
        outcome = score(criteria_set, points, difficult_area=difficult_area)
        assessed_on = assessed_on or self.ws.clock.today()
        after = {"registration_uuid": registration_uuid, "set_code": set_code, "set_version": set_version,
                 "assessed_on": assessed_on.isoformat(), "difficult_area": int(difficult_area),
                 "points": json.dumps({i.code: points.get(i.code, 0) for i in criteria_set.items}),
                 "total": outcome.total, "max_total": outcome.max_total, "result": outcome.result,
                 "passed": int(outcome.passed), "evidence": normalize(evidence)}
        changes = Changes()
        with db.atomic():
            old = store.assessment_of(db, registration_uuid)
            if old:
                row = stamp_change(db, old.version, dict(after))
                store.update_assessment(db, old.uuid, row)
                audit.record(db, operator=self.ws.operator, action="update", table=store.ASSESSMENT_TABLE,
                             uuid=old.uuid, version=row["version"], before=_assessment_dict(old), after=after)
                changes.add("updated", store.ASSESSMENT_TABLE, old.uuid)
            else:
                row = stamp_new(db, dict(after))
                store.insert_assessment(db, row)
                audit.record(db, operator=self.ws.operator, action="create", table=store.ASSESSMENT_TABLE,
                             uuid=row["uuid"], version=1, before=None, after=after)
                changes.add("created", store.ASSESSMENT_TABLE, row["uuid"])
            self._set_status(registration, {"status": "assessed", "review_reason": "", "reviewed_on": ""}, changes)
        return changes

    def assessment(self, registration_uuid: str) -> Assessment | None:
        return store.assessment_of(self.ws.db, registration_uuid)

    # == review (bình xét) ============================================================================================
    def review(self, registration_uuid: str, accepted: bool, reason: str = "", reviewed_on: date | None = None) -> Changes:
        registration = self.registration(registration_uuid)
        subject = self.subject(registration.subject_uuid)
        reason = normalize(reason)
        if registration.status == "recognised":
            raise ConflictError(f"“{subject.name}” đã được công nhận; không bình xét lại được.")
        if registration.status == "registered":
            raise AppError(f"“{subject.name}” chưa có phiếu tự đánh giá; chấm điểm trước khi bình xét.")
        if not accepted and not reason:
            raise ValidationError([FieldError("reason", "Trả lại cần ghi lý do.")])
        reviewed_on = reviewed_on or self.ws.clock.today()
        changes = Changes()
        with self.ws.db.atomic():
            self._set_status(registration, {"status": "accepted" if accepted else "returned", "review_reason": reason,
                                            "reviewed_on": reviewed_on.isoformat()}, changes, reason=reason)
        return changes

    def review_many(self, registration_uuids: Sequence[str], accepted: bool, reason: str = "",
                    reviewed_on: date | None = None) -> Changes:
        """Review several registrations at once: all or none."""
        changes = Changes()
        with self.ws.db.atomic():
            for uuid in registration_uuids:
                changes.merge(self.review(uuid, accepted, reason, reviewed_on))
        return changes

    # == recognition ======================================================================================================
    def recognise(self, draft: DecisionDraft, registration_uuids: Sequence[str],
                  reasons: Mapping[str, str] | None = None) -> tuple[str, Changes]:
        """Record a decision and recognise the registrations it lists. Refused: a decision dated before a
        listed score sheet, a registration of another year or title, one already recognised, and one without a
        passing, accepted score sheet unless `reasons` gives why it is recognised anyway (the reason is logged)."""
        reasons = {k: normalize(v) for k, v in (reasons or {}).items()}
        number = normalize(draft.number)
        body = normalize(draft.issuing_body) or self.settings()["issuing_body"]
        problems: list[FieldError] = []
        if not number:
            problems.append(FieldError("number", "Chưa nhập số quyết định."))
        if draft.title_kind not in TITLE_OF_KIND:
            problems.append(FieldError("title_kind", f"Danh hiệu “{draft.title_kind}” không có."))
        if not registration_uuids:
            problems.append(FieldError("registrations", "Quyết định chưa có đối tượng nào được công nhận."))
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            checked = []
            for uuid in registration_uuids:
                registration = self.registration(uuid)
                subject = self.subject(registration.subject_uuid)
                name = f"{SUBJECT_KINDS[subject.kind]} “{subject.name}”"
                if registration.year != draft.year or subject.kind != draft.title_kind:
                    problems.append(FieldError("registrations", f"{name} không đăng ký "
                                               f"{TITLE_OF_KIND[draft.title_kind].lower()} năm {draft.year}."))
                    continue
                if registration.status == "recognised":
                    problems.append(FieldError("registrations", f"{name} đã được công nhận năm {draft.year}."))
                    continue
                sheet = store.assessment_of(db, uuid)
                if sheet and draft.decided_on < sheet.assessed_on:
                    problems.append(FieldError("decided_on", f"Quyết định ngày {format_date(draft.decided_on)} trước "
                                               f"ngày chấm điểm của {name} ({format_date(sheet.assessed_on)})."))
                    continue
                passing = bool(sheet and sheet.passed and registration.status == "accepted")
                if not passing and not reasons.get(uuid):
                    why = ("chưa có phiếu chấm điểm" if sheet is None else
                           "chưa đạt điểm" if not sheet.passed else "chưa được bình xét thông qua")
                    problems.append(FieldError("reasons", f"{name} {why}: chỉ công nhận khi ghi lý do."))
                    continue
                checked.append((registration, "" if passing else reasons[uuid]))
            if problems:
                raise ValidationError(problems)
            after = {"year": draft.year, "title_kind": draft.title_kind, "number": number,
                     "decided_on": draft.decided_on.isoformat(), "issuing_body": body, "note": normalize(draft.note)}
            row = stamp_new(db, dict(after))
            store.insert_decision(db, row)
            audit.record(db, operator=self.ws.operator, action="create", table=store.DECISION_TABLE, uuid=row["uuid"],
                         version=1, before=None, after=after)
            changes.add("created", store.DECISION_TABLE, row["uuid"])
            for registration, reason in checked:
                self._set_status(registration, {"status": "recognised", "decision_uuid": row["uuid"],
                                                "recognition_reason": reason}, changes, reason=reason)
        return row["uuid"], changes

    def decision(self, uuid: str) -> dict:
        found = store.decision(self.ws.db, uuid)
        if found is None:
            raise NotFoundError("Không tìm thấy quyết định công nhận này.")
        return found

    def _set_status(self, registration: Registration, values: dict, changes: Changes, reason: str = "") -> None:
        db = self.ws.db
        before = {k: _plain(getattr(registration, k)) for k in values}
        row = stamp_change(db, registration.version, dict(values))
        store.update_registration(db, registration.uuid, row)
        audit.record(db, operator=self.ws.operator, action="update", table=store.REGISTRATION_TABLE,
                     uuid=registration.uuid, version=row["version"], before=before, after=values, reason=reason)
        changes.add("updated", store.REGISTRATION_TABLE, registration.uuid)

    # == Công dân học tập ======================================================================================================
    def citizen_counts(self, year: int) -> list[CitizenCount]:
        stored = store.citizen_counts(self.ws.db, year)
        groups = list(self.settings()["target_groups"])
        groups += [g for g in stored if g not in groups]
        return [stored[g][2] if g in stored else CitizenCount(g) for g in groups]

    def save_citizen_counts(self, year: int, counts: Iterable[CitizenCount]) -> Changes:
        problem = year_problem(year)
        if problem:
            raise ValidationError([FieldError("year", problem)])
        cleaned: dict[str, CitizenCount] = {}
        problems: list[FieldError] = []
        for count in counts:
            count = replace(count, target_group=normalize(count.target_group))
            if not count.target_group:
                problems.append(FieldError("target_group", "Chưa ghi nhóm đối tượng."))
                continue
            if count.target_group in cleaned:
                problems.append(FieldError("target_group", f"Nhóm “{count.target_group}” có hai dòng."))
                continue
            problems += validate_counts(count)
            cleaned[count.target_group] = count
        if problems:
            raise ValidationError(problems)
        db = self.ws.db
        with db.atomic():
            # a group with people on the year's list is counted from the list (docs/numbers.md), not by hand
            from ..domain.learning_citizens import counts_from_list  # the list's rules: only where a list is kept

            from_list = counts_from_list(citizen_store.year_list(db, year))
            for group, count in cleaned.items():
                if group in from_list and (count.registered, count.recognised) != from_list[group]:
                    problems.append(FieldError("target_group", (
                        f"Nhóm “{group}” có {from_list[group][0]} người trong danh sách Công dân học tập năm {year}: "
                        f"số liệu của nhóm tính theo danh sách ({from_list[group][0]} đăng ký, {from_list[group][1]} "
                        "được công nhận), không sửa tay được.")))
            if problems:
                raise ValidationError(problems)
            wanted = {group: (count, {"year": year, "target_group": group, "registered": count.registered,
                                      "recognised": count.recognised})
                      for group, count in cleaned.items()}
            # a group with nothing counted is not written until it has a figure
            return write_keyed_rows(self.ws, store.CITIZEN_TABLE, store.citizen_counts(db, year), wanted,
                                    before_of=asdict, create_if=lambda count: bool(count.registered or count.recognised))

    # == figures ==================================================================================================================
    def counts_by_village(self, kind: str, year: int) -> dict[str, tuple[int, int, int]]:
        """thôn → (subjects, registered, recognised) of `year`."""
        return store.counts_by_village(self.ws.db, kind, year)

    def rates(self, year: int) -> list[ModelRate]:
        """Each model's year against its target (the setting's, QĐ 387 by default)."""
        return rates_of(self.year_figures(year), self.settings()["targets"])

    def still_valid(self, kind: str, year: int) -> dict[str, tuple[Subject, Registration, int]]:
        """subject uuid → (subject, its recognised registration, the last year it is valid) for the subjects of a
        kind recognised in an earlier year whose recognition is still valid in `year` (`domain.learning_models.
        valid_until`, the model's validity setting) and not recognised in `year` itself. Shown in lists only:
        the figures count `year`'s recognitions alone (docs/numbers.md)."""
        from ..domain.learning_models import valid_until

        validity = int(self.settings()["validity_years"][kind])
        if validity <= 1:
            return {}
        now = {s.uuid for s, r in self.registrations(year, kind) if r.status == "recognised"}
        found: dict[str, tuple[Subject, Registration, int]] = {}
        for earlier in range(year - 1, year - validity, -1):  # the latest recognition first
            for subject, registration in self.registrations(earlier, kind):
                if registration.status == "recognised" and subject.uuid not in now and subject.uuid not in found:
                    found[subject.uuid] = (subject, registration, valid_until(earlier, validity))
        return found

    def year_figures(self, year: int) -> dict:
        """The summary's `learning_models` block (`domain.learning_models.year_figures`): per model the subjects
        on the list (total), registered and recognised in `year`; Công dân học tập from the counts per target
        group."""
        counts = {}
        for kind in MODEL_KINDS:
            rows = self.counts_by_village(kind, year).values()
            counts[kind] = (sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows))
        registered, recognised = store.citizen_totals(self.ws.db, year)  # old communes' counts included
        return year_figures(year, counts, (registered, recognised))


def _plain(value):
    return value.isoformat() if isinstance(value, date) else ("" if value is None else value)


def _subject_dict(subject: Subject) -> dict:
    return {f: getattr(subject, f) for f in ("kind", "name", "village", "head", "size", "unit_kind", "note")}


def _assessment_dict(sheet: Assessment) -> dict:
    return {"set_code": sheet.set_code, "set_version": sheet.set_version, "assessed_on": sheet.assessed_on.isoformat(),
            "total": sheet.total, "result": sheet.result, "passed": int(sheet.passed),
            "points": json.dumps(sheet.points)}
