"""Where the program keeps its files, and the small per-user preferences file (no Qt here)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from .storage.files import atomic_write

APP_DIR_NAME = "KhuyenHocDesktop"
DEFAULT_DB_NAME = "khuyenhoc.db"


def data_dir() -> Path:
    override = os.environ.get("KHUYENHOC_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def config_dir() -> Path:
    override = os.environ.get("KHUYENHOC_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    return data_dir() / "nhat-ky"


DEFAULT_PREFERENCES = {"zoom": 100, "recent_files": []}


def load_preferences() -> dict:
    path = config_dir() / "preferences.json"
    prefs = dict(DEFAULT_PREFERENCES)
    try:
        prefs.update(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass  # a missing or broken preferences file falls back to the defaults
    return prefs


def save_preferences(prefs: dict) -> None:
    try:
        atomic_write(config_dir() / "preferences.json", json.dumps(prefs, ensure_ascii=False, indent=2).encode())
    except OSError:
        pass  # preferences are a convenience; never fail the program over them
