import re
import unicodedata

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from khuyenhoc_desktop.sync import (
    KeyCard,
    KeyFileError,
    SyncFormatError,
    encryption_public_key,
    fingerprint,
    generate_encryption_key,
    generate_signing_key,
    load_private_key_pem,
    private_key_to_pem,
    public_key_b64,
    public_key_bytes,
    read_private_key,
    save_private_key,
    signing_public_key,
)
from khuyenhoc_desktop.sync.canonical import sha256_hex

FP = re.compile(r"[0-9A-F]{8}(-[0-9A-F]{8}){4}")


def test_fingerprint_format_and_definition():
    key = generate_signing_key()
    fp = fingerprint(key)
    assert FP.fullmatch(fp)
    assert fp.replace("-", "") == sha256_hex(public_key_bytes(key))[:40].upper()
    assert fingerprint(key.public_key()) == fp == fingerprint(public_key_bytes(key))


def test_public_key_b64_round_trip():
    key = generate_signing_key()
    b64 = public_key_b64(key)
    assert len(b64) == 44
    assert public_key_bytes(signing_public_key(b64)) == public_key_bytes(key)
    ek = generate_encryption_key()
    assert public_key_bytes(encryption_public_key(public_key_b64(ek))) == public_key_bytes(ek)
    with pytest.raises(KeyFileError):
        signing_public_key("không phải base64")
    with pytest.raises(KeyFileError):
        signing_public_key(b"\x00" * 31)
    with pytest.raises(TypeError):
        signing_public_key(ek)


def test_pem_unencrypted_round_trip():
    key = generate_signing_key()
    pem = private_key_to_pem(key)
    assert b"ENCRYPTED" not in pem
    loaded = load_private_key_pem(pem)
    assert isinstance(loaded, Ed25519PrivateKey) and fingerprint(loaded) == fingerprint(key)


def test_pem_passphrase_nfc_insensitive():
    key = generate_signing_key()
    pem = private_key_to_pem(key, "mật khẩu Khuyến học")
    assert b"ENCRYPTED" in pem
    decomposed = unicodedata.normalize("NFD", "mật khẩu Khuyến học")
    assert fingerprint(load_private_key_pem(pem, decomposed)) == fingerprint(key)
    with pytest.raises(KeyFileError, match="Sai mật khẩu"):
        load_private_key_pem(pem, "sai")
    with pytest.raises(KeyFileError, match="mật khẩu"):
        load_private_key_pem(pem)
    with pytest.raises(ValueError):
        private_key_to_pem(key, "")


def test_pem_garbage_and_x25519(tmp_path):
    with pytest.raises(KeyFileError):
        load_private_key_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    ek = generate_encryption_key()
    path = save_private_key(tmp_path / "tinh.pem", ek, b"pw")
    loaded = read_private_key(path, b"pw")
    assert isinstance(loaded, X25519PrivateKey) and fingerprint(loaded) == fingerprint(ek)
    with pytest.raises(KeyFileError):
        read_private_key(tmp_path / "missing.pem")


def test_key_card_round_trip(tmp_path):
    sk, ek = generate_signing_key(), generate_encryption_key()
    card = KeyCard.for_keys("province", "24", "Tỉnh Bắc Ninh", sk, ek)
    path = card.save(tmp_path / "tinh.khkey")
    loaded = KeyCard.load(path)
    assert loaded == card
    assert loaded.signing_fingerprint == fingerprint(sk)
    assert loaded.encryption_fingerprint == fingerprint(ek)
    assert public_key_bytes(loaded.signing_public_key()) == public_key_bytes(sk)
    assert public_key_bytes(loaded.encryption_public_key()) == public_key_bytes(ek)
    commune = KeyCard.for_keys("commune", "07462", "Hội Khuyến học xã Tân Dĩnh", sk)
    assert KeyCard.from_text(commune.to_text()).encryption_public_key() is None


def test_key_card_tolerant_parsing():
    sk = generate_signing_key()
    text = KeyCard.for_keys("commune", "07462", "Tân Dĩnh", sk).to_text()
    messy = "\ufeff" + text.replace("\n", "\r\n") + "\n# ghi chú\nfuture_field: x\n\n"
    assert KeyCard.from_text(messy).signing_fingerprint == fingerprint(sk)
    no_fp = "\n".join(line for line in text.splitlines() if "fingerprint" not in line)
    assert KeyCard.from_text(no_fp).signing_fingerprint == fingerprint(sk)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("format: khuyenhoc-key 1.0", "format: khuyenhoc-key 2.0"), "Phiên bản"),
        (lambda t: t.replace("format: khuyenhoc-key 1.0", ""), "không phải"),
        (lambda t: t.replace("role: commune", "role: ai đó"), "xã hay của tỉnh"),
        (lambda t: t.replace("signing_fingerprint: ", "signing_fingerprint: 0"), "Dấu vân tay"),
        (lambda t: t.replace("signing_key: ", "signing_key: !!"), "base64"),
        (lambda t: t + "dòng không có dấu hai chấm\n", "không đúng dạng"),
    ],
)
def test_key_card_refusals(edit, message):
    text = KeyCard.for_keys("commune", "07462", "Tân Dĩnh", generate_signing_key()).to_text()
    with pytest.raises(SyncFormatError, match=message):
        KeyCard.from_text(edit(text))


def test_key_card_binary_file_refused(tmp_path):
    path = tmp_path / "x.khkey"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(KeyFileError):
        KeyCard.load(path)
