"""A province store on a PostgreSQL server, opened from `postgresql://user@host:port/dbname`.

`ServerStore` answers what the services ask of an opened `DataFile` (`db`, `role`, `read_only`, meta,
`schema_version`, `report`, `close`), so the same province services, queries and commands run on both
engines. The password never travels in the address: libpq reads it from `PGPASSWORD` or `~/.pgpass`.
Several staff work on one store at once: the server keeps each import one transaction, and an import
holds a lock on its commune (`storage.province.ledger.lock_commune`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..domain.errors import DataFileError
from . import migrations, server_schema
from .database import OpenReport

SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432


def is_server_url(target) -> bool:
    """Whether `--db` names a server (`postgresql://…`) rather than a file."""
    return isinstance(target, str) and target.split("://", 1)[0].lower() in SCHEMES and "://" in target


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    dbname: str
    user: str

    @classmethod
    def parse(cls, url: str) -> "ServerAddress":
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            raise DataFileError(f"“{url}” không phải địa chỉ máy chủ PostgreSQL (cần dạng "
                                "postgresql://người_dùng@máy_chủ:cổng/tên_cơ_sở_dữ_liệu).")
        if parts.password is not None:
            raise DataFileError("Không ghi mật khẩu trong địa chỉ máy chủ (nó sẽ lộ trong lịch sử lệnh và danh sách "
                                "tiến trình). Hãy đặt mật khẩu trong biến môi trường PGPASSWORD hoặc tệp ~/.pgpass.")
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname or "/" in dbname:
            raise DataFileError(f"Địa chỉ “{url}” thiếu tên cơ sở dữ liệu (ví dụ postgresql://tinh@192.168.1.10/khuyenhoc).")
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            raise DataFileError(f"Cổng trong địa chỉ “{url}” không phải một số.") from None
        return cls(host=unquote(parts.hostname or "localhost"), port=port, dbname=dbname,
                   user=unquote(parts.username or "") or os.environ.get("PGUSER", "") or _login_name())

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"

    def label(self) -> str:
        return f"“{self.dbname}” trên máy chủ {self.host}:{self.port}"


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account): libpq's own default
        return ""


@lru_cache(maxsize=1)
def _database_class():
    """peewee's PostgresqlDatabase on psycopg 3, whatever peewee found when it was imported (storage/__init__
    keeps it from importing the driver: most runs never need it)."""
    import psycopg
    from peewee import PostgresqlDatabase, Psycopg3Adapter
    from psycopg.pq import TransactionStatus

    class Adapter(Psycopg3Adapter):
        txn_idle, txn_inerror, txn_unknown = TransactionStatus.IDLE, TransactionStatus.INERROR, TransactionStatus.UNKNOWN

        def check_driver(self) -> None:
            pass

        def get_binary_type(self):
            return psycopg.Binary

        def connect(self, db, **params):
            params.setdefault("dbname", db.database)
            return psycopg.connect(**params)

        def server_side_cursor(self, conn):
            in_txn = conn.pgconn.transaction_status == TransactionStatus.INTRANS
            return conn.cursor(name=f"khuyenhoc_{id(conn)}", withhold=not in_txn)

    class ServerDatabase(PostgresqlDatabase):
        field_types = {**PostgresqlDatabase.field_types, **server_schema.FIELD_TYPES}

        def init(self, database, isolation_level=None, **kwargs):
            kwargs.pop("prefer_psycopg3", None)
            super().init(database, **kwargs)
            self._adapter = Adapter()
            self._isolation_level = self._adapter.isolation_level_int(isolation_level)

    return ServerDatabase


def connect(address: ServerAddress, read_only: bool = False, password: str | None = None):
    """The peewee database of the store (psycopg 3), connected; a Vietnamese DataFileError when it cannot."""
    from peewee import OperationalError

    ServerDatabase = _database_class()
    options = "-c default_transaction_read_only=on" if read_only else None
    db = ServerDatabase(address.dbname, host=address.host, port=address.port, user=address.user or None,
                        options=options, connect_timeout=10,
                        application_name="khuyenhoc-desktop", **({"password": password} if password else {}))
    db.read_only = read_only  # settings: no sealing of old plain keys on a store opened to look only
    try:
        db.connect()
    except OperationalError as exc:
        raise DataFileError(_connect_reason(address, exc)) from exc
    return db


def _connect_reason(address: ServerAddress, exc: Exception) -> str:
    text = str(exc).lower()
    where = address.label()
    if "password" in text and ("authentication" in text or "no password" in text):
        return (f"Máy chủ từ chối đăng nhập của người dùng “{address.user}” vào {where}: sai hoặc thiếu mật khẩu. "
                "Hãy đặt mật khẩu trong biến môi trường PGPASSWORD hoặc tệp ~/.pgpass.")
    if "does not exist" in text and "database" in text:
        return (f"Không có cơ sở dữ liệu {where}. Hãy nhờ người quản trị tạo nó (lệnh createdb) rồi thử lại.")
    if "role" in text and "does not exist" in text:
        return f"Máy chủ {address.host}:{address.port} không có người dùng “{address.user}”."
    if "refused" in text or "could not connect" in text or "timeout" in text or "no route" in text \
            or "translate host" in text or "resolve" in text:
        return (f"Không kết nối được máy chủ PostgreSQL {address.host}:{address.port}. Hãy kiểm tra máy chủ đã bật, "
                "địa chỉ và cổng đúng, và mạng nội bộ còn thông.")
    return f"Không mở được kho dữ liệu {where}: {exc}"


class ServerStore:
    """A province store on PostgreSQL, opened like a `DataFile` (see the module doc)."""

    def __init__(self, address: ServerAddress, db, report: OpenReport, read_only: bool) -> None:
        self.address = address
        self.db = db
        self.report = report
        self.read_only = read_only
        self.path = PurePosixPath(f"{address.host}:{address.port}") / address.dbname  # what titles show
        self.read_from = self.path
        self._closed = False

    @classmethod
    def open(cls, url: str, *, create: bool = True, read_only: bool = False, password: str | None = None,
             role: str = "province", **_file_options) -> "ServerStore":
        """Open the store at `url`; an empty database gets the schema when `create`. `password`: one typed
        in the window (kept nowhere); else libpq's PGPASSWORD / ~/.pgpass. The options of a file (locks,
        integrity checks) have no meaning here and are ignored."""
        address = ServerAddress.parse(url)
        db = connect(address, read_only=read_only, password=password)
        report = OpenReport()
        try:
            _prepare(db, address, report, create=create and not read_only, role=role)
        except BaseException:
            db.close()
            raise
        return cls(address, db, report, read_only)

    # -- what the services ask of an opened data file -------------------------------------
    @property
    def role(self) -> str:
        return self.get_meta("role", "province")

    @property
    def schema_version(self) -> int:
        return server_schema.stored_version(self.db) or 0

    @property
    def closed(self) -> bool:
        return self._closed

    def execute_sql(self, sql: str, params: tuple = ()):
        """The store's own statements (meta, settings), written with SQLite's `?` marks as for a file."""
        from .engines import qmark

        return self.db.execute_sql(qmark(self.db, sql), params)

    def connection(self):
        return self.db.connection()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.execute_sql("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.execute_sql("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, str(value)))

    def atomic(self):
        return self.db.atomic()

    def name_lock_holder(self, operator: str) -> None:
        """Several staff share a server store: nothing to tell other windows."""

    def checkpoint(self) -> bool:
        return False

    def integrity_check(self) -> str:
        """The server keeps its own pages consistent; `check` reports missing schema objects instead."""
        return "ok"

    def release_thread_connection(self) -> None:
        self.db.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.db.close()

    def __enter__(self) -> "ServerStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _prepare(db, address: ServerAddress, report: OpenReport, create: bool, role: str = "province") -> None:
    """Check that the database is a province store of a schema this program knows; make or upgrade it."""
    version = server_schema.stored_version(db)
    latest = migrations.latest_version()
    if version is None or not server_schema.is_ours(db):
        if db.get_tables():
            raise DataFileError(f"Cơ sở dữ liệu {address.label()} đã có bảng của một chương trình khác, không phải "
                                "kho dữ liệu tỉnh của Khuyến học Desktop. Chương trình không ghi vào để tránh làm hỏng.")
        if not create:
            raise DataFileError(f"Cơ sở dữ liệu {address.label()} còn trống, chưa phải kho dữ liệu của tỉnh. Hãy đăng ký "
                                "xã đầu tiên (khuyenhoc sync register) hoặc chuyển tệp của tỉnh lên "
                                "(khuyenhoc province move).")
        with db.atomic():
            # a new store: the national hub's when asked (role "national"), else a province's
            server_schema.create(db, role="national" if role == "national" else "province")
        report.created = True
        report.schema_version = latest
        return
    report.schema_version = version
    if version > latest:
        raise DataFileError(
            f"Kho dữ liệu {address.label()} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
            f"chương trình này hiểu đến lược đồ {latest}). Hãy cập nhật Khuyến học Desktop rồi mở lại.")
    if version < latest:
        if not create:  # opened to look only: as it is
            report.warnings.append(f"Kho dữ liệu dùng lược đồ {version}, cũ hơn bản hiện tại ({latest}); mở để ghi "
                                   "(ví dụ khuyenhoc sync communes) để nâng cấp.")
            return
        report.backup_path = backup_before_upgrade(address, version)
        with db.atomic():
            db.execute_sql("LOCK TABLE meta IN EXCLUSIVE MODE")  # two staff upgrading at once: one does it
            if (server_schema.stored_version(db) or 0) < latest:
                server_schema.upgrade(db)
        report.migrated_from = version
        report.schema_version = latest


def pg_dump_command(address: ServerAddress, out: str | Path) -> list[str]:
    return ["pg_dump", "--format=custom", "--host", address.host, "--port", str(address.port),
            "--username", address.user, "--file", str(out), address.dbname]


def backup_before_upgrade(address: ServerAddress, version: int) -> Path:
    """A `pg_dump` of the store before its schema is changed, in the program's backup folder. Without
    `pg_dump` on this computer the upgrade is refused, with the command to run by hand."""
    from ..config import data_dir
    from .files import new_unique_file

    tool = shutil.which("pg_dump")
    folder = data_dir() / "sao-luu"
    target = new_unique_file(folder, f"{address.dbname}-truoc-nang-cap-v{version}", ".dump", datetime.now())
    command = pg_dump_command(address, target)
    if tool is None:
        target.unlink(missing_ok=True)
        raise DataFileError(
            "Kho dữ liệu trên máy chủ cần nâng cấp lược đồ, nhưng máy này không có lệnh pg_dump để sao lưu trước. "
            "Hãy sao lưu bằng lệnh: " + " ".join(command) + " — rồi mở lại từ máy có pg_dump (gói postgresql-client).")
    try:
        subprocess.run([tool, *command[1:]], check=True, capture_output=True, timeout=3600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        target.unlink(missing_ok=True)
        detail = getattr(exc, "stderr", b"") or b""
        raise DataFileError("Không sao lưu được kho dữ liệu trước khi nâng cấp (pg_dump báo lỗi: "
                            f"{detail.decode('utf-8', 'replace').strip()[:300]}); chưa thay đổi gì.") from exc
    return target
