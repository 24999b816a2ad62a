"""The ZIP container shared by `.khsync` packages and `.khack` acknowledgements.

Writers produce one exact ZIP profile (docs/sync-format.md §3) and readers accept only that
profile: entries back to back from offset 0, no extra fields, comments, data descriptors or
ZIP64, fixed timestamps and attributes, a central directory that repeats the local headers,
and nothing after the end record. Every byte of the file is therefore either a checked
constant, a field cross-checked against another copy or the data, or covered by a hash in
the signed manifest: a flipped byte anywhere is refused, never silently accepted.

`manifest.json` and `manifest.sig` are STORED (so the signed bytes are the bytes in the file);
every other entry is DEFLATED and the manifest lists the SHA-256 of both its stored
(compressed) and its content bytes, because deflate ignores some padding bits.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import tempfile
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from khuyenhoc_desktop.storage.files import atomic_output
from khuyenhoc_desktop.sync.canonical import is_sha256_hex
from khuyenhoc_desktop.sync.errors import (
    BAD_SIGNATURE,
    UNREADABLE,
    WRONG_KIND,
    RowProblem,
    SyncFormatError,
    bad_manifest,
    damaged,
    not_ours,
    too_large,
    unsupported_version,
)
from khuyenhoc_desktop.sync.rows import R_NO_NEWLINE, R_TOO_LONG, read_json_line
from khuyenhoc_desktop.vietnamese import os_error_text

try:  # ISA-L's inflate and CRC-32 read the same streams as zlib's, ~7 and ~13 times faster (docs/performance.md)
    from isal import isal_zlib as _inflate
except ImportError:  # a platform without its wheel: zlib reads exactly the same
    _inflate = zlib

FORMAT = "khuyenhoc-sync"
FORMAT_VERSION = "1.0"
SUPPORTED_MAJOR = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

STORED = 0
DEFLATED = 8
ZIP_MAGIC = b"PK\x03\x04"
ZIP_VERSION = 20  # "version needed to extract" and "version made by" (MS-DOS host, spec 2.0)
ZIP_FLAGS = 0
DOS_TIME = 0
DOS_DATE = (1 << 5) | 1  # 1980-01-01
EXTERNAL_ATTR = 0
DEFLATE_LEVEL = 6

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_END_SIG = 0x06054B50
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*")
_VERSION_RE = re.compile(r"(\d{1,4})\.(\d{1,4})(?:\.\d{1,4})?")

READ_CHUNK = 256 * 1024
OUT_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Size limits a reader enforces before and while reading (zip bombs, huge fields)."""

    max_file_bytes: int = 1 << 30  # the file on disk (encrypted or not)
    max_total_uncompressed: int = 2 << 30  # sum of the entries' sizes, declared and actual
    max_entries: int = 10_000
    max_manifest_bytes: int = 1 << 20
    max_line_bytes: int = 8 << 20  # one JSONL line (one change row or audit event)
    max_problems: int = 1000  # bad rows kept in detail (all are counted)
    cache_rows_up_to_bytes: int = 256 << 20  # keep parsed rows from verify() for iteration


DEFAULT_LIMITS = Limits()


def valid_entry_name(name: Any) -> bool:
    return isinstance(name, str) and len(name) <= 255 and _NAME_RE.fullmatch(name) is not None


# --- writing ------------------------------------------------------------------------------


class DeflateSpool:
    """Stream bytes in; they are hashed, counted and deflated into a temporary spool."""

    def __init__(self, level: int = DEFLATE_LEVEL, spool_max: int = 32 << 20) -> None:
        self._z = zlib.compressobj(level, zlib.DEFLATED, -15)
        self._spool = tempfile.SpooledTemporaryFile(max_size=spool_max)
        self._sha = hashlib.sha256()
        self._zsha = hashlib.sha256()
        self.crc = 0
        self.size = 0
        self.compressed_size = 0
        self.lines = 0
        self.sha256 = ""
        self.compressed_sha256 = ""
        self._pending: list[bytes] = []
        self._pending_len = 0

    def write(self, data: bytes) -> None:
        # Small writes (one row each) are batched: zlib/sha calls per 64 KB, not per row.
        self._pending.append(data)
        self._pending_len += len(data)
        if self._pending_len >= 65536:
            self._flush_pending()

    def _flush_pending(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_len = 0
        self._sha.update(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.lines += data.count(b"\n")
        self._emit(self._z.compress(data))

    def _emit(self, out: bytes) -> None:
        if out:
            self._zsha.update(out)
            self.compressed_size += len(out)
            self._spool.write(out)

    def finish(self) -> None:
        self._flush_pending()
        self._emit(self._z.flush(zlib.Z_FINISH))
        self.sha256 = self._sha.hexdigest()
        self.compressed_sha256 = self._zsha.hexdigest()

    def copy_to(self, out: BinaryIO) -> None:
        self._spool.seek(0)
        while chunk := self._spool.read(OUT_CHUNK):
            out.write(chunk)

    def close(self) -> None:
        self._spool.close()


@dataclass
class OutEntry:
    name: str
    method: int
    crc: int
    compressed_size: int
    size: int
    write_data: Callable[[BinaryIO], None]

    @classmethod
    def stored(cls, name: str, data: bytes) -> "OutEntry":
        return cls(name, STORED, zlib.crc32(data), len(data), len(data), lambda out: out.write(data))

    @classmethod
    def deflated(cls, name: str, spool: DeflateSpool) -> "OutEntry":
        return cls(name, DEFLATED, spool.crc, spool.compressed_size, spool.size, spool.copy_to)


def write_zip(out: BinaryIO, entries: list[OutEntry]) -> int:
    """Write the entries in the strict profile; returns the number of bytes written."""
    offset = 0
    central = []
    for e in entries:
        if not valid_entry_name(e.name):
            raise ValueError(f"invalid entry name {e.name!r}")
        name = e.name.encode("ascii")
        if offset + e.compressed_size > 0xFFFF_FFF0 or e.size > 0xFFFF_FFF0:
            raise ValueError("sync files are limited to 4 GB (no ZIP64)")
        out.write(
            _LOCAL.pack(_LOCAL_SIG, ZIP_VERSION, ZIP_FLAGS, e.method, DOS_TIME, DOS_DATE,
                        e.crc, e.compressed_size, e.size, len(name), 0)
        )
        out.write(name)
        e.write_data(out)
        central.append(
            _CENTRAL.pack(_CENTRAL_SIG, ZIP_VERSION, ZIP_VERSION, ZIP_FLAGS, e.method, DOS_TIME, DOS_DATE,
                          e.crc, e.compressed_size, e.size, len(name), 0, 0, 0, 0, EXTERNAL_ATTR, offset)
            + name
        )
        offset += _LOCAL.size + len(name) + e.compressed_size
    cd = b"".join(central)
    out.write(cd)
    out.write(_END.pack(_END_SIG, 0, 0, len(entries), len(entries), len(cd), offset, 0))
    return offset + len(cd) + _END.size


class HashingWriter:
    """A binary writer that hashes and counts what goes through it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.out.write(data)


def write_zip_file(path: str | os.PathLike[str], entries: list[OutEntry]) -> tuple[str, int]:
    """Write the entries atomically to `path`; returns the SHA-256 (hex) and size of the file."""
    with atomic_output(path) as fh:
        hw = HashingWriter(fh)
        write_zip(hw, entries)  # type: ignore[arg-type]
    return hw.sha.hexdigest(), hw.size


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipEntry:
    name: str
    method: int
    crc: int
    compressed_size: int
    size: int
    data_offset: int


class StrictZip:
    """A parsed ZIP in the strict profile, held in memory (the bytes never change under us)."""

    def __init__(self, data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
        self.data = data
        self.view = memoryview(data)
        self.entries: dict[str, ZipEntry] = {}
        self._parse(limits)

    def _parse(self, limits: Limits) -> None:
        data = self.data
        n = len(data)
        if n < _END.size:
            raise damaged("tệp quá ngắn")
        sig, disk, cd_disk, count_disk, count, cd_size, cd_offset, comment_len = _END.unpack_from(data, n - _END.size)
        if sig != _END_SIG or disk or cd_disk or comment_len or count_disk != count:
            raise damaged("thiếu hoặc sai phần kết thúc ZIP")
        if count > limits.max_entries:
            raise too_large(f"{count} mục trong tệp")
        if count == 0 or cd_offset + cd_size != n - _END.size:
            raise damaged("mục lục ZIP không đúng vị trí")
        pos = cd_offset
        expected_offset = 0
        total = 0
        for _ in range(count):
            if pos + _CENTRAL.size > cd_offset + cd_size:
                raise damaged("mục lục ZIP bị cắt")
            (c_sig, made_by, needed, flags, method, mtime, mdate, crc, csize, usize, name_len, extra_len,
             comment_len, disk_start, internal, external, local_offset) = _CENTRAL.unpack_from(data, pos)
            if (c_sig != _CENTRAL_SIG or made_by != ZIP_VERSION or needed != ZIP_VERSION or flags != ZIP_FLAGS
                    or method not in (STORED, DEFLATED) or mtime != DOS_TIME or mdate != DOS_DATE
                    or extra_len or comment_len or disk_start or internal or external != EXTERNAL_ATTR):
                raise damaged("mục lục ZIP không đúng chuẩn gói")
            pos += _CENTRAL.size
            name_bytes = data[pos : pos + name_len]
            pos += name_len
            try:
                name = name_bytes.decode("ascii")
            except UnicodeDecodeError:
                raise damaged("tên mục không hợp lệ") from None
            if not valid_entry_name(name) or name in self.entries:
                raise damaged("tên mục không hợp lệ hoặc bị trùng")
            if method == STORED and csize != usize:
                raise damaged("kích thước mục không khớp")
            if usize > limits.max_total_uncompressed:
                raise too_large(f"mục {name} khai báo {usize} byte khi giải nén")
            total += usize
            if total > limits.max_total_uncompressed:
                raise too_large(f"tổng dung lượng giải nén khai báo {total} byte")
            # Local header: must sit exactly where the previous entry ended and repeat the central one.
            if local_offset != expected_offset or local_offset + _LOCAL.size + name_len + csize > cd_offset:
                raise damaged("vị trí mục ZIP không khớp")
            (l_sig, l_needed, l_flags, l_method, l_time, l_date, l_crc, l_csize, l_usize, l_name_len,
             l_extra_len) = _LOCAL.unpack_from(data, local_offset)
            l_name = data[local_offset + _LOCAL.size : local_offset + _LOCAL.size + l_name_len]
            if (l_sig != _LOCAL_SIG or l_needed != ZIP_VERSION or l_flags != flags or l_method != method
                    or l_time != mtime or l_date != mdate or l_crc != crc or l_csize != csize
                    or l_usize != usize or l_name_len != name_len or l_extra_len or l_name != name_bytes):
                raise damaged("đầu mục ZIP không khớp mục lục")
            data_offset = local_offset + _LOCAL.size + name_len
            self.entries[name] = ZipEntry(name, method, crc, csize, usize, data_offset)
            expected_offset = data_offset + csize
        if pos != cd_offset + cd_size or expected_offset != cd_offset:
            raise damaged("mục lục ZIP có phần thừa hoặc thiếu")

    def raw(self, name: str) -> memoryview:
        e = self.entries[name]
        return self.view[e.data_offset : e.data_offset + e.compressed_size]

    def iter_chunks(self, name: str) -> Iterator[bytes]:
        """Yield the entry's content in chunks; checks size, CRC and end of stream at the end."""
        e = self.entries[name]
        raw = self.raw(name)
        crc = 0
        produced = 0
        if e.method == STORED:
            for start in range(0, len(raw), OUT_CHUNK):
                chunk = bytes(raw[start : start + OUT_CHUNK])
                crc = _inflate.crc32(chunk, crc)
                produced += len(chunk)
                yield chunk
        else:
            d = _inflate.decompressobj(-15)
            pos = 0
            buf: bytes | memoryview = b""
            try:
                while True:
                    if not buf and pos < len(raw):
                        buf = raw[pos : pos + READ_CHUNK]
                        pos += len(buf)
                    out = d.decompress(buf, OUT_CHUNK)
                    buf = d.unconsumed_tail
                    if out:
                        produced += len(out)
                        if produced > e.size:
                            raise damaged(f"{name}: nội dung dài hơn kích thước khai báo")
                        crc = _inflate.crc32(out, crc)
                        yield out
                    if d.eof or (not out and not buf and pos >= len(raw)):
                        break
            except (zlib.error, _inflate.error):
                raise damaged(f"{name}: dữ liệu nén hỏng") from None
            if not d.eof:
                raise damaged(f"{name}: luồng nén bị cắt cụt")
            if buf or d.unused_data or pos < len(raw):
                raise damaged(f"{name}: có dữ liệu thừa sau luồng nén")
        if produced != e.size or crc != e.crc:
            raise damaged(f"{name}: kích thước hoặc CRC không khớp")

    def read(self, name: str) -> bytes:
        return b"".join(self.iter_chunks(name))


def read_file_bytes(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """Read a whole sync file, refusing files above `limits.max_file_bytes`."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limits.max_file_bytes:
                raise too_large(f"tệp {size} byte, tối đa {limits.max_file_bytes}")
            data = fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise SyncFormatError(f"Không đọc được tệp {os.fspath(path)}: {os_error_text(exc)}", code=UNREADABLE) from None
    if len(data) > limits.max_file_bytes:
        raise too_large(f"tệp lớn hơn {limits.max_file_bytes} byte")
    return data


# --- manifest -------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


STRICT_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def parse_strict_json(data: bytes, what: str) -> Any:
    """Parse UTF-8 JSON refusing duplicate keys, NaN/Infinity and escaped lone surrogates."""
    try:
        text = data.decode("utf-8")
        obj = STRICT_DECODER.decode(text)
        if "\\u" in text:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")  # "\ud800" is JSON but not Unicode
        return obj
    except (UnicodeError, ValueError, RecursionError):
        raise damaged(f"{what} không phải JSON hợp lệ") from None


def check_format(obj: Any, expected_kind: str, what_vi: str) -> None:
    """Format, major version and kind of a manifest or envelope header; unknown fields are ignored."""
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise not_ours(what_vi)
    version = obj.get("format_version")
    if not isinstance(version, str):
        raise bad_manifest("format_version")
    m = _VERSION_RE.fullmatch(version)
    if not m:
        raise bad_manifest("format_version", version[:20])
    if int(m.group(1)) != SUPPORTED_MAJOR:
        raise unsupported_version(version)
    kind = obj.get("kind")
    if kind != expected_kind:
        if kind == "ack":
            raise SyncFormatError(
                "Tệp này là biên nhận của tỉnh (.khack), không phải gói đồng bộ", code=WRONG_KIND)
        if kind == "package":
            raise SyncFormatError(
                "Tệp này là gói đồng bộ của xã (.khsync), không phải biên nhận", code=WRONG_KIND)
        raise bad_manifest("kind")


@dataclass(frozen=True)
class FileEntry:
    """One data file listed in a manifest."""

    name: str
    sha256: str
    size: int
    rows: int | None
    compressed_sha256: str

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "sha256": self.sha256, "size": self.size,
                             "compressed_sha256": self.compressed_sha256}
        if self.rows is not None:
            d["rows"] = self.rows
        return d

    @classmethod
    def from_spool(cls, name: str, spool: DeflateSpool, rows: int | None) -> "FileEntry":
        return cls(name, spool.sha256, spool.size, rows, spool.compressed_sha256)


def parse_files(manifest: dict[str, Any], zf: StrictZip, required: tuple[str, ...]) -> dict[str, FileEntry]:
    """Parse `files` and check it names exactly the ZIP's entries (besides the manifest and signature)."""
    raw = manifest.get("files")
    if not isinstance(raw, list):
        raise bad_manifest("files")
    files: dict[str, FileEntry] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise bad_manifest("files")
        name = item.get("name")
        size = item.get("size")
        rows = item.get("rows")
        if (not valid_entry_name(name) or name in files or name in (MANIFEST, SIGNATURE)
                or not is_sha256_hex(item.get("sha256")) or not is_sha256_hex(item.get("compressed_sha256"))
                or type(size) is not int or size < 0
                or (rows is not None and (type(rows) is not int or rows < 0))):
            raise bad_manifest("files", str(name)[:80])
        files[name] = FileEntry(name, item["sha256"], size, rows, item["compressed_sha256"])
    for name in required:
        if name not in files:
            raise bad_manifest("files", f"thiếu {name}")
    names = set(zf.entries) - {MANIFEST, SIGNATURE}
    if names != set(files):
        raise damaged("danh sách tệp trong gói khác với bản kê")
    for f in files.values():
        if zf.entries[f.name].size != f.size:
            raise damaged(f"{f.name}: kích thước khác với bản kê")
    return files


def load_signed_manifest(zf: StrictZip, limits: Limits, expected_kind: str, what_vi: str) -> tuple[dict, bytes, bytes]:
    """The manifest object, its exact bytes and the 64-byte signature (not yet verified)."""
    if MANIFEST not in zf.entries or SIGNATURE not in zf.entries:
        raise not_ours(what_vi)
    m_entry, s_entry = zf.entries[MANIFEST], zf.entries[SIGNATURE]
    if m_entry.size > limits.max_manifest_bytes:
        raise too_large(f"bản kê {m_entry.size} byte, tối đa {limits.max_manifest_bytes}")
    if m_entry.method != STORED or s_entry.method != STORED or s_entry.size != 64:
        raise damaged("bản kê hoặc chữ ký không đúng chuẩn")
    manifest_bytes = zf.read(MANIFEST)
    signature = zf.read(SIGNATURE)
    manifest = parse_strict_json(manifest_bytes, "bản kê")
    check_format(manifest, expected_kind, what_vi)
    return manifest, manifest_bytes, signature


def open_container(
    data: bytes, limits: Limits, expected_kind: str, what_vi: str, required: tuple[str, ...],
) -> tuple[StrictZip, dict[str, Any], bytes, bytes, dict[str, FileEntry]]:
    """Parse the ZIP, the signed manifest (unverified) and its `files`; every `required` file must have `rows`.

    Returns (zip, manifest, manifest bytes, signature, files by name).
    """
    zf = StrictZip(data, limits)
    manifest, manifest_bytes, signature = load_signed_manifest(zf, limits, expected_kind, what_vi)
    files = parse_files(manifest, zf, required=required)
    for name in required:
        if files[name].rows is None:
            raise bad_manifest("files", f"{name} thiếu số dòng")
    return zf, manifest, manifest_bytes, signature, files


def check_signature(key: Ed25519PublicKey, signature: bytes, manifest_bytes: bytes, refusal_vi: str) -> None:
    """Verify the Ed25519 signature of the manifest bytes; refuse with `refusal_vi` (code bad_signature)."""
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise SyncFormatError(refusal_vi, code=BAD_SIGNATURE) from None


class JsonlStream:
    """Split a stream of chunks into lines (1-based numbers), counting and bounding them."""

    def __init__(self, max_line_bytes: int) -> None:
        self.max_line = max_line_bytes
        self.lines = 0

    def lines_of(self, chunks: Iterator[bytes]) -> Iterator[tuple[int, bytes | None]]:
        """Yield (line_no, line without "\\n") — None for a line longer than the limit.

        A final fragment without "\\n" is yielded as a line too, with number -line_no.
        """
        rest = b""
        skipping = False
        for chunk in chunks:
            if rest:
                chunk = rest + chunk
                rest = b""
            parts = chunk.split(b"\n")
            tail = parts.pop()
            for part in parts:
                self.lines += 1
                if skipping:
                    skipping = False
                    yield self.lines, None
                elif len(part) > self.max_line:
                    yield self.lines, None
                else:
                    yield self.lines, part
            if skipping:
                continue
            if len(tail) > self.max_line:
                skipping = True
            else:
                rest = tail
        if skipping or rest:
            self.lines += 1
            yield -self.lines, (None if skipping else rest)


def iter_json_lines(chunks: Iterator[bytes], max_line: int, problem: Callable[[RowProblem], None],
                    file: str = RowProblem._field_defaults["file"]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON value) of each line; a line that cannot be read goes to `problem`.

    A last line without "\n" is reported (R_NO_NEWLINE) but still parsed.
    """
    for n, obj, _text, _canonical in iter_json_texts(chunks, max_line, problem, file):
        yield n, obj


def iter_json_texts(chunks: Iterator[bytes], max_line: int, problem: Callable[[RowProblem], None],
                    file: str = RowProblem._field_defaults["file"]) -> Iterator[tuple[int, Any, str, bytes | None]]:
    """`iter_json_lines` with each line's text: (line number, parsed JSON value, text, the line's bytes if they
    are canonical JSON else None)."""
    for n, line in JsonlStream(max_line).lines_of(chunks):
        if n < 0:
            n = -n
            problem(RowProblem(n, None, None, R_NO_NEWLINE, file))
        if line is None:
            problem(RowProblem(n, None, None, R_TOO_LONG, file))
            continue
        obj, reason, text, canonical = read_json_line(line)
        if reason is not None:
            problem(RowProblem(n, None, None, reason, file))
            continue
        yield n, obj, text, line if canonical else None


def check_stored_hash(zf: StrictZip, entry: FileEntry) -> None:
    """The entry's bytes as stored in the ZIP (compressed) against the manifest's `compressed_sha256`."""
    if hashlib.sha256(zf.raw(entry.name)).hexdigest() != entry.compressed_sha256:
        raise damaged(f"{entry.name}: nội dung không khớp với bản kê đã ký")


def verify_file_hashes(zf: StrictZip, entry: FileEntry, consume: Callable[[Iterator[bytes]], None] | None = None) -> None:
    """Check one listed file: stored-bytes hash, then content hash/size while `consume` reads it."""
    check_stored_hash(zf, entry)
    sha = hashlib.sha256()
    size = 0

    def hashed() -> Iterator[bytes]:
        nonlocal size
        for chunk in zf.iter_chunks(entry.name):
            sha.update(chunk)
            size += len(chunk)
            yield chunk

    if consume is None:
        for _ in hashed():
            pass
    else:
        stream = hashed()
        consume(stream)
        for _ in stream:  # whatever the consumer left
            pass
    if size != entry.size or sha.hexdigest() != entry.sha256:
        raise damaged(f"{entry.name}: nội dung không khớp với bản kê đã ký")
