"""`khuyenhoc report --db PATH --period … --format pdf|xlsx|json --out FILE`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from khuyenhoc_desktop.services import demo
from tests.clock_helpers import TEST_CLOCK, ceremony_year
from khuyenhoc_desktop.services.reporting import period_report

# The demo data is dated from the test clock; this year holds its newest ceremony, fund and classes.
YEAR = ceremony_year(TEST_CLOCK.today())


def run(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "report", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=180)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from khuyenhoc_desktop.services.workspace import Workspace

    path = tmp_path_factory.mktemp("cli") / "demo.db"
    with Workspace.open(path, clock=TEST_CLOCK) as ws:
        demo.fill(ws, awards=300, seed=1)
        expected = period_report(ws, str(YEAR)).to_dict()
    assert expected["awards"]["amount"]["value"] > 0  # a year the demo data fills, not 0 against 0
    return path, expected


def test_json_matches_service(db, tmp_path):
    path, expected = db
    out = tmp_path / "r.json"
    res = run("--db", path, "--period", YEAR, "--format", "json", "--out", out)
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["awards"] == expected["awards"] and data["fund"] == expected["fund"]
    assert data["title"] == f"Tổng kết công tác khuyến học năm {YEAR}"
    res = run("--db", path, "--period", f"{YEAR}-H1", "--format", "json")
    assert res.returncode == 0 and json.loads(res.stdout)["period"] == f"{YEAR}-H1"


def test_pdf(db, tmp_path):
    path, expected = db
    out = tmp_path / "r.pdf"
    res = run("--db", path, "--period", f"{YEAR}-H1", "--format", "pdf", "--out", out, "--number", "07/BC-HKH")
    assert res.returncode == 0, res.stderr
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    squashed = "".join(text.split())
    assert f"Sơkếtcôngtáckhuyếnhọc6thángđầunăm{YEAR}" in squashed and "Số:07/BC-HKH" in squashed


def test_xlsx_one_sheet_per_section(db, tmp_path):
    path, expected = db
    out = tmp_path / "r.xlsx"
    res = run("--db", path, "--period", YEAR, "--format", "xlsx", "--out", out)
    assert res.returncode == 0, res.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Chỉ tiêu chung", "Khen thưởng theo loại", "Khen thưởng theo cấp",
                             "Khen thưởng theo năm học", "Quỹ theo khoản mục", "Lớp học theo lĩnh vực"]
    values = [c for row in wb["Chỉ tiêu chung"].iter_rows(values_only=True) for c in row]
    assert expected["awards"]["amount"]["value"] in values and expected["fund"]["receipts"]["value"] in values


@pytest.mark.parametrize("period", ["2026-Q1", "năm nay", "26"])
def test_bad_period_is_a_clear_error_and_writes_nothing(db, tmp_path, period):
    path, _ = db
    out = tmp_path / "r.pdf"
    res = run("--db", path, "--period", period, "--format", "pdf", "--out", out)
    assert res.returncode == 2
    assert "Kỳ báo cáo không hợp lệ" in res.stderr and "2026-H1" in res.stderr
    assert not out.exists()


def test_missing_file_fails(tmp_path):
    res = run("--db", tmp_path / "none.db", "--period", "2026", "--format", "json")
    assert res.returncode != 0


def test_the_pdf_is_dated_by_the_workspace_clock(db, tmp_path):
    from datetime import date

    from khuyenhoc_desktop.commands.report import export
    from khuyenhoc_desktop.domain.clock import FixedClock
    from khuyenhoc_desktop.services.workspace import Workspace

    path, _ = db
    out = tmp_path / "r.pdf"
    with Workspace.open(path, clock=FixedClock(date(2031, 5, 4)), read_only=True) as ws:
        export(ws, period_report(ws, str(YEAR)), "pdf", str(out))
    squashed = "".join("".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "ngày04tháng5năm2031" in squashed  # months from March on without a leading zero
