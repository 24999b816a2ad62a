"""Commune → province end to end with the commune's real export (`ws.sync.export_package`):
totals equal the communes' own `summary` exactly; an edit and a deletion travel; re-import is a
no-op; encrypted packages; the province's biên nhận is accepted by the commune."""

from __future__ import annotations

import dataclasses

import pytest

from khuyenhoc_desktop.services import demo
from tests.sql_helpers import run_sql
from tests.clock_helpers import TEST_CLOCK
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace

COMMUNES = [("07462", "Tân Dĩnh", 25, 1), ("07465", "Song Khê", 40, 2), ("07468", "Nội Hoàng", 15, 3)]


@pytest.fixture
def world(tmp_path, province_db):
    prov = Workspace.open(province_db, role="province")
    prov.province.set_profile("24", "Bắc Giang")
    communes = []
    for code, name, n, seed in COMMUNES:
        ws = Workspace.open(tmp_path / f"{code}.db", clock=TEST_CLOCK)
        demo.fill(ws, awards=n, seed=seed, commune_code=code, commune_name=name)
        ws.sync.save_key_card(tmp_path / f"{code}.khkey")
        prov.province.register_commune(code, name, tmp_path / f"{code}.khkey")
        communes.append(ws)
    yield prov, communes, tmp_path
    for ws in communes:
        ws.close()
    prov.close()


def _expected(communes) -> dict:
    tot = {"awards": [0, 0], "classes": [0, 0], "fund": [0, 0, 0, 0]}
    per = {}
    for ws in communes:
        s = summary(ws)
        a, c, f = s["awards"], s["classes"], s["fund"]
        per[ws.organisation.commune_code] = (a["count"], a["amount"], c["count"], c["learners"],
                                             f["receipts"], f["payments"], f["balance"], f["vouchers"])
        tot["awards"] = [tot["awards"][0] + a["count"], tot["awards"][1] + a["amount"]]
        tot["classes"] = [tot["classes"][0] + c["count"], tot["classes"][1] + c["learners"]]
        tot["fund"] = [x + y for x, y in zip(tot["fund"], (f["receipts"], f["payments"], f["balance"], f["vouchers"]))]
    return {"per": per, "tot": tot}


def _actual(prov) -> dict:
    agg = prov.province.aggregates()
    per = {code: (c["awards"]["count"], c["awards"]["amount"], c["classes"]["count"], c["classes"]["learners"],
                  c["fund"]["receipts"], c["fund"]["payments"], c["fund"]["balance"], c["fund"]["vouchers"])
           for code, c in agg.by_commune.items()}
    tot = {"awards": [agg.awards["count"], agg.awards["amount"]],
           "classes": [agg.classes["count"], agg.classes["learners"]],
           "fund": [agg.fund["receipts"], agg.fund["payments"], agg.fund["balance"], agg.fund["vouchers"]]}
    return {"per": per, "tot": tot}


def test_province_totals_equal_the_communes_own_summaries_and_edits_travel(world):
    prov, communes, tmp = world
    for ws in communes:
        info = ws.sync.export_package(tmp / f"{ws.organisation.commune_code}-1.khsync")
        rep = prov.province.import_file(info.path)
        assert rep.status == "applied" and rep.ok, rep.rejected[:3]
        assert rep.counts["created"] == info.rows
        assert rep.mismatched_tables == [] and rep.warnings == []  # the mirror equals the commune
    assert _actual(prov) == _expected(communes)

    # an edit and a deletion in the first commune
    xa = communes[0]
    u_edit, u_del = [r[0] for r in xa.db.execute_sql("SELECT uuid FROM award WHERE deleted = 0 AND status != 'awarded' ORDER BY id LIMIT 2")]
    a = xa.awards.get(u_edit)
    xa.awards.save(dataclasses.replace(a.as_draft(), amount=a.amount + 123_000, note="Sửa ở xã"), u_edit, confirm=True)
    xa.awards.delete([u_del], reason="Nhập trùng")
    c_uuid = xa.db.execute_sql("SELECT uuid FROM learning_class WHERE deleted = 0 LIMIT 1").fetchone()[0]
    xa.classes.delete([c_uuid], reason="Lớp bị hủy")
    p2 = xa.sync.export_package(tmp / "07462-2.khsync")
    dry = prov.province.import_file(p2.path, dry_run=True)
    rep = prov.province.import_file(p2.path)
    assert rep.counts == dry.counts
    assert rep.counts["updated"] >= 1 and rep.counts["deleted"] >= 2 and not rep.rejected
    assert rep.mismatched_tables == []
    row = run_sql(prov.db, "SELECT amount, deleted FROM prov_award WHERE uuid = ?", (u_edit,)).fetchone()
    assert row == (a.amount + 123_000, 0)
    assert run_sql(prov.db, "SELECT deleted FROM prov_award WHERE uuid = ?", (u_del,)).fetchone()[0] == 1
    assert _actual(prov) == _expected(communes)

    # importing everything again changes nothing
    before = prov.province.checksum()
    for path in sorted(tmp.glob("*.khsync")):
        again = prov.province.import_file(path)
        assert again.status == "already" and "đã nhập" in again.message
    assert prov.province.checksum() == before

    # the province's acknowledgement goes back to the commune
    ack = prov.province.write_ack("07462", tmp / "07462.khack")
    assert ack.up_to_seq == 2 and ack.returned == 0
    prov.province.export_key_card(tmp / "tinh.khkey")
    xa.sync.import_province_key(tmp / "tinh.khkey")
    result = xa.sync.import_ack(tmp / "07462.khack")
    assert "0 bản ghi bị trả lại" in result.describe()


def test_encrypted_and_full_packages(world):
    prov, communes, tmp = world
    prov.province.export_key_card(tmp / "tinh.khkey")
    xa = communes[1]
    xa.sync.import_province_key(tmp / "tinh.khkey")
    info = xa.sync.export_package(tmp / "enc.khsync", encrypt_for=True)
    assert info.encrypted
    assert prov.province.import_file(info.path).status == "applied"
    full = xa.sync.export_package(tmp / "full.khsync", full=True)
    rep = prov.province.import_file(full.path)
    assert rep.status == "applied" and rep.counts["unchanged"] == full.rows and rep.counts["created"] == 0
    assert rep.mismatched_tables == []


def test_a_missing_package_shows_as_a_gap_and_a_reconciliation_difference(world):
    prov, communes, tmp = world
    xa = communes[2]
    p1 = xa.sync.export_package(tmp / "r1.khsync")
    u = xa.db.execute_sql("SELECT uuid FROM award WHERE status != 'awarded' AND deleted = 0 LIMIT 1").fetchone()[0]
    xa.awards.delete([u], reason="Sai")
    xa.sync.export_package(tmp / "r2.khsync")  # never reaches the province
    a = xa.awards.get(xa.db.execute_sql("SELECT uuid FROM award WHERE deleted = 0 LIMIT 1").fetchone()[0])
    xa.awards.save(dataclasses.replace(a.as_draft(), note="Sửa lần 2"), a.uuid, confirm=True)
    p3 = xa.sync.export_package(tmp / "r3.khsync")
    prov.province.import_file(p1.path)
    rep = prov.province.import_file(p3.path)
    assert rep.status == "applied" and rep.gaps == [(2, 2)]
    assert "award" in rep.mismatched_tables
    assert prov.province.commune(xa.organisation.commune_code).gaps == [(2, 2)]
