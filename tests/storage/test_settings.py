"""Settings in the data file; private keys stored sealed with the machine key, never plain."""

from __future__ import annotations

import json
import sqlite3

import pytest

from khuyenhoc_desktop.services import backup
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import settings
from khuyenhoc_desktop.sync import private_key_to_pem

PEM_MARK = b"PRIVATE KEY"


def raw_setting(path, key):
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def another_computer(monkeypatch, tmp_path, name):
    """Another account's configuration folder: another machine key."""
    monkeypatch.setenv("KHUYENHOC_CONFIG_DIR", str(tmp_path / name))


def test_the_communes_signing_key_is_stored_sealed(ws, tmp_path):
    fingerprint = ws.sync.fingerprint()
    stored = raw_setting(ws.datafile.path, "sync_signing_key")
    assert stored.startswith(settings.SEALED_PREFIX) and "PRIVATE" not in stored
    copy = backup.auto_backup(ws, force=True)
    ws.close()
    for path in (tmp_path / "xa.db", copy):
        assert PEM_MARK not in path.read_bytes()
    with Workspace.open(tmp_path / "xa.db") as again:
        assert again.sync.fingerprint() == fingerprint  # opened again on this computer


def test_a_copied_file_carries_no_usable_key(ws, tmp_path, monkeypatch):
    ws.sync.fingerprint()
    copy = backup.auto_backup(ws, force=True)
    ws.close()
    another_computer(monkeypatch, tmp_path, "may-khac")
    with Workspace.open(copy) as elsewhere:
        with pytest.raises(settings.SealedKeyError, match="máy tính khác"):
            elsewhere.sync.signing_key()


def test_a_khbak_restored_on_a_new_computer_still_signs(ws, tmp_path, monkeypatch):
    fingerprint = ws.sync.fingerprint()
    usb = backup.export_backup(ws, tmp_path / "usb", "mật-khẩu-123")
    ws.close()
    another_computer(monkeypatch, tmp_path, "may-moi")
    new_file = tmp_path / "may-moi" / "xa.db"
    backup.restore(new_file, usb, "mật-khẩu-123")
    with Workspace.open(new_file) as restored:
        assert restored.sync.fingerprint() == fingerprint
    stored = raw_setting(new_file, "sync_signing_key")
    assert stored.startswith(settings.SEALED_PREFIX)  # sealed with the new computer's key on first use
    assert PEM_MARK not in new_file.read_bytes()


def test_a_key_stored_plain_by_an_older_version_is_sealed(ws, tmp_path):
    from khuyenhoc_desktop.sync import generate_signing_key, fingerprint

    key = generate_signing_key()
    ws.datafile.execute_sql("INSERT INTO setting(key, value) VALUES ('sync_signing_key', ?)",
                            (json.dumps(private_key_to_pem(key).decode("ascii")),))
    copy = backup.auto_backup(ws, force=True)  # sealed before the copy is made
    assert PEM_MARK not in copy.read_bytes()
    assert raw_setting(ws.datafile.path, "sync_signing_key").startswith(settings.SEALED_PREFIX)
    assert ws.sync.fingerprint() == fingerprint(key)


def test_the_provinces_keys_are_sealed(tmp_path):
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        card = prov.province.key_card()
        stored = raw_setting(prov.datafile.path, "province_keys")
        assert stored.startswith(settings.SEALED_PREFIX)
        assert prov.province.key_card().signing_fingerprint == card.signing_fingerprint
    assert PEM_MARK not in (tmp_path / "tinh.db").read_bytes()


def test_a_tampered_sealed_value_is_refused(ws):
    ws.sync.fingerprint()
    stored = raw_setting(ws.datafile.path, "sync_signing_key")
    flipped = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    ws.datafile.execute_sql("UPDATE setting SET value = ? WHERE key = 'sync_signing_key'", (json.dumps(flipped),))
    with pytest.raises(settings.SealedKeyError, match="bị hỏng"):
        ws.sync.signing_key()


def test_other_settings_stay_plain(ws):
    settings.put(ws.datafile, "print_options", {"copies": 2})
    assert raw_setting(ws.datafile.path, "print_options") == {"copies": 2}


def test_a_file_whose_key_another_computer_sealed_can_still_be_backed_up(ws, tmp_path, monkeypatch):
    ws.sync.fingerprint()
    copy = backup.auto_backup(ws, force=True)
    ws.close()
    another_computer(monkeypatch, tmp_path, "may-khac")
    with Workspace.open(copy) as elsewhere:
        usb = backup.export_backup(elsewhere, tmp_path / "usb", "mật-khẩu-123")  # the key stays sealed inside
    assert backup.inspect_backup(usb).encrypted


def test_a_restored_khbak_holds_its_keys_sealed_before_first_use(ws, tmp_path):
    ws.sync.fingerprint()
    usb = backup.export_backup(ws, tmp_path / "usb", "mật-khẩu-123")
    db_path = ws.datafile.path
    ws.close()
    backup.restore(db_path, usb, "mật-khẩu-123")
    assert raw_setting(db_path, "sync_signing_key").startswith(settings.SEALED_PREFIX)
    assert PEM_MARK not in db_path.read_bytes()


def test_check_reports_a_key_stored_plain(ws):
    from khuyenhoc_desktop.services.health import check_report
    from khuyenhoc_desktop.sync import generate_signing_key

    assert not any("Khóa riêng" in p for p in check_report(ws.datafile)["problems"])
    ws.datafile.execute_sql("INSERT INTO setting(key, value) VALUES ('sync_signing_key', ?)",
                            (json.dumps(private_key_to_pem(generate_signing_key()).decode("ascii")),))
    assert settings.plain_secrets(ws.datafile) == ["sync_signing_key"]
    assert any("chưa được khóa" in p for p in check_report(ws.datafile)["problems"])
    ws.sync.fingerprint()  # read once by the program: sealed
    assert settings.plain_secrets(ws.datafile) == []


# -- one sealed copy per PC (a province store shared by several staff) ---------------------------------------
def test_a_secret_sealed_for_two_computers_opens_on_each_and_put_keeps_only_this_ones(tmp_path, monkeypatch):
    value = {"signing": "khóa-thử", "created_at": "2026-12-03"}
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        another_computer(monkeypatch, tmp_path, "may-a")
        settings.put(prov.datafile, "province_keys", value)
        single = raw_setting(prov.datafile.path, "province_keys")
        assert isinstance(single, str)  # the form files and servers already hold
        another_computer(monkeypatch, tmp_path, "may-b")
        with pytest.raises(settings.SealedKeyError) as refused:
            settings.get(prov.datafile, "province_keys")
        assert refused.value.other_machine
        assert settings.add_machine(prov.datafile, "province_keys", value) == 2
        lines = raw_setting(prov.datafile.path, "province_keys")
        assert lines[0] == single and len(lines) == 2 and lines[1].startswith(settings.SEALED_PREFIX)
        assert settings.get(prov.datafile, "province_keys") == value
        assert settings.add_machine(prov.datafile, "province_keys", value) == 2  # B's copy replaced, not doubled
        b_id = settings.machine_ids(prov.datafile, "province_keys")[1]
        another_computer(monkeypatch, tmp_path, "may-a")
        assert settings.get(prov.datafile, "province_keys") == value
        a_id = settings.machine_ids(prov.datafile, "province_keys")[0]
        assert a_id != b_id and settings.plain_secrets(prov.datafile) == []
        settings.put(prov.datafile, "province_keys", {"signing": "khóa-mới"})  # a new value: this PC only
        assert isinstance(raw_setting(prov.datafile.path, "province_keys"), str)
        assert settings.machine_ids(prov.datafile, "province_keys") == [a_id]
        another_computer(monkeypatch, tmp_path, "may-b")
        with pytest.raises(settings.SealedKeyError, match="máy tính khác"):
            settings.get(prov.datafile, "province_keys")


def test_a_damaged_copy_of_this_computer_is_refused_as_damaged(tmp_path, monkeypatch):
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        another_computer(monkeypatch, tmp_path, "may-a")
        settings.put(prov.datafile, "province_keys", {"x": 1})
        another_computer(monkeypatch, tmp_path, "may-b")
        settings.add_machine(prov.datafile, "province_keys", {"x": 1})
        lines = raw_setting(prov.datafile.path, "province_keys")
        mine = lines[1]
        lines[1] = mine[:-6] + ("A" if mine[-6] != "A" else "B") + mine[-5:]
        prov.datafile.execute_sql("UPDATE setting SET value = ? WHERE key = 'province_keys'", (json.dumps(lines),))
        with pytest.raises(settings.SealedKeyError, match="bị hỏng") as refused:
            settings.get(prov.datafile, "province_keys")
        assert not refused.value.other_machine


def test_put_new_keeps_what_another_computer_wrote_first(tmp_path, monkeypatch):
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        another_computer(monkeypatch, tmp_path, "may-a")
        assert settings.put_new(prov.datafile, "province_keys", {"x": "A"}) is True
        another_computer(monkeypatch, tmp_path, "may-b")
        assert settings.put_new(prov.datafile, "province_keys", {"x": "B"}) is False
        another_computer(monkeypatch, tmp_path, "may-a")
        assert settings.get(prov.datafile, "province_keys") == {"x": "A"}


def test_a_khbak_of_a_store_shared_by_two_computers_restores_with_its_keys(tmp_path, monkeypatch):
    another_computer(monkeypatch, tmp_path, "may-a")
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        settings.put(prov.datafile, "province_keys", {"x": 1})
        another_computer(monkeypatch, tmp_path, "may-b")
        settings.add_machine(prov.datafile, "province_keys", {"x": 1})
        usb = backup.export_backup(prov, tmp_path / "usb", "mật-khẩu-123")  # B's copy opened inside the backup
    another_computer(monkeypatch, tmp_path, "may-moi")
    backup.restore(tmp_path / "may-moi" / "tinh.db", usb, "mật-khẩu-123")
    stored = raw_setting(tmp_path / "may-moi" / "tinh.db", "province_keys")
    assert isinstance(stored, str) and stored.startswith(settings.SEALED_PREFIX)  # sealed for the new PC only
    with Workspace.open(tmp_path / "may-moi" / "tinh.db") as restored:
        assert settings.get(restored.datafile, "province_keys") == {"x": 1}


def test_two_computers_adding_their_copy_at_once_on_a_server_keep_both(pg_url, tmp_path, monkeypatch):
    """PC B's copy is written but not committed when PC C adds its own: C waits for B, and reads B's copy."""
    import threading
    import time

    another_computer(monkeypatch, tmp_path, "may-a")
    with Workspace.open(pg_url, role="province") as prov:
        settings.put(prov.db, "province_keys", {"x": 1})
        b_sealed, go, failures = threading.Event(), threading.Event(), []

        def pc_b():
            try:
                with prov.db.atomic():
                    settings.add_machine(prov.db, "province_keys", {"x": 1})
                    b_sealed.set()
                    go.wait(60)
            except Exception as exc:  # reported by the main thread
                failures.append(exc)
            finally:
                b_sealed.set()
                prov.db.close()

        def pc_c():
            try:
                with prov.db.atomic():
                    settings.add_machine(prov.db, "province_keys", {"x": 1})
            except Exception as exc:
                failures.append(exc)
            finally:
                prov.db.close()

        another_computer(monkeypatch, tmp_path, "may-b")
        first = threading.Thread(target=pc_b)
        first.start()
        b_sealed.wait(60)
        another_computer(monkeypatch, tmp_path, "may-c")
        second = threading.Thread(target=pc_c)
        second.start()
        for _ in range(600):  # until C waits on B's row lock
            if prov.db.execute_sql("SELECT COUNT(*) FROM pg_locks WHERE NOT granted").fetchone()[0]:
                break
            time.sleep(0.05)
        go.set()
        first.join(60)
        second.join(60)
        assert failures == []
        assert len(settings.machine_ids(prov.db, "province_keys")) == 3
        for pc in ("may-a", "may-b", "may-c"):
            another_computer(monkeypatch, tmp_path, pc)
            assert settings.get(prov.db, "province_keys") == {"x": 1}
