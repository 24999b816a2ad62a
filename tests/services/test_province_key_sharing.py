"""Several staff PCs signing for one province store: PC A (which made the keys) shares them in a
passphrase-protected transfer file, PC B adds its own sealed copy. Two PCs are two configuration folders,
each with its own machine key (KHUYENHOC_KEY_STORE=file); the store is a file or a PostgreSQL database."""

from __future__ import annotations

import json
import unicodedata

import pytest

from khuyenhoc_desktop.services.province import ProvinceError, inspect_transfer
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.storage import settings
from khuyenhoc_desktop.sync import KeyCard, PackageWriter, open_ack
from tests.services.test_province_import import CODE, NAME, PROVINCE, Commune, award
from tests.sql_helpers import run_sql

PASSPHRASE = "Mật khẩu chung 2026"


class Office:
    """The province office: one store, and the staff PCs that open it (each its own configuration folder)."""

    def __init__(self, db, tmp_path, monkeypatch):
        self.db, self.tmp, self.mp = db, tmp_path, monkeypatch

    def on(self, pc: str) -> Workspace:
        self.mp.setenv("KHUYENHOC_CONFIG_DIR", str(self.tmp / pc))
        return Workspace.open(self.db, role="province")


def stored(ws, key: str = "province_keys"):
    row = run_sql(ws.db, "SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def store_state(ws) -> tuple:
    """Every setting and how many audit rows: what a refused accept must leave as it was."""
    rows = run_sql(ws.db, "SELECT key, value FROM setting ORDER BY key").fetchall()
    return tuple(map(tuple, rows)), run_sql(ws.db, "SELECT COUNT(*) FROM audit_log").fetchone()[0]


@pytest.fixture
def office(province_db, tmp_path, monkeypatch):
    """PC A made the province's keys (its key card went to the communes) and imported a commune's package."""
    office = Office(province_db, tmp_path, monkeypatch)
    commune = Commune(tmp_path / "xa")
    with office.on("may-a") as a:
        a.province.set_profile(PROVINCE, "Bắc Ninh")
        a.province.register_commune(CODE, NAME, commune.card_path)
        assert a.province.import_file(commune.package([award(0), award(1)])).status == "applied"
        office.card = a.province.key_card()
        office.card.save(tmp_path / "tinh.khkey")
    office.commune = commune
    return office


def test_a_second_pc_is_given_the_keys_and_signs_what_the_commune_verifies(office, tmp_path):
    registered = KeyCard.load(tmp_path / "tinh.khkey")  # what the communes hold
    with office.on("may-b") as b:
        before = store_state(b)
        with pytest.raises(settings.SealedKeyError) as refused:
            b.province.write_ack(CODE, tmp_path / "b.khack")
        message = refused.value.message
        assert "khuyenhoc province share-keys" in message and "khuyenhoc province accept-keys" in message
        assert "Chia sẻ khóa của tỉnh cho máy khác" in message and "Nhận khóa của tỉnh từ máy khác" in message
        assert "tệp được chép" not in message  # not the copied commune file's text
        with pytest.raises(settings.SealedKeyError, match="share-keys"):
            b.province._decrypt_key()
        # The public card needs no private key: made from the public halves kept beside the sealed keys.
        assert b.province.key_card().signing_fingerprint == registered.signing_fingerprint
        assert store_state(b) == before and not (tmp_path / "b.khack").exists()  # no new keys made

    with office.on("may-a") as a:
        shared = a.province.share_keys(tmp_path / "khoa-tinh.khkeys", PASSPHRASE)
        assert (shared.signing_fingerprint, shared.encryption_fingerprint, shared.machines) == \
            (registered.signing_fingerprint, registered.encryption_fingerprint, 1)
        assert (shared.province_code, shared.province_name) == (PROVINCE, "Bắc Ninh")
    data = (tmp_path / "khoa-tinh.khkeys").read_bytes()
    assert b"PRIVATE KEY" not in data and registered.signing_fingerprint.encode() in data  # readable header only
    assert inspect_transfer(tmp_path / "khoa-tinh.khkeys").signing_fingerprint == registered.signing_fingerprint

    with office.on("may-b") as b:
        assert isinstance(stored(b), str)  # still the single sealed line PC A wrote
        added = b.province.accept_keys(tmp_path / "khoa-tinh.khkeys", PASSPHRASE)
        assert (added.machines, added.already) == (2, False)
        lines = stored(b)
        assert isinstance(lines, list) and len(lines) == 2
        assert all(line.startswith(settings.SEALED_PREFIX) for line in lines)
        assert "PRIVATE" not in json.dumps(lines)
        card = b.province.key_card()
        assert (card.signing_fingerprint, card.encryption_fingerprint) == \
            (registered.signing_fingerprint, registered.encryption_fingerprint)
        b.province.write_ack(CODE, tmp_path / "b.khack")
        actions = [r[0] for r in run_sql(b.db, "SELECT action FROM audit_log WHERE table_name = 'setting' "
                                              "ORDER BY id").fetchall()]
        assert actions == ["share_keys", "add_machine"]
        again = b.province.accept_keys(tmp_path / "khoa-tinh.khkeys", PASSPHRASE)
        assert (again.machines, again.already) == (2, True) and len(stored(b)) == 2
    ack = open_ack(tmp_path / "b.khack")
    ack.verify(registered.signing_key, expected_commune_code=CODE)  # the commune's check, with the registered key
    assert ack.up_to_seq == 1 and len(ack.accepted) == 2

    with office.on("may-a") as a:  # A's copy was kept
        assert a.province.key_card().signing_fingerprint == registered.signing_fingerprint
        a.province.write_ack(CODE, tmp_path / "a.khack")
    open_ack(tmp_path / "a.khack").verify(registered.signing_key, expected_commune_code=CODE)


def test_the_second_pc_decrypts_a_package_encrypted_to_the_province(office, tmp_path):
    commune, registered = office.commune, office.card
    path = tmp_path / "xa" / "enc.khsync"
    with PackageWriter() as w:
        w.add_change(award(5))
        w.finish(path, commune.key, {
            "sender": {"commune_code": CODE, "commune_name": NAME, "province_code": PROVINCE}, "seq": 2,
            "prev_package_sha256": commune.prev, "schema_version": 4}, encrypt_for=registered.encryption_key)
    with office.on("may-a") as a:
        a.province.share_keys(tmp_path / "k.khkeys", PASSPHRASE)
    with office.on("may-b") as b:
        refused = b.province.import_file(path)  # a report, as for every file it cannot take; nothing written
        assert refused.status == "refused" and "accept-keys" in refused.message and "enc.khsync" in refused.message
        b.province.accept_keys(tmp_path / "k.khkeys", PASSPHRASE)
        rep = b.province.import_file(path)
        assert rep.status == "applied" and rep.counts["created"] == 1


def test_a_pc_without_the_keys_still_imports_plain_packages(office, tmp_path):
    # Only an encrypted package needs the province's decryption key; one file or several (the worker path).
    commune = office.commune
    plain = [commune.package([award(10 + i)]) for i in range(4)]
    with office.on("may-b") as b:
        assert b.province.import_file(plain[0]).status == "applied"
        reports = b.province.import_files(plain[1:] + [plain[0]], workers=1)
        assert [r.status for r in reports] == ["applied", "applied", "applied", "already"]
        assert b.province.aggregates().awards["count"] == 2 + 4


def test_a_wrong_passphrase_a_damaged_file_and_another_provinces_keys_are_refused(office, tmp_path):
    with office.on("may-a") as a:
        a.province.share_keys(tmp_path / "k.khkeys", PASSPHRASE)
    with office.on("may-khac"):  # another province's own file, on another PC
        with Workspace.open(tmp_path / "tinh-khac.db", role="province") as other:
            other.province.set_profile("19", "Thái Nguyên")
            other.province.key_card()
            other.province.share_keys(tmp_path / "khac.khkeys", PASSPHRASE)
    good = (tmp_path / "k.khkeys").read_bytes()
    cut = tmp_path / "cut.khkeys"
    cut.write_bytes(good[:-5])
    flipped = tmp_path / "flipped.khkeys"
    flipped.write_bytes(good[:-20] + bytes([good[-20] ^ 0x01]) + good[-19:])
    header_end = good.index(b"\n", len(b"KHKEYS1\n"))
    renamed = tmp_path / "renamed.khkeys"  # the readable header edited: bound into the encryption
    renamed.write_bytes(good[:header_end].replace("Bắc Ninh".encode(), "Bắc Giang".encode()) + good[header_end:])
    garbage = tmp_path / "rac.khkeys"
    garbage.write_bytes(b"not a transfer file\n")
    with office.on("may-b") as b:
        before = store_state(b)
        cases = [(tmp_path / "k.khkeys", "sai mật khẩu", "Sai mật khẩu"), (cut, PASSPHRASE, "Sai mật khẩu"),
                 (flipped, PASSPHRASE, "đã bị sửa"), (renamed, PASSPHRASE, "đã bị sửa"),
                 (garbage, PASSPHRASE, "không đúng định dạng"),
                 (tmp_path / "khac.khkeys", PASSPHRASE, "Thái Nguyên"),
                 (tmp_path / "none.khkeys", PASSPHRASE, "Không tìm thấy")]
        for path, passphrase, reason in cases:
            with pytest.raises(ProvinceError, match=reason) as refused:
                b.province.accept_keys(path, passphrase)
            assert path.name == "none.khkeys" or "Chưa ghi gì" in refused.value.message
            assert store_state(b) == before, path.name
        with pytest.raises(settings.SealedKeyError):
            b.province.write_ack(CODE, tmp_path / "b.khack")


def test_a_store_without_keys_or_one_never_shared_refuses_a_transfer_file(office, tmp_path):
    with office.on("may-a") as a:
        a.province.share_keys(tmp_path / "k.khkeys", PASSPHRASE)
    office.mp.setenv("KHUYENHOC_CONFIG_DIR", str(tmp_path / "may-b"))
    with Workspace.open(tmp_path / "trong.db", role="province") as empty:
        with pytest.raises(ProvinceError, match="chưa có khóa của tỉnh"):
            empty.province.accept_keys(tmp_path / "k.khkeys", PASSPHRASE)
        assert stored(empty) is None
    with Workspace.open(tmp_path / "rieng.db", role="province") as own:  # its own keys, never shared
        own.province.key_card()
        run_sql(own.db, "DELETE FROM setting WHERE key = 'province_public_keys'")  # as stored by older versions
        before = store_state(own)
        with pytest.raises(ProvinceError, match="không phải khóa của kho dữ liệu này"):
            own.province.accept_keys(tmp_path / "k.khkeys", PASSPHRASE)
        assert store_state(own) == before


def test_a_store_from_before_the_public_keys_were_kept_is_shared(office, tmp_path):
    """Stores made by older versions have only the sealed line: share-keys writes the public halves first."""
    with office.on("may-a") as a:
        run_sql(a.db, "DELETE FROM setting WHERE key = 'province_public_keys'")
    with office.on("may-b") as b:
        with pytest.raises(settings.SealedKeyError, match="share-keys"):
            b.province.key_card()  # nothing public to make it from yet
    with office.on("may-a") as a:
        line = stored(a)
        a.province.share_keys(tmp_path / "k.khkeys", PASSPHRASE)
        assert stored(a) == line  # the sealed keys themselves untouched
        assert stored(a, "province_public_keys")["signing_fingerprint"] == office.card.signing_fingerprint
    with office.on("may-b") as b:
        decomposed = unicodedata.normalize("NFD", PASSPHRASE)  # typed with another input method
        assert decomposed != PASSPHRASE
        assert b.province.accept_keys(tmp_path / "k.khkeys", decomposed).machines == 2


def test_sharing_needs_a_passphrase_of_six_characters_and_keys_this_pc_opens(office, tmp_path):
    with office.on("may-a") as a:
        with pytest.raises(ProvinceError, match="ít nhất 6 ký tự"):
            a.province.share_keys(tmp_path / "k.khkeys", "12345")
    assert not (tmp_path / "k.khkeys").exists()
    with office.on("may-b") as b:
        with pytest.raises(settings.SealedKeyError, match="accept-keys"):
            b.province.share_keys(tmp_path / "k.khkeys", PASSPHRASE)
    assert not (tmp_path / "k.khkeys").exists()
