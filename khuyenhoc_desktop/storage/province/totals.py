"""The aggregate queries of the province: GROUP BY over the typed copies (each served by its covering
`*_cube` index), and the opening balances read from the mirrored rows."""

from __future__ import annotations

from peewee import SQL, Case, Database, fn

from ..engines import is_postgres, json_value, total
from ..voucher_effect import effect as voucher_effect
from ..voucher_effect import in_province_figures
from .models import ProvAward, ProvClass, ProvRecord, ProvVoucher


def _award_scope(school_year: str | None):
    cond = ProvAward.deleted == 0
    return cond & (ProvAward.school_year == school_year) if school_year else cond


def awards_by_status(db: Database, school_year: str | None) -> list[tuple[str, str, int, int]]:
    """(commune_code, status, count, amount) of the awards not deleted."""
    query = (ProvAward.select(ProvAward.commune_code, ProvAward.status, fn.COUNT(SQL("*")), total(db, ProvAward.amount))
             .where(_award_scope(school_year)).group_by(ProvAward.commune_code, ProvAward.status).tuples().bind(db))
    return [(c, s, n, int(a)) for c, s, n, a in query]


def awards_by_dimension(db: Database, school_year: str | None,
                        statuses) -> list[tuple[str, str, str, str, str, int, int]]:
    """(commune_code, school_year, category, level, funding_source, count, amount) of the awards with one
    of `statuses`."""
    dims = (ProvAward.commune_code, ProvAward.school_year, ProvAward.category, ProvAward.level,
            ProvAward.funding_source)
    query = (ProvAward.select(*dims, fn.COUNT(SQL("*")), total(db, ProvAward.amount))
             .where(_award_scope(school_year) & ProvAward.status.in_(list(statuses)))
             .group_by(*dims).tuples().bind(db))
    return [(*row[:5], row[5], int(row[6])) for row in query]


def classes_by_field(db: Database, school_year: str | None) -> list[tuple[str, str, int, int, int, int]]:
    """(commune_code, field, classes, learners, women, minority) of the classes not deleted."""
    cond = ProvClass.deleted == 0
    if school_year:
        cond &= ProvClass.school_year == school_year
    query = (ProvClass.select(ProvClass.commune_code, ProvClass.field, fn.COUNT(SQL("*")), fn.SUM(ProvClass.learners),
                              fn.SUM(ProvClass.women), fn.SUM(ProvClass.minority))
             .where(cond).group_by(ProvClass.commune_code, ProvClass.field).tuples().bind(db))
    # int(): PostgreSQL's SUM over BIGINT is NUMERIC (a Decimal in Python)
    return [(code, fld, n, int(learners), int(women), int(minority)) for code, fld, n, learners, women, minority in query]


def _posting_date(db: Database):
    """The posting date column; a file opened read-only before migration 0012 (not upgraded) still
    calls it doc_date."""
    if "posting_date" in {c.name for c in db.get_columns("prov_voucher")}:
        return ProvVoucher.posting_date
    return SQL("doc_date")


def vouchers(db: Database, date_from: str, date_to: str) -> list[tuple[str, int, int, int, int]]:
    """Per commune: (commune_code, receipts, payments, entries) posted between the two ISO dates, and the
    effect on the balance of every phiếu before `date_from` (voids count 0, a phiếu đảo its negative
    amount, so reversals net); handover receipts left out (`voucher_effect.in_province_figures`)."""
    v = ProvVoucher
    posting_date = _posting_date(db)
    in_period = posting_date.between(date_from, date_to)
    posted = v.status == "posted"
    effect = voucher_effect(v)
    # a handover receipt of a merger is left out (`in_province_figures`); not known before migration 0019
    knows_handover = "handover_from" in {c.name for c in db.get_columns("prov_voucher")}
    query = (v.select(v.commune_code,
                      total(db, Case(None, (((v.kind == "thu") & posted & in_period, v.amount),))),
                      total(db, Case(None, (((v.kind == "chi") & posted & in_period, v.amount),))),
                      fn.COALESCE(fn.SUM(Case(None, ((in_period, 1),))), 0),
                      total(db, Case(None, ((posting_date < date_from, effect),))))
             .group_by(v.commune_code))
    if knows_handover:
        query = query.where(in_province_figures(v))
    return [(code, int(r), int(p), int(n), int(before)) for code, r, p, n, before in query.tuples().bind(db)]


def fund_openings(db: Database) -> list[tuple[str, object, object]]:
    """(commune_code, year, amount) of every opening balance of the cash fund (values as sent), by year."""
    year = json_value(db, ProvRecord.data, "data", "year")
    query = (ProvRecord.select(ProvRecord.commune_code, year, json_value(db, ProvRecord.data, "data", "amount"))
             .where(ProvRecord.table_name == "fund_opening", ProvRecord.deleted == 0)
             .order_by(ProvRecord.commune_code, year).tuples().bind(db))
    return list(query)


def bank_openings(db: Database) -> list[tuple[str, object, object]]:
    """(commune_code, opening year, opening amount) of every bank account (values as sent)."""
    query = (ProvRecord.select(ProvRecord.commune_code, json_value(db, ProvRecord.data, "data", "opening_year"),
                               json_value(db, ProvRecord.data, "data", "opening_amount"))
             .where(ProvRecord.table_name == "bank_account", ProvRecord.deleted == 0).tuples().bind(db))
    return list(query)


def school_years(db: Database) -> list[str]:
    """The school years the awards of every commune carry, in order."""
    query = (ProvAward.select(ProvAward.school_year).distinct().where(ProvAward.school_year != "")
             .order_by(ProvAward.school_year).tuples().bind(db))
    return [row[0] for row in query]


def change_marker(db: Database) -> tuple:
    """Changes made through this connection and by any other since it opened: equal markers, same data."""
    if is_postgres(db):
        # The server's write-ahead log position: every committed change moves it (so do other databases'
        # changes on the same server: a cache is only dropped more often, never kept stale).
        return (db.execute_sql("SELECT pg_current_wal_lsn()::text").fetchone()[0],)
    conn = db.connection()
    return conn.total_changes, db.execute_sql("PRAGMA data_version").fetchone()[0]
