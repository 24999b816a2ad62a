"""Errors of the sync file format: every refusal of a file is a `SyncFormatError` with a Vietnamese message."""

from __future__ import annotations

from typing import Iterable, NamedTuple

from khuyenhoc_desktop.domain.errors import AppError

# Machine-readable reasons (`SyncFormatError.code`), so callers never parse the Vietnamese text.
NOT_OURS = "not_ours"  # not a Khuyến học sync/ack/key file at all
WRONG_KIND = "wrong_kind"  # an ack opened as a package, or the other way round
DAMAGED = "damaged"  # truncated, bit-flipped, re-zipped, hash/size/row-count mismatch
TOO_LARGE = "too_large"  # size limits (zip bomb, huge manifest, huge file)
UNSUPPORTED_VERSION = "unsupported_version"  # format_version major != 1
BAD_MANIFEST = "bad_manifest"  # a required manifest field is missing or has the wrong type
BAD_SIGNATURE = "bad_signature"  # Ed25519 signature does not verify with the given key
WRONG_SENDER = "wrong_sender"  # signed correctly, but by/for another commune than expected
ENCRYPTED = "encrypted"  # encrypted and no decryption key was given
WRONG_RECIPIENT = "wrong_recipient"  # encrypted for another province key
BAD_ROWS = "bad_rows"  # signed and intact, but some rows are invalid: the whole file is refused
BAD_KEY = "bad_key"  # key file / PEM / passphrase problems
UNREADABLE = "unreadable"  # the operating system could not read the file


class SyncFormatError(AppError):
    """A sync package, acknowledgement or key file is refused; `message` says why in Vietnamese.

    `code` is one of the constants of this module; `problems` lists bad rows (code `bad_rows`).
    """

    def __init__(self, message: str, *, code: str = DAMAGED, problems: Iterable["RowProblem"] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.problems: list[RowProblem] = list(problems)


class KeyFileError(SyncFormatError):
    """A private key (PEM), passphrase or public key card (`.khkey`) cannot be used."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=BAD_KEY)


class RowProblem(NamedTuple):
    """One bad line of a JSONL file inside a correctly signed package or acknowledgement.

    `line` is 1-based; `table` and `uuid` are filled when the line had readable ones.
    """

    line: int
    table: str | None
    uuid: str | None
    reason_vi: str
    file: str = "changes.jsonl"

    def describe(self) -> str:
        where = f"{self.file} dòng {self.line}"
        if self.table or self.uuid:
            where += f" ({self.table or '?'} {self.uuid or '?'})"
        return f"{where}: {self.reason_vi}"


def damaged(detail: str = "") -> SyncFormatError:
    msg = "Tệp bị cắt cụt hoặc hỏng"
    return SyncFormatError(f"{msg} ({detail})" if detail else msg, code=DAMAGED)


def not_ours(what: str = "gói đồng bộ Khuyến học") -> SyncFormatError:
    return SyncFormatError(f"Tệp không phải {what}", code=NOT_OURS)


def too_large(detail: str) -> SyncFormatError:
    return SyncFormatError(f"Tệp quá lớn hoặc có thể là tệp độc hại: {detail}", code=TOO_LARGE)


def unsupported_version(version: str) -> SyncFormatError:
    return SyncFormatError(
        f"Phiên bản định dạng {version} chưa được hỗ trợ, hãy cập nhật chương trình",
        code=UNSUPPORTED_VERSION,
    )


def bad_manifest(field: str, detail: str = "") -> SyncFormatError:
    msg = f"Bản kê (manifest) của tệp thiếu hoặc sai trường “{field}”"
    return SyncFormatError(f"{msg}: {detail}" if detail else msg, code=BAD_MANIFEST)


def bad_rows(problems: list[RowProblem], total: int, what: str = "Gói đồng bộ") -> SyncFormatError:
    first = "; ".join(p.describe() for p in problems[:3])
    more = f"; … và {total - 3} lỗi khác" if total > 3 else ""
    return SyncFormatError(
        f"{what} có {total} dòng dữ liệu không hợp lệ nên cả tệp bị từ chối, không nhập dòng nào. {first}{more}",
        code=BAD_ROWS,
        problems=problems,
    )
