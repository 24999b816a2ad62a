"""The keyed hash of a member's CCCD that travels to the province instead of the number
(docs/sync-format.md §5.5).

HMAC-SHA256 of the 12 digits under a key shared by every commune of a province, so the province can see
that two communes list the same person without ever holding the number. The key is the province's
secret when it gave one (setting `members.id_hash_key`), else one derived from its public key card,
which every commune of the province imports (the same 32 random bytes everywhere). Written as
`"<key id>:<hash>"`: the key id (8 hex digits) tells hashes made under different keys apart, so they
are never compared.

A CCCD has few digits: whoever holds the key and a hash can try numbers until one fits. The hash keeps
the number out of the file and out of the province's tables; it is not encryption (docs/sync-format.md).
"""

from __future__ import annotations

import hashlib
import hmac
import re

KEY_SETTING = "members.id_hash_key"
_DERIVE_LABEL = b"khuyenhoc/member-id-hash/v1\x00"
ID_HASH_RE = re.compile(r"[0-9a-f]{8}:[0-9a-f]{64}")


def key_from_card(province_code: str, signing_key: bytes) -> bytes:
    """The key every commune of a province derives from the province's public key card."""
    return hashlib.sha256(_DERIVE_LABEL + province_code.encode("ascii", "replace") + b"\x00" + signing_key).digest()


def key_from_secret(secret: str) -> bytes:
    """The key from a secret the province handed to its communes (any text; spaces around it ignored)."""
    return hashlib.sha256(_DERIVE_LABEL + b"secret\x00" + secret.strip().encode("utf-8")).digest()


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id\x00" + key).hexdigest()[:8]


def id_hash(number: str, key: bytes | None) -> str:
    """`"<key id>:<HMAC-SHA256 hex>"` of a CCCD, or "" without a number or a key."""
    number = (number or "").replace(" ", "")
    if not number or not key:
        return ""
    return f"{key_id(key)}:{hmac.new(key, number.encode('ascii', 'replace'), hashlib.sha256).hexdigest()}"
