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

The work is split by job, and this module gathers the public names: `excel.workbook` (opening the
file safely), `excel.header` (header detection, column mapping), `excel.cells` (reading cell values),
`excel.rows` and `excel.row_checks` (one row), `excel.preview` (the whole sheet).
"""

from khuyenhoc_desktop.excel.header import (
    ColumnInfo,
    ColumnMapping,
    HeaderMatch,
    column_letter,
    detect_header,
    source_signature,
)
from khuyenhoc_desktop.excel.preview import ImportPreview, preview, preview_sheet
from khuyenhoc_desktop.excel.rows import PreviewRow
from khuyenhoc_desktop.excel.workbook import SheetTable, read_workbook

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
