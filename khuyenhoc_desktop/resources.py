"""The one place that knows where `resources/` lives: a checkout, an installed wheel, or a frozen build."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

from .domain.errors import AppError


class MissingResourceError(AppError):
    """A file shipped with the program is missing: the installation is broken, the user's data is not at fault."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Thiếu tệp của chương trình “{name}”. Bản cài đặt Khuyến học Desktop không đầy đủ; "
            "hãy cài lại chương trình (dữ liệu của Hội không bị ảnh hưởng)."
        )
        self.name = name


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package = Path(__file__).resolve().parent
    candidates.append(package / "_resources")  # wheel: force-included by pyproject
    candidates.append(package.parent / "resources")  # checkout or editable install
    for candidate in candidates:
        if (candidate / "defaults").is_dir():
            return candidate
    raise MissingResourceError("resources/defaults")


def resource_path(*parts: str) -> Path:
    """Path of a shipped file; raises MissingResourceError if it is not there."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise MissingResourceError("/".join(("resources", *parts)))
    return path


def load_json(*parts: str):
    with open(resource_path(*parts), encoding="utf-8") as fh:
        return json.load(fh)
