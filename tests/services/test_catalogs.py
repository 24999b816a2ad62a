"""Catalogues and award amounts."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.domain.errors import ValidationError


def test_defaults_are_seeded_with_the_commune_name(ws):
    assert "Cấp huyện (cũ)" in ws.catalogs.names("award_level")
    assert "Trường THCS Tân Dĩnh" in ws.catalogs.names("school")
    assert ws.catalogs.names("fund_receipt_item")[0] == "Hội phí"


def test_add_rename_deactivate_and_reorder(ws):
    ws.catalogs.add("village", "Thôn Đồng Quan")
    with pytest.raises(ValidationError, match="đã có"):
        ws.catalogs.add("village", " Thôn  Đồng Quan ")
    entry = next(e for e in ws.catalogs.entries("village") if e.name == "Thôn Đồng Quan")
    ws.catalogs.rename(entry.uuid, "Thôn Đồng Quan Mới")
    ws.catalogs.set_active(entry.uuid, False)
    assert "Thôn Đồng Quan Mới" not in ws.catalogs.names("village")
    assert any(e.name == "Thôn Đồng Quan Mới" for e in ws.catalogs.entries("village", include_inactive=True))
    first = ws.catalogs.entries("award_level")[0]
    ws.catalogs.move(first.uuid, 1)
    assert ws.catalogs.entries("award_level")[1].uuid == first.uuid


def test_rates_and_copy_to_a_new_year(ws):
    ws.catalogs.set_rate("2025-2026", "Thủ khoa", "Cấp tỉnh", "", 1_200_000)
    assert ws.catalogs.rate_for("2025-2026", "Thủ khoa", "Cấp tỉnh") == 1_200_000
    count = ws.catalogs.copy_rates("2025-2026", "2026-2027")
    assert count >= 1 and ws.catalogs.rate_for("2026-2027", "Thủ khoa", "Cấp tỉnh") == 1_200_000
    with pytest.raises(ValidationError):
        ws.catalogs.set_rate("2025-2026", "Thủ khoa", "", "", -1)
