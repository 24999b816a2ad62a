"""Change rows, audit events and acknowledgement entries: one JSON object per JSONL line.

Writers and readers share the validators here, so a writer can never produce a row that a
reader of the same version refuses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from typing import Any, Mapping, NamedTuple

from khuyenhoc_desktop.sync.canonical import UUID_RE, sha256_of_json

OPS = ("upsert", "delete")
TABLE_RE = re.compile(r"[a-z][a-z0-9_]{0,62}")

# Vietnamese reasons for RowProblem.reason_vi
R_UTF8 = "Dòng không phải văn bản UTF-8 hợp lệ"
R_NFC = "Văn bản trong dòng không ở dạng Unicode NFC"
R_JSON = "Dòng không phải JSON hợp lệ"
R_EMPTY = "Dòng trống"
R_OBJECT = "Dòng không phải một đối tượng JSON"
R_TOO_LONG = "Dòng quá dài"
R_NO_NEWLINE = "Dòng cuối thiếu ký tự xuống dòng"
R_OP = "Thao tác (op) phải là “upsert” hoặc “delete”"
R_TABLE = "Tên bảng (table) không hợp lệ"
R_UUID = "Mã định danh (uuid) không hợp lệ"
R_VERSION = "Phiên bản (version) phải là số nguyên từ 1 trở lên"
R_UPDATED_AT = "Thời điểm sửa (updated_at) phải là ngày giờ ISO-8601 có múi giờ"
R_DATA = "Dữ liệu (data) phải là một đối tượng JSON"
R_TEXT_FIELD = "Trường {field} phải là chuỗi văn bản"
R_DATA_UUID = "uuid trong data khác uuid của dòng"
R_DATA_VERSION = "version trong data khác version của dòng"
R_REASON = "Lý do trả lại (reason) phải là chuỗi văn bản không rỗng"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


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

    @property
    def deleted(self) -> bool:
        return self.op == "delete"

    def content_sha256(self) -> str:
        """SHA-256 of the canonical JSON of `data`: the "same version, same content?" test."""
        return sha256_of_json(self.data)


class AckEntry(NamedTuple):
    """One accepted (reason None) or returned record in an acknowledgement."""

    table: str
    uuid: str
    version: int
    reason: str | None = None
    line: int = 0


def parse_json_line(line: bytes) -> tuple[Any, str | None]:
    """(object, None) or (None, Vietnamese reason)."""
    if not line:
        return None, R_EMPTY
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None, R_UTF8
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        return None, R_NFC
    try:
        return _DECODER.decode(text), None
    except (ValueError, RecursionError):
        return None, R_JSON


def _short(value: Any) -> str | None:
    return value[:100] if isinstance(value, str) else None


def validate_change(obj: Any, line: int) -> Change | tuple[str | None, str | None, str]:
    """A `Change`, or (table, uuid, reason) describing why the object is not a valid change."""
    if type(obj) is not dict:
        return None, None, R_OBJECT
    table = obj.get("table")
    uuid = obj.get("uuid")
    op = obj.get("op")
    if op != "upsert" and op != "delete":
        return _short(table), _short(uuid), R_OP
    if type(table) is not str or TABLE_RE.fullmatch(table) is None:
        return _short(table), _short(uuid), R_TABLE
    if type(uuid) is not str or UUID_RE.fullmatch(uuid) is None:
        return table, _short(uuid), R_UUID
    version = obj.get("version")
    if type(version) is not int or version < 1:
        return table, uuid, R_VERSION
    updated_at = obj.get("updated_at")
    if type(updated_at) is not str or not _is_aware_iso(updated_at):
        return table, uuid, R_UPDATED_AT
    data = obj.get("data")
    if type(data) is not dict:
        return table, uuid, R_DATA
    for field in ("updated_by", "reason"):
        v = obj.get(field)
        if v is not None and type(v) is not str:
            return table, uuid, R_TEXT_FIELD.format(field=field)
    if "uuid" in data and data["uuid"] != uuid:
        return table, uuid, R_DATA_UUID
    if "version" in data and data["version"] != version:
        return table, uuid, R_DATA_VERSION
    return Change(line, op, table, uuid, version, updated_at, data, obj)


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
        import uuid as _uuid

        try:
            u = str(_uuid.UUID(u))
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
    if type(version) is not int or version < 1:
        return table, uuid, R_VERSION
    reason = obj.get("reason")
    if returned:
        if type(reason) is not str or not reason.strip():
            return table, uuid, R_REASON
    else:
        reason = None
    return AckEntry(table, uuid, version, reason, line)
