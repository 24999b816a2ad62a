"""Dues rows: `dues_payment` (one per member and year, on a phiếu thu) and `dues_submission` (the share sent
upward, on a phiếu chi), the members a collection list reads, and the sums the figures need."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple, Sequence

from peewee import JOIN, Database, fn

from . import audit
from .records import new_uuid, next_change_seq, now_iso
from .tables import DuesPayment, DuesSubmission, Member, Voucher, plain_rows
from ..vietnamese import fold

PAYMENT_TABLE = "dues_payment"
SUBMISSION_TABLE = "dues_submission"
_CHUNK = 500


class MemberFacts(NamedTuple):
    """What the dues rule needs of a member (and what a list shows)."""

    uuid: str
    code: str
    full_name: str
    birth_year: int | None
    birth_date: date | None
    village: str
    unit_uuid: str
    unit_name: str
    category: str
    joined_on: date | None
    status: str
    status_date: date | None
    deleted: bool = False


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# Raw SQL: one ordered scan of the register with the unit's name (a correlated lookup by uuid), the shape
# the collection list and the figures read for every member.
_MEMBERS_SQL = (
    "SELECT uuid, code, full_name, birth_year, birth_date, village, unit_uuid,"
    " COALESCE((SELECT u.name FROM org_unit u WHERE u.uuid = member.unit_uuid), ''),"
    " category, joined_on, status, status_date, deleted FROM member WHERE {where} ORDER BY name_key, id")


def member_facts(db: Database, *, unit_uuid: str = "", search: str = "", uuids: Sequence[str] = (),
                 include_deleted: bool = False) -> list[MemberFacts]:
    """Members (not deleted unless asked) of a unit, or all, in Vietnamese name order."""
    parts, params = ([] if include_deleted else ["deleted = 0"]), []
    if unit_uuid:
        parts.append("unit_uuid = ?")
        params.append(unit_uuid)
    for word in fold(search or "").split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        parts.append("search_key LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    found: list[MemberFacts] = []
    chunks = [list(uuids[i:i + _CHUNK]) for i in range(0, len(uuids), _CHUNK)] if uuids else [None]
    for chunk in chunks:
        where, extra = list(parts), []
        if chunk is not None:
            where.append(f"uuid IN ({', '.join('?' * len(chunk))})")
            extra = chunk
        cur = db.execute_sql(_MEMBERS_SQL.format(where=" AND ".join(where) or "1"), params + extra)
        for r in cur.fetchall():
            found.append(MemberFacts(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7], r[8], _day(r[9]), r[10],
                                     _day(r[11]), bool(r[12])))
    return found


class MemberGroup(NamedTuple):
    """Members alike for the dues rule (the years of their dates are all it reads), and how many."""

    category: str
    birth_year: int | None
    joined_on: date | None  # 1 January of the joining year
    status: str
    status_date: date | None  # 1 January of the year of the status
    count: int
    birth_date: None = None
    deleted: bool = False


def member_groups(db: Database) -> list[MemberGroup]:
    """The register (not deleted) grouped by what the dues rule reads: a few hundred rows for 100,000 members."""
    joined = fn.NULLIF(fn.substr(Member.joined_on, 1, 4), "")
    left = fn.NULLIF(fn.substr(Member.status_date, 1, 4), "")
    query = (Member.select(Member.category, Member.birth_year, joined, Member.status, left, fn.COUNT(Member.id))
             .where(Member.deleted == 0).group_by(Member.category, Member.birth_year, joined, Member.status, left))
    return [MemberGroup(c, b, date(int(j), 1, 1) if j else None, st, date(int(y), 1, 1) if y else None, n)
            for c, b, j, st, y, n in plain_rows(db, query)]


# -- payments ------------------------------------------------------------------------------------------
def paid_for_year(db: Database, year: int, member_uuids: Sequence[str] | None = None) -> dict[str, tuple[int, str]]:
    """member uuid → (amount, phiếu thu number) of the counted payments of `year`."""
    query = (DuesPayment.select(DuesPayment.member_uuid, DuesPayment.amount, Voucher.number)
             .join(Voucher, on=(Voucher.uuid == DuesPayment.voucher_uuid))
             .where((DuesPayment.year == year) & (DuesPayment.status == "paid") & (DuesPayment.deleted == 0)))
    if member_uuids is None:
        return {m: (a, n) for m, a, n in plain_rows(db, query)}
    found: dict[str, tuple[int, str]] = {}
    uuids = list(member_uuids)
    for start in range(0, len(uuids), _CHUNK):
        chunk = uuids[start:start + _CHUNK]
        for m, a, n in plain_rows(db, query.where(DuesPayment.member_uuid.in_(chunk))):
            found[m] = (a, n)
    return found


def insert_payments(db: Database, rows: Sequence[dict], operator: str, reason: str) -> list[str]:
    """Insert complete payment rows (member_uuid, year, amount, paid_on, voucher_uuid, unit_uuid) in bulk,
    each stamped as a new record, with an audit row each. Returns their uuids."""
    if not rows:
        return []
    last = next_change_seq(db, len(rows))
    first = last - len(rows) + 1
    now = now_iso()
    cols = ("uuid", "version", "created_at", "updated_at", "deleted", "change_seq", "member_uuid", "year", "amount",
            "paid_on", "voucher_uuid", "unit_uuid", "status", "cancel_reason")
    values, audits, uuids = [], [], []
    for i, row in enumerate(rows):
        uuid = new_uuid()
        uuids.append(uuid)
        values.append((uuid, 1, now, now, 0, first + i, row["member_uuid"], row["year"], row["amount"],
                       row["paid_on"], row["voucher_uuid"], row["unit_uuid"], "paid", ""))
        after = {k: row[k] for k in ("member_uuid", "year", "amount", "paid_on", "voucher_uuid", "unit_uuid")}
        after["status"] = "paid"
        audits.append((now, operator, "create", PAYMENT_TABLE, uuid, 1, "", None, audit._dump(after), reason))
    # executemany: one prepared statement for a batch of up to a few thousand rows (see audit.insert_rows).
    db.connection().executemany(
        f"INSERT INTO {PAYMENT_TABLE}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)
    audit.insert_rows(db, audits)
    return uuids


def cancel_for_voucher(db: Database, voucher_uuid: str, reason: str, operator: str) -> dict[str, list[str]]:
    """Payments and submissions counted on a phiếu just reversed or voided become `cancelled` (version + 1,
    an audit row each). Returns table → the uuids changed."""
    changed: dict[str, list[str]] = {}
    now = now_iso()
    for model, table, counted in ((DuesPayment, PAYMENT_TABLE, "paid"), (DuesSubmission, SUBMISSION_TABLE, "active")):
        found = list(plain_rows(db, model.select(model.uuid, model.version).where(
            (model.voucher_uuid == voucher_uuid) & (model.status == counted))))
        if not found:
            continue
        seq = next_change_seq(db)
        (model.update(status="cancelled", cancel_reason=reason, version=model.version + 1, updated_at=now,
                      change_seq=seq)
         .where((model.voucher_uuid == voucher_uuid) & (model.status == counted)).execute(db))
        audit.insert_rows(db, [(now, operator, "update", table, uuid, version + 1, "status", audit._dump(counted),
                                audit._dump("cancelled"), reason) for uuid, version in found])
        changed[table] = [uuid for uuid, _ in found]
    return changed


def voucher_has_dues(db: Database, voucher_uuid: str) -> bool:
    return any(model.select(model.id).where(model.voucher_uuid == voucher_uuid).count(db)
               for model in (DuesPayment, DuesSubmission))


class PaymentRow(NamedTuple):
    uuid: str
    member_uuid: str
    year: int
    amount: int
    paid_on: date
    voucher_uuid: str
    voucher_number: str
    status: str
    cancel_reason: str


def payments_of_member(db: Database, member_uuid: str) -> list[PaymentRow]:
    """Every payment of a member (cancelled ones too), newest year first."""
    query = (DuesPayment.select(DuesPayment.uuid, DuesPayment.member_uuid, DuesPayment.year, DuesPayment.amount,
                                DuesPayment.paid_on, DuesPayment.voucher_uuid, fn.COALESCE(Voucher.number, ""),
                                DuesPayment.status, DuesPayment.cancel_reason)
             .join(Voucher, on=(Voucher.uuid == DuesPayment.voucher_uuid), join_type=JOIN.LEFT_OUTER)
             .where((DuesPayment.member_uuid == member_uuid) & (DuesPayment.deleted == 0))
             .order_by(DuesPayment.year.desc(), DuesPayment.id))
    return [PaymentRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), *r[5:]) for r in plain_rows(db, query)]


def payments_on_voucher(db: Database, voucher_uuid: str) -> list[tuple[str, int, str]]:
    """(member uuid, amount, status) of the payments a phiếu thu holds."""
    query = (DuesPayment.select(DuesPayment.member_uuid, DuesPayment.amount, DuesPayment.status)
             .where(DuesPayment.voucher_uuid == voucher_uuid).order_by(DuesPayment.id))
    return list(plain_rows(db, query))


def collected(db: Database, year: int) -> tuple[int, int]:
    """(sum, number of members) of the counted payments of `year`."""
    query = (DuesPayment.select(fn.COALESCE(fn.SUM(DuesPayment.amount), 0), fn.COUNT(DuesPayment.id))
             .where((DuesPayment.year == year) & (DuesPayment.status == "paid") & (DuesPayment.deleted == 0)))
    total, n = next(iter(plain_rows(db, query)))
    return int(total), int(n)


def years_paid(db: Database) -> list[int]:
    query = DuesPayment.select(DuesPayment.year).distinct().where(DuesPayment.deleted == 0)
    return sorted(int(r[0]) for r in plain_rows(db, query))


# -- submissions ---------------------------------------------------------------------------------------
def insert_submission(db: Database, values: dict) -> None:
    DuesSubmission.insert(values).execute(db)


def submitted(db: Database, year: int) -> int:
    query = (DuesSubmission.select(fn.COALESCE(fn.SUM(DuesSubmission.amount), 0))
             .where((DuesSubmission.year == year) & (DuesSubmission.status == "active")
                    & (DuesSubmission.deleted == 0)))
    return int(query.scalar(db) or 0)


class SubmissionRow(NamedTuple):
    uuid: str
    year: int
    level: str
    percent: float
    base: int
    amount: int
    voucher_number: str
    status: str


def submissions(db: Database, year: int) -> list[SubmissionRow]:
    query = (DuesSubmission.select(DuesSubmission.uuid, DuesSubmission.year, DuesSubmission.level,
                                   DuesSubmission.percent, DuesSubmission.base, DuesSubmission.amount,
                                   fn.COALESCE(Voucher.number, ""), DuesSubmission.status)
             .join(Voucher, on=(Voucher.uuid == DuesSubmission.voucher_uuid), join_type=JOIN.LEFT_OUTER)
             .where((DuesSubmission.year == year) & (DuesSubmission.deleted == 0)).order_by(DuesSubmission.id))
    return [SubmissionRow(*r) for r in plain_rows(db, query)]


def submitted_to(db: Database, year: int, level: str) -> int:
    query = (DuesSubmission.select(fn.COALESCE(fn.SUM(DuesSubmission.amount), 0))
             .where((DuesSubmission.year == year) & (DuesSubmission.level == level)
                    & (DuesSubmission.status == "active") & (DuesSubmission.deleted == 0)))
    return int(query.scalar(db) or 0)
