"""Builders of realistically messy workbooks, each returned with the values an import must give."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from khuyenhoc_desktop.excel.legacy_encoding import encode_tcvn3, encode_vni

TODAY = date(2026, 2, 5)


def add_cached_values(path: Path, values: dict[str, float | int | str], sheet_member: str = "xl/worksheets/sheet1.xml") -> None:
    """Give formula cells a cached value, as Excel does when it saves (openpyxl writes none)."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    xml = members[sheet_member].decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v\s*/>(</c>)')
        if isinstance(value, str):
            xml, n = pattern.subn(lambda m: m.group(1)[:-1] + ' t="str">' + m.group(2) + f"<v>{value}</v>" + m.group(3), xml)
        else:
            xml, n = pattern.subn(lambda m: m.group(1) + m.group(2) + f"<v>{value}</v>" + m.group(3), xml)
        assert n == 1, f"no formula cell {ref}"
    members[sheet_member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def person(full: str) -> dict:
    words = full.split()
    return {
        "full_name": full,
        "family_name": words[0] if len(words) > 1 else "",
        "middle_name": " ".join(words[1:-1]),
        "given_name": words[-1],
    }


def messy_awards(path: Path) -> tuple[list[dict], dict]:
    """The award list of a commune as really kept: committee lines and a title
    above a two-row header with merged cells, split name columns, x-marked
    gender, a TCVN3 village column (and header), mixed dates, mixed money,
    a formula, a blank row, a hidden row, a duplicate, an unknown column, a
    total row with a SUM formula and a signature block. Also a hidden junk
    sheet and an instructions sheet in front.

    Returns (expected rows as {row_number, values, errors, warnings-substrings}, facts).
    """
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Nhập danh sách vào trang “Khen thưởng”. Không sửa dòng tiêu đề."
    guide["A2"] = "Ngày sinh ghi dd/mm/yyyy hoặc chỉ ghi năm."
    sheet = wb.create_sheet("Khen thưởng 2024-2025")
    junk = wb.create_sheet("Nháp")
    junk.sheet_state = "hidden"
    junk.append(["STT", "Họ và tên", "Ngày sinh", "Số tiền"])
    junk.append([1, "Không được nhập", "01/01/2012", 1])

    s = sheet
    s["A1"] = "UBND XÃ TÂN DĨNH"
    s.merge_cells("A1:D1")
    s["A2"] = "HỘI KHUYẾN HỌC"
    s.merge_cells("A2:D2")
    s["A4"] = "DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG"
    s.merge_cells("A4:M4")
    s["A5"] = "Năm học 2024 - 2025"
    s.merge_cells("A5:M5")
    # Two-row header (rows 7-8).
    top = {
        "A7": "STT", "B7": "Họ và tên", "D7": "Ngày sinh", "E7": "Giới tính", "G7": encode_tcvn3("Thôn"),
        "H7": "Lớp", "I7": "Trường", "J7": "Thành tích", "K7": "Số tiền\n(đồng)", "L7": "Ghi chú", "M7": "Mã hồ sơ",
    }  # fmt: skip
    for ref, text in top.items():
        s[ref] = text
    for col in "ADGHIJKLM":
        s.merge_cells(f"{col}7:{col}8")
    s.merge_cells("B7:C7")
    s.merge_cells("E7:F7")
    s["B8"], s["C8"], s["E8"], s["F8"] = "Họ đệm", "Tên", "Nam", "Nữ"

    nfd = unicodedata.normalize("NFD", "Trường Tiểu học Tân Dĩnh")
    # (stt, họ đệm, tên, ngày sinh, nam, nữ, thôn (Unicode, stored TCVN3), lớp, trường, thành tích, số tiền, ghi chú, mã)
    data = [
        (1, "Nguyễn  Văn", "An", datetime(2012, 3, 5), "x", None, "Đồng Quan", "6A", "THCS Tân Dĩnh", "HSG cấp huyện", 500000, None, "HS-01"),
        (2, "Trần Thị", "Bình", "05/02/2011", None, "x", "Thôn Trung", "7B", "THCS Tân Dĩnh", "Học sinh giỏi", "1.500.000 đ", "Con thương binh", None),
        (3, "Lê", "Cường", 2012, "X", None, "Đồng Quan", "6C", nfd, "Học sinh xuất sắc", "1,5 triệu", None, None),
        None,  # blank row 12
        (4, "Phạm Thị", "Dung", 40944, None, "x", "Ngọc Lý", 8, "THCS Tân Dĩnh", "HSG cấp tỉnh", "abc", None, None),
        (5, "Hoàng Văn", "Em", "2013", "x", None, "Phúc Lâm", "5A", "Trường Tiểu học Tân Dĩnh", "Học sinh giỏi", -50000, None, None),
        (6, "Đỗ Thị", "Giang", "31/02/2012", None, "x", "Đồng Quan", "6A", "THCS Tân Dĩnh", "Học sinh giỏi", 200000, None, None),
        (7, "Vũ Đức", "Hải", "5-3-2011", "x", None, "Thôn Trung", "7A", "THCS Tân Dĩnh", "HSG cấp huyện", "=200*1000", None, None),
        (8, "Bùi Thị", "Lan", "01/01/2030", None, "x", "Ngọc Lý", "6B", "THCS Tân Dĩnh", "Học sinh giỏi", "300.000", None, None),
        (None, None, None, None, None, None, None, None, None, None, 100000, None, None),  # amount without a name
        (10, "Nguyễn Văn", "An", "05/03/2012", "x", None, "Đồng Quan", "6A", "THCS Tân Dĩnh", "HSG cấp huyện", 500000, "Nhập trùng", None),
        (11, "Ngô Thị Thu", "Hà", date(2011, 12, 31), None, "x", "Phúc Lâm", "7C", "THCS Tân Dĩnh", "Học sinh giỏi", 250000.0, None, None),
    ]  # fmt: skip
    r = 9
    for item in data:
        if item is not None:
            for j, v in enumerate(item, start=1):
                if v is None:
                    continue
                if j == 7:
                    v = encode_tcvn3(v)
                s.cell(row=r, column=j, value=v)
        r += 1
    s.row_dimensions[16].hidden = True  # Vũ Đức Hải
    total_row = r  # 21
    s.cell(row=total_row, column=1, value="Tổng cộng")
    s.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=10)
    s.cell(row=total_row, column=11, value=f"=SUM(K9:K{total_row - 1})")
    s.cell(row=total_row + 2, column=9, value="Tân Dĩnh, ngày 05 tháng 02 năm 2026")
    s.cell(row=total_row + 3, column=2, value="NGƯỜI LẬP BIỂU")
    s.cell(row=total_row + 3, column=9, value="TM. BAN CHẤP HÀNH")
    s.cell(row=total_row + 6, column=2, value="Phạm Thị Duyên")
    s.cell(row=total_row + 6, column=9, value="Nguyễn Văn Thắng")
    wb.save(path)
    add_cached_values(
        path,
        {"K16": 200000, f"K{total_row}": 3_050_000},
        sheet_member="xl/worksheets/sheet2.xml",
    )

    common = {"school": "THCS Tân Dĩnh"}
    expected = [
        dict(row=9, values={**person("Nguyễn Văn An"), **common, "birth_date": date(2012, 3, 5), "birth_year": 2012,
             "gender": "Nam", "village": "Đồng Quan", "class_name": "6A", "achievement": "HSG cấp huyện", "amount": 500000}),
        dict(row=10, values={**person("Trần Thị Bình"), **common, "birth_date": date(2011, 2, 5), "birth_year": 2011,
             "gender": "Nữ", "village": "Thôn Trung", "class_name": "7B", "achievement": "Học sinh giỏi",
             "amount": 1_500_000, "note": "Con thương binh"}),
        dict(row=11, values={**person("Lê Cường"), "school": "Trường Tiểu học Tân Dĩnh", "birth_date": None,
             "birth_year": 2012, "gender": "Nam", "village": "Đồng Quan", "class_name": "6C",
             "achievement": "Học sinh xuất sắc", "amount": 1_500_000}),
        dict(row=13, values={**person("Phạm Thị Dung"), **common, "birth_date": date(2012, 2, 5), "birth_year": 2012,
             "gender": "Nữ", "village": "Ngọc Lý", "class_name": "8", "achievement": "HSG cấp tỉnh"},
             errors=["Dòng 13: cột Số tiền (đồng) 'abc' không phải số tiền."]),
        dict(row=14, values={**person("Hoàng Văn Em"), "school": "Trường Tiểu học Tân Dĩnh", "birth_date": None,
             "birth_year": 2013, "gender": "Nam", "village": "Phúc Lâm", "class_name": "5A",
             "achievement": "Học sinh giỏi"},
             errors=["Dòng 14: cột Số tiền (đồng) có số tiền âm (-50000)."]),
        dict(row=15, values={**person("Đỗ Thị Giang"), **common, "gender": "Nữ", "village": "Đồng Quan",
             "class_name": "6A", "achievement": "Học sinh giỏi", "amount": 200000},
             errors=["Dòng 15: cột Ngày sinh '31/02/2012' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm)."]),
        dict(row=16, values={**person("Vũ Đức Hải"), **common, "birth_date": date(2011, 3, 5), "birth_year": 2011,
             "gender": "Nam", "village": "Thôn Trung", "class_name": "7A", "achievement": "HSG cấp huyện",
             "amount": 200000},
             warnings=["Dòng 16: dòng này đang bị ẩn trong tệp Excel (vẫn được nhập)."]),
        dict(row=17, values={**person("Bùi Thị Lan"), **common, "gender": "Nữ", "village": "Ngọc Lý",
             "class_name": "6B", "achievement": "Học sinh giỏi", "amount": 300000},
             errors=["Dòng 17: cột Ngày sinh '01/01/2030' là ngày sinh trong tương lai."]),
        dict(row=18, values={"amount": 100000}, errors=["Dòng 18: thiếu Họ và tên."]),
        dict(row=19, values={**person("Nguyễn Văn An"), **common, "birth_date": date(2012, 3, 5), "birth_year": 2012,
             "gender": "Nam", "village": "Đồng Quan", "class_name": "6A", "achievement": "HSG cấp huyện",
             "amount": 500000, "note": "Nhập trùng"},
             warnings=["Dòng 19: có thể trùng với dòng 9 (cùng họ tên, ngày sinh và loại thành tích)."]),
        dict(row=20, values={**person("Ngô Thị Thu Hà"), **common, "birth_date": date(2011, 12, 31),
             "birth_year": 2011, "gender": "Nữ", "village": "Phúc Lâm", "class_name": "7C",
             "achievement": "Học sinh giỏi", "amount": 250000}),
    ]  # fmt: skip
    facts = {
        "sheet": "Khen thưởng 2024-2025",
        "header_row": 7,
        "total_row": total_row,
        "ignored_rows": [total_row + 2, total_row + 3, total_row + 6],
        "unknown": ["Mã hồ sơ"],
    }
    return expected, facts


def capitals_vni_awards(path: Path) -> list[dict]:
    """Headers in capitals without diacritics, a VNI name column, a trailing row with only a sum."""
    wb = Workbook()
    s = wb.active
    s.title = "DS"
    s["B1"] = "DANH SACH KHEN THUONG HOC SINH GIOI"
    s.append([])
    s.append(["STT", "HO VA TEN", "NGAY SINH", "LOP", "TRUONG", "LOAI THANH TICH", "CAP", "GIAI", "MON", "SO TIEN"])
    rows = [
        ("Nguyễn Thị Ánh", "12/09/2010", "9A", "THCS Tân Dĩnh", "HSG", "Cấp huyện", "Nhất", "Toán", "1.000.000"),
        ("Trần Quốc Việt", "2010", "9B", "THCS Tân Dĩnh", "HSG", "Cấp tỉnh", "Khuyến khích", "Ngữ văn", 800000),
        ("Đặng Thùy Dương", "01/06/2011", "8A", "THCS Tân Dĩnh", "HSG", "Cấp huyện", "Ba", "Tiếng Anh", "500k"),
        ("Lương Văn Đức", "29/02/2012", "7A", "THCS Tân Dĩnh", "HSG", "Cấp huyện", "Nhì", "Vật lý", "700.000đ"),
    ]
    for i, (name, born, *rest) in enumerate(rows, start=1):
        s.append([i, encode_vni(name), born, *rest])
    s.append([None, None, None, None, None, None, None, None, None, "=SUM(J4:J7)"])
    wb.save(path)
    add_cached_values(path, {"J8": 3_000_000})
    return [
        {**person("Nguyễn Thị Ánh"), "birth_date": date(2010, 9, 12), "birth_year": 2010, "class_name": "9A",
         "school": "THCS Tân Dĩnh", "category": "HSG", "level": "Cấp huyện", "prize": "Nhất", "subject": "Toán",
         "amount": 1_000_000},
        {**person("Trần Quốc Việt"), "birth_date": None, "birth_year": 2010, "class_name": "9B",
         "school": "THCS Tân Dĩnh", "category": "HSG", "level": "Cấp tỉnh", "prize": "Khuyến khích",
         "subject": "Ngữ văn", "amount": 800_000},
        {**person("Đặng Thùy Dương"), "birth_date": date(2011, 6, 1), "birth_year": 2011, "class_name": "8A",
         "school": "THCS Tân Dĩnh", "category": "HSG", "level": "Cấp huyện", "prize": "Ba", "subject": "Tiếng Anh",
         "amount": 500_000},
        {**person("Lương Văn Đức"), "birth_date": date(2012, 2, 29), "birth_year": 2012, "class_name": "7A",
         "school": "THCS Tân Dĩnh", "category": "HSG", "level": "Cấp huyện", "prize": "Nhì", "subject": "Vật lý",
         "amount": 700_000},
    ]  # fmt: skip


_FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
_MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Ngọc", "Thanh", "Xuân", "Thùy", "Bảo"]
_GIVENS = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Khánh", "Linh", "Lộc", "Mai", "Nga", "Phúc", "Quỳnh", "Sơn", "Thắng", "Trâm", "Tuấn", "Uyên", "Việt", "Yến", "Ánh", "Ước"]
_VILLAGES = ["Đồng Quan", "Thôn Trung", "Ngọc Lý", "Phúc Lâm", "Chợ Mới", "Bãi Sậy"]
_CATEGORIES = ["Học sinh giỏi", "Học sinh xuất sắc", "HSG cấp huyện", "Vượt khó học tốt"]


def big_award_rows(n: int) -> list[dict]:
    """n deterministic award rows (expected values)."""
    out = []
    base = date(2008, 1, 1)
    for i in range(n):
        full = f"{_FAMILIES[i % 16]} {_MIDDLES[(i // 16) % 12]} {_GIVENS[(i // 7) % 24]}"
        born = base + timedelta(days=(i * 37) % 3650)
        year_only = i % 5 == 0
        out.append(
            {
                **person(full),
                "birth_date": None if year_only else born,
                "birth_year": born.year,
                "village": _VILLAGES[i % 6],
                "class_name": f"{6 + i % 4}{'ABCD'[i % 4]}",
                "category": _CATEGORIES[i % 4],
                "amount": 100_000 + (i % 50) * 10_000,
            }
        )
    return out


def write_big_awards(path: Path, rows: list[dict]) -> None:
    """A big sheet written fast (write-only): title rows, a TCVN3 village column,
    dates as date cells, text dd/mm/yyyy, Excel serial numbers and years alone,
    money as numbers and text, a blank row every 1000 rows, a total row."""
    wb = Workbook(write_only=True)
    s = wb.create_sheet("Danh sách")
    s.append(["HỘI KHUYẾN HỌC XÃ TÂN DĨNH"])
    s.append(["DANH SÁCH KHEN THƯỞNG NĂM HỌC 2024-2025"])
    s.append([])
    s.append(["STT", "Họ và tên", "Ngày sinh", "Thôn", "Lớp", "Loại thành tích", "Số tiền"])
    epoch = date(1899, 12, 30)
    for i, r in enumerate(rows):
        if i and i % 1000 == 0:
            s.append([])
        if r["birth_date"] is None:
            born = r["birth_year"] if i % 2 else str(r["birth_year"])
        elif i % 3 == 0:
            born = r["birth_date"]
        elif i % 3 == 1:
            born = r["birth_date"].strftime("%d/%m/%Y")
        else:
            born = (r["birth_date"] - epoch).days
        amount = r["amount"] if i % 2 else f"{r['amount']:,}".replace(",", ".") + " đ"
        s.append([i + 1, r["full_name"], born, encode_tcvn3(r["village"]), r["class_name"], r["category"], amount])
    s.append(["Tổng cộng", None, None, None, None, None, sum(r["amount"] for r in rows)])
    wb.save(path)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless using a private profile (never the user's)."""
    exe = soffice()
    assert exe
    outdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HOME=str(profile))
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=120, env=env,
    )  # fmt: skip
    ext = fmt.split(":")[0]
    out = outdir / (src.stem + "." + ext)
    assert out.exists(), f"LibreOffice did not write {out}"
    return out
