"""Generic row helpers of storage.records: round trip and identifier checks."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.storage import records


def test_insert_update_raw_row_round_trip(ws):
    db = ws.db
    with db.atomic():
        values = records.stamp_new(db, {"year": 2031, "amount": 1000, "note": "Số dư đầu kỳ"})
        assert records.insert_row(db, "fund_opening", values) > 0
        records.update_row(db, "fund_opening", values["uuid"], {"amount": 2000})
    row = records.raw_row(db, "fund_opening", values["uuid"])
    assert row["amount"] == 2000 and row["note"] == "Số dư đầu kỳ"
    assert records.raw_row(db, "fund_opening", "no-such-uuid") is None
    records.insert_rows(db, "fund_opening", [])  # nothing to do


@pytest.mark.parametrize("table", ["award; DROP TABLE award", "award WHERE 1", "", "1award", "a-b"])
def test_table_names_must_be_identifiers(ws, table):
    with pytest.raises(ValueError):
        records.raw_row(ws.db, table, "x")
    with pytest.raises(ValueError):
        records.insert_row(ws.db, table, {"uuid": "x"})


def test_column_names_must_be_identifiers(ws):
    with pytest.raises(ValueError):
        records.update_row(ws.db, "award", "x", {"note = 'x', amount": 1})
    with pytest.raises(ValueError):
        records.insert_rows(ws.db, "award", [{"uuid) VALUES (1); --": 1}])


def test_where_builds_conditions_in_order_and_escapes_search_words():
    from types import SimpleNamespace

    flt = SimpleNamespace(kind="thu", status="", item="Quỹ")
    sql, params = records.Where().equal(flt, "kind", "status", "item").uuids(["a", "b"]).search("Ân 50%_x").sql()
    assert sql == ("deleted = 0 AND kind = ? AND item = ? AND uuid IN (?, ?)"
                   " AND search_key LIKE ? ESCAPE '\\' AND search_key LIKE ? ESCAPE '\\'")
    assert params == ["thu", "Quỹ", "a", "b", "%an%", "%50\\%\\_x%"]
    assert records.Where(include_deleted=True).search("  ").sql() == ("1", [])
