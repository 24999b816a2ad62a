"""Key/value settings kept inside the data file (organisation profile, operator, print options)."""

from __future__ import annotations

import json
from typing import Any, Protocol


class Database(Protocol):
    """A peewee database, or a `DataFile` (which runs SQL the same way before peewee is loaded)."""

    def execute_sql(self, sql: str, params: tuple = ...): ...


def get(db: Database, key: str, default: Any = None) -> Any:
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def put(db: Database, key: str, value: Any) -> None:
    db.execute_sql(
        "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )
