"""Canonical JSON bytes and SHA-256 helpers.

Canonical form (docs/sync-format.md §2): UTF-8, object keys sorted by Unicode code point,
no insignificant whitespace (separators "," and ":"), non-ASCII characters written as
themselves (ensure_ascii=False), every string (keys and values) in Unicode NFC, no NaN or
Infinity, integers as plain decimals. Equal data gives equal bytes, so equal hashes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any, Iterable

import orjson

_ENCODER = json.JSONEncoder(
    sort_keys=True,
    ensure_ascii=False,
    separators=(",", ":"),
    allow_nan=False,
)

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# orjson with sorted keys writes exactly the bytes above for a flat object of these types (keys sorted by
# code point, the same escapes, no spaces; tests/sync/test_sync_canonical.py compares the two), about five
# times faster. Floats (formatted differently: 1e+16 / 1e16) and nested values take the json encoder.
FLAT_TYPES = frozenset((str, int, bool, type(None)))
_SORT_KEYS = orjson.OPT_SORT_KEYS
_dumps = orjson.dumps


def _flat_fast(obj: Any, nfc_known: bool = False) -> bytes | None:
    """Canonical bytes of a flat dict by orjson, or None where only the json encoder is exact."""
    if type(obj) is not dict or not FLAT_TYPES.issuperset(map(type, obj.values())):
        return None
    try:
        out = _dumps(obj, option=_SORT_KEYS)
    except TypeError:  # a key that is not a string, an integer beyond 64 bits: the checks below say so
        return None
    if nfc_known or out.isascii() or unicodedata.is_normalized("NFC", out.decode("utf-8")):
        return out
    return None


def canonical_text(obj: Any) -> str:
    """The canonical JSON text of `obj` (dict/list/tuple/str/int/float/bool/None only).

    Raises TypeError for other types (dates must already be ISO strings) and ValueError for
    NaN/Infinity, non-string keys or keys that become equal after NFC normalisation.
    """
    fast = _flat_fast(obj)
    if fast is not None:
        return fast.decode("utf-8")
    return _canonical_text(obj)


def _canonical_text(obj: Any) -> str:
    text = _ENCODER.encode(_check(obj))
    # '"' is a stable NFC boundary, so normalising the whole text equals normalising every string;
    # the fast path covers the usual case where the data is already NFC.
    if unicodedata.is_normalized("NFC", text):
        return text
    return _ENCODER.encode(_nfc(obj))


def canonical_json(obj: Any, nfc_known: bool = False) -> bytes:
    """Canonical JSON as UTF-8 bytes (no trailing newline). `nfc_known`: every string of `obj` is NFC already
    (read from a line `sync.rows.read_json_line` accepted, which refuses any other): not checked twice."""
    fast = _flat_fast(obj, nfc_known)
    if fast is not None:
        return fast
    return _canonical_text(obj).encode("utf-8")


_CONTAINERS = frozenset((dict, list, tuple))
_STR_ONLY = {str}


def _check(obj: Any) -> Any:
    # The C encoder silently turns int/float/bool/None keys into strings (and sorts ints as
    # numbers); canonical JSON refuses them. Type sets keep the common flat row at C speed.
    if isinstance(obj, dict):
        if obj and set(map(type, obj)) != _STR_ONLY:
            for k in obj:
                if not isinstance(k, str):
                    raise ValueError(f"canonical JSON needs string keys, got {k!r}")
        values: Any = obj.values()
    elif isinstance(obj, (list, tuple)):
        values = obj
    else:
        return obj
    if not _CONTAINERS.isdisjoint(map(type, values)):
        for v in values:
            if isinstance(v, (dict, list, tuple)):
                _check(v)
    return obj


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            nk = unicodedata.normalize("NFC", k)
            if nk in out:
                raise ValueError(f"keys {k!r} collide after NFC normalisation")
            out[nk] = _nfc(v)
        return out
    if isinstance(obj, (list, tuple)):
        return [_nfc(v) for v in obj]
    return obj


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sha256_hex(data: bytes | bytearray | memoryview) -> str:
    """Lower-case hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_of_json(obj: Any) -> str:
    """SHA-256 of the canonical JSON bytes of `obj` (e.g. the content hash of a row's data)."""
    return hashlib.sha256(canonical_json(obj)).hexdigest()


def sha256_file(path, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_size):
            h.update(chunk)
    return h.hexdigest()


def is_sha256_hex(value: Any) -> bool:
    return isinstance(value, str) and SHA256_HEX.fullmatch(value) is not None


def is_uuid(value: Any) -> bool:
    """True for a UUID in canonical form: 36 characters, lower-case hex, hyphens at 8-4-4-4-12."""
    return isinstance(value, str) and UUID_RE.fullmatch(value) is not None


def reconciliation_entry(pairs: Iterable[tuple[str, int]]) -> dict[str, Any]:
    """`{"count": n, "sha256": h}` for the (uuid, version) pairs of one table.

    h = SHA-256 of the lines "uuid:version\\n" sorted (ASCII order), one per record, tombstones
    included; an empty table gives the hash of zero bytes. The commune puts this into every
    package; the province computes the same over its mirror to prove both hold the same versions.
    """
    lines = []
    seen: set[str] = set()
    for uuid, version in pairs:
        if not is_uuid(uuid):
            raise ValueError(f"not a canonical UUID: {uuid!r}")
        if type(version) is not int or version < 1:
            raise ValueError(f"version must be an int >= 1: {version!r}")
        if uuid in seen:
            raise ValueError(f"uuid listed twice: {uuid}")
        seen.add(uuid)
        lines.append(f"{uuid}:{version}\n")
    lines.sort()
    return {"count": len(lines), "sha256": hashlib.sha256("".join(lines).encode("ascii")).hexdigest()}
