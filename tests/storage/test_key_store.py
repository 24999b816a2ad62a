"""The machine key: in the OS keyring when one works, else an owner-only file; never lost once made."""

from __future__ import annotations

import os
import stat

import pytest

from khuyenhoc_desktop.config import config_dir
from khuyenhoc_desktop.storage import key_store


class MemoryKeyring:
    """A stand-in keyring backend (the real one is never touched by the tests)."""

    def __init__(self):
        self.values = {}

    def get_password(self, service, user):
        return self.values.get((service, user))

    def set_password(self, service, user, value):
        self.values[(service, user)] = value


def test_the_file_store_is_private_and_stable():
    first = key_store.current_key()
    assert len(first) == 32 and key_store.current_key() == first
    path = config_dir() / key_store.KEY_FILE_NAME
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_store.find(key_store.key_id(first)) == first
    assert key_store.find("0" * 16) is None


def test_the_file_store_never_asks_the_keyring(monkeypatch):
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: pytest.fail("the keyring was asked"))
    key_store.current_key()


def test_a_working_keyring_holds_the_key(monkeypatch):
    memory = MemoryKeyring()
    monkeypatch.setenv(key_store.KEY_STORE_ENV, "auto")
    monkeypatch.setattr(key_store, "_keyring", lambda: memory)
    key = key_store.current_key()
    assert memory.values[(key_store.KEYRING_SERVICE, "machine-key")] == key.hex()
    assert not (config_dir() / key_store.KEY_FILE_NAME).exists()
    assert key_store.find(key_store.key_id(key)) == key


def test_a_key_file_made_while_the_keyring_was_away_stays_in_use(monkeypatch):
    monkeypatch.setenv(key_store.KEY_STORE_ENV, "auto")
    monkeypatch.setattr(key_store, "_keyring", lambda: None)
    from_file = key_store.current_key()
    memory = MemoryKeyring()
    monkeypatch.setattr(key_store, "_keyring", lambda: memory)
    assert key_store.current_key() == from_file  # not a second key beside it: what it sealed keeps opening
    assert memory.values == {}
    other = os.urandom(32)
    memory.set_password(key_store.KEYRING_SERVICE, "machine-key", other.hex())
    assert key_store.find(key_store.key_id(from_file)) == from_file
    assert key_store.find(key_store.key_id(other)) == other
