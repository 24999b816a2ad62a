"""Keys: Ed25519 for signing (each commune, and the province for acknowledgements), X25519 for
encrypting packages to the province, and the `.khkey` public key card that is exchanged once.

Fingerprint (also the `key_id` in manifests): SHA-256 of the 32 raw public key bytes, first
20 bytes, upper-case hex in 5 groups of 8, e.g. "3F2A9C1B-0D4E5F60-…".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Union

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from khuyenhoc_desktop.storage.files import atomic_write
from khuyenhoc_desktop.sync.errors import KeyFileError
from khuyenhoc_desktop.vietnamese import os_error_text

AnyPrivateKey = Union[Ed25519PrivateKey, X25519PrivateKey]
AnyPublicKey = Union[Ed25519PublicKey, X25519PublicKey]
AnyKey = Union[AnyPrivateKey, AnyPublicKey, bytes]

KEY_CARD_FORMAT = "khuyenhoc-key 1.0"
KEY_CARD_SUFFIX = ".khkey"
MAX_KEY_CARD_BYTES = 64 * 1024
MAX_PEM_BYTES = 64 * 1024


# --- generation ---------------------------------------------------------------------------


def generate_signing_key() -> Ed25519PrivateKey:
    """A new Ed25519 key pair (a commune on first run; the province for its acknowledgements)."""
    return Ed25519PrivateKey.generate()


def generate_encryption_key() -> X25519PrivateKey:
    """A new X25519 key pair for the province: communes encrypt packages to its public half."""
    return X25519PrivateKey.generate()


# --- raw / base64 / fingerprint -------------------------------------------------------------


def public_key_bytes(key: AnyKey) -> bytes:
    """The 32 raw public key bytes of a private key, a public key, or raw bytes (checked)."""
    if isinstance(key, (Ed25519PrivateKey, X25519PrivateKey)):
        key = key.public_key()
    if isinstance(key, (Ed25519PublicKey, X25519PublicKey)):
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if isinstance(key, (bytes, bytearray)) and len(key) == 32:
        return bytes(key)
    raise TypeError(f"expected an Ed25519/X25519 key or 32 raw bytes, got {type(key).__name__}")


def public_key_b64(key: AnyKey) -> str:
    """Standard base64 (with padding) of the raw public key: 44 characters."""
    return base64.b64encode(public_key_bytes(key)).decode("ascii")


def _raw_from(value: AnyKey | str, what: str) -> bytes:
    if isinstance(value, str):
        try:
            raw = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyFileError(f"Khóa công khai {what} không phải chuỗi base64 hợp lệ") from None
        if len(raw) != 32:
            raise KeyFileError(f"Khóa công khai {what} phải dài 32 byte")
        return raw
    if isinstance(value, (bytes, bytearray)) and len(value) != 32:
        raise KeyFileError(f"Khóa công khai {what} phải dài 32 byte")
    return public_key_bytes(value)


def signing_public_key(value: Ed25519PublicKey | Ed25519PrivateKey | bytes | str) -> Ed25519PublicKey:
    """An Ed25519 public key from a key object, 32 raw bytes or base64 text."""
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, Ed25519PrivateKey):
        return value.public_key()
    if isinstance(value, (X25519PrivateKey, X25519PublicKey)):
        raise TypeError("an X25519 key cannot verify signatures")
    return Ed25519PublicKey.from_public_bytes(_raw_from(value, "ký"))


def encryption_public_key(value: X25519PublicKey | X25519PrivateKey | bytes | str) -> X25519PublicKey:
    """An X25519 public key from a key object, 32 raw bytes or base64 text."""
    if isinstance(value, X25519PublicKey):
        return value
    if isinstance(value, X25519PrivateKey):
        return value.public_key()
    if isinstance(value, (Ed25519PrivateKey, Ed25519PublicKey)):
        raise TypeError("an Ed25519 key cannot be an encryption recipient")
    return X25519PublicKey.from_public_bytes(_raw_from(value, "mã hóa"))


def fingerprint(key: AnyKey) -> str:
    """Human fingerprint / key id: "XXXXXXXX-XXXXXXXX-XXXXXXXX-XXXXXXXX-XXXXXXXX" (40 hex digits)."""
    digest = hashlib.sha256(public_key_bytes(key)).hexdigest()[:40].upper()
    return "-".join(digest[i : i + 8] for i in range(0, 40, 8))


# --- private key PEM ------------------------------------------------------------------------


def _passphrase_bytes(passphrase: str | bytes | None) -> bytes | None:
    if passphrase is None:
        return None
    if isinstance(passphrase, str):
        passphrase = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return bytes(passphrase)


def private_key_to_pem(key: AnyPrivateKey, passphrase: str | bytes | None = None) -> bytes:
    """PKCS#8 PEM of a private key; encrypted with `BestAvailableEncryption` when a passphrase is given.

    A str passphrase is NFC-normalised and UTF-8 encoded (so Unikey's decomposed input still
    matches). An empty passphrase is refused: pass None for an unencrypted key.
    """
    pw = _passphrase_bytes(passphrase)
    if pw is None:
        enc: serialization.KeySerializationEncryption = serialization.NoEncryption()
    elif not pw:
        raise ValueError("empty passphrase: pass None for an unencrypted key")
    else:
        enc = serialization.BestAvailableEncryption(pw)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def load_private_key_pem(data: bytes, passphrase: str | bytes | None = None) -> AnyPrivateKey:
    """Load an Ed25519 or X25519 private key from PEM; raises `KeyFileError` in Vietnamese."""
    if not isinstance(data, (bytes, bytearray)) or len(data) > MAX_PEM_BYTES:
        raise KeyFileError("Tệp khóa riêng không hợp lệ")
    pw = _passphrase_bytes(passphrase) or None
    try:
        key = serialization.load_pem_private_key(bytes(data), password=pw)
    except TypeError:
        if pw is None:
            raise KeyFileError("Khóa riêng được bảo vệ bằng mật khẩu: hãy nhập mật khẩu") from None
        raise KeyFileError("Khóa riêng không có mật khẩu, nhưng đã nhập mật khẩu") from None
    except ValueError:
        if pw is not None and b"ENCRYPTED" in data:
            raise KeyFileError("Sai mật khẩu của khóa riêng") from None
        raise KeyFileError("Tệp khóa riêng không hợp lệ hoặc đã hỏng") from None
    except UnsupportedAlgorithm:
        raise KeyFileError("Tệp khóa riêng dùng thuật toán không được hỗ trợ") from None
    if not isinstance(key, (Ed25519PrivateKey, X25519PrivateKey)):
        raise KeyFileError("Tệp khóa riêng không phải khóa Ed25519 hoặc X25519")
    return key


def save_private_key(path: str | os.PathLike[str], key: AnyPrivateKey, passphrase: str | bytes | None = None) -> Path:
    """Write the private key PEM atomically (file mode 0600 where the OS supports it)."""
    out = atomic_write(path, private_key_to_pem(key, passphrase))
    try:
        os.chmod(out, 0o600)
    except OSError:
        pass
    return out


def read_private_key(path: str | os.PathLike[str], passphrase: str | bytes | None = None) -> AnyPrivateKey:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PEM_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(f"Không đọc được tệp khóa riêng {path}: {os_error_text(exc)}") from None
    return load_private_key_pem(data, passphrase)


# --- public key card (.khkey) ---------------------------------------------------------------


@dataclass(frozen=True)
class KeyCard:
    """The public half of a party's keys, shared once as a small `.khkey` text file.

    role: "commune" (signing key only) or "province" (signing key for acknowledgements and,
    usually, an encryption key that communes encrypt packages to). `code` is the official
    commune or province code; `name` the display name.
    """

    role: str
    code: str
    name: str
    signing_key: bytes
    encryption_key: bytes | None = None
    created_at: str = ""

    @classmethod
    def for_keys(
        cls,
        role: str,
        code: str,
        name: str,
        signing_key: AnyKey,
        encryption_key: AnyKey | None = None,
        created_at: str | None = None,
    ) -> "KeyCard":
        return cls(
            role=role,
            code=code,
            name=unicodedata.normalize("NFC", name),
            signing_key=public_key_bytes(signing_key),
            encryption_key=public_key_bytes(encryption_key) if encryption_key is not None else None,
            created_at=created_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )

    @property
    def signing_fingerprint(self) -> str:
        return fingerprint(self.signing_key)

    @property
    def encryption_fingerprint(self) -> str | None:
        return fingerprint(self.encryption_key) if self.encryption_key is not None else None

    def signing_public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_key)

    def encryption_public_key(self) -> X25519PublicKey | None:
        if self.encryption_key is None:
            return None
        return X25519PublicKey.from_public_bytes(self.encryption_key)

    def to_text(self) -> str:
        who = "xã" if self.role == "commune" else "tỉnh"
        lines = [
            f"# Khóa công khai Khuyến học ({who}) — gửi tệp này để đăng ký; đối chiếu dấu vân tay qua điện thoại.",
            f"format: {KEY_CARD_FORMAT}",
            f"role: {self.role}",
            f"code: {self.code}",
            f"name: {self.name}",
            f"signing_key: {public_key_b64(self.signing_key)}",
            f"signing_fingerprint: {self.signing_fingerprint}",
        ]
        if self.encryption_key is not None:
            lines.append(f"encryption_key: {public_key_b64(self.encryption_key)}")
            lines.append(f"encryption_fingerprint: {self.encryption_fingerprint}")
        if self.created_at:
            lines.append(f"created_at: {self.created_at}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str) -> "KeyCard":
        """Parse a card; tolerant of a BOM, CRLF, blank lines, `#` comments and unknown fields.

        Fingerprint lines, when present, must match the key (this catches hand-edited keys).
        """
        fields: dict[str, str] = {}
        for raw in text.lstrip("\ufeff").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, value = line.partition(":")
            if not sep:
                raise KeyFileError("Tệp khóa công khai không hợp lệ: có dòng không đúng dạng “tên: giá trị”")
            fields.setdefault(name.strip().lower(), unicodedata.normalize("NFC", value.strip()))
        fmt = fields.get("format", "")
        if not fmt.startswith("khuyenhoc-key "):
            raise KeyFileError("Tệp không phải tệp khóa công khai Khuyến học (.khkey)")
        version = fmt.split(" ", 1)[1].strip()
        if version.split(".", 1)[0] != "1":
            raise KeyFileError(f"Phiên bản tệp khóa {version} chưa được hỗ trợ, hãy cập nhật chương trình")
        role = fields.get("role", "")
        if role not in ("commune", "province"):
            raise KeyFileError("Tệp khóa công khai không ghi rõ của xã hay của tỉnh")
        code = fields.get("code", "")
        if not code:
            raise KeyFileError("Tệp khóa công khai thiếu mã đơn vị")
        if "signing_key" not in fields:
            raise KeyFileError("Tệp khóa công khai thiếu khóa ký")
        signing = _raw_from(fields["signing_key"], "ký")
        encryption = _raw_from(fields["encryption_key"], "mã hóa") if fields.get("encryption_key") else None
        card = cls(role, code, fields.get("name", ""), signing, encryption, fields.get("created_at", ""))
        fp = fields.get("signing_fingerprint")
        if fp and fp.upper() != card.signing_fingerprint:
            raise KeyFileError("Dấu vân tay khóa ký không khớp với khóa: tệp khóa đã bị sửa hoặc gõ sai")
        efp = fields.get("encryption_fingerprint")
        if efp and efp.upper() != (card.encryption_fingerprint or ""):
            raise KeyFileError("Dấu vân tay khóa mã hóa không khớp với khóa: tệp khóa đã bị sửa hoặc gõ sai")
        return card

    def save(self, path: str | os.PathLike[str]) -> Path:
        return atomic_write(path, self.to_text().encode("utf-8"))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "KeyCard":
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_KEY_CARD_BYTES + 1)
        except OSError as exc:
            raise KeyFileError(f"Không đọc được tệp khóa {path}: {os_error_text(exc)}") from None
        if len(data) > MAX_KEY_CARD_BYTES:
            raise KeyFileError("Tệp khóa công khai quá lớn, không phải tệp .khkey")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise KeyFileError("Tệp không phải tệp khóa công khai Khuyến học (.khkey)") from None
        return cls.from_text(text)
