"""Shared builders for the sync format tests (imported as a plain module)."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any, Callable

from khuyenhoc_desktop.sync import PackageWriter, generate_signing_key
from khuyenhoc_desktop.sync.canonical import canonical_json
from khuyenhoc_desktop.sync.container import (
    MANIFEST,
    SIGNATURE,
    DeflateSpool,
    FileEntry,
    OutEntry,
    StrictZip,
    write_zip,
)

COMMUNE_KEY = generate_signing_key()
OTHER_KEY = generate_signing_key()
SENDER = {"commune_code": "07462", "commune_name": "Tân Dĩnh", "province_code": "24"}
FIELDS = {"sender": SENDER, "seq": 1, "prev_package_sha256": None, "schema_version": 3, "period": "2025-2026"}


def award_row(i: int, version: int = 1, op: str = "upsert") -> dict[str, Any]:
    u = str(uuid.UUID(int=i + 1))
    return {
        "op": op,
        "table": "award",
        "uuid": u,
        "version": version,
        "updated_at": "2025-11-27T10:00:00+07:00",
        "updated_by": "Nguyễn Văn Thắng",
        "data": {
            "uuid": u,
            "version": version,
            "member_uuid": str(uuid.UUID(int=10_000 + i)),
            "student_name": f"Nguyễn Thị Minh Ánh {i}",
            "school": "Trường THCS Tân Dĩnh",
            "achievement": "Học sinh giỏi cấp tỉnh",
            "prize": "Giải Nhì",
            "amount": 500000 + i,
            "school_year": "2024-2025",
            "decision_no": f"{i}/QĐ-KH",
            "deleted": 1 if op == "delete" else 0,
        },
    }


def audit_event(i: int) -> dict[str, Any]:
    return {"ts": "2025-11-27T10:00:00+00:00", "user": "admin", "action": "update", "table": "award",
            "uuid": str(uuid.UUID(int=i + 1)), "version": 1, "field": "amount", "before": 0, "after": 500000}


def write_package(path, rows=3, *, key=COMMUNE_KEY, fields=None, encrypt_for=None, audit=1, extra_rows=()):
    with PackageWriter() as w:
        for i in range(rows):
            w.add_change(award_row(i))
        for r in extra_rows:
            w.add_change(r)
        for i in range(audit):
            w.add_audit(audit_event(i))
        w.set_reconciliation("award", [(str(uuid.UUID(int=i + 1)), 1) for i in range(rows)])
        return w.finish(path, key, fields or FIELDS, encrypt_for=encrypt_for)


def package_bytes(tmp_path, rows=3, **kw) -> bytes:
    path = tmp_path / f"p{uuid.uuid4().hex[:8]}.khsync"
    write_package(path, rows, **kw)
    return path.read_bytes()


def rebuild(data: bytes, *, key=COMMUNE_KEY, mutate: Callable[[dict], Any] | None = None,
            files: dict[str, bytes] | None = None, manifest_bytes: bytes | None = None,
            sizes: dict[str, int] | None = None) -> bytes:
    """Re-sign a package after changing its manifest and/or file contents (hashes recomputed)."""
    zf = StrictZip(data)
    manifest = json.loads(zf.read(MANIFEST))
    contents = {n: zf.read(n) for n in zf.entries if n not in (MANIFEST, SIGNATURE)}
    contents.update(files or {})
    spools = {}
    for name, content in contents.items():
        s = DeflateSpool()
        s.write(content)
        s.finish()
        spools[name] = s
    manifest["files"] = [FileEntry.from_spool(n, s, s.lines).to_json() for n, s in spools.items()]
    for f in manifest["files"]:
        if sizes and f["name"] in sizes:
            f["size"] = sizes[f["name"]]
    if mutate is not None:
        mutate(manifest)
    mb = manifest_bytes if manifest_bytes is not None else canonical_json(manifest)
    entries = [OutEntry.stored(MANIFEST, mb), OutEntry.stored(SIGNATURE, key.sign(mb))]
    for n, s in spools.items():
        e = OutEntry.deflated(n, s)
        if sizes and n in sizes:
            e.size = sizes[n]
        entries.append(e)
    buf = io.BytesIO()
    write_zip(buf, entries)
    return buf.getvalue()


def jsonl(objs) -> bytes:
    return b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objs)
