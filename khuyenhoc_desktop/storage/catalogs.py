"""Catalogue rows (danh mục) and the award amount table (mức thưởng)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database

from .records import stamp_change, stamp_new


@dataclass(frozen=True)
class CatalogEntry:
    id: int
    uuid: str
    kind: str
    name: str
    code: str
    sort_order: int
    active: bool
    note: str
    version: int


@dataclass(frozen=True)
class AwardRateEntry:
    uuid: str
    school_year: str
    category: str
    level: str
    prize: str
    amount: int


_COLS = "id, uuid, kind, name, code, sort_order, active, note, version"


def entries(db: Database, kind: str, include_inactive: bool = False) -> list[CatalogEntry]:
    sql = f"SELECT {_COLS} FROM catalog_item WHERE kind = ? AND deleted = 0"
    if not include_inactive:
        sql += " AND active = 1"
    sql += " ORDER BY sort_order, name"
    return [CatalogEntry(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8]) for r in db.execute_sql(sql, (kind,))]


def get(db: Database, uuid: str) -> CatalogEntry | None:
    r = db.execute_sql(f"SELECT {_COLS} FROM catalog_item WHERE uuid = ?", (uuid,)).fetchone()
    return CatalogEntry(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8]) if r else None


def find_by_name(db: Database, kind: str, name: str) -> CatalogEntry | None:
    r = db.execute_sql(
        f"SELECT {_COLS} FROM catalog_item WHERE kind = ? AND name = ? AND deleted = 0", (kind, name)
    ).fetchone()
    return CatalogEntry(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8]) if r else None


def insert(db: Database, kind: str, name: str, sort_order: int, code: str = "", note: str = "") -> str:
    values = stamp_new(db, {"kind": kind, "name": name, "code": code, "sort_order": sort_order, "active": 1, "note": note})
    cols = list(values)
    db.execute_sql(
        f"INSERT INTO catalog_item({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols]
    )
    return values["uuid"]


def update(db: Database, entry: CatalogEntry, **changes) -> None:
    values = stamp_change(db, entry.version, dict(changes))
    cols = list(values)
    db.execute_sql(
        f"UPDATE catalog_item SET {', '.join(c + ' = ?' for c in cols)} WHERE uuid = ?",
        [values[c] for c in cols] + [entry.uuid],
    )


def next_sort_order(db: Database, kind: str) -> int:
    r = db.execute_sql("SELECT IFNULL(MAX(sort_order), 0) FROM catalog_item WHERE kind = ?", (kind,)).fetchone()
    return int(r[0]) + 10


def rates(db: Database, school_year: str | None = None) -> list[AwardRateEntry]:
    sql = "SELECT uuid, school_year, category, level, prize, amount FROM award_rate WHERE deleted = 0"
    params: tuple = ()
    if school_year:
        sql += " AND school_year = ?"
        params = (school_year,)
    sql += " ORDER BY school_year, category, level, prize"
    return [AwardRateEntry(*r) for r in db.execute_sql(sql, params)]


def rate_for(db: Database, school_year: str, category: str, level: str, prize: str) -> int | None:
    """The amount for the most specific match: exact prize first, then the category × level row without a prize."""
    for p in (prize, ""):
        r = db.execute_sql(
            "SELECT amount FROM award_rate WHERE deleted = 0 AND school_year = ? AND category = ? AND level = ? AND prize = ?",
            (school_year, category, level, p),
        ).fetchone()
        if r:
            return int(r[0])
    r = db.execute_sql(
        "SELECT amount FROM award_rate WHERE deleted = 0 AND school_year = ? AND category = ? AND level = '' AND prize = ''",
        (school_year, category),
    ).fetchone()
    return int(r[0]) if r else None


def upsert_rate(db: Database, school_year: str, category: str, level: str, prize: str, amount: int) -> str:
    r = db.execute_sql(
        "SELECT uuid, version FROM award_rate WHERE deleted = 0 AND school_year = ? AND category = ? AND level = ? AND prize = ?",
        (school_year, category, level, prize),
    ).fetchone()
    if r:
        values = stamp_change(db, r[1], {"amount": amount})
        db.execute_sql(
            "UPDATE award_rate SET amount = ?, version = ?, updated_at = ?, change_seq = ? WHERE uuid = ?",
            (values["amount"], values["version"], values["updated_at"], values["change_seq"], r[0]),
        )
        return r[0]
    values = stamp_new(db, {"school_year": school_year, "category": category, "level": level, "prize": prize, "amount": amount})
    cols = list(values)
    db.execute_sql(
        f"INSERT INTO award_rate({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols]
    )
    return values["uuid"]


def delete_rate(db: Database, uuid: str) -> None:
    r = db.execute_sql("SELECT version FROM award_rate WHERE uuid = ?", (uuid,)).fetchone()
    if r:
        values = stamp_change(db, r[0], {})
        db.execute_sql(
            "UPDATE award_rate SET deleted = 1, version = ?, updated_at = ?, change_seq = ? WHERE uuid = ?",
            (values["version"], values["updated_at"], values["change_seq"], uuid),
        )
