"""`khuyenhoc demo --today`: demo data dated from a given day (hidden option for tests and benchmarks)."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.services.workspace import Workspace


def test_demo_is_dated_from_the_given_day(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--awards", "20", "--seed", "1", "--today", "2030-03-01"]) == 0
    assert "Đã tạo dữ liệu mẫu" in capsys.readouterr().out
    with Workspace.open(db) as ws:
        assert ws.fund.locked_until() == date(2030, 2, 28)
        assert "2029-2030" in ws.catalogs.names("school_year")


def test_a_day_not_written_yyyy_mm_dd_is_refused_before_anything_is_made(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--awards", "20", "--today", "01/03/2030"]) != 0
    assert "Ngày --today phải có dạng NNNN-TT-NN" in capsys.readouterr().err
    assert not db.exists()


def test_the_option_is_not_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = capsys.readouterr().out
    assert "--awards" in out and "--today" not in out
