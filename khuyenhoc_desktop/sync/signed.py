"""What a package and an acknowledgement share once opened (docs/sync-format.md §3, §8): the
container's manifest, its Ed25519 signature and the listed files, unauthenticated until `verify`.

Subclasses name their kind and files and say who signed: the commune a document is from (package)
or for (acknowledgement), and the key id the manifest claims.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from khuyenhoc_desktop.sync.container import ZIP_MAGIC, FileEntry, Limits, StrictZip, check_signature, open_container
from khuyenhoc_desktop.sync.errors import WRONG_SENDER, RowProblem, SyncFormatError, bad_manifest, not_ours, too_large
from khuyenhoc_desktop.sync.keys import fingerprint, signing_public_key

Opened = tuple[StrictZip, dict[str, Any], bytes, bytes, dict[str, FileEntry]]


class SignedDocument(ABC):
    """An opened signed container. Until `verify()` succeeds, everything here is unauthenticated."""

    KIND = ""  # manifest "kind"
    WHAT = ""  # how the refusals name the file ("gói đồng bộ Khuyến học")
    REQUIRED: tuple[str, ...] = ()  # files the manifest must list
    KEY_ID_FIELD = "key_id"  # where the manifest names the signing key (for the refusal)

    def __init__(self, zf: StrictZip, manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                 files: dict[str, FileEntry], limits: Limits, path: Path | None) -> None:
        self._zip = zf
        self.manifest = manifest
        self.manifest_bytes = manifest_bytes
        self.signature = signature
        self.files = files
        self.limits = limits
        self.path = path
        self.sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        self.problems: list[RowProblem] = []
        self.verified = False

    # -- what the subclass knows ------------------------------------------------------------------

    @property
    @abstractmethod
    def document_commune_code(self) -> str:
        """The commune the document is from (package) or for (acknowledgement)."""

    @property
    @abstractmethod
    def claimed_key_id(self) -> str:
        """The signing key's id as the manifest states it."""

    @abstractmethod
    def wrong_commune_message(self, expected_commune_code: str) -> str:
        """The refusal when the document concerns another commune."""

    @abstractmethod
    def forged_message(self) -> str:
        """The refusal when the signature does not match."""

    # -- shared ---------------------------------------------------------------------------------

    def authenticate(self, public_key: Ed25519PublicKey | bytes | str, expected_commune_code: str | None) -> str:
        """The first steps of `verify`: the document concerns `expected_commune_code` (when given), its
        manifest is signed by `public_key`, and that key is the one the manifest names. Returns the
        key's fingerprint."""
        key = signing_public_key(public_key)
        if expected_commune_code is not None and self.document_commune_code != expected_commune_code:
            raise SyncFormatError(self.wrong_commune_message(expected_commune_code), code=WRONG_SENDER)
        check_signature(key, self.signature, self.manifest_bytes, self.forged_message())
        key_id = fingerprint(key)
        if self.claimed_key_id != key_id:
            raise bad_manifest(self.KEY_ID_FIELD, "không khớp với khóa đã ký")
        return key_id

    @classmethod
    def check_size(cls, data: bytes, limits: Limits) -> None:
        if len(data) > limits.max_file_bytes:
            raise too_large(f"tệp {len(data)} byte, tối đa {limits.max_file_bytes}")

    @classmethod
    def open_zip(cls, data: bytes, limits: Limits, *, unsealed: bool = False) -> Opened:
        """The container's parts: ZIP structure, manifest format and kind, required files listed.
        `unsealed`: `data` came out of an envelope, whose own checks already named the file."""
        if not unsealed and not data.startswith(ZIP_MAGIC):
            raise not_ours(cls.WHAT)
        return open_container(data, limits, cls.KIND, cls.WHAT, cls.REQUIRED)
