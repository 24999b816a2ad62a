"""The kinds of the association's units (chi hội, ban khuyến học, tổ hội): alone, so that the figures that
count units (home page, report) need not load the member's whole declaration."""

from __future__ import annotations

UNIT_KINDS = {"chi_hoi": "Chi hội", "ban_khuyen_hoc": "Ban khuyến học", "to_hoi": "Tổ hội"}
UNIT_KIND_BY_LABEL = {v: k for k, v in UNIT_KINDS.items()}
