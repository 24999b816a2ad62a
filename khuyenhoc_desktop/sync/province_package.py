"""The province's signed package of figures for the national hub, a `.khprov` file (docs/sync-format.md §14).

The same family as the commune's package and the biên nhận: the strict ZIP container (§3), a canonical
manifest.json (kind "province_package") signed with the province's Ed25519 key — the key it signs its
biên nhận with, whose public card (.khkey, role "province") the hub registers — and one data file:

    figures.jsonl  one line per period and unit, in the order (period, commune):
        {"commune_code": "", "figures": {…the province's totals…}, "name": "Bắc Ninh", "period": "2024-2025"}
        {"commune_code": "07462", "figures": {…that commune's block…}, "name": "Tân Dĩnh", "period": "2024-2025"}

`period` is "" (every date) or a school year "YYYY-YYYY"; `commune_code` "" is the province's own line. The
figures are the province's `summary` sections as the province computed them; this module checks their
shape (the counts and amounts every reader adds up are whole numbers), not what they mean.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid as uuid_mod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

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
from khuyenhoc_desktop.sync.errors import WRONG_KIND, RowProblem, SyncFormatError, bad_manifest, bad_rows, damaged
from khuyenhoc_desktop.sync.keys import fingerprint
from khuyenhoc_desktop.sync.package import CODE_RE, MAX_SEQ, chain_fields, now_iso
from khuyenhoc_desktop.sync.rows import _is_aware_iso
from khuyenhoc_desktop.sync.signed import SignedDocument

PROVINCE_PACKAGE_SUFFIX = ".khprov"
KIND = "province_package"
FIGURES = "figures.jsonl"
WHAT = "gói số liệu của tỉnh (.khprov)"
PERIOD_RE = re.compile(r"(?:\d{4}-\d{4})?")
# The whole numbers of a unit's block that the hub adds up (section → keys); the rest travels as it is.
SUMMED = {"awards": ("count", "amount"), "classes": ("count", "learners", "women", "minority"),
          "fund": ("opening", "receipts", "payments", "balance", "vouchers")}
MAX_FIGURE = 10**15  # a sum of amounts in đồng over a province, far above any real one

R_OBJECT = "Dòng không phải đối tượng JSON có đủ trường period, commune_code, name, figures"
R_PERIOD = "Kỳ số liệu không có trong bản kê"
R_CODE = "Mã xã không hợp lệ"
R_DUPLICATE = "Đơn vị xuất hiện hai lần trong cùng kỳ"


def province_package_file_name(province_code: str, seq: int) -> str:
    return f"KH_{province_code}_{seq:06d}_so-lieu-tinh{PROVINCE_PACKAGE_SUFFIX}"


@dataclass(frozen=True)
class FigureLine:
    line: int
    period: str
    commune_code: str  # "" = the province's own totals
    name: str
    figures: dict[str, Any]
    raw: str  # the line's canonical JSON of `figures`, as stored by the hub


@dataclass(frozen=True)
class ProvincePackageInfo:
    path: Path
    package_id: str
    sha256: str  # SHA-256 of manifest.json's bytes: the next package's prev_package_sha256
    file_sha256: str
    size: int
    province_code: str
    seq: int
    lines: int
    communes: int
    periods: list[str]
    detail: bool
    manifest: dict[str, Any]


def _figure_problem(figures: Any) -> str | None:
    if not isinstance(figures, dict):
        return "Số liệu không phải đối tượng JSON"
    for section, keys in SUMMED.items():
        block = figures.get(section)
        if not isinstance(block, dict):
            return f"Thiếu mục “{section}” trong số liệu"
        for key in keys:
            value = block.get(key)
            if type(value) is not int or abs(value) > MAX_FIGURE or (value < 0 and section != "fund"):
                return f"Số liệu “{section}.{key}” không phải số nguyên hợp lệ"
    return None


def _check_line(obj: Any, n: int, periods: set[str]) -> FigureLine | str:
    if (not isinstance(obj, dict) or not isinstance(obj.get("period"), str)
            or not isinstance(obj.get("commune_code"), str) or not isinstance(obj.get("name"), str)
            or "figures" not in obj):
        return R_OBJECT
    if obj["period"] not in periods:
        return R_PERIOD
    if obj["commune_code"] and not CODE_RE.fullmatch(obj["commune_code"]):
        return R_CODE
    problem = _figure_problem(obj["figures"])
    if problem:
        return problem
    return FigureLine(n, obj["period"], obj["commune_code"], obj["name"][:200], obj["figures"],
                      canonical_text(obj["figures"]))


def write_province_package(
    path: str | os.PathLike[str],
    signing_key: Ed25519PrivateKey,
    *,
    province_code: str,
    province_name: str,
    seq: int,
    prev_package_sha256: str | None,
    schema_version: int,
    lines: Iterable[tuple[str, str, str, dict[str, Any]]],
    periods: list[str],
    detail: bool = False,
    created_at: str | None = None,
    package_id: str | None = None,
) -> ProvincePackageInfo:
    """Write a signed province package atomically (a temporary file, then a rename).

    lines: (period, commune_code — "" for the province's own totals —, name, figures), each period's lines
    together; every period of `periods` must have its province line."""
    if not isinstance(signing_key, Ed25519PrivateKey):
        raise TypeError("signing_key must be an Ed25519 private key")
    if not isinstance(province_code, str) or not CODE_RE.fullmatch(province_code):
        raise ValueError("province_code must be a code like '24'")
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise ValueError("seq must be an int 1 … 10⁹")
    if prev_package_sha256 is not None and not is_sha256_hex(prev_package_sha256):
        raise ValueError("prev_package_sha256 must be 64 lower-case hex digits")
    if not periods or len(set(periods)) != len(periods) or not all(PERIOD_RE.fullmatch(p) for p in periods):
        raise ValueError(f"periods must be distinct school years or '': {periods!r}")
    spool = DeflateSpool()
    try:
        seen: set[tuple[str, str]] = set()
        for period, code, name, figures in lines:
            obj = {"period": period, "commune_code": code, "name": name, "figures": figures}
            checked = _check_line(obj, 0, set(periods))
            if isinstance(checked, str) or (period, code) in seen:
                raise ValueError(f"invalid figure line {period!r} {code!r}: {checked if isinstance(checked, str) else R_DUPLICATE}")
            seen.add((period, code))
            spool.write(canonical_text(obj).encode("utf-8") + b"\n")
        missing = [p for p in periods if (p, "") not in seen]
        if missing:
            raise ValueError(f"no province line for periods {missing!r}")
        spool.finish()
        communes = len({code for _p, code in seen if code})
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "kind": KIND,
            "app_version": khuyenhoc_desktop.__version__, "schema_version": schema_version,
            "package_id": package_id or str(uuid_mod.uuid4()), "created_at": created_at or now_iso(),
            "sender": {"province_code": province_code, "province_name": province_name,
                       "key_id": fingerprint(signing_key)},
            "seq": seq, "prev_package_sha256": prev_package_sha256, "periods": list(periods), "detail": bool(detail),
            "counts": {"lines": spool.lines, "communes": communes},
            "files": [FileEntry.from_spool(FIGURES, spool, spool.lines).to_json()],
        }
        try:
            _parse_fields(manifest)
        except SyncFormatError as exc:
            raise ValueError(exc.message) from None
        manifest_bytes = canonical_text(manifest).encode("utf-8")
        entries = [OutEntry.stored(MANIFEST, manifest_bytes),
                   OutEntry.stored(SIGNATURE, signing_key.sign(manifest_bytes)),
                   OutEntry.deflated(FIGURES, spool)]
        file_sha, size = write_zip_file(path, entries)
    finally:
        spool.close()
    return ProvincePackageInfo(Path(path), manifest["package_id"], hashlib.sha256(manifest_bytes).hexdigest(),
                               file_sha, size, province_code, seq, spool.lines, communes, list(periods),
                               bool(detail), manifest)


def _parse_fields(m: dict[str, Any]) -> None:
    if not is_uuid(m.get("package_id")):
        raise bad_manifest("package_id")
    sender = m.get("sender")
    if not isinstance(sender, dict):
        raise bad_manifest("sender")
    if not isinstance(sender.get("province_code"), str) or not CODE_RE.fullmatch(sender["province_code"]):
        raise bad_manifest("sender.province_code")
    if not isinstance(sender.get("province_name", ""), str) or not isinstance(sender.get("key_id"), str):
        raise bad_manifest("sender")
    seq, prev = chain_fields(m)
    if type(m.get("schema_version")) is not int or m["schema_version"] < 0:
        raise bad_manifest("schema_version")
    periods = m.get("periods")
    if (not isinstance(periods, list) or not periods or len(periods) > 1000
            or not all(isinstance(p, str) and PERIOD_RE.fullmatch(p) for p in periods)
            or len(set(periods)) != len(periods)):
        raise bad_manifest("periods")
    if type(m.get("detail", False)) is not bool:
        raise bad_manifest("detail")
    if not isinstance(m.get("created_at"), str) or not _is_aware_iso(m["created_at"]):
        raise bad_manifest("created_at")
    counts = m.get("counts")
    if not isinstance(counts, dict) or type(counts.get("lines")) is not int or type(counts.get("communes")) is not int:
        raise bad_manifest("counts")


class ProvincePackage(SignedDocument):
    """An opened province package; unauthenticated until `verify()` succeeds."""

    KIND = KIND
    WHAT = WHAT
    REQUIRED = (FIGURES,)

    def __init__(self, zf: StrictZip, manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                 files: dict[str, FileEntry], limits: Limits, path: Path | None) -> None:
        super().__init__(zf, manifest, manifest_bytes, signature, files, limits, path)
        sender = manifest["sender"]
        self.province_code: str = sender["province_code"]
        self.province_name: str = sender.get("province_name", "")[:200]
        self.key_id: str = sender["key_id"][:64]
        self.package_id: str = manifest["package_id"]
        self.seq: int = manifest["seq"]
        self.prev_package_sha256: str | None = manifest.get("prev_package_sha256")
        self.schema_version: int = manifest["schema_version"]
        self.periods: list[str] = list(manifest["periods"])
        self.detail: bool = manifest.get("detail", False)
        self.created_at: str = manifest["created_at"]
        self.lines: list[FigureLine] = []

    def __repr__(self) -> str:
        return f"<ProvincePackage {self.province_code} seq={self.seq} verified={self.verified}>"

    @property
    def label(self) -> str:
        return f"{self.province_name} ({self.province_code})" if self.province_name else self.province_code

    @property
    def document_commune_code(self) -> str:
        return self.province_code

    @property
    def claimed_key_id(self) -> str:
        return self.key_id

    KEY_ID_FIELD = "sender.key_id"

    def wrong_commune_message(self, expected_commune_code: str) -> str:
        return f"Gói này của tỉnh {self.label}, không phải của tỉnh mã {expected_commune_code}"

    def forged_message(self) -> str:
        return f"Chữ ký không hợp lệ: gói số liệu đã bị sửa hoặc không phải do tỉnh {self.label} gửi"

    def verify(self, public_key: Ed25519PublicKey | bytes | str, *, expected_province_code: str | None = None) -> None:
        """The province's signature, the key the manifest names, every hash, size and line; fills `lines`."""
        self.authenticate(public_key, expected_province_code)
        problems: list[RowProblem] = []
        lines: list[FigureLine] = []
        seen: set[tuple[str, str]] = set()
        periods = set(self.periods)

        def consume(chunks: Iterator[bytes]) -> None:
            for n, obj in iter_json_lines(chunks, self.limits.max_line_bytes, problems.append, FIGURES):
                result = _check_line(obj, n, periods)
                if isinstance(result, str):
                    problems.append(RowProblem(n, None, None, result, FIGURES))
                elif (result.period, result.commune_code) in seen:
                    problems.append(RowProblem(n, None, result.commune_code, R_DUPLICATE, FIGURES))
                else:
                    seen.add((result.period, result.commune_code))
                    lines.append(result)

        verify_file_hashes(self._zip, self.files[FIGURES], consume)
        for entry in self.files.values():
            if entry.name != FIGURES:
                verify_file_hashes(self._zip, entry)
        if problems:
            self.problems = problems[: self.limits.max_problems]
            raise bad_rows(self.problems, len(problems), "Gói số liệu của tỉnh")
        if len(lines) != self.files[FIGURES].rows or len(lines) != self.manifest["counts"]["lines"]:
            raise damaged(f"{FIGURES}: số dòng khác với bản kê")
        missing = [p for p in self.periods if (p, "") not in seen]
        if missing:
            raise damaged(f"{FIGURES}: thiếu số liệu toàn tỉnh của kỳ {', '.join(p or 'mọi ngày' for p in missing)}")
        self.lines = lines
        self.verified = True


def read_province_package_bytes(data: bytes, *, limits: Limits = DEFAULT_LIMITS,
                                path: str | os.PathLike[str] | None = None) -> ProvincePackage:
    ProvincePackage.check_size(data, limits)
    try:
        zf, manifest, manifest_bytes, signature, files = ProvincePackage.open_zip(data, limits)
    except SyncFormatError as exc:
        if exc.code == WRONG_KIND or exc.message.endswith("“kind”"):
            raise SyncFormatError("Tệp này không phải gói số liệu của tỉnh (.khprov): đó là gói đồng bộ của xã "
                                  "hoặc biên nhận", code=WRONG_KIND) from None
        raise
    _parse_fields(manifest)
    return ProvincePackage(zf, manifest, manifest_bytes, signature, files, limits,
                           Path(path) if path is not None else None)


def open_province_package(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> ProvincePackage:
    """Open a `.khprov` file (structure and manifest); then call `verify(province_public_key)`."""
    return read_province_package_bytes(read_file_bytes(path, limits), limits=limits, path=path)
