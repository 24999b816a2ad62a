"""Importing a Công dân học tập list (the national self-assessment system's export, headers without
diacritics): the target group matched folded, an unknown group a row error naming the allowed ones, a bad row
refusing the whole list, a repeat updating the people already there instead of doubling them, the counts
following in the same transaction."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.domain.learning_citizens import CitizenFilter
from khuyenhoc_desktop.domain.learning_models import CitizenCount, DEFAULT_TARGET_GROUPS

FARMERS, WORKERS, OFFICIALS, PUPILS = DEFAULT_TARGET_GROUPS
HEADER = ("STT", "Ho va ten", "Nam sinh", "Gioi tinh", "Thon", "Nhom doi tuong", "Ket qua", "So CCCD")


def citizen_book(path, rows, title="DANH SACH CONG DAN HOC TAP NAM 2026"):
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(list(HEADER))
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    wb.save(path)
    return path


ROWS = [
    ("Nguyễn Văn An", 1980, "Nam", "Thôn 1", "nong dan, lao dong nong thon", "Da cong nhan", "001080000001"),
    ("Trần Thị Bình", 1975, "Nữ", "Thôn 1", "Nông dân, lao động nông thôn", "Dang ky", ""),
    ("Lê Văn Cường", 1990, "Nam", "Thôn 2", "CONG NHAN, THO THU CONG, LAO DONG TU DO", "Đạt", ""),
    ("Phạm Thị Dung", 1988, "Nữ", "Thôn 2", "Cong nhan, tho thu cong, lao dong tu do", "", ""),
]


def _counts(ws, year=2026):
    return {c.target_group: (c.registered, c.recognised) for c in ws.learning.citizen_counts(year)}


def test_a_list_without_diacritics_goes_in_whole_and_sets_the_counts(ws, tmp_path):
    ws.learning.save_citizen_counts(2026, [CitizenCount(OFFICIALS, 9, 4)])
    pv = ws.excel.preview(citizen_book(tmp_path / "cdht.xlsx", ROWS), "citizens", year=2026)
    assert pv.header_row == 3 and pv.counts["valid"] == 4 and not pv.error_rows
    result = ws.excel.commit(pv)
    assert result.imported == 4 and result.updated == 0
    people = {c.full_name: c for c in ws.citizens.list(CitizenFilter(2026))}
    assert people["Nguyễn Văn An"].status == "recognised" and people["Nguyễn Văn An"].id_number == "001080000001"
    assert people["Lê Văn Cường"].target_group == WORKERS and people["Trần Thị Bình"].status == "registered"
    assert _counts(ws) == {FARMERS: (2, 1), WORKERS: (2, 1), OFFICIALS: (9, 4), PUPILS: (0, 0)}
    assert "learning_citizen_count" in result.changes.created


def test_a_repeat_updates_the_people_already_there(ws, tmp_path):
    ws.excel.commit(ws.excel.preview(citizen_book(tmp_path / "a.xlsx", ROWS), "citizens", year=2026))
    again = [
        ("NGUYEN VAN AN", 1980, "Nam", "Thôn 3", "Nong dan, lao dong nong thon", "Da cong nhan", "001080000001"),  # CCCD
        ("Tran Thi Binh", 1975, "Nữ", "Thon 1", "Nong dan, lao dong nong thon", "Cong nhan", ""),  # name+year+thôn
        ("Hoàng Văn Em", 1999, "Nam", "Thôn 2", "Can bo, cong chuc, vien chuc", "Dang ky", ""),  # new
    ]
    pv = ws.excel.preview(citizen_book(tmp_path / "b.xlsx", again), "citizens", year=2026)
    assert any("2 người đã có trong danh sách" in m for m in pv.messages)
    result = ws.excel.commit(pv)
    assert result.imported == 3 and result.updated == 2
    assert ws.citizens.count(CitizenFilter(2026)) == 5  # 4 + 1, nobody doubled
    people = {c.full_name: c for c in ws.citizens.list(CitizenFilter(2026))}
    assert people["NGUYEN VAN AN"].village == "Thôn 3"  # the sheet's spelling wins on an update
    assert _counts(ws)[FARMERS] == (2, 2) and _counts(ws)[OFFICIALS] == (1, 0)


def test_an_unknown_group_or_a_bad_cccd_refuses_the_whole_list(ws, tmp_path):
    bad = [*ROWS[:2], ("Vũ Văn Giang", 1970, "Nam", "Thôn 1", "Nông dân", "Dang ky", ""),
           ("Đỗ Thị Hà", 1985, "Nữ", "Thôn 1", "Nong dan, lao dong nong thon", "Dang ky", "12345")]
    pv = ws.excel.preview(citizen_book(tmp_path / "bad.xlsx", bad), "citizens", year=2026)
    errors = {r.row_number: " ".join(r.errors) for r in pv.error_rows}
    assert set(errors) == {6, 7}
    assert "“Nông dân” không có trong thiết lập" in errors[6] and f"“{OFFICIALS}”" in errors[6]
    assert "12 chữ số" in errors[7]
    with pytest.raises(AppError, match="Không nhập gì: có 2 dòng bị loại"):
        ws.excel.commit(pv)
    assert ws.citizens.count(CitizenFilter(2026)) == 0 and _counts(ws)[FARMERS] == (0, 0)


def test_the_year_given_at_commit_is_the_list_year(ws, tmp_path):
    pv = ws.excel.preview(citizen_book(tmp_path / "y.xlsx", ROWS[:1]), "citizens", year=2026)
    ws.excel.commit(pv, year=2025)
    assert ws.citizens.count(CitizenFilter(2025)) == 1 and ws.citizens.count(CitizenFilter(2026)) == 0
