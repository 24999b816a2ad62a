"""Member rows (sổ hội viên) and the association's units (chi hội, ban khuyến học, tổ hội): conversion to and
from `domain.members`, the keyset-paged list, the duplicate and uniqueness lookups, the counts."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from peewee import Database, fn

from . import records
from .tables import Member as MemberRow
from .tables import OrgUnit as UnitRow
from .tables import plain_rows
from ..domain.members import CODE_PREFIX, LOCAL_ONLY, SPEC, UNIT_SPEC, Member, MemberDraft, MemberFilter, Unit, UnitDraft
from ..vietnamese import fold

TABLE = "member"
UNIT_TABLE = "org_unit"

# Sort name → SQL expression; name, unit, status and joining day have partial indexes (migration 0014).
SORT_EXPRESSIONS = {
    "code": "code",
    "name": "name_key",
    "birth": "birth_date",
    "village": "village",
    "unit": "unit_uuid",
    "category": "category",
    "joined_on": "joined_on",
    "status": "status",
}

# The unit's name is read by a correlated lookup per listed row (one page: 200 lookups by uuid, an index
# each) rather than a join, so the list stays a single-table keyset query.
_UNIT_NAME = "(SELECT u.name FROM org_unit u WHERE u.uuid = member.unit_uuid)"
LIST_COLUMNS = (
    "id", "uuid", "code", "full_name", "birth_date", "birth_year", "gender", "village", "unit_name", "category",
    "joined_on", "phone", "id_number", "status",
)
_LIST_SQL = tuple(f"{_UNIT_NAME} AS unit_name" if c == "unit_name" else c for c in LIST_COLUMNS)
# Columns a sync package must never carry (personal data); the province needs counts, not numbers.
SYNC_EXCLUDED = frozenset(LOCAL_ONLY)

_DATE_COLUMNS = records.date_columns(SPEC)
_DRAFT_FIELDS = records.draft_columns(SPEC)
_ALL_COLUMNS = _DRAFT_FIELDS + ["id", "uuid", "version", "created_at", "updated_at", "deleted"]
_UNIT_DATE_COLUMNS = records.date_columns(UNIT_SPEC)
_UNIT_FIELDS = records.draft_columns(UNIT_SPEC)
_UNIT_COLUMNS = _UNIT_FIELDS + ["id", "uuid", "version", "created_at", "updated_at", "deleted"]


def row_values(draft: MemberDraft) -> dict:
    """Column values for a normalised draft, including the derived name and search keys (the spec's
    search fields, name first: the part before "|" is the duplicate key)."""
    values = {name: getattr(draft, name) for name in _DRAFT_FIELDS}
    values.update(records.name_columns(draft))
    values["search_key"] = records.search_key(SPEC, draft, sep="|")
    return records.dates_to_text(values, _DATE_COLUMNS)


def member_from_row(row: dict) -> Member:
    data = records.dates_from_text({k: row[k] for k in _ALL_COLUMNS if k in row}, _DATE_COLUMNS)
    data["deleted"] = bool(data.get("deleted"))
    return Member(**data)


def _select_members(db: Database, where: str, params: Sequence) -> list[Member]:
    cur = db.execute_sql(f"SELECT {', '.join(_ALL_COLUMNS)} FROM member WHERE {where}", list(params))
    return [member_from_row(dict(zip(_ALL_COLUMNS, r))) for r in cur.fetchall()]


def get(db: Database, uuid: str) -> Member | None:
    found = _select_members(db, "uuid = ?", [uuid])
    return found[0] if found else None


def raw_row(db: Database, uuid: str) -> dict | None:
    return records.raw_row(db, TABLE, uuid)


def fetch_many(db: Database, uuids: Iterable[str]) -> list[Member]:
    return records.fetch_by_uuids(db, TABLE, _ALL_COLUMNS, uuids,
                                  lambda row: member_from_row(dict(zip(_ALL_COLUMNS, row))))


# -- list ------------------------------------------------------------------------------------------
def where_clause(flt: MemberFilter) -> tuple[str, list]:
    where = (records.Where(flt.include_deleted).equal(flt, "unit_uuid", "status", "category").origin(flt.origin)
             .uuids(flt.uuids))
    if flt.joined_year:
        where.add("joined_on LIKE ?", f"{int(flt.joined_year):04d}-%")
    return where.search(flt.search).sql()


# The last counts of searches (the filter's SQL → matches). A page of a search that matches few members
# scans the table once and sorts them, instead of walking the name index with a row lookup each for its
# search_key (the whole index when the name is rare: 480 → 60 ms for 26 of 100,000). Only the plan
# depends on it, never the rows; the model counts before it reads a page.
_SEARCH_COUNTS: dict[tuple, int] = {}
FEW_MATCHES = 2000


def _searching(flt: MemberFilter) -> bool:
    """A search over the whole register (a unit's index keeps its members few anyway)."""
    return bool(fold(flt.search).split()) and not flt.uuids and not flt.unit_uuid


def count(db: Database, flt: MemberFilter) -> int:
    where, params = where_clause(flt)
    # With search words the planner walks a partial index (deleted = 0) and looks up every row for its
    # search_key: a plain table scan is 4-7x faster on 100,000 members (benchmarks/bench_members.py). A unit's
    # members are few: its index stays the faster way then.
    scan = " NOT INDEXED" if _searching(flt) else ""
    n = int(db.execute_sql(f"SELECT COUNT(*) FROM member{scan} WHERE {where}", params).fetchone()[0])
    if scan:
        if len(_SEARCH_COUNTS) > 256:
            _SEARCH_COUNTS.clear()
        _SEARCH_COUNTS[(id(db), where, tuple(params))] = n
    return n


def page(db: Database, flt: MemberFilter, *, sort: str = "name", descending: bool = False,
         after: tuple | None = None, offset: int = 0, limit: int = 200) -> list[tuple]:
    """One page of list rows, each `LIST_COLUMNS` values followed by its sort value (keyset paging with
    `after=(sort_value, id)`)."""
    expr = SORT_EXPRESSIONS.get(sort, "name_key")
    where, params = where_clause(flt)
    few = _searching(flt) and _SEARCH_COUNTS.get((id(db), where, tuple(params)), FEW_MATCHES + 1) <= FEW_MATCHES
    return records.keyset_page(db, TABLE, _LIST_SQL, where, params, expr, descending, after, offset, limit,
                               not_indexed=few)


def uuids_matching(db: Database, flt: MemberFilter, sort: str = "name") -> list[str]:
    """UUIDs of the filtered members in list order (for an export of the list as filtered)."""
    expr = SORT_EXPRESSIONS.get(sort, "name_key")
    where, params = where_clause(flt)
    return [r[0] for r in db.execute_sql(f"SELECT uuid FROM member WHERE {where} ORDER BY {expr}, id", params)]


def joined_years(db: Database) -> list[int]:
    """The years members joined in, newest first (the list's "Năm vào hội" filter)."""
    year = fn.substr(MemberRow.joined_on, 1, 4)
    query = (MemberRow.select(year).distinct()
             .where((MemberRow.deleted == 0) & (MemberRow.joined_on != "")).order_by(year.desc()))
    return [int(r[0]) for r in plain_rows(db, query)]


# -- rules that need the file -------------------------------------------------------------------------
def probable_duplicates(db: Database, draft: MemberDraft, exclude_uuid: str | None = None) -> list[Member]:
    """Same folded name, same birth year (or either unknown) and same thôn, not deleted."""
    where, params = (records.Where().same_name(fold(draft.full_name)).add("village = ?", draft.village)
                     .born_like(None, draft.birth_year).other_than(exclude_uuid).sql())
    return _select_members(db, where + " LIMIT 20", params)


def holder_of_id_number(db: Database, id_number: str, exclude_uuid: str | None = None) -> Member | None:
    found = _select_members(db, "deleted = 0 AND id_number = ? AND uuid != ? LIMIT 1", [id_number, exclude_uuid or ""])
    return found[0] if found else None


def code_taken(db: Database, code: str, exclude_uuid: str | None = None) -> bool:
    query = MemberRow.select(MemberRow.id).where((MemberRow.deleted == 0) & (MemberRow.code == code)
                                     & (MemberRow.uuid != (exclude_uuid or "")))
    return query.count(db) > 0


def highest_code_number(db: Database) -> int:
    """The highest n of the codes "HV<n>" given so far, deleted ones too (0 before the first): a code once
    given is not given again."""
    n = len(CODE_PREFIX)
    row = db.execute_sql(
        f"SELECT MAX(CAST(substr(code, {n + 1}) AS INTEGER)) FROM member"
        f" WHERE substr(code, 1, {n}) = ? AND length(code) > {n} AND substr(code, {n + 1}) NOT GLOB '*[^0-9]*'",
        (CODE_PREFIX,)).fetchone()
    return int(row[0] or 0)


# -- figures ------------------------------------------------------------------------------------------
def _of_origin(model, origin: str | None):
    """All rows (None), or those of one origin (migration 0019): an old commune's code, "" the file's own."""
    return True if origin is None else (model.origin_code == origin)


def active_count(db: Database, on: date, origin: str | None = None) -> int:
    """Members on the register on `on`: joined by then (or joining day unknown) and not left by then (a
    member who left on an unknown day counts as gone)."""
    day = on.isoformat()
    query = MemberRow.select(MemberRow.id).where(
        (MemberRow.deleted == 0) & (MemberRow.joined_on <= day)
        & ((MemberRow.status == "active") | (MemberRow.status_date > day)) & _of_origin(MemberRow, origin))
    return query.count(db)


def joined_between(db: Database, start: date, end: date) -> int:
    query = MemberRow.select(MemberRow.id).where((MemberRow.deleted == 0) & (MemberRow.joined_on >= start.isoformat())
                                     & (MemberRow.joined_on <= end.isoformat()))
    return query.count(db)


def left_between(db: Database, start: date, end: date) -> int:
    query = MemberRow.select(MemberRow.id).where((MemberRow.deleted == 0) & (MemberRow.status != "active")
                                     & (MemberRow.status_date >= start.isoformat())
                                     & (MemberRow.status_date <= end.isoformat()))
    return query.count(db)


def units_by_kind(db: Database, origin: str | None = None) -> dict[str, int]:
    """Active units, not deleted, by kind."""
    query = (UnitRow.select(UnitRow.kind, fn.COUNT(UnitRow.id))
             .where((UnitRow.deleted == 0) & (UnitRow.active == 1) & _of_origin(UnitRow, origin))
             .group_by(UnitRow.kind))
    return {kind: int(n) for kind, n in plain_rows(db, query)}


def members_by_unit(db: Database) -> dict[str, int]:
    """Members on the register now (status active, not deleted) by unit uuid."""
    # Raw SQL for NOT INDEXED, which peewee cannot say: the planner's pick (the status index, then a row
    # lookup each for the unit) is 4x slower than one scan of the table on 100,000 members.
    cur = db.execute_sql("SELECT unit_uuid, COUNT(*) FROM member NOT INDEXED"
                         " WHERE deleted = 0 AND status = 'active' GROUP BY unit_uuid")
    return {uuid: int(n) for uuid, n in cur.fetchall()}


# -- units ----------------------------------------------------------------------------------------------
def unit_values(draft: UnitDraft) -> dict:
    values = records.dates_to_text({name: getattr(draft, name) for name in _UNIT_FIELDS}, _UNIT_DATE_COLUMNS)
    values["active"] = 1 if draft.active else 0
    values["search_key"] = fold(f"{draft.name} {draft.village} {draft.head}")
    return values


def unit_from_row(row: dict) -> Unit:
    data = records.dates_from_text({k: row[k] for k in _UNIT_COLUMNS}, _UNIT_DATE_COLUMNS)
    data["active"] = bool(data["active"])
    data["deleted"] = bool(data["deleted"])
    return Unit(**data)


def get_unit(db: Database, uuid: str) -> Unit | None:
    row = records.raw_row(db, UNIT_TABLE, uuid)
    return unit_from_row(row) if row else None


def raw_unit(db: Database, uuid: str) -> dict | None:
    return records.raw_row(db, UNIT_TABLE, uuid)


def list_units(db: Database, kind: str = "", search: str = "", include_inactive: bool = True) -> list[Unit]:
    """Units not deleted, by kind (chi hội, ban, tổ) then name."""
    where = records.Where().add("1")
    if kind:
        where.add("kind = ?", kind)
    if not include_inactive:
        where.add("active = 1")
    sql, params = where.search(search).sql()
    order = "CASE kind WHEN 'chi_hoi' THEN 0 WHEN 'ban_khuyen_hoc' THEN 1 ELSE 2 END, name, id"
    cur = db.execute_sql(f"SELECT {', '.join(_UNIT_COLUMNS)} FROM org_unit WHERE {sql} ORDER BY {order}", params)
    return [unit_from_row(dict(zip(_UNIT_COLUMNS, r))) for r in cur.fetchall()]


def unit_name_taken(db: Database, name: str, exclude_uuid: str | None = None) -> bool:
    query = UnitRow.select(UnitRow.id).where((UnitRow.deleted == 0) & (fn.lower(UnitRow.name) == name.lower())
                                   & (UnitRow.uuid != (exclude_uuid or "")))
    return query.count(db) > 0


def members_in_unit(db: Database, unit_uuid: str) -> int:
    query = MemberRow.select(MemberRow.id).where((MemberRow.deleted == 0) & (MemberRow.unit_uuid == unit_uuid))
    return query.count(db)
