from __future__ import annotations

from khuyenhoc_desktop.storage import audit
from khuyenhoc_desktop.storage.province import communes


def test_enrol_updates_name_and_key_and_lifts_a_revocation(db):
    communes.enrol(db, "07462", "Tân Dĩnh", "key-1", "fp-1", "2025-01-01T00:00:00+00:00")
    communes.mark_revoked(db, "07462")
    assert communes.get(db, "07462").revoked is True
    communes.enrol(db, "07462", "Xã Tân Dĩnh", "key-2", "fp-2", "2025-02-01T00:00:00+00:00")
    assert communes.get(db, "07462") == communes.CommuneRow("07462", "Xã Tân Dĩnh", "key-2", "fp-2",
                                                           "2025-02-01T00:00:00+00:00", False)
    assert communes.get(db, "99999") is None


def test_all_communes_by_code_and_names(db):
    for code, name in (("07465", "Song Khê"), ("07462", "Tân Dĩnh")):
        communes.enrol(db, code, name, "k", "f", "2025-01-01T00:00:00+00:00")
    assert [c.code for c in communes.all_communes(db)] == ["07462", "07465"]
    assert communes.names(db) == {"07462": "Tân Dĩnh", "07465": "Song Khê"}


def test_revocations_give_the_latest_one_per_commune(db):
    for who, why in (("An", "Mất máy"), ("Bình", "Khóa bị lộ")):
        audit.record(db, operator=who, action="revoke", table="prov_commune", uuid="07462", version=0,
                     before=None, after={"revoked": True}, reason=why)
    audit.record(db, operator="Chi", action="register", table="prov_commune", uuid="07465", version=0,
                 before=None, after={"revoked": False})
    found = communes.revocations(db, ["07462", "07465"], "prov_commune", "revoke")
    assert list(found) == ["07462"] and found["07462"][1:] == ("Bình", "Khóa bị lộ")
