"""Formatted exports: layout, number formats, print setup, atomic writes, exact round trips, LibreOffice."""

from __future__ import annotations

import csv
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.excel import (
    Column,
    ExcelExportError,
    SheetSpec,
    preview,
    sanitize_sheet_name,
    standard_columns,
    write_table,
    write_workbook,
)
from tests.excel.xl_helpers import TODAY, messy_awards, person, soffice, soffice_convert

AWARDS = [
    {"full_name": "Nguyễn Văn An", "birth": date(2012, 3, 5), "gender": "Nam", "parent_name": "Nguyễn Văn Bảy",
     "village": "Đồng Quan", "class_name": "6A", "school": "THCS Tân Dĩnh", "category": "Học sinh giỏi",
     "achievement": "Học sinh giỏi toàn diện\nGiải Nhất Toán cấp huyện", "level": "Cấp huyện", "prize": "Nhất",
     "subject": "Toán", "amount": 500_000, "note": "Con thương binh"},
    {"full_name": "Tôn Nữ Thị Hoa", "birth": 2011, "gender": "Nữ", "village": "Thôn Trung", "class_name": "10",
     "school": "THPT Lạng Giang", "category": "Vượt khó học tốt", "amount": 1_200_000},
    {"full_name": "Lò Văn Páo", "birth": date(2010, 12, 31), "gender": "Nam", "village": "Bản Mòng",
     "class_name": "9C", "category": "Học sinh xuất sắc", "prize": "Khuyến khích", "amount": 350_000,
     "note": 'Ghi chú có dấu phẩy, "ngoặc kép" và ;'},
    {"full_name": "Đặng Thùy Dương", "birth": date(2013, 1, 1), "gender": "Nữ", "village": "Ngọc Lý",
     "class_name": "5A", "category": "Học sinh giỏi", "amount": 0},
    {"full_name": "Trần Quốc Việt", "gender": "Nam", "village": "Phúc Lâm", "category": "Tân sinh viên",
     "achievement": "Thủ khoa đầu vào", "amount": 3_000_000},
]  # fmt: skip


def _expected_award(row: dict) -> dict:
    out = {k: v for k, v in row.items() if k != "birth" and v not in (None, "")}
    out.update(person(row["full_name"]))
    if "birth" in row:
        born = row["birth"]
        out["birth_date"] = born if isinstance(born, date) else None
        out["birth_year"] = born.year if isinstance(born, date) else born
    return out


def _export_awards(path: Path) -> Path:
    return write_table(
        path,
        title="Danh sách học sinh được khen thưởng",
        subtitle="Năm học 2024-2025",
        organisation=sample_organisation(),
        sheet_name="Khen thưởng 2024/2025",
        columns=standard_columns("awards"),
        rows=AWARDS,
    )


# --- layout ---------------------------------------------------------------------


def test_layout_and_formats(tmp_path):
    path = _export_awards(tmp_path / "khen_thuong.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Khen thưởng 2024 2025"]
    s = wb.active
    # Committee lines (Nghị định 30: parent body regular, committee bold).
    assert s["A1"].value == "ỦY BAN NHÂN DÂN XÃ TÂN DĨNH" and not s["A1"].font.b
    assert s["A2"].value == "HỘI KHUYẾN HỌC XÃ TÂN DĨNH" and s["A2"].font.b
    # Title merged across all 15 columns, subtitle below.
    assert s["A4"].value == "DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG" and s["A4"].font.b and s["A4"].font.sz == 14
    merged = {str(r) for r in s.merged_cells.ranges}
    assert "A4:O4" in merged and "A5:O5" in merged
    assert s["A5"].value == "Năm học 2024-2025"
    # Header row 7.
    headers = [c.value for c in s[7]]
    assert headers == [c.header for c in standard_columns("awards")]
    for cell in s[7]:
        assert cell.font.b
        assert cell.fill.fgColor.rgb.endswith("D9E1F2")
        assert cell.border.left.style == cell.border.bottom.style == "thin"
    # Data.
    assert s["A8"].value == 1 and s["A12"].value == 5
    assert s["B8"].value == "Nguyễn Văn An"
    assert isinstance(s["C8"].value, datetime) and s["C8"].value.date() == date(2012, 3, 5)
    assert s["C8"].number_format == "dd/mm/yyyy"
    assert s["C9"].value == 2011 and s["C9"].number_format == "0"
    assert s["C12"].value is None
    assert s["N8"].value == 500_000 and s["N8"].number_format == "#,##0"
    assert s["G9"].value == "10" and s["G9"].data_type == "s"
    assert s["B8"].border.left.style == "thin"
    # Totals row.
    assert s["A13"].value == "Tổng cộng" and s["A13"].font.b
    assert s["N13"].value == sum(r["amount"] for r in AWARDS) and s["N13"].font.b
    assert "A13:M13" in merged
    # Frozen panes, print setup.
    assert s.freeze_panes == "A8"
    assert s.print_title_rows in ("7:7", "$7:$7")
    assert int(s.page_setup.paperSize) == 9  # A4
    assert s.page_setup.orientation == "landscape"
    assert s.page_setup.fitToWidth == 1 and s.page_setup.fitToHeight == 0
    assert s.sheet_properties.pageSetUpPr.fitToPage
    # Widths fit the content, capped.
    widths = {k: v.width for k, v in s.column_dimensions.items()}
    assert widths["B"] >= len("Đặng Thùy Dương") + 2
    assert widths["A"] < widths["B"]
    assert all(5 <= w <= 50 for w in widths.values())


def test_without_organisation_and_explicit_totals(tmp_path):
    path = write_table(
        tmp_path / "khong_to_chuc.xlsx",
        title="Tổng hợp",
        columns=[Column("Nội dung", "label"), Column("Số lượng", "count", kind="int"), Column("Số tiền", "money", kind="money", width=18)],
        rows=[{"label": "Khen thưởng", "count": 3, "money": 900_000}, {"label": "Học bổng", "count": 2, "money": 1_000_000}],
        totals={"count": 5, "money": 1_900_000},
    )
    s = load_workbook(path).active
    assert s["A1"].value == "TỔNG HỢP"
    assert [c.value for c in s[3]] == ["Nội dung", "Số lượng", "Số tiền"]
    assert [c.value for c in s[6]] == ["Tổng cộng", 5, 1_900_000]
    assert s.column_dimensions["C"].width == 18
    assert s.page_setup.orientation == "portrait"


def test_no_totals_and_long_text_capped(tmp_path):
    long_note = "Rất dài " * 40
    path = write_table(
        tmp_path / "dai.xlsx",
        title="Ghi chú",
        columns=[Column("Họ và tên", "name"), Column("Ghi chú", "note"), Column("Số tiền", "amount", kind="money")],
        rows=[{"name": "Nguyễn Văn An", "note": long_note, "amount": 1}],
        totals=False,
    )
    s = load_workbook(path).active
    assert s.max_row == 4
    assert s.column_dimensions["B"].width == 50


def test_sheet_names():
    assert sanitize_sheet_name("Khen thưởng: 2024/2025") == "Khen thưởng 2024 2025"
    assert sanitize_sheet_name("[Lớp*6?]") == "Lớp 6"
    assert sanitize_sheet_name("'Danh sách'") == "Danh sách"
    assert sanitize_sheet_name("") == "Trang 1"
    assert sanitize_sheet_name("///") == "Trang 1"
    long = sanitize_sheet_name("Danh sách học sinh được khen thưởng năm học 2024-2025")
    assert len(long) <= 31 and long.startswith("Danh sách học sinh")
    assert sanitize_sheet_name("Danh sách", ["danh sách"]) == "Danh sách (2)"
    assert sanitize_sheet_name("Danh sách", ["Danh sách", "Danh sách (2)"]) == "Danh sách (3)"
    assert len(sanitize_sheet_name("x" * 40, ["x" * 31])) <= 31


def test_several_sheets(tmp_path):
    org = sample_organisation()
    path = write_workbook(
        tmp_path / "nhieu_trang.xlsx",
        [
            SheetSpec("Danh sách khen thưởng", standard_columns("awards"), AWARDS[:2], "Khen thưởng", org),
            SheetSpec("Danh sách khen thưởng", standard_columns("awards"), AWARDS[2:], "Khen thưởng", org),
            SheetSpec("Sổ quỹ", standard_columns("vouchers"), [], "Sổ quỹ", org, totals=False),
        ],
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["Khen thưởng", "Khen thưởng (2)", "Sổ quỹ"]
    assert preview(path, "awards", sheet="Khen thưởng (2)", today=TODAY).rows[0].values["full_name"] == "Lò Văn Páo"


def test_bad_specifications(tmp_path):
    with pytest.raises(ExcelExportError):
        write_workbook(tmp_path / "x.xlsx", [])
    with pytest.raises(ExcelExportError):
        write_table(tmp_path / "x.xlsx", title="T", columns=[], rows=[])
    with pytest.raises(ValueError):
        Column("A", "a", kind="percent")
    with pytest.raises(ValueError):
        standard_columns("dues")
    assert not (tmp_path / "x.xlsx").exists()


def test_written_atomically(tmp_path):
    path = _export_awards(tmp_path / "khen_thuong.xlsx")
    before = path.read_bytes()

    def boom(row):
        raise RuntimeError("hỏng giữa chừng")

    with pytest.raises(RuntimeError):
        write_table(path, title="Lỗi", columns=[Column("A", "a", value=boom)], rows=[{"a": 1}])
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["khen_thuong.xlsx"]


def test_control_characters_are_dropped_and_formulas_stay_text(tmp_path):
    path = write_table(
        tmp_path / "ky_tu.xlsx",
        title="T",
        columns=[Column("Họ và tên", "n"), Column("Ghi chú", "note")],
        rows=[{"n": "An\x00\x07 Bình", "note": "=HYPERLINK(\"http://x\")"}],
    )
    cells = load_workbook(path).active[4]
    assert cells[0].value == "An Bình"
    assert cells[1].value == '=HYPERLINK("http://x")' and cells[1].data_type == "s"
    result = preview(path, "awards", today=TODAY)
    assert result.rows[0].values["note"] == '=HYPERLINK("http://x")'


# --- round trips ---------------------------------------------------------------------


def test_award_export_imports_back_unchanged(tmp_path):
    path = _export_awards(tmp_path / "khen_thuong.xlsx")
    result = preview(path, "awards", today=TODAY)
    assert result.header_row == 7
    assert result.unknown_columns == []
    assert result.total_row == 13
    assert result.ignored_rows == [] and result.blank_rows == 0
    assert [r.values for r in result.rows] == [_expected_award(r) for r in AWARDS]
    assert all(r.ok and not r.warnings for r in result.rows)
    assert result.messages == ["Dòng 13 là dòng tổng cộng, không nhập."]


def test_round_trip_of_preview_values(tmp_path):
    # Values as the reader gives them (birth_date/birth_year) export and come back identical.
    first = preview(_export_awards(tmp_path / "a.xlsx"), "awards", today=TODAY)
    again_path = write_table(
        tmp_path / "b.xlsx", title="Lần hai", columns=standard_columns("awards"), rows=[r.values for r in first.rows]
    )
    second = preview(again_path, "awards", today=TODAY)
    assert [r.values for r in second.rows] == [r.values for r in first.rows]


def test_learner_class_and_voucher_round_trips(tmp_path):
    learners = [
        {"full_name": "Hà Thị Mai", "birth": 1975, "gender": "Nữ", "ethnicity": "Tày", "village": "Bản Mòng"},
        {"full_name": "Vi Văn Sáng", "birth": date(1968, 7, 1), "gender": "Nam", "ethnicity": "Nùng", "village": "Đồng Quan", "note": "Tổ trưởng"},
    ]  # fmt: skip
    classes = [
        {"title": "Kỹ thuật chăn nuôi gà", "field": "Nông nghiệp", "form": "Chuyên đề", "partner": "Hội Nông dân",
         "speaker": "Lê Văn Ba", "location": "Nhà văn hóa thôn Trung", "start_date": date(2025, 3, 10),
         "end_date": date(2025, 3, 12), "sessions": 3, "learners": 45, "female": 20, "ethnic_minority": 5,
         "budget": 1_500_000},
        {"title": "Sử dụng điện thoại thông minh", "field": "Kỹ năng số", "start_date": date(2025, 6, 1),
         "sessions": 1, "learners": 30, "female": 0, "budget": 0, "note": "Đoàn thanh niên hỗ trợ"},
    ]  # fmt: skip
    vouchers = [
        {"voucher_type": "Thu", "number": "PT001", "date": date(2026, 1, 5), "person": "Nguyễn Văn Hảo",
         "address": "Thôn Trung", "reason": "Ủng hộ quỹ khuyến học", "item": "Ủng hộ", "amount": 2_000_000,
         "payment_method": "Tiền mặt"},
        {"voucher_type": "Chi", "number": "PC001", "date": date(2026, 1, 20), "person": "Trường THCS Tân Dĩnh",
         "reason": "Chi khen thưởng học sinh giỏi", "item": "Khen thưởng", "amount": 1_500_000,
         "payment_method": "Chuyển khoản"},
    ]  # fmt: skip
    path = write_workbook(
        tmp_path / "tat_ca.xlsx",
        [
            SheetSpec("Danh sách học viên", standard_columns("learners"), learners, "Học viên"),
            SheetSpec("Danh sách lớp học", standard_columns("classes"), classes, "Lớp học"),
            SheetSpec("Sổ thu chi", standard_columns("vouchers"), vouchers, "Thu chi", totals=False),
        ],
    )
    got = [r.values for r in preview(path, "learners", sheet="Học viên", today=TODAY).rows]
    want = []
    for row in learners:
        w = {k: v for k, v in row.items() if k != "birth"}
        w.update(person(row["full_name"]))
        w["birth_date"] = row["birth"] if isinstance(row["birth"], date) else None
        w["birth_year"] = row["birth"].year if isinstance(row["birth"], date) else row["birth"]
        want.append(w)
    assert got == want
    class_preview = preview(path, "classes", sheet="Lớp học", today=TODAY)
    assert [r.values for r in class_preview.rows] == classes
    assert class_preview.total_row == 6
    voucher_preview = preview(path, "vouchers", sheet="Thu chi", today=TODAY)
    assert [r.values for r in voucher_preview.rows] == vouchers
    assert all(r.ok for r in voucher_preview.rows)


# --- LibreOffice ----------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory):
    return tmp_path_factory.mktemp("lo_profile")


@needs_soffice
def test_export_opens_in_libreoffice(tmp_path, lo_profile):
    path = _export_awards(tmp_path / "khen_thuong.xlsx")
    out = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv", lo_profile)
    with open(out, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][0] == "ỦY BAN NHÂN DÂN XÃ TÂN DĨNH"
    assert lines[1][0] == "HỘI KHUYẾN HỌC XÃ TÂN DĨNH"
    assert lines[3][0] == "DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG"
    assert lines[6] == [c.header for c in standard_columns("awards")]
    keys = [c.key for c in standard_columns("awards")]
    for number, (line, row) in enumerate(zip(lines[7:12], AWARDS), start=1):
        shown = dict(zip(keys, line))
        assert shown["stt"] == str(number)
        assert shown["full_name"] == row["full_name"]
        born = row.get("birth")
        assert shown["birth"] == (born.strftime("%d/%m/%Y") if isinstance(born, date) else str(born or ""))
        assert "".join(ch for ch in shown["amount"] if ch.isdigit()) == str(row["amount"])
        for key in ("gender", "village", "class_name", "category", "achievement", "note"):
            assert shown[key] == row.get(key, ""), key
    total = lines[12]
    assert total[0] == "Tổng cộng"
    assert "".join(ch for ch in total[13] if ch.isdigit()) == str(sum(r["amount"] for r in AWARDS))


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_messy_workbook_as_xls_and_ods(tmp_path, lo_profile, fmt):
    source = tmp_path / "khen_thuong.xlsx"
    expected, facts = messy_awards(source)
    converted = soffice_convert(source, fmt, tmp_path / fmt, lo_profile)
    result = preview(converted, "awards", today=TODAY)
    assert (result.sheet_name, result.header_row, result.header_rows) == (facts["sheet"], 7, 2)
    assert result.total_row == facts["total_row"]
    assert result.ignored_rows == facts["ignored_rows"]
    assert result.column_encodings == {"Thôn": "tcvn3"}
    for got, exp in zip(result.rows, expected, strict=True):
        assert got.row_number == exp["row"]
        assert got.values == exp["values"]
        assert got.errors == exp.get("errors", [])
        warnings = exp.get("warnings", [])
        if fmt == "xls":  # hidden rows are not read from .xls (documented)
            warnings = [w for w in warnings if "bị ẩn" not in w]
        assert got.warnings == warnings
