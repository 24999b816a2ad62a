"""Formatted .xlsx exports: committee header, merged title, bordered table, totals.

Layout of every sheet (rows are 1-based):

    1  ỦY BAN NHÂN DÂN XÃ TÂN DĨNH          (parent body, upper case)
    2  HỘI KHUYẾN HỌC XÃ TÂN DĨNH           (committee, upper case, bold)
    3
    4  DANH SÁCH …                          (title, merged across all columns, bold 14)
    5  Năm học 2024-2025                    (subtitle, optional, italic)
    6
    7  STT | Họ và tên | …                  (header: bold, fill, borders, frozen below)
    8… data rows                            (money "#,##0", dates dd/mm/yyyy as real dates)
       Tổng cộng | … | 12.500.000           (bold; money columns summed unless told otherwise)

The header lines follow Nghị định 30/2020: the parent body in upper case
regular, the committee in upper case bold. Header lines are left out without
an organisation. The page is A4, fitted to the width, with the header row
repeated on every printed page. Files are written atomically.

The header row and values read back unchanged through `reader.preview`
(`standard_columns(kind)` gives column headers the reader recognises).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from khuyenhoc_desktop.domain.organisation import Organisation
from khuyenhoc_desktop.excel.errors import ExcelExportError
from khuyenhoc_desktop.excel.fields import export_columns
from khuyenhoc_desktop.storage.files import atomic_write
from khuyenhoc_desktop.vietnamese import format_date, format_vnd, parse_date
from ..vietnamese import os_error_text

__all__ = [
    "Column",
    "SheetSpec",
    "sanitize_sheet_name",
    "standard_columns",
    "write_table",
    "write_workbook",
]

COLUMN_KINDS = ("text", "money", "int", "date")
FONT_NAME = "Times New Roman"
MAX_WIDTH = 50
MIN_WIDTH = 5
TOTAL_LABEL = "Tổng cộng"


@dataclass(frozen=True)
class Column:
    """One exported column. `kind`: "text", "money" (int đồng, "#,##0"), "int", "date"
    (date → real date cell dd/mm/yyyy; an int is a year alone). `width` in Excel
    character units; None = fitted to the content. `value` computes the cell from
    the row instead of `row[key]`."""

    header: str
    key: str
    width: float | None = None
    kind: str = "text"
    value: Callable[[Mapping[str, Any]], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"Kiểu cột không hợp lệ: {self.kind} (text, money, int, date)")


@dataclass
class SheetSpec:
    """One sheet of `write_workbook`. `totals`: None = sum the money columns;
    False = no totals row; a dict = these values (key → value) on the totals row."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]]
    sheet_name: str = "Danh sách"
    organisation: Organisation | None = None
    subtitle: str = ""
    totals: Mapping[str, Any] | bool | None = None
    notes: Sequence[str] = field(default_factory=tuple)  # lines printed below the table


def standard_columns(kind: str) -> list[Column]:
    """Export columns for a record kind (its spec's), with headers `reader.preview` maps back to the same fields."""
    return [Column(c.header, c.key, kind=c.type) for c in export_columns(kind)]


_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sanitize_sheet_name(name: str, existing: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name: []:*?/\\ removed, no leading/trailing
    apostrophe, at most 31 characters, "Trang 1" if nothing is left."""
    clean = _INVALID_SHEET_CHARS.sub(" ", unicodedata.normalize("NFC", name or ""))
    clean = " ".join(clean.split()).strip("'").strip()
    if not clean or clean.lower() == "history":
        clean = (clean + " 1") if clean else "Trang 1"
    clean = clean[:31].rstrip().rstrip("'")
    taken = {n.lower() for n in existing}
    candidate, n = clean, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    return candidate


def write_table(
    path: str | os.PathLike[str],
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    organisation: Organisation | None = None,
    sheet_name: str = "Danh sách",
    subtitle: str = "",
    totals: Mapping[str, Any] | bool | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write one formatted table to `path` (.xlsx), atomically. See the module doc."""
    spec = SheetSpec(
        title=title,
        columns=columns,
        rows=rows,
        sheet_name=sheet_name,
        organisation=organisation,
        subtitle=subtitle,
        totals=totals,
        notes=notes,
    )
    return write_workbook(path, [spec])


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[SheetSpec]) -> Path:
    """Write several formatted sheets into one .xlsx file, atomically."""
    if not sheets:
        raise ExcelExportError("Không có trang tính nào để xuất.")
    wb = Workbook()
    _register_styles(wb)
    wb.remove(wb.active)
    names: list[str] = []
    for spec in sheets:
        if not spec.columns:
            raise ExcelExportError(f"Trang “{spec.sheet_name}” không có cột nào để xuất.")
        name = sanitize_sheet_name(spec.sheet_name, names)
        names.append(name)
        _write_sheet(wb.create_sheet(name), spec)
    target = Path(path)
    try:
        return atomic_write(target, lambda fh: wb.save(fh))
    except PermissionError:
        raise ExcelExportError(
            f"Không ghi được tệp “{target.name}”: không có quyền ghi hoặc tệp đang mở trong Excel."
        ) from None
    except OSError as exc:
        raise ExcelExportError(f"Không ghi được tệp “{target.name}”: {os_error_text(exc)}.") from None


# ---------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
_NUMBER_FORMATS = {"text": "@", "money": "#,##0", "int": "0", "date": "dd/mm/yyyy"}


def _register_styles(wb: Workbook) -> None:
    """Named styles: one shared style record per kind keeps big exports fast and small."""
    base = Font(name=FONT_NAME, size=12)
    for kind, fmt in _NUMBER_FORMATS.items():
        horizontal = {"text": "left", "money": "right", "int": "center", "date": "center"}[kind]
        for bold in (False, True):
            style = NamedStyle(name=f"kh_{kind}{'_b' if bold else ''}")
            style.font = Font(name=FONT_NAME, size=12, bold=bold)
            style.border = _BORDER
            style.number_format = "General" if kind == "text" else fmt
            style.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=kind == "text")
            wb.add_named_style(style)
    header = NamedStyle(name="kh_header")
    header.font = Font(name=FONT_NAME, size=12, bold=True)
    header.border = _BORDER
    header.fill = _HEADER_FILL
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.add_named_style(header)
    year = NamedStyle(name="kh_year")
    year.font = base
    year.border = _BORDER
    year.number_format = "0"
    year.alignment = Alignment(horizontal="center", vertical="center")
    wb.add_named_style(year)


# ---------------------------------------------------------------------------
# One sheet
# ---------------------------------------------------------------------------


def _clean_text(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _cell_value(column: Column, row: Mapping[str, Any], number: int) -> tuple[Any, str]:
    """(value to write, style name) for one cell."""
    if column.value is not None:
        raw = column.value(row)
    elif column.key in row:
        raw = row[column.key]
    elif column.key == "birth":
        raw = row.get("birth_date") or row.get("birth_year")
    elif column.key == "stt":
        raw = number
    else:
        raw = None
    if raw is None or raw == "":
        return None, f"kh_{column.kind}"
    kind = column.kind
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), "kh_date"
        if isinstance(raw, date):
            return raw, "kh_date"
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, "kh_year"
        if isinstance(raw, str):
            try:
                return parse_date(raw), "kh_date"
            except ValueError:
                return _clean_text(raw), "kh_text"
        return _clean_text(raw), "kh_text"
    if kind in ("money", "int"):
        if isinstance(raw, bool):
            return _clean_text(raw), "kh_text"
        if isinstance(raw, int):
            return raw, f"kh_{kind}"
        if isinstance(raw, float):
            return (int(raw) if raw.is_integer() else raw), f"kh_{kind}"
        return _clean_text(raw), "kh_text"
    if isinstance(raw, (date, datetime)):
        return format_date(raw if not isinstance(raw, datetime) else raw.date()), "kh_text"
    return _clean_text(raw), "kh_text"


def _display_len(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if kind == "money" and isinstance(value, int):
        return len(format_vnd(value))
    text = str(value)
    if "\n" in text:
        return max(len(line) for line in text.split("\n"))
    return len(text)


def _write_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    columns = list(spec.columns)
    ncols = len(columns)
    last_col = get_column_letter(ncols)
    org = spec.organisation
    r = 1
    # --- committee header lines --------------------------------------------
    if org is not None:
        half = max(1, (ncols + 1) // 2)
        lines = []
        if org.parent_body:
            lines.append((org.parent_body.upper(), False))
        if org.committee_name:
            lines.append((org.committee_name.upper(), True))
        for text, bold in lines:
            cell = ws.cell(row=r, column=1, value=_clean_text(text))
            cell.font = Font(name=FONT_NAME, size=12, bold=bold)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if half > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
            r += 1
        if lines:
            r += 1
    # --- title --------------------------------------------------------------
    title_cell = ws.cell(row=r, column=1, value=_clean_text(spec.title.upper() if spec.title else ""))
    title_cell.font = Font(name=FONT_NAME, size=14, bold=True)
    title_cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ncols > 1:
        ws.merge_cells(f"A{r}:{last_col}{r}")
    ws.row_dimensions[r].height = 22
    r += 1
    if spec.subtitle:
        sub = ws.cell(row=r, column=1, value=_clean_text(spec.subtitle))
        sub.font = Font(name=FONT_NAME, size=12, italic=True)
        sub.alignment = Alignment(horizontal="center", vertical="center")
        if ncols > 1:
            ws.merge_cells(f"A{r}:{last_col}{r}")
        r += 1
    r += 1
    # --- header row -----------------------------------------------------------
    header_row = r
    widths = [min(max((len(w) for w in c.header.split()), default=4) + 2, MAX_WIDTH) for c in columns]
    widths = [max(w, min(len(c.header) // 2 + 2, MAX_WIDTH)) for w, c in zip(widths, columns)]
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=r, column=j, value=_clean_text(column.header))
        cell.style = "kh_header"
    ws.row_dimensions[r].height = 32
    r += 1
    # --- data -------------------------------------------------------------
    sums: dict[str, int | float] = {c.key: 0 for c in columns if c.kind == "money"}
    first_data = r
    for number, row in enumerate(spec.rows, start=1):
        for j, column in enumerate(columns, start=1):
            value, style = _cell_value(column, row, number)
            cell = ws.cell(row=r, column=j, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text such as "=abc" stays text, never a formula
            cell.style = style
            if value is not None:
                length = _display_len(value, column.kind)
                if length + 2 > widths[j - 1]:
                    widths[j - 1] = min(length + 2, MAX_WIDTH)
                if column.kind == "money" and isinstance(value, (int, float)):
                    sums[column.key] += value
        r += 1
    # --- totals -------------------------------------------------------------
    totals = spec.totals
    if totals is None or totals is True:
        totals = sums if sums else False
    if totals is not False:
        values = dict(totals)
        label_end = next((j for j, c in enumerate(columns) if c.key in values and j > 0), ncols)
        label_end = max(1, label_end)
        for j, column in enumerate(columns, start=1):
            value = values.get(column.key) if j > label_end else None
            if j == 1:
                value = TOTAL_LABEL
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cell = ws.cell(row=r, column=j, value=value)
            kind = column.kind if isinstance(value, (int, float)) and column.kind in ("money", "int") else "text"
            cell.style = f"kh_{kind}_b"
            if j == 1:
                cell.alignment = Alignment(horizontal="center", vertical="center")
            if value is not None and j > 1:
                length = _display_len(value, column.kind)
                widths[j - 1] = max(widths[j - 1], min(length + 2, MAX_WIDTH))
        if label_end > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_end)
        r += 1
    # --- notes below the table ----------------------------------------------
    if spec.notes:
        r += 1
        for line in spec.notes:
            cell = ws.cell(row=r, column=1, value=_clean_text(line))
            cell.font = Font(name=FONT_NAME, size=12, italic=True)
            r += 1
    # --- widths, panes, printing ------------------------------------------------
    for j, column in enumerate(columns, start=1):
        width = column.width if column.width is not None else max(MIN_WIDTH, widths[j - 1])
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=first_data, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    total_width = sum(ws.column_dimensions[get_column_letter(j)].width or 10 for j in range(1, ncols + 1))
    ws.page_setup.orientation = "landscape" if total_width > 95 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
