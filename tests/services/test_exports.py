"""Exports: committee header, exact round trip through the importer, LibreOffice reads the same values."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.classes import ClassDraft, ClassFilter, LearnerDraft
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.excel import standard_columns

YEAR = "2024-2025"
FIELDS = ["full_name", "birth_date", "birth_year", "gender", "parent_name", "village", "class_name", "school",
          "category", "achievement", "level", "prize", "subject", "amount", "note"]


@pytest.fixture
def awards(ws):
    drafts = [
        AwardDraft(school_year=YEAR, full_name="Nguyễn Văn An", birth_date=date(2013, 2, 5), gender="Nam",
                   parent_name="Nguyễn Văn Ba", village="Thôn 1", class_name="6A", school="Trường THCS Tân Dĩnh",
                   category="Học sinh giỏi", achievement="Học sinh giỏi toàn diện", level="Cấp trường", prize="Nhất",
                   subject="Toán", amount=200_000, note="Con thương binh"),
        AwardDraft(school_year=YEAR, full_name="Lê Thị Ánh", birth_year=2011, gender="Nữ", category="Học sinh giỏi",
                   amount=1_250_000, class_name="8B"),
        AwardDraft(school_year=YEAR, full_name="Đỗ Bảo Châu", birth_date=date(2012, 12, 31), category="Học sinh xuất sắc",
                   amount=0),
        AwardDraft(school_year="2023-2024", full_name="Ngoài Lọc", category="Học sinh giỏi", amount=5),
    ]
    for d in drafts:
        ws.awards.save(d, confirm=True)
    return drafts


def test_award_export_has_header_order_and_filter(ws, awards, tmp_path):
    path = ws.exports.awards(tmp_path / "khen.xlsx", AwardFilter(school_year=YEAR))
    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows(max_row=8, values_only=True) for c in row if c]
    assert "HỘI KHUYẾN HỌC XÃ TÂN DĨNH" in " ".join(map(str, cells)).upper()
    assert any("2024-2025" in str(c) for c in cells)
    names = [r[1] for r in sheet.iter_rows(min_row=8, values_only=True) if isinstance(r[0], int)]
    assert names == ["Nguyễn Văn An", "Lê Thị Ánh", "Đỗ Bảo Châu"]  # An < Ánh < Châu (tên first)


def test_award_export_imports_back_unchanged(ws, awards, tmp_path):
    path = ws.exports.awards(tmp_path / "khen.xlsx", AwardFilter(school_year=YEAR))
    pv = ws.excel.preview(path, "awards", school_year=YEAR)
    assert pv.counts["errors"] == 0 and not pv.unknown_columns
    stored = ws.awards.fetch(ws.awards.uuids(AwardFilter(school_year=YEAR)))
    assert len(pv.rows) == len(stored) == 3
    from khuyenhoc_desktop.services.excel_import import award_draft

    for row, award in zip(pv.rows, stored):
        draft = award_draft(row.values, YEAR).normalized()
        assert {f: getattr(draft, f) for f in FIELDS} == {f: getattr(award, f) for f in FIELDS}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice không có")
def test_libreoffice_reads_the_same_values(ws, awards, tmp_path):
    path = ws.exports.awards(tmp_path / "khen.xlsx", AwardFilter(school_year=YEAR))
    out = tmp_path / "csv"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    rows = list(csv.reader((out / "khen.csv").open(encoding="utf-8")))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    headers = rows[header_at]
    assert headers[: len(standard_columns("awards"))] == [c.header for c in standard_columns("awards")]
    data = [dict(zip(headers, r)) for r in rows[header_at + 1:] if r and r[0].isdigit()]
    assert [d["Họ và tên"] for d in data] == ["Nguyễn Văn An", "Lê Thị Ánh", "Đỗ Bảo Châu"]
    assert data[0]["Ngày sinh"] == "05/02/2013" and data[1]["Ngày sinh"] == "2011"
    assert [d["Số tiền"].replace(",", "").replace(".", "") for d in data] == ["200000", "1250000", "0"]
    assert data[0]["Môn"] == "Toán" and data[0]["Ghi chú"] == "Con thương binh"


def test_other_exports(ws, tmp_path):
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2024, 3, 1), person="Lê B", reason="Ủng hộ",
                             item="Hội phí", amount=1_000_000), confirm=True)
    ws.fund.add(VoucherDraft(kind="chi", voucher_date=date(2024, 3, 5), person="Trần C", reason="Thưởng",
                             item="Khen thưởng", amount=300_000), confirm=True)
    cls, _ = ws.classes.save(ClassDraft(name="Trồng lúa", field="Nông nghiệp", start_date=date(2024, 3, 10),
                                        learners=30, women=10), confirm=True)
    ws.classes.save_learner(cls.uuid, LearnerDraft(full_name="Hoàng Văn Dũng", birth_year=1980, village="Thôn 1"))

    v = load_workbook(ws.exports.vouchers(tmp_path / "phieu.xlsx")).active
    values = [c for row in v.iter_rows(values_only=True) for c in row]
    assert "PT-2024-0001" in values and "PC-2024-0001" in values
    pv = ws.excel.preview(tmp_path / "phieu.xlsx", "vouchers")
    assert pv.counts["valid"] == 2 and {r.values["amount"] for r in pv.rows} == {1_000_000, 300_000}

    book = load_workbook(ws.exports.cash_book(tmp_path / "so.xlsx", date(2024, 1, 1), date(2024, 12, 31))).active
    values = [c for row in book.iter_rows(values_only=True) for c in row]
    assert 700_000 in values  # closing balance

    wb = load_workbook(ws.exports.classes(tmp_path / "lop.xlsx", ClassFilter()))
    assert wb.sheetnames == ["Lớp học", "Học viên"]
    assert "Hoàng Văn Dũng" in [c for row in wb["Học viên"].iter_rows(values_only=True) for c in row]
    assert ws.excel.preview(tmp_path / "lop.xlsx", "classes").rows[0].values["title"] == "Trồng lúa"

    ws.awards.save(AwardDraft(school_year=YEAR, full_name="Nguyễn Văn An", category="Học sinh giỏi", amount=100),
                   confirm=True)
    wb = load_workbook(ws.exports.summary(tmp_path / "tong.xlsx", YEAR))
    assert len(wb.sheetnames) >= 3
    # the award is a draft: in no sheet of awards given, shown apart by its status
    assert (1, "Nháp", 1, 100) in list(wb["Theo trạng thái"].iter_rows(values_only=True))


def _sheet_rows(sheet) -> list[tuple]:
    return [r for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]


def _english_keys(value) -> set[str]:
    """Every key of the summary's JSON shape (the words a user must never see)."""
    if isinstance(value, dict):
        return {k for k in value if isinstance(k, str) and k.isascii() and k.replace("_", "").isalpha()} | {
            k for v in value.values() for k in _english_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _english_keys(v)}
    return set()


def test_summary_export_is_vietnamese(ws, tmp_path):
    from khuyenhoc_desktop.services.summary import summary

    # school year 2024-2025 runs 1 Sept 2024 – 31 Aug 2025
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2024, 8, 20), person="Lê B", reason="Ủng hộ",
                             item="Hội phí", amount=500_000), confirm=True)  # before the year: the opening
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2024, 10, 1), person="Lê B", reason="Ủng hộ",
                             item="Hội phí", amount=1_500_000), confirm=True)
    ws.fund.add(VoucherDraft(kind="chi", voucher_date=date(2024, 11, 5), person="Trần C", reason="Thưởng",
                             item="Khen thưởng", amount=300_000), confirm=True)
    a, _ = ws.awards.save(AwardDraft(school_year=YEAR, full_name="Nguyễn Văn An", category="Học sinh giỏi",
                                     level="Cấp xã", amount=200_000), confirm=True)
    ws.awards.set_status([a.uuid], "approved")
    ws.classes.save(ClassDraft(name="Trồng lúa", field="Nông nghiệp", start_date=date(2024, 10, 10),
                               learners=30, women=10, minority=4), confirm=True)

    wb = load_workbook(ws.exports.summary(tmp_path / "tong.xlsx", YEAR))
    assert wb.sheetnames == ["Theo loại thành tích", "Theo cấp", "Theo năm học", "Theo nguồn kinh phí",
                             "Theo trạng thái", "Lớp học theo lĩnh vực", "Quỹ theo sổ", "Số liệu chung"]
    books = _sheet_rows(wb["Quỹ theo sổ"])
    # one row per book, by its Vietnamese name: opening 500.000, thu 1.500.000, chi 300.000, tồn 1.700.000
    assert (1, "Sổ quỹ tiền mặt", 500_000, 1_500_000, 300_000, 1_700_000, 2) in books
    assert books[-1][2:] == (500_000, 1_500_000, 300_000, 1_700_000, 2)  # the totals row
    money = [c for row in wb["Quỹ theo sổ"].iter_rows() for c in row if c.value == 1_700_000]
    assert money and all("#,##0" in c.number_format for c in money)  # money shown 1.700.000
    assert (1, "Nông nghiệp", 1, 30, 10, 4) in _sheet_rows(wb["Lớp học theo lĩnh vực"])
    general = {r[1]: r[2:] for r in _sheet_rows(wb["Số liệu chung"]) if isinstance(r[0], int)}
    assert general["Khen thưởng đã trao (đã duyệt, đã chi)"] == (1, 200_000)
    assert general["Tồn quỹ cuối kỳ"] == (None, 1_700_000)
    assert general["— trong đó dân tộc thiểu số"] == (4, None)

    english = _english_keys(summary(ws, YEAR)) | {"cash", "bank", "None", "True", "False"}
    assert {"books", "opening", "by_field"} <= english
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, str):
                    assert cell not in english and "{" not in cell and "'" not in cell, (sheet.title, cell)


def test_member_export_is_in_name_order_without_cccd_or_phone(ws, tmp_path):
    from khuyenhoc_desktop.domain.members import MemberDraft, MemberFilter, UnitDraft

    unit, _ = ws.units.save(UnitDraft(kind="chi_hoi", name="Chi hội thôn 1", village="Thôn 1"))
    ws.members.save(MemberDraft(full_name="Trần Văn Bình", gender="Nam", birth_year=1950, village="Thôn 1",
                                unit_uuid=unit.uuid, joined_on=date(2019, 5, 2), phone="0912345678",
                                id_number="001050012345", card_no="07"))
    ws.members.save(MemberDraft(full_name="Nguyễn Thị An", gender="Nữ", birth_date=date(1962, 4, 3),
                                village="Thôn 2", joined_on=date(2021, 1, 15)))
    ws.members.save(MemberDraft(full_name="Lê Văn Cường", gender="Nam", birth_year=1970, village="Thôn 1",
                                status="quit", status_date=date(2024, 6, 1), joined_on=date(2020, 1, 1)))
    path = ws.exports.members(tmp_path / "hoi-vien.xlsx", MemberFilter(status="active"))
    sheet = load_workbook(path)["Hội viên"]
    cells = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(cells) if row[:3] == ("STT", "Mã hội viên", "Họ và tên"))
    body = [row for row in cells[header + 1:] if row[2]]
    # Vietnamese order is by given name: An before Bình; Cường has left and is filtered out.
    assert [(row[1], row[2], row[7]) for row in body] == [("HV00002", "Nguyễn Thị An", None),
                                                          ("HV00001", "Trần Văn Bình", "Chi hội thôn 1")]
    text = " ".join(str(c) for row in cells for c in row if c is not None)
    assert "0912345678" not in text and "001050012345" not in text
    # The importer reads every column back; into the same file each member is already there by its code.
    pv = ws.excel.preview(path, "members")
    assert not pv.unknown_columns
    assert [(r.values["code"], r.values["full_name"], r.values.get("unit")) for r in pv.rows] == [
        ("HV00002", "Nguyễn Thị An", None), ("HV00001", "Trần Văn Bình", "Chi hội thôn 1")]
    assert [e.split(": ", 1)[1] for r in pv.rows for e in r.errors] == [
        "Mã hội viên “HV00002” đã có.", "Mã hội viên “HV00001” đã có."]
