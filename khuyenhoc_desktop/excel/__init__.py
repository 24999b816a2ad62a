"""Excel import and export (pure layer: no Qt, no database).

Import: `preview(path, kind)` → `ImportPreview` (validated rows, per-row Vietnamese
messages, column mapping, detected legacy encoding). Export: `write_table` /
`write_workbook` → formatted .xlsx written atomically.
"""

from khuyenhoc_desktop.excel.errors import ExcelExportError, ExcelImportError
from khuyenhoc_desktop.excel.fields import KINDS, FieldSpec, fields_for, header_key
from khuyenhoc_desktop.excel.reader import (
    ColumnInfo,
    ColumnMapping,
    HeaderMatch,
    ImportPreview,
    PreviewRow,
    SheetTable,
    detect_header,
    preview,
    preview_sheet,
    read_workbook,
    source_signature,
)
from khuyenhoc_desktop.excel.writer import Column, SheetSpec, sanitize_sheet_name, standard_columns, write_table, write_workbook

__all__ = [
    "KINDS",
    "Column",
    "ColumnInfo",
    "ColumnMapping",
    "ExcelExportError",
    "ExcelImportError",
    "FieldSpec",
    "HeaderMatch",
    "ImportPreview",
    "PreviewRow",
    "SheetSpec",
    "SheetTable",
    "detect_header",
    "fields_for",
    "header_key",
    "preview",
    "preview_sheet",
    "read_workbook",
    "sanitize_sheet_name",
    "source_signature",
    "standard_columns",
    "write_table",
    "write_workbook",
]
