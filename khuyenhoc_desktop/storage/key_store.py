"""The machine key: 32 random bytes kept outside the data file, which seal the private keys stored inside it.

Kept in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service) through `keyring`
where a working backend exists, else in an owner-only (0600) file in the configuration folder. A copied
data file or automatic backup therefore carries its private keys sealed, useless without this machine's
key. `KHUYENHOC_KEY_STORE=file` (tests, portable installs) never touches the keyring.

Each machine key has an id (the first 16 hex digits of its SHA-256), written next to everything it
seals, so a file sealed on another PC is recognised as such instead of failing as "damaged".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

KEY_STORE_ENV = "KHUYENHOC_KEY_STORE"
KEYRING_SERVICE = "KhuyenHocDesktop"
KEY_FILE_NAME = "khoa-may.key"
KEY_BYTES = 32


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def _key_file() -> Path:
    from ..config import config_dir

    return config_dir() / KEY_FILE_NAME


def _use_keyring() -> bool:
    return os.environ.get(KEY_STORE_ENV, "auto").lower() != "file"


def _keyring():
    """The keyring module when a real backend is there, else None (headless Linux, no D-Bus, …)."""
    if not _use_keyring():
        return None
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # any backend failure means: use the key file
        return None


def _from_file() -> list[bytes]:
    try:
        lines = _key_file().read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return []
    keys = []
    for line in lines:
        with contextlib.suppress(ValueError):
            raw = bytes.fromhex(line)
            if len(raw) == KEY_BYTES:
                keys.append(raw)
    return keys


def _from_keyring(kr) -> list[bytes]:
    try:
        value = kr.get_password(KEYRING_SERVICE, "machine-key") or ""
    except Exception:  # a locked or broken keyring: the key file may still have it
        return []
    with contextlib.suppress(ValueError):
        raw = bytes.fromhex(value)
        if len(raw) == KEY_BYTES:
            return [raw]
    return []


def known_keys() -> list[bytes]:
    """Every machine key this account has (the newest first): the key file's, then the keyring's."""
    keys = list(reversed(_from_file()))
    kr = _keyring()
    if kr is not None:
        keys += [k for k in _from_keyring(kr) if k not in keys]
    return keys


def find(wanted_id: str) -> bytes | None:
    return next((k for k in known_keys() if key_id(k) == wanted_id), None)


def current_key() -> bytes:
    """The key to seal with: the keyring's, else the key file's; made and stored on first use."""
    kr = _keyring()
    if kr is not None:
        existing = _from_keyring(kr)
        if existing:
            return existing[0]
    existing = _from_file()
    if existing:
        return existing[-1]
    key = os.urandom(KEY_BYTES)
    if kr is not None:
        try:
            kr.set_password(KEYRING_SERVICE, "machine-key", key.hex())
            if _from_keyring(kr) == [key]:
                return key
        except Exception:  # the keyring refused: fall back to the file below
            pass
    _append_to_file(key)
    return key


def _append_to_file(key: bytes) -> None:
    """Add a key to the owner-only key file (never replacing one: older sealed keys stay readable)."""
    from .files import atomic_write, make_private

    path = _key_file()
    lines = [k.hex() for k in _from_file()] + [key.hex()]
    atomic_write(path, ("\n".join(lines) + "\n").encode("ascii"))
    make_private(path)
