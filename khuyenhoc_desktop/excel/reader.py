"""Reading messy workbooks into validated plain rows (a dry run: nothing is stored here).

`preview(path, kind)` is the entry point: it reads the workbook with
python-calamine (.xlsx, .xlsm, .xls, .ods; formulas give their cached values),
finds the header row under title rows and merged cells, maps the columns to
canonical fields (`excel.fields`), converts TCVN3/VNI text per column, parses
names, dates, money and numbers, and validates every row. Row problems are
reported per row in Vietnamese ("Dòng 12: cột Số tiền 'abc' không phải số
tiền"); only a workbook that cannot be used at all raises `ExcelImportError`.

Decisions:
- Header: the row (among the first 60) with the most recognised column names
  of the kind; a second row below it is a sub-header when it holds only text
  under merged group cells ("Họ và tên" over "Họ đệm" | "Tên"). Title rows
  and committee lines above are skipped. The caller can name the header row.
- Blank rows are skipped (counted). A row whose only content is an STT number
  is blank too (pre-numbered empty template rows).
- Hidden rows are imported, each with a warning (read from .xlsx and .ods;
  .xls files give no row visibility through calamine).
- Records end at the last record-like row: numbered when the sheet numbers
  its rows (≥ 80 % of named rows carry an STT), otherwise named, and never a
  signature line ("Người lập biểu", "TM. Ban chấp hành", "…, ngày … tháng …").
  Below it, total rows ("Tổng cộng", "Cộng", "Tổng số…", or amounts with
  nothing to identify a record) are reported as totals and everything else as
  ignored footer rows. Labelled totals above it are subtotals, skipped; an
  unlabelled row with only amounts above it is a record missing its name.
- Text is NFC, one line (notes, achievements, reasons keep line breaks);
  legacy TCVN3/VNI text is detected per column (a column with no evidence of
  its own follows the rest of the sheet) and converted.
- Dates: date cells, Excel serial numbers, dd/mm/yyyy-like text; birth also
  accepts a year alone (→ birth_date None, birth_year). Money: numbers or
  text through `vietnamese.parse_vnd` ("1.500.000 đ", "1,5 triệu", "500k").
- Duplicates inside the file are warnings: awards (name, birth, category or
  achievement, subject), learners (name, birth, village), classes (title,
  start, place), vouchers (type + number, else type, date, amount, person,
  reason).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine

from khuyenhoc_desktop.excel import legacy_encoding as legacy
from khuyenhoc_desktop.excel.errors import ExcelImportError
from khuyenhoc_desktop.excel.workbook_limits import MAX_CELLS, check_workbook
from khuyenhoc_desktop.excel.fields import FieldSpec, fields_for, header_key, match_field, required_fields
from khuyenhoc_desktop.vietnamese import fold, format_date, normalize, normalize_multiline, parse_date, parse_vnd

__all__ = [
    "ColumnInfo",
    "ColumnMapping",
    "HeaderMatch",
    "ImportPreview",
    "PreviewRow",
    "SheetTable",
    "column_letter",
    "detect_header",
    "preview",
    "preview_sheet",
    "read_workbook",
    "source_signature",
]

Cell = Any  # str | int | float | bool | date | datetime | time | timedelta

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_PASSWORD_MESSAGE = (
    "Tệp Excel được đặt mật khẩu (đã mã hoá) nên không đọc được. "
    "Hãy mở tệp bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại và nhập lại."
)


# ---------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------


@dataclass
class SheetTable:
    """One worksheet as read: `rows[i][j]` is the cell at Excel row i+1, column j+1
    (rows padded to the same width; empty cells are "")."""

    name: str
    rows: list[list[Cell]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), 0-based, inclusive
    hidden_rows: frozenset[int] = frozenset()  # 0-based row indexes
    visible: bool = True
    merge_info: bool = True  # False when the format gives no merged ranges (ods)

    @property
    def is_empty(self) -> bool:
        return not any(not _blank(v) for row in self.rows for v in row)


def _corrupt(path: Path) -> ExcelImportError:
    return ExcelImportError(
        f"Không đọc được tệp “{path.name}”: tệp bị hỏng hoặc không phải tệp Excel (.xlsx, .xls, .ods)."
    )


def _check_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == _CFB_MAGIC:
                data = head + fh.read()
                if any(name in data for name in _ENCRYPTED_STREAMS):
                    raise ExcelImportError(_PASSWORD_MESSAGE)
    except FileNotFoundError:
        raise ExcelImportError(f"Không tìm thấy tệp “{path}”.") from None
    except IsADirectoryError:
        raise ExcelImportError(f"“{path}” là một thư mục, không phải tệp Excel.") from None
    except PermissionError:
        raise ExcelImportError(f"Không có quyền đọc tệp “{path.name}” (tệp đang mở ở chương trình khác?).") from None
    if not head:
        raise ExcelImportError(f"Tệp “{path.name}” rỗng (0 byte).")
    if head[:4] != _ZIP_MAGIC and head != _CFB_MAGIC:
        raise _corrupt(path)
    return head


def read_workbook(path: str | os.PathLike[str]) -> list[SheetTable]:
    """All worksheets of an .xlsx/.xlsm/.xls/.ods file, hidden ones included (`visible`).

    Raises ExcelImportError for missing, encrypted or damaged files.
    """
    p = Path(path)
    head = _check_file(p)
    check_workbook(p, head)  # before calamine: a sheet too large for it aborts the whole process
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(p))
    except python_calamine.PasswordError:
        raise ExcelImportError(_PASSWORD_MESSAGE) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # Zip/Xml/Cfb errors, and Rust panics (pyo3 PanicException is a BaseException)
        raise _corrupt(p) from None
    sheets: list[SheetTable] = []
    hidden_by_sheet: dict[str, frozenset[int]] = {}
    is_zip = head[:4] == _ZIP_MAGIC
    if is_zip:
        hidden_by_sheet = _hidden_rows_zip(p)
    try:
        with wb:
            for meta in wb.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                width = max((len(r) for r in rows), default=0)
                for r in rows:
                    if len(r) < width:
                        r.extend([""] * (width - len(r)))
                ranges = sheet.merged_cell_ranges
                merged = [(a[0], a[1], b[0], b[1]) for a, b in ranges] if ranges else []
                sheets.append(
                    SheetTable(
                        name=meta.name,
                        rows=rows,
                        merged=merged,
                        hidden_rows=hidden_by_sheet.get(meta.name, frozenset()),
                        visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                        merge_info=ranges is not None,
                    )
                )
    except (ExcelImportError, KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:
        raise _corrupt(p) from None
    return sheets


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUM = re.compile(rb'\br="(\d+)"')
_ROW_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')


def _hidden_rows_zip(path: Path) -> dict[str, frozenset[int]]:
    """Hidden rows per sheet name for xlsx (row attribute hidden="1") and ods
    (table:visibility="collapse"/"filter"); {} when unknown. Never raises."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return _hidden_rows_xlsx(zf)
            if "content.xml" in names:
                return _hidden_rows_ods(zf)
    except Exception:
        return {}
    return {}


def _hidden_rows_xlsx(zf: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    result: dict[str, frozenset[int]] = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            data = zf.read(member)
        except KeyError:
            continue
        if b"hidden=" not in data:
            continue
        hidden: set[int] = set()
        current = 0
        for m in _ROW_TAG.finditer(data):
            attrs = m.group(1)
            num = _ROW_NUM.search(attrs)
            current = int(num.group(1)) if num else current + 1
            if _ROW_HIDDEN.search(attrs):
                hidden.add(current - 1)
        result[sheet.get("name", "")] = frozenset(hidden)
    return result


def _hidden_rows_ods(zf: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    data = zf.read("content.xml")
    if b"table:visibility" not in data:
        return {}
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    t_table, t_row = f"{{{table_ns}}}table", f"{{{table_ns}}}table-row"
    a_name, a_vis, a_rep = f"{{{table_ns}}}name", f"{{{table_ns}}}visibility", f"{{{table_ns}}}number-rows-repeated"
    result: dict[str, frozenset[int]] = {}
    name, index, hidden = "", 0, set()
    for event, elem in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        if event == "start" and elem.tag == t_table:
            name, index, hidden = elem.get(a_name, ""), 0, set()
        elif event == "start" and elem.tag == t_row:
            repeat = int(elem.get(a_rep, "1") or 1)
            if elem.get(a_vis) in ("collapse", "filter"):
                hidden.update(range(index, index + min(repeat, 100_000)))
            index += repeat
        elif event == "end" and elem.tag == t_table:
            if hidden:
                result[name] = frozenset(hidden)
            elem.clear()
    return result


# ---------------------------------------------------------------------------
# Columns and mappings
# ---------------------------------------------------------------------------


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


def _blank(value: Cell) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _cell_text(value: Cell) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


def _header_candidates(value: Cell) -> list[str]:
    """Display texts to try for a header cell: as is, then TCVN3 / VNI decoded."""
    text = normalize(_cell_text(value))
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
        if all(_blank(v) for v in rows[r]):
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
    if any(not _blank(v) and not isinstance(v, str) for v in bottom_row):
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
            t_here, b_here = not _blank(top[c]), not _blank(bottom[c])
            if b_here and not t_here:
                spans = True
            elif b_here and t_here and c + 1 < width and _blank(top[c + 1]) and not _blank(bottom[c + 1]):
                spans = True
        if spans and not _blank(bottom[c]) and not vertical:
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


# ---------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------


@dataclass
class PreviewRow:
    row_number: int  # 1-based Excel row
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hidden: bool = False
    merged_fields: list[str] = field(default_factory=list)  # fields filled down from a merged cell above

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    path: str
    kind: str
    sheet_name: str
    sheet_names: list[str]
    header_row: int  # 1-based Excel row of the (first) header row
    header_rows: int
    columns: list[ColumnInfo]
    mapping: ColumnMapping  # effective mapping (auto + caller's), keyed by header key
    signature: str
    unknown_columns: list[str]
    missing_fields: list[str]  # labels of required fields no column provides
    encoding: str  # "unicode", "tcvn3", "vni" (the legacy encoding found in any column)
    column_encodings: dict[str, str]  # header → legacy encoding, converted columns only
    rows: list[PreviewRow]
    messages: list[str]  # sheet-level notes (Vietnamese)
    blank_rows: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # 1-based
    total_row: int | None = None  # 1-based row of the last total row
    ignored_rows: list[int] = field(default_factory=list)  # 1-based rows below the data (footer)

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.ok]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "valid": sum(1 for r in self.rows if r.ok),
            "errors": sum(1 for r in self.rows if not r.ok),
            "warnings": sum(1 for r in self.rows if r.warnings),
            "blank": self.blank_rows,
            "hidden": len(self.hidden_rows),
            "ignored": len(self.ignored_rows),
        }

    @property
    def errors(self) -> list[str]:
        return [e for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.rows for w in r.warnings]


def preview(
    path: str | os.PathLike[str],
    kind: str = "awards",
    mapping: ColumnMapping | Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    *,
    header_row: int | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Read `path` and return what an import of `kind` would bring in.

    `mapping`: the caller's column choices (ColumnMapping, or {header text: field}).
    `sheet`: name or 0-based index; by default the visible sheet whose header
    is recognised best. `header_row`: 1-based row to use as the header when the
    user has pointed at it (detection is skipped). Raises ExcelImportError if
    the file is unusable.
    """
    fields_for(kind)
    mapping = _as_mapping(mapping)
    p = Path(path)
    sheets = read_workbook(p)
    if not sheets or all(s.is_empty for s in sheets):
        raise ExcelImportError(f"Tệp “{p.name}” không có dữ liệu (bảng tính trống).")
    if sheet is not None:
        chosen = _pick_sheet(sheets, sheet)
        if chosen.is_empty:
            raise ExcelImportError(f"Trang tính “{chosen.name}” không có dữ liệu.")
        candidates = [chosen]
    else:
        candidates = [s for s in sheets if s.visible and not s.is_empty] or [s for s in sheets if not s.is_empty]
    best: tuple[SheetTable, HeaderMatch] | None = None
    for s in candidates:
        match = _find_header(s, kind, mapping, header_row)
        if match is not None and (best is None or match.score > best[1].score):
            best = (s, match)
    if best is None:
        where = f"trang tính “{candidates[0].name}”" if len(candidates) == 1 else "các trang tính"
        raise _no_header(f"{where} của tệp “{p.name}”", kind)
    table, match = best
    result = _build_preview(table, match, kind, mapping, today or date.today())
    result.path = str(p)
    result.sheet_names = [s.name for s in sheets]
    return result


def preview_sheet(
    table: SheetTable,
    kind: str = "awards",
    mapping: ColumnMapping | Mapping[str, str | None] | None = None,
    *,
    header_row: int | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Like `preview` for an already read sheet (or rows built in memory)."""
    fields_for(kind)
    mapping = _as_mapping(mapping)
    match = _find_header(table, kind, mapping, header_row)
    if match is None:
        raise _no_header(f"trang tính “{table.name}”", kind)
    result = _build_preview(table, match, kind, mapping, today or date.today())
    result.sheet_names = [table.name]
    return result


def _as_mapping(mapping: ColumnMapping | Mapping[str, str | None] | None) -> ColumnMapping | None:
    if mapping is None or isinstance(mapping, ColumnMapping):
        return mapping
    return ColumnMapping.from_headers(mapping)


def _find_header(table: SheetTable, kind: str, mapping: ColumnMapping | None, header_row: int | None) -> HeaderMatch | None:
    if header_row is None:
        return detect_header(table.rows, kind, merged=table.merged, merge_info=table.merge_info, mapping=mapping)
    index = header_row - 1
    if not 0 <= index < len(table.rows):
        raise ExcelImportError(f"Dòng tiêu đề {header_row} nằm ngoài trang tính “{table.name}”.")
    extra = dict(mapping.by_header) if mapping else None
    matches = _row_fields(kind, table.rows[index], extra)
    return HeaderMatch(index, 1, _columns(matches), _score(matches))


def _no_header(where: str, kind: str) -> ExcelImportError:
    return ExcelImportError(
        f"Không tìm thấy dòng tiêu đề trong {where}. "
        f"Dòng tiêu đề cần có tên cột như {_example_headers(kind)}."
    )


def _example_headers(kind: str) -> str:
    return {
        "awards": "“STT”, “Họ và tên”, “Ngày sinh”, “Lớp”, “Số tiền”",
        "learners": "“STT”, “Họ và tên”, “Năm sinh”, “Thôn”",
        "classes": "“Tên lớp”, “Lĩnh vực”, “Ngày bắt đầu”, “Số học viên”",
        "vouchers": "“Loại (Thu/Chi)”, “Ngày”, “Người nộp/nhận”, “Lý do”, “Số tiền”",
    }[kind]


def _pick_sheet(sheets: list[SheetTable], sheet: str | int) -> SheetTable:
    if isinstance(sheet, int):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
    else:
        for s in sheets:
            if s.name == sheet:
                return s
        for s in sheets:
            if fold(s.name) == fold(sheet):
                return s
    raise ExcelImportError(f"Không có trang tính “{sheet}” trong tệp.")


# Total rows. In name columns the pattern is stricter: "Tống Thu Hà", "Tống Tiến",
# "Công Tằng Tôn Nữ…" are people, not totals.
_TOTAL_IN_NAME = re.compile(
    r"^(?:tong cong|tong so|cong tien|cong trang|cong don|cong luy ke|cong phat sinh"
    r"|cong (?:thon|xom|lop|truong|khoi|chi hoi|dot|khu|ap|ban|to dan pho))\b"
    r"|^(?:tong|cong)\s*(?:\d.*)?$"
)
_TOTAL_ELSEWHERE = re.compile(_TOTAL_IN_NAME.pattern + r"|^(?:tong tien|tong thu|tong chi|tong so tien|tong)\b")
_IDENTITY_FIELDS = {
    "awards": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "learners": ("full_name", "family_name", "family_middle", "middle_name", "given_name"),
    "classes": ("title",),
    "vouchers": ("person", "reason", "voucher_type", "number"),
}


def _build_preview(
    table: SheetTable, match: HeaderMatch, kind: str, mapping: ColumnMapping | None, today: date
) -> ImportPreview:
    specs = {s.name: s for s in fields_for(kind)}
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    columns = list(match.columns)
    if mapping is not None:  # the caller's choice wins, per header key
        columns = [
            ColumnInfo(c.index, c.header, mapping.by_header[c.key] if c.key in mapping.by_header else c.field, c.key)
            for c in columns
        ]
    columns = [ColumnInfo(c.index, c.header, c.field if c.field in specs else None, c.key) for c in columns]
    col_field = {c.index: c.field for c in columns if c.field}
    header_of = {c.index: (c.header or f"cột {c.letter}") for c in columns}
    unknown = [c.header for c in columns if c.header and c.field is None]
    effective = ColumnMapping({c.key: c.field for c in columns if c.key})

    start = match.data_start
    data = rows[start:]
    filled_from = _fill_merged_down(data, table.merged, start, col_field)
    enc_of_col, column_encodings, sheet_encoding = _decide_encodings(data, header_of)

    # --- classify rows: blank, total (labelled), sum (numbers only), data ----
    identity_cols = [i for i, f in col_field.items() if f in _IDENTITY_FIELDS[kind]]
    if not identity_cols:  # no name column found (yet): any imported column identifies a record
        identity_cols = [i for i, f in col_field.items() if f != "stt" and specs[f].type != "ignore"]
    numeric_cols = [i for i, f in col_field.items() if specs[f].type in ("money", "int", "number")]
    stt_cols = {i for i, f in col_field.items() if f == "stt"}
    label_cols = sorted(set(identity_cols) | stt_cols | set(range(min(3, width))))
    identity_set = set(identity_cols)

    kinds: list[str] = []
    has_identity: list[bool] = []
    for row in data:
        if _row_blank(row, stt_cols):
            kinds.append("blank")
            has_identity.append(False)
            continue
        labelled = False
        for i in label_cols:
            v = row[i]
            # Cheap filter first: every total label starts with T or C ("Tổng", "Cộng"; also in TCVN3/VNI).
            if isinstance(v, str) and v.lstrip()[:1] in ("T", "t", "C", "c"):
                pattern = _TOTAL_IN_NAME if i in identity_set else _TOTAL_ELSEWHERE
                if pattern.match(header_key(legacy.to_unicode(v, enc_of_col.get(i, sheet_encoding)))):
                    labelled = True
                    break
        ident = not labelled and any(i < len(row) and not _blank(row[i]) for i in identity_cols)
        has_identity.append(ident)
        if labelled:
            kinds.append("total")
        elif not ident and any(i < len(row) and _is_number(row[i]) for i in numeric_cols):
            kinds.append("sum")
        else:
            kinds.append("data")

    # Records end at the last record-like row: numbered (when the sheet numbers
    # its rows) or identified, and not a signature line. Below it: the total
    # row(s) and the footer, none of which is imported.
    footer_cols = sorted(set(identity_cols) | set(range(min(3, width))))
    stt = min(stt_cols) if stt_cols else None
    labelled_totals = [i for i, k in enumerate(kinds) if k == "total"]
    limit = labelled_totals[-1] if labelled_totals else len(kinds)
    numbering = False
    if stt is not None:
        candidates = [i for i in range(limit) if kinds[i] == "data" and has_identity[i]]
        numbered = sum(1 for i in candidates if _is_stt(data[i][stt]))
        numbering = bool(candidates) and numbered >= 0.8 * len(candidates)
        if candidates and not numbering:  # signature lines lower the share: leave them out and count again
            candidates = [i for i in candidates if not _footer_like(data[i], footer_cols)]
            numbered = sum(1 for i in candidates if _is_stt(data[i][stt]))
            numbering = bool(candidates) and numbered >= 0.8 * len(candidates)

    def record_like(i: int) -> bool:
        if kinds[i] != "data" or _footer_like(data[i], footer_cols):
            return False
        return _is_stt(data[i][stt]) if numbering else has_identity[i]

    last_record = next((i for i in range(len(kinds) - 1, -1, -1) if record_like(i)), -1)
    end = last_record + 1
    trailing_totals = [i for i in range(end, len(data)) if kinds[i] in ("total", "sum")]
    last_total = trailing_totals[-1] if trailing_totals else None
    for i in range(end):
        if kinds[i] == "sum":
            kinds[i] = "data"

    messages: list[str] = []
    total_row = start + last_total + 1 if last_total is not None else None
    ignored = [start + i + 1 for i in range(end, len(data)) if kinds[i] != "blank" and i not in trailing_totals]
    subtotals = [start + i + 1 for i in range(end) if kinds[i] == "total"]
    subtotals += [start + i + 1 for i in trailing_totals[:-1]]
    if total_row is not None:
        messages.append(f"Dòng {total_row} là dòng tổng cộng, không nhập.")
    if subtotals:
        messages.append("Các dòng cộng/tổng cộng không được nhập: dòng " + ", ".join(map(str, subtotals)) + ".")
    if ignored:
        shown = ", ".join(map(str, ignored[:10])) + ("…" if len(ignored) > 10 else "")
        messages.append(f"Bỏ qua {len(ignored)} dòng ở cuối bảng (phần ký tên, ghi chú): dòng {shown}.")
    missing = [
        specs[group[0]].label for group in required_fields(kind) if not any(f in col_field.values() for f in group)
    ]
    for m in missing:
        messages.append(f"Không tìm thấy cột {m}: hãy chọn cột tương ứng.")
    if unknown:
        messages.append("Các cột chưa nhận ra (không nhập): " + ", ".join(f"“{u}”" for u in unknown) + ".")
    names = {legacy.TCVN3: "TCVN3 (ABC)", legacy.VNI: "VNI"}
    for header, enc in column_encodings.items():
        messages.append(f"Cột “{header}” dùng bảng mã {names[enc]}, đã chuyển sang Unicode.")

    parser = _RowParser(kind, specs, col_field, header_of, enc_of_col, sheet_encoding, today)
    out_rows: list[PreviewRow] = []
    blank = sum(1 for i in range(end, last_total if last_total is not None else len(data)) if kinds[i] == "blank")
    hidden_numbers: list[int] = []
    for i in range(end):
        if kinds[i] == "blank":
            blank += 1
            continue
        if kinds[i] == "total":
            continue
        excel_row = start + i
        pr = parser.parse(data[i], excel_row + 1)
        for col, top in sorted(filled_from.get(i, ())):
            pr.merged_fields.append(col_field[col])
            pr.warnings.append(f"Dòng {excel_row + 1}: cột {header_of[col]} nằm trong ô gộp; lấy giá trị của "
                               f"dòng {top} (kiểm tra lại).")
        if excel_row in table.hidden_rows:
            pr.hidden = True
            pr.warnings.append(f"Dòng {excel_row + 1}: dòng này đang bị ẩn trong tệp Excel (vẫn được nhập).")
            hidden_numbers.append(excel_row + 1)
        out_rows.append(pr)
    if filled_from:
        merged_headers = sorted({header_of[c] for cells in filled_from.values() for c, _ in cells})
        messages.append(f"Có ô gộp theo chiều dọc ở cột {', '.join(merged_headers)}: giá trị của ô gộp được điền "
                        f"cho mọi dòng trong vùng gộp ({len(filled_from)} dòng, có cảnh báo).")
    if hidden_numbers:
        messages.append(f"Có {len(hidden_numbers)} dòng bị ẩn trong tệp Excel; các dòng này vẫn được nhập (có cảnh báo).")
    _flag_duplicates(kind, out_rows)

    encodings = list(column_encodings.values())
    return ImportPreview(
        path="",
        kind=kind,
        sheet_name=table.name,
        sheet_names=[],
        header_row=match.header_row,
        header_rows=match.header_rows,
        columns=columns,
        mapping=effective,
        signature=source_signature(c.header for c in columns),
        unknown_columns=unknown,
        missing_fields=missing,
        encoding=max(set(encodings), key=encodings.count) if encodings else legacy.UNICODE,
        column_encodings=column_encodings,
        rows=out_rows,
        messages=messages,
        blank_rows=blank,
        hidden_rows=hidden_numbers,
        total_row=total_row,
        ignored_rows=ignored,
    )


def _fill_merged_down(data: list[list[Cell]], merged: Sequence[Range], start: int,
                      col_field: Mapping[int, str]) -> dict[int, list[tuple[int, int]]]:
    """Give every row under a vertically merged cell (Lớp, Trường, Số tiền over several pupils) the merged
    cell's value, in place. Returns data row index → [(column, 1-based Excel row the value came from)]."""
    filled: dict[int, list[tuple[int, int]]] = {}
    budget = MAX_CELLS  # overlapping hostile ranges cannot make this loop longer than the sheet is large
    for r0, c0, r1, c1 in merged:
        if r1 <= r0 or r0 < start:
            continue  # horizontal only, or part of the header
        top = data[r0 - start] if r0 - start < len(data) else None
        if top is None:
            continue
        for c in range(c0, c1 + 1):
            if c not in col_field or c >= len(top) or _blank(top[c]):
                continue
            for r in range(r0 + 1, min(r1, start + len(data) - 1) + 1):
                budget -= 1
                if budget < 0:
                    return filled
                row = data[r - start]
                if c < len(row) and _blank(row[c]):
                    if not filled.get(r - start):
                        data[r - start] = row = list(row)  # the sheet's own rows stay as read
                    row[c] = top[c]
                    filled.setdefault(r - start, []).append((c, r0 + 1))
    return filled


_FOOTER = re.compile(
    r"^(?:nguoi lap|lap bieu|chu tich|pho chu tich|thu quy|ke toan|xac nhan|thu truong|truong ban|tm|kt|t m|k t"
    r"|ky ten|ky ghi ro|ghi ro ho ten|nguoi ky|nguoi duyet|thu ky|ban chap hanh|uy ban nhan dan|ubnd)\b"
    r"|\bngay \d{1,2} thang \d{1,2} nam \d{4}\b|\bngay thang nam\b"
)


def _footer_like(row: Sequence[Cell], cols: Iterable[int]) -> bool:
    """A signature-block line: "Người lập biểu", "TM. Ban chấp hành", "Tân Dĩnh, ngày … tháng … năm …"."""
    for i in cols:
        v = row[i] if i < len(row) else ""
        if isinstance(v, str) and v.strip() and _FOOTER.search(header_key(v)):
            return True
    return False


def _row_blank(row: Sequence[Cell], skip: set[int]) -> bool:
    for i, v in enumerate(row):
        if v == "" or v is None or i in skip:
            continue
        if isinstance(v, str) and v.isspace():
            continue
        return False
    return True


def _is_number(value: Cell) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_stt(value: Cell) -> bool:
    if _is_number(value):
        return True
    return isinstance(value, str) and re.fullmatch(r"\s*\d+[.)]?\s*", value) is not None


def _decide_encodings(data: Sequence[Sequence[Cell]], header_of: dict[int, str]) -> tuple[dict[int, str], dict[str, str], str]:
    """Legacy encoding per column (0-based index); columns without evidence follow the sheet."""
    sample_rows = data if len(data) <= 3000 else [*data[:2500], *data[-500:]]
    width = len(data[0]) if data else 0
    decided: dict[int, str] = {}
    undecided: list[int] = []
    for c in range(width):
        texts: set[str] = set()
        unicode_cells = 0
        for row in sample_rows:
            v = row[c] if c < len(row) else ""
            if isinstance(v, str) and v not in texts:
                if legacy.looks_unicode_vietnamese(v):
                    unicode_cells += 1
                elif legacy.has_legacy_characters(v):
                    texts.add(v)
                    if len(texts) >= 300:
                        break
        if not texts:
            continue
        scores = legacy.encoding_scores(texts)
        scores[legacy.UNICODE] += unicode_cells
        enc = legacy.decide_encoding(scores)
        if enc is None:
            undecided.append(c)
        else:
            decided[c] = enc
    votes = [e for e in decided.values() if e != legacy.UNICODE]
    sheet_enc = max(set(votes), key=votes.count) if votes else legacy.UNICODE
    for c in undecided:
        decided[c] = sheet_enc
    column_encodings = {
        header_of.get(c, f"cột {column_letter(c)}"): e for c, e in sorted(decided.items()) if e != legacy.UNICODE
    }
    return decided, column_encodings, sheet_enc


# ---------------------------------------------------------------------------
# Cell parsing and row validation
# ---------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31


def _serial_to_date(n: float) -> date | None:
    if not math.isfinite(n) or n < 1 or n > _MAX_SERIAL:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(n))


def _shown(value: Cell) -> str:
    text = _cell_text(value)
    return text if len(text) <= 60 else text[:57] + "…"


_GENDER = {
    "nam": "Nam", "m": "Nam", "male": "Nam", "trai": "Nam", "nam gioi": "Nam", "con trai": "Nam",
    "nu": "Nữ", "f": "Nữ", "female": "Nữ", "gai": "Nữ", "nu gioi": "Nữ", "con gai": "Nữ",
}  # fmt: skip
_FLAG_TRUE = {"x", "v", "co", "1", "\u2713", "\u2714", "yes", "true", "*", "+"}
_VOUCHER_TYPE = {
    "thu": "Thu", "pt": "Thu", "phieu thu": "Thu", "t": "Thu", "thu tien": "Thu",
    "chi": "Chi", "pc": "Chi", "phieu chi": "Chi", "c": "Chi", "chi tien": "Chi",
}  # fmt: skip
_PAYMENT = {
    "tien mat": "Tiền mặt", "tm": "Tiền mặt", "mat": "Tiền mặt",
    "chuyen khoan": "Chuyển khoản", "ck": "Chuyển khoản", "ngan hang": "Chuyển khoản", "tk": "Chuyển khoản",
    "tai khoan": "Chuyển khoản",
}  # fmt: skip
_NUMBER_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _memo(cache: dict, key: Any, func: Any, arg: Any) -> Any:
    """func(arg) memoised in `cache`, a ValueError included (raised again on every use)."""
    try:
        result = cache[key]
    except KeyError:
        try:
            result = func(arg)
        except ValueError as exc:
            result = exc
        if len(cache) < 200_000:
            cache[key] = result
    if isinstance(result, ValueError):
        raise result
    return result


# Long free text keeps its line breaks (Alt+Enter in Excel); every other text is one line.
_MULTILINE_FIELDS = frozenset({"note", "achievement", "reason", "result"})


class _RowParser:
    def __init__(self, kind, specs, col_field, header_of, enc_of_col, sheet_encoding, today):
        self.kind = kind
        self.specs: dict[str, FieldSpec] = specs
        self.items = sorted(col_field.items())  # (col, field)
        self.header_of = header_of
        self.enc_of_col = enc_of_col
        self.sheet_encoding = sheet_encoding
        self.today = today
        self.types = {c: specs[f].type for c, f in self.items}
        self.caches: dict[int, dict[str, str]] = {c: {} for c, _ in self.items}
        self.multiline = {c for c, f in self.items if f in _MULTILINE_FIELDS}
        self.key_cache: dict[str, str] = {}
        self.parsed: dict[tuple[str, str], Any] = {}  # memoised parse_vnd / parse_date results (or their ValueError)

    def text(self, col: int, value: Cell) -> str:
        """Cell as NFC text, legacy encoding of its column converted (memoised per column)."""
        if not isinstance(value, str):
            return normalize(_cell_text(value))
        cache = self.caches[col]
        out = cache.get(value)
        if out is None:
            enc = self.enc_of_col.get(col, self.sheet_encoding)
            clean = normalize_multiline if col in self.multiline else normalize
            out = clean(legacy.to_unicode(value, enc) if enc != legacy.UNICODE else value)
            if len(cache) < 100_000:
                cache[value] = out
        return out

    def key(self, text: str) -> str:
        out = self.key_cache.get(text)
        if out is None:
            out = self.key_cache[text] = header_key(text)
        return out

    def parse(self, row: Sequence[Cell], number: int) -> PreviewRow:
        values: dict[str, Any] = {}
        errors: list[str] = []
        warnings: list[str] = []
        names: dict[str, str] = {}
        failed: set[str] = set()  # fields present in the row but unreadable
        for col, fname in self.items:
            if col >= len(row):
                continue
            raw = row[col]
            if raw == "" or raw is None or (isinstance(raw, str) and raw.isspace()):
                continue
            ftype = self.types[col]
            if ftype == "ignore":
                continue
            column = self.header_of[col]
            before = len(errors)
            if ftype in ("text", "name"):
                value = self.text(col, raw)
                if not value:
                    continue
                if ftype == "name":
                    names.setdefault(fname, value)
                elif fname == "note" and "note" in values:
                    values["note"] = f"{values['note']}; {value}"
                else:
                    values.setdefault(fname, value)
            elif ftype == "money":
                amount = self.money(col, raw, number, column, errors)
                if amount is not None:
                    values.setdefault(fname, amount)
            elif ftype in ("int", "number"):
                num = self.number(col, raw, number, column, errors, integer=ftype == "int")
                if num is not None:
                    values.setdefault(fname, num)
            elif ftype == "birth":
                self.birth(col, raw, number, column, values, errors)
            elif ftype == "date":
                d = self.date(col, raw, number, column, errors)
                if d is not None:
                    values.setdefault(fname, d)
            elif ftype == "gender":
                text = self.text(col, raw)
                g = _GENDER.get(self.key(text))
                if g is None:
                    warnings.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải Nam/Nữ, bỏ qua.")
                else:
                    values.setdefault("gender", g)
            elif ftype in ("flag_male", "flag_female"):
                text = self.key(self.text(col, raw))
                if text in _FLAG_TRUE or (text and text.replace(" ", "") in _FLAG_TRUE):
                    values.setdefault("gender", "Nam" if ftype == "flag_male" else "Nữ")
                else:
                    warnings.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không rõ nghĩa (đánh dấu x), bỏ qua.")
            elif ftype == "voucher_type":
                text = self.text(col, raw)
                t = _VOUCHER_TYPE.get(self.key(text))
                if t is None:
                    errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' phải là Thu hoặc Chi.")
                else:
                    values["voucher_type"] = t
            elif ftype == "payment_method":
                text = self.text(col, raw)
                values.setdefault("payment_method", _PAYMENT.get(self.key(text), text))
            if len(errors) > before:
                failed.add(fname)
        if names:
            self.compose_name(names, values)
        self.validate(values, number, errors, warnings, failed)
        return PreviewRow(row_number=number, values=values, errors=errors, warnings=warnings)

    # -- value readers ------------------------------------------------------

    def money(self, col, raw, number, column, errors) -> int | None:
        if isinstance(raw, bool):
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải số tiền.")
            return None
        if isinstance(raw, (int, float)):
            if not math.isfinite(raw) or abs(raw - round(raw)) > 1e-6:
                errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải số tiền nguyên đồng.")
                return None
            amount = int(round(raw))
        elif isinstance(raw, str):
            text = self.text(col, raw)
            if text in ("-", "–", "—"):
                return None
            try:
                amount = _memo(self.parsed, ("vnd", text), parse_vnd, text)
            except ValueError:
                errors.append(f"Dòng {number}: cột {column} '{_shown(text)}' không phải số tiền.")
                return None
        else:
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải số tiền.")
            return None
        if amount < 0:
            errors.append(f"Dòng {number}: cột {column} có số tiền âm ({_shown(raw)}).")
            return None
        return amount

    def number(self, col, raw, number, column, errors, *, integer: bool) -> int | float | None:
        value: float | None = None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            value = float(raw)
        elif isinstance(raw, str):
            text = self.text(col, raw)
            if _NUMBER_TEXT.fullmatch(text):
                value = float(text.replace(",", "."))
            elif integer and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
                value = float(re.sub(r"[.,]", "", text))
        if value is None or not math.isfinite(value):
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải số.")
            return None
        if value < 0:
            errors.append(f"Dòng {number}: cột {column} không được âm ({_shown(raw)}).")
            return None
        if integer:
            if not value.is_integer():
                errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' phải là số nguyên.")
                return None
            return int(value)
        return int(value) if value.is_integer() else value

    def date(self, col, raw, number, column, errors) -> date | None:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if 1900 <= raw <= 2100 and float(raw).is_integer():
                errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' cần đủ ngày/tháng/năm.")
                return None
            d = _serial_to_date(float(raw))
            if d is None:
                errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải ngày hợp lệ.")
            return d
        if isinstance(raw, str):
            text = self.text(col, raw)
            if re.fullmatch(r"\d{4}", text):
                errors.append(f"Dòng {number}: cột {column} '{_shown(text)}' cần đủ ngày/tháng/năm.")
                return None
            try:
                return _memo(self.parsed, ("date", text), parse_date, text)
            except ValueError:
                errors.append(f"Dòng {number}: cột {column} '{_shown(text)}' không phải ngày hợp lệ (dd/mm/yyyy).")
                return None
        errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải ngày hợp lệ.")
        return None

    def birth(self, col, raw, number, column, values, errors) -> None:
        born: date | None = None
        year: int | None = None
        if isinstance(raw, datetime):
            born = raw.date()
        elif isinstance(raw, date):
            born = raw
        elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if float(raw).is_integer() and 1000 <= raw < 3000:
                year = int(raw)
            else:
                born = _serial_to_date(float(raw)) if float(raw) >= 3000 else None
                if born is None:
                    errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải ngày sinh hợp lệ.")
                    return
        elif isinstance(raw, str):
            text = self.text(col, raw)
            m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
            if m:
                year = int(m.group(1))
            else:
                try:
                    born = _memo(self.parsed, ("date", text), parse_date, text)
                except ValueError:
                    errors.append(f"Dòng {number}: cột {column} '{_shown(text)}' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm).")
                    return
        else:
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải ngày sinh hợp lệ.")
            return
        if born is not None:
            year = born.year
        assert year is not None
        if born is not None and born > self.today or year > self.today.year:
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' là ngày sinh trong tương lai.")
            return
        if year < 1900:
            errors.append(f"Dòng {number}: cột {column} '{_shown(raw)}' không phải năm sinh hợp lệ.")
            return
        values.setdefault("birth_date", born)
        values.setdefault("birth_year", year)

    @staticmethod
    def compose_name(names: dict[str, str], values: dict[str, Any]) -> None:
        full = names.get("full_name", "")
        if full:
            parts = full.split(" ")
            family = names.get("family_name") or (parts[0] if len(parts) > 1 else "")
            given = names.get("given_name") or parts[-1]
            middle = names.get("middle_name")
            if middle is None:
                inner = parts[1:-1] if len(parts) > 1 else []
                middle = " ".join(inner)
            values.update(full_name=full, family_name=family, middle_name=middle, given_name=given)
            return
        if "family_middle" in names:
            fm = names["family_middle"].split(" ")
            family = names.get("family_name") or fm[0]
            middle = names.get("middle_name") or " ".join(fm[1:])
        else:
            family = names.get("family_name", "")
            middle = names.get("middle_name", "")
        given = names.get("given_name", "")
        full = " ".join(p for p in (family, middle, given) if p)
        values.update(full_name=full, family_name=family, middle_name=middle, given_name=given)

    # -- validation ---------------------------------------------------------

    def validate(self, values, number, errors, warnings, failed) -> None:
        kind = self.kind
        if kind in ("awards", "learners"):
            if not values.get("full_name"):
                errors.append(f"Dòng {number}: thiếu Họ và tên.")
            elif not values.get("given_name"):
                warnings.append(f"Dòng {number}: không tách được Tên từ họ tên '{values['full_name']}'.")
        elif kind == "classes":
            if not values.get("title"):
                errors.append(f"Dòng {number}: thiếu Tên lớp/chuyên đề.")
            start, end = values.get("start_date"), values.get("end_date")
            if start and end and end < start:
                errors.append(
                    f"Dòng {number}: ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}."
                )
            total = values.get("learners")
            for fname, label in (("female", "nữ"), ("ethnic_minority", "dân tộc thiểu số")):
                part = values.get(fname)
                if total is not None and part is not None and part > total:
                    errors.append(f"Dòng {number}: số học viên {label} ({part}) lớn hơn tổng số học viên ({total}).")
            if start and start > self.today + timedelta(days=366):
                warnings.append(f"Dòng {number}: ngày bắt đầu {format_date(start)} còn hơn một năm nữa.")
        elif kind == "vouchers":
            income, expense = values.pop("income", None), values.pop("expense", None)
            if "amount" not in values and "amount" not in failed:
                if income and expense:
                    errors.append(f"Dòng {number}: có cả số tiền Thu và Chi trên cùng một dòng.")
                    failed.update(("amount", "voucher_type"))
                elif income or expense:
                    implied = "Thu" if income else "Chi"
                    values["amount"] = income or expense
                    if values.setdefault("voucher_type", implied) != implied and "voucher_type" not in failed:
                        errors.append(
                            f"Dòng {number}: loại phiếu {values['voucher_type']} nhưng số tiền nằm ở cột {implied}."
                        )
                elif "income" in failed or "expense" in failed:
                    failed.add("amount")
            if not values.get("voucher_type") and "voucher_type" not in failed:
                errors.append(f"Dòng {number}: thiếu loại phiếu (Thu/Chi).")
            if "date" not in values and "date" not in failed:
                errors.append(f"Dòng {number}: thiếu Ngày.")
            amount = values.get("amount")
            if amount is None:
                if "amount" not in failed:
                    errors.append(f"Dòng {number}: thiếu Số tiền.")
            elif amount == 0:
                errors.append(f"Dòng {number}: số tiền bằng 0.")
            d = values.get("date")
            if d and d > self.today:
                warnings.append(f"Dòng {number}: ngày {format_date(d)} ở tương lai.")


def _flag_duplicates(kind: str, rows: list[PreviewRow]) -> None:
    seen: dict[tuple, int] = {}
    folded: dict[str, str] = {}

    def f(text: str) -> str:  # fold, memoised: categories, villages… repeat on every row
        out = folded.get(text)
        if out is None:
            out = folded[text] = fold(text)
        return out

    for r in rows:
        v = r.values
        if kind in ("awards", "learners"):
            if not v.get("full_name"):
                continue
            if kind == "awards":  # a second subject is a second award, not a duplicate
                third = (f(v.get("category") or v.get("achievement") or ""), f(v.get("subject") or ""))
            else:
                third = (f(v.get("village") or ""),)
            key = (f(v["full_name"]), v.get("birth_date") or v.get("birth_year"), *third)
            what = (
                "cùng họ tên, ngày sinh và loại thành tích" if kind == "awards" else "cùng họ tên, năm sinh và thôn"
            )
        elif kind == "classes":
            if not v.get("title"):
                continue
            key = (f(v["title"]), v.get("start_date"), f(v.get("location") or ""))
            what = "cùng tên lớp, ngày bắt đầu và địa điểm"
        else:
            if v.get("number"):
                key = (v.get("voucher_type"), f(v["number"]), (v.get("date") or date.min).year)
                what = "cùng loại và số phiếu"
            else:
                key = (v.get("voucher_type"), v.get("date"), v.get("amount"), f(v.get("person") or ""), f(v.get("reason") or ""))
                what = "cùng loại, ngày, số tiền, người nộp/nhận và lý do"
        first = seen.get(key)
        if first is None:
            seen[key] = r.row_number
        else:
            r.warnings.append(f"Dòng {r.row_number}: có thể trùng với dòng {first} ({what}).")
