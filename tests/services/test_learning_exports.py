"""The learning models' lists in Excel: the figures of the PDFs (counted by hand in tests/learning_helpers.py),
the rows in thôn order, a column per sub-item of the score sheet, a sheet per decision."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from khuyenhoc_desktop.domain.errors import NotFoundError
from khuyenhoc_desktop.services import learning_exports
from tests.learning_helpers import UNIT_POINTS, learning_year


@pytest.fixture
def year(ws):
    for village in ("Thôn Đông", "Thôn Tây"):
        ws.catalogs.add("village", village)
    return learning_year(ws)


def _rows(path, sheet=0):
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[sheet]
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    return rows[:head], rows[head], rows[head + 1:], book.sheetnames


def test_registrations_in_thon_order_with_their_status(ws, year, tmp_path):
    top, head, rows, _ = _rows(learning_exports.registrations(ws, tmp_path / "dk.xlsx", 2026, "family"))
    assert "DANH SÁCH ĐĂNG KÝ DANH HIỆU “GIA ĐÌNH HỌC TẬP” NĂM 2026" in [r[0] for r in top]
    assert head[:6] == ("STT", "Chủ hộ", "Thôn, tổ dân phố", "Số nhân khẩu", "Ngày đăng ký", "Tình trạng")
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in rows] == [
        (1, "Lê Văn Cường", "Thôn Đông", datetime(2026, 2, 5), "Đã đăng ký"),
        (2, "Nguyễn Văn An", "Thôn Đông", datetime(2026, 2, 5), "Đã công nhận"),
        (3, "Trần Thị Bình", "Thôn Đông", datetime(2026, 2, 5), "Đã công nhận"),
        (4, "Hoàng Văn Em", "Thôn Tây", datetime(2026, 2, 5), "Đã đăng ký")]  # the catalogue's thôn order


def test_score_results_have_a_column_per_sub_item(ws, year, tmp_path):
    _top, head, rows, _ = _rows(learning_exports.scores(ws, tmp_path / "cd.xlsx", 2026, "unit"))
    assert head[6:17] == ("1.1 (10)", "1.2 (10)", "1.3 (10)", "2.1 (10)", "2.2 (5)", "2.3 (10)", "2.4 (5)",
                          "3.1 (25)", "3.2 (15)", "Tổng điểm", "Điểm tối đa")
    (row,) = rows
    assert row[1] == "Trường Tiểu học Hòa Bình" and list(row[6:15]) == list(UNIT_POINTS.values())
    assert row[15:19] == (90, 100, "Tốt", "Đạt")  # 10+10+10+10+5+10+5+25+5
    with pytest.raises(NotFoundError, match="Chưa có gia đình nào được chấm điểm năm 2026"):
        learning_exports.scores(ws, tmp_path / "x.xlsx", 2026, "family")
    assert not (tmp_path / "x.xlsx").exists()


def test_the_recognition_list_and_the_statistics_table(ws, year, tmp_path):
    top, _head, rows, names = _rows(learning_exports.recognition(ws, tmp_path / "cn.xlsx", 2026))
    assert names == ["QĐ 20 QĐ-UBND", "QĐ 22 QĐ-UBND", "QĐ 21 QĐ-UBND"]
    assert "(Kèm theo Quyết định số 20/QĐ-UBND ngày 01/12/2026 của Ủy ban nhân dân xã Tân Dĩnh)" in [r[0] for r in top]
    assert [r[1] for r in rows[:2]] == ["Nguyễn Văn An", "Trần Thị Bình"] and rows[2][0] == "Tổng số: 2 hộ gia đình."
    path = learning_exports.statistics(ws, tmp_path / "bieu.xlsx", 2026)
    _top, _head, villages, names = _rows(path)
    assert names == ["Gia đình học tập", "Các mô hình khác"]
    # Thôn Đông 4 hộ, 3 đăng ký (75 %), 2 công nhận (50 %); Thôn Tây 2, 1 (50 %), 0; total 6, 4, 2
    assert villages == [(1, "Thôn Đông", 4, 3, "75,0", 2, "50,0"), (2, "Thôn Tây", 2, 1, "50,0", 0, "0,0"),
                        ("Tổng cộng", None, 6, 4, "66,7", 2, "33,3")]
    _top, _head, models, _ = _rows(path, 1)
    assert models == [(1, "Dòng họ học tập", 1, 1, "100,0", 0, "0,0"),
                      (2, "Cộng đồng học tập", 1, 1, "100,0", 1, "100,0"), (3, "Đơn vị học tập", 1, 1, "100,0", 1, "100,0"), (4, "Công dân học tập", None, 50, "–", 3, "–")]


def test_a_recognition_still_valid_is_a_row_of_the_next_years_registrations(ws, year, tmp_path):
    # Thôn Đông was recognised in 2026; a Cộng đồng học tập stays valid 3 years by default: 2026–2028
    _top, _head, rows, _ = _rows(learning_exports.registrations(ws, tmp_path / "dk.xlsx", 2027, "community"))
    assert [(r[1], r[3], r[-1]) for r in rows] == [("Thôn Đông", "Chưa đăng ký",
                                                    "Công nhận năm 2026, còn hiệu lực đến năm 2028")]
    with pytest.raises(NotFoundError, match="Chưa có cộng đồng nào đăng ký năm 2029"):
        learning_exports.registrations(ws, tmp_path / "dk.xlsx", 2029, "community")
