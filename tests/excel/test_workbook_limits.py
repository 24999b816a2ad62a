"""Workbooks too large for calamine are refused before it reads them (it aborts the process, no exception)."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.excel import ExcelImportError
from khuyenhoc_desktop.excel.reader import preview, read_workbook
from khuyenhoc_desktop.excel.workbook_limits import MAX_CELLS, MAX_ROWS, column_number
from khuyenhoc_desktop.excel.xls_limits import sheet_extents


def _book(path, far_cell: str, keep_dimension: bool = True):
    wb = Workbook()
    sh = wb.active
    sh.title = "Khen thưởng"
    sh.append(["STT", "Họ và tên", "Số tiền"])
    sh.append([1, "Nguyễn Văn An", 200000])
    sh[far_cell] = "x"
    wb.save(path)
    if not keep_dimension:  # then only the cells themselves say how far the sheet goes
        with zipfile.ZipFile(path) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        members["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension [^>]*/>", b"", members["xl/worksheets/sheet1.xml"])
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, data in members.items():
                zf.writestr(n, data)
    return path


def test_column_numbers():
    assert [column_number(c) for c in ("A", "Z", "AA", "ZZ", "XFD")] == [1, 26, 27, 702, 16384]


@pytest.mark.parametrize("keep_dimension", [True, False])
def test_the_dimension_bomb_is_refused_and_the_process_survives(tmp_path, keep_dimension):
    path = _book(tmp_path / "bom.xlsx", "XFD1048576", keep_dimension)
    assert path.stat().st_size < 8000
    code = ("import sys; from khuyenhoc_desktop.excel.reader import preview\n"
            "try:\n    preview(sys.argv[1], 'awards')\n"
            "except Exception as e:\n    print(type(e).__name__, e.message)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]  # calamine used to abort here (SIGABRT)
    assert done.stdout.startswith("ExcelImportError")
    assert "trang tính “Khen thưởng”" in done.stdout and "XFD1048576" in done.stdout
    assert "1.048.576 dòng × 16.384 cột" in done.stdout and "Ctrl+End" in done.stdout


def test_a_stray_far_cell_is_refused_at_once(tmp_path):
    path = _book(tmp_path / "le.xlsx", "ZZ100000", keep_dimension=False)
    with pytest.raises(ExcelImportError, match="có ô đến ZZ100000 \\(100.000 dòng × 702 cột\\)"):
        read_workbook(path)  # from the dimension, before calamine reads a cell (speed: bench_refusals.py)


def test_a_sheet_within_the_limits_still_reads(tmp_path):
    path = _book(tmp_path / "ok.xlsx", f"T{MAX_CELLS // 20}")  # 200,000 rows × 20 columns: exactly the limit
    assert MAX_CELLS // 20 == MAX_ROWS
    pv = preview(path, "awards")
    assert [r.values["full_name"] for r in pv.rows] == ["Nguyễn Văn An"]


def _inflating_book(path):
    """A small workbook whose sheet member inflates from a few kB to 40 MB of spaces."""
    _book(path, "C3")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (40 << 20), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    return path


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path):
    path = _inflating_book(tmp_path / "nen.xlsx")
    assert path.stat().st_size < 200_000
    with pytest.raises(ExcelImportError, match="xl/worksheets/sheet1.xml.*gấp hơn 200 lần"):
        read_workbook(path)  # from the zip directory, before inflating (speed: bench_refusals.py)


def test_a_member_larger_than_the_directory_says_is_refused(tmp_path):
    path = _book(tmp_path / "gia.xlsx", "C3")
    data = bytearray(path.read_bytes())
    # shrink the declared size of sheet1.xml in the central directory (the local header is left alone)
    name = b"xl/worksheets/sheet1.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    real, = struct.unpack_from("<I", data, at + 24)
    struct.pack_into("<I", data, at + 24, real // 2)
    path.write_bytes(bytes(data))
    with pytest.raises(ExcelImportError):
        read_workbook(path)


# -- .xls (BIFF8 in a compound file) --------------------------------------------------------------
def _record(rtype: int, body: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


def _cfb(stream: bytes) -> bytes:
    """A minimal compound file with one "Workbook" stream (512-byte sectors: FAT, directory, data)."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    n_data = len(stream) // 512
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n_data - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x2C, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))

    def entry(name: str, kind: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[:len(raw)] = raw
        struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", e, 0x44, 0xFFFFFFFF, 0xFFFFFFFF, 1 if kind == 5 else 0xFFFFFFFF)
        struct.pack_into("<IQ", e, 0x74, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0) + entry("Workbook", 2, 2, len(stream))
    directory = directory.ljust(512, b"\0")
    return bytes(header) + struct.pack("<128I", *fat) + directory + stream


def _xls(path, last_row: int, last_col: int):
    bof = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    name = "Danh sách".encode("utf-16-le")
    sheet_ref = _record(0x0085, struct.pack("<IBBBB", 0, 0, 0, 9, 1) + name)
    bof_sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    dims = _record(0x0200, struct.pack("<IIHHH", 0, last_row + 1, 0, last_col + 1, 0))
    cells = _record(0x0203, struct.pack("<HHHd", 0, 0, 0, 1.0)) + _record(0x0203, struct.pack("<HHHd", last_row, last_col, 0, 2.0))
    eof = _record(0x000A, b"")
    path.write_bytes(_cfb(bof + sheet_ref + eof + bof_sheet + dims + cells + eof))
    return path


def test_xls_extents_are_read_from_the_biff_records(tmp_path):
    path = _xls(tmp_path / "cu.xls", 65535, 255)
    assert sheet_extents(path) == [("Danh sách", (65536, 256), (65536, 256, 2))]


def test_an_xls_sheet_beyond_the_limit_is_refused(tmp_path):
    path = _xls(tmp_path / "cu.xls", 65535, 255)  # IV65536: 16.7 million cells for calamine
    with pytest.raises(ExcelImportError, match="trang tính “Danh sách” ghi vùng dữ liệu đến IV65536"):
        read_workbook(path)


def test_a_small_xls_passes_the_limits(tmp_path):
    path = _xls(tmp_path / "nho.xls", 9, 3)
    assert sheet_extents(path) == [("Danh sách", (10, 4), (10, 4, 2))]
    try:
        read_workbook(path)
    except ExcelImportError as exc:  # this hand-made file may not satisfy calamine, but not for its size
        assert "quá lớn" not in exc.message


# -- .ods (rows and cells repeated by count) ---------------------------------------------------------
_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content'
             ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
             ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
             ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet><table:table table:name="Danh sách">')
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def _cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def _ods(path, body: str):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", _ODS_HEAD + body + _ODS_TAIL)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
                    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return path


def test_an_ods_repeating_cells_by_count_is_refused(tmp_path):
    # 1.4 KB on disk, 50 million cells for calamine (it aborted the process under a 1.5 GB limit)
    body = ("<table:table-row>" + _cell("Họ và tên") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="50000">' + _cell("x", 1000) + "</table:table-row>")
    path = _ods(tmp_path / "bom.ods", body)
    with pytest.raises(ExcelImportError, match="trang tính “Danh sách” có ô đến ALL50001"):
        read_workbook(path)


def test_an_ods_with_trailing_empty_repeats_still_reads(tmp_path):
    # LibreOffice ends a sheet with a million empty repeated rows: they hold nothing and pass
    body = ("<table:table-row>" + _cell("STT") + _cell("Họ và tên") + _cell("Số tiền") + "</table:table-row>"
            "<table:table-row>" + _cell("1") + _cell("Nguyễn Văn An") + _cell("200000") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="1048574">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    pv = preview(_ods(tmp_path / "lo.ods", body), "awards")
    assert [r.values["full_name"] for r in pv.rows] == ["Nguyễn Văn An"]
