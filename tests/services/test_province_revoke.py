"""Revoking a commune's signing key (stolen PC, leaked key): future packages refused, imported ones kept,
a reason required and kept in the audit log, re-registering restores."""

from __future__ import annotations

from datetime import datetime

import pytest

from khuyenhoc_desktop.services.province import ProvinceError
from khuyenhoc_desktop.storage import audit
from khuyenhoc_desktop.sync import generate_signing_key
from tests.sql_helpers import run_sql
from tests.services.test_province_import import CODE, NAME, Commune, award


def test_revoke_refuses_future_packages_and_keeps_imported_ones(prov, xa):
    assert prov.province.import_file(xa.package([award(0), award(1)])).status == "applied"
    p2 = xa.package([award(2)])
    before = run_sql(prov.db, "SELECT COUNT(*) FROM prov_award").fetchone()[0]

    assert prov.province.revoke_commune(CODE, "  Máy tính của xã  bị mất trộm ").revoked_now is True

    c = prov.province.commune(CODE)
    assert c.revoked is True and c.revoked_reason == "Máy tính của xã bị mất trộm"
    assert datetime.fromisoformat(c.revoked_at).tzinfo is not None
    for dry_run in (True, False):
        rep = prov.province.import_file(p2, dry_run=dry_run)
        assert rep.status == "refused"
        assert rep.message == (f"Khóa của xã {NAME} ({CODE}) đã bị thu hồi (lý do: Máy tính của xã bị mất trộm); "
                               "tỉnh không nhận gói mới của xã cho đến khi xã đăng ký lại bằng khóa mới.")
    # even a package signed with another key is refused: the commune itself is blocked
    rep = prov.province.import_file(xa.package([award(3)], key=generate_signing_key()))
    assert rep.status == "refused" and "đã bị thu hồi" in rep.message
    # what was imported before stays, in the mirror and the totals
    assert run_sql(prov.db, "SELECT COUNT(*) FROM prov_award").fetchone()[0] == before == 2
    assert prov.province.aggregates().awards["count"] == 2
    assert prov.province.commune(CODE).packages == 1


def test_revocation_is_in_the_audit_log_with_the_revoked_key(prov, xa):
    prov.set_operator("Trần Văn  Bình")
    fp = prov.province.commune(CODE).fingerprint
    prov.province.revoke_commune(CODE, "Khóa bị lộ")
    rows = [e for e in audit.history(prov.db, CODE) if e.action == "revoke"]
    assert len(rows) == 1
    assert rows[0].table_name == "prov_commune" and rows[0].reason == "Khóa bị lộ"
    assert rows[0].operator == "Trần Văn Bình" and rows[0].after["fingerprint"] == fp
    assert prov.province.commune(CODE).revoked_by == "Trần Văn Bình"


def test_revoking_twice_is_a_no_op_that_keeps_the_first_reason(prov, xa):
    assert prov.province.revoke_commune(CODE, "Máy bị mất").revoked_now is True
    first = prov.province.commune(CODE)
    before = prov.province.checksum()
    assert prov.province.revoke_commune(CODE, "Lý do khác").revoked_now is False
    assert prov.province.checksum() == before
    assert prov.province.commune(CODE) == first
    assert len([e for e in audit.history(prov.db, CODE) if e.action == "revoke"]) == 1


def test_revoke_refuses_unknown_code_and_blank_reason(prov, xa):
    before = prov.province.checksum()
    with pytest.raises(ProvinceError, match="Xã mã 99999 chưa được đăng ký với tỉnh"):
        prov.province.revoke_commune("99999", "Máy bị mất")
    for blank in ("", "   ", "\u200b", None):
        with pytest.raises(ProvinceError, match="Hãy ghi lý do thu hồi khóa"):
            prov.province.revoke_commune(CODE, blank)
    with pytest.raises(ProvinceError, match="Thiếu mã xã"):
        prov.province.revoke_commune("  ", "Máy bị mất")
    assert prov.province.checksum() == before
    assert prov.province.commune(CODE).revoked is False and prov.province.commune(CODE).revoked_at is None


def test_revoke_refuses_a_commune_file(ws):
    with pytest.raises(ProvinceError, match="tệp dữ liệu của xã, không phải tệp tổng hợp của tỉnh"):
        ws.province.revoke_commune(CODE, "Máy bị mất")


def test_registering_a_new_key_restores_the_commune(prov, xa, tmp_path):
    assert prov.province.import_file(xa.package([award(0)])).status == "applied"
    old_fp = prov.province.commune(CODE).fingerprint
    prov.province.revoke_commune(CODE, "Máy tính của xã bị mất trộm")
    new = Commune(tmp_path / "xa-moi")  # the commune's new installation: a new key
    new.seq, new.prev = xa.seq, xa.prev
    stolen = xa.package([award(1)])  # written with the stolen key

    c = prov.province.register_commune(CODE, NAME, new.card_path)

    assert c.revoked is False and c.revoked_at is None and c.revoked_reason == ""
    assert c.fingerprint != old_fp
    rep = prov.province.import_file(stolen)
    assert rep.status == "refused" and "không phải khóa đã đăng ký" in rep.message
    assert prov.province.import_file(new.package([award(1, version=2)])).status == "applied"
    # the history keeps the revocation and the re-registration that lifted it
    actions = [(e.action, e.field) for e in audit.history(prov.db, CODE)]
    assert ("revoke", "") in actions and ("register", "revoked") in actions and ("register", "fingerprint") in actions
    # revoking again works, and shows the new reason
    assert prov.province.revoke_commune(CODE, "Lần hai").revoked_now is True
    assert prov.province.commune(CODE).revoked_reason == "Lần hai"
