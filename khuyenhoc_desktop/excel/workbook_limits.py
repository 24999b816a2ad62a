"""Limits a workbook must pass before it is handed to calamine.

calamine allocates a sheet as one block from its first to its last cell, and unzips what the file says:
a 1.5 KB .xlsx with cells at A1 and XFD1048576 makes it ask for 512 GiB and abort the whole process
(no exception to catch), a stray cell at ZZ100000 costs seconds and gigabytes, and so does a zip bomb.
So the file is measured first, cheaply and without trusting it: the zip's entry sizes and compression
ratios from its directory, then each worksheet's XML streamed (never more than its declared size) for
its declared `<dimension>`, its last row and column and its number of cells; for .xls the BIFF records
of the workbook stream. Anything above the limits is refused with a Vietnamese message naming it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from khuyenhoc_desktop.excel.errors import ExcelImportError
from khuyenhoc_desktop.excel.xls_limits import sheet_extents
from khuyenhoc_desktop.vietnamese import format_vnd

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # all entries together
MAX_RATIO = 200  # uncompressed / compressed of one entry above 1 MB (sheet XML is usually 5–30×)
_RATIO_FROM = 1024 * 1024
MAX_ROWS = 200_000
MAX_CELLS = 4_000_000  # rows × columns of one sheet's block (~150 MB read in memory)
_CHUNK = 1 << 20

_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
# A row's number counts only when the row holds cells (`<row r="…"/>` may carry only a height).
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Z]{1,3})?([0-9]{1,7})?(?::([A-Z]{1,3})([0-9]{1,7}))?\"")


@dataclass
class _Extent:
    rows: int = 0
    cols: int = 0
    cells: int = 0

    def add(self, row: int, col: int) -> None:
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _too_big(name: str, what: str) -> ExcelImportError:
    return ExcelImportError(f"Không đọc tệp “{name}”: {what} Tệp có thể bị hỏng hoặc được tạo để làm treo máy.")


def _check_extent(file_name: str, sheet: str, ext: _Extent, declared: bool = False) -> None:
    area = ext.rows * ext.cols
    where = f"trang tính “{sheet}”" if sheet else "một trang tính"
    last = f"{_letters(ext.cols)}{ext.rows}" if ext.cols else f"dòng {ext.rows}"
    size = f"{format_vnd(ext.rows)} dòng × {format_vnd(ext.cols)} cột"
    hint = (" Nếu bảng thật sự nhỏ, hãy mở tệp bằng Excel, nhấn Ctrl+End để tìm ô thừa ở cuối bảng, xóa các"
            " dòng/cột thừa rồi lưu lại.")
    if ext.rows > MAX_ROWS or area > MAX_CELLS:
        said = "ghi vùng dữ liệu đến" if declared else "có ô đến"
        raise ExcelImportError(
            f"Không đọc tệp “{file_name}”: {where} {said} {last} ({size}), quá lớn để nhập (tối đa "
            f"{format_vnd(MAX_ROWS)} dòng và {format_vnd(MAX_CELLS)} ô).{hint}")
    if ext.cells > MAX_CELLS:
        raise ExcelImportError(f"Không đọc tệp “{file_name}”: {where} có {format_vnd(ext.cells)} ô, quá nhiều để "
                               f"nhập (tối đa {format_vnd(MAX_CELLS)} ô).")


def check_workbook(path: Path, head: bytes) -> None:
    """Raise ExcelImportError when `path` (an .xlsx/.xlsm/.ods zip or an .xls) is beyond the limits."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports unreadable files
    if size > MAX_FILE_BYTES:
        raise _too_big(path.name, f"tệp nặng {format_vnd(size // (1024 * 1024))} MB, quá lớn (tối đa "
                                  f"{format_vnd(MAX_FILE_BYTES // (1024 * 1024))} MB).")
    if head[:4] == b"PK\x03\x04":
        _check_zip(path)
    else:
        for sheet, (rows, cols), (last_row, last_col, cells) in sheet_extents(path):
            _check_extent(path.name, sheet, _Extent(rows, cols), declared=True)
            _check_extent(path.name, sheet, _Extent(last_row, last_col, cells))


def _check_zip(path: Path) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # damaged: the reader says so
    with zf:
        infos = zf.infolist()
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _too_big(path.name, f"phần “{info.filename[:60]}” nén {format_vnd(info.compress_size)} byte "
                                          f"nhưng giải nén ra {format_vnd(info.file_size)} byte (gấp hơn "
                                          f"{MAX_RATIO} lần).")
        if total > MAX_UNZIPPED_BYTES:
            raise _too_big(path.name, f"nội dung giải nén ra {format_vnd(total // (1024 * 1024))} MB, quá lớn "
                                      f"(tối đa {format_vnd(MAX_UNZIPPED_BYTES // (1024 * 1024))} MB).")
        names = _sheet_names(zf)
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_sheet_xml(zf, info, path.name, names.get(info.filename, ""))


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """worksheet member → sheet name, for the messages ({} when the workbook part cannot be read)."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return {}
    if len(workbook) > 16 * 1024 * 1024 or len(rels) > 16 * 1024 * 1024:
        return {}
    targets = dict(re.findall(rb'<(?:\w+:)?Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels))
    targets.update((i, t) for t, i in re.findall(rb'<(?:\w+:)?Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels))
    out = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"', tag) or re.search(rb'\b\w+:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].decode("utf-8", "replace")
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            out[member] = name.group(1).decode("utf-8", "replace")
    return out


def _check_sheet_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, sheet: str) -> None:
    ext = _Extent()
    tail = b""
    seen_dimension = False
    try:
        with zf.open(info) as fh:
            read = 0
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > info.file_size:  # more than the directory says: not a file Excel wrote
                    raise _too_big(file_name, "một phần của tệp lớn hơn kích thước ghi trong tệp.")
                # Cells are counted in the new bytes only; refs are searched with the previous tail
                # too, so a tag cut between two chunks is still seen (seeing one twice changes no maximum).
                ext.cells += len(_CELL_TAG.findall(chunk))
                window = tail + chunk
                if not seen_dimension:
                    m = _DIMENSION.search(window)
                    if m:
                        seen_dimension = True
                        if m.group(3):
                            declared = _Extent(int(m.group(4)) - int(m.group(2) or 1) + 1,
                                               column_number(m.group(3)) - column_number(m.group(1) or b"A") + 1)
                            _check_extent(file_name, sheet, declared, declared=True)
                for m in _CELL_REF.finditer(window):
                    ext.add(int(m.group(2)), column_number(m.group(1)))
                for m in _ROW_REF.finditer(window):
                    row = int(m.group(1))
                    if not m.group(2) and row > ext.rows:
                        ext.rows = row
                _check_extent(file_name, sheet, ext)
                tail = window[-256:]
    except ExcelImportError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return  # damaged or encrypted member: calamine reports it
    _check_extent(file_name, sheet, ext)
