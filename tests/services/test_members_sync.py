"""Members and units travel to the province without their personal numbers: no CCCD or phone in the rows or
the audit events (not even masked), the CCCD only as a hash keyed with the province's key; the province
refuses a row that would carry a number, and counts what it mirrors as the communes' own summaries do."""

from __future__ import annotations

import json
import uuid as uuid_mod
from dataclasses import replace
from datetime import date

import pytest

from khuyenhoc_desktop.domain.member_ids import ID_HASH_RE, id_hash, key_from_card, key_from_secret, key_id
from khuyenhoc_desktop.domain.errors import ValidationError
from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
from khuyenhoc_desktop.services import demo, member_id_hashes
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import KeyCard, generate_encryption_key, generate_signing_key, open_package
from tests.sql_helpers import run_sql, store_target
from tests.clock_helpers import TEST_CLOCK
from tests.services.test_province_import import CODE, award

CCCD, CCCD_2 = "001058012345", "001058099999"


def _member(ws, name="Nguyễn Văn Ánh", **kw):
    unit, _ = ws.units.save(UnitDraft(name="Chi hội thôn 1", village="Thôn 1", head="Lê Văn Tâm",
                                      phone="0977111222")) if not ws.units.list() else (ws.units.list()[0], None)
    base = dict(full_name=name, birth_year=1958, village="Thôn 1", joined_on=date(2020, 3, 8), unit_uuid=unit.uuid,
                phone="0912345678", id_number=CCCD)
    base.update(kw)
    member, _ = ws.members.save(MemberDraft(**base), confirm=True)
    return member


def _sent(ws, info):
    pkg = open_package(info.path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=CODE)
    return pkg, {c.uuid: c for c in pkg.iter_changes()}, list(pkg.iter_audit())


def _province_card(code="24"):
    return KeyCard.for_keys("province", code, "Bắc Giang", generate_signing_key(), generate_encryption_key())


def _enter_card(ws, tmp_path, card):
    path = card.save(tmp_path / f"tinh-{uuid_mod.uuid4().hex[:6]}.khkey")
    ws.sync.import_province_key(path)


def test_members_and_units_travel_without_cccd_or_phone_in_rows_or_audit(ws, tmp_path):
    member = _member(ws)
    ws.members.save(replace(member.as_draft(), phone="0987654321", id_number=CCCD_2), member.uuid)
    unit = ws.units.list()[0]
    pkg, rows, events = _sent(ws, ws.sync.export_package(folder=tmp_path, full=True))
    sent, sent_unit = rows[member.uuid].data, rows[unit.uuid].data
    assert rows[member.uuid].table == "member" and rows[unit.uuid].table == "org_unit"
    assert sent["full_name"] == "Nguyễn Văn Ánh" and sent["status"] == "active" and sent["joined_on"] == "2020-03-08"
    assert sent["unit_uuid"] == unit.uuid and sent_unit["kind"] == "chi_hoi" and sent_unit["head"] == "Lê Văn Tâm"
    assert not {"id_number", "phone", "name_key", "search_key", "id"} & set(sent)
    assert "phone" not in sent_unit
    assert set(pkg.counts) >= {"member", "org_unit"}
    text = json.dumps([[c.data for c in rows.values()], events], ensure_ascii=False)
    for secret in ("0912345678", "0987654321", "0977111222", CCCD, CCCD_2, "345678", "654321", "111222",
                   "012345", "099999", "0912 ***", "0010****"):
        assert secret not in text
    # the history still says that the phone was changed, without its values
    changed = {e["field"]: (e["before"], e["after"]) for e in events if e["uuid"] == member.uuid and e["field"]}
    assert changed["phone"] == (None, None)
    created = next(e for e in events if e["uuid"] == member.uuid and e["action"] == "create")
    assert created["after"]["full_name"] == "Nguyễn Văn Ánh" and "phone" not in created["after"]
    # kept in the commune's own file
    assert (ws.members.get(member.uuid).phone, ws.members.get(member.uuid).id_number) == ("0987654321", CCCD_2)


def test_the_cccd_travels_as_a_hash_keyed_with_the_province_card_and_a_new_key_resends_it(ws, tmp_path):
    member = _member(ws)
    # no province key yet: no hash at all (nothing the province could compare)
    _, rows, _ = _sent(ws, ws.sync.export_package(folder=tmp_path, full=True))
    assert rows[member.uuid].data["id_hash"] == ""
    card = _province_card()
    _enter_card(ws, tmp_path, card)
    info = ws.sync.export_package(folder=tmp_path)  # the new key re-stamps the member: it goes in this delta
    _, rows, events = _sent(ws, info)
    sent = rows[member.uuid]
    key = key_from_card("24", card.signing_key)
    assert sent.version == member.version + 1 and sent.data["id_hash"] == id_hash(CCCD, key)
    assert ID_HASH_RE.fullmatch(sent.data["id_hash"]) and sent.data["id_hash"].startswith(key_id(key) + ":")
    assert CCCD not in json.dumps(sent.data)
    assert any(e["uuid"] == member.uuid and e["field"] == "id_hash" for e in events)  # audited
    # keyed: another province's card, or another number, gives another hash; the same inputs the same one
    other = key_from_card("24", _province_card().signing_key)
    assert id_hash(CCCD, other) != sent.data["id_hash"] != id_hash(CCCD_2, key)
    assert id_hash(CCCD, key) == sent.data["id_hash"] and id_hash("", key) == "" and id_hash(CCCD, None) == ""
    # nothing changed since: the next export has nothing to send (the hash is not re-stamped each time)
    from khuyenhoc_desktop.services.sync_export import NOTHING_TO_SEND, SyncError

    with pytest.raises(SyncError, match=NOTHING_TO_SEND):
        ws.sync.export_package(folder=tmp_path)


def test_a_secret_given_by_the_province_replaces_the_card_key(ws, tmp_path):
    member = _member(ws)
    _enter_card(ws, tmp_path, _province_card())
    with pytest.raises(ValidationError, match="ít nhất 16"):
        member_id_hashes.set_secret(ws, "ngắn quá")
    member_id_hashes.set_secret(ws, "  bí-mật-của-tỉnh-Bắc-Giang-2026  ")
    stored = ws.db.execute_sql("SELECT id_hash, version FROM member WHERE uuid = ?", (member.uuid,)).fetchone()
    assert stored == (id_hash(CCCD, key_from_secret("bí-mật-của-tỉnh-Bắc-Giang-2026")), member.version + 1)
    # a member without a CCCD has no hash; removing the CCCD removes the hash at the next export
    plain = _member(ws, "Trần Thị Bình", id_number="", phone="")
    ws.members.save(replace(ws.members.get(member.uuid).as_draft(), id_number=""), member.uuid)
    _, rows, _ = _sent(ws, ws.sync.export_package(folder=tmp_path, full=True))
    assert rows[plain.uuid].data["id_hash"] == "" and rows[member.uuid].data["id_hash"] == ""


# -- the province ------------------------------------------------------------------------------------
def _row(table: str, n: int, **data) -> dict:
    u = str(uuid_mod.UUID(int=30_000 + n))
    return {"op": "upsert", "table": table, "uuid": u, "version": 1, "updated_at": "2025-11-27T10:00:00+07:00",
            "data": {"uuid": u, "version": 1, "deleted": 0, **data}}


UNIT = _row("org_unit", 1, kind="chi_hoi", name="Chi hội thôn Đông", active=1)


def test_the_province_refuses_a_member_row_carrying_a_cccd_or_phone(prov, xa):
    rows = [UNIT,
            _row("member", 2, full_name="Lê Thị Cúc", status="active", joined_on="2021-01-05",
                 unit_uuid=UNIT["uuid"], id_number=CCCD),
            _row("member", 3, full_name="Lê Văn Dũng", status="active", joined_on="2021-01-05", phone="0912345678"),
            _row("org_unit", 4, kind="ban_khuyen_hoc", name="Ban khuyến học trường", active=1, phone="0912000111"),
            _row("member", 5, full_name="Lê Văn Em", status="active", joined_on="2021-01-05", id_hash="1234"),
            _row("member", 6, full_name="Lê Văn Giang", status="active", joined_on="2021-01-05",
                 unit_uuid=str(uuid_mod.UUID(int=99_999))),
            _row("member", 7, full_name="Lê Thị Hoa", status="moved", joined_on="2021-01-05",
                 status_date="2024-05-01", unit_uuid=UNIT["uuid"], id_number="", phone="")]
    rep = prov.province.import_file(xa.package(rows))
    reasons = {r.uuid: r.reason for r in rep.rejected}
    assert set(reasons) == {rows[i]["uuid"] for i in (1, 2, 3, 4, 5)}
    for i in (1, 2, 3):
        assert "Dữ liệu cá nhân" in reasons[rows[i]["uuid"]]
    assert "id_hash" in reasons[rows[4]["uuid"]] and "Tham chiếu chưa có" in reasons[rows[5]["uuid"]]
    stored = run_sql(prov.db, "SELECT data FROM prov_record WHERE data IS NOT NULL").fetchall()
    assert all(CCCD not in d and "0912" not in d for (d,) in stored)  # never written, not even the raw line
    members = prov.province.aggregates().members
    assert (members["count"], members["left"], members["units"]["chi_hoi"]) == (0, 1, 1)


def test_an_old_package_without_members_still_imports_and_counts_no_members(prov, xa):
    rep = prov.province.import_file(xa.package([award(0), award(1)], schema_version=4))
    assert rep.ok and rep.counts["created"] == 2
    s = summary(prov)
    assert s["awards"]["count"] == 2
    assert s["members"] == {"count": 0, "new": 0, "left": 0, "units": {"chi_hoi": 0, "ban_khuyen_hoc": 0, "to_hoi": 0},
                            "population": None, "percent_of_population": None,
                            "dues": {"due": None, "collected": 0, "submitted": 0}}
    assert s["by_commune"][CODE]["members"] == s["members"]


def test_deletes_and_edits_of_members_reach_the_province_mirror(prov, xa):
    member = _row("member", 2, full_name="Lê Thị Cúc", status="active", joined_on="2021-01-05", unit_uuid=UNIT["uuid"])
    prov.province.import_file(xa.package([UNIT, member]))
    assert prov.province.aggregates().members["count"] == 1
    left = {**member, "version": 2, "data": {**member["data"], "version": 2, "status": "deceased",
                                             "status_date": "2025-02-01"}}
    gone_unit = {**UNIT, "op": "delete", "version": 2, "data": {**UNIT["data"], "version": 2, "deleted": 1}}
    rep = prov.province.import_file(xa.package([left, gone_unit]))
    assert rep.ok and (rep.counts["updated"], rep.counts["deleted"]) == (1, 1)
    m = prov.province.aggregates().members
    assert (m["count"], m["left"], m["units"]["chi_hoi"]) == (0, 1, 0)
    m = prov.province.aggregates("2023-2024").members  # left in 2024-2025: on the register at 31 August 2024
    assert (m["count"], m["new"], m["left"]) == (1, 0, 0)


# -- two real communes, end to end ---------------------------------------------------------------------
@pytest.fixture
def two_communes(tmp_path, province_db):
    prov = Workspace.open(province_db, role="province", clock=TEST_CLOCK)
    prov.province.set_profile("24", "Bắc Giang")
    communes = []
    for code, name, seed in (("07462", "Tân Dĩnh", 1), ("07465", "Song Khê", 2)):
        ws = Workspace.open(tmp_path / f"{code}.db", clock=TEST_CLOCK)
        demo.fill(ws, awards=10, seed=seed, commune_code=code, commune_name=name)
        ws.sync.save_key_card(tmp_path / f"{code}.khkey")
        prov.province.register_commune(code, name, tmp_path / f"{code}.khkey")
        communes.append(ws)
    yield prov, communes, tmp_path
    for ws in communes:
        ws.close()
    prov.close()


def _members_of(s: dict) -> dict:
    return {k: s["members"][k] for k in ("count", "new", "left", "units")}


def test_the_province_members_equal_the_communes_own_summaries(two_communes):
    prov, communes, tmp = two_communes
    for ws in communes:
        info = ws.sync.export_package(tmp / f"{ws.organisation.commune_code}.khsync")
        rep = prov.province.import_file(info.path)
        assert rep.ok and rep.mismatched_tables == [], (rep.rejected[:3], rep.warnings)
    for school_year in (None, "2023-2024", "2024-2025", "2025-2026"):
        own = {ws.organisation.commune_code: _members_of(summary(ws, school_year)) for ws in communes}
        assert all(m["count"] > 0 and m["units"]["chi_hoi"] > 0 for m in own.values())
        if school_year is None:
            assert all(m["left"] > 0 for m in own.values())  # the demo has members who left
        s = summary(prov, school_year)
        assert {code: _members_of(c) for code, c in s["by_commune"].items()} == own
        total = {key: sum(m[key] for m in own.values()) for key in ("count", "new", "left")}
        total["units"] = {kind: sum(m["units"][kind] for m in own.values()) for kind in ("chi_hoi", "ban_khuyen_hoc",
                                                                                           "to_hoi")}
        assert _members_of(s) == total

    # a member leaves in the first commune: the next delta brings the province to the commune's figure again
    xa = communes[0]
    uuid = xa.db.execute_sql("SELECT uuid FROM member WHERE status = 'active' AND deleted = 0 LIMIT 1").fetchone()[0]
    m = xa.members.get(uuid)
    xa.members.save(replace(m.as_draft(), status="moved", status_date=TEST_CLOCK.today()), uuid, confirm=True)
    rep = prov.province.import_file(xa.sync.export_package(tmp / "07462-2.khsync").path)
    assert rep.ok and rep.counts["updated"] >= 1
    assert summary(prov)["by_commune"]["07462"]["members"]["count"] == summary(xa)["members"]["count"]


def test_the_same_cccd_in_two_communes_is_listed_as_a_possible_duplicate(two_communes, capsys):
    from khuyenhoc_desktop.cli import main

    prov, communes, tmp = two_communes
    card_path = prov.province.export_key_card(tmp / "tinh.khkey")
    for ws in communes:  # both communes entered the province's card: one key, comparable hashes
        ws.sync.import_province_key(card_path)
    a, b = communes
    moved = _member(a, "Nguyễn Thị Lan", id_number=CCCD, phone="")
    again = _member(b, "Nguyễn Thị Lan", id_number=CCCD, phone="", joined_on=date(2026, 5, 4))
    _member(b, "Trần Văn Minh", id_number=CCCD_2, phone="")  # only in one commune: not listed
    for ws in communes:
        rep = prov.province.import_file(ws.sync.export_package(tmp / f"{ws.organisation.commune_code}.khsync").path)
        assert rep.ok, rep.rejected[:3]
    (group,) = prov.province.member_duplicates()
    assert [(m.commune_code, m.uuid, m.full_name, m.code, m.birth_year, m.joined_on) for m in group.members] == [
        ("07462", moved.uuid, "Nguyễn Thị Lan", moved.code, 1958, "2020-03-08"),
        ("07465", again.uuid, "Nguyễn Thị Lan", again.code, 1958, "2026-05-04")]
    assert group.members[0].commune_name == "Tân Dĩnh"
    stored = "".join(d for (d,) in run_sql(prov.db, "SELECT data FROM prov_record WHERE data IS NOT NULL").fetchall())
    assert CCCD not in stored and CCCD_2 not in stored
    prov.close()  # the command opens the file itself
    assert main(["sync", "duplicates", "--db", store_target(prov), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    from tests.test_cli_json import validate

    validate(data, "sync_duplicates")
    assert [[m["commune_code"] for m in g["members"]] for g in data["groups"]] == [["07462", "07465"]]
    assert main(["sync", "duplicates", "--db", store_target(prov)]) == 0
    out = capsys.readouterr().out
    assert "Cùng một số CCCD ở 2 xã" in out and "xã Song Khê (07465), đang sinh hoạt, vào hội 04/05/2026" in out
    assert "Tổng cộng 1 trường hợp có thể trùng." in out
