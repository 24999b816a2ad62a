"""One rule for what a phiếu adds to the balance: the commune's text statements and the province's
peewee queries give the same balance on the same vouchers."""

from __future__ import annotations

from datetime import date

from peewee import fn

from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import fund as store
from khuyenhoc_desktop.storage.province import mirror, totals
from khuyenhoc_desktop.storage.tables import Voucher as VoucherRow
from khuyenhoc_desktop.storage.voucher_effect import effect


def _voucher(ws, kind: str, day: date, amount: int):
    v, _ = ws.fund.add(VoucherDraft(kind=kind, voucher_date=day, person="Lê B", reason="Thử", item="Khác",
                                    amount=amount), confirm=True)
    return v


def test_commune_and_province_give_the_same_balance(ws, tmp_path):
    _voucher(ws, "thu", date(2024, 3, 1), 1_000_000)
    paid = _voucher(ws, "chi", date(2024, 10, 1), 200_000)
    ws.fund.reverse(paid.uuid, "Chi nhầm", date(2025, 1, 10), confirm=True)  # a phiếu chi of −200.000
    voided = _voucher(ws, "thu", date(2024, 11, 1), 70_000)
    ws.fund.void(voided.uuid, "Ghi nhầm", confirm=True)
    _voucher(ws, "chi", date(2024, 5, 1), 50_000)
    # 1.000.000 − 200.000 + 200.000 (the reversal) − 50.000; the void phiếu adds nothing
    expected = 950_000

    assert store.sum_before(ws.db, date(2026, 1, 1)) == expected  # the text statement
    query = VoucherRow.select(fn.TOTAL(effect(VoucherRow))).bind(ws.db)
    assert int(query.scalar()) == expected  # the expression over the commune's table

    rows = ws.db.execute_sql("SELECT uuid, kind, amount, status, posting_date FROM voucher").fetchall()
    assert sorted(r[3] for r in rows) == ["posted", "posted", "posted", "posted", "void"]
    province = Workspace.open(tmp_path / "tinh.db", role="province")
    try:
        mirror.write(province.db, [], {"voucher": [("07462", uuid, kind, amount, status, day, 0, "")
                                                   for uuid, kind, amount, status, day in rows]})  # no handover
        assert totals.vouchers(province.db, "2026-01-01", "2026-12-31") == [("07462", 0, 0, 0, expected)]
    finally:
        province.close()

