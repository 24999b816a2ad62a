"""Change rows, audit events and acknowledgement entries: one JSON object per JSONL line.

Writers and readers share the validators here, so a writer can never produce a row that a
reader of the same version refuses.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid as uuid_mod
from datetime import datetime
from typing import Any, Mapping, NamedTuple

import orjson

from khuyenhoc_desktop.sync.canonical import FLAT_TYPES, UUID_RE, sha256_of_json

OPS = ("upsert", "delete")
TABLE_RE = re.compile(r"[a-z][a-z0-9_]{0,62}")

# Vietnamese reasons for RowProblem.reason_vi
R_UTF8 = "Dòng không phải văn bản UTF-8 hợp lệ"
R_NFC = "Văn bản trong dòng không ở dạng Unicode NFC"
R_JSON = "Dòng không phải JSON hợp lệ"
R_SURROGATE = "Văn bản chứa ký tự Unicode không hợp lệ (nửa cặp thay thế)"
R_EMPTY = "Dòng trống"
R_OBJECT = "Dòng không phải một đối tượng JSON"
R_TOO_LONG = "Dòng quá dài"
R_NO_NEWLINE = "Dòng cuối thiếu ký tự xuống dòng"
R_OP = "Thao tác (op) phải là “upsert” hoặc “delete”"
R_TABLE = "Tên bảng (table) không hợp lệ"
R_UUID = "Mã định danh (uuid) không hợp lệ"
R_VERSION = "Phiên bản (version) phải là số nguyên từ 1 đến 9.007.199.254.740.991"
# Above this a version cannot be compared exactly everywhere it travels (JSON doubles), nor stored past 2⁶³.
MAX_VERSION = 2**53 - 1
R_UPDATED_AT = "Thời điểm sửa (updated_at) phải là ngày giờ ISO-8601 có múi giờ"
R_DATA = "Dữ liệu (data) phải là một đối tượng JSON"
R_TEXT_FIELD = "Trường {field} phải là chuỗi văn bản"
R_DATA_UUID = "uuid trong data khác uuid của dòng"
R_DATA_VERSION = "version trong data khác version của dòng"
R_REASON = "Lý do trả lại (reason) phải là chuỗi văn bản không rỗng"
R_DUPLICATE_KEY = "Dòng có một khóa (tên trường) lặp lại hai lần"
R_NUMBER = "Dòng có số không hợp lệ (NaN, Infinity hoặc số quá lớn như 1e999)"
R_NUL = "Văn bản trong dòng chứa ký tự NUL (\\u0000)"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKey
    return out


class _NotFinite(ValueError):
    pass


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0:  # 1e999 reads as infinity
        raise _NotFinite
    return value


# One pass refuses what Python and SQLite would read differently: a key given twice (Python keeps the last
# value, SQLite's json_extract the first) and a number too large for a double (1e999 → infinity). Cheaper
# than parsing, then re-encoding each line to compare it with its canonical text (~6 µs a row of 600 bytes).
_STRICT_SCAN = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_no_duplicates,
                                parse_float=_finite).scan_once


class Change(NamedTuple):
    """One validated change row. `row` is the whole parsed object (unknown fields included)."""

    line: int
    op: str
    table: str
    uuid: str
    version: int
    updated_at: str
    data: dict[str, Any]
    row: dict[str, Any]
    text: str = ""  # the line as read (verified rows: exactly the bytes the commune signed, decoded)
    # SHA-256 (32 bytes) of the canonical JSON of `data` when it could be cut out of the line (`_data_digest`),
    # else None: the province keeps it per record and would otherwise encode `data` again.
    data_sha256: bytes | None = None

    @property
    def deleted(self) -> bool:
        return self.op == "delete"

    def content_sha256(self) -> str:
        """SHA-256 of the canonical JSON of `data`: the "same version, same content?" test."""
        if self.data_sha256 is not None:
            return self.data_sha256.hex()
        return sha256_of_json(self.data)


class AckEntry(NamedTuple):
    """One accepted (reason None) or returned record in an acknowledgement."""

    table: str
    uuid: str
    version: int
    reason: str | None = None
    line: int = 0


_loads, _dumps, _SORT_KEYS = orjson.loads, orjson.dumps, orjson.OPT_SORT_KEYS
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_is_normalized = unicodedata.is_normalized


def parse_json_line(line: bytes) -> tuple[Any, str | None]:
    """(object, None) or (None, Vietnamese reason). No whitespace is allowed around the value."""
    obj, reason, _, _ = read_json_line(line)
    return obj, reason


def read_json_line(line: bytes) -> tuple[Any, str | None, str, bool]:
    """`parse_json_line`, with the line's text ("" when it is not UTF-8: the province keeps the verified line
    as received, so it is decoded once) and whether the line is canonical JSON (orjson writes its value back
    byte for byte; then `validate_change` can cut the data's canonical bytes out of it)."""
    if not line:
        return None, R_EMPTY, "", False
    # Fast path: a line that orjson writes back byte for byte is canonical JSON (sorted keys, so none twice;
    # finite numbers; no lone surrogate, which orjson refuses to write), as every writer here produces; its
    # value is the one the strict scan below would give. Any other line takes that scan, for its exact reason.
    try:
        obj = _loads(line)
        same = _dumps(obj, option=_SORT_KEYS) == line
    except (ValueError, TypeError):  # orjson.JSONDecodeError / JSONEncodeError
        same = False
    if same:
        text = line.decode("utf-8")
        if not text.isascii() and not _is_normalized("NFC", text):
            return None, R_NFC, text, False
        if b"\\" in line and "\\u0000" in text:  # a line with no backslash (most) is passed at memchr speed
            return None, R_NUL, text, False
        return obj, None, text, True
    return (*_parse_strict(line), False)


def _parse_strict(line: bytes) -> tuple[Any, str | None, str]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None, R_UTF8, ""
    if not text.isascii() and not _is_normalized("NFC", text):
        return None, R_NFC, text
    try:
        obj, end = _STRICT_SCAN(text, 0)
    except _DuplicateKey:
        return None, R_DUPLICATE_KEY, text
    except _NotFinite:
        return None, R_NUMBER, text
    except (StopIteration, ValueError, RecursionError):
        return None, R_JSON, text
    if end != len(text):
        return None, R_JSON, text
    if "\\u0000" in text:
        return None, R_NUL, text
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        # "\ud800" is valid JSON but not valid Unicode: SQLite and printing would choke on it.
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return None, R_SURROGATE, text
    return obj, None, text


def _short(value: Any) -> str | None:
    return value[:100] if isinstance(value, str) else None


# Values already seen valid in this process (bounded): most rows repeat a few table names and
# many share timestamps, so the regex / fromisoformat work is done once per distinct value. Each maps to
# its first object: the rows then share one string per value (a worker's rows pickle the smaller for it).
_OK_TABLES: dict[str, str] = {}
_OK_TIMES: dict[str, str] = {}
_CACHE_MAX = 4096
_OPS = {"upsert": "upsert", "delete": "delete"}


def validate_change(obj: Any, line: int, text: str = "",
                    canonical: bytes | None = None) -> Change | tuple[str | None, str | None, str]:
    """A `Change` (carrying `text`, the line it was read from), or (table, uuid, reason) describing why the
    object is not a valid change. `canonical`: the line's bytes when `read_json_line` found them canonical."""
    if type(obj) is not dict:
        return None, None, R_OBJECT
    get = obj.get
    table = get("table")
    uuid = get("uuid")
    op = get("op")
    if op != "upsert" and op != "delete":
        return _short(table), _short(uuid), R_OP
    op = _OPS[op]
    known = _OK_TABLES.get(table) if type(table) is str else None
    if known is None:
        if type(table) is not str or TABLE_RE.fullmatch(table) is None:
            return _short(table), _short(uuid), R_TABLE
        if len(_OK_TABLES) < _CACHE_MAX:
            _OK_TABLES[table] = table
    else:
        table = known
    if type(uuid) is not str or UUID_RE.fullmatch(uuid) is None:
        return table, _short(uuid), R_UUID
    version = get("version")
    if type(version) is not int or not 1 <= version <= MAX_VERSION:
        return table, uuid, R_VERSION
    updated_at = get("updated_at")
    known = _OK_TIMES.get(updated_at) if type(updated_at) is str else None
    if known is None:
        if type(updated_at) is not str or not _is_aware_iso(updated_at):
            return table, uuid, R_UPDATED_AT
        if len(_OK_TIMES) >= _CACHE_MAX:
            _OK_TIMES.clear()
        _OK_TIMES[updated_at] = updated_at
    else:
        updated_at = known
    data = get("data")
    if type(data) is not dict:
        return table, uuid, R_DATA
    v = get("updated_by")
    if v is not None and type(v) is not str:
        return table, uuid, R_TEXT_FIELD.format(field="updated_by")
    v = get("reason")
    if v is not None and type(v) is not str:
        return table, uuid, R_TEXT_FIELD.format(field="reason")
    v = data.get("uuid", uuid)
    if v != uuid:
        return table, uuid, R_DATA_UUID
    v = data.get("version", version)
    if v != version or type(v) is not int:
        return table, uuid, R_DATA_VERSION
    digest = _data_digest(canonical, obj, data) if canonical is not None else None
    # tuple.__new__ directly: half the cost of the NamedTuple's own __new__, once per row of every package
    return _new_tuple(Change, (line, op, table, uuid, version, updated_at, data, obj, text, digest))


_DATA_HEAD, _DATA_END = b'{"data":{', b'},"'
_sha256 = hashlib.sha256
_new_tuple = tuple.__new__
# data, op, table, uuid, version, updated_at: the keys `validate_change` requires (updated_by and reason are
# counted when present)
_REQUIRED_KEYS = 6


def _data_digest(line: bytes, obj: dict, data: dict) -> bytes | None:
    """SHA-256 of `canonical_json(data)` taken from a canonical line whose first key is "data", a flat object
    (no object or list inside; floats are written differently by the json module): its bytes there are the
    canonical JSON, and they end at the first `},"` — inside a string every `"` is escaped and UTF-8 never
    has the byte of `"` in a multi-byte character — or, when "data" is the only key, before the last `}`.
    When the row has no other key than the validated ones (strings, integers, null: no `}` in them outside a
    string), that `},"` is also the last one, found from the end of the line (~150 bytes) rather than the start.
    None for any other line (the caller then encodes `data`); tests/sync/test_sync_rows.py compares the two."""
    if not line.startswith(_DATA_HEAD) or not FLAT_TYPES.issuperset(map(type, data.values())):
        return None
    if len(obj) == _REQUIRED_KEYS + ("updated_by" in obj) + ("reason" in obj):
        end = line.rfind(_DATA_END)
    else:
        end = line.find(_DATA_END, 8)
    return _sha256(line[8:end + 1] if end >= 0 else line[8:-1]).digest()


def _is_aware_iso(value: str) -> bool:
    if len(value) > 64:
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def check_change_for_writing(change: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise and validate a change before writing; raises ValueError (a programming error)."""
    row = dict(change)
    u = row.get("uuid")
    if u is not None and not isinstance(u, str):
        u = str(u)  # uuid.UUID
    if isinstance(u, str) and UUID_RE.fullmatch(u) is None and len(u) <= 64:
        try:
            u = str(uuid_mod.UUID(u))
        except ValueError:
            pass
    row["uuid"] = u
    data = row.get("data")
    if isinstance(data, Mapping) and type(data) is not dict:
        row["data"] = data = dict(data)
    if isinstance(data, dict) and "uuid" in data and not isinstance(data["uuid"], str) and data["uuid"] is not None:
        row["data"] = data = {**data, "uuid": str(data["uuid"])}
    result = validate_change(row, 0)
    if not isinstance(result, Change):
        raise ValueError(f"invalid change row ({result[0]} {result[1]}): {result[2]}")
    return row


def validate_ack_entry(obj: Any, line: int, returned: bool) -> AckEntry | tuple[str | None, str | None, str]:
    if type(obj) is not dict:
        return None, None, R_OBJECT
    table, uuid, version = obj.get("table"), obj.get("uuid"), obj.get("version")
    if type(table) is not str or TABLE_RE.fullmatch(table) is None:
        return _short(table), _short(uuid), R_TABLE
    if type(uuid) is not str or UUID_RE.fullmatch(uuid) is None:
        return table, _short(uuid), R_UUID
    if type(version) is not int or not 1 <= version <= MAX_VERSION:
        return table, uuid, R_VERSION
    reason = obj.get("reason")
    if returned:
        if type(reason) is not str or not reason.strip():
            return table, uuid, R_REASON
    else:
        reason = None
    return AckEntry(table, uuid, version, reason, line)
