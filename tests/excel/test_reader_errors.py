"""Workbooks that cannot be imported at all: a clear Vietnamese message, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.excel import ExcelImportError, preview, read_workbook

DATA = Path(__file__).parent / "data"
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _message(path: Path, **kw) -> str:
    with pytest.raises(ExcelImportError) as info:
        preview(path, "awards", **kw)
    assert isinstance(info.value, AppError)
    return info.value.message


def test_real_password_protected_xlsx():
    # A genuine Office-encrypted workbook (see data/README.md).
    message = _message(DATA / "encrypted.xlsx")
    assert message.startswith("Tệp Excel được đặt mật khẩu")
    assert "gỡ mật khẩu" in message


def test_encrypted_looking_ole_container(tmp_path):
    # The shape of any password-protected .xlsx: a CFB file naming the EncryptionInfo stream.
    path = tmp_path / "mat_khau.xlsx"
    path.write_bytes(CFB_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024)
    assert _message(path).startswith("Tệp Excel được đặt mật khẩu")
    with pytest.raises(ExcelImportError, match="mật khẩu"):
        read_workbook(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rac.xlsx", b"this is not a spreadsheet at all, just text" * 10),
        ("zip_hong.xlsx", b"PK\x03\x04" + b"\x00garbage" * 100),
        ("ole_hong.xls", CFB_MAGIC + b"\x00" * 600),
        ("anh.xlsx", bytes(range(256)) * 8),
    ],
)
def test_corrupt_bytes(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    message = _message(path)
    assert message == f"Không đọc được tệp “{name}”: tệp bị hỏng hoặc không phải tệp Excel (.xlsx, .xls, .ods)."


def test_truncated_workbook(tmp_path):
    good = tmp_path / "tot.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên", "Lớp"])
    wb.active.append(["Nguyễn Văn An", "6A"])
    wb.save(good)
    data = good.read_bytes()
    bad = tmp_path / "cat_cut.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    assert "bị hỏng" in _message(bad)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "bị hỏng" in _message(path)


def test_zero_byte_file(tmp_path):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    assert _message(path) == "Tệp “rong.xlsx” rỗng (0 byte)."


def test_missing_file(tmp_path):
    assert _message(tmp_path / "khong_co.xlsx").startswith("Không tìm thấy tệp")


def test_empty_workbook(tmp_path):
    path = tmp_path / "trong.xlsx"
    wb = Workbook()
    wb.create_sheet("Trang 2")
    wb.save(path)
    assert _message(path) == "Tệp “trong.xlsx” không có dữ liệu (bảng tính trống)."


def test_no_recognisable_header(tmp_path):
    path = tmp_path / "khong_tieu_de.xlsx"
    wb = Workbook()
    s = wb.active
    s.append(["Báo cáo tháng 1"])
    s.append(["a", "b", "c"])
    s.append([1, 2, 3])
    wb.save(path)
    message = _message(path)
    assert message.startswith("Không tìm thấy dòng tiêu đề trong trang tính “Sheet” của tệp “khong_tieu_de.xlsx”.")
    assert "“Họ và tên”" in message


def test_header_row_chosen_by_the_user(tmp_path):
    path = tmp_path / "chi_dinh.xlsx"
    wb = Workbook()
    s = wb.active
    s.append(["Báo cáo tháng 1"])
    s.append(["Tên HS", "Cột 2"])
    s.append(["Nguyễn Văn An", "x"])
    wb.save(path)
    result = preview(path, "awards", header_row=2, mapping={"Tên HS": "full_name"})
    assert result.header_row == 2
    assert result.rows[0].values["full_name"] == "Nguyễn Văn An"
    assert result.unknown_columns == ["Cột 2"]
    with pytest.raises(ExcelImportError, match="nằm ngoài"):
        preview(path, "awards", header_row=99)


def test_directory_instead_of_file(tmp_path):
    assert "thư mục" in _message(tmp_path)
