"""Opening the data file: recognise it, check it, lock it, back it up and migrate it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import DamagedDataFileError, DataFileError
from . import migrations
from .files import make_private, new_unique_file
from .instance_lock import AlreadyLocked, InstanceLock, describe_holder, read_holder

if TYPE_CHECKING:  # peewee loads on first use of `DataFile.db` (see adopted_database)
    from peewee import SqliteDatabase

# PRAGMA application_id marks a file as ours ("KHD1"); a SQLite file without it is someone else's.
APPLICATION_ID = 0x4B484431
SQLITE_MAGIC = b"SQLite format 3\x00"
ROLES = ("commune", "province")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # FULL: a saved record survives a power cut, not only a crash; saves are one row at a time.
    "synchronous": "full",
    "cache_size": -32000,
    "temp_store": "memory",
}


@dataclass
class OpenReport:
    """What happened while opening: shown to the user by the caller."""

    created: bool = False
    migrated_from: int | None = None
    backup_path: Path | None = None
    integrity: str = "ok"
    unclean_shutdown: bool = False
    schema_version: int = 0
    warnings: list[str] = field(default_factory=list)
    read_only_reason: str = ""  # set when a file that cannot be written was opened to be looked at only


READ_ONLY_PRAGMAS = {"busy_timeout": 5000}


class DataFile:
    """One opened data file: its SQLite connection, and the peewee database the models use (made on first use)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, report: OpenReport, lock: InstanceLock | None,
                 read_only: bool = False, read_from: Path | None = None):
        self.read_only = read_only
        self.path = path
        # Where SQLite reads: `path`, or a private copy of it and its -wal (see `_readable_copy`).
        self.read_from = read_from or path
        self.conn = conn
        self.report = report
        self._lock = lock
        self._db: SqliteDatabase | None = None
        self._db_lock = threading.Lock()
        self._opened_by = threading.get_ident()  # the thread whose peewee connection is `conn`
        self._closed = False

    @property
    def db(self) -> SqliteDatabase:
        """The peewee database (models bound to it); it shares `conn` in the thread that opened the file."""
        if self._db is None:
            with self._db_lock:
                if self._db is None:
                    from .adopted_database import peewee_database

                    if self.read_only:
                        self._db = peewee_database(self.conn, self._opened_by, f"{self.read_from.as_uri()}?mode=ro",
                                                   READ_ONLY_PRAGMAS, uri=True)
                    else:
                        self._db = peewee_database(self.conn, self._opened_by, str(self.path), PRAGMAS,
                                                   check_same_thread=False)
                        self._db.after_commit = self.checkpoint
        return self._db

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        role: str = "commune",
        take_lock: bool = True,
        full_integrity_check: bool = False,
        read_only: bool = False,
        defer_integrity_check: bool = False,
        read_only_fallback: bool = False,
        password: str | None = None,
    ) -> "DataFile":
        """Open (or create) the data file at `path`.

        Raises DataFileError with a Vietnamese message when the file is not ours, is newer than this
        program, is damaged, or cannot be written. Nothing is written to a file that is refused.
        With `read_only_fallback` (the window), a file that cannot be written (a write-protected USB stick,
        a CD) is opened to be looked at, with `report.read_only_reason` to show, instead of being refused.
        """
        if isinstance(path, str) and "://" in path:  # a province store on a server (storage.server)
            from .server import ServerStore

            return ServerStore.open(path, create=create, read_only=read_only, password=password, role=role)
        path = Path(path).expanduser().resolve()
        report = OpenReport()
        exists = path.exists() and path.stat().st_size > 0
        if path.is_dir():
            raise DataFileError(f"“{path}” là một thư mục, không phải tệp dữ liệu.")
        if not exists:
            if not create or read_only:
                raise DataFileError(f"Không tìm thấy tệp dữ liệu “{path}”.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DataFileError(f"Không tạo được thư mục “{path.parent}”: {_os_reason(exc)}") from exc
            if not os.access(path.parent, os.W_OK):
                raise DataFileError(f"Không có quyền ghi vào thư mục “{path.parent}”.")
            report.created = True
            # Private from the start: SQLite gives the -wal and -shm files the mode of the data file.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
            make_private(path)  # whatever the umask
        read_from = path
        if exists and _wal_unreadable_in_place(path):
            read_from = _readable_copy(path)
        if exists:
            try:
                version, integrity = _inspect_existing(read_from, full_integrity_check, defer_integrity_check)
            except DataFileError:
                _remove_copy(path, read_from)
                raise
            report.integrity = integrity
            if version > migrations.latest_version():
                _remove_copy(path, read_from)
                raise DataFileError(
                    f"Tệp dữ liệu “{path.name}” được tạo bởi phiên bản mới hơn của chương trình "
                    f"(lược đồ {version}, chương trình này hiểu đến lược đồ {migrations.latest_version()}). "
                    "Hãy cập nhật Khuyến học Desktop rồi mở lại."
                )
            if not read_only and not os.access(path, os.W_OK):
                if not read_only_fallback or version < migrations.latest_version():
                    _remove_copy(path, read_from)
                    raise DataFileError(f"Tệp dữ liệu “{path}” chỉ cho phép đọc; không thể lưu thay đổi.")
                read_only = True
                report.read_only_reason = (
                    f"Tệp dữ liệu “{path.name}” nằm ở nơi chỉ cho phép đọc (ổ USB bị khóa ghi, đĩa CD hoặc thư mục "
                    "không có quyền ghi): chỉ xem được, không lưu được thay đổi. Muốn làm việc tiếp, hãy chép tệp "
                    f"(cùng tệp “{path.name}-wal” nếu có) vào máy rồi mở bản chép.")
            report.schema_version = version
        if read_only:
            # Looking only (check, summary): no lock, no migration, nothing written to the file.
            try:
                conn = _connect(f"{read_from.as_uri()}?mode=ro", READ_ONLY_PRAGMAS, uri=True)
            except sqlite3.Error as exc:
                _remove_copy(path, read_from)
                raise DataFileError(_sqlite_reason(path, exc)) from exc
            return cls(path, conn, report, None, read_only=True, read_from=read_from)

        lock = None
        if take_lock:
            lock = InstanceLock(str(path) + ".lock")
            try:
                lock.acquire()
            except AlreadyLocked:
                holder = describe_holder(read_holder(lock.path))
                lock = None
                report.warnings.append(
                    f"Tệp dữ liệu này đang được mở bởi {holder} (một cửa sổ Khuyến học Desktop khác). "
                    "Hãy đóng cửa sổ kia trước khi nhập liệu để tránh nhầm lẫn."
                )
            except OSError:
                lock = None  # a read-only folder for the lock file; the file itself is writable

        conn = None
        try:
            conn = _connect(str(path), PRAGMAS)
            _migrate(conn, path, report, role)
        except DataFileError:
            _close_quietly(conn)
            _release(lock)
            raise
        except sqlite3.DatabaseError as exc:
            _close_quietly(conn)
            _release(lock)
            raise DataFileError(_sqlite_reason(path, exc)) from exc
        for suffix in ("", "-wal", "-shm"):  # files made by older versions were readable by every account
            make_private(str(path) + suffix)
        datafile = cls(path, conn, report, lock)
        state = datafile.get_meta("open_state", "closed")
        report.unclean_shutdown = not report.created and state == "open"
        datafile.set_meta("open_state", "open")
        if report.created or report.migrated_from is not None:
            datafile.checkpoint()  # complete in its .db from the start (not on every start: it costs an fsync)
        return datafile

    def name_lock_holder(self, operator: str) -> None:
        """Tell another copy of the program who has this file open (shown if it tries to restore over it)."""
        if self._lock is not None:
            self._lock.set_operator(operator)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.read_only:
            try:
                self.set_meta("open_state", "closed")
                # Folds the WAL back so a copied .db file is complete on its own.
                self.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception as exc:  # peewee's errors too; a full disk must not stop the file from closing
                if explain_storage_error(exc) is None:
                    raise
        if self._db is not None:
            self._db.close()  # this thread's connection (the shared one, in the opening thread)
        _close_quietly(self.conn)
        _release(self._lock)
        _remove_copy(self.path, self.read_from)

    def release_thread_connection(self) -> None:
        """Close the calling worker thread's own connection (peewee keeps one per thread) when it is done."""
        if self._db is not None and threading.get_ident() != self._opened_by:
            self._db.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "DataFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- small helpers used everywhere -------------------------------------------
    @property
    def role(self) -> str:
        return self.get_meta("role", "commune")

    @property
    def schema_version(self) -> int:
        return self.execute_sql("PRAGMA user_version").fetchone()[0]

    def connection(self) -> sqlite3.Connection:
        """The calling thread's connection to the file: `conn` in the thread that opened it (peewee, once
        loaded, adopts that same connection there), peewee's own connection for that thread in any other."""
        if self._closed and self._db is not None:
            # A late caller after `close` (a widget's timer that outlived its window): peewee reconnects,
            # as its own queries do; before peewee was ever loaded the closed `conn` refuses.
            return self._db.connection()
        if threading.get_ident() == self._opened_by:
            return self.conn
        return self.db.connection()

    def execute_sql(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Run one of the file's own statements (meta, settings, pragmas) on the calling thread's connection.

        Whether peewee is loaded or not changes nothing: the statement runs on the same sqlite3 connection
        (so inside `db.atomic()` it belongs to that transaction) and fails with sqlite3's errors. Same call
        as peewee's `execute_sql`, so the settings store takes either."""
        return self.connection().execute(sql, params)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.execute_sql("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.execute_sql(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, str(value)),
        )

    def atomic(self):
        return self.db.atomic()

    def checkpoint(self) -> bool:
        """Fold the WAL into the .db file, so that a copy of the .db alone (made by hand, while the program
        is open) holds every saved record. Run after each committed save; PASSIVE never waits for readers
        or blocks a writer — frames a reader still needs are folded in by the next one. True when done."""
        if self.read_only or self._closed:
            return False
        try:
            # On this thread's sqlite3 connection itself: its errors stay sqlite3 errors (peewee would wrap
            # them), and a failed checkpoint (e.g. a full disk) must never turn a committed save into an error.
            busy, _frames, _done = self.connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            return False
        return busy == 0

    def integrity_check(self) -> str:
        rows = self.execute_sql("PRAGMA integrity_check").fetchall()
        return "ok" if rows == [("ok",)] else "; ".join(r[0] for r in rows[:10])

    def backup_to(self, target: str | os.PathLike[str]) -> Path:
        """Copy the live file with SQLite's online backup (consistent even while in use)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        dest = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
        return target


# -- internals -------------------------------------------------------------------
def _wal_unreadable_in_place(path: Path) -> bool:
    """A -wal without its -shm in a folder that cannot be written: SQLite cannot even read such a file
    where it is (it must create the -shm), and `immutable=1` would ignore the changes in the -wal."""
    wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
    return wal.exists() and wal.stat().st_size > 0 and not shm.exists() and not os.access(path.parent, os.W_OK)


def _readable_copy(path: Path) -> Path:
    """The file and its -wal copied into a private temporary folder, to be read there (removed on close)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="khuyenhoc-chi-doc-"))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(str(path) + "-wal", str(copy) + "-wal")
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise DataFileError(f"Không đọc được tệp “{path}”: {_os_reason(exc)}") from exc
    return copy


def _remove_copy(path: Path, read_from: Path) -> None:
    if read_from != path:
        import shutil

        shutil.rmtree(read_from.parent, ignore_errors=True)


def _inspect_existing(path: Path, full: bool, defer: bool = False) -> tuple[int, str]:
    """Read-only look at an existing file: is it SQLite, is it ours, which schema, is it intact.

    With `defer`, a file that was closed cleanly skips the check here (the window runs it in the
    background right after start-up); a file left open by a crash is always checked before use.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise DataFileError(f"Không đọc được tệp “{path}”: {_os_reason(exc)}") from exc
    if not head.startswith(SQLITE_MAGIC):
        raise DataFileError(
            f"Tệp “{path.name}” không phải tệp dữ liệu của Khuyến học Desktop (không phải cơ sở dữ liệu SQLite)."
        )
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise DataFileError(_sqlite_reason(path, exc)) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        # Asked through SQLite, not read from the header: with WAL the newest header may still be in the -wal file.
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID and tables:
            raise DataFileError(
                f"Tệp “{path.name}” là cơ sở dữ liệu của một chương trình khác, không phải của Khuyến học Desktop. "
                "Chương trình không mở để tránh làm hỏng tệp."
            )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if defer and "meta" in tables:
            state = conn.execute("SELECT value FROM meta WHERE key = 'open_state'").fetchone()
            if state is not None and state[0] == "closed":
                return version, "deferred"
        pragma = "integrity_check" if full else "quick_check"
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        damaged = "malformed" in text or "corrupt" in text or "not a database" in text
        raise (DamagedDataFileError if damaged else DataFileError)(_sqlite_reason(path, exc)) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        # Garbage where SQLite keeps its own table list: the file is damaged beyond its pages' checksums.
        raise DamagedDataFileError(
            f"Tệp dữ liệu “{path.name}” bị hỏng (danh mục bảng không đọc được). "
            "Hãy khôi phục từ bản sao lưu gần nhất (menu Tệp → Khôi phục)."
        ) from exc
    finally:
        conn.close()
    integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:10])
    if integrity != "ok":
        raise DamagedDataFileError(
            f"Tệp dữ liệu “{path.name}” bị hỏng ({integrity[:200]}). "
            "Hãy khôi phục từ bản sao lưu gần nhất (menu Tệp → Khôi phục)."
        )
    return version, integrity


def _connect(target: str, pragmas: dict, uri: bool = False) -> sqlite3.Connection:
    """A connection as peewee would make it (autocommit: transactions are explicit), with `pragmas` set."""
    conn = sqlite3.connect(target, uri=uri, timeout=5, isolation_level=None, check_same_thread=False)
    try:
        for name, value in pragmas.items():
            conn.execute(f"PRAGMA {name} = {value}")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _migrate(conn: sqlite3.Connection, path: Path, report: OpenReport, role: str) -> None:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current >= migrations.latest_version():
        return  # up to date: the migration modules (and what they import) are not loaded at all
    pending = [m for m in migrations.all_migrations() if m.version > current]
    if not pending:
        return
    if current > 0:
        report.migrated_from = current
        report.backup_path = _backup_before_migration(conn, path, current)
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.up(conn)
            if migration.version == 1:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("INSERT INTO meta(key, value) VALUES ('role', ?)", (role,))
                conn.execute("INSERT INTO meta(key, value) VALUES ('change_counter', '0')")
                conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (datetime.now().isoformat(),))
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if any(m.vacuum_after for m in pending):
        _compact_if_worth_it(conn)


# A migration that frees much of a file (m0026 on a province's: three quarters of it) leaves the pages free
# inside the file; VACUUM gives them back. Only when there is something worth the rewrite.
_COMPACT_FREE_SHARE = 0.25


def _compact_if_worth_it(conn: sqlite3.Connection) -> None:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if pages and free / pages >= _COMPACT_FREE_SHARE and free > 256:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    # A name never used before: two upgrades in the same second must not overwrite the first copy.
    target = new_unique_file(path.parent / "sao-luu", f"{path.stem}-truoc-nang-cap-v{version}", ".db", datetime.now())
    tmp = target.with_name(target.name + ".tmp")
    dest = sqlite3.connect(str(tmp))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    make_private(tmp)
    os.replace(tmp, target)
    return target


def _release(lock: InstanceLock | None) -> None:
    if lock is not None:
        with contextlib.suppress(Exception):
            lock.release()


def _os_reason(exc: OSError) -> str:
    from ..vietnamese import os_error_text

    return os_error_text(exc)


def _sqlite_reason(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return f"Tệp dữ liệu “{path.name}” đang bị một chương trình khác khóa. Hãy đóng chương trình đó rồi thử lại."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"Tệp dữ liệu “{path.name}” bị hỏng hoặc không phải tệp dữ liệu. Hãy khôi phục từ bản sao lưu."
    if "full" in text:
        return "Ổ đĩa đã đầy, không thể ghi dữ liệu. Hãy giải phóng dung lượng rồi thử lại."
    if "readonly" in text or "read-only" in text:
        return f"Tệp dữ liệu “{path.name}” chỉ cho phép đọc; không thể lưu thay đổi."
    if "unable to open" in text:
        return f"Không mở được tệp dữ liệu “{path}”. Ổ USB đã bị rút ra hoặc đường dẫn không còn tồn tại?"
    return f"Lỗi tệp dữ liệu “{path.name}”: {exc}"


def background_check(path: str | os.PathLike[str]) -> str:
    """`PRAGMA quick_check` on its own read-only connection (safe to run in another thread)."""
    conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError, ValueError) as exc:
        return str(exc) or "tệp bị hỏng"
    finally:
        conn.close()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:10])


def explain_storage_error(exc: BaseException, data_path: str | os.PathLike[str] | None = None) -> str | None:
    """A Vietnamese explanation for a database or disk failure met while working, or None if it is not one.

    A missing file is blamed on a pulled USB drive only when it is the data file at `data_path` (or its
    -wal/-shm/.lock companions): any other missing file is not a disk failure (a missing program file is
    `resources.MissingResourceError`, with its own message)."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG):
        return "Ổ đĩa đã đầy, không ghi được. Những gì đã lưu trước đó vẫn an toàn; hãy giải phóng dung lượng rồi thử lại."
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "Không có quyền ghi vào ổ đĩa hoặc thư mục này (chỉ cho phép đọc)."
    if isinstance(exc, OSError) and (exc.errno in (errno.EIO, errno.ENODEV)
                                     or (exc.errno == errno.ENOENT and _is_data_file(exc.filename, data_path))):
        return "Không đọc/ghi được ổ đĩa: ổ USB đã bị rút ra hoặc bị lỗi. Hãy cắm lại rồi mở lại chương trình."
    text = str(exc).lower()
    if not isinstance(exc, sqlite3.Error) and type(exc).__module__.split(".")[0] != "peewee":
        return None
    if "full" in text:
        return "Ổ đĩa đã đầy, không ghi được. Những gì đã lưu trước đó vẫn an toàn; hãy giải phóng dung lượng rồi thử lại."
    if "readonly" in text or "read-only" in text:
        return "Tệp dữ liệu chỉ cho phép đọc; không lưu được thay đổi."
    if "disk i/o" in text or "unable to open" in text:
        return "Không đọc/ghi được tệp dữ liệu: ổ USB đã bị rút ra hoặc ổ đĩa bị lỗi. Hãy cắm lại rồi mở lại chương trình."
    if "locked" in text or "busy" in text:
        return "Tệp dữ liệu đang bận (một cửa sổ khác đang ghi). Hãy thử lại sau giây lát."
    if "malformed" in text or "corrupt" in text:
        return "Tệp dữ liệu bị hỏng. Hãy đóng chương trình rồi khôi phục từ bản sao lưu gần nhất."
    return None


def _is_data_file(filename, data_path) -> bool:
    """Whether `filename` (from an OSError) is the data file at `data_path` or one of its companion files."""
    if not filename or data_path is None:
        return False
    data = str(Path(data_path).expanduser().resolve())
    name = str(Path(os.fsdecode(filename)).expanduser().resolve())
    return name == data or (name.startswith(data) and name[len(data):] in ("-wal", "-shm", "-journal", ".lock"))
