"""The facade the UI and the command line talk to: one opened data file and its services."""

from __future__ import annotations

import os
from functools import cached_property

from ..domain.clock import SYSTEM_CLOCK, Clock
from ..domain.organisation import Organisation
from ..storage import settings as settings_store
from ..storage.database import DataFile


class Workspace:
    """One opened data file with its services (`ws.awards`, `ws.catalogs`, …).

    Service objects are created on first use and share the workspace's database connection. `clock`
    says what day it is for default periods and demo data (a fixed one in tests).
    """

    def __init__(self, datafile: DataFile, clock: Clock = SYSTEM_CLOCK) -> None:
        self.datafile = datafile
        self.clock = clock

    @property
    def db(self):
        """The peewee database (loaded on first use: not needed to show the window)."""
        return self.datafile.db

    @classmethod
    def open(cls, path: str | os.PathLike[str], clock: Clock = SYSTEM_CLOCK, **kwargs) -> "Workspace":
        from .bootstrap import ensure_defaults

        ws = cls(DataFile.open(path, **kwargs), clock)
        if not ws.datafile.read_only:
            ensure_defaults(ws)
        ws.datafile.name_lock_holder(ws.operator)
        return ws

    def close(self) -> None:
        self.datafile.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- who is working, and for whom ------------------------------------------------
    @property
    def _operator_key(self) -> str:
        # A server store is shared by several staff: each server login keeps its own name for the audit log.
        address = getattr(self.datafile, "address", None)
        return "operator" if address is None else f"operator:{address.user}"

    @property
    def operator(self) -> str:
        return settings_store.get(self.datafile, self._operator_key, "") or ""

    def set_operator(self, name: str) -> None:
        from ..vietnamese import normalize

        settings_store.put(self.datafile, self._operator_key, normalize(name))
        self.datafile.name_lock_holder(normalize(name))

    @property
    def organisation(self) -> Organisation:
        return Organisation.from_dict(settings_store.get(self.datafile, "organisation", {}) or {})

    # -- services ----------------------------------------------------------------------
    @cached_property
    def awards(self):
        from .awards import AwardService

        return AwardService(self)

    @cached_property
    def catalogs(self):
        from .catalogs import CatalogService

        return CatalogService(self)

    @cached_property
    def profile(self):
        from .organisation import ProfileService

        return ProfileService(self)

    @cached_property
    def fund(self):
        from .fund import FundService

        return FundService(self)

    @cached_property
    def classes(self):
        from .classes import ClassService

        return ClassService(self)

    @cached_property
    def meetings(self):
        from .meetings import MeetingService

        return MeetingService(self)

    @cached_property
    def members(self):
        from .members import MemberService

        return MemberService(self)

    @cached_property
    def units(self):
        from .members import UnitService

        return UnitService(self)

    @cached_property
    def dues(self):
        from .dues import DuesService

        return DuesService(self)

    @cached_property
    def population(self):
        from .population import PopulationService

        return PopulationService(self)

    @cached_property
    def learning(self):
        from .learning_models import LearningModelService

        return LearningModelService(self)

    @cached_property
    def citizens(self):
        from .learning_citizens import CitizenService

        return CitizenService(self)

    @cached_property
    def household_links(self):
        from .learning_links import HouseholdLinks

        return HouseholdLinks(self)

    @cached_property
    def merge(self):
        from .merge import MergeService

        return MergeService(self)

    @cached_property
    def excel(self):
        from .excel_import import ExcelImportService

        return ExcelImportService(self)

    @cached_property
    def exports(self):
        from .exports import ExportService

        return ExportService(self)

    @cached_property
    def sync(self):
        from .sync_export import SyncService

        return SyncService(self)

    @cached_property
    def province(self):
        from .province import ProvinceService

        return ProvinceService(self)

    @cached_property
    def national(self):
        from .national import NationalService

        return NationalService(self)
