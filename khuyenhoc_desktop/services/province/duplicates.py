"""Possible duplicates across communes: members of two or more communes whose CCCD hashes are equal (the
same number under the same province key), so the province can ask the communes which record is current
(a member who moved and was not marked "chuyển đi", say). The province never sees the numbers themselves."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ...storage.province import communes as commune_store
from ...storage.province import members as member_store
from .registry import Registry


@dataclass(frozen=True)
class ListedMember:
    commune_code: str
    commune_name: str
    uuid: str
    code: str
    full_name: str
    birth_year: int | None
    status: str
    joined_on: str


@dataclass(frozen=True)
class DuplicateGroup:
    """Members of different communes with the same CCCD hash, by commune code."""

    members: tuple[ListedMember, ...]

    def to_dict(self) -> dict:
        return {"members": [asdict(m) for m in self.members]}


class Duplicates(Registry):
    def member_duplicates(self) -> list[DuplicateGroup]:
        """Every CCCD hash held by members (not deleted) of more than one commune, its members listed."""
        db = self.db
        if not db.table_exists("prov_member"):  # a province file read before its upgrade
            return []
        rows = member_store.shared_id_hashes(db)
        labels = member_store.member_labels(db, [(code, uuid) for _h, code, uuid, _s, _j in rows])
        names = commune_store.names(db)
        groups: dict[str, list[ListedMember]] = {}
        for id_hash, code, uuid, status, joined_on in rows:
            member_code, full_name, born = labels.get((code, uuid), ("", "", None))
            groups.setdefault(id_hash, []).append(ListedMember(
                code, names.get(code, ""), uuid, member_code, full_name, born if isinstance(born, int) else None,
                status, joined_on))
        return [DuplicateGroup(tuple(members)) for members in groups.values()]
