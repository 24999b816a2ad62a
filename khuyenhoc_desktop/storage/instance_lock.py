"""A lock file that tells a second running copy of the program that the data file is already open.

The OS releases the lock when the process ends, even after a crash, so a stale lock file never blocks.
Written here rather than taken from `filelock` because that package imports asyncio, which costs
start-up time the window's budget cannot spare, and only this one non-blocking call is needed.

Byte 0 is the locked byte; the holder (computer, account, process, operator) is written as JSON after it,
so another copy can say who has the file open (Windows forbids reading a locked byte, not the others).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from datetime import datetime

HOLDER_OFFSET = 1
MAX_HOLDER_BYTES = 4096


def _computer_name() -> str:
    # socket.gethostname() itself, from the C module: importing `socket` builds its enums (~3 ms at start-up).
    import _socket

    return _socket.gethostname()


class AlreadyLocked(Exception):
    """Another process holds the lock."""


class InstanceLock:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._fd: int | None = None
        self._holder: dict = {}

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock without waiting; raise AlreadyLocked if another process (or handle) has it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":
                import msvcrt

                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                except OSError as exc:
                    raise AlreadyLocked(self.path) from exc
            else:
                import fcntl

                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError as exc:
                    raise AlreadyLocked(self.path) from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._holder = {"computer": _computer_name(), "account": _account(), "pid": os.getpid(),
                        "since": datetime.now().astimezone().isoformat(timespec="seconds")}
        self._write_holder()

    def set_operator(self, name: str) -> None:
        """Name the person working in this copy, for the message another copy shows."""
        if self._fd is not None:
            self._holder["operator"] = name
            self._write_holder()

    def _write_holder(self) -> None:
        data = json.dumps(self._holder, ensure_ascii=False).encode("utf-8")[:MAX_HOLDER_BYTES]
        with contextlib.suppress(OSError):  # the lock itself is what matters; the name is a courtesy
            os.lseek(self._fd, HOLDER_OFFSET, os.SEEK_SET)
            os.write(self._fd, data)
            os.ftruncate(self._fd, HOLDER_OFFSET + len(data))

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if os.name == "nt":
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> "InstanceLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def read_holder(path: str | os.PathLike[str]) -> dict:
    """Who wrote the lock file last ({} when it says nothing readable)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(HOLDER_OFFSET)
            value = json.loads(fh.read(MAX_HOLDER_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def describe_holder(holder: dict) -> str:
    """Vietnamese words for a lock holder: “Nguyễn Văn An trên máy KH-PC (mở lúc 08:05 ngày 02/12/2026)”."""
    who = str(holder.get("operator") or holder.get("account") or "").strip()
    computer = str(holder.get("computer") or "").strip()
    text = who or "một người dùng khác"
    if computer:
        text += f" trên máy {computer}"
    since = holder.get("since")
    if isinstance(since, str):
        with contextlib.suppress(ValueError):
            text += f" (mở lúc {datetime.fromisoformat(since).strftime('%H:%M ngày %d/%m/%Y')})"
    return text


def _account() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account): the computer name still helps
        return ""
