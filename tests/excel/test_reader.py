"""Reading messy workbooks: header detection, legacy text, dates, money, names, totals, validation."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.excel import (
    ColumnMapping,
    ExcelImportError,
    SheetTable,
    detect_header,
    preview,
    preview_sheet,
    read_workbook,
    source_signature,
)
from khuyenhoc_desktop.excel.legacy_encoding import encode_tcvn3, encode_vni
from tests.excel.xl_helpers import TODAY, big_award_rows, capitals_vni_awards, messy_awards, person, write_big_awards


def _check_rows(result, expected):
    assert [r.row_number for r in result.rows] == [e["row"] for e in expected]
    for got, exp in zip(result.rows, expected):
        assert got.values == exp["values"], got.row_number
        assert got.errors == exp.get("errors", []), got.row_number
        assert got.warnings == exp.get("warnings", []), got.row_number


# --- the realistic messy award list ------------------------------------------


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    path = tmp_path_factory.mktemp("messy") / "khen_thuong.xlsx"
    expected, facts = messy_awards(path)
    return path, expected, facts


def test_messy_award_list_every_value(messy):
    path, expected, facts = messy
    result = preview(path, "awards", today=TODAY)
    assert result.sheet_name == facts["sheet"]  # the instructions sheet and the hidden draft are skipped
    assert result.sheet_names == ["Hướng dẫn", facts["sheet"], "Nháp"]
    assert (result.header_row, result.header_rows) == (facts["header_row"], 2)
    _check_rows(result, expected)
    assert result.total_row == facts["total_row"]
    assert result.ignored_rows == facts["ignored_rows"]
    assert result.unknown_columns == facts["unknown"]
    assert result.blank_rows == 1
    assert result.hidden_rows == [16]
    assert result.encoding == "tcvn3"
    assert result.column_encodings == {"Thôn": "tcvn3"}
    assert result.counts == {
        "rows": 11, "valid": 6, "errors": 5, "warnings": 2, "blank": 1, "hidden": 1, "ignored": 3,
    }  # fmt: skip
    assert "Dòng 21 là dòng tổng cộng, không nhập." in result.messages
    assert any("“Mã hồ sơ”" in m for m in result.messages)
    assert any("TCVN3" in m for m in result.messages)


def test_messy_columns_and_mapping(messy):
    path, _, _ = messy
    result = preview(path, "awards", today=TODAY)
    by_letter = {c.letter: (c.header, c.field) for c in result.columns}
    assert by_letter["A"] == ("STT", "stt")
    assert by_letter["B"] == ("Họ và tên / Họ đệm", "family_middle")
    assert by_letter["C"] == ("Họ và tên / Tên", "given_name")
    assert by_letter["E"] == ("Giới tính / Nam", "is_male")
    assert by_letter["F"] == ("Giới tính / Nữ", "is_female")
    assert by_letter["G"] == ("Thôn", "village")  # header itself written in TCVN3
    assert by_letter["K"] == ("Số tiền (đồng)", "amount")
    assert by_letter["M"] == ("Mã hồ sơ", None)
    assert result.mapping.by_header["ho va ten ho dem"] == "family_middle"
    assert result.mapping.by_header["ma ho so"] is None
    assert result.signature == source_signature(c.header for c in result.columns)
    assert result.signature.startswith("hdr1-")


def test_all_text_is_nfc(messy):
    import unicodedata

    path, _, _ = messy
    for row in preview(path, "awards", today=TODAY).rows:
        for value in row.values.values():
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value)
                assert value == " ".join(value.split())


def test_capital_headers_vni_names_and_sum_only_total(tmp_path):
    path = tmp_path / "hoa.xlsx"
    expected = capitals_vni_awards(path)
    result = preview(path, "awards", today=TODAY)
    assert result.header_row == 3
    assert [r.values for r in result.rows] == expected
    assert all(r.ok and not r.warnings for r in result.rows)
    assert result.total_row == 8  # a row holding only =SUM(...)
    assert result.column_encodings == {"HO VA TEN": "vni"}
    assert result.encoding == "vni"


def test_ods_without_merge_info_two_row_header(tmp_path):
    # Rows built in memory as an .ods would give them: merged cells empty, no merge ranges.
    rows = [
        ["DANH SÁCH", "", "", ""],
        ["STT", "Họ và tên", "", "Năm sinh"],
        ["", "Họ đệm", "Tên", ""],
        [1, "Nguyễn Thị", "Mai", 2011.0],
        [2, "Lò Văn", "Páo", "2012"],
    ]
    table = SheetTable("Sheet1", rows, merge_info=False)
    result = preview_sheet(table, "learners", today=TODAY)
    assert (result.header_row, result.header_rows) == (2, 2)
    assert [r.values for r in result.rows] == [
        {**person("Nguyễn Thị Mai"), "birth_date": None, "birth_year": 2011},
        {**person("Lò Văn Páo"), "birth_date": None, "birth_year": 2012},
    ]


def test_caller_mapping_of_a_two_row_header_column():
    rows = [
        ["STT", "Họ và tên", "Thông tin", "", "Lớp"],
        ["", "", "Mã", "Ghi chép", ""],
        [1, "Nguyễn Văn An", "HS01", "Chăm ngoan", "6A"],
    ]
    merged = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)]
    table = SheetTable("Sheet1", rows, merged=merged)
    auto = preview_sheet(table, "awards", today=TODAY)
    assert auto.header_rows == 1 and auto.rows[0].row_number == 2 and not auto.rows[0].ok
    mapped = preview_sheet(table, "awards", mapping={"Thông tin / Ghi chép": "note"}, today=TODAY)
    assert mapped.header_rows == 2
    assert mapped.unknown_columns == ["Thông tin / Mã"]
    assert mapped.rows[0].values == {**person("Nguyễn Văn An"), "note": "Chăm ngoan", "class_name": "6A"}


def test_split_name_columns_three_ways(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ", "Đệm", "Tên", "Năm sinh", "Thôn"])
    s.append(["Tôn Nữ", "Thị", "Hoa", 1985, "Đồng Quan"])
    s.append(["Nguyễn", None, "An", "1990", "Thôn Trung"])
    s.append([" Thào ", "A", "Páo", 1978, None])
    path = tmp_path / "hoc_vien.xlsx"
    wb.save(path)
    result = preview(path, "learners", today=TODAY)
    assert [r.values for r in result.rows] == [
        {"full_name": "Tôn Nữ Thị Hoa", "family_name": "Tôn Nữ", "middle_name": "Thị", "given_name": "Hoa",
         "birth_date": None, "birth_year": 1985, "village": "Đồng Quan"},
        {"full_name": "Nguyễn An", "family_name": "Nguyễn", "middle_name": "", "given_name": "An",
         "birth_date": None, "birth_year": 1990, "village": "Thôn Trung"},
        {"full_name": "Thào A Páo", "family_name": "Thào", "middle_name": "A", "given_name": "Páo",
         "birth_date": None, "birth_year": 1978},
    ]  # fmt: skip


@pytest.mark.parametrize(
    "headers",
    [
        ["STT", "Họ và tên", "Ngày sinh", "Số tiền"],
        ["stt", "HO VA TEN", "NGAY SINH", "SO TIEN"],
        ["S.T.T", "họ  và   tên:", "Ngày sinh (dd/mm/yyyy)", "Số tiền (VNĐ)"],
        ["TT", "Họ tên học sinh", "Ngày, tháng, năm sinh", "Mức thưởng"],
        [encode_tcvn3("STT"), encode_tcvn3("Họ và tên"), encode_tcvn3("Ngày sinh"), encode_tcvn3("Số tiền")],
        [encode_vni("STT"), encode_vni("Họ và tên"), encode_vni("Ngày sinh"), encode_vni("Số tiền")],
    ],
)
def test_header_variants(headers):
    rows = [["DANH SÁCH KHEN THƯỞNG", "", "", ""], ["", "", "", ""], headers, [1, "Lê Văn Tám", "01/01/2012", 100000]]
    match = detect_header(rows, "awards")
    assert match is not None
    assert match.header_row == 3
    assert [c.field for c in match.columns] == ["stt", "full_name", "birth", "amount"]


def test_header_not_confused_by_title_rows():
    rows = [
        ["HỘI KHUYẾN HỌC XÃ TÂN DĨNH", "", ""],
        ["Họ và tên người lập: Nguyễn Văn A", "", ""],
        ["Họ và tên", "Thôn", "Số tiền"],
        ["Lê Văn Tám", "Đồng Quan", 100000],
    ]
    assert detect_header(rows, "awards").header_row == 3
    assert detect_header([["Danh sách", ""], ["a", "b"]], "awards") is None


def test_source_signature_is_stable():
    a = source_signature(["STT", "Họ và tên", "Ngày sinh", ""])
    assert a == source_signature(["stt", "HO VA TEN", "ngày  sinh"])
    assert a == source_signature(["STT", "Họ và tên:", "Ngày sinh"])
    assert a != source_signature(["Họ và tên", "STT", "Ngày sinh"])


def test_unknown_columns_and_caller_mapping(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["STT", "Tên HS", "NS", "Thưởng", "Cột lạ"])
    s.append([1, "Nguyễn Văn An", "05/02/2012", 100000, "bỏ qua"])
    path = tmp_path / "la.xlsx"
    wb.save(path)
    auto = preview(path, "awards", today=TODAY)
    assert auto.unknown_columns == ["Tên HS", "Thưởng", "Cột lạ"]
    assert auto.missing_fields == ["Họ và tên"]
    assert auto.rows[0].errors == ["Dòng 2: thiếu Họ và tên."]
    assert any("Không tìm thấy cột Họ và tên" in m for m in auto.messages)

    mapping = ColumnMapping.from_headers({"Tên HS": "full_name", "Thưởng": "amount", "Cột lạ": None})
    mapped = preview(path, "awards", mapping=mapping, today=TODAY)
    assert mapped.unknown_columns == ["Cột lạ"]
    assert mapped.rows[0].values == {
        **person("Nguyễn Văn An"), "birth_date": date(2012, 2, 5), "birth_year": 2012, "amount": 100000,
    }  # fmt: skip
    assert mapped.signature == auto.signature
    # The effective mapping can be stored and given back as a plain dict.
    again = preview(path, "awards", mapping=ColumnMapping.from_dict(mapped.mapping.to_dict()), today=TODAY)
    assert again.rows[0].values == mapped.rows[0].values
    # A plain {header: field} dict works too.
    assert preview(path, "awards", mapping={"Tên HS": "full_name"}, today=TODAY).rows[0].values["full_name"] == "Nguyễn Văn An"


def test_caller_mapping_can_drop_a_recognised_column(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Lớp", "Ghi chú"])
    s.append(["Lê Văn Tám", "6A", "x"])
    path = tmp_path / "bo.xlsx"
    wb.save(path)
    result = preview(path, "awards", mapping={"Ghi chú": None}, today=TODAY)
    assert result.rows[0].values == {**person("Lê Văn Tám"), "class_name": "6A"}


def test_choose_sheet_by_name_or_index(tmp_path):
    wb = Workbook()
    a = wb.active
    a.title = "Lớp 6"
    a.append(["Họ và tên", "Lớp"])
    a.append(["Nguyễn Văn An", "6A"])
    b = wb.create_sheet("Lớp 7")
    b.append(["Họ và tên", "Lớp"])
    b.append(["Trần Thị Bình", "7A"])
    path = tmp_path / "hai_trang.xlsx"
    wb.save(path)
    assert preview(path, "awards", sheet="Lớp 7").rows[0].values["full_name"] == "Trần Thị Bình"
    assert preview(path, "awards", sheet=0).rows[0].values["full_name"] == "Nguyễn Văn An"
    assert preview(path, "awards", sheet="lop 7").sheet_name == "Lớp 7"
    with pytest.raises(ExcelImportError, match="Không có trang tính"):
        preview(path, "awards", sheet="Lớp 8")


def test_money_and_number_parsing(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Số tiền", "Điểm"])
    cells = [
        (500000, 27.5, {"amount": 500000, "score": 27.5}, []),
        ("1.500.000", "27,5", {"amount": 1_500_000, "score": 27.5}, []),
        ("1,5 triệu", 28, {"amount": 1_500_000, "score": 28}, []),
        ("2 tr", None, {"amount": 2_000_000}, []),
        ("500k", None, {"amount": 500_000}, []),
        ("300.000 đ", None, {"amount": 300_000}, []),
        ("1 500 000", None, {"amount": 1_500_000}, []),
        (1234.5, None, {}, ["Dòng 9: cột Số tiền '1234.5' không phải số tiền nguyên đồng."]),
        ("năm trăm", "cao", {}, ["Dòng 10: cột Số tiền 'năm trăm' không phải số tiền.", "Dòng 10: cột Điểm 'cao' không phải số."]),
        (-1000, -1, {}, ["Dòng 11: cột Số tiền có số tiền âm (-1000).", "Dòng 11: cột Điểm không được âm (-1)."]),
        ("-", None, {}, []),
    ]  # fmt: skip
    for i, (money, score, _, _) in enumerate(cells):
        s.append([f"Học sinh {chr(65 + i)}", money, score])
    path = tmp_path / "tien.xlsx"
    wb.save(path)
    result = preview(path, "awards", today=TODAY)
    for row, (_, _, values, errors) in zip(result.rows, cells):
        got = {k: v for k, v in row.values.items() if k in ("amount", "score")}
        assert got == values, row.row_number
        assert row.errors == errors


def test_dates_in_every_form(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Ngày sinh"])
    births = [
        (datetime(2012, 3, 5, 0, 0), (date(2012, 3, 5), 2012)),
        (date(2011, 12, 31), (date(2011, 12, 31), 2011)),
        (40944, (date(2012, 2, 5), 2012)),  # Excel serial number
        (40944.0, (date(2012, 2, 5), 2012)),
        ("05/02/2012", (date(2012, 2, 5), 2012)),
        ("5/2/2012", (date(2012, 2, 5), 2012)),
        ("05-02-2012", (date(2012, 2, 5), 2012)),
        ("05.02.2012", (date(2012, 2, 5), 2012)),
        ("2012-02-05", (date(2012, 2, 5), 2012)),
        ("ngày 05 tháng 02 năm 2012", (date(2012, 2, 5), 2012)),
        ("2012", (None, 2012)),
        (2012, (None, 2012)),
        (" 2012 ", (None, 2012)),
    ]
    for i, (born, _) in enumerate(births):
        s.append([f"Học sinh {chr(65 + i)}", born])
    path = tmp_path / "ngay.xlsx"
    wb.save(path)
    result = preview(path, "awards", today=TODAY)
    assert [(r.values.get("birth_date"), r.values.get("birth_year")) for r in result.rows] == [e for _, e in births]
    assert all(r.ok for r in result.rows)


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("31/02/2012", "Dòng 2: cột Ngày sinh '31/02/2012' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm)."),
        ("12/2012", "Dòng 2: cột Ngày sinh '12/2012' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm)."),
        ("06/02/2026", "Dòng 2: cột Ngày sinh '06/02/2026' là ngày sinh trong tương lai."),
        (2027, "Dòng 2: cột Ngày sinh '2027' là ngày sinh trong tương lai."),
        (1850, "Dòng 2: cột Ngày sinh '1850' không phải năm sinh hợp lệ."),
        ("không rõ", "Dòng 2: cột Ngày sinh 'không rõ' không phải ngày sinh hợp lệ (dd/mm/yyyy hoặc năm)."),
    ],
)
def test_bad_birth_dates(tmp_path, born, message):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Ngày sinh"])
    s.append(["Nguyễn Văn An", born])
    path = tmp_path / "sai.xlsx"
    wb.save(path)
    row = preview(path, "awards", today=TODAY).rows[0]
    assert row.errors == [message]
    assert "birth_date" not in row.values


def test_gender_values(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Giới tính"])
    for g in ("Nam", "nữ", "NU", "nam ", "Không rõ"):
        s.append(["Nguyễn Văn An", g])
    path = tmp_path / "gt.xlsx"
    wb.save(path)
    rows = preview(path, "learners", today=TODAY).rows
    assert [r.values.get("gender") for r in rows] == ["Nam", "Nữ", "Nữ", "Nam", None]
    assert rows[4].warnings[0] == "Dòng 6: cột Giới tính 'Không rõ' không phải Nam/Nữ, bỏ qua."


def test_subtotals_are_skipped_and_data_continues(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["STT", "Họ và tên", "Thôn", "Số tiền"])
    s.append([1, "Nguyễn Văn An", "Đồng Quan", 100000])
    s.append([None, "Cộng thôn Đồng Quan", None, 100000])
    s.append([2, "Trần Thị Bình", "Thôn Trung", 200000])
    s.append([None, "Cộng thôn Trung", None, 200000])
    s.append(["Tổng cộng", None, None, 300000])
    s.append([])
    s.append([None, "Người lập biểu", None, "Chủ tịch"])
    path = tmp_path / "cong.xlsx"
    wb.save(path)
    result = preview(path, "awards", today=TODAY)
    assert [r.values["full_name"] for r in result.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert result.total_row == 6
    assert result.ignored_rows == [8]
    assert "Các dòng cộng/tổng cộng không được nhập: dòng 3, 5." in result.messages


def test_names_that_look_like_totals_are_people(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Lớp", "Số tiền"])
    names = ["Tống Thu Hà", "Công Tằng Tôn Nữ Thị Hoa", "Tống Sơn", "Tống Tiến Cộng", "Cống Quỳnh"]
    for name in names:
        s.append([name, "6A", 100000])
    s.append(["Tổng cộng:", None, 500000])
    path = tmp_path / "ten.xlsx"
    wb.save(path)
    result = preview(path, "awards", today=TODAY)
    assert [r.values["full_name"] for r in result.rows] == names
    assert result.total_row == 7


def test_row_with_only_a_number_is_blank_template_row(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["STT", "Họ và tên", "Lớp"])
    s.append([1, "Nguyễn Văn An", "6A"])
    for i in range(2, 6):
        s.append([i, None, None])  # pre-numbered empty rows of a template
    path = tmp_path / "mau.xlsx"
    wb.save(path)
    result = preview(path, "awards", today=TODAY)
    assert len(result.rows) == 1
    assert result.blank_rows == 4


def test_formula_without_cached_value_is_empty(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Số tiền"])
    s.append(["Nguyễn Văn An", "=100*1000"])  # never calculated: no cached value
    path = tmp_path / "ct.xlsx"
    wb.save(path)
    assert preview(path, "awards", today=TODAY).rows[0].values == person("Nguyễn Văn An")


# --- the other kinds ------------------------------------------------------------


def test_classes_two_row_header_and_validation(tmp_path):
    wb = Workbook()
    s = wb.active
    s["A1"] = "DANH SÁCH LỚP HỌC, CHUYÊN ĐỀ TẠI TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"
    s.merge_cells("A1:L1")
    heads = ["STT", "Tên lớp/chuyên đề", "Lĩnh vực", "Hình thức", "Đơn vị phối hợp", "Báo cáo viên", "Địa điểm",
             "Thời gian", None, "Số buổi", "Số học viên", None, None, "Kinh phí (đồng)"]  # fmt: skip
    for j, h in enumerate(heads, start=1):
        if h:
            s.cell(row=3, column=j, value=h)
    for col in "ABCDEFGJN":
        s.merge_cells(f"{col}3:{col}4")
    s.merge_cells("H3:I3")
    s.merge_cells("K3:M3")
    for ref, h in {"H4": "Từ ngày", "I4": "Đến ngày", "K4": "Tổng số", "L4": "Nữ", "M4": "DTTS"}.items():
        s[ref] = h
    s.append([1, "Kỹ thuật trồng lúa", "Nông nghiệp", "Chuyên đề", "Hội Nông dân", "KS. Lê Văn Ba", "Nhà văn hóa thôn",
              date(2025, 3, 10), "12/03/2025", 3, 45, 20, 5, "1.500.000"])
    s.append([2, "Phòng chống đuối nước", "Kỹ năng", "Bồi dưỡng", "Hội Phụ nữ", "Trần Thị Hoa", "Trường TH",
              "20/04/2025", "19/04/2025", 1, 30, 40, "x", -5])
    s.append([None, "Cộng", None, None, None, None, None, None, None, 4, 75, 60, 5, None])  # fmt: skip
    path = tmp_path / "lop.xlsx"
    wb.save(path)
    result = preview(path, "classes", today=TODAY)
    assert (result.header_row, result.header_rows) == (3, 2)
    assert [c.field for c in result.columns] == [
        "stt", "title", "field", "form", "partner", "speaker", "location", "start_date", "end_date", "sessions",
        "learners", "female", "ethnic_minority", "budget",
    ]  # fmt: skip
    first, second = result.rows
    assert first.values == {
        "title": "Kỹ thuật trồng lúa", "field": "Nông nghiệp", "form": "Chuyên đề", "partner": "Hội Nông dân",
        "speaker": "KS. Lê Văn Ba", "location": "Nhà văn hóa thôn", "start_date": date(2025, 3, 10),
        "end_date": date(2025, 3, 12), "sessions": 3, "learners": 45, "female": 20, "ethnic_minority": 5,
        "budget": 1_500_000,
    }  # fmt: skip
    assert first.ok
    assert second.errors == [
        "Dòng 6: cột Số học viên / DTTS 'x' không phải số.",
        "Dòng 6: cột Kinh phí (đồng) có số tiền âm (-5).",
        "Dòng 6: Ngày kết thúc (19/04/2025) trước ngày bắt đầu (20/04/2025).",
        "Dòng 6: Số học viên nữ (40) nhiều hơn tổng số học viên (30).",
    ]
    assert result.total_row == 7


def test_vouchers_with_type_column(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["SỔ QUỸ TIỀN MẶT"])
    s.append(["Loại (Thu/Chi)", "Số phiếu", "Ngày", "Người nộp/nhận", "Địa chỉ", "Lý do", "Khoản mục", "Số tiền", "Hình thức"])
    s.append(["Thu", "PT01", "05/01/2026", "Nguyễn Văn Hảo", "Thôn Trung", "Ủng hộ quỹ", "Ủng hộ", "2.000.000", "TM"])
    s.append(["chi", "PC01", date(2026, 1, 20), "Trường THCS", "Xã Tân Dĩnh", "Khen thưởng HSG", "Khen thưởng", 1500000, "Chuyển khoản"])
    s.append(["Nhập", "PT02", "32/01/2026", None, None, None, None, 0, None])
    s.append(["Thu", "PT01", "06/01/2026", "Lê Văn Cả", None, "Hội phí", "Hội phí", 50000, None])
    path = tmp_path / "so_quy.xlsx"
    wb.save(path)
    result = preview(path, "vouchers", today=TODAY)
    a, b, c, d = result.rows
    assert a.values == {
        "voucher_type": "Thu", "number": "PT01", "date": date(2026, 1, 5), "person": "Nguyễn Văn Hảo",
        "address": "Thôn Trung", "reason": "Ủng hộ quỹ", "item": "Ủng hộ", "amount": 2_000_000,
        "payment_method": "Tiền mặt",
    }  # fmt: skip
    assert b.values["voucher_type"] == "Chi" and b.values["payment_method"] == "Chuyển khoản"
    assert b.ok and a.ok
    assert c.errors == [
        "Dòng 5: cột Loại (Thu/Chi) 'Nhập' phải là Thu hoặc Chi.",
        "Dòng 5: cột Ngày '32/01/2026' không phải ngày hợp lệ (dd/mm/yyyy).",
        "Dòng 5: Số tiền phải lớn hơn 0 đồng.",
    ]
    assert d.warnings == ["Dòng 6: có thể trùng với dòng 3 (cùng loại và số phiếu)."]


def test_vouchers_cash_book_with_income_and_expense_columns(tmp_path):
    wb = Workbook()
    s = wb.active
    s["A1"], s["B1"], s["C1"], s["D1"], s["G1"] = "Ngày", "Số phiếu", "Diễn giải", "Số tiền", "Ghi chú"
    s.merge_cells("D1:F1")
    for col in "ABCG":
        s.merge_cells(f"{col}1:{col}2")
    s["D2"], s["E2"], s["F2"] = "Thu", "Chi", "Tồn"
    s.append(["02/01/2026", "PT01", "Thu hội phí", 500000, None, 500000])
    s.append(["03/01/2026", "PC01", "Chi khen thưởng", None, 300000, 200000])
    s.append(["04/01/2026", "PC02", "Chi sai", 100, 300000, 200000])
    path = tmp_path / "so_quy_2.xlsx"
    wb.save(path)
    result = preview(path, "vouchers", today=TODAY)
    assert [c.field for c in result.columns] == ["date", "number", "reason", "income", "expense", "balance", "note"]
    first, second, third = result.rows
    assert first.values == {"date": date(2026, 1, 2), "number": "PT01", "reason": "Thu hội phí", "amount": 500000, "voucher_type": "Thu"}
    assert second.values["voucher_type"] == "Chi" and second.values["amount"] == 300000
    assert third.errors == ["Dòng 5: có cả số tiền Thu và Chi trên cùng một dòng."]


def test_learners_duplicates(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ tên", "Năm sinh", "Thôn"])
    s.append(["Nguyễn Văn An", 1980, "Đồng Quan"])
    s.append(["NGUYỄN VĂN AN", "1980", "Đồng Quan"])
    s.append(["Nguyễn Văn An", 1981, "Đồng Quan"])
    path = tmp_path / "hv.xlsx"
    wb.save(path)
    rows = preview(path, "learners", today=TODAY).rows
    assert [r.warnings for r in rows] == [[], ["Dòng 3: có thể trùng với dòng 2 (cùng họ tên, năm sinh và thôn)."], []]


def test_award_duplicates_consider_the_subject(tmp_path):
    wb = Workbook()
    s = wb.active
    s.append(["Họ và tên", "Ngày sinh", "Loại thành tích", "Môn"])
    s.append(["Lê Văn Tám", "01/01/2012", "HSG cấp huyện", "Toán"])
    s.append(["Lê Văn Tám", "01/01/2012", "HSG cấp huyện", "Ngữ văn"])
    s.append(["le van tam", "01/01/2012", "hsg cap huyen", "toán"])
    s.append(["Lê Văn Tám", "02/01/2012", "HSG cấp huyện", "Toán"])
    path = tmp_path / "trung.xlsx"
    wb.save(path)
    rows = preview(path, "awards", today=TODAY).rows
    assert [r.warnings for r in rows] == [
        [], [], ["Dòng 4: có thể trùng với dòng 2 (cùng họ tên, ngày sinh và loại thành tích)."], [],
    ]  # fmt: skip


def test_kind_must_be_known(tmp_path):
    with pytest.raises(ValueError):
        preview(tmp_path / "x.xlsx", "dues")


# --- size and speed ---------------------------------------------------------------


def test_twenty_thousand_rows_every_value(tmp_path):
    expected = big_award_rows(20_000)
    path = tmp_path / "lon.xlsx"
    write_big_awards(path, expected)
    result = preview(path, "awards", today=TODAY)
    assert result.header_row == 4
    assert result.column_encodings == {"Thôn": "tcvn3"}
    assert result.blank_rows == 19
    assert len(result.rows) == 20_000
    assert result.total_row == 4 + 20_000 + 19 + 1
    for got, exp in zip(result.rows, expected):
        assert got.values == exp, got.row_number
        assert got.ok, got.errors
    assert result.rows[0].row_number == 5 and result.rows[1000].row_number == 1006


def test_preview_of_10000_rows_keeps_them_all_valid(tmp_path):
    """Its speed against reading the same cells: benchmarks/bench_refusals.py (case "preview")."""
    expected = big_award_rows(10_000)
    path = tmp_path / "muoi_nghin.xlsx"
    write_big_awards(path, expected)
    result = preview(path, "awards", today=TODAY)
    assert len(result.valid_rows) == 10_000


def test_excel_import_error_is_app_error():
    assert issubclass(ExcelImportError, AppError)


def test_read_workbook_tables(messy):
    path, _, _ = messy
    sheets = read_workbook(path)
    assert [(s.name, s.visible) for s in sheets] == [("Hướng dẫn", True), ("Khen thưởng 2024-2025", True), ("Nháp", False)]
    main = sheets[1]
    assert main.rows[6][0] == "STT"  # Excel row 7, column A
    assert (6, 1, 6, 2) in main.merged  # B7:C7
    assert main.hidden_rows == frozenset({15})  # Excel row 16


def test_vertically_merged_cells_fill_down_and_are_marked(tmp_path):
    # Lớp, Trường and Số tiền merged over the pupils of one class: each pupil gets the merged value.
    wb = Workbook()
    s = wb.active
    s.append(["STT", "Họ và tên", "Lớp", "Trường", "Số tiền"])
    s.append([1, "Nguyễn Văn An", "6A", "Trường THCS Tân Dĩnh", 200000])
    s.append([2, "Lê Thị Bình", None, None, None])
    s.append([3, "Trần Văn Cường", None, None, None])
    s.append([4, "Phạm Thị Dung", "7B", "Trường THCS Tân Dĩnh", 150000])
    for col in "CDE":
        s.merge_cells(f"{col}2:{col}4")
    path = tmp_path / "gop.xlsx"
    wb.save(path)
    pv = preview(path, "awards", today=date(2026, 2, 5))
    got = [(r.values["full_name"], r.values["class_name"], r.values["school"], r.values["amount"]) for r in pv.rows]
    assert got == [("Nguyễn Văn An", "6A", "Trường THCS Tân Dĩnh", 200000),
                   ("Lê Thị Bình", "6A", "Trường THCS Tân Dĩnh", 200000),
                   ("Trần Văn Cường", "6A", "Trường THCS Tân Dĩnh", 200000),
                   ("Phạm Thị Dung", "7B", "Trường THCS Tân Dĩnh", 150000)]
    assert [r.merged_fields for r in pv.rows] == [[], ["class_name", "school", "amount"],
                                                   ["class_name", "school", "amount"], []]
    assert "Dòng 3: cột Số tiền nằm trong ô gộp; lấy giá trị của dòng 2 (kiểm tra lại)." in pv.rows[1].warnings
    assert any("ô gộp theo chiều dọc ở cột Lớp, Số tiền, Trường" in m and "2 dòng" in m for m in pv.messages)
