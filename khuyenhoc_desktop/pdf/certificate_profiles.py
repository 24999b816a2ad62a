"""Phôi layout profiles as JSON ({"profiles": [...]}): the shipped defaults (a program resource)
and any file the user's own are kept in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..domain.printables import CertificateLayoutProfile
from ..resources import resource_path
from ..storage.files import atomic_write
from .base import PathLike

__all__ = ["default_profiles_path", "load_profiles", "save_profiles"]


def default_profiles_path() -> Path:
    return resource_path("defaults", "certificate_profiles.json")


def load_profiles(path: PathLike | None = None) -> list[CertificateLayoutProfile]:
    """Read layout profiles from a JSON file ({"profiles": [...]}); default: the shipped ones.

    `path` may be the file or the folder holding `certificate_profiles.json`."""
    p = Path(path) if path is not None else default_profiles_path()
    if p.is_dir():
        p = p / "certificate_profiles.json"
    with open(p, encoding="utf-8") as fh:
        raw = json.load(fh)
    items = raw.get("profiles", []) if isinstance(raw, dict) else raw
    return [CertificateLayoutProfile.from_dict(item) for item in items]


def save_profiles(profiles: Iterable[CertificateLayoutProfile], path: PathLike) -> Path:
    payload = {"profiles": [p.to_dict() for p in profiles]}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(path, text.encode("utf-8"))
