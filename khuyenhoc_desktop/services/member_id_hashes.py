"""Keeping each member's CCCD hash (`member.id_hash`, what the province receives instead of the number)
in step with the province's key: `domain.member_ids` has the hash and the key rules, docs/sync-format.md
§5.5 the choice of key."""

from __future__ import annotations

import json

from ..domain.changes import Changes
from ..domain.errors import FieldError, ValidationError
from ..domain.member_ids import KEY_SETTING, id_hash, key_from_card, key_from_secret
from ..storage import audit, records, settings, sync_rows
from ..storage.tables import table_exists

TABLE = "member"
REASON = "Cập nhật mã băm số CCCD theo khóa của tỉnh"


def current_key(ws) -> bytes | None:
    """The province's secret when the commune entered one, else the key derived from the province's key
    card; None before either is here (then no hash is sent)."""
    db = ws.db
    secret = settings.get(db, KEY_SETTING)
    if secret:
        return key_from_secret(str(secret))
    from .sync_export import PROVINCE_CARD_SETTING

    text = settings.get(db, PROVINCE_CARD_SETTING)
    if not text:
        return None
    from ..sync import KeyCard

    card = KeyCard.from_text(text)
    return key_from_card(card.code, card.signing_key)


def refresh(ws) -> int:
    """Give every member (not deleted) the hash of its CCCD under the current key, in one transaction:
    each row whose hash differs gets version + 1, a change number (so the next package sends it) and its
    audit row. Returns how many rows changed."""
    db = ws.db
    if not table_exists(db, TABLE):
        return 0
    key = current_key(ws)
    changes, events = [], []
    ts, operator = records.now_iso(), ws.operator  # the operator is a setting: read it once
    for uuid, version, number, old in sync_rows.member_id_rows(db):
        new = id_hash(number, key)
        if new != old:
            changes.append((uuid, version, new))
            events.append((ts, operator, "update", TABLE, uuid, version + 1, "id_hash", _json(old), _json(new),
                           REASON))
    if changes:
        with db.atomic():
            sync_rows.set_member_id_hashes(db, changes)
            audit.insert_rows(db, events)
    return len(changes)


def _json(text: str) -> str:
    return json.dumps(text)


def set_secret(ws, secret: str) -> Changes:
    """The secret the province gave its communes for the CCCD hash (empty: back to the key card's)."""
    secret = (secret or "").strip()
    if secret and len(secret) < 16:
        raise ValidationError([FieldError("id_hash_key", "Khóa băm số CCCD của tỉnh phải có ít nhất 16 ký tự.")])
    with ws.db.atomic():
        settings.put(ws.db, KEY_SETTING, secret)
        refresh(ws)
    return Changes(settings=True)
