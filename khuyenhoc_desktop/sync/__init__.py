"""The `.khsync` / `.khack` / `.khkey` file formats, version 1 (docs/sync-format.md).

Pure and versioned: no Qt, no database. Services read rows out of SQLite and hand them to
`PackageWriter`; at the province they `open_package` → `verify` → `iter_changes` and apply.
"""

from khuyenhoc_desktop.sync.ack import ACK_SUFFIX, Ack, AckInfo, ack_file_name, open_ack, read_ack_bytes, write_ack
from khuyenhoc_desktop.sync.canonical import (
    canonical_json,
    canonical_text,
    is_sha256_hex,
    is_uuid,
    reconciliation_entry,
    sha256_file,
    sha256_hex,
    sha256_of_json,
)
from khuyenhoc_desktop.sync.container import DEFAULT_LIMITS, FORMAT, FORMAT_VERSION, FileEntry, Limits
from khuyenhoc_desktop.sync.envelope import EnvelopeHeader, read_envelope_header
from khuyenhoc_desktop.sync.errors import KeyFileError, RowProblem, SyncFormatError
from khuyenhoc_desktop.sync.keys import (
    KEY_CARD_SUFFIX,
    KeyCard,
    encryption_public_key,
    fingerprint,
    generate_encryption_key,
    generate_signing_key,
    load_private_key_pem,
    private_key_to_pem,
    public_key_b64,
    public_key_bytes,
    read_private_key,
    save_private_key,
    signing_public_key,
)
from khuyenhoc_desktop.sync.package import (
    PACKAGE_SUFFIX,
    Package,
    PackageInfo,
    PackageWriter,
    Sender,
    Verification,
    open_package,
    package_file_name,
    read_package_bytes,
)
from khuyenhoc_desktop.sync.rows import AckEntry, Change

__all__ = [
    "ACK_SUFFIX", "Ack", "AckInfo", "ack_file_name", "open_ack", "read_ack_bytes", "write_ack",
    "canonical_json", "canonical_text", "is_sha256_hex", "is_uuid", "reconciliation_entry",
    "sha256_file", "sha256_hex", "sha256_of_json",
    "DEFAULT_LIMITS", "FORMAT", "FORMAT_VERSION", "FileEntry", "Limits",
    "EnvelopeHeader", "read_envelope_header",
    "KeyFileError", "RowProblem", "SyncFormatError",
    "KEY_CARD_SUFFIX", "KeyCard", "encryption_public_key", "fingerprint", "generate_encryption_key",
    "generate_signing_key", "load_private_key_pem", "private_key_to_pem", "public_key_b64",
    "public_key_bytes", "read_private_key", "save_private_key", "signing_public_key",
    "PACKAGE_SUFFIX", "Package", "PackageInfo", "PackageWriter", "Sender", "Verification",
    "open_package", "package_file_name", "read_package_bytes",
    "AckEntry", "Change",
]
