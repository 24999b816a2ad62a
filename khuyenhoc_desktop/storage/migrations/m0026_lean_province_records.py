"""A leaner province store: `prov_record` no longer keeps every change row the communes sent.

* `content_sha256` becomes the 32 bytes of SHA-256 of the canonical JSON of the row's data (the conflict rule
  compares it: same version, other hash → conflict), computed here from the kept line for every record (the
  import left it empty until needed), from then on at import;
* `origin_code`: the line's `data.origin_code` (the old commune a merged copy came from, '' = the commune's
  own), the only other thing the import read from a stored line;
* `data` (the line) is kept only for the tables whose line the province reads (LINE_TABLES: the ones without
  a typed copy, members and units for their names) and NULL for the rest: awards, classes, vouchers and the
  other typed tables are their typed copies. 1.2 million awards took 1.7 GB, three quarters of it those lines.

The table is rebuilt (its column types change), so the file keeps its old size until it is compacted:
`VACUUM_AFTER` asks the runner (storage.database) to VACUUM once the migrations are committed.

Written out here, not imported: a migration stays as written. The canonical form is the format's
(docs/sync-format.md §2): keys sorted, no whitespace, non-ASCII as itself, strings NFC.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

VERSION = 26
DESCRIPTION = "Kho dữ liệu tỉnh gọn hơn: mã băm nội dung 32 byte, chỉ giữ dòng gốc cho các bảng cần đọc"
VACUUM_AFTER = True

LINE_TABLES = ("catalog_item", "award_rate", "voucher_link", "fund_opening", "fund_lock", "cash_count",
               "class_learner", "meeting", "bank_account", "member", "org_unit")

_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _nfc(obj):
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        return {unicodedata.normalize("NFC", k): _nfc(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_nfc(v) for v in obj]
    return obj


def canonical_hash(data) -> bytes:
    """SHA-256 (32 bytes) of the canonical JSON of a row's data."""
    text = _ENCODER.encode(data)
    if not unicodedata.is_normalized("NFC", text):
        text = _ENCODER.encode(_nfc(data))
    return hashlib.sha256(text.encode("utf-8")).digest()


class StoredLine:
    """The SQL functions' view of one stored line, parsed once for both (hash, then origin, same row)."""

    def __init__(self) -> None:
        self.raw: str | None = None
        self.data: dict = {}

    def _parse(self, raw: str) -> dict:
        if raw != self.raw:
            data = json.loads(raw).get("data")
            self.raw, self.data = raw, data if isinstance(data, dict) else {}
        return self.data

    def hash(self, raw: str) -> bytes:
        return canonical_hash(self._parse(raw))

    def origin(self, raw: str) -> str:
        if '"origin_code"' not in raw:
            return ""
        origin = self._parse(raw).get("origin_code")
        return origin if isinstance(origin, str) else ""


STATEMENTS = (
    """CREATE TABLE prov_record_lean (
        commune_code TEXT NOT NULL,
        uuid TEXT NOT NULL,
        table_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_sha256 BLOB NOT NULL,  -- SHA-256 of the canonical JSON of the row's data, 32 bytes
        deleted INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT '',
        seq INTEGER NOT NULL DEFAULT 0,
        origin_code TEXT NOT NULL DEFAULT '',  -- data.origin_code: the old commune a merged copy came from
        data TEXT,  -- the change row as received, only for LINE_TABLES
        PRIMARY KEY (commune_code, uuid)
    )""",
    "INSERT INTO prov_record_lean(commune_code, uuid, table_name, version, content_sha256, deleted, updated_at, seq,"
    " origin_code, data)"
    " SELECT commune_code, uuid, table_name, version, m0026_hash(data), deleted, updated_at, seq, m0026_origin(data),"
    f" CASE WHEN table_name IN ({', '.join(repr(t) for t in LINE_TABLES)}) THEN data END"
    " FROM prov_record ORDER BY commune_code, uuid",
    "DROP TABLE prov_record",
    "ALTER TABLE prov_record_lean RENAME TO prov_record",
    # as migration 0005 made it: only the few opening balances need finding by table
    "CREATE INDEX prov_record_fund_opening ON prov_record(commune_code) WHERE table_name = 'fund_opening'",
)


def up(conn) -> None:
    line = StoredLine()
    conn.create_function("m0026_hash", 1, line.hash)
    conn.create_function("m0026_origin", 1, line.origin)
    try:
        for statement in STATEMENTS:
            conn.execute(statement)
    finally:
        conn.create_function("m0026_hash", 1, None)
        conn.create_function("m0026_origin", 1, None)
