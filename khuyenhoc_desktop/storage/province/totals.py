"""The aggregate queries of the province: the awards' from their totals per commune (`prov_award_total`, kept
current by `refresh_award_totals`), the classes' and the fund's GROUP BY over the typed copies (each served by
its covering `*_cube` index), and the opening balances read from the mirrored rows."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Iterable

from peewee import SQL, Case, Database, Value, fn

from ..engines import is_postgres, json_value, total
from ..voucher_effect import effect as voucher_effect
from ..voucher_effect import in_province_figures
from .models import ProvAward, ProvAwardTotal, ProvClass, ProvRecord, ProvVoucher


_TOTAL_COLUMNS = ("commune_code", "school_year", "category", "level", "funding_source", "status")


def _grouped_awards(db: Database):
    """The awards not deleted grouped as `prov_award_total` holds them (its columns, in its order)."""
    a = ProvAward
    groups = [getattr(a, name) for name in _TOTAL_COLUMNS]
    return a.select(*groups, fn.COUNT(SQL("*")), total(db, a.amount)).where(a.deleted == 0).group_by(*groups)


def refresh_award_totals(db: Database, codes: Iterable[str] | None = None) -> None:
    """Rewrite the award totals (`prov_award_total`) of the communes `codes` (None: every commune with
    awards) from their award rows, in the caller's transaction: every write to `prov_award` (an import,
    records folded into an old commune) ends with it, so the totals never differ from the rows. ~6,000
    awards of a commune are read from the cube index in a few ms."""
    a, t = ProvAward, ProvAwardTotal
    if codes is None:
        codes = [c for (c,) in a.select(a.commune_code).distinct().tuples().bind(db)]
    columns = [getattr(t, name) for name in (*_TOTAL_COLUMNS, "awards", "amount")]
    for code in sorted(set(codes)):
        t.delete().where(t.commune_code == code).bind(db).execute()
        t.insert_from(_grouped_awards(db).where(a.commune_code == code), columns).bind(db).execute()


def _of_totals(db: Database, query, school_year: str | None):
    """`query` over the award totals of `school_year` (None: every year). A file opened read-only before
    migration 28 (not upgraded) has no totals: the same rows are grouped from its awards, under that name."""
    if school_year:
        query = query.where(ProvAwardTotal.school_year == school_year)
    if not db.table_exists("prov_award_total"):
        query = query.with_cte(_grouped_awards(db).cte("prov_award_total", columns=(*_TOTAL_COLUMNS, "awards",
                                                                                      "amount")))
    return query.tuples().bind(db)


def awards_by_status(db: Database, school_year: str | None) -> list[tuple[str, str, int, int]]:
    """(commune_code, status, count, amount) of the awards not deleted."""
    t = ProvAwardTotal
    query = t.select(t.commune_code, t.status, fn.SUM(t.awards), total(db, t.amount)).group_by(t.commune_code, t.status)
    return [(c, s, int(n), int(a)) for c, s, n, a in _of_totals(db, query, school_year)]


def awards_by_dimension(db: Database, school_year: str | None,
                        statuses) -> list[tuple[str, str, str, str, str, int, int]]:
    """(commune_code, school_year, category, level, funding_source, count, amount) of the awards with one
    of `statuses` (each commune's breakdowns; the province's own are `awards_given`)."""
    t = ProvAwardTotal
    dims = (t.commune_code, t.school_year, t.category, t.level, t.funding_source)
    query = t.select(*dims, fn.SUM(t.awards), total(db, t.amount)).where(t.status.in_(list(statuses))).group_by(*dims)
    return [(*row[:5], int(row[5]), int(row[6])) for row in _of_totals(db, query, school_year)]


AWARD_DIMENSIONS = ("commune_code", "school_year", "category", "level", "funding_source")


def awards_given(db: Database, school_year: str | None, statuses) -> dict[str, list[tuple[str, int, int]]]:
    """Per dimension of `AWARD_DIMENSIONS` (the commune first): (value, count, amount) of the awards with one
    of `statuses`, by value. Each dimension added up by the database (one UNION ALL over the totals): read as the
    cross product of every dimension, 60,000 rows for 200 communes, Python took ~0.3 s to add them up."""
    t = ProvAwardTotal
    parts = []
    for name in AWARD_DIMENSIONS:
        column = getattr(t, name)
        part = t.select(Value(name), column, fn.SUM(t.awards), total(db, t.amount)).where(t.status.in_(list(statuses)))
        if school_year:
            part = part.where(t.school_year == school_year)
        parts.append(part.group_by(column))
    out: dict[str, list[tuple[str, int, int]]] = {name: [] for name in AWARD_DIMENSIONS}
    for name, key, n, amount in _of_totals(db, reduce(operator.add, parts), None):  # `+`: UNION ALL
        out[name].append((key, int(n), int(amount)))
    return {name: sorted(rows) for name, rows in out.items()}


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
    """The school years the awards (not deleted) of every commune carry, in order."""
    t = ProvAwardTotal
    query = t.select(t.school_year).distinct().where(t.school_year != "").order_by(t.school_year)
    return [row[0] for row in _of_totals(db, query, None)]


def change_marker(db: Database) -> tuple:
    """Changes made through this connection and by any other since it opened: equal markers, same data."""
    if is_postgres(db):
        # Where the server inserts its next write-ahead log record: every change moves it, committed or not (so do other databases'
        # changes on the same server: a cache is only dropped more often, never kept stale).
        return (db.execute_sql("SELECT pg_current_wal_insert_lsn()::text").fetchone()[0],)
    conn = db.connection()
    return conn.total_changes, db.execute_sql("PRAGMA data_version").fetchone()[0]
