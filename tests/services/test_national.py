"""The national roll-up: two provinces export signed packages of their figures, the national hub imports
them under the province's ledger rules, and its summary equals the provinces' own summaries — by province
and by commune — on both engines. Expectations come from the provinces' own `summary` and from the rows the
test wrote, never from the national code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khuyenhoc_desktop.services.national.export import export_national
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.sync.province_package import open_province_package
from tests.services.national_helpers import ProvinceFixture, national_db, open_national  # noqa: F401 (a fixture)

@pytest.fixture
def provinces(tmp_path):
    found = {code: ProvinceFixture(tmp_path / f"tinh-{code}", code) for code in ("24", "01")}
    yield found
    for p in found.values():
        p.close()


@pytest.fixture
def hub(national_db, provinces):
    ws = open_national(national_db)
    for code, p in provinces.items():
        ws.national.register_province(code, p.name, p.card)
    yield ws
    ws.close()


def _export(p: ProvinceFixture, tmp_path: Path, name: str, **options) -> Path:
    return export_national(p.ws, tmp_path / name, **options).path


def test_totals_by_province_and_by_commune_equal_the_provinces_own_summaries(hub, provinces, tmp_path):
    files = [_export(p, tmp_path, f"{code}-1.khprov") for code, p in provinces.items()]
    reports = hub.national.import_files(files)
    assert [r.status for r in reports] == ["applied", "applied"], [r.message for r in reports]
    nat = summary(hub)
    own = {code: summary(p.ws) for code, p in provinces.items()}
    # the rows written: 24 → 3 + 2 awards of 100k, 200k, 300k / 100k, 200k; 01 → 4 awards (100k … 400k)
    assert own["24"]["awards"]["count"] == 5 and own["01"]["awards"]["count"] == 4
    assert nat["awards"]["count"] == 9
    assert nat["awards"]["amount"] == 600_000 + 300_000 + 1_000_000
    assert nat["awards"]["pending"] == {"count": 3, "amount": 150_000}  # one draft per commune
    assert nat["fund"]["receipts"] == 3_500_000 and nat["fund"]["balance"] == 3_500_000
    assert nat["classes"]["count"] == 3 and nat["classes"]["learners"] == 10 + 10 + 11
    assert list(nat["by_province"]) == ["01", "24"]
    assert sorted(nat["by_commune"]) == ["00004", "07462", "07465"]
    assert nat["missing_provinces"] == []
    for code, mine in own.items():
        held = nat["by_province"][code]
        assert held["name"] == provinces[code].name
        for section in ("awards", "classes", "fund", "members", "learning_models"):
            assert held[section] == mine[section], (code, section)
        for commune, block in mine["by_commune"].items():
            assert nat["by_commune"][commune] == {**block, "province_code": code}
    # the national totals are the provinces' sums, breakdowns key by key
    for key in ("count", "amount"):
        assert nat["awards"][key] == own["24"]["awards"][key] + own["01"]["awards"][key]
    for category in set(own["24"]["awards"]["by_category"]) | set(own["01"]["awards"]["by_category"]):
        want = sum(o["awards"]["by_category"].get(category, {}).get("count", 0) for o in own.values())
        assert nat["awards"]["by_category"][category]["count"] == want
    for key in ("opening", "receipts", "payments", "balance", "vouchers"):
        assert nat["fund"][key] == own["24"]["fund"][key] + own["01"]["fund"][key]
    assert nat["fund"]["balance"] == nat["fund"]["opening"] + nat["fund"]["receipts"] - nat["fund"]["payments"]


def test_a_school_year_is_the_provinces_summary_of_that_year(hub, provinces, tmp_path):
    hub.national.import_files([_export(p, tmp_path, f"{c}.khprov") for c, p in provinces.items()])
    nat = summary(hub, "2024-2025")
    for code, p in provinces.items():
        mine = summary(p.ws, "2024-2025")
        assert nat["by_province"][code]["awards"] == mine["awards"]
        assert nat["by_province"][code]["fund"] == mine["fund"]
    # a school year no province sent: nothing counted, every province listed as missing
    empty = summary(hub, "2019-2020")
    assert empty["awards"]["count"] == 0 and empty["by_province"] == {} and empty["missing_provinces"] == ["01", "24"]


def test_detail_adds_each_communes_breakdowns(hub, provinces, tmp_path):
    p = provinces["24"]
    assert hub.national.import_file(_export(p, tmp_path, "24.khprov", detail=True)).ok
    nat = summary(hub)
    tan_dinh = nat["by_commune"]["07462"]["awards"]
    # 3 approved awards of 100k, 200k, 300k (categories alternate: Học sinh giỏi, Vượt khó, Học sinh giỏi)
    # and a draft of 50k
    assert tan_dinh["by_status"] == {"approved": {"count": 3, "amount": 600_000}, "draft": {"count": 1, "amount": 50_000}}
    assert sum(t["count"] for t in tan_dinh["by_category"].values()) == 3
    assert tan_dinh["by_school_year"] == {"2024-2025": {"count": 3, "amount": 600_000}}
    assert nat["by_commune"]["07462"]["classes"]["by_field"] == {
        "Nông nghiệp": {"count": 1, "learners": 10, "women": 5, "minority": 1}}
    assert "00004" not in nat["by_commune"] and nat["missing_provinces"] == ["01"]  # 01 has sent nothing
    assert hub.national.import_file(_export(provinces["01"], tmp_path, "01.khprov")).ok  # without detail
    assert "by_status" not in summary(hub)["by_commune"]["00004"]["awards"]


def test_repeat_is_already_imported_and_writes_nothing(hub, provinces, tmp_path):
    f = _export(provinces["24"], tmp_path, "24.khprov")
    assert hub.national.import_file(f).status == "applied"
    before = summary(hub)
    again = hub.national.import_file(f)
    assert again.status == "already" and "đã nhập rồi" in again.message and again.ok
    assert summary(hub) == before
    assert hub.national.province("24").packages == 1


def test_same_seq_with_other_content_is_a_fork_and_writes_nothing(hub, provinces, tmp_path):
    p = provinces["24"]
    first = _export(p, tmp_path, "24-1.khprov")
    assert hub.national.import_file(first).ok
    before = summary(hub)
    # the province restored an old backup: its next package reuses number 1, with other figures
    from khuyenhoc_desktop.storage import settings as settings_store

    with p.ws.db.atomic():
        settings_store.put(p.ws.db, "national_export", {})
    p.add_awards("07462", 2, 800)
    fork = _export(p, tmp_path, "24-1b.khprov")
    assert open_province_package(fork).seq == 1
    rep = hub.national.import_file(fork)
    assert rep.status == "refused" and "rẽ nhánh" in rep.message
    assert summary(hub) == before and hub.national.province("24").packages == 1


def test_a_gap_is_reported_and_the_newest_package_gives_the_figures(hub, provinces, tmp_path):
    p = provinces["24"]
    one = _export(p, tmp_path, "24-1.khprov")
    p.add_awards("07462", 2, 800)
    two = _export(p, tmp_path, "24-2.khprov")
    p.add_awards("07465", 1, 900)
    three = _export(p, tmp_path, "24-3.khprov")
    assert hub.national.import_file(one).ok
    rep = hub.national.import_file(three)
    assert rep.status == "applied" and rep.gaps == [(2, 2)] and any("Thiếu gói số 2" in w for w in rep.warnings)
    assert hub.national.province("24").gaps == [(2, 2)]
    now = summary(p.ws)
    assert summary(hub)["by_province"]["24"]["awards"] == now["awards"]  # 5 + 2 + 1 approved awards
    assert now["awards"]["count"] == 8
    late = hub.national.import_file(two)  # the missing one, late: in the ledger, the figures stay package 3's
    assert late.status == "applied" and not late.replaced
    assert summary(hub)["by_province"]["24"]["awards"]["count"] == 8
    assert hub.national.province("24").gaps == [] and hub.national.province("24").figures_seq == 3


def test_damaged_file_and_wrong_signature_are_refused_and_write_nothing(hub, provinces, tmp_path):
    good = _export(provinces["24"], tmp_path, "24.khprov")
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "hong.khprov"
    damaged.write_bytes(bytes(data))
    rep = hub.national.import_file(damaged)
    assert rep.status == "refused" and rep.error_code in ("damaged", "bad_manifest", "bad_signature"), rep.message
    # a package of province 24 signed by province 01's key: the signature does not match 24's card
    from khuyenhoc_desktop.sync.province_package import write_province_package

    forged = tmp_path / "gia.khprov"
    pkg = open_province_package(good)
    pkg.verify(provinces["24"].ws.province.key_card().signing_public_key())
    sign_01, _ = provinces["01"].ws.province._keys()
    write_province_package(forged, sign_01, province_code="24", province_name="Bắc Ninh", seq=1,
                           prev_package_sha256=None, schema_version=pkg.schema_version, periods=pkg.periods,
                           lines=[(line.period, line.commune_code, line.name, line.figures) for line in pkg.lines])
    rep = hub.national.import_file(forged)
    assert rep.status == "refused" and "khóa" in rep.message
    assert summary(hub)["by_province"] == {} and hub.national.province("24").packages == 0
    assert hub.national.import_file(good).ok  # the real one still goes in


def test_unknown_and_revoked_provinces_are_refused(hub, provinces, tmp_path, national_db):
    f = _export(provinces["01"], tmp_path, "01.khprov")
    hub.national.revoke_province("01", "Máy tính của tỉnh bị mất")
    rep = hub.national.import_file(f)
    assert rep.status == "refused" and "thu hồi" in rep.message and "Máy tính của tỉnh bị mất" in rep.message
    hub.national.register_province("01", "Hà Nội", provinces["01"].card)  # registering again lifts it
    assert hub.national.import_file(f).ok
    stranger = ProvinceFixture(tmp_path / "khac", "24")
    try:
        stranger.ws.province.set_profile("31", "Hải Phòng")
        rep = hub.national.import_file(export_national(stranger.ws, tmp_path / "31.khprov").path)
        assert rep.status == "refused" and "chưa được đăng ký với Trung ương" in rep.message
    finally:
        stranger.close()


def test_a_newer_format_is_refused(hub, provinces, tmp_path):
    good = _export(provinces["24"], tmp_path, "24.khprov")
    pkg = open_province_package(good)
    manifest = json.loads(pkg.manifest_bytes)
    assert manifest["format_version"] == "1.0"
    from khuyenhoc_desktop.sync.canonical import canonical_text
    from khuyenhoc_desktop.sync.container import OutEntry, write_zip_file

    manifest["format_version"] = "2.0"
    body = canonical_text(manifest).encode()
    sign, _ = provinces["24"].ws.province._keys()
    newer = tmp_path / "moi.khprov"
    write_zip_file(newer, [OutEntry.stored("manifest.json", body), OutEntry.stored("manifest.sig", sign.sign(body)),
                           OutEntry.stored("figures.jsonl", pkg._zip.read("figures.jsonl"))])
    rep = hub.national.import_file(newer)
    assert rep.status == "refused" and rep.error_code == "unsupported_version" and "cập nhật" in rep.message


def test_a_commune_file_and_a_province_file_are_not_the_hub(provinces, tmp_path):
    from khuyenhoc_desktop.services.national import NationalError

    with pytest.raises(NationalError, match="Trung ương"):
        provinces["24"].ws.national.register_province("24", "Bắc Ninh", provinces["24"].card)


def test_a_province_export_from_postgresql_reads_the_same(pg_server, provinces, tmp_path):
    """A province on a server exports the same figures as its file (the national roll-up on PostgreSQL)."""
    from khuyenhoc_desktop.services.province.move import move_province

    url = pg_server.new_database(with_schema=False)
    try:
        p = provinces["24"]
        path = p.ws.datafile.path
        p.ws.close()
        move_province(path, url)
        from khuyenhoc_desktop.services.workspace import Workspace
        from tests.clock_helpers import TEST_CLOCK

        for target, name in ((path, "file.khprov"), (url, "server.khprov")):
            with Workspace.open(target, role="province", clock=TEST_CLOCK) as ws:
                export_national(ws, tmp_path / name)
        a, b = open_province_package(tmp_path / "file.khprov"), open_province_package(tmp_path / "server.khprov")
        assert a._zip.read("figures.jsonl") == b._zip.read("figures.jsonl")
    finally:
        p.ws = Workspace.open(path, role="province", clock=TEST_CLOCK)
        pg_server.drop_database(url)


def test_a_package_of_a_newer_program_is_refused(hub, provinces, tmp_path):
    from khuyenhoc_desktop.storage import migrations
    from khuyenhoc_desktop.sync.province_package import write_province_package

    good = open_province_package(_export(provinces["24"], tmp_path, "24.khprov"))
    sign, _ = provinces["24"].ws.province._keys()
    good.verify(sign.public_key())
    newer = write_province_package(
        tmp_path / "moi.khprov", sign, province_code="24", province_name="Bắc Ninh", seq=1, prev_package_sha256=None,
        schema_version=migrations.latest_version() + 1, periods=good.periods,
        lines=[(line.period, line.commune_code, line.name, line.figures) for line in good.lines]).path
    rep = hub.national.import_file(newer)
    assert rep.status == "refused" and "phiên bản mới hơn" in rep.message
    assert hub.national.province("24").packages == 0 and summary(hub)["by_province"] == {}


def test_two_staff_importing_one_package_at_once_on_postgresql(pg_server, provinces, tmp_path):
    """The second import waits for the first's lock on its province, then sees "đã nhập rồi": one ledger row."""
    import threading

    from khuyenhoc_desktop.storage import national as store
    from khuyenhoc_desktop.storage.engines import write_transaction

    url = pg_server.new_database(with_schema=False)
    first, second = open_national(url), open_national(url)
    try:
        first.national.register_province("24", "Bắc Ninh", provinces["24"].card)
        f = _export(provinces["24"], tmp_path, "24.khprov")
        pkg = open_province_package(f)
        pkg.verify(provinces["24"].ws.province.key_card().signing_public_key())
        results = []
        with write_transaction(first.db):
            store.lock_province(first.db, "24")  # the first staff member's import, under way
            worker = threading.Thread(target=lambda: results.append(second.national.import_file(f)))
            worker.start()
            worker.join(1.0)  # the second reaches the lock and waits there
            from khuyenhoc_desktop.services.national.results import NationalImportReport

            first.national._apply(pkg, NationalImportReport(file=str(f)))
        worker.join()
        second.db.close()
        assert [r.status for r in results] == ["already"], [r.message for r in results]
        assert first.national.province("24").packages == 1
    finally:
        first.close()
        second.close()
        pg_server.drop_database(url)


def test_the_hubs_file_moves_to_a_server_with_the_same_summary_and_an_import_again_is_already(
        provinces, pg_server, tmp_path):
    """`khuyenhoc province move` takes the national hub's file too: its role goes with it; a database made
    earlier as an empty province store takes the hub's role."""
    from khuyenhoc_desktop.services.province.move import move_province
    from khuyenhoc_desktop.services.workspace import Workspace

    path = tmp_path / "trung-uong.db"
    files = [_export(p, tmp_path, f"{code}.khprov") for code, p in provinces.items()]
    with open_national(path) as ws:
        for code, p in provinces.items():
            ws.national.register_province(code, p.name, p.card)
        assert [r.status for r in ws.national.import_files(files)] == ["applied", "applied"]
        before = summary(ws)
    url = pg_server.new_database()  # with the province schema: empty, of the other role
    try:
        report = move_province(path, url)
        assert report.tables["nat_province"] == 2 and report.rows == sum(report.tables.values())
        with Workspace.open(url) as ws:
            assert ws.datafile.role == "national"
            assert summary(ws) == before
            assert [r.status for r in ws.national.import_files(files)] == ["already", "already"]
    finally:
        pg_server.drop_database(url)
