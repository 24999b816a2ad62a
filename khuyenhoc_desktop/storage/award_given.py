"""When an award counts as given, in SQL: alone, so that the period figures (`storage.award_periods`, the
home page's first answers) load neither the award's declaration nor the peewee models."""

from __future__ import annotations

from ..domain.award_statuses import GIVEN_STATUSES, PENDING_STATUS

# `domain.awards.given_on` in SQL, over a row of `award` (docs/numbers.md). GIVEN_SQL: the award counts as
# given; PAID_ON_SQL: posting day of the live phiếu chi that paid it (not void, not a reversal, not reversed).
GIVEN_SQL = f"(award.status IN ({', '.join(repr(s) for s in GIVEN_STATUSES)}))"
PENDING_SQL = f"(award.status = '{PENDING_STATUS}')"
PAID_ON_SQL = (
    "(SELECT MIN(v.posting_date) FROM voucher_link l JOIN voucher v ON v.uuid = l.voucher_uuid"
    " WHERE l.target_table = 'award' AND l.target_uuid = award.uuid AND l.deleted = 0 AND v.status = 'posted'"
    " AND v.reverses_uuid IS NULL AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reverses_uuid = v.uuid))"
)
# COALESCE stops at the first non-null, so the payment lookup runs only for awards without a decision date.
GIVEN_ON_SQL = (f"(CASE WHEN {GIVEN_SQL} THEN COALESCE(NULLIF(award.decision_date, ''), {PAID_ON_SQL},"
                " NULLIF(award.approved_on, '')) END)")
