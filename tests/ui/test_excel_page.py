"""The Excel import page with a messy workbook: title rows, Vietnamese headers, a bad date row."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.excel_page import ExcelPage
from tests.ui.helpers import finish, show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, ExcelPage(ws), 1400, 820)


def messy_workbook(path):
    wb = Workbook()
    sh = wb.active
    sh.title = "DS khen"
    sh.append(["ỦY BAN NHÂN DÂN XÃ TÂN DĨNH"])
    sh.append(["HỘI KHUYẾN HỌC"])
    sh.append(["DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG"])
    sh.append([])
    sh.append(["STT", "Họ và tên học sinh", "Ngày tháng năm sinh", "Lớp", "Trường", "Danh hiệu", "Mức thưởng (đồng)",
               "Chữ ký PH"])
    sh.append([1, "Nguyễn Văn An", "05/02/2013", "6A", "Trường THCS Tân Dĩnh", "Học sinh giỏi", "200.000", ""])
    sh.append([2, "Lê Thị Bình", "31/02/2012", "7B", "Trường THCS Tân Dĩnh", "Học sinh giỏi", "150.000", ""])
    sh.append([3, "Trần Văn Cường", "2011", "8C", "Trường THCS Tân Dĩnh", "Học sinh xuất sắc", "300.000", ""])
    sh.append([4, "Phạm Thị Dung", "12/12/2012", "7A", "Trường THCS Tân Dĩnh", "Học sinh giỏi", "200.000", ""])
    sh.append(["", "Tổng cộng", "", "", "", "", "850.000", ""])
    sh.append([])
    sh.append(["", "Người lập biểu", "", "", "", "Chủ tịch Hội"])
    wb.create_sheet("Ghi chú").append(["Danh sách này lập ngày 01/06/2025"])
    wb.save(path)
    return path


def test_preview_counts_and_import_writes_exactly_the_valid_rows(page, ws, tmp_path, monkeypatch, qtbot):
    path = messy_workbook(tmp_path / "khen thuong.xlsx")
    page.year_combo.setCurrentText("2024-2025")
    assert page.load(str(path))
    pv = page.preview
    assert (pv.counts["rows"], pv.counts["valid"], pv.counts["errors"]) == (4, 3, 1)
    assert "4 dòng: 3 hợp lệ" in page.counts_label.text() and "1 lỗi" in page.counts_label.text()
    assert page.preview_table.rowCount() == 4
    bad = next(i for i in range(4) if page.preview_table.item(i, 0).text() == "7")
    assert page.preview_table.item(bad, 1).text().startswith("Lỗi")
    assert "Chữ ký PH" not in pv.unknown_columns  # recognised as a signature column, not imported
    assert page.import_button.text() == "Nhập 3 dòng hợp lệ" and page.import_button.isEnabled()
    assert ws.awards.count_and_total(AwardFilter()) == (0, 0)  # nothing written before the button

    # the preview draws (into the test's own folder: a fixed /tmp name is shared by parallel runs)
    assert page.grab().save(str(tmp_path / "excel.png"))

    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    page.import_button.click()
    finish(qtbot, page.operation)
    assert ws.awards.count_and_total(AwardFilter(school_year="2024-2025")) == (3, 700_000)
    assert "Đã nhập 3 dòng" in page.result_label.text()
    assert not page.import_button.isEnabled()


def test_unknown_column_is_highlighted_and_can_be_mapped(page, ws, tmp_path, qtbot):
    wb = Workbook()
    sh = wb.active
    sh.append(["STT", "Họ và tên", "Cột lạ", "Số tiền"])
    sh.append([1, "Nguyễn Văn An", "Học sinh giỏi", 100000])
    wb.save(tmp_path / "la.xlsx")
    page.load(str(tmp_path / "la.xlsx"))
    row = next(i for i in range(page.mapping_table.rowCount()) if page.mapping_table.item(i, 1).text() == "Cột lạ")
    assert page.mapping_table.item(row, 1).background().color() == page.mapping_table.item(row, 0).background().color()
    assert page.field_combos[row].currentData() is None
    page.set_column_field("Cột lạ", "category")
    assert page.preview.rows[0].values["category"] == "Học sinh giỏi"
    finish(qtbot, page.import_rows(confirm=False))
    assert ws.awards.fetch(ws.awards.uuids(AwardFilter()))[0].category == "Học sinh giỏi"


def test_bad_file_shows_an_error(page, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, *a, **k: shown.append(text))
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not page.load(str(bad))
    assert shown and "hong.xlsx" in shown[0]
    assert not page.import_button.isEnabled()


def test_export_buttons_use_the_current_filter(ws, qtbot, tmp_path, monkeypatch):
    from datetime import date

    from openpyxl import load_workbook

    from khuyenhoc_desktop.domain.awards import AwardDraft
    from khuyenhoc_desktop.domain.fund import VoucherDraft
    from khuyenhoc_desktop.ui.pages.awards_page import AwardsPage
    from khuyenhoc_desktop.ui.pages.classes_page import ClassesPage
    from khuyenhoc_desktop.ui.pages.fund_page import FundPage

    for year, name in (("2024-2025", "Nguyễn Văn An"), ("2023-2024", "Lê Thị Bình")):
        ws.awards.save(AwardDraft(school_year=year, full_name=name, category="Học sinh giỏi", amount=100_000),
                       confirm=True)
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2024, 3, 1), person="Lê B", reason="Ủng hộ",
                             item="Hội phí", amount=1_000_000), confirm=True)
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "out"))
    awards = AwardsPage(ws)
    qtbot.addWidget(awards)
    awards.set_filter_value("school_year", "2024-2025")
    awards.export_button.click()
    values = [c for row in load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn An" in values and "Lê Thị Bình" not in values

    fund = FundPage(ws)
    qtbot.addWidget(fund)
    assert fund.export_excel(str(tmp_path / "phieu.xlsx"))
    fund.book_from.set_value(date(2024, 1, 1))
    fund.book_to.set_value(date(2024, 12, 31))
    assert fund.export_cash_book(str(tmp_path / "so.xlsx"))
    classes = ClassesPage(ws)
    qtbot.addWidget(classes)
    assert classes.export_excel(str(tmp_path / "lop.xlsx"))


def test_cells_filled_from_a_merged_cell_are_marked_in_the_preview(page, tmp_path):
    wb = Workbook()
    sh = wb.active
    sh.append(["STT", "Họ và tên", "Lớp", "Số tiền"])
    sh.append([1, "Nguyễn Văn An", "6A", 200000])
    sh.append([2, "Lê Thị Bình", None, 150000])
    sh.merge_cells("C2:C3")
    wb.save(tmp_path / "gop.xlsx")
    page.year_combo.setCurrentText("2024-2025")
    assert page.load(str(tmp_path / "gop.xlsx"))
    table = page.preview_table
    headers = [table.horizontalHeaderItem(j).text() for j in range(table.columnCount())]
    col = headers.index("Lớp")
    assert [table.item(i, col).text() for i in range(2)] == ["6A", "6A"]
    assert table.item(1, col).toolTip() == "Giá trị lấy từ ô gộp ở dòng trên"
    assert table.item(1, col).background().color() != table.item(0, col).background().color()
    assert table.item(1, 1).text().startswith("Cảnh báo")
    assert page.grab().save(str(tmp_path / "excel_merged.png"))
