"""A PostgreSQL server for the tests and benchmarks that run the province store on both engines.

`KHUYENHOC_TEST_PG_URL` (postgresql://user@host:port/dbname, a user allowed to CREATE DATABASE) names an
existing server; otherwise a throw-away cluster is made with the Debian binaries (initdb + pg_ctl, run
as the postgres user when we are root) in a temporary folder, on 127.0.0.1 and a free port, and removed
at the end. Each test gets a fresh database copied from a template that already has the schema.

Several sessions at once (pytest-xdist workers, or two checkouts) each start their own cluster; on a
shared KHUYENHOC_TEST_PG_URL server each session has its own template and databases (named by its pid).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "KHUYENHOC_TEST_PG_URL"
TEMPLATE = "khuyenhoc_test_template"
PORT_TRIES = 5


def find_binaries() -> Path | None:
    """The folder with initdb and pg_ctl (PATH, else the newest /usr/lib/postgresql/N/bin)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, host: str, port: int, user: str, admin_db: str, folder: Path | None = None,
                 run_as: list[str] | None = None, bindir: Path | None = None):
        self.host, self.port, self.user, self.admin_db = host, port, user, admin_db
        self.folder, self.run_as, self.bindir = folder, run_as or [], bindir
        self._names = itertools.count(1)
        self._template_ready = False
        # This session's own template: two sessions on one shared server must not drop each other's.
        self.template = f"{TEMPLATE}_{os.getpid()}"

    # -- starting and stopping ------------------------------------------------------------------------
    @classmethod
    def start(cls, durable: bool = False) -> "PgServer":
        """The server of KHUYENHOC_TEST_PG_URL, or a new throw-away cluster. RuntimeError when neither.
        `durable`: the cluster keeps PostgreSQL's default durability (benchmarks); tests turn it off."""
        url = os.environ.get(ENV_URL)
        if url:
            from khuyenhoc_desktop.storage.server import ServerAddress

            a = ServerAddress.parse(url)
            return cls(a.host, a.port, a.user, a.dbname)
        bindir = find_binaries()
        if bindir is None:
            raise RuntimeError("không có PostgreSQL (initdb, pg_ctl) trên máy này; đặt KHUYENHOC_TEST_PG_URL "
                               "hoặc cài gói postgresql")
        folder = Path(tempfile.mkdtemp(prefix="khuyenhoc-pg-"))
        run_as: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
            shutil.chown(folder, "postgres")
            run_as = ["runuser", "-u", "postgres", "--"]
        data = folder / "data"
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True)
        log = folder / "log"
        for attempt in range(PORT_TRIES):
            # The port is free when asked, but another process (a second test worker starting its own
            # cluster) may bind it before PostgreSQL does: then take another one.
            port = _free_port()
            # A throw-away cluster: durability off (fsync, full pages) for speed, unless measuring.
            options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=60"
            if not durable:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            started = subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
                                      "-w", "start"], capture_output=True)
            if started.returncode == 0:
                return cls("127.0.0.1", port, "postgres", "postgres", folder, run_as, bindir)
            said = log.read_text(errors="replace") if log.exists() else ""
            if "Address already in use" not in said or attempt == PORT_TRIES - 1:
                raise subprocess.CalledProcessError(started.returncode, started.args, started.stdout,
                                                    started.stderr + said[-1000:].encode())
            log.unlink()

    def stop(self) -> None:
        if self.folder is None:  # someone else's server: leave it as found
            if self._template_ready:
                self.admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            return
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- databases ------------------------------------------------------------------------------------
    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, dbname=self.admin_db,
                             autocommit=True) as conn:
            conn.execute(sql)

    def version(self) -> str:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, dbname=self.admin_db) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def new_database(self, with_schema: bool = True) -> str:
        """A new database (its URL); with the province schema already made, copied from the template."""
        name = f"khuyenhoc_test_{os.getpid()}_{next(self._names)}"
        if with_schema:
            self._ensure_template()
            self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        else:
            self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _ensure_template(self) -> None:
        if self._template_ready:
            return
        from khuyenhoc_desktop.storage.server import ServerStore

        self.admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{self.template}"')
        ServerStore.open(self.url(self.template)).close()  # the schema, once per session
        self._template_ready = True
