"""The one place that knows where `resources/` lives: a checkout, an installed wheel, or a frozen build."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path


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
    raise FileNotFoundError("Không tìm thấy thư mục tài nguyên (resources) của chương trình.")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def load_json(*parts: str):
    with open(resource_path(*parts), encoding="utf-8") as fh:
        return json.load(fh)
