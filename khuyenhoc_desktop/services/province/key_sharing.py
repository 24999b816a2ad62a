"""The province's private keys given to another staff PC: a passphrase-protected transfer file (.khkeys).

In the store the keys are sealed with the machine key of each PC that was given them (storage/settings.py),
so a store on a server shared by several staff, or a province file moved to a new PC, only signs and decrypts
on those PCs. A PC that opens the keys writes them into a transfer file (`share_keys`): a readable header
line (the province, the keys' public fingerprints, the passphrase's scrypt parameters) and the stored value
encrypted with ChaCha20-Poly1305 under the passphrase's key (the `.khbak` backup's own derivation,
services/backup.py), the header bound in as associated data. The other PC (`accept_keys`) adds its own
sealed copy: the same keys, so the fingerprint the communes registered stays the province's.

Nothing is written when the transfer file is damaged, of another province's keys, or opened with the wrong
passphrase. Each share and each PC added is in the audit log (table "setting", record "province_keys").
"""

from __future__ import annotations

import binascii
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from ... import __version__
from ...storage import audit, key_store
from ...storage import settings as settings_store
from ...storage.files import atomic_output, make_private
from ...sync.errors import KeyFileError
from ..backup import BackupError, check_new_passphrase, derive_key, kdf_problem, new_kdf
from .errors import ProvinceError
from .registry import KEY_SETTING, PUBLIC_KEY_SETTING, Registry, _loaded, public_keys
from ...vietnamese import os_error_text

MAGIC = b"KHKEYS1\n"
FORMAT = "khuyenhoc-province-keys"
SUFFIX = ".khkeys"
MAX_FILE_BYTES = 64 * 1024
SHARE_ACTION, ADD_MACHINE_ACTION = "share_keys", "add_machine"
_FINGERPRINT = re.compile(r"[0-9A-F]{8}(-[0-9A-F]{8}){4}")
NOTHING_WRITTEN = "Chưa ghi gì vào kho dữ liệu."


@dataclass(frozen=True)
class KeyTransfer:
    """What a transfer file holds (readable before the passphrase), and after `share_keys`/`accept_keys`
    how many PCs open the keys in the store (`machines`) and this PC's machine key id."""

    path: Path
    province_code: str
    province_name: str
    signing_fingerprint: str
    encryption_fingerprint: str
    created_at: str
    machines: int = 0
    machine_id: str = ""
    already: bool = False  # accept_keys: this PC opened the keys already, nothing written

    def to_dict(self) -> dict:
        return {"path": str(self.path), "province_code": self.province_code, "province_name": self.province_name,
                "signing_fingerprint": self.signing_fingerprint,
                "encryption_fingerprint": self.encryption_fingerprint, "created_at": self.created_at,
                "machines": self.machines, "machine_id": self.machine_id, "already": self.already}


def _passphrase(text: str) -> str:
    # The same word typed with Unikey's composed or decomposed marks opens the file.
    return unicodedata.normalize("NFC", text or "")


def _damaged(path: Path, detail: str = "") -> ProvinceError:
    return ProvinceError(f"Tệp chuyển khóa “{path.name}” bị hỏng hoặc không đúng định dạng"
                         + (f" ({detail})" if detail else "") + f". {NOTHING_WRITTEN}")


def _header_problem(header) -> str | None:
    if not isinstance(header, dict):
        return "phần đầu không đúng dạng"
    if header.get("format") != FORMAT or header.get("version") != 1 or isinstance(header.get("version"), bool):
        return "không phải tệp chuyển khóa mà chương trình này đọc được"
    for key in ("created_at", "app_version", "province_code", "province_name"):
        if not isinstance(header.get(key), str) or len(header[key]) > 200:
            return f"thiếu hoặc sai trường {key}"
    for key in ("signing_fingerprint", "encryption_fingerprint"):
        if not isinstance(header.get(key), str) or not _FINGERPRINT.fullmatch(header[key]):
            return f"thiếu hoặc sai trường {key}"
    problem = kdf_problem(header.get("kdf"))
    if problem:
        return problem
    nonce = header.get("nonce")
    if not isinstance(nonce, str) or not re.fullmatch(r"[0-9a-f]{24}", nonce):
        return "tham số mã hóa không hợp lệ"
    return None


def _read(path: Path) -> tuple[dict, bytes, bytes]:
    """The checked header of a transfer file, its raw line and the encrypted part."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _damaged(path, "tệp quá lớn")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProvinceError(f"Không tìm thấy tệp chuyển khóa “{path}”.") from None
    except OSError as exc:
        raise ProvinceError(f"Không đọc được tệp chuyển khóa “{path}”: {os_error_text(exc)}") from None
    if not data.startswith(MAGIC):
        raise _damaged(path, "không phải tệp chuyển khóa của Khuyến học Desktop")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise _damaged(path, "phần đầu bị cắt")
    line = data[len(MAGIC):end + 1]
    try:
        header = json.loads(line.decode("utf-8"))
    except ValueError:
        raise _damaged(path) from None
    problem = _header_problem(header)
    if problem:
        raise _damaged(path, problem)
    return header, line, data[end + 1:]


def inspect_transfer(path: str | os.PathLike[str]) -> KeyTransfer:
    """What a transfer file says it holds (its header), without the passphrase."""
    path = Path(path)
    header, _, _ = _read(path)
    return KeyTransfer(path, header["province_code"], header["province_name"], header["signing_fingerprint"],
                       header["encryption_fingerprint"], header["created_at"])


class KeySharing(Registry):
    def key_machines(self) -> int:
        """How many staff PCs hold a sealed copy of the province's keys in this store."""
        return len(settings_store.machine_ids(self.db, KEY_SETTING))

    def _require_writable(self) -> None:
        self._require_province()
        if self.ws.datafile.read_only:
            raise ProvinceError("Kho dữ liệu đang mở chỉ để xem; hãy mở để ghi.")

    def share_keys(self, out: str | os.PathLike[str], passphrase: str, now: datetime | None = None) -> KeyTransfer:
        """Write the province's keys, encrypted with `passphrase`, into the transfer file `out` (atomically)."""
        self._require_writable()
        passphrase = _passphrase(passphrase)
        try:
            check_new_passphrase(passphrase, "Mật khẩu của tệp chuyển khóa")
        except BackupError as exc:
            raise ProvinceError(exc.message) from None
        stored = self._stored_keys()
        if not stored:
            raise ProvinceError("Kho dữ liệu này chưa có khóa của tỉnh nên chưa có gì để chia sẻ (khóa được tạo khi "
                                "ghi tệp khóa công khai của tỉnh hoặc biên nhận đầu tiên).")
        sign, enc = _loaded(stored)
        public = public_keys(sign, enc)
        profile = self.profile()
        now = now or datetime.now()
        kdf, nonce = new_kdf(), os.urandom(12)
        header = {"format": FORMAT, "version": 1, "created_at": now.astimezone().isoformat(timespec="seconds"),
                  "app_version": __version__, "province_code": profile.code, "province_name": profile.name,
                  "signing_fingerprint": public["signing_fingerprint"],
                  "encryption_fingerprint": public["encryption_fingerprint"], "kdf": kdf, "nonce": nonce.hex()}
        line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        plain = json.dumps(stored, ensure_ascii=False).encode("utf-8")
        cipher = ChaCha20Poly1305(derive_key(passphrase, kdf)).encrypt(nonce, plain, MAGIC + line)
        with self.db.atomic():
            # Stores made before the public halves were kept: written now, from the keys this PC opens.
            if settings_store.get(self.db, PUBLIC_KEY_SETTING) != public:
                settings_store.put(self.db, PUBLIC_KEY_SETTING, public)
            audit.record(self.db, operator=self.ws.operator, action=SHARE_ACTION, table="setting", uuid=KEY_SETTING,
                         version=0, before=None, after={"signing_fingerprint": public["signing_fingerprint"],
                                                        "machine": _this_machine()})
            out = Path(out)
            try:
                with atomic_output(out) as fh:
                    fh.write(MAGIC + line + cipher)
                make_private(out)
            except OSError as exc:
                raise ProvinceError(f"Không ghi được tệp chuyển khóa “{out}”: {os_error_text(exc)}") from None
        return KeyTransfer(out, profile.code, profile.name, public["signing_fingerprint"],
                           public["encryption_fingerprint"], header["created_at"], self.key_machines(), _this_machine())

    def accept_keys(self, path: str | os.PathLike[str], passphrase: str) -> KeyTransfer:
        """Add this PC's sealed copy of the province's keys from a transfer file another staff PC wrote.

        Refused, with nothing written: a damaged file, keys that are not this store's (another province,
        another store), a wrong passphrase."""
        self._require_writable()
        path = Path(path)
        header, line, cipher = _read(path)
        info = KeyTransfer(path, header["province_code"], header["province_name"], header["signing_fingerprint"],
                           header["encryption_fingerprint"], header["created_at"])
        self._check_same_keys(info)
        try:
            plain = ChaCha20Poly1305(derive_key(_passphrase(passphrase), header["kdf"])).decrypt(
                bytes.fromhex(header["nonce"]), cipher, MAGIC + line)
        except InvalidTag:
            raise ProvinceError("Sai mật khẩu của tệp chuyển khóa, hoặc tệp đã bị sửa/hỏng. "
                                + NOTHING_WRITTEN) from None
        value = _value_of(path, plain, info)
        try:
            mine = self._stored_keys()
        except settings_store.SealedKeyError as exc:
            if not exc.other_machine:
                raise
            mine = None
        if mine is not None and public_keys(*_loaded(mine)) == public_keys(*_loaded(value)):
            return _with(info, self.key_machines(), already=True)
        with self.db.atomic():
            machines = settings_store.add_machine(self.db, KEY_SETTING, value)
            audit.record(self.db, operator=self.ws.operator, action=ADD_MACHINE_ACTION, table="setting",
                         uuid=KEY_SETTING, version=0, before=None,
                         after={"signing_fingerprint": info.signing_fingerprint, "machine": _this_machine(),
                                "machines": machines, "file_created_at": info.created_at})
        return _with(info, machines)

    def _check_same_keys(self, info: KeyTransfer) -> None:
        """The transfer file's keys are this store's (their public halves, kept plain beside the sealed keys)."""
        if not settings_store.machine_ids(self.db, KEY_SETTING) and settings_store.get(self.db, KEY_SETTING) is None:
            raise ProvinceError("Kho dữ liệu này chưa có khóa của tỉnh, nên không có máy nào để thêm. Tệp chuyển khóa "
                                "chỉ dùng cho kho dữ liệu đã có khóa (kho mà máy chia sẻ khóa đang dùng). "
                                + NOTHING_WRITTEN)
        public = settings_store.get(self.db, PUBLIC_KEY_SETTING) or {}
        if (public.get("signing_fingerprint"), public.get("encryption_fingerprint")) != \
                (info.signing_fingerprint, info.encryption_fingerprint):
            owner = f"tỉnh {info.province_name} (mã {info.province_code})" if info.province_name else "một kho khác"
            theirs = public.get("signing_fingerprint")
            raise ProvinceError(
                f"Tệp chuyển khóa này chứa khóa của {owner}, dấu vân tay khóa ký {info.signing_fingerprint}, "
                + (f"không phải khóa của kho dữ liệu này ({theirs}). " if theirs else
                   "không phải khóa của kho dữ liệu này (kho này chưa chia sẻ khóa lần nào). ")
                + "Hãy nhờ đồng nghiệp chia sẻ khóa từ đúng kho dữ liệu đang dùng. " + NOTHING_WRITTEN)


def _value_of(path: Path, plain: bytes, info: KeyTransfer) -> dict:
    """The stored value carried in the file, its keys checked against the header's fingerprints."""
    try:
        value = json.loads(plain.decode("utf-8"))
        keys = _loaded(value) if isinstance(value, dict) else None
    except (ValueError, KeyError, TypeError, binascii.Error, KeyFileError):
        keys = None
    if keys is None or (public_keys(*keys)["signing_fingerprint"], public_keys(*keys)["encryption_fingerprint"]) \
            != (info.signing_fingerprint, info.encryption_fingerprint):
        raise _damaged(path, "khóa bên trong không khớp với phần đầu")
    return value


def _with(info: KeyTransfer, machines: int, already: bool = False) -> KeyTransfer:
    from dataclasses import replace

    return replace(info, machines=machines, machine_id=_this_machine(), already=already)


def _this_machine() -> str:
    return key_store.key_id(key_store.current_key())

