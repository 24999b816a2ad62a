"""Backups: automatic rotating copies, passphrase-protected copies for a USB stick, and restore.

Automatic copies are plain SQLite files made with SQLite's online backup in `<data folder>/sao-luu/tu-dong`.
Private keys inside the data file are sealed with this computer's key (`storage.key_store`), and so they are
in the automatic copies. A copy for a USB stick (`.khbak`) holds the whole data file — the commune's signing
key included, opened — encrypted with a key derived from the user's passphrase (scrypt, then
ChaCha20-Poly1305). Its first line is a readable JSON header (date, app version, record counts, whose data)
so a restore can show what it holds, and warn about another commune's data, before asking for the passphrase.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .. import __version__
from ..domain.errors import AppError
from ..storage import file_copies, migrations
from ..storage import settings as settings_store
from ..storage.database import ROLES, DataFile
from ..storage.files import atomic_output, make_private, new_unique_file
from ..storage.instance_lock import AlreadyLocked, InstanceLock, describe_holder, read_holder
from ..vietnamese import format_local_time, normalize, os_error_text

MAGIC = b"KHBAK1\n"
AUTO_FOLDER = Path("sao-luu") / "tu-dong"
DAILY_KEEP = 7
MONTHLY_KEEP = 12
SCRYPT_N = 2**15
SCRYPT_R, SCRYPT_P = 8, 1
# The work factors a backup may ask for: 2¹⁴–2¹⁷ is 16–128 MiB and well under a second or two to derive.
SCRYPT_N_MIN, SCRYPT_N_MAX = 2**14, 2**17
HEADER_FORMAT = "khuyenhoc-backup"
MAX_HEADER_BYTES = 64 * 1024


class BackupError(AppError):
    """A backup cannot be made, read or restored; the message says why in Vietnamese."""


class OtherOwnerError(BackupError):
    """The backup belongs to another commune or is of another kind of file (a province file over a commune's).

    Restoring it anyway takes `accept_other_owner=True`, after the user has read this message.
    """


@dataclass(frozen=True)
class Identity:
    """Whose data a file (or a backup) holds."""

    role: str = "commune"
    commune_code: str = ""
    name: str = ""
    file_uuid: str = ""

    def label(self) -> str:
        if self.role == "province":
            return "tệp dữ liệu của tỉnh" + (f" ({self.name})" if self.name else "")
        text = self.name or "một hội khuyến học xã"
        return text + (f" (mã xã {self.commune_code})" if self.commune_code else "")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    app_version: str
    schema_version: int
    commune: str
    counts: dict
    encrypted: bool
    identity: Identity | None = None  # None: a .khbak written before backups recorded it

    def describe(self) -> str:
        when = format_local_time(self.created_at)
        parts = ", ".join(f"{_LABELS.get(k, k)}: {v}" for k, v in self.counts.items())
        return (f"Bản sao lưu ngày {when} (phiên bản chương trình {self.app_version}, lược đồ {self.schema_version})"
                f"{' của ' + self.commune if self.commune else ''}. Gồm {parts}.")


_LABELS = {"award": "khen thưởng", "voucher": "phiếu thu chi", "learning_class": "lớp học", "meeting": "cuộc họp",
           "catalog_item": "mục danh mục"}


def _identity(found: dict[str, str]) -> Identity:
    return Identity(found["role"], found["commune_code"], found["committee_name"], found["file_uuid"])


def file_identity(path: str | os.PathLike[str]) -> Identity | None:
    """Whose data the file at `path` holds, or None when it cannot be read (missing, damaged, not ours)."""
    found = file_copies.owner_of(path)
    return _identity(found) if found else None


def workspace_identity(ws) -> Identity:
    """Whose data the open workspace holds."""
    org = ws.organisation
    return Identity(ws.datafile.role, org.commune_code or "", org.committee_name or "",
                    ws.datafile.get_meta("file_uuid") or "")


def other_owner_warning(current: Identity | None, backup: Identity | None) -> str | None:
    """The warning to confirm before restoring `backup` over a file holding `current` (None: same owner)."""
    if current is None or backup is None:
        return None  # nothing to compare with (a damaged current file, an old backup): restore as before
    if current.role != backup.role:
        from ..domain.roles import role_label

        problem = f"Bản sao lưu này là {role_label(backup.role)}, còn tệp đang dùng là {role_label(current.role)}."
    elif current.role == "commune" and current.commune_code and backup.commune_code \
            and current.commune_code != backup.commune_code:
        problem = f"Bản sao lưu này là của {backup.label()}, không phải của {current.label()}."
    elif current.role == "commune" and not (current.commune_code and backup.commune_code) \
            and current.name and backup.name and normalize(current.name) != normalize(backup.name):
        problem = f"Bản sao lưu này là của {backup.label()}, không phải của {current.label()}."
    else:
        return None
    return (f"CẢNH BÁO: {problem}\nNếu khôi phục, toàn bộ dữ liệu đang dùng sẽ được thay bằng dữ liệu của bản sao "
            "lưu này (tệp hiện tại vẫn được cất lại trong thư mục sao-luu). Chỉ tiếp tục nếu chắc chắn đây đúng là "
            "dữ liệu cần dùng trên máy này.")


def _snapshot(datafile: DataFile, target: Path) -> None:
    """A consistent copy of the live file, made with SQLite's online backup API."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    file_copies.snapshot(datafile.connection(), tmp)
    make_private(tmp)
    os.replace(tmp, target)


# -- automatic copies ---------------------------------------------------------------------
def _db_path(datafile_or_path) -> Path:
    return Path(getattr(datafile_or_path, "path", datafile_or_path))


def auto_folder(datafile_or_path) -> Path:
    return _db_path(datafile_or_path).parent / AUTO_FOLDER


def _named_for(folder: Path, stem: str) -> list[tuple[Path, datetime]]:
    """Copies in `folder` named `<stem>-YYYYmmdd-HHMMSS[…].db`: exactly this stem (not `xa-cu` for `xa`)."""
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(stem) + r"-(\d{8})-(\d{6})(?:-[^.]*)?\.db")
    found = []
    for path in folder.glob(f"{glob.escape(stem)}-*.db"):
        match = pattern.fullmatch(path.name)
        if match is None:
            continue
        try:
            found.append((path, datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")))
        except ValueError:
            continue
    return sorted(found, key=lambda item: (item[1], item[0].name))


def _belongs(path: Path, file_uuid: str | None) -> bool:
    """A copy belongs to the data file with `file_uuid` unless it records another file's id.

    Copies made before files had an id (and a data file too damaged to read its id) go by the name alone.
    """
    return not file_uuid or _recorded_uuid(path) in (None, file_uuid)


_UUID_CACHE: dict[tuple[str, int, int], str] = {}


def _recorded_uuid(path: Path) -> str | None:
    """The file id a copy records (None: none, or unreadable). Copies never change, so each is read once."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _UUID_CACHE:
        found = file_copies.recorded_file_uuid(path)
        if found is None:
            return None  # none recorded, or a damaged copy of ours: it stays listed (check reports it)
        _UUID_CACHE[key] = found
    return _UUID_CACHE[key]


def _own_copies(datafile_or_path, file_uuid: str | None = None) -> list[tuple[Path, datetime]]:
    path = _db_path(datafile_or_path)
    if file_uuid is None:
        if hasattr(datafile_or_path, "get_meta"):  # an open DataFile
            file_uuid = datafile_or_path.get_meta("file_uuid") or ""
        else:
            identity = file_identity(path)
            file_uuid = identity.file_uuid if identity else ""
    return [(p, stamp) for p, stamp in _named_for(auto_folder(path), path.stem) if _belongs(p, file_uuid)]


def auto_backups(datafile_or_path) -> list[Path]:
    """Automatic copies of this data file (its name and its file id), oldest first."""
    return [p for p, _ in _own_copies(datafile_or_path)]


def newest_good_backup(db_path) -> BackupInfo | None:
    """The newest automatic copy that is intact and ours (offered when the data file is damaged)."""
    for path in reversed(auto_backups(db_path)):
        try:
            return _inspect_sqlite(path)
        except BackupError:
            continue
    return None


def auto_backup(ws, *, force: bool = False, now: datetime | None = None, reason: str = "") -> Path | None:
    """Copy the data file into the rotation unless one was made today (or `force`). Returns the copy."""
    datafile = ws.datafile
    now = now or datetime.now()
    existing = _own_copies(datafile)
    if not force and any(stamp.date() == now.date() for _, stamp in existing):
        return None
    folder = auto_folder(datafile)
    suffix = f"-{reason}.db" if reason else ".db"
    try:
        if not datafile.read_only:  # a copy must not carry a usable private key (sqlite3 errors, not peewee's)
            settings_store.seal_stored(datafile.connection())
        target = new_unique_file(folder, datafile.path.stem, suffix, now)
        _snapshot(datafile, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Không sao lưu tự động được: {exc}") from exc
    prune(datafile, now)
    return target


def _stamp(path: Path) -> datetime | None:
    match = re.search(r"-(\d{8})-(\d{6})(?:-[^.]*)?\.db$", path.name)
    try:
        return datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S") if match else None
    except ValueError:
        return None


def prune(datafile_or_path, now: datetime) -> list[Path]:
    """Keep the newest copy of each of the last 7 days, then the newest of each month for a year.

    Only this data file's own copies are considered: same name, and the same file id where recorded.
    """
    dated = sorted(_own_copies(datafile_or_path), key=lambda x: (x[1], x[0].name), reverse=True)
    keep: set[Path] = set()
    days: set = set()
    months: set = set()
    for path, stamp in dated:
        age = now - stamp
        if age <= timedelta(days=DAILY_KEEP):
            if stamp.date() not in days:
                days.add(stamp.date())
                keep.add(path)
        elif age <= timedelta(days=366):
            key = (stamp.year, stamp.month)
            if key not in months and len(months) < MONTHLY_KEEP:
                months.add(key)
                keep.add(path)
    removed = []
    for path, _ in dated:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# -- copies for a USB stick -------------------------------------------------------------------
# -- the passphrase's key (also for the province's key transfer file, services/province/key_sharing.py) ----------
MIN_PASSPHRASE = 6


def check_new_passphrase(passphrase: str, what: str = "Mật khẩu sao lưu") -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise BackupError(f"{what} cần ít nhất {MIN_PASSPHRASE} ký tự.")


def new_kdf() -> dict:
    """The key derivation a new encrypted file records in its readable header (a fresh salt)."""
    return {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": os.urandom(16).hex()}


def kdf_problem(kdf) -> str | None:
    """What is wrong with a recorded key derivation, checked before deriving anything (None: fine)."""
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt" or not _is_hex(kdf.get("salt"), 32):
        return "tham số mã hóa không hợp lệ"
    n = kdf.get("n")
    # scrypt takes 128·n·r bytes: the bound keeps a hostile header from asking for gigabytes and minutes.
    if not _is_int(n) or not SCRYPT_N_MIN <= n <= SCRYPT_N_MAX or n & (n - 1) \
            or kdf.get("r") != SCRYPT_R or kdf.get("p") != SCRYPT_P or not _is_int(kdf.get("r")) or not _is_int(kdf.get("p")):
        return "tham số mã hóa nằm ngoài giới hạn cho phép"
    return None


def derive_key(passphrase: str, kdf: dict) -> bytes:
    """The 32-byte key of `passphrase` under a checked `kdf` (`new_kdf`, or one read and passed by `kdf_problem`)."""
    return _derive(passphrase, bytes.fromhex(kdf["salt"]), kdf["n"])


def _derive(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_hex(value, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and all(c in "0123456789abcdef" for c in value)


def export_backup(ws, folder: str | os.PathLike[str], passphrase: str, now: datetime | None = None) -> Path:
    """Write an encrypted `.khbak` copy of the whole data file into `folder` (e.g. a USB stick)."""
    check_new_passphrase(passphrase)
    now = now or datetime.now()
    org = ws.organisation
    folder = Path(folder)
    name = f"KhuyenHoc-{(org.commune_code or 'xa')}-{now.strftime('%Y%m%d-%H%M')}.khbak"
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "copy.db"
        _snapshot(ws.datafile, snapshot)
        counts: dict = {}

        def count_and_open_keys(conn) -> None:
            counts.update(file_copies.counts(conn))
            # Inside the passphrase's encryption the keys travel open, so a restore on a new computer still
            # signs; that computer seals them with its own key.
            settings_store.open_sealed_values(conn)

        file_copies.with_connection(snapshot, count_and_open_keys)
        plain = zlib.compress(snapshot.read_bytes(), 6)
    kdf, nonce = new_kdf(), os.urandom(12)
    header = {
        "format": HEADER_FORMAT, "version": 1, "created_at": now.astimezone().isoformat(timespec="seconds"),
        "app_version": __version__, "schema_version": ws.datafile.schema_version,
        "commune": org.committee_name, "counts": counts,
        # Whose data this is, readable before the passphrase: a restore over another commune's file warns first.
        "role": ws.datafile.role, "commune_code": org.commune_code,
        "file_uuid": ws.datafile.get_meta("file_uuid") or "",
        "kdf": kdf,
        "nonce": nonce.hex(),
    }
    header_line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    cipher = ChaCha20Poly1305(derive_key(passphrase, kdf)).encrypt(nonce, plain, MAGIC + header_line)
    try:
        with atomic_output(folder / name) as fh:
            fh.write(MAGIC + header_line + cipher)
        make_private(folder / name)
    except OSError as exc:
        raise BackupError(_write_reason(exc, folder)) from exc
    return folder / name


def _write_reason(exc: OSError, folder: Path, what: str = "bản sao lưu") -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"Không đủ chỗ trống trong “{folder}” để ghi {what}. Dữ liệu trên máy không bị ảnh hưởng."
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return f"Không ghi được vào “{folder}” (chỉ cho phép đọc hoặc không có quyền)."
    return f"Không ghi được {what} vào “{folder}”: {os_error_text(exc)}"


def _header_problem(header) -> str | None:
    """What is wrong with a `.khbak` header, checked before anything is derived or decrypted (None: fine)."""
    if not isinstance(header, dict):
        return "phần đầu không đúng dạng"
    if header.get("format") != HEADER_FORMAT or header.get("version") != 1 or not _is_int(header.get("version")):
        return "không phải định dạng sao lưu mà chương trình này đọc được"
    for key in ("created_at", "app_version"):
        if not isinstance(header.get(key), str) or len(header[key]) > 64:
            return f"thiếu hoặc sai trường {key}"
    try:
        datetime.fromisoformat(header["created_at"])
    except ValueError:
        return "ngày sao lưu không hợp lệ"
    if not _is_int(header.get("schema_version")) or not 1 <= header["schema_version"] <= 100_000:
        return "số lược đồ không hợp lệ"
    for key in ("commune", "commune_code", "file_uuid"):
        if not isinstance(header.get(key, ""), str) or len(header.get(key, "")) > 500:
            return f"trường {key} không hợp lệ"
    if header.get("role", "commune") not in ROLES:
        return "loại tệp dữ liệu không hợp lệ"
    counts = header.get("counts", {})
    if not isinstance(counts, dict) or len(counts) > 50 or not all(
            isinstance(k, str) and _is_int(v) and v >= 0 for k, v in counts.items()):
        return "số bản ghi không hợp lệ"
    problem = kdf_problem(header.get("kdf"))
    if problem:
        return problem
    if not _is_hex(header.get("nonce"), 24):
        return "tham số mã hóa không hợp lệ"
    return None


def _read_header(fh, name: str) -> tuple[dict, bytes]:
    """The validated header of a `.khbak` whose magic line was just read, and its raw line."""
    line = fh.readline(MAX_HEADER_BYTES)
    bad = f"Tệp sao lưu “{name}” bị hỏng hoặc không đúng định dạng"
    if not line.endswith(b"\n"):
        raise BackupError(bad + " (phần đầu quá dài hoặc bị cắt).")
    try:
        header = json.loads(line.decode("utf-8"))
    except ValueError as exc:
        raise BackupError(bad + ".") from exc
    problem = _header_problem(header)
    if problem:
        raise BackupError(f"{bad} ({problem}).")
    return header, line


def inspect_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """What a backup holds, without changing anything (and, for .khbak, without the passphrase)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
            if head == MAGIC:
                header, _ = _read_header(fh, path.name)
                identity = None
                if "role" in header:
                    identity = Identity(header["role"], header.get("commune_code", ""), header.get("commune", ""),
                                        header.get("file_uuid", ""))
                return BackupInfo(path, header["created_at"], header["app_version"], header["schema_version"],
                                  header.get("commune", ""), header.get("counts", {}), True, identity)
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.") from exc
    except OSError as exc:
        raise BackupError(f"Tệp sao lưu “{path.name}” bị hỏng hoặc không đúng định dạng.") from exc
    return _inspect_sqlite(path)


def _inspect_sqlite(path: Path) -> BackupInfo:
    try:
        found = file_copies.describe(path)
    except file_copies.READ_ERRORS as exc:
        raise BackupError(f"Tệp “{path.name}” không phải bản sao lưu hợp lệ hoặc bị hỏng.") from exc
    if not found["ours"]:
        raise BackupError(f"Tệp “{path.name}” không phải bản sao lưu của Khuyến học Desktop.")
    if not found["intact"]:
        raise BackupError(f"Bản sao lưu “{path.name}” bị hỏng.")
    identity = _identity(found["owner"])
    created = datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    return BackupInfo(path, created, "", found["schema_version"], identity.name, found["counts"], False, identity)


def _decrypt_to(path: Path, passphrase: str, target: Path) -> None:
    with open(path, "rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"Tệp sao lưu “{path.name}” bị hỏng hoặc không đúng định dạng.")
        header, line = _read_header(fh, path.name)
        cipher = fh.read()
    key = derive_key(passphrase, header["kdf"])
    try:
        plain = ChaCha20Poly1305(key).decrypt(bytes.fromhex(header["nonce"]), cipher, MAGIC + line)
    except InvalidTag as exc:
        raise BackupError("Sai mật khẩu sao lưu, hoặc tệp sao lưu đã bị sửa/hỏng.") from exc
    target.write_bytes(zlib.decompress(plain))


# -- restore ------------------------------------------------------------------------------------
def restore(db_path: str | os.PathLike[str], backup: str | os.PathLike[str], passphrase: str | None = None, *,
            accept_other_owner: bool = False, now: datetime | None = None, aside_as: str = "truoc-khoi-phuc") -> Path | None:
    """Replace the data file with a backup; returns where the current file was set aside (None: there was none).

    Refused while another copy of the program has the file open (its lock), and — unless
    `accept_other_owner` — when the backup is another commune's or another kind of file (OtherOwnerError,
    whose message is the warning to show). The current file (with its -wal, damaged or not) is copied
    byte for byte into `sao-luu/<name>-<aside_as>-<time>.db` and the copy compared before anything is replaced.
    """
    db_path, backup = Path(db_path).expanduser().resolve(), Path(backup)
    info = inspect_backup(backup)
    if info.schema_version > migrations.latest_version():
        raise BackupError("Bản sao lưu được tạo bởi phiên bản mới hơn của chương trình; hãy cập nhật chương trình trước.")
    lock = InstanceLock(str(db_path) + ".lock")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)  # restoring onto a new computer
        lock.acquire()
    except AlreadyLocked as exc:
        holder = describe_holder(read_holder(lock.path))
        raise BackupError(f"Không khôi phục được: tệp dữ liệu “{db_path.name}” đang được mở bởi {holder}. "
                          "Hãy lưu và đóng Khuyến học Desktop ở đó rồi khôi phục lại. Chưa có gì bị thay đổi.") from exc
    except OSError as exc:
        raise BackupError(_write_reason(exc, db_path.parent, "tệp dữ liệu khôi phục")) from exc
    try:
        return _restore_locked(db_path, backup, info, passphrase, accept_other_owner, now or datetime.now(), aside_as)
    finally:
        lock.release()


def _restore_locked(db_path: Path, backup: Path, info: BackupInfo, passphrase: str | None,
                    accept_other_owner: bool, now: datetime, aside_as: str) -> Path | None:
    try:
        with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
            candidate = Path(tmp) / "restore.db"
            if info.encrypted:
                if not passphrase:
                    raise BackupError("Cần mật khẩu để mở bản sao lưu này.")
                try:
                    _decrypt_to(backup, passphrase, candidate)
                except (ValueError, KeyError, zlib.error) as exc:
                    raise BackupError("Tệp sao lưu bị hỏng, không khôi phục được.") from exc
            else:
                try:
                    file_copies.copy_with_backup_api(backup, candidate)
                except sqlite3.Error as exc:
                    raise BackupError(f"Tệp “{backup.name}” không phải bản sao lưu hợp lệ hoặc bị hỏng.") from exc
            restored = _inspect_sqlite(candidate)  # ours, intact
            current = file_identity(db_path)
            warning = other_owner_warning(current, restored.identity)
            if warning and not accept_other_owner:
                raise OtherOwnerError(warning)
            sent = file_copies.sent_sync_state(db_path)
            # A copy from before files had an id takes this file's: its automatic copies stay its own.
            keep_id = current.file_uuid if current and not restored.identity.file_uuid else ""
            saved_current = _set_aside(db_path, now, aside_as) if db_path.exists() else None
            file_copies.carry_into(candidate, sent, keep_id)
            # A .khbak brings the private keys opened: sealed with this computer's key before the file is used.
            file_copies.with_connection(candidate, settings_store.seal_stored)
            make_private(candidate)
            # The -wal belongs to the file being replaced (its copy is set aside): left next to the restored
            # file, SQLite would replay its pages over it.
            for suffix in ("-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            os.replace(candidate, db_path)
    except OSError as exc:
        raise BackupError(_write_reason(exc, db_path.parent, "tệp dữ liệu khôi phục")
                          + " Tệp dữ liệu hiện tại chưa bị thay.") from exc
    except sqlite3.Error as exc:  # writing the carried numbers or sealed keys into the copy (a full disk, say)
        raise BackupError(f"Không chuẩn bị được bản khôi phục ({exc}). Tệp dữ liệu hiện tại chưa bị thay.") from exc
    return saved_current


def _set_aside(db_path: Path, now: datetime, label: str) -> Path:
    """Copy the current file (and its -wal) byte for byte under a name never used before, and compare the copy."""
    target = new_unique_file(db_path.parent / "sao-luu", f"{db_path.stem}-{label}", db_path.suffix or ".db",
                             now, companions=("-wal",))
    copies = [(db_path, target)]
    wal = Path(str(db_path) + "-wal")
    if wal.exists() and wal.stat().st_size:
        copies.append((wal, Path(str(target) + "-wal")))
    try:
        for source, copy in copies:
            _copy_verified(source, copy)
    except BaseException:
        for _, copy in copies:
            copy.unlink(missing_ok=True)
        raise
    return target


def _copy_verified(source: Path, target: Path) -> None:
    expected = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 20):
            expected.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    make_private(target)
    written = hashlib.sha256()
    with open(target, "rb") as fh:
        while chunk := fh.read(1 << 20):
            written.update(chunk)
    if written.digest() != expected.digest():
        raise BackupError(f"Bản sao của tệp hiện tại (“{target.name}”) không khớp với tệp gốc; "
                          "chưa khôi phục để không mất dữ liệu. Hãy kiểm tra ổ đĩa rồi thử lại.")


def verify_backups(datafile: DataFile) -> list[dict]:
    """Each automatic backup with its state, for `khuyenhoc check`."""
    result = []
    for path in auto_backups(datafile):
        try:
            info = _inspect_sqlite(path)
            result.append({"file": path.name, "ok": True, "schema_version": info.schema_version, "counts": info.counts})
        except BackupError as exc:
            result.append({"file": path.name, "ok": False, "problem": exc.message})
    return result
