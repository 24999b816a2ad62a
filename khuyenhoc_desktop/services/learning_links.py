"""A household's members and award recipients: suggestions from the same thôn (`domain.learning_models.
why_linked`), confirmed by the user one by one into a stored link (audited, one transaction), and undone the
same way. The links stay in the file."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..domain.changes import Changes
from ..domain.errors import AppError, ConflictError
from ..domain.learning_models import LINK_KINDS, LinkCandidate, why_linked
from ..storage import audit, learning_links as store
from ..storage.records import stamp_change, stamp_new
from ..vietnamese import fold

TABLE = store.TABLE


class HouseholdLinks:
    def __init__(self, ws) -> None:
        self.ws = ws

    def _household(self, uuid: str):
        subject = self.ws.learning.subject(uuid)
        if subject.kind != "family":
            raise AppError(f"“{subject.name}” không phải hộ gia đình; chỉ hộ gia đình mới liên kết với hội viên, "
                           "người được khen.")
        return subject

    def _candidates(self, village: str) -> list[LinkCandidate]:
        db = self.ws.db
        out = [LinkCandidate("member", uuid, name, v, address or "", detail=f"Hội viên {code}".strip())
               for uuid, name, v, address, code in store.members_of_village(db, village)]
        out += [LinkCandidate("award", uuid, name, v, parent_name=parent or "",
                              detail=" ".join(x for x in (category, school_year) if x))
                for uuid, name, v, parent, category, school_year in store.awards_of_village(db, village)]
        return out

    def linked(self, household_uuid: str) -> list[LinkCandidate]:
        """The confirmed members and award recipients of the household, members first."""
        subject = self._household(household_uuid)
        keys = {(kind, uuid) for _u, _v, kind, uuid in store.links_of(self.ws.db, household_uuid)}
        found = [c for c in self._candidates(subject.village) if (c.kind, c.uuid) in keys]
        found += self._linked_elsewhere(keys - {(c.kind, c.uuid) for c in found})
        return [replace(c, linked=True) for c in found]

    def _linked_elsewhere(self, keys) -> list[LinkCandidate]:
        """Linked records whose thôn has changed since (they stay linked until the user removes them)."""
        out = []
        for kind, uuid in sorted(keys):
            if kind == "member":
                m = self.ws.members.fetch([uuid])
                if m and not m[0].deleted:
                    out.append(LinkCandidate("member", uuid, m[0].full_name, m[0].village, m[0].address,
                                             detail=f"Hội viên {m[0].code}".strip()))
            else:
                a = self.ws.awards.fetch([uuid])
                if a and not a[0].deleted:
                    out.append(LinkCandidate("award", uuid, a[0].full_name, a[0].village, parent_name=a[0].parent_name,
                                             detail=f"{a[0].category} {a[0].school_year}".strip()))
        return out

    def suggestions(self, household_uuid: str) -> list[tuple[LinkCandidate, str]]:
        """(candidate, why) for the thôn's members and award recipients that may belong to the household and
        are not linked to it yet."""
        subject = self._household(household_uuid)
        linked = self.linked(household_uuid)
        keys = {(c.kind, c.uuid) for c in linked}
        addresses = {fold(c.address) for c in linked if c.kind == "member" and c.address}
        names = {fold(c.name) for c in linked if c.kind == "member"}
        out = []
        for candidate in self._candidates(subject.village):
            if (candidate.kind, candidate.uuid) in keys:
                continue
            why = why_linked(subject.name, subject.village, candidate, addresses, names)
            if why:
                out.append((candidate, why))
        return out

    def confirm(self, household_uuid: str, records: Sequence[tuple[str, str]]) -> Changes:
        """Link the household to these (kind, uuid) records, all or none."""
        subject = self._household(household_uuid)
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            existing = {(kind, uuid) for _u, _v, kind, uuid in store.links_of(db, household_uuid)}
            for kind, uuid in records:
                if kind not in LINK_KINDS:
                    raise AppError(f"Không liên kết được loại bản ghi “{kind}”.")
                found = (self.ws.members if kind == "member" else self.ws.awards).fetch([uuid])
                if not found or found[0].deleted:
                    raise AppError(f"Không tìm thấy {LINK_KINDS[kind].lower()} này (có thể đã bị xóa).")
                if (kind, uuid) in existing:
                    raise ConflictError(f"{LINK_KINDS[kind]} “{found[0].full_name}” đã liên kết với hộ "
                                        f"“{subject.name}”.")
                values = {"subject_uuid": household_uuid, "record_kind": kind, "record_uuid": uuid}
                row = stamp_new(db, dict(values))
                store.insert(db, row)
                audit.record(db, operator=self.ws.operator, action="create", table=TABLE, uuid=row["uuid"],
                             version=1, before=None, after=values)
                changes.add("created", TABLE, row["uuid"])
                existing.add((kind, uuid))
        return changes

    def remove(self, household_uuid: str, kind: str, uuid: str) -> Changes:
        """Undo a link (soft delete, audited)."""
        db = self.ws.db
        changes = Changes()
        with db.atomic():
            for link_uuid, version, k, record in store.links_of(db, household_uuid):
                if (k, record) == (kind, uuid):
                    row = stamp_change(db, version, {"deleted": 1})
                    store.update(db, link_uuid, row)
                    audit.record(db, operator=self.ws.operator, action="delete", table=TABLE, uuid=link_uuid,
                                 version=row["version"], before={"deleted": 0}, after={"deleted": 1})
                    changes.add("deleted", TABLE, link_uuid)
                    return changes
        raise AppError("Liên kết này không còn.")

    def households_of(self, kind: str, uuid: str) -> list[str]:
        return store.households_of(self.ws.db, kind, uuid)
