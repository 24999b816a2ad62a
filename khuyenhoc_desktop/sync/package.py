"""Writing and reading `.khsync` packages (docs/sync-format.md).

Writing (commune):

    with PackageWriter() as w:
        for row in rows:            # full-state rows in change-counter order
            w.add_change(row)       # {"op", "table", "uuid", "version", "updated_at", "data", …}
        for event in audit:
            w.add_audit(event)
        w.set_reconciliation("award", [(uuid, version), …])
        info = w.finish(path, signing_key, {"sender": {...}, "seq": 12, "prev_package_sha256": "…",
                                           "schema_version": 3, "period": "2025-2026"})

Reading (province):

    pkg = open_package(path, decrypt_with=province_x25519_key)   # structure + manifest, unauthenticated
    key = registry[(pkg.sender.commune_code, pkg.sender.key_id)]
    pkg.verify(key)              # signature, every hash, every row; raises SyncFormatError, never partial
    for change in pkg.iter_changes(): ...
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid as uuid_mod
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import khuyenhoc_desktop
from khuyenhoc_desktop.gc_pause import gc_paused
from khuyenhoc_desktop.storage.files import atomic_output
from khuyenhoc_desktop.sync import envelope
from khuyenhoc_desktop.sync.canonical import canonical_text, is_sha256_hex, is_uuid, reconciliation_entry
from khuyenhoc_desktop.sync.container import (
    DEFAULT_LIMITS,
    DEFLATED,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    DeflateSpool,
    FileEntry,
    HashingWriter,
    Limits,
    OutEntry,
    StrictZip,
    check_stored_hash,
    iter_json_lines,
    iter_json_texts,
    read_file_bytes,
    verify_file_hashes,
    write_zip,
)
from khuyenhoc_desktop.sync.errors import (
    RowProblem,
    SyncFormatError,
    bad_manifest,
    bad_rows,
    damaged,
)
from khuyenhoc_desktop.sync.keys import encryption_public_key, fingerprint
from khuyenhoc_desktop.sync.rows import R_OBJECT, Change, check_change_for_writing, validate_change, _is_aware_iso
from khuyenhoc_desktop.sync.signed import SignedDocument

PACKAGE_SUFFIX = ".khsync"
CHANGES = "changes.jsonl"
AUDIT = "audit.jsonl"
MODES = ("delta", "full")
CODE_RE = re.compile(r"[0-9A-Za-z_.-]{1,32}")
WHAT = "gói đồng bộ Khuyến học"
# A commune exporting every minute for a century stays below this; above it a number cannot be stored in
# SQLite (2⁶³ raised OverflowError before the signature was even checked).
MAX_SEQ = 10**9


@dataclass(frozen=True)
class Sender:
    commune_code: str
    commune_name: str
    province_code: str
    key_id: str

    @property
    def label(self) -> str:
        return f"{self.commune_name} ({self.commune_code})" if self.commune_name else self.commune_code


@dataclass(frozen=True)
class PackageInfo:
    """What `PackageWriter.finish` wrote."""

    path: Path
    package_id: str
    seq: int
    sha256: str  # the package hash: SHA-256 of manifest.json's bytes (ledger key, next prev_package_sha256)
    file_sha256: str  # SHA-256 of the file as written (differs per encryption)
    size: int
    rows: int
    audit_rows: int
    counts: dict[str, dict[str, int]]
    encrypted: bool
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Verification:
    """Result of a successful `Package.verify`."""

    package_sha256: str
    key_id: str
    rows: int
    audit_rows: int
    counts: dict[str, dict[str, int]]


def package_file_name(province_code: str, commune_code: str, seq: int, day: date | None = None) -> str:
    """The suggested file name: KH_<province>_<commune>_<seq:06d>_<YYYYMMDD>.khsync"""
    day = day or datetime.now(timezone.utc).date()
    return f"KH_{province_code}_{commune_code}_{seq:06d}_{day:%Y%m%d}{PACKAGE_SUFFIX}"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- writing --------------------------------------------------------------------------------


class PackageWriter:
    """Stream change rows and audit events in, then `finish()` writes the signed package atomically.

    Rows are validated, canonicalised and deflated as they arrive (a temporary spool holds the
    compressed bytes), so memory stays small whatever the number of rows. Invalid input raises
    ValueError/TypeError: that is a programming error, not a user-facing refusal.
    """

    def __init__(self, *, limits: Limits = DEFAULT_LIMITS, deflate_level: int = 6) -> None:
        self.limits = limits
        self._changes = DeflateSpool(deflate_level)
        self._audit = DeflateSpool(deflate_level)
        self._counts: dict[str, dict[str, int]] = {}
        self._reconciliation: dict[str, dict[str, Any]] = {}
        self._done = False

    def __enter__(self) -> "PackageWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._done = True
        self._changes.close()
        self._audit.close()

    @property
    def rows(self) -> int:
        return sum(sum(ops.values()) for ops in self._counts.values())

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {t: dict(ops) for t, ops in self._counts.items()}

    def _check_open(self) -> None:
        if self._done:
            raise RuntimeError("PackageWriter is finished or closed")

    def _write_line(self, spool: DeflateSpool, line: bytes) -> None:
        if len(line) > self.limits.max_line_bytes:
            raise ValueError(f"row of {len(line)} bytes exceeds max_line_bytes")
        total = sum(sp.size + sp._pending_len for sp in (self._changes, self._audit)) + len(line) + 1
        if total > self.limits.max_total_uncompressed - self.limits.max_manifest_bytes:
            raise ValueError("package too large for one file: split it into several packages")
        spool.write(line + b"\n")

    def add_change(self, change: Mapping[str, Any]) -> None:
        """Add one full-state change row: op, table, uuid, version, updated_at, data (+ updated_by, reason…)."""
        self._check_open()
        row = check_change_for_writing(change)
        text = canonical_text(row)
        if "\\u0000" in text:  # the writer refuses what a reader would refuse
            raise ValueError("a change row may not contain the character NUL")
        self._write_line(self._changes, text.encode("utf-8"))
        ops = self._counts.get(row["table"])
        if ops is None:
            ops = self._counts[row["table"]] = {"upsert": 0, "delete": 0}
        ops[row["op"]] += 1

    def add_audit(self, event: Mapping[str, Any]) -> None:
        """Add one audit event (a JSON object: ts, user, action, table, uuid, version, field, before, after, reason)."""
        self._check_open()
        if not isinstance(event, Mapping):
            raise TypeError("an audit event is a mapping")
        self._write_line(self._audit, canonical_text(dict(event)).encode("utf-8"))

    def set_reconciliation(self, table: str, pairs: Iterable[tuple[str, int]]) -> None:
        """Record the commune's full (uuid, version) list of `table` after this package."""
        self._check_open()
        self._reconciliation[table] = reconciliation_entry(pairs)

    def _add_change_line(self, line: bytes, table: str = "", op: str = "") -> None:
        """Tests only: append raw bytes as a line, unvalidated (counted under table/op if given)."""
        self._changes.write(line + b"\n")
        if table:
            self._counts.setdefault(table, {"upsert": 0, "delete": 0})
            self._counts[table][op] = self._counts[table].get(op, 0) + 1

    def _add_audit_line(self, line: bytes) -> None:
        self._audit.write(line + b"\n")

    def build_manifest(self, signing_key: Ed25519PrivateKey, manifest_fields: Mapping[str, Any],
                       recipient: dict[str, str] | None = None) -> dict[str, Any]:
        m: dict[str, Any] = dict(manifest_fields)
        sender = dict(m.get("sender") or {})
        key_id = fingerprint(signing_key)
        if sender.get("key_id") not in (None, key_id):
            raise ValueError("sender.key_id does not match the signing key")
        sender["key_id"] = key_id
        sender.setdefault("commune_name", "")
        for name in ("commune_code", "province_code"):
            if not isinstance(sender.get(name), str) or not CODE_RE.fullmatch(sender[name]):
                raise ValueError(f"sender.{name} must be a code like '07462'")
        m["sender"] = sender
        for name in ("format", "format_version", "kind", "counts", "files"):
            m.pop(name, None)
        m.update(format=FORMAT, format_version=FORMAT_VERSION, kind="package")
        m.setdefault("app_version", khuyenhoc_desktop.__version__)
        m.setdefault("package_id", str(uuid_mod.uuid4()))
        m.setdefault("created_at", now_iso())
        m.setdefault("mode", "delta")
        m.setdefault("prev_package_sha256", None)
        if recipient is not None:
            m.setdefault("recipient", recipient)
        if self._reconciliation:
            m["reconciliation"] = {**(m.get("reconciliation") or {}), **self._reconciliation}
        m["counts"] = self.counts
        m["files"] = [
            FileEntry.from_spool(CHANGES, self._changes, self._changes.lines).to_json(),
            FileEntry.from_spool(AUDIT, self._audit, self._audit.lines).to_json(),
        ]
        try:
            _parse_package_fields(m)  # the writer refuses what a reader would refuse
        except SyncFormatError as exc:
            raise ValueError(exc.message) from None
        return m

    def finish(
        self,
        path: str | os.PathLike[str],
        signing_key: Ed25519PrivateKey,
        manifest_fields: Mapping[str, Any],
        *,
        encrypt_for: X25519PublicKey | bytes | str | None = None,
    ) -> PackageInfo:
        """Sign and write the package to `path` atomically; optionally encrypt it to the province.

        manifest_fields: sender {commune_code, commune_name, province_code}, seq, prev_package_sha256
        (None for seq 1), schema_version, and optionally mode ("delta"/"full"), period,
        catalog_version, change_range {from, to}, package_id, created_at, app_version,
        reconciliation, recipient, or any other field (readers ignore fields they don't know).
        """
        self._check_open()
        if not isinstance(signing_key, Ed25519PrivateKey):
            raise TypeError("signing_key must be an Ed25519 private key")
        recipient_key = encryption_public_key(encrypt_for) if encrypt_for is not None else None
        self._changes.finish()
        self._audit.finish()
        self._done = True
        try:
            sender_province = (manifest_fields.get("sender") or {}).get("province_code")
            recipient = ({"province_code": sender_province, "key_id": fingerprint(recipient_key)}
                         if recipient_key is not None else None)
            manifest = self.build_manifest(signing_key, manifest_fields, recipient)
            manifest_bytes = canonical_text(manifest).encode("utf-8")
            if len(manifest_bytes) > self.limits.max_manifest_bytes:
                raise ValueError("manifest too large")
            signature = signing_key.sign(manifest_bytes)
            entries = [
                OutEntry.stored(MANIFEST, manifest_bytes),
                OutEntry.stored(SIGNATURE, signature),
                OutEntry.deflated(CHANGES, self._changes),
                OutEntry.deflated(AUDIT, self._audit),
            ]
            if recipient_key is None:
                with atomic_output(path) as fh:  # write_zip looked up here: tests make it fail
                    hw = HashingWriter(fh)
                    write_zip(hw, entries)  # type: ignore[arg-type]
                file_sha, size = hw.sha.hexdigest(), hw.size
            else:
                buf = io.BytesIO()
                write_zip(buf, entries)
                blob = envelope.seal(buf.getvalue(), recipient_key, province_code=manifest["sender"]["province_code"],
                                     commune_code=manifest["sender"]["commune_code"], seq=manifest["seq"])
                with atomic_output(path) as fh:
                    fh.write(blob)
                file_sha, size = hashlib.sha256(blob).hexdigest(), len(blob)
        finally:
            self.close()
        return PackageInfo(
            path=Path(path),
            package_id=manifest["package_id"],
            seq=manifest["seq"],
            sha256=hashlib.sha256(manifest_bytes).hexdigest(),
            file_sha256=file_sha,
            size=size,
            rows=self._changes.lines,
            audit_rows=self._audit.lines,
            counts=manifest["counts"],
            encrypted=recipient_key is not None,
            manifest=manifest,
        )


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    package_id: str
    seq: int
    prev_package_sha256: str | None
    mode: str
    created_at: str
    sender: Sender
    schema_version: int
    app_version: str
    period: str | None
    counts: dict[str, dict[str, int]]
    reconciliation: dict[str, dict[str, Any]]


def _parse_counts(raw: Any) -> dict[str, dict[str, int]]:
    if not isinstance(raw, dict):
        raise bad_manifest("counts")
    out: dict[str, dict[str, int]] = {}
    for table, ops in raw.items():
        if not isinstance(ops, dict):
            raise bad_manifest("counts", str(table)[:40])
        for op, n in ops.items():
            if type(n) is not int or n < 0:
                raise bad_manifest("counts", str(table)[:40])
            if n:
                out.setdefault(table, {})[op] = n
    return out


def chain_fields(m: dict[str, Any]) -> tuple[int, str | None]:
    """A package's place in its sender's chain, type-checked: (`seq` 1 … MAX_SEQ, `prev_package_sha256` or
    None). Commune packages and the province's packages for the national hub number themselves alike."""
    seq = m.get("seq")
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise bad_manifest("seq")
    prev = m.get("prev_package_sha256")
    if prev is not None and not is_sha256_hex(prev):
        raise bad_manifest("prev_package_sha256")
    return seq, prev


def _parse_package_fields(m: dict[str, Any]) -> _Fields:
    """Type-check the fields a version-1 reader relies on; other fields are ignored."""
    if not is_uuid(m.get("package_id")):
        raise bad_manifest("package_id")
    seq, prev = chain_fields(m)
    mode = m.get("mode")
    if mode not in MODES:
        raise bad_manifest("mode")
    created_at = m.get("created_at")
    if not isinstance(created_at, str) or not _is_aware_iso(created_at):
        raise bad_manifest("created_at")
    s = m.get("sender")
    if not isinstance(s, dict):
        raise bad_manifest("sender")
    for name in ("commune_code", "province_code"):
        if not isinstance(s.get(name), str) or not CODE_RE.fullmatch(s[name]):
            raise bad_manifest(f"sender.{name}")
    if not isinstance(s.get("key_id"), str):
        raise bad_manifest("sender.key_id")
    name = s.get("commune_name", "")
    if not isinstance(name, str):
        raise bad_manifest("sender.commune_name")
    sender = Sender(s["commune_code"], name[:200], s["province_code"], s["key_id"][:64])
    schema_version = m.get("schema_version")
    if type(schema_version) is not int or schema_version < 0:
        raise bad_manifest("schema_version")
    app_version = m.get("app_version", "")
    if not isinstance(app_version, str):
        raise bad_manifest("app_version")
    period = m.get("period")
    if period is not None and not isinstance(period, str):
        raise bad_manifest("period")
    recon = m.get("reconciliation", {})
    if not isinstance(recon, dict):
        raise bad_manifest("reconciliation")
    for table, entry in recon.items():
        if (not isinstance(entry, dict) or type(entry.get("count")) is not int or entry["count"] < 0
                or not is_sha256_hex(entry.get("sha256"))):
            raise bad_manifest("reconciliation", str(table)[:40])
    return _Fields(m["package_id"], seq, prev, mode, created_at, sender, schema_version, app_version, period,
                   _parse_counts(m.get("counts")), recon)


class Package(SignedDocument):
    """An opened package. Until `verify()` succeeds, everything here is unauthenticated."""

    KIND = "package"
    WHAT = WHAT
    REQUIRED = (CHANGES,)
    KEY_ID_FIELD = "sender.key_id"

    def __init__(self, zf: StrictZip, manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                 files: dict[str, FileEntry], fields: _Fields, limits: Limits, path: Path | None,
                 envelope_header: envelope.EnvelopeHeader | None) -> None:
        super().__init__(zf, manifest, manifest_bytes, signature, files, limits, path)
        self.envelope = envelope_header
        self.package_id = fields.package_id
        self.seq = fields.seq
        self.prev_package_sha256 = fields.prev_package_sha256
        self.mode = fields.mode
        self.created_at = fields.created_at
        self.sender = fields.sender
        self.schema_version = fields.schema_version
        self.app_version = fields.app_version
        self.period = fields.period
        self.counts = fields.counts
        self.reconciliation = fields.reconciliation
        self.format_version: str = manifest["format_version"]
        self.catalog_version: Any = manifest.get("catalog_version")
        self.change_range: Any = manifest.get("change_range")
        self.problem_count = 0
        self._changes: list[Change] | None = None
        self._audit: list[dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"<Package {self.sender.commune_code} seq={self.seq} {self.sha256[:12]} verified={self.verified}>"

    @property
    def document_commune_code(self) -> str:
        return self.sender.commune_code

    @property
    def claimed_key_id(self) -> str:
        return self.sender.key_id

    def wrong_commune_message(self, expected_commune_code: str) -> str:
        return f"Gói này của xã {self.sender.label}, không phải của xã mã {expected_commune_code}"

    def forged_message(self) -> str:
        return f"Chữ ký không hợp lệ: tệp đã bị sửa hoặc không phải do xã {self.sender.label} gửi"

    @property
    def encrypted(self) -> bool:
        return self.envelope is not None

    @property
    def rows(self) -> int:
        return self.files[CHANGES].rows or 0

    @property
    def audit_rows(self) -> int:
        entry = self.files.get(AUDIT)
        return (entry.rows or 0) if entry is not None else 0

    # --- verification ---

    def authenticate_stored(self, public_key: Ed25519PublicKey | bytes | str, *,
                            expected_commune_code: str | None = None) -> bool:
        """The cheap half of `verify`, for a package the importer may have already: the expected commune, the
        signature over manifest.json, `sender.key_id`, and each listed file's bytes as stored (compressed)
        against the manifest's `compressed_sha256`. Nothing is decompressed or parsed, and the rows stay
        unreadable (`verified` is unchanged). Raises `SyncFormatError` as `verify` would.

        Returns True when that pins the whole content: every data entry is deflated (as §3 has them
        written), so its content is the one inflating those exact bytes gives — the content a `verify` of a
        package with this manifest checked before (the ledger's package hash is SHA-256 of the manifest).
        The other fields of an entry (size, CRC) were cross-checked between its two ZIP headers by
        `open_package`, the size against the manifest too. False (an entry stored, never written so): only
        `verify` can tell."""
        self.authenticate(public_key, expected_commune_code)
        for entry in self.files.values():
            check_stored_hash(self._zip, entry)
        return all(self._zip.entries[name].method == DEFLATED for name in self.files)

    def verify(self, public_key: Ed25519PublicKey | bytes | str, *,
               expected_commune_code: str | None = None,
               each_change: Callable[[Change], object] | None = None) -> Verification:
        """Check everything in one pass; raise `SyncFormatError` on the first reason to refuse.

        1. (optional) the package is from `expected_commune_code`;
        2. the Ed25519 signature of manifest.json with the commune's enrolled key;
        3. every listed file: stored-bytes SHA-256, content SHA-256, size and line count;
        4. every change row and audit event parses and type-checks; the counts per table and op
           match the manifest. Any bad row refuses the whole package (code "bad_rows", the rows
           are in `error.problems` and `self.problems`): an importer never applies part of one.

        `each_change` is called with every valid change row as it is read, in file order, before the
        package is known good: what it builds must be dropped if `verify` raises. The rows are then not kept
        (`iter_changes` reads them again): the province's worker prepares each row while it is still in the
        CPU's cache, where a second pass over 6,000 parsed rows is as slow as fetching them from memory.
        """
        key_id = self.authenticate(public_key, expected_commune_code)
        self.verified = False
        self.problems, self.problem_count = [], 0

        problems: list[RowProblem] = []
        counter = [0]

        def problem(p: RowProblem) -> None:
            counter[0] += 1
            if len(problems) < self.limits.max_problems:
                problems.append(p)

        changes_entry = self.files[CHANGES]
        cache_changes = each_change is None and changes_entry.size <= self.limits.cache_rows_up_to_bytes
        changes: list[Change] = []
        counts: dict[str, dict[str, int]] = {}

        def consume_changes(chunks: Iterator[bytes]) -> None:
            for ch in _parse_changes(chunks, self.limits.max_line_bytes, problem):
                ops = counts.get(ch.table)
                if ops is None:
                    ops = counts[ch.table] = {}
                ops[ch.op] = ops.get(ch.op, 0) + 1
                if cache_changes:
                    changes.append(ch)
                elif each_change is not None:
                    each_change(ch)

        with gc_paused():  # thousands of new dicts: cyclic GC passes would only slow this down
            verify_file_hashes(self._zip, changes_entry, consume_changes)

        audit: list[dict[str, Any]] = []
        audit_count = 0
        audit_entry = self.files.get(AUDIT)
        cache_audit = audit_entry is not None and audit_entry.size <= self.limits.cache_rows_up_to_bytes
        if audit_entry is not None:

            def consume_audit(chunks: Iterator[bytes]) -> None:
                nonlocal audit_count
                for ev in _parse_audit(chunks, self.limits.max_line_bytes, problem):
                    audit_count += 1
                    if cache_audit:
                        audit.append(ev)

            verify_file_hashes(self._zip, audit_entry, consume_audit)
        for entry in self.files.values():
            if entry.name not in (CHANGES, AUDIT):
                verify_file_hashes(self._zip, entry, _count_lines_consumer(entry))

        if counter[0]:
            self.problems, self.problem_count = problems, counter[0]
            raise bad_rows(problems, counter[0])
        n_rows = sum(sum(ops.values()) for ops in counts.values())
        if n_rows != changes_entry.rows or counts != self.counts:
            raise damaged("số dòng trong gói khác với bản kê")
        if audit_entry is not None and audit_entry.rows is not None and audit_count != audit_entry.rows:
            raise damaged("số sự kiện nhật ký khác với bản kê")
        self._changes = changes if cache_changes else None
        self._audit = audit if cache_audit else None
        self.verified = True
        return Verification(self.sha256, key_id, n_rows, audit_count, {t: dict(o) for t, o in counts.items()})

    def _require_verified(self) -> None:
        if not self.verified:
            raise RuntimeError("call Package.verify(public_key) before reading rows")

    def iter_changes(self) -> Iterator[Change]:
        """The change rows in file order (= the commune's change-counter order). Only after verify()."""
        self._require_verified()
        if self._changes is not None:
            return iter(self._changes)
        return _parse_changes(self._zip.iter_chunks(CHANGES), self.limits.max_line_bytes, _never)

    def iter_audit(self) -> Iterator[dict[str, Any]]:
        """The audit events in file order. Only after verify()."""
        self._require_verified()
        if AUDIT not in self.files:
            return iter(())
        if self._audit is not None:
            return iter(self._audit)
        return _parse_audit(self._zip.iter_chunks(AUDIT), self.limits.max_line_bytes, _never)

    def read_file(self, name: str) -> bytes:
        """The content of another listed file (reserved for later minor versions). Only after verify()."""
        self._require_verified()
        if name not in self.files:
            raise KeyError(name)
        return self._zip.read(name)


def _never(p: RowProblem) -> None:  # re-reading verified bytes cannot find a problem
    raise damaged(p.describe())


def _count_lines_consumer(entry: FileEntry):
    def consume(chunks: Iterator[bytes]) -> None:
        n = 0
        for chunk in chunks:
            n += chunk.count(b"\n")
        if entry.rows is not None and n != entry.rows:
            raise damaged(f"{entry.name}: số dòng khác với bản kê")

    return consume


def _parse_changes(chunks: Iterator[bytes], max_line: int, problem) -> Iterator[Change]:
    for n, obj, text, canonical in iter_json_texts(chunks, max_line, problem):
        result = validate_change(obj, n, text, canonical)
        if type(result) is Change:
            yield result
        else:
            problem(RowProblem(n, result[0], result[1], result[2]))


def _parse_audit(chunks: Iterator[bytes], max_line: int, problem) -> Iterator[dict[str, Any]]:
    for n, obj in iter_json_lines(chunks, max_line, problem, AUDIT):
        if type(obj) is not dict:
            problem(RowProblem(n, None, None, R_OBJECT, AUDIT))
        else:
            yield obj


def read_package_bytes(data: bytes, *, decrypt_with: X25519PrivateKey | None = None,
                       limits: Limits = DEFAULT_LIMITS, path: str | os.PathLike[str] | None = None) -> Package:
    """Like `open_package`, for a package already in memory."""
    Package.check_size(data, limits)
    header = None
    if data.startswith(envelope.MAGIC):
        header, data = envelope.open_sealed(data, decrypt_with)
    zf, manifest, manifest_bytes, signature, files = Package.open_zip(data, limits, unsealed=header is not None)
    fields = _parse_package_fields(manifest)
    if header is not None and (
        header.commune_code != fields.sender.commune_code
        or header.province_code != fields.sender.province_code
        or header.seq != fields.seq
    ):
        raise damaged("phần đầu tệp mã hóa không khớp với bản kê bên trong")
    return Package(zf, manifest, manifest_bytes, signature, files, fields, limits,
                   Path(path) if path is not None else None, header)


def open_package(path: str | os.PathLike[str], *, decrypt_with: X25519PrivateKey | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Package:
    """Open a `.khsync` file: size limits, decryption, ZIP structure, manifest format and fields.

    Nothing is authenticated yet: call `verify(commune_public_key)` before trusting anything.
    Raises `SyncFormatError` (Vietnamese message, `.code`) for every refusal.
    """
    return read_package_bytes(read_file_bytes(path, limits), decrypt_with=decrypt_with, limits=limits, path=path)
