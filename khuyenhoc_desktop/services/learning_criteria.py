"""The criteria sets shipped with the program (`resources/criteria/*.json`), read and checked once."""

from __future__ import annotations

from functools import lru_cache

from ..domain.learning_criteria import CriteriaSet, parse_set
from ..resources import load_json, resource_path

FOLDER = "criteria"


@lru_cache(maxsize=1)
def shipped_sets() -> tuple[CriteriaSet, ...]:
    """Every shipped set, ordered by title kind, code and version."""
    folder = resource_path(FOLDER)
    sets = [parse_set(load_json(FOLDER, path.name)) for path in sorted(folder.glob("*.json"))]
    return tuple(sorted(sets, key=lambda s: (s.title_kind, s.code, s.version)))
