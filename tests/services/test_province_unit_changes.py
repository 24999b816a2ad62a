"""The July 2025 reform at the province: a table of unit changes (old codes → new code, decision, dates),
filled from the official mapping and editable; the old communes' keys retired at the merger date (not
revoked); the new commune's first package, carrying the old communes' records with their uuids, counted
once; figures by old or by new commune. Built from `demo` files and the real sync export and import."""

from __future__ import annotations

import json

import pytest

from khuyenhoc_desktop.services import demo
from khuyenhoc_desktop.services.province import ProvinceError
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import PackageWriter, open_package
from tests.clock_helpers import TEST_CLOCK
from tests.services.test_province_import import Commune, award

# Xã Tân Dĩnh (07432, Bắc Ninh) was formed on 01/07/2025 from Tân Dĩnh, Đại Lâm (07435) and Thái Đào
# (07438) of huyện Lạng Giang (tỉnh Bắc Giang): the official mapping (vietnamadminunits 1.0.4).
OLD = [("07435", "Đại Lâm", 12, 1), ("07438", "Thái Đào", 9, 2)]
NEW = ("07432", "Tân Dĩnh", 6, 3)
DECISION = "Nghị quyết số 1658/NQ-UBTVQH15"


def _file(tmp_path, code, name, awards, seed):
    ws = Workspace.open(tmp_path / f"{code}.db", clock=TEST_CLOCK)
    demo.fill(ws, awards=awards, seed=seed, commune_code=code, commune_name=name)
    ws.sync.save_key_card(tmp_path / f"{code}.khkey")
    return ws


@pytest.fixture
def world(tmp_path):
    prov = Workspace.open(tmp_path / "tinh.db", role="province")
    prov.province.set_profile("24", "Bắc Ninh")
    olds = []
    for code, name, n, seed in OLD:
        ws = _file(tmp_path, code, name, n, seed)
        prov.province.register_commune(code, name, tmp_path / f"{code}.khkey")
        rep = prov.province.import_file(ws.sync.export_package(tmp_path / f"{code}-1.khsync", full=True).path)
        assert rep.ok and rep.status == "applied", rep.message
        olds.append(ws)
    new = _file(tmp_path, *NEW)
    yield prov, olds, new, tmp_path
    for ws in (*olds, new):
        ws.close()
    prov.close()


def _rows(ws, path) -> list[dict]:
    pkg = open_package(path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=ws.organisation.commune_code)
    return [json.loads(line) for line in pkg.read_file("changes.jsonl").decode("utf-8").split("\n") if line]


def merged_package(new, olds, tmp_path) -> tuple:
    """The new commune's first full package after taking in the old files (the merge simulated): its own
    records, and every old record with the same uuid, its origin added and so one version higher."""
    own = _rows(new, new.sync.export_package(tmp_path / "own.khsync", full=True).path)
    carried = []
    for ws in olds:
        for row in _rows(ws, ws.sync.export_package(tmp_path / f"{ws.organisation.commune_code}-full.khsync",
                                                    full=True).path):
            v = row["version"] + 1
            data = {**row["data"], "version": v, "origin_code": ws.organisation.commune_code,
                    "origin_name": ws.organisation.commune}
            carried.append({**row, "version": v, "data": data})
    rows = own + carried
    versions: dict[str, list] = {}
    for r in rows:
        versions.setdefault(r["table"], []).append((r["uuid"], r["version"]))
    path = tmp_path / "07432-merged.khsync"
    with PackageWriter() as w:
        for r in rows:
            w.add_change(r)
        for table, pairs in versions.items():
            w.set_reconciliation(table, pairs)
        w.finish(path, new.sync.signing_key(), {
            "sender": {"commune_code": NEW[0], "commune_name": NEW[1], "province_code": "24"},
            "seq": 1, "prev_package_sha256": None, "schema_version": new.datafile.schema_version, "mode": "full"})
    return path, len(own), len(carried)


def _figures(section: dict) -> tuple:
    a, c, f, m = section["awards"], section["classes"], section["fund"], section["members"]
    return (a["count"], a["amount"], a["pending"]["count"], a["pending"]["amount"], c["count"], c["learners"],
            f["opening"], f["receipts"], f["payments"], f["balance"], f["vouchers"], m["count"])


def _sum(*parts: tuple) -> tuple:
    return tuple(sum(x) for x in zip(*parts))


def test_the_new_communes_first_sync_counts_the_old_records_once(world):
    prov, olds, new, tmp_path = world
    held = {code: _figures(prov.province.aggregates().by_commune[code]) for code, *_ in OLD}
    # each old commune's figures at the province are its own summary's
    for ws in olds:
        assert held[ws.organisation.commune_code] == _figures(summary(ws))
    prov.province.add_unit_change("07435, 07438", "07432", DECISION, "16/06/2025")
    new.sync.save_key_card(tmp_path / "07432.khkey")
    prov.province.register_commune("07432", "", tmp_path / "07432.khkey")
    assert prov.province.commune("07432").official_name == "Xã Tân Dĩnh"  # the list's name of the code
    path, own, carried = merged_package(new, olds, tmp_path)

    rep = prov.province.import_file(path)

    assert rep.ok and not rep.mismatched_tables, (rep.message, rep.rejected[:3], rep.warnings)
    assert (rep.created, rep.updated) == (own, carried)  # the old records are updates, not new ones
    agg = prov.province.aggregates()
    # by old commune (as received): the old communes' figures unchanged, the new commune's own apart
    assert _figures(agg.by_commune["07435"]) == held["07435"] and _figures(agg.by_commune["07438"]) == held["07438"]
    assert _figures(agg.by_commune["07432"]) == _figures(summary(new))
    # by new commune: the sum held for the old ones plus what is new, and the province total is the same sum
    by_new = prov.province.by_new_commune(summary(prov)["by_commune"])
    assert list(by_new) == ["07432"]
    expected = _sum(held["07435"], held["07438"], _figures(summary(new)))
    assert _figures(by_new["07432"]) == expected
    assert by_new["07432"]["name"] == prov.province.commune("07432").name
    total = summary(prov)
    assert (total["awards"]["count"], total["awards"]["amount"], total["classes"]["learners"],
            total["fund"]["balance"], total["members"]["count"]) == (
        expected[0], expected[1], expected[5], expected[9], expected[11])
    # importing it again changes nothing
    before = prov.province.checksum()
    assert prov.province.import_file(path).status == "already" and prov.province.checksum() == before


def test_an_old_communes_package_after_the_merger_is_refused_naming_the_new_commune(world):
    prov, olds, new, tmp_path = world
    prov.province.add_unit_change(["07435", "07438"], "07432", DECISION, "16/06/2025", "01/07/2025")
    c = prov.province.commune("07435")
    assert (c.status, c.revoked, c.merged_into, c.retired_from) == ("retired", False, "07432", "2025-07-01")
    late = olds[0].sync.export_package(tmp_path / "07435-late.khsync", full=True).path  # dated today, 2026
    before = prov.province.checksum()
    for dry_run in (True, False):
        rep = prov.province.import_file(late, dry_run=dry_run)
        assert rep.status == "refused"
        assert rep.message.startswith("Xã Đại Lâm (07435) đã hợp nhất vào Xã Tân Dĩnh (mã 07432) từ ngày "
                                      "01/07/2025: khóa của xã cũ thôi dùng cho các gói lập sau ngày đó")
        assert "không phải thu hồi khóa" in rep.message
    assert prov.province.checksum() == before


def test_a_package_dated_on_or_before_the_merger_still_comes_in(prov, tmp_path):
    old = Commune(tmp_path / "dl", code="07435", name="Đại Lâm")
    prov.province.register_commune(old.code, old.name, old.card_path)
    prov.province.add_unit_change(["07435"], "07432", effective_date="01/07/2025")
    on_the_day = old.package([award(0)], created_at="2025-07-01T16:00:00+07:00")
    assert prov.province.import_file(on_the_day).status == "applied"
    after = old.package([award(1)], created_at="2025-07-02T08:00:00+07:00")
    rep = prov.province.import_file(after)
    assert rep.status == "refused" and "lập ngày 02/07/2025" in rep.message


def test_fill_from_the_official_mapping_for_the_registered_communes(prov, tmp_path):
    for code, name in (("07435", "Đại Lâm"), ("07201", "Thọ Xương")):
        c = Commune(tmp_path / code, code=code, name=name)
        prov.province.register_commune(code, name, c.card_path)
    prov.province.set_profile("24", "Bắc Ninh")
    result = prov.province.fill_unit_changes()
    assert sorted(result.added) == ["07210", "07432"] and "vietnam-provinces 2025.10.1" in result.data_version
    changes = {c.new_code: c for c in prov.province.unit_changes()}
    assert [o["code"] for o in changes["07432"].old] == ["07435", "07438"]
    assert changes["07432"].new_name == "Xã Tân Dĩnh" and changes["07432"].effective_date == "2025-07-01"
    assert changes["07432"].source == "library" and changes["07432"].old[0]["registered"] is True
    # Phường Bắc Giang kept the code of phường Hoàng Văn Thụ (07210): not one of its old codes
    assert "07210" not in [o["code"] for o in changes["07210"].old]
    # a second fill keeps what is there (also a change corrected by hand)
    prov.province.add_unit_change(["07435", "07438"], "07432", DECISION, "16/06/2025")
    again = prov.province.fill_unit_changes()
    assert again.added == [] and sorted(again.kept) == ["07210", "07432"]
    assert {c.new_code: c for c in prov.province.unit_changes()}["07432"].decision == DECISION


@pytest.mark.parametrize("old, new, kwargs, message", [
    ("07435,07432", "07432", {}, "Mã xã mới 07432 cũng có trong danh sách xã cũ"),
    ("07435", "99999", {}, "Mã xã mới 99999 không có trong danh sách đơn vị hành chính cấp xã từ ngày 01/07/2025"),
    ("07435,07435", "07432", {}, "Mã xã cũ 07435 được ghi hai lần"),
    ("07435,abc", "07432", {}, "Mã xã “abc” không hợp lệ"),
    ("", "07432", {}, "Thiếu mã các xã cũ"),
    ("07435", "", {}, "Thiếu mã xã mới"),
    ("07435", "07432", {"decision_date": "31/02/2025"}, "Ngày quyết định “31/02/2025” không hợp lệ"),
    ("07435", "07432", {"decision_date": "16/06/2025", "effective_date": "01/06/2025"},
     "Ngày có hiệu lực 01/06/2025 trước ngày quyết định 16/06/2025"),
])
def test_bad_unit_changes_are_refused_and_nothing_is_written(prov, old, new, kwargs, message):
    before = prov.province.checksum()
    with pytest.raises(ProvinceError, match=message):
        prov.province.add_unit_change(old, new, **kwargs)
    assert prov.province.checksum() == before and prov.province.unit_changes() == []


def test_an_old_code_goes_to_one_new_commune(prov):
    prov.province.add_unit_change("07435", "07432")
    before = prov.province.checksum()
    with pytest.raises(ProvinceError, match="Xã cũ mã 07435 đã được ghi là hợp nhất vào Xã Tân Dĩnh"):
        prov.province.add_unit_change("07435", "07210")
    with pytest.raises(ProvinceError, match="Mã 07432 là mã của một xã mới"):
        prov.province.add_unit_change("07432", "07210")
    assert prov.province.checksum() == before


def test_unit_changes_are_for_a_province_file(ws):
    with pytest.raises(ProvinceError, match="tệp dữ liệu của xã, không phải tệp tổng hợp của tỉnh"):
        ws.province.add_unit_change("07435", "07432")


def test_deleting_a_change_lets_the_old_key_in_again(prov, tmp_path):
    old = Commune(tmp_path / "dl", code="07435", name="Đại Lâm")
    prov.province.register_commune(old.code, old.name, old.card_path)
    prov.province.add_unit_change(["07435"], "07432")
    assert prov.province.commune("07435").status == "retired"
    prov.province.delete_unit_change("07432")
    assert prov.province.commune("07435").status == "active"
    assert prov.province.import_file(old.package([award(0)], created_at="2026-01-05T08:00:00+07:00")).ok
    with pytest.raises(ProvinceError, match="không có xã mới mã 07432"):
        prov.province.delete_unit_change("07432")


def test_a_new_communes_package_before_its_change_is_refused_naming_the_old_communes(world):
    from khuyenhoc_desktop.storage.province import mirror as mirror_store

    prov, olds, new, tmp_path = world
    new.sync.save_key_card(tmp_path / "07432.khkey")
    prov.province.register_commune("07432", "Tân Dĩnh", tmp_path / "07432.khkey")
    path, own, carried = merged_package(new, olds, tmp_path)
    held = list(mirror_store.dump(prov.db))
    rep = prov.province.import_file(path)
    assert rep.status == "refused", rep.message
    assert "07435" in rep.message and "07438" in rep.message and "thay đổi đơn vị" in rep.message
    assert list(mirror_store.dump(prov.db)) == held  # nothing written: no record, no ledger row
    prov.province.add_unit_change("07435,07438", "07432", DECISION, "16/06/2025")
    rep = prov.province.import_file(path)
    assert rep.ok and (rep.created, rep.updated) == (own, carried), rep.message


def test_a_package_taken_in_before_its_change_is_counted_once_when_the_change_is_written(world, monkeypatch):
    """A province whose older program took the new commune's package in before the change was written (every
    record new, under the new code): writing the change folds each record held twice into one."""
    from khuyenhoc_desktop.services.province.importer import Importer

    prov, olds, new, tmp_path = world
    held = {code: _figures(prov.province.aggregates().by_commune[code]) for code, *_ in OLD}
    new.sync.save_key_card(tmp_path / "07432.khkey")
    prov.province.register_commune("07432", "Tân Dĩnh", tmp_path / "07432.khkey")
    path, own, carried = merged_package(new, olds, tmp_path)
    with monkeypatch.context() as m:  # the older program: no refusal without a unit change
        m.setattr(Importer, "_check_origins", lambda self, pkg, rows, old_codes: None)
        rep = prov.province.import_file(path)
    assert rep.ok and rep.created == own + carried  # no change written yet: every record looks new
    expected = _sum(held["07435"], held["07438"], _figures(summary(new)))
    assert summary(prov)["awards"]["count"] > expected[0]  # counted twice, for now

    prov.province.add_unit_change("07435,07438", "07432", DECISION, "16/06/2025")

    agg = prov.province.aggregates()
    assert _figures(agg.by_commune["07435"]) == held["07435"] and _figures(agg.by_commune["07438"]) == held["07438"]
    assert _figures(agg.by_commune["07432"]) == _figures(summary(new))
    assert _figures(prov.province.by_new_commune(summary(prov)["by_commune"])["07432"]) == expected
    assert (summary(prov)["awards"]["count"], summary(prov)["fund"]["balance"]) == (expected[0], expected[9])


def test_the_official_mapping_gives_each_old_code_one_successor_and_never_retires_a_continuing_code():
    from khuyenhoc_desktop.services import admin_units

    for p in admin_units.provinces():
        changes = admin_units.library_changes(p.code)
        olds = [o.code for c in changes for o in c.old]
        assert len(olds) == len(set(olds)), p.name
        # a code a new commune kept goes on under it (e.g. Xã Tân Dĩnh kept 07432): it is nobody's old code
        assert not {u.code for u in admin_units.communes(p.code)} & set(olds), p.name
