"""Rows stored before the bounds of migration 0011 whose amounts or counts are out of range.

The migration repairs nothing; `khuyenhoc check` lists these rows so the user can undo them (đảo phiếu,
sửa or xóa the record), which the bound triggers allow.
"""

from __future__ import annotations

from typing import NamedTuple

from ..domain.limits import MAX_AMOUNT, MAX_COUNT
from .tables import present_tables


class OutOfRange(NamedTuple):
    table: str
    uuid: str
    label: str  # what the user knows the row by (số phiếu, họ tên, tên lớp …)
    column: str
    value: object


# table → (label column, amount columns, count columns, extra condition)
_CHECKS = {
    "award": ("full_name", ("amount",), (), "deleted = 0"),
    "award_rate": ("category", ("amount",), (), "deleted = 0"),
    # A phiếu already reversed is undone; its reversal is the negative twin, so neither is listed.
    "voucher": ("number", ("amount",), ("attachments",),
                "status = 'posted' AND reverses_uuid IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_uuid = voucher.uuid)"),
    "fund_opening": ("year", ("amount",), (), "deleted = 0"),
    "cash_count": ("count_date", ("counted",), (), "deleted = 0"),
    "learning_class": ("name", ("budget",), ("sessions", "learners", "women", "minority"), "deleted = 0"),
    "meeting": ("number", (), ("members_total", "members_present", "members_absent"), "deleted = 0"),
}


def _bad(column: str, limit: int) -> str:
    return f"(typeof({column}) != 'integer' OR {column} < 0 OR {column} > {limit})"


def find(db, limit_per_table: int = 100) -> list[OutOfRange]:
    """Out-of-range rows of every business table present in the file (at most `limit_per_table` each)."""
    present = present_tables(db)
    found: list[OutOfRange] = []
    for table, (label, amounts, counts, extra) in _CHECKS.items():
        if table not in present:
            continue
        columns = [(c, MAX_AMOUNT) for c in amounts] + [(c, MAX_COUNT) for c in counts]
        cond = " OR ".join(_bad(c, limit) for c, limit in columns)
        select = ", ".join(c for c, _ in columns)
        for row in db.execute_sql(f"SELECT uuid, {label}, {select} FROM {table} WHERE ({cond}) AND {extra}"
                                  f" ORDER BY id LIMIT {int(limit_per_table)}"):
            for (column, limit), value in zip(columns, row[2:]):
                if not (isinstance(value, int) and 0 <= value <= limit):
                    found.append(OutOfRange(table, row[0], str(row[1]), column, value))
    return found
