"""The program as users get it: the wheel installed (not editable) in a fresh virtualenv, run from its `khuyenhoc`.

The checkout is not on that program's path, so a file looked up next to the source tree (instead of through
`resources.py`) or a module missing from the wheel fails here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _pip(*args: str, timeout: int = 900) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build the wheel, install it with its dependencies into a fresh venv; the folders the program runs with."""
    work = tmp_path_factory.mktemp("installed")
    _pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"), str(ROOT))
    wheels = list((work / "dist").glob("khuyenhoc_desktop-*.whl"))
    assert len(wheels) == 1
    venv = work / "venv"
    # No pip in the venv (quicker): this interpreter's pip installs into it; dependencies come from the
    # package index or pip's cache, never from this environment's site-packages.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    _pip("--python", str(python), "install", "--quiet", str(wheels[0]))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", KHUYENHOC_DATA_DIR=str(home / "data"),
               KHUYENHOC_CONFIG_DIR=str(home / "config"), PYTHONUTF8="1")
    cwd = work / "run"  # not the checkout: nothing may be found relative to the current folder
    cwd.mkdir()
    return {"bin": bin_dir, "python": python, "env": env, "cwd": cwd}


def khuyenhoc(installed: dict, *args, check: bool = True) -> subprocess.CompletedProcess:
    exe = installed["bin"] / ("khuyenhoc.exe" if os.name == "nt" else "khuyenhoc")
    result = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                            env=installed["env"], cwd=installed["cwd"], timeout=300)
    if check:
        assert result.returncode == 0, f"khuyenhoc {' '.join(map(str, args))}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def demo_db(installed, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "xa.db"
    out = khuyenhoc(installed, "demo", "--db", db, "--awards", "12", "--seed", "2").stdout
    assert "12 khen thưởng" in out
    return db


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    assert path.read_bytes().startswith(b"%PDF-")
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def first_value(db: Path, sql: str) -> str:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_the_installed_program_is_the_wheel_not_the_checkout(installed):
    where = subprocess.run([str(installed["python"]), "-c", "import khuyenhoc_desktop, sys; print(khuyenhoc_desktop.__file__)"],
                           capture_output=True, text=True, env=installed["env"], cwd=installed["cwd"], timeout=60)
    assert where.returncode == 0, where.stderr
    location = Path(where.stdout.strip()).resolve()
    assert "site-packages" in location.parts and ROOT not in location.parents
    assert "Khuyến học Desktop" in khuyenhoc(installed, "--version").stdout


def test_certificates_full_and_blank_form(installed, demo_db, tmp_path):
    full = tmp_path / "giay-khen.pdf"
    khuyenhoc(installed, "print", "certificates", "--db", demo_db, "--out", full, "--mode", "full")
    pages = pdf_pages(full)
    # certificates only for decided (approved / paid) awards; drafts print only as a marked preview
    decided = int(first_value(demo_db, "SELECT COUNT(*) FROM award WHERE deleted = 0 AND status IN ('approved', 'awarded')"))
    assert 0 < decided <= 12
    assert len(pages) == decided and all("GIẤY KHEN" in p for p in pages)
    blank = tmp_path / "phoi.pdf"
    khuyenhoc(installed, "print", "certificates", "--db", demo_db, "--out", blank, "--mode", "blank-form")
    blank_pages = pdf_pages(blank)
    # On a printed blank form only the names and details are printed, not the form's own heading.
    assert len(blank_pages) == decided and not any("GIẤY KHEN" in p for p in blank_pages)
    name = first_value(demo_db, "SELECT full_name FROM award WHERE deleted = 0 AND status IN ('approved', 'awarded')"
                                " ORDER BY id LIMIT 1")
    assert any(name in p for p in blank_pages)


def test_minutes_voucher_award_list_and_cash_book(installed, demo_db, tmp_path):
    meeting = first_value(demo_db, "SELECT number FROM meeting WHERE deleted = 0 ORDER BY id LIMIT 1")
    khuyenhoc(installed, "print", "minutes", "--db", demo_db, "--meeting", meeting, "--out", tmp_path / "bb.pdf")
    assert "BIÊN BẢN" in pdf_pages(tmp_path / "bb.pdf")[0]
    number = first_value(demo_db, "SELECT number FROM voucher WHERE deleted = 0 AND number LIKE 'PT-%' ORDER BY id LIMIT 1")
    khuyenhoc(installed, "print", "voucher", "--db", demo_db, "--number", number, "--out", tmp_path / "pt.pdf")
    assert "PHIẾU THU" in pdf_pages(tmp_path / "pt.pdf")[0]
    khuyenhoc(installed, "print", "award-list", "--db", demo_db, "--out", tmp_path / "ds.pdf")
    assert pdf_pages(tmp_path / "ds.pdf")
    khuyenhoc(installed, "print", "cash-book", "--db", demo_db, "--from", "01/01/2020", "--to", "31/12/2030",
              "--out", tmp_path / "so-quy.pdf")
    assert "SỔ QUỸ" in pdf_pages(tmp_path / "so-quy.pdf")[0]


def test_report_in_every_format(installed, demo_db, tmp_path):
    year = first_value(demo_db, "SELECT substr(MAX(voucher_date), 1, 4) FROM voucher WHERE deleted = 0")
    figures = json.loads(khuyenhoc(installed, "report", "--db", demo_db, "--period", year, "--format", "json").stdout)
    assert figures["period"] == year and figures["to"] == f"{year}-12-31"
    assert isinstance(figures["awards"]["count"]["value"], int)
    khuyenhoc(installed, "report", "--db", demo_db, "--period", year, "--format", "pdf", "--out", tmp_path / "bc.pdf")
    assert len(pdf_pages(tmp_path / "bc.pdf")) >= 1
    khuyenhoc(installed, "report", "--db", demo_db, "--period", f"{year}-H1", "--format", "xlsx",
              "--out", tmp_path / "bc.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "bc.xlsx", read_only=True)
    assert any(row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) if any(row))


def test_import_excel_from_a_real_workbook(installed, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Lớp", "Trường", "Thành tích", "Số tiền"])
    sheet.append([1, "Nguyễn Văn An", "05/02/2013", "6A", "Trường THCS Tân Dĩnh", "Học sinh giỏi", "200.000"])
    sheet.append([2, "Trần Thị Bình", "17/09/2012", "7B", "Trường THCS Tân Dĩnh", "Học sinh giỏi", 150000])
    book.save(tmp_path / "khen.xlsx")
    db = tmp_path / "moi.db"
    out = khuyenhoc(installed, "import-excel", "--db", db, tmp_path / "khen.xlsx", "--school-year", "2025-2026").stdout
    assert "Đã nhập 2 dòng" in out
    summary = json.loads(khuyenhoc(installed, "summary", "--db", db).stdout)
    assert summary["awards"]["amount"] + summary["awards"]["pending"]["amount"] == 350_000


def test_sync_export_check_summary(installed, demo_db, tmp_path):
    package = tmp_path / "goi.khsync"
    khuyenhoc(installed, "sync", "export", "--db", demo_db, "--out", package, "--full")
    assert package.stat().st_size > 0
    check = json.loads(khuyenhoc(installed, "check", "--db", demo_db).stdout)
    assert check["integrity"] == "ok" and check["counts"]["award"]["total"] == 12
    summary = json.loads(khuyenhoc(installed, "summary", "--db", demo_db).stdout)
    assert summary["awards"]["count"] + summary["awards"]["pending"]["count"] == 12


def test_window_smoke(installed, demo_db):
    out = khuyenhoc(installed, "--db", demo_db, "--smoke").stdout
    assert "Cửa sổ chính đã hiện sau" in out and "ms" in out


def test_user_guide_and_its_screenshots_ship_in_the_wheel(installed):
    # Looked up through resources.py from the installed package; the guide window opened offscreen.
    script = (
        "import re, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from khuyenhoc_desktop.resources import resource_path\n"
        "from khuyenhoc_desktop.ui.guide import GUIDE_FILE, GuideDialog, guide_html\n"
        "app = QApplication([])\n"
        "guide = resource_path(*GUIDE_FILE)\n"
        "images = re.findall(r'<img src=\"([^\"]+)\"', guide_html())\n"
        "missing = [i for i in images if not (guide.parent / i).is_file()]\n"
        "dialog = GuideDialog()\n"
        "print(guide.parent.parent.name, len(images), missing, dialog.contents.count())\n"
    )
    run = subprocess.run([str(installed["python"]), "-c", script], capture_output=True, text=True, encoding="utf-8",
                         env=installed["env"], cwd=installed["cwd"], timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    where, count, missing, headings = run.stdout.split()[0], int(run.stdout.split()[1]), run.stdout.split()[2], int(run.stdout.split()[-1])
    assert where == "_resources"  # the wheel's copy, not the checkout's resources/
    assert count >= 6 and missing == "[]" and headings >= 8


def test_criteria_sets_ship_in_the_wheel(installed):
    script = (
        "from khuyenhoc_desktop.resources import resource_path\n"
        "from khuyenhoc_desktop.services.learning_criteria import shipped_sets\n"
        "print(resource_path('criteria').parent.name, ' '.join(s.code for s in shipped_sets()))\n"
    )
    run = subprocess.run([str(installed["python"]), "-c", script], capture_output=True, text=True, encoding="utf-8",
                         env=installed["env"], cwd=installed["cwd"], timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    where, *codes = run.stdout.split()
    assert where == "_resources" and sorted(codes) == ["cong-dan-hoc-tap", "don-vi-hoc-tap-xa", "gia-dinh-hoc-tap"]


def test_commune_to_province_to_national_hub(installed, demo_db, tmp_path):
    """The whole way up with the installed commands: a commune's package into a province file, the province's
    signed package into a national hub, whose summary counts the commune's awards under its province."""
    code = first_value(demo_db, "SELECT value FROM setting WHERE key = 'organisation'")
    code = json.loads(code)["commune_code"]
    commune_card, package = tmp_path / "xa.khkey", tmp_path / "goi.khsync"
    khuyenhoc(installed, "sync", "key", "--db", demo_db, "--out", commune_card)
    khuyenhoc(installed, "sync", "export", "--db", demo_db, "--out", package, "--full")
    province = tmp_path / "tinh.db"
    khuyenhoc(installed, "sync", "register", "--db", province, "--commune-code", code, "--name", "Xã mẫu",
              "--key", commune_card)
    imported = json.loads(khuyenhoc(installed, "sync", "import", "--db", province, package, "--json").stdout)
    assert imported["files"][0]["status"] == "applied"
    province_card = tmp_path / "tinh.khkey"
    khuyenhoc(installed, "sync", "province-card", "--db", province, "--out", province_card,
              "--province-code", "24", "--province-name", "Bắc Ninh")
    figures = tmp_path / "tinh.khprov"
    khuyenhoc(installed, "sync", "export-national", "--db", province, "--out", figures, "--json")
    hub = tmp_path / "trung-uong.db"
    khuyenhoc(installed, "national", "register", "--db", hub, "--province-code", "24", "--key", province_card)
    first = json.loads(khuyenhoc(installed, "national", "import", "--db", hub, figures, "--json").stdout)
    again = json.loads(khuyenhoc(installed, "national", "import", "--db", hub, figures, "--json").stdout)
    assert [f["status"] for f in first["files"] + again["files"]] == ["applied", "already"]
    at_province = json.loads(khuyenhoc(installed, "summary", "--db", province).stdout)
    national = json.loads(khuyenhoc(installed, "summary", "--db", hub).stdout)
    assert at_province["awards"]["count"] == at_province["by_commune"][code]["awards"]["count"] > 0
    assert list(national["by_province"]) == ["24"] and list(national["by_commune"]) == [code]
    assert national["by_province"]["24"]["awards"] == national["awards"] == at_province["awards"]
    assert national["by_commune"][code]["province_code"] == "24"
    assert national["by_commune"][code]["awards"] == at_province["by_commune"][code]["awards"]
    check = json.loads(khuyenhoc(installed, "check", "--db", hub).stdout)
    assert check["integrity"] == "ok"
