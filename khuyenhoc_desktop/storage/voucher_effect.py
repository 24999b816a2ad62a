"""What one phiếu adds to its book's balance, defined once for the commune's and the province's queries.

A void phiếu adds nothing, a phiếu thu its amount, a phiếu chi minus its amount. A phiếu đảo stores the
opposite amount of the phiếu it reverses, so the two net to nothing with the same rule.
"""

from __future__ import annotations

from peewee import SQL, Case, SqliteDatabase

from .tables import table_exists


def effect(voucher):
    """The peewee expression over a voucher model (or anything with status, kind and amount columns)."""
    return Case(None, ((voucher.status == "void", 0), (voucher.kind == "thu", voucher.amount)), 0 - voucher.amount)


def in_province_figures(voucher):
    """Whether the province counts a phiếu in its fund figures. A handover receipt (m0019: `handover_from` = the
    old commune whose closing balance it brings into the new commune's books) is a transfer within the
    province's tree: the province still holds that balance under the old commune, so it is left out — by this
    mark, never by the receipt's item."""
    return voucher.handover_from == ""


class _BareColumns:
    """The voucher's columns unqualified, for statements over `voucher` written as text."""

    status = SQL("status")
    kind = SQL("kind")
    amount = SQL("amount")


def _literal(value) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))


def _as_text(expression) -> str:
    """The expression as SQLite text with its (constant) parameters written in."""
    sql, params = SqliteDatabase(None).get_sql_context().sql(expression).query()
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:
        raise ValueError("a '?' inside the effect's text")
    return "".join(p + _literal(v) for p, v in zip(pieces, params)) + pieces[-1]


# The same rule as text over the unqualified columns of `voucher`, for the commune's statements written
# as text (running balances over a window, the balance before a day).
EFFECT_SQL = f"({_as_text(effect(_BareColumns))})"

# Which phiếu belong to this file's books. A phiếu merged in from an old commune's file (migration 0019:
# `origin_code` set) stays as read-only history of that commune's own books, closed at the merger date; it is
# in no book here (its balance came in once, as a handover receipt), so nothing counts twice.
OWN_BOOKS_SQL = "origin_code = ''"


def own_books_sql(db) -> str:
    """`OWN_BOOKS_SQL`, or "1" for a file read before migration 0019 (every phiếu is its own)."""
    return OWN_BOOKS_SQL if table_exists(db, "merge_source") else "1"


__all__ = ["EFFECT_SQL", "OWN_BOOKS_SQL", "effect", "in_province_figures", "own_books_sql"]
