"""Merging the old communes' files into the new association's file (`khuyenhoc merge`, Tệp → Hợp nhất dữ liệu
các xã cũ…): `plan` (the dry run, nothing written), `apply` (one transaction), the old communes merged in and
their handover minutes. Modules: `sources` (reading an old file), `tables` (the tables walked),
`catalog_mapping`, `plan`, `apply`, `fund_handover`, `handover` (the minutes' content)."""

from __future__ import annotations

from datetime import date

from ...domain.merge import MergePlan
from ...storage import merge as store
from .sources import MergeRefused

__all__ = ["MergeRefused", "MergeService"]


class MergeService:
    def __init__(self, ws) -> None:
        self.ws = ws

    def plan(self, paths, merger_date: date, overrides: dict | None = None, progress=None) -> MergePlan:
        """The dry run; `overrides`: (kind, old commune code, name) → the name the user typed."""
        from .plan import make_plan

        return make_plan(self.ws, paths, merger_date, overrides, progress=progress)

    def replan(self, plan: MergePlan, overrides: dict) -> MergePlan:
        """The same old files with other names chosen (no file read again)."""
        from .plan import make_plan

        olds = [p["old"] for p in plan.prepared.values()]
        return make_plan(self.ws, [], plan.merger_date, overrides, olds=olds)

    def apply(self, plan: MergePlan, progress=None):
        from .apply import apply_plan

        return apply_plan(self.ws, plan, progress)

    def sources(self) -> list[dict]:
        """The old communes merged into this file, with what each handed over."""
        return store.sources(self.ws.db)

    def origins(self, table: str) -> list[tuple[str, str]]:
        """(code, name) of the old communes the rows of `table` came from (a list's filter)."""
        return store.origins_in(self.ws.db, table)

    def handover(self, origin_code: str | None = None):
        """The handover minutes' content (one old commune, or all of them on one biên bản)."""
        from .handover import handover_minutes

        return handover_minutes(self.ws, origin_code)

    def write_handover(self, path, origin_code: str | None = None) -> int:
        """The handover minutes as a PDF at `path` (written whole or not at all); returns how many."""
        from ...pdf.handover import render_handover
        from ...storage.files import atomic_write

        items = self.handover(origin_code)
        atomic_write(path, render_handover(items))
        return len(items)
