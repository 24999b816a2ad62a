"""Finding the header row of a sheet (one row, or two under merged group cells) and mapping its
columns to the canonical fields of a kind (`excel.fields`), legacy-encoded header texts included."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from khuyenhoc_desktop.excel import legacy_encoding as legacy
from khuyenhoc_desktop.excel.cells import Cell, blank, cell_text
from khuyenhoc_desktop.excel.errors import ExcelImportError
from khuyenhoc_desktop.excel.fields import fields_for, header_key, match_field
from khuyenhoc_desktop.excel.workbook import SheetTable
from khuyenhoc_desktop.vietnamese import normalize

__all__ = ["ColumnInfo", "ColumnMapping", "HeaderMatch", "column_letter", "detect_header", "find_header", "source_signature"]


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class ColumnInfo:
    index: int  # 0-based
    header: str  # as shown in the file (NFC, legacy text converted); "Họ và tên / Họ đệm" for two-row headers
    field: str | None  # canonical field, None = not imported
    key: str = ""  # header_key(header)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class ColumnMapping:
    """The user's choice of field per header (header key → field, None = ignore).

    Keys are `header_key(header text)`, so the mapping survives cosmetic changes
    of the file. Keep it per source with `source_signature(headers)`.
    """

    by_header: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_headers(cls, mapping: Mapping[str, str | None]) -> ColumnMapping:
        """Build from header texts as shown ({"Họ tên HS": "full_name", "Cột lạ": None})."""
        return cls({header_key(h): (f or None) for h, f in mapping.items()})

    def to_dict(self) -> dict[str, str | None]:
        return dict(self.by_header)

    @classmethod
    def from_dict(cls, data: Mapping[str, str | None]) -> ColumnMapping:
        return cls({str(k): (v or None) for k, v in data.items()})


def source_signature(headers: Iterable[object]) -> str:
    """Stable key of a file layout: the same headers (ignoring case, diacritics,
    spacing, punctuation, trailing empty columns) give the same signature."""
    keys = [header_key(h) for h in headers]
    while keys and not keys[-1]:
        keys.pop()
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()
    return f"hdr1-{digest[:20]}"


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index of the (first) header row
    header_rows: int  # 1 or 2
    columns: list[ColumnInfo]
    score: float

    @property
    def header_row(self) -> int:
        """1-based Excel row number of the first header row."""
        return self.row_index + 1

    @property
    def data_start(self) -> int:
        """0-based index of the first row below the header."""
        return self.row_index + self.header_rows

    @property
    def fields(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def unknown_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.header and c.field is None]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _header_candidates(value: Cell) -> list[str]:
    """Display texts to try for a header cell: as is, then TCVN3 / VNI decoded."""
    text = normalize(cell_text(value))
    if not text:
        return []
    out = [text]
    if legacy.has_legacy_characters(text) and not legacy.looks_unicode_vietnamese(text):
        out += [normalize(legacy.decode_tcvn3(text)), normalize(legacy.decode_vni(text))]
    return out


def _match_header(kind: str, value: Cell, extra: Mapping[str, str | None] | None) -> tuple[str, str, str | None, bool]:
    """(display, key, field, matched) for one header text; extra=caller mapping."""
    candidates = _header_candidates(value)
    if not candidates:
        return "", "", None, False
    for text in candidates:
        key = header_key(text)
        if extra and key in extra:
            return text, key, extra[key], True
        found = match_field(kind, key)
        if found is not None:
            return text, key, found, True
    return candidates[0], header_key(candidates[0]), None, False


Range = tuple[int, int, int, int]  # (row0, col0, row1, col1), 0-based, inclusive
HeaderCell = tuple[str, str, "str | None", bool]  # (display, key, field, recognised)


def _merged_lookup(merged: Sequence[Range], rows_of_interest: Iterable[int]) -> dict[tuple[int, int], Range]:
    wanted = set(rows_of_interest)
    lookup: dict[tuple[int, int], Range] = {}
    for rng in merged:
        r0, c0, r1, c1 = rng
        for r in range(r0, r1 + 1):
            if r in wanted:
                for c in range(c0, min(c1, c0 + 200) + 1):
                    lookup[(r, c)] = rng
    return lookup


def _row_fields(kind: str, row: Sequence[Cell], extra: Mapping[str, str | None] | None) -> list[HeaderCell]:
    return [_match_header(kind, v, extra) for v in row]


def _score(matches: Iterable[tuple[str, str, str | None, bool]]) -> float:
    fields_seen = {f for _, _, f, ok in matches if ok and f}
    score = float(len(fields_seen - {"stt"}))
    if "stt" in fields_seen:
        score += 0.5
    return score


_MIN_SCORE = 1.5  # two recognised columns, or one plus STT


def detect_header(
    rows: Sequence[Sequence[Cell]],
    kind: str = "awards",
    *,
    merged: Sequence[tuple[int, int, int, int]] = (),
    merge_info: bool = True,
    mapping: ColumnMapping | None = None,
    max_scan: int = 60,
) -> HeaderMatch | None:
    """Find the header row (or two rows, for headers with merged group cells)
    among the first `max_scan` rows, scoring recognised header names of `kind`.

    Returns None when no row has two recognised columns (or one and "STT").
    """
    fields_for(kind)
    extra = dict(mapping.by_header) if mapping else None
    limit = min(len(rows), max_scan)
    lookup = _merged_lookup(merged, range(limit + 1))
    best: HeaderMatch | None = None
    matches_cache: dict[int, list[tuple[str, str, str | None, bool]]] = {}

    def filled(r: int, c: int) -> Cell:
        rng = lookup.get((r, c))
        if rng is not None:
            return rows[rng[0]][rng[1]] if rng[1] < len(rows[rng[0]]) else ""
        return rows[r][c] if c < len(rows[r]) else ""

    def matches_of(r: int) -> list[tuple[str, str, str | None, bool]]:
        if r not in matches_cache:
            matches_cache[r] = _row_fields(kind, [filled(r, c) for c in range(len(rows[r]))], extra)
        return matches_cache[r]

    for r in range(limit):
        if all(blank(v) for v in rows[r]):
            continue
        single = matches_of(r)
        s1 = _score(single)
        if s1 < 1:
            continue
        if s1 >= _MIN_SCORE and (best is None or s1 > best.score):
            best = HeaderMatch(r, 1, _columns(single), s1)
        if r + 1 < len(rows):
            two = _two_row(kind, rows, r, filled, lookup, merge_info, extra)
            if two is not None:
                s2 = _score(two)
                if s2 > s1 and s2 >= _MIN_SCORE and (best is None or s2 > best.score):
                    best = HeaderMatch(r, 2, _columns(two), s2)
    return best


def _columns(matches: list[tuple[str, str, str | None, bool]]) -> list[ColumnInfo]:
    return [ColumnInfo(index=i, header=text, field=f if ok else None, key=key) for i, (text, key, f, ok) in enumerate(matches)]


def _two_row(kind, rows, r, filled, lookup, merge_info, extra):
    """Combined header of rows r and r+1, or None if r+1 is not a sub-header row."""
    top_row, bottom_row = rows[r], rows[r + 1]
    width = max(len(top_row), len(bottom_row))
    if any(not blank(v) and not isinstance(v, str) for v in bottom_row):
        return None  # data rows hold numbers/dates; a sub-header row is all text
    top = [filled(r, c) if c < len(top_row) else "" for c in range(width)]
    bottom = [filled(r + 1, c) if c < len(bottom_row) else "" for c in range(width)]
    out: list[tuple[str, str, str | None, bool]] = []
    used_bottom = False
    for c in range(width):
        t_rng = lookup.get((r, c))
        b_rng = lookup.get((r + 1, c))
        vertical = t_rng is not None and b_rng == t_rng  # one cell spanning both rows
        spans = merge_info and t_rng is not None and t_rng[3] > t_rng[1] and not vertical
        if not spans and not (merge_info and lookup):
            # No merge information: a group header leaves the cells to its right empty.
            t_here, b_here = not blank(top[c]), not blank(bottom[c])
            if b_here and not t_here:
                spans = True
            elif b_here and t_here and c + 1 < width and blank(top[c + 1]) and not blank(bottom[c + 1]):
                spans = True
        if spans and not blank(bottom[c]) and not vertical:
            t_text = _match_header(kind, top[c], None)[0]
            b_text, _, b_field, b_ok = _match_header(kind, bottom[c], None)
            display = f"{t_text} / {b_text}" if t_text else b_text
            key = header_key(display)
            if extra and key in extra:
                found: str | None = extra[key]
                ok = True
            elif b_ok:
                found, ok = b_field, True
            else:  # "Số học viên" over "Tổng số": try the two together
                found = match_field(kind, header_key(f"{t_text} {b_text}"))
                ok = found is not None
            out.append((display, key, found, ok))
            used_bottom = used_bottom or ok
            continue
        out.append(_match_header(kind, top[c], extra))
    return out if used_bottom else None


def find_header(table: SheetTable, kind: str, mapping: ColumnMapping | None, header_row: int | None) -> HeaderMatch | None:
    if header_row is None:
        return detect_header(table.rows, kind, merged=table.merged, merge_info=table.merge_info, mapping=mapping)
    index = header_row - 1
    if not 0 <= index < len(table.rows):
        raise ExcelImportError(f"Dòng tiêu đề {header_row} nằm ngoài trang tính “{table.name}”.")
    extra = dict(mapping.by_header) if mapping else None
    matches = _row_fields(kind, table.rows[index], extra)
    return HeaderMatch(index, 1, _columns(matches), _score(matches))
