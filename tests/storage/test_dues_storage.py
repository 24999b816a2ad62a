"""storage/dues.py: a batch of payments stamped as new records (consecutive change_seq, an audit row each),
cancelled with a version bump and an audit row each, and the sums over what still counts."""

from __future__ import annotations

from khuyenhoc_desktop.storage import audit, dues


def test_a_batch_is_stamped_audited_and_cancelled(ws):
    db = ws.db
    rows = [{"member_uuid": f"m{i}", "year": 2026, "amount": 30_000, "paid_on": "2026-03-05", "voucher_uuid": "v1",
             "unit_uuid": "u1"} for i in range(3)]
    with db.atomic():
        uuids = dues.insert_payments(db, rows, "Thủ quỹ", "Thu hội phí theo phiếu PT-2026-0001")
    seqs = [r[0] for r in db.execute_sql("SELECT change_seq FROM dues_payment ORDER BY id").fetchall()]
    assert seqs == list(range(seqs[0], seqs[0] + 3))
    assert [e.action for u in uuids for e in audit.history(db, u)] == ["create"] * 3
    assert dues.collected(db, 2026) == (90_000, 3) and dues.collected(db, 2025) == (0, 0)
    with db.atomic():
        changed = dues.cancel_for_voucher(db, "v1", "Đảo phiếu PT-2026-0001: nhầm", "Thủ quỹ")
    assert sorted(changed["dues_payment"]) == sorted(uuids) and "dues_submission" not in changed
    assert db.execute_sql("SELECT DISTINCT status, version, cancel_reason FROM dues_payment").fetchall() == [
        ("cancelled", 2, "Đảo phiếu PT-2026-0001: nhầm")]
    assert [(e.action, e.field, e.after) for e in audit.history(db, uuids[0])][-1] == ("update", "status", "cancelled")
    assert dues.collected(db, 2026) == (0, 0)
    assert dues.cancel_for_voucher(db, "v1", "again", "Thủ quỹ") == {}
    assert dues.voucher_has_dues(db, "v1") and not dues.voucher_has_dues(db, "v2")
