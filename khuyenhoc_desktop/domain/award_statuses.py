"""The statuses of an award and which of them count as given: alone, so that the figures read from
storage (`storage.award_given`) need not load the award's whole declaration."""

from __future__ import annotations

STATUSES = {"draft": "Nháp", "approved": "Đã duyệt", "awarded": "Đã trao"}
STATUS_BY_LABEL = {v: k for k, v in STATUSES.items()}
# When an award counts as given (docs/numbers.md): approved or paid, never a draft; drafts are "chờ duyệt".
GIVEN_STATUSES = ("approved", "awarded")
PENDING_STATUS = "draft"
