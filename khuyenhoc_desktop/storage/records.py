"""Identity and change tracking shared by every business table."""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

if TYPE_CHECKING:  # annotations only: the status bar's count (`sync_rows.unsent_count`) loads no peewee
    from peewee import Database

from ..vietnamese import fold, name_sort_key, sort_key_parts, split_name


class Where:
    """The WHERE clause of a list filter, built up part by part: `Where().equal(flt, "kind").search(text).sql()`."""

    def __init__(self, include_deleted: bool = False) -> None:
        self.parts: list[str] = [] if include_deleted else ["deleted = 0"]
        self.params: list = []

    def add(self, condition: str, *params) -> "Where":
        self.parts.append(condition)
        self.params.extend(params)
        return self

    def equal(self, flt, *columns: str) -> "Where":
        """`column = value` for each of `columns` whose attribute on `flt` is set."""
        for column in columns:
            value = getattr(flt, column)
            if value:
                self.add(f"{column} = ?", value)
        return self

    def origin(self, origin: str | None) -> "Where":
        """The records of one origin (migration 0019): an old commune's code, "" for the file's own; None: all."""
        if origin is not None:
            self.add("origin_code = ?", origin)
        return self

    def same_name(self, folded_name: str) -> "Where":
        """The person's folded name: the part of `search_key` before its "|"."""
        return self.add("substr(search_key, 1, instr(search_key, '|') - 1) = ?", folded_name)

    def born_like(self, birth_date, birth_year: int | None) -> "Where":
        """A probable duplicate's birth: the same date (or, stored as a year only, its year); a year alone
        matches the same year or none known; nothing known matches anything."""
        if birth_date:
            return self.add("(birth_date = ? OR (birth_date = '' AND birth_year = ?))", birth_date.isoformat(),
                            birth_date.year)
        if birth_year:
            return self.add("(birth_year = ? OR birth_year IS NULL)", birth_year)
        return self

    def other_than(self, uuid: str | None) -> "Where":
        """Every row but the record being saved (a new record has no uuid yet)."""
        return self.add("uuid != ?", uuid) if uuid else self

    def uuids(self, uuids: Sequence[str] | None) -> "Where":
        if uuids:
            self.add(f"uuid IN ({', '.join('?' * len(uuids))})", *uuids)
        return self

    def search(self, text: str | None) -> "Where":
        """Each typed word must appear in the folded `search_key`, in any order ("an nguyen" finds
        "Nguyễn Văn An"); %, _ and \\ typed by the user are matched as themselves."""
        for word in fold(text or "").split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            self.add("search_key LIKE ? ESCAPE '\\'", f"%{escaped}%")
        return self

    def sql(self) -> tuple[str, list]:
        return (" AND ".join(self.parts) or "1"), self.params


# -- a record kind's row, from its spec -----------------------------------------------------------
def draft_columns(spec) -> list[str]:
    """The columns a kind's draft writes: one per field of its draft dataclass."""
    return [f.name for f in dataclass_fields(spec.draft_type)]


def date_columns(spec) -> tuple[str, ...]:
    """The kind's date fields, stored as ISO text ("" for none)."""
    return tuple(f.name for f in spec.fields if f.type == "date")


def search_key(spec, record: Any, sep: str = " ", **given: Any) -> str:
    """The folded text a kind's list searches in: its spec's search fields in order, each taken from
    `given` or else from `record`."""
    parts = (given[name] if name in given else getattr(record, name) for name in spec.search)
    return sep.join(fold(str(p or "")) for p in parts)


def name_columns(draft: Any) -> dict:
    """The name's stored parts (họ, đệm, tên) and its Vietnamese sort key: the parts the draft gives,
    else those split from its full name."""
    if draft.given_name or draft.family_name:
        ho, dem, ten = draft.family_name, draft.middle_name, draft.given_name
        key = sort_key_parts(ho, dem, ten)
    else:
        ho, dem, ten = split_name(draft.full_name)
        key = name_sort_key(draft.full_name)
    return {"family_name": ho, "middle_name": dem, "given_name": ten, "name_key": key}


def dates_to_text(values: dict, columns: Iterable[str]) -> dict:
    for col in columns:
        d = values[col]
        values[col] = d.isoformat() if isinstance(d, date) else ""
    return values


def dates_from_text(data: dict, columns: Iterable[str]) -> dict:
    for col in columns:
        text = data.get(col) or ""
        data[col] = date.fromisoformat(text) if text else None
    return data


def now_iso() -> str:
    """Current time as ISO-8601 with offset (UTC), to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_uuid() -> str:
    import uuid  # with the first record made: `uuid` loads `platform`, ~5 ms the status bar's count need not pay

    return str(uuid.uuid4())


def next_change_seq(db: Database, count: int = 1) -> int:
    """Reserve `count` values of the file's change counter and return the last one.

    Must run inside the caller's transaction, so a rolled-back save gives its numbers back.
    """
    db.execute_sql(
        "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'change_counter'", (count,)
    )
    return int(db.execute_sql("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])


def stamp_new(db: Database, values: dict) -> dict:
    """Fill the record columns of a row about to be inserted."""
    now = now_iso()
    values.setdefault("uuid", new_uuid())
    values.setdefault("version", 1)
    values.setdefault("created_at", now)
    values["updated_at"] = now
    values.setdefault("deleted", 0)
    values["change_seq"] = next_change_seq(db)
    return values


def stamp_change(db: Database, current_version: int, values: dict) -> dict:
    """Fill the record columns of a row about to be updated (version + 1)."""
    values["version"] = current_version + 1
    values["updated_at"] = now_iso()
    values["change_seq"] = next_change_seq(db)
    return values


# -- generic row access (table and column names are interpolated, so they must be plain identifiers) --
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@lru_cache(maxsize=512)
def ident(name: str) -> str:
    """`name` as an SQL identifier it is safe to write into a statement; ValueError for anything else."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not an SQL identifier: {name!r}")
    return name




def _columns(values: dict) -> list[str]:
    return [ident(c) for c in values]


def insert_row(db: Database, table: str, values: dict) -> int:
    """Insert one row given as column → value; returns its rowid."""
    cols = _columns(values)
    cur = db.execute_sql(
        f"INSERT INTO {ident(table)}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [values[c] for c in cols],
    )
    return cur.lastrowid


def update_row(db: Database, table: str, uuid: str, values: dict) -> None:
    """Set the given columns of the row with this uuid."""
    cols = _columns(values)
    db.execute_sql(
        f"UPDATE {ident(table)} SET {', '.join(c + ' = ?' for c in cols)} WHERE uuid = ?",
        [values[c] for c in cols] + [uuid],
    )


def raw_row(db: Database, table: str, uuid: str) -> dict | None:
    """Every column of the row with this uuid, as a dict (None when there is none)."""
    cur = db.execute_sql(f"SELECT * FROM {ident(table)} WHERE uuid = ?", (uuid,))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def raw_rows(db: Database, table: str, uuids: Iterable[str], columns: Sequence[str] = ()) -> list[dict]:
    """`raw_row` of each uuid, in the order given (unknown uuids are skipped), read 500 at a time; only
    `columns` (with uuid) when given."""
    uuids = list(uuids)
    found: dict[str, dict] = {}
    select = ", ".join(ident(c) for c in dict.fromkeys(("uuid", *columns))) if columns else "*"
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        cur = db.execute_sql(f"SELECT {select} FROM {ident(table)} WHERE uuid IN ({', '.join('?' * len(chunk))})",
                             chunk)
        names = [d[0] for d in cur.description]
        for row in cur:
            data = dict(zip(names, row))
            found[data["uuid"]] = data
    return [found[u] for u in uuids if u in found]


def update_rows(db: Database, table: str, changes: Sequence[tuple[str, dict]]) -> None:
    """`update_row` for many (uuid, values): one prepared statement per set of columns changed."""
    by_columns: dict[tuple[str, ...], list[list]] = {}
    for uuid, values in changes:
        cols = tuple(values)  # checked as identifiers once per set of columns, below
        by_columns.setdefault(cols, []).append([values[c] for c in cols] + [uuid])
    for cols, params in by_columns.items():
        db.connection().executemany(
            f"UPDATE {ident(table)} SET {', '.join(ident(c) + ' = ?' for c in cols)} WHERE uuid = ?", params)


def exists(db: Database, table: str, uuid: str) -> bool:
    """Whether `table` (which must exist) has a row with this uuid, deleted or not."""
    return db.execute_sql(f"SELECT 1 FROM {ident(table)} WHERE uuid = ?", (uuid,)).fetchone() is not None


def insert_rows(db: Database, table: str, rows: Sequence[dict]) -> None:
    """Bulk insert of complete rows (all with the keys of the first): one prepared statement, many rows."""
    if not rows:
        return
    cols = _columns(rows[0])
    sql = f"INSERT INTO {ident(table)}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    db.connection().executemany(sql, ([r[c] for c in cols] for r in rows))


# -- list helpers shared by the paged tables ----------------------------------------------------
def fetch_by_uuids(
    db: Database, table: str, columns: str | Sequence[str], uuids: Iterable[str], convert: Callable[[tuple], Any]
) -> list:
    """Whole records for the given UUIDs, in the order given (unknown UUIDs are skipped).

    Reads in chunks of 500 `uuid IN (...)` so long selections stay under SQLite's parameter limit;
    `convert(row)` turns a row of `columns` into a record that has a `uuid` attribute.
    """
    select = columns if isinstance(columns, str) else ", ".join(columns)
    uuids = list(uuids)
    found: dict[str, Any] = {}
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        cur = db.execute_sql(f"SELECT {select} FROM {ident(table)} WHERE uuid IN ({', '.join('?' * len(chunk))})", chunk)
        for row in cur:
            record = convert(row)
            found[record.uuid] = record
    return [found[u] for u in uuids if u in found]


def keyset_page(
    db: Database,
    table: str,
    columns: Sequence[str],
    where: str,
    params: list,
    expr: str,
    descending: bool,
    after: tuple | None,
    offset: int,
    limit: int,
    not_indexed: bool = False,
) -> list[tuple]:
    """One page of `columns` followed by the sort value `expr`, ordered by `expr` then `id`.

    With `after=(sort_value, id)` the page starts just after that row (keyset paging, fast at any
    depth); otherwise it starts at `offset`. `not_indexed` makes it one scan of the table and a sort of
    the matches (faster than walking the sort index when the WHERE keeps few rows of a big table).
    """
    direction = "DESC" if descending else "ASC"
    if after is not None:
        op = "<" if descending else ">"
        where += f" AND ({expr}, id) {op} (?, ?)"
        params = params + [after[0], after[1]]
        offset = 0
    sql = (
        f"SELECT {', '.join(columns)}, {expr} FROM {ident(table)}{' NOT INDEXED' if not_indexed else ''} WHERE {where}"
        f" ORDER BY {expr} {direction}, id {direction} LIMIT ? OFFSET ?"
    )
    return db.execute_sql(sql, params + [limit, offset]).fetchall()
