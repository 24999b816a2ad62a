"""Opening a workbook safely: .xlsx/.xlsm/.xls/.ods read with python-calamine (formulas give their
cached values) after the file's kind, encryption and size limits are checked, plus the hidden rows
calamine does not report (.xlsx and .ods; .xls files give no row visibility)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from khuyenhoc_desktop.excel.cells import Cell, blank
from khuyenhoc_desktop.excel.errors import ExcelImportError
from khuyenhoc_desktop.excel.workbook_limits import check_workbook

__all__ = ["SheetTable", "read_workbook"]

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_PASSWORD_MESSAGE = (
    "Tệp Excel được đặt mật khẩu (đã mã hoá) nên không đọc được. "
    "Hãy mở tệp bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại và nhập lại."
)


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
        return not any(not blank(v) for row in self.rows for v in row)


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
