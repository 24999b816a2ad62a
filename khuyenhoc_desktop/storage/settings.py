"""Key/value settings kept inside the data file (organisation profile, operator, print options).

The private keys (`SECRET_SETTINGS`) are stored sealed with the machine key (`key_store`): ChaCha20-Poly1305
over the JSON value, bound to the setting's name. `get` opens them and seals a value still stored plain
(files from before sealing) the first time it is read from a writable file.

A sealed value is one line naming the machine key that sealed it, or — for a province store shared by
several staff PCs (`add_machine`) — a list of such lines, one per PC, all sealing the same value; `get`
opens the line this PC holds the key of. `put` seals a new value for this PC only and drops the others'
lines: a new key must be shared again (`services/province/key_sharing.py`).
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any, Protocol

from ..domain.errors import AppError
from .engines import is_postgres, qmark

# The commune's Ed25519 signing key; the province's signing and encryption keys.
SECRET_SETTINGS = frozenset({"sync_signing_key", "province_keys"})
SEALED_PREFIX = "khuyenhoc-sealed 1 "


class Database(Protocol):
    """A peewee database, or a `DataFile` (which runs SQL the same way before peewee is loaded)."""

    def execute_sql(self, sql: str, params: tuple = ...): ...


class SealedKeyError(AppError):
    """A private key sealed on another computer (or with a machine key that is gone): `other_machine`; or damaged."""

    def __init__(self, message: str, *, other_machine: bool = False) -> None:
        super().__init__(message)
        self.other_machine = other_machine


OTHER_MACHINE = ("Khóa riêng của đơn vị trong tệp này được khóa bằng khóa của một máy tính khác (tệp được chép hoặc "
                 "khôi phục từ bản sao lưu tự động của máy khác). Hãy khôi phục từ bản sao lưu có mật khẩu (.khbak) "
                 "của máy cũ; nếu không còn, hãy tạo khóa mới và đăng ký lại với tỉnh.")
DAMAGED = "Khóa riêng lưu trong tệp dữ liệu bị hỏng hoặc đã bị sửa."


def get(db: Database, key: str, default: Any = None) -> Any:
    row = db.execute_sql(qmark(db, "SELECT value FROM setting WHERE key = ?"), (key,)).fetchone()
    if row is None:
        return default
    try:
        value = json.loads(row[0])
    except ValueError:
        return default
    if key not in SECRET_SETTINGS:
        return value
    if _is_sealed(value):
        return json.loads(_open(key, value))
    if value and not _read_only(db):
        put(db, key, value)  # stored plain by an older version: sealed from now on
    return value


def put(db: Database, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if key in SECRET_SETTINGS:
        text = json.dumps(seal(key, text))  # for this PC only: other PCs' copies of the old value are dropped
    _write(db, key, text)


def _write(db: Database, key: str, text: str) -> None:
    db.execute_sql(qmark(
        db, "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
        (key, text),
    )


def put_new(db: Database, key: str, value: Any) -> bool:
    """Store `value` only if `key` has none yet (False: another PC wrote one first, which is kept)."""
    text = json.dumps(value, ensure_ascii=False)
    if key in SECRET_SETTINGS:
        text = json.dumps(seal(key, text))
    cursor = db.execute_sql(qmark(db, "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING"),
                            (key, text))
    return cursor.rowcount == 1


def add_machine(db: Database, key: str, value: Any) -> int:
    """Add this PC's sealed copy of the secret `key` (whose value is `value`, brought by the caller from a PC
    that opens it) beside the other PCs' copies; a copy this PC had is replaced. Returns how many PCs hold one.

    The caller checks that `value` is the stored secret (the province compares public keys): every line
    must seal the same value."""
    from . import key_store

    mine = key_store.key_id(key_store.current_key())
    lines = [line for line in sealed_lines(db, key, for_update=True) if _line_id(line) != mine]
    lines.append(seal(key, json.dumps(value, ensure_ascii=False)))
    _write(db, key, json.dumps(lines))
    return len(lines)


def sealed_lines(db: Database, key: str, for_update: bool = False) -> list[str]:
    """The sealed copies of the secret `key`, one per PC (empty: none stored, or stored plain).

    `for_update` (inside a transaction): on a server, two PCs adding their copy at once take turns, so
    neither copy is lost (SQLite has one writer at a time anyway)."""
    sql = "SELECT value FROM setting WHERE key = ?" + (" FOR UPDATE" if for_update and is_postgres(db) else "")
    row = db.execute_sql(qmark(db, sql), (key,)).fetchone()
    try:
        value = json.loads(row[0]) if row else None
    except ValueError:
        return []
    return _lines(value) or []


def machine_ids(db: Database, key: str) -> list[str]:
    """The machine key ids holding a sealed copy of `key`, in the stored order."""
    return [_line_id(line) for line in sealed_lines(db, key)]


def seal(name: str, text: str) -> str:
    """`text` sealed with this machine's key, as one line of text that names the key's id."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from . import key_store

    machine = key_store.current_key()
    nonce = os.urandom(12)
    sealed = ChaCha20Poly1305(machine).encrypt(nonce, text.encode("utf-8"), name.encode("utf-8"))
    return f"{SEALED_PREFIX}{key_store.key_id(machine)} {base64.b64encode(nonce + sealed).decode('ascii')}"


def _open(name: str, value: str | list[str]) -> str:
    """The text sealed in `value` (one line, or one line per PC): opened with this PC's machine key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from . import key_store

    for line in _lines(value) or []:
        try:
            wanted, blob = line[len(SEALED_PREFIX):].split(" ", 1)
            data = base64.b64decode(blob, validate=True)
        except ValueError:
            raise SealedKeyError("Khóa riêng lưu trong tệp dữ liệu bị hỏng.") from None
        machine = key_store.find(wanted)
        if machine is None:
            continue  # another PC's copy
        try:
            return ChaCha20Poly1305(machine).decrypt(data[:12], data[12:], name.encode("utf-8")).decode("utf-8")
        except (InvalidTag, ValueError):
            raise SealedKeyError(DAMAGED) from None
    raise SealedKeyError(OTHER_MACHINE, other_machine=True)


def open_sealed_values(conn) -> None:
    """Replace every sealed secret in a plain sqlite3 connection's `setting` table by its opened value.

    For a `.khbak`, whose whole content is encrypted with the backup's passphrase: restored on a new
    computer, the keys are then sealed again with that computer's key. A value sealed by another
    computer cannot be opened here and stays as it is.
    """
    for key, value in _secret_rows(conn.execute):
        if _is_sealed(value):
            try:
                conn.execute("UPDATE setting SET value = ? WHERE key = ?", (_open(key, value), key))
            except SealedKeyError:
                continue


def seal_stored(db) -> int:
    """Seal the secrets a file still stores plain (before an automatic copy is made, after a restore).

    `db` is a DataFile, a peewee database or a plain sqlite3 connection. Returns how many were sealed.
    """
    execute = _executor(db)
    plain = [(key, value) for key, value in _secret_rows(execute) if value and not _is_sealed(value)]
    for key, value in plain:
        execute("UPDATE setting SET value = ? WHERE key = ?",
                (json.dumps(seal(key, json.dumps(value, ensure_ascii=False))), key))
    return len(plain)


def plain_secrets(db) -> list[str]:
    """Names of the secrets still stored plain (for `check`; it reads the file without changing it)."""
    execute = _executor(db)
    return [key for key, value in _secret_rows(execute) if value and not _is_sealed(value)]


def _executor(db):
    """`execute(sql, params)` of a DataFile, a peewee database (either engine) or a plain sqlite3 connection,
    for statements written with `?` marks."""
    if hasattr(db, "execute_sql"):
        return lambda sql, params=(): db.execute_sql(qmark(db, sql), params)
    return db.execute


def _secret_rows(execute) -> list[tuple[str, Any]]:
    rows = execute(f"SELECT key, value FROM setting WHERE key IN ({','.join('?' * len(SECRET_SETTINGS))})",
                   tuple(sorted(SECRET_SETTINGS))).fetchall()
    return [(key, json.loads(raw)) for key, raw in rows]


def _lines(value) -> list[str] | None:
    """The sealed lines of a stored value (one line, or a list of them: one per PC), or None for a plain value."""
    lines = [value] if isinstance(value, str) else value
    if isinstance(lines, list) and lines and all(isinstance(v, str) and v.startswith(SEALED_PREFIX) for v in lines):
        return lines
    return None


def _line_id(line: str) -> str:
    return line[len(SEALED_PREFIX):].split(" ", 1)[0]


def _is_sealed(value) -> bool:
    return _lines(value) is not None


def _read_only(db) -> bool:
    """A DataFile opened to look only, or its peewee database (opened with `mode=ro`)."""
    return bool(getattr(db, "read_only", False)) or "mode=ro" in str(getattr(db, "database", ""))
