"""The province's signed acknowledgement (biên nhận), a `.khack` file (docs/sync-format.md §8).

Same container as a package: manifest.json (kind "ack") + manifest.sig (the province's
Ed25519 key) + accepted.jsonl + returned.jsonl, one record per line:

    accepted.jsonl  {"table": "award", "uuid": "…", "version": 7}
    returned.jsonl  {"reason": "Thiếu số quyết định", "table": "award", "uuid": "…", "version": 7}
"""

from __future__ import annotations

import hashlib
import os
import uuid as uuid_mod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

import khuyenhoc_desktop
from khuyenhoc_desktop.sync.canonical import canonical_text, is_sha256_hex, is_uuid
from khuyenhoc_desktop.sync.container import (
    DEFAULT_LIMITS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    DeflateSpool,
    FileEntry,
    Limits,
    OutEntry,
    StrictZip,
    iter_json_lines,
    read_file_bytes,
    verify_file_hashes,
    write_zip_file,
)
from khuyenhoc_desktop.sync.errors import (
    RowProblem,
    SyncFormatError,
    bad_manifest,
    bad_rows,
    damaged,
)
from khuyenhoc_desktop.sync.keys import fingerprint
from khuyenhoc_desktop.sync.package import CODE_RE, now_iso
from khuyenhoc_desktop.sync.rows import AckEntry, validate_ack_entry
from khuyenhoc_desktop.sync.rows import _is_aware_iso
from khuyenhoc_desktop.sync.signed import SignedDocument

ACK_SUFFIX = ".khack"
ACCEPTED = "accepted.jsonl"
RETURNED = "returned.jsonl"
WHAT = "biên nhận đồng bộ Khuyến học"
R_DUPLICATE = "Bản ghi xuất hiện hai lần trong biên nhận"


@dataclass(frozen=True)
class AckInfo:
    path: Path
    ack_id: str
    sha256: str  # SHA-256 of manifest.json's bytes
    file_sha256: str
    size: int
    province_code: str
    commune_code: str
    up_to_seq: int
    accepted: int
    returned: int
    manifest: dict[str, Any]


def ack_file_name(province_code: str, commune_code: str, up_to_seq: int) -> str:
    return f"KH_{province_code}_{commune_code}_{up_to_seq:06d}_bien-nhan{ACK_SUFFIX}"


def _entry(item: Any, returned: bool) -> dict[str, Any]:
    if isinstance(item, AckEntry):
        d = item._asdict()
    elif isinstance(item, Mapping):
        d = dict(item)
    else:
        t = tuple(item)
        keys = ("table", "uuid", "version", "reason") if returned else ("table", "uuid", "version")
        if len(t) != len(keys):
            raise ValueError(f"expected {keys}, got {item!r}")
        d = dict(zip(keys, t))
    d = {k: v for k, v in d.items() if k in ("table", "uuid", "version", "reason") and v is not None}
    if not returned:
        d.pop("reason", None)
    if d.get("uuid") is not None and not isinstance(d["uuid"], str):
        d["uuid"] = str(d["uuid"])
    result = validate_ack_entry(d, 0, returned)
    if not isinstance(result, AckEntry):
        raise ValueError(f"invalid acknowledgement entry {item!r}: {result[2]}")
    return d


def write_ack(
    path: str | os.PathLike[str],
    signing_key: Ed25519PrivateKey,
    *,
    province_code: str,
    commune_code: str,
    up_to_seq: int,
    accepted: Iterable[Any] = (),
    returned: Iterable[Any] = (),
    province_name: str = "",
    last_package_sha256: str | None = None,
    period_locks: list[Any] | None = None,
    created_at: str | None = None,
    ack_id: str | None = None,
    extra_fields: Mapping[str, Any] | None = None,
) -> AckInfo:
    """Write a signed acknowledgement atomically.

    accepted: (table, uuid, version) tuples, AckEntry or mappings; returned: (table, uuid,
    version, reason). `last_package_sha256` is the package hash of package `up_to_seq`.
    """
    if not isinstance(signing_key, Ed25519PrivateKey):
        raise TypeError("signing_key must be an Ed25519 private key")
    for name, code in (("province_code", province_code), ("commune_code", commune_code)):
        if not isinstance(code, str) or not CODE_RE.fullmatch(code):
            raise ValueError(f"{name} must be a code like '07462'")
    if type(up_to_seq) is not int or up_to_seq < 0:
        raise ValueError("up_to_seq must be an int >= 0")
    if last_package_sha256 is not None and not is_sha256_hex(last_package_sha256):
        raise ValueError("last_package_sha256 must be 64 lower-case hex digits")
    spools = {ACCEPTED: DeflateSpool(), RETURNED: DeflateSpool()}
    try:
        seen: set[tuple[str, str]] = set()
        for name, items in ((ACCEPTED, accepted), (RETURNED, returned)):
            for item in items:
                d = _entry(item, name == RETURNED)
                if (d["table"], d["uuid"]) in seen:
                    raise ValueError(f"record listed twice: {d['table']} {d['uuid']}")
                seen.add((d["table"], d["uuid"]))
                spools[name].write(canonical_text(d).encode("utf-8") + b"\n")
        for spool in spools.values():
            spool.finish()
        manifest: dict[str, Any] = dict(extra_fields or {})
        manifest.update(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            kind="ack",
            app_version=khuyenhoc_desktop.__version__,
            ack_id=ack_id or str(uuid_mod.uuid4()),
            created_at=created_at or now_iso(),
            province_code=province_code,
            province_name=province_name,
            commune_code=commune_code,
            key_id=fingerprint(signing_key),
            up_to_seq=up_to_seq,
            last_package_sha256=last_package_sha256,
            counts={"accepted": spools[ACCEPTED].lines, "returned": spools[RETURNED].lines},
            files=[FileEntry.from_spool(n, s, s.lines).to_json() for n, s in spools.items()],
        )
        if period_locks is not None:
            manifest["period_locks"] = list(period_locks)
        try:
            _parse_ack_fields(manifest)
        except SyncFormatError as exc:
            raise ValueError(exc.message) from None
        manifest_bytes = canonical_text(manifest).encode("utf-8")
        entries = [
            OutEntry.stored(MANIFEST, manifest_bytes),
            OutEntry.stored(SIGNATURE, signing_key.sign(manifest_bytes)),
            OutEntry.deflated(ACCEPTED, spools[ACCEPTED]),
            OutEntry.deflated(RETURNED, spools[RETURNED]),
        ]
        file_sha, size = write_zip_file(path, entries)
    finally:
        for spool in spools.values():
            spool.close()
    return AckInfo(Path(path), manifest["ack_id"], hashlib.sha256(manifest_bytes).hexdigest(), file_sha,
                   size, province_code, commune_code, up_to_seq, spools[ACCEPTED].lines,
                   spools[RETURNED].lines, manifest)


def _parse_ack_fields(m: dict[str, Any]) -> None:
    if not is_uuid(m.get("ack_id")):
        raise bad_manifest("ack_id")
    for name in ("province_code", "commune_code"):
        if not isinstance(m.get(name), str) or not CODE_RE.fullmatch(m[name]):
            raise bad_manifest(name)
    if not isinstance(m.get("key_id"), str):
        raise bad_manifest("key_id")
    if not isinstance(m.get("province_name", ""), str):
        raise bad_manifest("province_name")
    seq = m.get("up_to_seq")
    if type(seq) is not int or seq < 0:
        raise bad_manifest("up_to_seq")
    last = m.get("last_package_sha256")
    if last is not None and not is_sha256_hex(last):
        raise bad_manifest("last_package_sha256")
    if not isinstance(m.get("created_at"), str) or not _is_aware_iso(m["created_at"]):
        raise bad_manifest("created_at")


class Ack(SignedDocument):
    """An opened acknowledgement; unauthenticated until `verify()` succeeds."""

    KIND = "ack"
    WHAT = WHAT
    REQUIRED = (ACCEPTED, RETURNED)

    def __init__(self, zf: StrictZip, manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                 files: dict[str, FileEntry], limits: Limits, path: Path | None) -> None:
        super().__init__(zf, manifest, manifest_bytes, signature, files, limits, path)
        self.ack_id: str = manifest["ack_id"]
        self.province_code: str = manifest["province_code"]
        self.province_name: str = manifest.get("province_name", "")[:200]
        self.commune_code: str = manifest["commune_code"]
        self.key_id: str = manifest["key_id"][:64]
        self.up_to_seq: int = manifest["up_to_seq"]
        self.last_package_sha256: str | None = manifest.get("last_package_sha256")
        self.created_at: str = manifest["created_at"]
        self.period_locks: Any = manifest.get("period_locks", [])
        self.accepted: list[AckEntry] = []
        self.returned: list[AckEntry] = []

    def __repr__(self) -> str:
        return f"<Ack {self.province_code}->{self.commune_code} up_to_seq={self.up_to_seq} verified={self.verified}>"

    @property
    def document_commune_code(self) -> str:
        return self.commune_code

    @property
    def claimed_key_id(self) -> str:
        return self.key_id

    def wrong_commune_message(self, expected_commune_code: str) -> str:
        return f"Biên nhận này gửi cho xã mã {self.commune_code}, không phải xã mã {expected_commune_code}"

    def forged_message(self) -> str:
        label = f"{self.province_name} ({self.province_code})" if self.province_name else self.province_code
        return f"Chữ ký không hợp lệ: biên nhận đã bị sửa hoặc không phải do tỉnh {label} gửi"

    def verify(self, public_key: Ed25519PublicKey | bytes | str, *, expected_commune_code: str | None = None) -> None:
        """Check the province's signature, every file hash and every entry; fills accepted/returned."""
        self.authenticate(public_key, expected_commune_code)
        problems: list[RowProblem] = []
        seen: set[tuple[str, str]] = set()
        lists: dict[str, list[AckEntry]] = {ACCEPTED: [], RETURNED: []}
        for name in (ACCEPTED, RETURNED):
            entry = self.files[name]

            def consume(chunks: Iterator[bytes], name: str = name) -> None:
                for n, obj in iter_json_lines(chunks, self.limits.max_line_bytes, problems.append, name):
                    result = validate_ack_entry(obj, n, name == RETURNED)
                    if not isinstance(result, AckEntry):
                        problems.append(RowProblem(n, result[0], result[1], result[2], name))
                    elif (result.table, result.uuid) in seen:
                        problems.append(RowProblem(n, result.table, result.uuid, R_DUPLICATE, name))
                    else:
                        seen.add((result.table, result.uuid))
                        lists[name].append(result)

            verify_file_hashes(self._zip, entry, consume)
        for entry in self.files.values():
            if entry.name not in (ACCEPTED, RETURNED):
                verify_file_hashes(self._zip, entry)
        if problems:
            self.problems = problems[: self.limits.max_problems]
            raise bad_rows(self.problems, len(problems), "Biên nhận")
        for name in (ACCEPTED, RETURNED):
            if len(lists[name]) != self.files[name].rows:
                raise damaged(f"{name}: số dòng khác với bản kê")
        self.accepted, self.returned = lists[ACCEPTED], lists[RETURNED]
        self.verified = True


def read_ack_bytes(data: bytes, *, limits: Limits = DEFAULT_LIMITS, path: str | os.PathLike[str] | None = None) -> Ack:
    Ack.check_size(data, limits)
    zf, manifest, manifest_bytes, signature, files = Ack.open_zip(data, limits)
    _parse_ack_fields(manifest)
    return Ack(zf, manifest, manifest_bytes, signature, files, limits, Path(path) if path is not None else None)


def open_ack(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Ack:
    """Open a `.khack` file (structure and manifest); then call `verify(province_public_key)`."""
    return read_ack_bytes(read_file_bytes(path, limits), limits=limits, path=path)
