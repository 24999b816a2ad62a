"""Backups: automatic rotating copies, passphrase-protected copies for a USB stick, and restore.

Automatic copies are plain SQLite files made with SQLite's online backup in `<data folder>/sao-luu/tu-dong`.
A copy for a USB stick (`.khbak`) holds the whole data file — the commune's signing key included — encrypted
with a key derived from the user's passphrase (scrypt, then ChaCha20-Poly1305). Its first line is a
readable JSON header (date, app version, record counts) so a restore can show what it holds before asking
for the passphrase.
"""

from __future__ import annotations

import json
import os
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
from ..storage import migrations
from ..storage.database import APPLICATION_ID, DataFile
from ..storage.files import atomic_output
from ..vietnamese import format_local_time

MAGIC = b"KHBAK1\n"
AUTO_FOLDER = Path("sao-luu") / "tu-dong"
DAILY_KEEP = 7
MONTHLY_KEEP = 12
SCRYPT_N = 2**15
COUNTED_TABLES = ("award", "voucher", "learning_class", "meeting", "catalog_item")
# Meta keys that must survive a restore: the province has already seen these package numbers.
CARRIED_META = ("sync_last_seq", "sync_last_hash")


class BackupError(AppError):
    """A backup cannot be made, read or restored; the message says why in Vietnamese."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    app_version: str
    schema_version: int
    commune: str
    counts: dict
    encrypted: bool

    def describe(self) -> str:
        when = format_local_time(self.created_at)
        parts = ", ".join(f"{_LABELS.get(k, k)}: {v}" for k, v in self.counts.items())
        return (f"Bản sao lưu ngày {when} (phiên bản chương trình {self.app_version}, lược đồ {self.schema_version})"
                f"{' của ' + self.commune if self.commune else ''}. Gồm {parts}.")


_LABELS = {"award": "khen thưởng", "voucher": "phiếu thu chi", "learning_class": "lớp học", "meeting": "cuộc họp",
           "catalog_item": "mục danh mục"}


def _counts(conn: sqlite3.Connection) -> dict:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE deleted = 0").fetchone()[0] for t in COUNTED_TABLES if t in tables}


def _snapshot(datafile: DataFile, target: Path) -> None:
    """A consistent copy of the live file, made with SQLite's online backup API."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        datafile.db.connection().backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    finally:
        dest.close()
    os.replace(tmp, target)


# -- automatic copies ---------------------------------------------------------------------
def _db_path(datafile_or_path) -> Path:
    return Path(getattr(datafile_or_path, "path", datafile_or_path))


def auto_folder(datafile_or_path) -> Path:
    return _db_path(datafile_or_path).parent / AUTO_FOLDER


def auto_backups(datafile_or_path) -> list[Path]:
    """Automatic copies of a data file, oldest first."""
    path = _db_path(datafile_or_path)
    folder = auto_folder(path)
    found = folder.glob(f"{path.stem}-*.db") if folder.is_dir() else []
    return sorted(found, key=lambda p: _stamp(p) or datetime.min)


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
    existing = auto_backups(datafile)
    if not force and any((_stamp(p) or datetime.min).date() == now.date() for p in existing):
        return None
    folder = auto_folder(datafile)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{datafile.path.stem}-{now.strftime('%Y%m%d-%H%M%S')}{suffix}.db"
    try:
        _snapshot(datafile, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Không sao lưu tự động được: {exc}") from exc
    prune(folder, datafile.path.stem, now)
    return target


def _stamp(path: Path) -> datetime | None:
    parts = path.stem.split("-")
    for i in range(len(parts) - 1):
        try:
            return datetime.strptime(parts[i] + parts[i + 1], "%Y%m%d%H%M%S")
        except ValueError:
            continue
    return None


def prune(folder: Path, stem: str, now: datetime) -> list[Path]:
    """Keep the newest copy of each of the last 7 days, then the newest of each month for a year."""
    dated = sorted(((p, _stamp(p)) for p in folder.glob(f"{stem}-*.db")), key=lambda x: x[1] or datetime.min, reverse=True)
    keep: set[Path] = set()
    days: set = set()
    months: set = set()
    for path, stamp in dated:
        if stamp is None:
            keep.add(path)
            continue
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
def _derive(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))


def export_backup(ws, folder: str | os.PathLike[str], passphrase: str, now: datetime | None = None) -> Path:
    """Write an encrypted `.khbak` copy of the whole data file into `folder` (e.g. a USB stick)."""
    if len(passphrase) < 6:
        raise BackupError("Mật khẩu sao lưu cần ít nhất 6 ký tự.")
    now = now or datetime.now()
    org = ws.organisation
    folder = Path(folder)
    name = f"KhuyenHoc-{(org.commune_code or 'xa')}-{now.strftime('%Y%m%d-%H%M')}.khbak"
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "copy.db"
        _snapshot(ws.datafile, snapshot)
        with sqlite3.connect(snapshot) as conn:
            counts = _counts(conn)
        plain = zlib.compress(snapshot.read_bytes(), 6)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": "khuyenhoc-backup", "version": 1, "created_at": now.astimezone().isoformat(timespec="seconds"),
        "app_version": __version__, "schema_version": ws.datafile.schema_version,
        "commune": org.committee_name, "counts": counts,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1, "salt": salt.hex()}, "nonce": nonce.hex(),
    }
    header_line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    cipher = ChaCha20Poly1305(_derive(passphrase, salt, SCRYPT_N)).encrypt(nonce, plain, MAGIC + header_line)
    try:
        with atomic_output(folder / name) as fh:
            fh.write(MAGIC + header_line + cipher)
    except OSError as exc:
        raise BackupError(_write_reason(exc, folder)) from exc
    return folder / name


def _write_reason(exc: OSError, folder: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"Không đủ chỗ trống trong “{folder}” để ghi bản sao lưu. Dữ liệu trên máy không bị ảnh hưởng."
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return f"Không ghi được vào “{folder}” (chỉ cho phép đọc hoặc không có quyền)."
    return f"Không ghi được bản sao lưu vào “{folder}”: {exc.strerror or exc}"


def inspect_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """What a backup holds, without changing anything (and, for .khbak, without the passphrase)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
            if head == MAGIC:
                header = json.loads(fh.readline(65536).decode("utf-8"))
                return BackupInfo(path, header["created_at"], header["app_version"], int(header["schema_version"]),
                                  header.get("commune", ""), header.get("counts", {}), True)
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.") from exc
    except (OSError, ValueError, KeyError) as exc:
        raise BackupError(f"Tệp sao lưu “{path.name}” bị hỏng hoặc không đúng định dạng.") from exc
    return _inspect_sqlite(path)


def _inspect_sqlite(path: Path) -> BackupInfo:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise BackupError(f"Tệp “{path.name}” không phải bản sao lưu của Khuyến học Desktop.")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"Bản sao lưu “{path.name}” bị hỏng.")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            counts = _counts(conn)
            org = conn.execute("SELECT value FROM setting WHERE key = 'organisation'").fetchone()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"Tệp “{path.name}” không phải bản sao lưu hợp lệ hoặc bị hỏng.") from exc
    commune = json.loads(org[0]).get("committee_name", "") if org else ""
    created = datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    return BackupInfo(path, created, "", version, commune, counts, False)


def _decrypt_to(path: Path, passphrase: str, target: Path) -> None:
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC)) + 1
    header = json.loads(data[len(MAGIC):end].decode("utf-8"))
    kdf = header["kdf"]
    key = _derive(passphrase, bytes.fromhex(kdf["salt"]), int(kdf["n"]))
    try:
        plain = ChaCha20Poly1305(key).decrypt(bytes.fromhex(header["nonce"]), data[end:], data[:end])
    except InvalidTag as exc:
        raise BackupError("Sai mật khẩu sao lưu, hoặc tệp sao lưu đã bị sửa/hỏng.") from exc
    target.write_bytes(zlib.decompress(plain))


def restore(db_path: str | os.PathLike[str], backup: str | os.PathLike[str], passphrase: str | None = None) -> Path:
    """Replace the data file with a backup, after checking the backup and copying the current file aside.

    The workspace on `db_path` must be closed. Returns where the current file was saved before replacing it.
    """
    db_path, backup = Path(db_path), Path(backup)
    info = inspect_backup(backup)
    if info.schema_version > migrations.latest_version():
        raise BackupError("Bản sao lưu được tạo bởi phiên bản mới hơn của chương trình; hãy cập nhật chương trình trước.")
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
            src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
            dest = sqlite3.connect(candidate)
            try:
                src.backup(dest)
            finally:
                src.close()
                dest.close()
        _inspect_sqlite(candidate)  # ours, intact
        saved_current = None
        carried: dict[str, str] = {}
        if db_path.exists():
            current = DataFile.open(db_path, take_lock=False)
            try:
                for key in CARRIED_META:
                    value = current.get_meta(key)
                    if value is not None:
                        carried[key] = value
                folder = db_path.parent / "sao-luu"
                folder.mkdir(parents=True, exist_ok=True)
                saved_current = folder / f"{db_path.stem}-truoc-khoi-phuc-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"
                _snapshot(current, saved_current)
            finally:
                current.close()
        _carry_sync_state(candidate, carried)
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(candidate, db_path)
    return saved_current


def _carry_sync_state(path: Path, carried: dict[str, str]) -> None:
    """Never let the restored file send package numbers the province has already seen."""
    if not carried:
        return
    conn = sqlite3.connect(path)
    try:
        current = conn.execute("SELECT value FROM meta WHERE key = 'sync_last_seq'").fetchone()
        newer = int(carried.get("sync_last_seq", "0") or 0)
        if current is None or int(current[0] or 0) < newer:
            for key, value in carried.items():
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (key, value))
            conn.execute("INSERT INTO meta(key, value) VALUES ('sync_restored_from_backup', '1')"
                         " ON CONFLICT(key) DO UPDATE SET value = '1'")
        conn.commit()
    finally:
        conn.close()


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
