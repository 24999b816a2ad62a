"""A household list read from an Excel sheet (headers found without diacritics, a total line skipped) and
saved in one transaction; households already on the list stay as they are; a bad line refuses the list."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from khuyenhoc_desktop.domain.errors import AppError, ValidationError
from khuyenhoc_desktop.domain.learning_models import SubjectDraft
from khuyenhoc_desktop.services.learning_excel import read_households


def _sheet(path, rows):
    wb = Workbook()
    sheet = wb.active
    sheet.append(["DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ GIA ĐÌNH HỌC TẬP NĂM 2026"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def test_households_are_read_and_saved_once(ws, tmp_path):
    path = _sheet(tmp_path / "ho.xlsx", [
        ["STT", "Ho va ten chu ho", "Thon", "So nhan khau", "Ghi chú"],
        [1, "Nguyễn Văn An", "Thôn 1", 4, ""],
        [2, "Trần Thị Bình", "Thôn 1", "5", "Hộ mới tách"],
        [3, "Lê Văn Cường", "Thôn 2", None, ""],
        [None, "Tổng cộng", None, 9, None],
    ])
    drafts = read_households(path)
    assert drafts == [SubjectDraft("family", "Nguyễn Văn An", "Thôn 1", size=4),
                      SubjectDraft("family", "Trần Thị Bình", "Thôn 1", size=5, note="Hộ mới tách"),
                      SubjectDraft("family", "Lê Văn Cường", "Thôn 2")]
    ws.learning.save_subject(SubjectDraft("family", "Nguyen Van An", "Thôn 1", size=4))
    saved, skipped, changes = ws.learning.save_households(drafts)
    assert (saved, skipped) == (2, 1) and len(changes.created["learning_subject"]) == 2
    assert ws.learning.subject_count("family") == 3


def test_a_bad_line_refuses_the_whole_list(ws, tmp_path):
    # the title, a blank row, the header, then the line: row 4 of the sheet
    with pytest.raises(AppError, match="Dòng 4: số nhân khẩu “bốn” không phải là số"):
        read_households(_sheet(tmp_path / "a.xlsx", [["Chủ hộ", "Thôn", "Số khẩu"], ["Nguyễn Văn An", "Thôn 1", "bốn"]]))
    with pytest.raises(AppError, match="cột “Chủ hộ”"):
        read_households(_sheet(tmp_path / "b.xlsx", [["Họ và tên", "Thôn"], ["Nguyễn Văn An", "Thôn 1"]]))
    drafts = [SubjectDraft("family", "Nguyễn Văn An", "Thôn 1"), SubjectDraft("family", "Trần Thị Bình", "")]
    with pytest.raises(ValidationError, match="Hộ thứ 2 \\(Trần Thị Bình\\): Chưa chọn thôn"):
        ws.learning.save_households(drafts)
    assert ws.learning.subject_count("family") == 0  # nothing half-saved
