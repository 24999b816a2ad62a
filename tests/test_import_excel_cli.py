"""`khuyenhoc import-excel`."""

from __future__ import annotations

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.services.workspace import Workspace
from tests.services.test_excel_import import award_book


def count(db) -> int:
    with Workspace.open(db) as ws:
        return ws.awards.count_and_total(AwardFilter())[0]


def test_imports_valid_rows_and_lists_rejected(tmp_path, capsys):
    db = tmp_path / "xa.db"
    code = main(["import-excel", "--db", str(db), str(award_book(tmp_path)), "--school-year", "2024-2025"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Hợp lệ: 2" in out and "Bị loại: 1" in out and "Dòng 6:" in out and "Đã nhập 2 dòng" in out
    assert count(db) == 2


def test_dry_run_and_strict_write_nothing(tmp_path, capsys):
    db = tmp_path / "xa.db"
    path = str(award_book(tmp_path))
    assert main(["import-excel", "--db", str(db), path, "--school-year", "2024-2025", "--dry-run"]) == 0
    assert "Chạy thử" in capsys.readouterr().out
    assert count(db) == 0
    assert main(["import-excel", "--db", str(db), path, "--school-year", "2024-2025", "--strict"]) == 1
    assert "Không nhập gì" in capsys.readouterr().out
    assert count(db) == 0


def test_bad_workbook(tmp_path, capsys):
    db = tmp_path / "xa.db"
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"this is not a workbook")
    code = main(["import-excel", "--db", str(db), str(bad)])
    err = capsys.readouterr().err
    assert code != 0 and "Lỗi:" in err and "hong.xlsx" in err
    assert count(db) == 0


def test_a_citizen_list_with_a_bad_row_imports_nothing(tmp_path, capsys):
    from khuyenhoc_desktop.domain.learning_citizens import CitizenFilter
    from tests.services.test_excel_import_citizens import ROWS, citizen_book

    db = tmp_path / "xa.db"
    bad = citizen_book(tmp_path / "bad.xlsx", [*ROWS, ("Vũ Văn Giang", 2090, "Nam", "Thôn 1", "Công nhân", "", "")])
    assert main(["import-excel", "--db", str(db), str(bad), "--kind", "citizens", "--year", "2026"]) == 1
    out = capsys.readouterr().out
    assert "Dòng 8:" in out and "Không nhập gì" in out
    with Workspace.open(db) as ws:
        assert ws.citizens.count(CitizenFilter(2026)) == 0
    assert main(["import-excel", "--db", str(db), str(citizen_book(tmp_path / "ok.xlsx", ROWS)), "--kind", "citizens",
                 "--year", "2026"]) == 0
    with Workspace.open(db) as ws:
        assert ws.citizens.count(CitizenFilter(2026)) == 4
