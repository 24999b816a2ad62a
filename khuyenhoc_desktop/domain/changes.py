"""What a service call changed, so the UI can refresh only what it shows (Anki's OpChanges idea)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    created: dict[str, list[str]] = field(default_factory=dict)  # table → uuids
    updated: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)
    settings: bool = False

    def add(self, kind: str, table: str, *uuids: str) -> "Changes":
        getattr(self, kind).setdefault(table, []).extend(uuids)
        return self

    def touches(self, table: str) -> bool:
        return any(table in d for d in (self.created, self.updated, self.deleted))

    def merge(self, other: "Changes") -> "Changes":
        for kind in ("created", "updated", "deleted"):
            for table, uuids in getattr(other, kind).items():
                self.add(kind, table, *uuids)
        self.settings = self.settings or other.settings
        return self
