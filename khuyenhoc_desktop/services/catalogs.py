"""Catalogues (danh mục) the committee edits, and the yearly award amount table (mức thưởng)."""

from __future__ import annotations

from ..domain.changes import Changes
from ..domain.limits import amount_problem
from ..domain.errors import AppError, FieldError, ValidationError
from ..resources import load_json
from ..storage import audit, catalogs as store
from ..storage.catalogs import AwardRateEntry, CatalogEntry
from ..vietnamese import normalize

# The version of the catalogues' codes and meanings (award categories, levels, fund items) that sync
# packages carry as `catalog_version`. Raise it when a change would make a province built for the old
# catalogues add up a commune's figures wrongly; the province then asks for an update instead.
CATALOG_VERSION = 1


def catalog_labels() -> dict[str, str]:
    return {kind: spec["label"] for kind, spec in load_json("defaults", "catalogs.json")["kinds"].items()}


class CatalogService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------
    def entries(self, kind: str, include_inactive: bool = False) -> list[CatalogEntry]:
        return store.entries(self.ws.db, kind, include_inactive)

    def names(self, kind: str) -> list[str]:
        return [e.name for e in store.entries(self.ws.db, kind)]

    def rates(self, school_year: str | None = None) -> list[AwardRateEntry]:
        return store.rates(self.ws.db, school_year)

    def rate_for(self, school_year: str, category: str, level: str = "", prize: str = "") -> int | None:
        if not school_year or not category:
            return None
        return store.rate_for(self.ws.db, school_year, category, level, prize)

    # -- writing -------------------------------------------------------------------------
    def add(self, kind: str, name: str, code: str = "", note: str = "") -> Changes:
        name = normalize(name)
        if not name:
            raise ValidationError([FieldError("name", "Tên mục không được để trống.")])
        if len(name) > 150:
            raise ValidationError([FieldError("name", "Tên mục quá dài (tối đa 150 ký tự).")])
        db = self.ws.db
        with db.atomic():
            existing = store.find_by_name(db, kind, name)
            if existing and existing.active:
                raise ValidationError([FieldError("name", f"“{name}” đã có trong danh mục.")])
            if existing:
                store.update(db, existing, active=1)
                return Changes().add("updated", "catalog_item", existing.uuid)
            uuid = store.insert(db, kind, name, store.next_sort_order(db, kind), normalize(code), normalize(note))
            audit.record(db, operator=self.ws.operator, action="create", table="catalog_item", uuid=uuid, version=1,
                         before=None, after={"kind": kind, "name": name})
        return Changes().add("created", "catalog_item", uuid)

    def rename(self, uuid: str, new_name: str) -> Changes:
        new_name = normalize(new_name)
        db = self.ws.db
        with db.atomic():
            entry = self._get(uuid)
            if not new_name:
                raise ValidationError([FieldError("name", "Tên mục không được để trống.")])
            clash = store.find_by_name(db, entry.kind, new_name)
            if clash and clash.uuid != uuid:
                raise ValidationError([FieldError("name", f"“{new_name}” đã có trong danh mục.")])
            store.update(db, entry, name=new_name)
            audit.record(db, operator=self.ws.operator, action="update", table="catalog_item", uuid=uuid,
                         version=entry.version + 1, before={"name": entry.name}, after={"name": new_name})
        return Changes().add("updated", "catalog_item", uuid)

    def set_active(self, uuid: str, active: bool) -> Changes:
        """Hide an entry from new records (old records keep the text they had, e.g. "Cấp huyện (cũ)")."""
        db = self.ws.db
        with db.atomic():
            entry = self._get(uuid)
            store.update(db, entry, active=1 if active else 0)
            audit.record(db, operator=self.ws.operator, action="update", table="catalog_item", uuid=uuid,
                         version=entry.version + 1, before={"active": entry.active}, after={"active": active})
        return Changes().add("updated", "catalog_item", uuid)

    def move(self, uuid: str, step: int) -> Changes:
        """Move an entry up (step -1) or down (+1) in its list."""
        db = self.ws.db
        with db.atomic():
            entry = self._get(uuid)
            items = store.entries(db, entry.kind, include_inactive=True)
            index = next(i for i, e in enumerate(items) if e.uuid == uuid)
            other_index = index + step
            if not 0 <= other_index < len(items):
                return Changes()
            items[index], items[other_index] = items[other_index], items[index]
            for order, item in enumerate(items, start=1):
                if item.sort_order != order * 10:
                    store.update(db, item, sort_order=order * 10)
        return Changes().add("updated", "catalog_item", uuid)

    def set_rate(self, school_year: str, category: str, level: str, prize: str, amount: int) -> Changes:
        problem = amount_problem(amount, "Mức thưởng")
        if problem:
            raise ValidationError([FieldError("amount", problem)])
        if not school_year or not category:
            raise ValidationError([FieldError("category", "Cần chọn năm học và loại thành tích.")])
        db = self.ws.db
        with db.atomic():
            uuid = store.upsert_rate(db, normalize(school_year), normalize(category), normalize(level), normalize(prize), int(amount))
            audit.record(db, operator=self.ws.operator, action="update", table="award_rate", uuid=uuid, version=0,
                         before=None, after={"school_year": school_year, "category": category, "level": level,
                                             "prize": prize, "amount": amount})
        return Changes().add("updated", "award_rate", uuid)

    def delete_rate(self, uuid: str) -> Changes:
        with self.ws.db.atomic():
            store.delete_rate(self.ws.db, uuid)
        return Changes().add("deleted", "award_rate", uuid)

    def copy_rates(self, from_year: str, to_year: str) -> int:
        """Start a new year's amount table from last year's."""
        count = 0
        with self.ws.db.atomic():
            for rate in store.rates(self.ws.db, from_year):
                store.upsert_rate(self.ws.db, to_year, rate.category, rate.level, rate.prize, rate.amount)
                count += 1
        return count

    # -- defaults ------------------------------------------------------------------------
    def seed_defaults(self, current_school_year: str) -> None:
        db = self.ws.db
        spec = load_json("defaults", "catalogs.json")
        with db.atomic():
            for kind, kind_spec in spec["kinds"].items():
                if store.entries(db, kind, include_inactive=True):
                    continue
                for order, name in enumerate(kind_spec["items"], start=1):
                    store.insert(db, kind, name, order * 10)
            if current_school_year and not store.find_by_name(db, "school_year", current_school_year):
                store.insert(db, "school_year", current_school_year, store.next_sort_order(db, "school_year"))
            if not store.rates(db):
                for rate in spec["award_rates"]:
                    store.upsert_rate(db, current_school_year, rate["category"], rate["level"], rate["prize"], rate["amount"])

    def fill_commune_placeholders(self, commune: str) -> None:
        """Default school names carry a {commune} placeholder until the commune is known."""
        db = self.ws.db
        for entry in store.entries(db, "school", include_inactive=True):
            if "{commune}" in entry.name:
                store.update(db, entry, name=entry.name.replace("{commune}", commune).strip())

    def _get(self, uuid: str) -> CatalogEntry:
        entry = store.get(self.ws.db, uuid)
        if entry is None:
            raise AppError("Không tìm thấy mục danh mục này.")
        return entry
