"""The commune's sync export: key, incremental and full packages, the hash chain, failures, acknowledgements."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.domain.classes import ClassDraft
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services.sync_export import NO_COMMUNE_CODE, NOTHING_TO_SEND, SYNC_TABLES, SyncError
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import (
    KeyCard,
    SyncFormatError,
    generate_encryption_key,
    generate_signing_key,
    open_package,
    write_ack,
)


def draft(**kw) -> AwardDraft:
    base = dict(school_year="2025-2026", full_name="Nguyễn Văn Ân", birth_date=date(2012, 3, 4),
                category="Học sinh giỏi", level="Cấp trường", school="Trường THCS Tân Dĩnh", amount=100_000)
    base.update(kw)
    return AwardDraft(**base)


def add(ws, name: str, **kw):
    award, _ = ws.awards.save(draft(full_name=name, **kw), confirm=True)
    return award


def read(info):
    pkg = open_package(info.path)
    return pkg


def changes(ws, info):
    pkg = open_package(info.path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code="07462")
    return pkg, list(pkg.iter_changes())


def total_rows(ws) -> int:
    return sum(ws.db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ws.sync.tables())


def province_keys():
    signing, encryption = generate_signing_key(), generate_encryption_key()
    card = KeyCard.for_keys("province", "24", "Bắc Ninh", signing, encryption)
    return signing, encryption, card


# -- key ------------------------------------------------------------------------------------------
def test_signing_key_is_made_once_kept_in_the_file_and_on_the_card(ws, tmp_path):
    fp = ws.sync.fingerprint()
    assert fp == ws.sync.fingerprint()
    assert len(fp) == 44 and fp.count("-") == 4
    card = ws.sync.key_card()
    assert (card.role, card.code, card.signing_fingerprint) == ("commune", "07462", fp)
    path = ws.sync.save_key_card(tmp_path / "xa.khkey")
    assert KeyCard.load(path).signing_fingerprint == fp
    db_path = ws.datafile.path
    ws.close()
    with Workspace.open(db_path) as again:
        assert again.sync.fingerprint() == fp
        assert again.sync.key_card().created_at == card.created_at


def test_registration_form_pdf_and_text(ws, tmp_path):
    pdf = ws.sync.write_registration_form(tmp_path / "phieu.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    txt = ws.sync.write_registration_form(tmp_path / "phieu.txt").read_text("utf-8")
    assert ws.sync.fingerprint() in txt and "07462" in txt


# -- export ---------------------------------------------------------------------------------------
def test_incremental_exports_send_created_changed_and_deleted_rows_exactly_once(ws, tmp_path):
    kept = add(ws, "Nguyễn Văn Ân")
    changed = add(ws, "Trần Thị Bình")
    ws.awards.save(draft(full_name="Trần Thị Bình", amount=200_000), changed.uuid, confirm=True)
    gone = add(ws, "Lê Văn Cường")
    ws.awards.delete([gone.uuid], reason="Nhập trùng")
    assert ws.sync.unsent_count() > 3

    first = ws.sync.export_package(folder=tmp_path)
    assert first.path.parent == tmp_path and first.path.name.startswith("KH_24_07462_000001_")
    pkg, rows = changes(ws, first)
    assert pkg.manifest["mode"] == "delta" and pkg.manifest["seq"] == 1
    assert pkg.manifest["prev_package_sha256"] is None
    assert pkg.manifest["catalog_version"] == "1" and pkg.manifest["schema_version"] == ws.datafile.schema_version
    keys = [(c.table, c.uuid) for c in rows]
    assert len(keys) == len(set(keys))  # each record once, at its latest version
    awards = {c.uuid: c for c in rows if c.table == "award"}
    assert set(awards) == {kept.uuid, changed.uuid, gone.uuid}
    assert awards[changed.uuid].version == 2 and awards[changed.uuid].data["amount"] == 200_000
    assert awards[gone.uuid].op == "delete" and awards[gone.uuid].data["deleted"] == 1
    assert awards[kept.uuid].op == "upsert"
    for c in rows:
        assert not {"id", "change_seq", "name_key", "search_key"} & set(c.data)
    assert [c.table for c in rows].count("catalog_item") > 0  # the default catalogues travel too
    seqs = [ws.db.execute_sql(f"SELECT change_seq FROM {c.table} WHERE uuid = ?", (c.uuid,)).fetchone()[0] for c in rows]
    assert seqs == sorted(seqs)  # change-counter order across tables
    assert pkg.manifest["reconciliation"]["award"]["count"] == 3
    assert set(pkg.manifest["reconciliation"]) == set(ws.sync.tables())
    assert len(list(pkg.iter_audit())) >= 4
    assert ws.sync.unsent_count() == 0

    ws.awards.save(draft(full_name="Nguyễn Văn Ân", amount=150_000), kept.uuid, confirm=True)
    fresh = add(ws, "Phạm Thị Dung")
    assert ws.sync.unsent_count() == 2
    second = ws.sync.export_package(folder=tmp_path)
    pkg2, rows2 = changes(ws, second)
    assert {(c.table, c.uuid, c.version) for c in rows2} == {("award", kept.uuid, 2), ("award", fresh.uuid, 1)}
    assert pkg2.manifest["seq"] == 2 and second.seq == 2
    assert pkg2.manifest["prev_package_sha256"] == first.sha256
    assert pkg2.manifest["change_range"]["from"] == pkg.manifest["change_range"]["to"] + 1
    audit2 = list(pkg2.iter_audit())
    assert audit2 and min(e["id"] for e in audit2) > max(e["id"] for e in pkg.iter_audit())
    assert ws.datafile.get_meta("sync_last_seq") == "2"
    assert ws.datafile.get_meta("sync_last_hash") == second.sha256
    history = ws.sync.history()
    assert [h.seq for h in history] == [2, 1] and history[0].rows == 2 and history[0].mode == "delta"


def test_full_snapshot_has_every_row_and_continues_the_chain(ws, tmp_path):
    add(ws, "Nguyễn Văn Ân")
    gone = add(ws, "Lê Văn Cường")
    ws.awards.delete([gone.uuid], reason="Nhập trùng")
    first = ws.sync.export_package(folder=tmp_path)
    with pytest.raises(SyncError) as exc:
        ws.sync.export_package(folder=tmp_path)
    assert exc.value.message == NOTHING_TO_SEND
    assert ws.sync.history()[0].seq == 1
    full = ws.sync.export_package(tmp_path / "full.khsync", full=True)
    pkg, rows = changes(ws, full)
    assert pkg.manifest["mode"] == "full" and pkg.manifest["seq"] == 2
    assert pkg.manifest["prev_package_sha256"] == first.sha256
    assert len(rows) == total_rows(ws)
    assert any(c.uuid == gone.uuid and c.op == "delete" for c in rows)
    assert ws.sync.unsent_count() == 0
    with pytest.raises(SyncError):
        ws.sync.export_package(folder=tmp_path)


def test_export_refused_without_a_commune_code(ws, tmp_path):
    org = sample_organisation().to_dict()
    org["commune_code"] = ""
    from khuyenhoc_desktop.storage import settings

    settings.put(ws.db, "organisation", org)
    with pytest.raises(SyncError) as exc:
        ws.sync.export_package(folder=tmp_path)
    assert exc.value.message == NO_COMMUNE_CODE and "Hãy nhập mã xã trong Thông tin hội" in exc.value.message
    assert not list(tmp_path.glob("*.khsync")) and ws.sync.history() == []


def test_a_failed_write_changes_nothing(ws, tmp_path, monkeypatch):
    import khuyenhoc_desktop.sync.package as package_mod

    add(ws, "Nguyễn Văn Ân")
    before = ws.sync.unsent_count()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package_mod, "write_zip", broken)
    with pytest.raises(SyncError):
        ws.sync.export_package(folder=tmp_path)
    monkeypatch.undo()
    assert ws.sync.history() == [] and ws.datafile.get_meta("sync_last_seq") is None
    assert ws.datafile.get_meta("sync_last_hash") is None
    assert ws.sync.unsent_count() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".khsync"]

    # The file is complete but recording it fails: the transaction rolls back and the file is removed.
    real = ws.datafile.set_meta

    def failing(key, value):
        if key == "sync_last_hash":
            raise RuntimeError("disk gone")
        real(key, value)

    monkeypatch.setattr(ws.datafile, "set_meta", failing)
    with pytest.raises(RuntimeError):
        ws.sync.export_package(folder=tmp_path)
    monkeypatch.undo()
    assert ws.sync.history() == [] and ws.datafile.get_meta("sync_last_seq") is None
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".khsync"]

    info = ws.sync.export_package(folder=tmp_path)
    assert info.seq == 1 and ws.sync.unsent_count() == 0


def test_a_tampered_package_is_refused_and_history_is_kept(ws, tmp_path):
    add(ws, "Nguyễn Văn Ân")
    info = ws.sync.export_package(folder=tmp_path)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.khsync"
    bad.write_bytes(bytes(data))
    with pytest.raises(SyncFormatError):
        open_package(bad).verify(ws.sync.key_card().signing_key)
    assert [h.sha256 for h in ws.sync.history()] == [info.sha256]


def test_seq_is_never_reused_after_a_restore(tmp_path):
    from khuyenhoc_desktop.services import backup

    db = tmp_path / "xa.db"
    out = tmp_path / "out"
    with Workspace.open(db) as ws:
        ws.profile.save(sample_organisation())
        add(ws, "Nguyễn Văn Ân")
        ws.sync.export_package(folder=out)
        old = ws.datafile.backup_to(tmp_path / "old.db")
        add(ws, "Trần Thị Bình")
        second = ws.sync.export_package(folder=out)
    backup.restore(db, old)
    with Workspace.open(db) as ws:
        assert ws.datafile.get_meta("sync_last_seq") == "2"
        add(ws, "Lê Văn Cường")
        third = ws.sync.export_package(folder=out)
        assert third.seq == 3 and third.manifest["prev_package_sha256"] == second.sha256


def test_encrypted_export_for_the_registered_province(ws, tmp_path):
    signing, encryption, card = province_keys()
    card.save(tmp_path / "tinh.khkey")
    ws.sync.import_province_key(tmp_path / "tinh.khkey")
    add(ws, "Nguyễn Văn Ân")
    info = ws.sync.export_package(folder=tmp_path / "usb", encrypt_for=True)
    assert info.encrypted and ws.sync.history()[0].encrypted
    with pytest.raises(SyncFormatError):
        open_package(info.path)
    pkg = open_package(info.path, decrypt_with=encryption)
    pkg.verify(ws.sync.key_card().signing_key)
    assert pkg.manifest["recipient"]["key_id"] == card.encryption_fingerprint


def test_province_key_of_a_commune_is_refused(ws, tmp_path):
    ws.sync.save_key_card(tmp_path / "xa.khkey")
    with pytest.raises(SyncError):
        ws.sync.import_province_key(tmp_path / "xa.khkey")
    assert ws.sync.province_card() is None


# -- acknowledgements --------------------------------------------------------------------------------
def test_ack_import_marks_accepted_and_returned_records_idempotently(ws, tmp_path):
    signing, _enc, card = province_keys()
    card.save(tmp_path / "tinh.khkey")
    a = add(ws, "Nguyễn Văn Ân")
    b = add(ws, "Trần Thị Bình")
    c = add(ws, "Lê Văn Cường")
    info = ws.sync.export_package(folder=tmp_path)
    ws.awards.save(draft(full_name="Lê Văn Cường", amount=300_000), c.uuid, confirm=True)  # edited after sending
    ack_path = tmp_path / "bien-nhan.khack"
    write_ack(ack_path, signing, province_code="24", commune_code="07462", up_to_seq=1, province_name="Bắc Ninh",
              last_package_sha256=info.sha256,
              accepted=[("award", a.uuid, 1), ("award", c.uuid, 1)],
              returned=[("award", b.uuid, 1, "Thiếu ngày sinh")])

    with pytest.raises(SyncError):
        ws.sync.import_ack(ack_path)  # no province key yet
    ws.sync.import_province_key(tmp_path / "tinh.khkey")
    result = ws.sync.import_ack(ack_path)
    assert (result.accepted, result.returned, result.stale, result.unknown) == (1, 1, 1, 0)
    assert ws.sync.record_state("award", a.uuid) == ("accepted", 1, "")
    assert ws.sync.record_state("award", b.uuid) == ("returned", 1, "Thiếu ngày sinh")
    assert ws.sync.record_state("award", c.uuid) is None
    assert ws.sync.state_counts() == {"accepted": 1, "returned": 1}
    returned = ws.sync.returned_records()
    assert [(r.uuid, r.reason, r.label) for r in returned] == [(b.uuid, "Thiếu ngày sinh", "Trần Thị Bình")]
    at = returned[0].ack_at

    again = ws.sync.import_ack(ack_path)
    assert (again.accepted, again.returned) == (1, 1)
    assert ws.sync.state_counts() == {"accepted": 1, "returned": 1}
    assert ws.sync.returned_records()[0].ack_at == at


def test_ack_with_a_wrong_signature_or_commune_is_refused(ws, tmp_path):
    _signing, _enc, card = province_keys()
    card.save(tmp_path / "tinh.khkey")
    ws.sync.import_province_key(tmp_path / "tinh.khkey")
    a = add(ws, "Nguyễn Văn Ân")
    ws.sync.export_package(folder=tmp_path)
    forger = generate_signing_key()
    write_ack(tmp_path / "gia.khack", forger, province_code="24", commune_code="07462", up_to_seq=1,
              accepted=[("award", a.uuid, 1)])
    with pytest.raises(SyncFormatError):
        ws.sync.import_ack(tmp_path / "gia.khack")
    write_ack(tmp_path / "khac.khack", _signing, province_code="24", commune_code="07465", up_to_seq=1,
              accepted=[("award", a.uuid, 1)])
    with pytest.raises(SyncFormatError):
        ws.sync.import_ack(tmp_path / "khac.khack")
    assert ws.sync.state_counts() == {"accepted": 0, "returned": 0}


def test_unsent_count_follows_edits_and_exports(ws, tmp_path):
    a = add(ws, "Nguyễn Văn Ân")
    assert ws.sync.unsent_count() == total_rows(ws)
    ws.sync.export_package(folder=tmp_path)
    assert ws.sync.unsent_count() == 0
    ws.awards.save(draft(full_name="Nguyễn Văn Ân", amount=120_000), a.uuid, confirm=True)
    assert ws.sync.unsent_count() == 1
    ws.awards.delete([a.uuid], reason="Sai")
    assert ws.sync.unsent_count() == 1


def test_change_seq_indexes_exist_for_every_synced_table(ws):
    names = {r[0] for r in ws.db.execute_sql("SELECT tbl_name FROM sqlite_master WHERE type = 'index'"
                                             " AND sql LIKE '%(change_seq)%'")}
    assert set(SYNC_TABLES) <= names
    plan = " ".join(str(r) for r in ws.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM catalog_item WHERE change_seq > 5"))
    assert "change_seq" in plan


def test_a_crash_between_recording_and_publishing_is_completed_later(ws, tmp_path, monkeypatch):
    from khuyenhoc_desktop.domain.awards import AwardDraft
    from khuyenhoc_desktop.services import sync_export
    from khuyenhoc_desktop.sync import open_package

    ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Đinh Thị Lụa", category="Học sinh giỏi"), confirm=True)
    out = tmp_path / "goi-1.khsync"
    service_cls = type(ws.sync)
    original = service_cls.complete_interrupted_publish

    def power_cut_before_rename(self):
        if self.ws.datafile.get_meta(sync_export.META_PENDING):
            raise OSError("mất điện")
        return original(self)

    monkeypatch.setattr(service_cls, "complete_interrupted_publish", power_cut_before_rename)
    with pytest.raises(OSError):
        ws.sync.export_package(out)
    monkeypatch.setattr(service_cls, "complete_interrupted_publish", original)
    assert not out.exists() and ws.sync.last_seq() == 1  # recorded, not yet published
    assert ws.sync.complete_interrupted_publish() == out
    assert open_package(out).seq == 1
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Đinh Văn Nam", category="Học sinh giỏi"), confirm=True)
    assert ws.sync.export_package(tmp_path / "goi-2.khsync").seq == 2  # seq 1 is never reused


def test_the_sync_tables_come_from_the_record_specs():
    from khuyenhoc_desktop.domain.kinds import RECORD_SPECS
    from khuyenhoc_desktop.services.sync_export import (
        CATALOGUE_TABLES, FIGURE_TABLES, FUND_TABLES, LEARNING_TABLES, TABLE_LABELS,
    )

    from khuyenhoc_desktop.domain.members import UNIT_SPEC

    kinds = [spec.table for spec in (*RECORD_SPECS, UNIT_SPEC) if spec.synced]
    assert list(SYNC_TABLES) == [*CATALOGUE_TABLES, *kinds, *FUND_TABLES, *FIGURE_TABLES, *LEARNING_TABLES]
    assert FIGURE_TABLES == ("dues_payment", "dues_submission", "population")  # after the members and phiếu
    assert {"member", "org_unit"} <= set(kinds)
    assert len(SYNC_TABLES) == len(set(SYNC_TABLES)) and set(TABLE_LABELS) == set(SYNC_TABLES)
    assert TABLE_LABELS["learning_class"] == "Lớp học" and TABLE_LABELS["award"] == "Khen thưởng"


def test_a_field_a_spec_keeps_local_stays_in_the_file(ws, tmp_path, monkeypatch):
    import dataclasses

    from khuyenhoc_desktop.domain import awards as award_kind
    from khuyenhoc_desktop.services import sync_export

    spec = dataclasses.replace(award_kind.SPEC, local_fields=("parent_name",))
    monkeypatch.setattr(sync_export, "_LOCAL_BY_TABLE", sync_export.local_by_table((spec,)))
    assert sync_export.local_columns("award") == sync_export.LOCAL_COLUMNS | {"parent_name"}
    assert sync_export.local_columns("voucher") == sync_export.LOCAL_COLUMNS
    award = add(ws, "Nguyễn Văn Ân", parent_name="Nguyễn Văn Ba")
    _, rows = changes(ws, ws.sync.export_package(folder=tmp_path))
    sent = next(c for c in rows if c.uuid == award.uuid)
    assert "parent_name" not in sent.data and sent.data["full_name"] == "Nguyễn Văn Ân"
    assert ws.awards.get(award.uuid).parent_name == "Nguyễn Văn Ba"  # kept in the file
    assert not sync_export.LOCAL_COLUMNS & set(sent.data)


def test_the_learning_models_travel_with_their_history_but_not_their_notes(ws, tmp_path):
    from khuyenhoc_desktop.domain.learning_models import SubjectDraft
    from khuyenhoc_desktop.sync import open_package

    import json

    changes_ = ws.learning.save_subject(SubjectDraft(kind="family", name="Nguyễn Văn Hộ", village="Thôn 1", size=4,
                                                     note="Hộ nghèo, con ốm dài ngày"))
    uuid = changes_.created["learning_subject"][0]
    ws.learning.register(uuid, 2026, note="Đăng ký qua trưởng thôn Bùi Văn Kỳ")
    pkg = open_package(ws.sync.export_package(folder=tmp_path, full=True).path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=ws.organisation.commune_code)
    rows = {c.uuid: c for c in pkg.iter_changes()}
    assert rows[uuid].table == "learning_subject" and rows[uuid].data["name"] == "Nguyễn Văn Hộ"
    assert not {"note", "search_key", "id", "change_seq"} & set(rows[uuid].data)
    registration = next(c for c in rows.values() if c.table == "learning_registration")
    assert registration.data["subject_uuid"] == uuid and "note" not in registration.data
    events = list(pkg.iter_audit())
    assert {"learning_subject", "learning_registration"} <= {e["table"] for e in events}
    text = json.dumps([events, [c.data for c in pkg.iter_changes()]], ensure_ascii=False)
    assert "Hộ nghèo" not in text and "Bùi Văn Kỳ" not in text
    assert ws.learning.subject(uuid).note == "Hộ nghèo, con ốm dài ngày"  # kept in the file


def test_the_household_links_and_their_history_stay_in_the_file(ws, tmp_path):
    from khuyenhoc_desktop.domain.learning_models import SubjectDraft
    from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
    from khuyenhoc_desktop.sync import open_package

    household = ws.learning.save_subject(SubjectDraft(kind="family", name="Trần Thị Liên", village="Thôn 1",
                                                      size=3)).created["learning_subject"][0]
    unit, _ = ws.units.save(UnitDraft(name="Chi hội thôn 1", village="Thôn 1"))
    member, _ = ws.members.save(MemberDraft(full_name="Trần Thị Liên", village="Thôn 1", unit_uuid=unit.uuid),
                                confirm=True)
    ws.household_links.confirm(household, [("member", member.uuid)])  # the commune's own bookkeeping
    pkg = open_package(ws.sync.export_package(folder=tmp_path, full=True).path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=ws.organisation.commune_code)
    tables = {e["table"] for e in pkg.iter_audit()}
    assert {"learning_subject", "member", "org_unit"} <= tables
    assert "learning_household_link" not in tables
    assert "learning_household_link" not in {c.table for c in pkg.iter_changes()}


def test_the_unsent_count_reads_the_tables_a_package_carries(ws, tmp_path):
    from khuyenhoc_desktop.services.sync_counts import STAY_IN_FILE
    from khuyenhoc_desktop.storage import sync_rows

    # One statement counts what the package reads table by table: the same tables, the same rows.
    assert set(sync_rows.tables_with_changes(ws.db, STAY_IN_FILE)) == set(ws.sync.tables())
    assert {"dues_payment", "dues_submission", "population", "learning_subject"} <= set(ws.sync.tables())  # travel too
    assert not STAY_IN_FILE & set(ws.sync.tables())
    a = add(ws, "Trần Thị Bình")
    ws.classes.save(ClassDraft(name="Tin học", start_date=date(2025, 3, 5), learners=20))
    last = ws.sync.last_exported_change_seq()
    by_table = sum(sync_rows.changed_count(ws.db, t, last) for t in ws.sync.tables())
    assert ws.sync.unsent_count() == by_table == total_rows(ws)
    ws.sync.export_package(folder=tmp_path)
    ws.awards.delete([a.uuid])
    assert ws.sync.unsent_count() == 1
def test_the_citizen_list_stays_in_the_file_and_only_its_counts_travel(ws, tmp_path):
    import json

    from khuyenhoc_desktop.domain.learning_citizens import CitizenDraft
    from khuyenhoc_desktop.domain.learning_models import DEFAULT_TARGET_GROUPS
    from khuyenhoc_desktop.sync import open_package

    group = DEFAULT_TARGET_GROUPS[1]
    saved, _ = ws.citizens.save(CitizenDraft(year=2026, full_name="Đinh Thị Quế", birth_year=1979, village="Thôn 1",
                                             target_group=group, status="recognised", id_number="036179004321",
                                             note="Tự đánh giá trên congdanhoctap.vn"))
    ws.citizens.save(CitizenDraft(year=2026, full_name="Mạc Văn Sơn", birth_year=1983, village="Thôn 1",
                                  target_group=group))
    ws.citizens.set_status([saved.uuid], "registered")
    ws.citizens.set_status([saved.uuid], "recognised")
    pkg = open_package(ws.sync.export_package(folder=tmp_path, full=True).path)
    pkg.verify(ws.sync.key_card().signing_key, expected_commune_code=ws.organisation.commune_code)
    changes = list(pkg.iter_changes())
    counts = [c.data for c in changes if c.table == "learning_citizen_count"]
    assert [(c["target_group"], c["registered"], c["recognised"]) for c in counts] == [(group, 2, 1)]
    assert "learning_citizen" not in {c.table for c in changes}
    events = list(pkg.iter_audit())
    assert "learning_citizen" not in {e["table"] for e in events}
    text = json.dumps([events, [c.data for c in changes]], ensure_ascii=False)
    for private in ("Đinh Thị Quế", "Mạc Văn Sơn", "036179004321", "congdanhoctap"):
        assert private not in text
