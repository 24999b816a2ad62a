"""A lock file that tells a second running copy of the program that the data file is already open.

The OS releases the lock when the process ends, even after a crash, so a stale lock file never blocks.
Written here rather than taken from `filelock` because that package imports asyncio, which costs
start-up time the window's budget cannot spare, and only this one non-blocking call is needed.
"""

from __future__ import annotations

import os


class AlreadyLocked(Exception):
    """Another process holds the lock."""


class InstanceLock:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock without waiting; raise AlreadyLocked if another process has it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
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
