"""Optional encryption of a whole package to the province's X25519 key (docs/sync-format.md §7).

File = MAGIC + header line (canonical JSON + "\\n") + ChaCha20-Poly1305 ciphertext (with tag).
key = HKDF-SHA256(X25519(ephemeral, recipient), salt = none,
                  info = "khuyenhoc-sync ENC1" + ephemeral public + recipient public), 32 bytes.
Associated data = MAGIC + header line, so the cleartext header cannot be altered either.
Like a sealed box this does not identify the sender: the inner manifest is always signed.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from khuyenhoc_desktop.sync.canonical import canonical_json
from khuyenhoc_desktop.sync.container import FORMAT, FORMAT_VERSION, check_format, parse_strict_json
from khuyenhoc_desktop.sync.errors import (
    ENCRYPTED,
    UNREADABLE,
    UNSUPPORTED_VERSION,
    WRONG_RECIPIENT,
    SyncFormatError,
    bad_manifest,
    damaged,
)
from khuyenhoc_desktop.sync.keys import fingerprint, public_key_bytes
from khuyenhoc_desktop.vietnamese import os_error_text

MAGIC = b"KHSYNC-ENC1\n"
CIPHER = "X25519-HKDF-SHA256-ChaCha20Poly1305"
MAX_HEADER_BYTES = 8192
_INFO = b"khuyenhoc-sync ENC1"


@dataclass(frozen=True)
class EnvelopeHeader:
    """The cleartext header of an encrypted package: enough to list it without the key."""

    province_code: str
    commune_code: str
    seq: int
    recipient_key_id: str
    ephemeral_public_key: bytes
    nonce: bytes
    kind: str
    format_version: str
    fields: dict[str, Any]  # the whole parsed header, unknown fields included


def _derive_key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + ephemeral_pub + recipient_pub)
    return hkdf.derive(shared)


def seal(plaintext: bytes, recipient: X25519PublicKey, *, province_code: str, commune_code: str, seq: int,
         kind: str = "package") -> bytes:
    """Encrypt `plaintext` (the package ZIP) for `recipient`; returns the whole file's bytes."""
    ephemeral = X25519PrivateKey.generate()
    eph_pub = public_key_bytes(ephemeral)
    rec_pub = public_key_bytes(recipient)
    key = _derive_key(ephemeral.exchange(recipient), eph_pub, rec_pub)
    nonce = os.urandom(12)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "cipher": CIPHER,
        "province_code": province_code,
        "commune_code": commune_code,
        "seq": seq,
        "recipient_key_id": fingerprint(rec_pub),
        "ephemeral_public_key": base64.b64encode(eph_pub).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    aad = MAGIC + canonical_json(header) + b"\n"
    return aad + ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def _b64(value: Any, size: int, field: str) -> bytes:
    if not isinstance(value, str):
        raise bad_manifest(field)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad_manifest(field) from None
    if len(raw) != size:
        raise bad_manifest(field)
    return raw


def parse_header(data: bytes) -> tuple[EnvelopeHeader, int]:
    """Parse the cleartext header of an encrypted file; returns it and the ciphertext offset."""
    if not data.startswith(MAGIC):
        raise damaged("không phải tệp mã hóa")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES)
    if end < 0:
        raise damaged("phần đầu tệp mã hóa bị cắt")
    fields = parse_strict_json(data[len(MAGIC) : end], "phần đầu tệp mã hóa")
    check_format(fields, "package", "gói đồng bộ Khuyến học")
    if fields.get("cipher") != CIPHER:
        raise SyncFormatError(
            f"Kiểu mã hóa {str(fields.get('cipher'))[:40]} chưa được hỗ trợ, hãy cập nhật chương trình",
            code=UNSUPPORTED_VERSION)
    for name in ("province_code", "commune_code", "recipient_key_id"):
        if not isinstance(fields.get(name), str):
            raise bad_manifest(name)
    seq = fields.get("seq")
    if type(seq) is not int or seq < 1:
        raise bad_manifest("seq")
    header = EnvelopeHeader(
        province_code=fields["province_code"],
        commune_code=fields["commune_code"],
        seq=seq,
        recipient_key_id=fields["recipient_key_id"],
        ephemeral_public_key=_b64(fields.get("ephemeral_public_key"), 32, "ephemeral_public_key"),
        nonce=_b64(fields.get("nonce"), 12, "nonce"),
        kind=fields["kind"],
        format_version=fields["format_version"],
        fields=fields,
    )
    return header, end + 1


def open_sealed(data: bytes, private_key: X25519PrivateKey | None) -> tuple[EnvelopeHeader, bytes]:
    """Decrypt an encrypted file with the province's X25519 private key."""
    header, offset = parse_header(data)
    if private_key is None:
        raise SyncFormatError(
            f"Tệp đã được mã hóa cho tỉnh (mã {header.province_code[:20]}): cần khóa giải mã của tỉnh để mở",
            code=ENCRYPTED)
    if not isinstance(private_key, X25519PrivateKey):
        raise TypeError("decrypt_with must be an X25519 private key")
    rec_pub = public_key_bytes(private_key)
    if header.recipient_key_id != fingerprint(rec_pub):
        raise SyncFormatError(
            f"Tệp được mã hóa cho tỉnh khác (mã tỉnh {header.province_code[:20]}, "
            f"khóa {header.recipient_key_id[:44]}), không mở được bằng khóa {fingerprint(rec_pub)}",
            code=WRONG_RECIPIENT)
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(header.ephemeral_public_key))
    except ValueError:
        raise damaged("khóa tạm trong phần đầu không hợp lệ") from None
    key = _derive_key(shared, header.ephemeral_public_key, rec_pub)
    try:
        plaintext = ChaCha20Poly1305(key).decrypt(header.nonce, data[offset:], data[:offset])
    except InvalidTag:
        raise damaged("không giải mã được: tệp đã bị sửa hoặc bị cắt") from None
    return header, plaintext


def read_envelope_header(path: str | os.PathLike[str]) -> EnvelopeHeader | None:
    """The cleartext header of an encrypted package file, or None if the file is not encrypted.

    Reads only the first few kilobytes: for listing incoming packages before decrypting them.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC) + MAX_HEADER_BYTES)
    except OSError as exc:
        raise SyncFormatError(f"Không đọc được tệp {os.fspath(path)}: {os_error_text(exc)}", code=UNREADABLE) from None
    if not head.startswith(MAGIC):
        return None
    return parse_header(head)[0]


__all__ = ["MAGIC", "EnvelopeHeader", "seal", "open_sealed", "parse_header", "read_envelope_header"]
