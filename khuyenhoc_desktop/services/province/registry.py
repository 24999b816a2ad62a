"""The communes enrolled with the province (register, revoke, list) and the province's own keys and
profile."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from pathlib import Path

from ...storage import audit
from ...storage import settings as settings_store
from ...storage.settings import SealedKeyError
from ...storage.province import communes as commune_store
from ...storage.province import ledger as ledger_store
from ...storage.province import unit_changes as unit_store
from ...sync import KeyCard
from ...sync.keys import (
    fingerprint,
    generate_encryption_key,
    generate_signing_key,
    load_private_key_pem,
    private_key_to_pem,
    public_key_b64,
)
from ...vietnamese import normalize
from .errors import ProvinceError
from .gaps import gap_ranges
from .results import Commune, ProvinceProfile, Revocation

KEY_SETTING = "province_keys"
PUBLIC_KEY_SETTING = "province_public_keys"
_PROFILE_SETTING = "province_profile"
_SYNC_SETTING = "province_sync"
# A commune exporting every day for three years; a larger jump is not a real sequence number.
DEFAULT_MAX_SEQ_JUMP = 1000
COMMUNE_TABLE = "prov_commune"  # audit log: registrations and revocations, record = the commune code
REVOKE_ACTION = "revoke"
REVOKE_REASON_MISSING = "Hãy ghi lý do thu hồi khóa (ví dụ: máy tính của xã bị mất, khóa bị lộ)."


def official_name(code: str) -> str:
    """The post-2025 list's name of a commune code ("Xã Tân Dĩnh"), or "" for a code it lacks (an old one)."""
    from .. import admin_units  # the list is loaded on first use, never when the window starts

    found = admin_units.commune(code)
    return found.name if found else ""


def _official_short(code: str) -> str:
    from .. import admin_units

    found = admin_units.commune(code)
    return found.short if found else ""


def keys_elsewhere_message(where: str) -> str:
    """What to do on a staff PC that cannot open the province's keys (sealed for the other PCs only)."""
    return ("Máy tính này chưa được nhận khóa riêng của tỉnh (khóa ký biên nhận và khóa giải mã gói của xã): trong "
            "kho dữ liệu, khóa chỉ mở được trên những máy đã được chia sẻ khóa. Hãy nhờ một đồng nghiệp có máy đang "
            "ghi được biên nhận chọn Tệp → Chia sẻ khóa của tỉnh cho máy khác… (hoặc chạy lệnh “khuyenhoc province "
            f"share-keys --db {where} --out khoa-tinh.khkeys”), đặt mật khẩu và đưa tệp .khkeys cho bạn; rồi trên "
            "máy này chọn Tệp → Nhận khóa của tỉnh từ máy khác… (hoặc chạy “khuyenhoc province accept-keys "
            f"--db {where} khoa-tinh.khkeys”) và gõ mật khẩu đó. Đừng tạo khóa mới: các xã đã đăng ký khóa hiện tại "
            "của tỉnh.")


def public_keys(sign, enc) -> dict:
    """The public halves of the province's keys, as stored plain (setting "province_public_keys")."""
    return {"signing": public_key_b64(sign), "encryption": public_key_b64(enc),
            "signing_fingerprint": fingerprint(sign), "encryption_fingerprint": fingerprint(enc)}


def _loaded(stored: dict):
    return (load_private_key_pem(base64.b64decode(stored["signing"])),
            load_private_key_pem(base64.b64decode(stored["encryption"])))


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Registry:
    """Communes and keys of `ws.province` (only meaningful for a data file with role "province")."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.db = ws.db

    def _require_province(self) -> None:
        if self.ws.datafile.role != "province":
            from ...domain.roles import role_label

            raise ProvinceError(f"Đây là {role_label(self.ws.datafile.role)}, không phải tệp tổng hợp của tỉnh.")

    # == communes ==================================================================================
    def register_commune(self, code: str, name: str, card: KeyCard | str | Path) -> Commune:
        """Enrol (or re-enrol with a new key) a commune from its public key card (.khkey).

        Re-enrolling a commune whose key was revoked (`revoke_commune`) lifts the revocation: packages
        signed with the registered key are accepted again. The change is kept in the audit log."""
        self._require_province()
        if not isinstance(card, KeyCard):
            card = KeyCard.load(card)
        code = (code or "").strip()
        if not code:
            raise ProvinceError("Thiếu mã xã.")
        if card.role != "commune":
            raise ProvinceError("Tệp khóa này là khóa của tỉnh, không phải khóa của một xã.")
        if card.code and card.code != code:
            raise ProvinceError(f"Tệp khóa là của xã mã {card.code}, không phải xã mã {code}.")
        name = (name or card.name or "").strip() or _official_short(code)
        with self.db.atomic():
            old = commune_store.get(self.db, code)
            commune_store.enrol(self.db, code, name, public_key_b64(card.signing_key), card.signing_fingerprint,
                                now_utc())
            audit.record(self.db, operator=self.ws.operator, action="register", table=COMMUNE_TABLE, uuid=code,
                         version=0, before=None if old is None else
                         {"name": old.name, "fingerprint": old.fingerprint, "revoked": old.revoked},
                         after={"name": name, "fingerprint": card.signing_fingerprint, "revoked": False})
        return self.commune(code)

    def revoke_commune(self, code: str, reason: str) -> Revocation:
        """Thu hồi khóa ký của một xã (máy tính của xã bị mất, khóa bị lộ …).

        From then on every package claiming to come from that commune is refused, whatever key signed
        it, until the commune is registered again with a key card (`register_commune`, normally with a
        new key). Revocation only stops future imports: packages already imported, their rows in the
        mirror and the totals stay as they are.

        `reason` is required; when and why (and by whom) is kept in the append-only audit log
        (action "revoke", table "prov_commune", record = the commune code) and shown by `communes()`.
        `revoked_now` is False when the key already was revoked (nothing written, the first
        revocation's time and reason are kept). Raises ProvinceError for an unknown commune or a
        missing reason."""
        self._require_province()
        code = normalize(code)
        if not code:
            raise ProvinceError("Thiếu mã xã.")
        reason = normalize(reason)
        if not reason:
            raise ProvinceError(REVOKE_REASON_MISSING)
        with self.db.atomic():
            row = commune_store.get(self.db, code)
            if row is None:
                raise ProvinceError(f"Xã mã {code} chưa được đăng ký với tỉnh, nên không có khóa nào để thu hồi.")
            revoked_now = not row.revoked
            if revoked_now:
                commune_store.mark_revoked(self.db, code)
                # One audit row per revocation, carrying the key that was revoked (it is replaced when the
                # commune registers again).
                audit.record(self.db, operator=self.ws.operator, action=REVOKE_ACTION, table=COMMUNE_TABLE,
                             uuid=code, version=0, before=None,
                             after={"name": row.name, "fingerprint": row.fingerprint, "revoked": True}, reason=reason)
        return Revocation(self.commune(code), revoked_now)

    def commune(self, code: str) -> Commune:
        for c in self.communes():
            if c.code == code:
                return c
        raise ProvinceError(f"Xã mã {code} chưa được đăng ký với tỉnh.")

    def communes(self) -> list[Commune]:
        """Communes with their last package, its date, the missing seq numbers and, for a revoked key,
        when, why and by whom it was revoked."""
        rows = commune_store.all_communes(self.db)
        ledger: dict[str, list[ledger_store.PackageRow]] = {}
        for p in ledger_store.packages(self.db):
            ledger.setdefault(p.commune_code, []).append(p)
        revocations = self.revocations([r.code for r in rows if r.revoked])
        merged = unit_store.successors_with_dates(self.db)
        out = []
        for r in rows:
            pk = ledger.get(r.code, [])
            last = pk[-1] if pk else None
            ts, by, why = revocations.get(r.code, (None, "", "")) if r.revoked else (None, "", "")
            out.append(Commune(
                code=r.code, name=r.name, fingerprint=r.fingerprint, registered_at=r.registered_at,
                revoked=r.revoked, revoked_at=ts, revoked_reason=why, revoked_by=by, packages=len(pk),
                last_seq=last.seq if last else None, last_created_at=last.created_at if last else None,
                last_imported_at=last.imported_at if last else None, gaps=gap_ranges(p.seq for p in pk),
                merged_into=merged.get(r.code, (None,))[0], merged_into_name=merged.get(r.code, (None, ""))[1],
                retired_from=merged.get(r.code, (None, "", None))[2], official_name=official_name(r.code)))
        return out

    def revocations(self, codes: list[str]) -> dict[str, tuple[str, str, str]]:
        """code → (time, operator, reason) of the latest revocation in the audit log."""
        return commune_store.revocations(self.db, codes, COMMUNE_TABLE, REVOKE_ACTION)

    # == the province's own keys and profile =======================================================
    # The private keys are sealed with the machine key of each staff PC that was given them
    # (storage/settings.py; services/province/key_sharing.py adds a PC). Their public halves are kept
    # plain beside them, so a PC that cannot open the keys can still check a transfer file against them.
    def _keys(self):
        stored = self._stored_keys()
        if stored:
            return _loaded(stored)
        if self.ws.datafile.read_only:
            raise ProvinceError("Tỉnh chưa có khóa ký; hãy mở tệp để ghi.")
        sign, enc = generate_signing_key(), generate_encryption_key()
        with self.db.atomic():
            # Two staff PCs making the first keys at once on a server: the first one written is the province's.
            if not settings_store.put_new(self.db, KEY_SETTING, {
                    "signing": base64.b64encode(private_key_to_pem(sign)).decode("ascii"),
                    "encryption": base64.b64encode(private_key_to_pem(enc)).decode("ascii"),
                    "created_at": now_utc()}):
                return _loaded(self._stored_keys())
            settings_store.put(self.db, PUBLIC_KEY_SETTING, public_keys(sign, enc))
        return sign, enc

    def _stored_keys(self) -> dict | None:
        """The stored private keys (PEM in base64), opened with this PC's machine key; None before there are any.

        Raises SealedKeyError saying how to add this PC when the keys are sealed for other PCs only."""
        try:
            return settings_store.get(self.db, KEY_SETTING)
        except SealedKeyError as exc:
            if exc.other_machine:
                raise SealedKeyError(keys_elsewhere_message(self._where()), other_machine=True) from None
            raise

    def _where(self) -> str:
        """The store as `--db` names it: the server's address, or the file."""
        address = getattr(self.ws.datafile, "address", None)
        return address.url if address is not None else str(self.ws.datafile.path)

    def _decrypt_key(self):
        """The province's decryption key, or None before it has any keys (no package can be encrypted to it)."""
        stored = self._stored_keys()
        return _loaded(stored)[1] if stored else None

    def _decrypt_pem(self) -> bytes | None:
        stored = self._stored_keys()
        return base64.b64decode(stored["encryption"]) if stored else None

    def max_seq_jump(self) -> int:
        """How far past the last imported seq number a package may be (setting "province_sync")."""
        value = (settings_store.get(self.db, _SYNC_SETTING, {}) or {}).get("max_seq_jump")
        return value if type(value) is int and value > 0 else DEFAULT_MAX_SEQ_JUMP

    def profile(self) -> ProvinceProfile:
        # Only what the province set itself (`sync card --province-code`): never a code read from an incoming
        # package, which any registered commune could have written.
        p = settings_store.get(self.db, _PROFILE_SETTING, {}) or {}
        return ProvinceProfile(code=p.get("code") or "", name=p.get("name", ""))

    def set_profile(self, code: str, name: str = "") -> None:
        with self.db.atomic():
            settings_store.put(self.db, _PROFILE_SETTING, {"code": code.strip(), "name": name.strip()})

    def key_card(self) -> KeyCard:
        """The province's public key card. On a staff PC not given the private keys it is made from their
        public halves kept beside them (the same card); only a store that never kept those refuses."""
        try:
            sign, enc = self._keys()
        except SealedKeyError as exc:
            public = settings_store.get(self.db, PUBLIC_KEY_SETTING) if exc.other_machine else None
            if not public:
                raise
            sign, enc = base64.b64decode(public["signing"]), base64.b64decode(public["encryption"])
        p = self.profile()
        return KeyCard.for_keys("province", p.code or "00", p.name or "Hội Khuyến học tỉnh", sign, enc)

    def export_key_card(self, path: str | Path) -> Path:
        return self.key_card().save(path)
