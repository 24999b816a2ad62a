"""The extent of every sheet of an old-format .xls, read from its BIFF records before calamine sees it.

An .xls is a compound file (CFB) holding a "Workbook" stream of BIFF8 records; each sheet is a run of
records between BOF and EOF, and every cell record starts with its row and column. Only the few
structures needed to reach that stream are read, every chain is bounded by the number of sectors in the
file, and anything malformed is left to calamine (which reports a damaged file): this module only
refuses what is too large.
"""

from __future__ import annotations

import struct
from pathlib import Path

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_STREAMS = ("Workbook", "Book")
# BIFF record types whose data starts with row (u16), column (u16)
_CELLS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column (u16 at the end)
_BOF, _EOF, _DIMENSIONS, _BOUNDSHEET = 0x0809, 0x000A, 0x0200, 0x0085


class _Malformed(Exception):
    pass


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise _Malformed
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= sector_shift <= 12:
        raise _Malformed
    size = 1 << sector_shift
    n_sectors = (len(data) - 512) // size + 1
    first_dir, = struct.unpack_from("<I", data, 0x30)
    cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(i: int) -> bytes:
        if i >= n_sectors:
            raise _Malformed
        start = 512 + i * size
        return data[start:start + size].ljust(size, b"\0")

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    nxt, hops = first_difat, 0
    while nxt not in (_FREE, _END) and hops <= n_sectors:
        entries = struct.unpack(f"<{size // 4}I", sector(nxt))
        difat.extend(entries[:-1])
        nxt, hops = entries[-1], hops + 1
    fat: list[int] = []
    for s in difat:
        if s in (_FREE, _END) or s >= n_sectors:
            continue
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))

    def chain(first: int) -> bytes:
        out, cur, hops = [], first, 0
        while cur not in (_FREE, _END):
            if cur >= len(fat) or hops > n_sectors:
                raise _Malformed
            out.append(sector(cur))
            cur, hops = fat[cur], hops + 1
        return b"".join(out)

    directory = chain(first_dir)
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise _Malformed
    root_start, = struct.unpack_from("<I", entries[0], 0x74)
    for e in entries:
        name_len, = struct.unpack_from("<H", e, 0x40)
        name = e[:max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        if name in _STREAMS and e[0x42] == 2:
            start, length = struct.unpack_from("<IQ", e, 0x74)
            length &= 0xFFFFFFFF
            if length >= cutoff:
                return chain(start)[:length]
            mini = chain(root_start)
            minifat = struct.unpack(f"<{len(chain(first_minifat)) // 4}I", chain(first_minifat)) if n_minifat else ()
            out, cur, hops, msize = [], start, 0, 1 << mini_shift
            while cur not in (_FREE, _END):
                if cur >= len(minifat) or hops > len(minifat):
                    raise _Malformed
                out.append(mini[cur * msize:(cur + 1) * msize])
                cur, hops = minifat[cur], hops + 1
            return b"".join(out)[:length]
    raise _Malformed


def _sheet_name(stream: bytes, body: int, rlen: int) -> str:
    """The name in a BOUNDSHEET record ("" when it cannot be read)."""
    if rlen < 8:
        return ""
    cch, flags = stream[body + 6], stream[body + 7]
    raw = stream[body + 8:body + min(rlen, 8 + cch * 2)]
    return raw[:cch * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:cch].decode("latin-1")


def sheet_extents(path: Path) -> list[tuple[str, tuple[int, int], tuple[int, int, int]]]:
    """(sheet name, (declared rows, columns), (last row, last column, cells)) per sheet, counted from A1.
    [] when the file is not a compound file this can walk (calamine then decides)."""
    try:
        stream = _workbook_stream(path.read_bytes())
    except (_Malformed, struct.error, OSError, ValueError, MemoryError):
        return []
    names: list[str] = []
    sheets: list[list[int]] = []
    current: list[int] | None = None
    pos, n = 0, len(stream)
    while pos + 4 <= n:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        pos = body + rlen
        if body + rlen > n:
            break
        if rtype == _BOF:
            current = [0, 0, 0, 0, 0]
            sheets.append(current)
        elif current is None:
            continue
        elif rtype == _BOUNDSHEET and len(sheets) == 1:
            names.append(_sheet_name(stream, body, rlen))
        elif rtype == _DIMENSIONS and rlen >= 14:
            _, last_row, _, last_col = struct.unpack_from("<IIHH", stream, body)
            current[0], current[1] = last_row, last_col  # "last + 1" = the count from A1
        elif rtype in _CELLS and rlen >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
            current[2], current[3], current[4] = max(current[2], row + 1), max(current[3], col + 1), current[4] + 1
        elif rtype in _MULTI and rlen >= 6:
            row, first = struct.unpack_from("<HH", stream, body)
            last, = struct.unpack_from("<H", stream, body + rlen - 2)
            current[2], current[3] = max(current[2], row + 1), max(current[3], last + 1)
            current[4] += max(0, last - first + 1)
    out = []
    for i, s in enumerate(sheets[1:]):  # the first substream is the workbook globals
        out.append((names[i] if i < len(names) else "", (s[0], s[1]), (s[2], s[3], s[4])))
    return out
