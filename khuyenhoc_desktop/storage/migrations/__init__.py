"""Numbered schema migrations: `mNNNN_name.py` modules with `VERSION`, `DESCRIPTION` and `up(conn)`.

A migration receives a plain `sqlite3.Connection` inside an open transaction and must only run SQL:
it must not import the peewee models, which describe the newest schema, not the one it upgrades.
A module may set `VACUUM_AFTER = True` (it frees much of the file, e.g. a table rebuilt smaller): the runner
then compacts the file once every pending migration is committed (VACUUM cannot run inside a transaction).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Callable


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    up: Callable
    vacuum_after: bool = False


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m") or not info.name[1:5].isdigit():
            continue
        module: ModuleType = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Migration(module.VERSION, module.DESCRIPTION, module.up, getattr(module, "VACUUM_AFTER", False)))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"duplicate migration numbers: {versions}")
    return found


def latest_version() -> int:
    """The newest schema number, from the module names alone (opening a file need not import them all)."""
    numbers = [int(i.name[1:5]) for i in pkgutil.iter_modules(__path__) if i.name[:1] == "m" and i.name[1:5].isdigit()]
    return max(numbers, default=0)
