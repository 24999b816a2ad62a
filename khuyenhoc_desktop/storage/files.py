"""Atomic file writes: a file appears under its final name complete or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Callable, Iterator


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file in the target's folder; on success fsync and rename it over `path`.

    On any exception the temporary file is removed and `path` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private (0600); a saved PDF or sheet should get the usual permissions.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write `data` (bytes, or a function that writes to the file) atomically to `path`."""
    with atomic_output(path) as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
    return Path(path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no directory handles for this.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def new_unique_file(folder: str | os.PathLike[str], stem: str, suffix: str, when: datetime,
                    companions: tuple[str, ...] = ()) -> Path:
    """Create and return an empty private file `<stem>-<YYYYmmdd-HHMMSS>[-N]<suffix>` that did not exist.

    Created with O_EXCL, so two copies made in the same second (or by two processes) never share a name;
    a name is also skipped while one of its `companions` (e.g. "-wal") exists.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{stem}-{when.strftime('%Y%m%d-%H%M%S')}"
    for n in range(1, 10_000):
        path = folder / (f"{base}{suffix}" if n == 1 else f"{base}-{n}{suffix}")
        if any(Path(str(path) + c).exists() for c in companions):
            continue
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for {base}{suffix} in {folder}")


def make_private(path: str | os.PathLike[str]) -> None:
    """Owner-only permissions (0600) on POSIX: data files, backups and exports hold personal data."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
