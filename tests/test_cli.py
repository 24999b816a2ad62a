"""The `khuyenhoc` command line: version, check, summary, demo, bad arguments and bad files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from khuyenhoc_desktop import __version__


def run(*args, env=None):
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, timeout=120)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--db", str(path), "--awards", "300", "--seed", "7")
    assert result.returncode == 0, result.stderr
    return path


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_check_reports_schema_integrity_and_counts(demo_db):
    result = run("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok" and report["counts"]["award"]["total"] == 300


def test_summary_matches_the_database(demo_db):
    result = run("summary", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["awards"]
    with sqlite3.connect(demo_db) as conn:
        count, amount = conn.execute("SELECT COUNT(*), SUM(amount) FROM award WHERE deleted = 0"
                                     " AND status IN ('approved', 'awarded')").fetchone()
        drafts = conn.execute("SELECT COUNT(*), SUM(amount) FROM award WHERE deleted = 0 AND status = 'draft'").fetchone()
    assert (data["count"], data["amount"]) == (count, amount)  # given: approved or paid
    assert (data["pending"]["count"], data["pending"]["amount"]) == drafts  # chờ duyệt, apart
    assert data["by_status"]["draft"]["count"] == drafts[0]
    assert sum(v["count"] for v in data["by_category"].values()) == count
    assert sum(v["amount"] for v in data["by_level"].values()) == amount
    year = next(iter(data["by_school_year"]))
    one_year = json.loads(run("summary", "--db", str(demo_db), "--school-year", year).stdout)["awards"]
    assert one_year["count"] == data["by_school_year"][year]["count"]


def test_demo_is_reproducible_with_a_seed(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path in (a, b):
        assert run("demo", "--db", str(path), "--awards", "50", "--seed", "3").returncode == 0
    names = []
    for path in (a, b):
        with sqlite3.connect(path) as conn:
            names.append(conn.execute("SELECT full_name, amount FROM award ORDER BY id").fetchall())
    assert names[0] == names[1]


def test_demo_says_what_it_made_in_vietnamese(tmp_path):
    result = run("demo", "--db", str(tmp_path / "xa.db"), "--awards", "20", "--seed", "4")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "xa.db") as conn:
        declared = conn.execute("SELECT SUM(learners) FROM learning_class WHERE deleted = 0").fetchone()[0]
    assert "20 khen thưởng" in result.stdout and f"{declared:,} lượt người học".replace(",", ".") in result.stdout
    assert "awards" not in result.stdout and "{" not in result.stdout


def test_smoke_opens_the_window_and_exits(demo_db):
    result = run("--db", str(demo_db), "--smoke")
    assert result.returncode == 0, result.stderr
    shown, ready = map(int, re.search(r"hiện sau (\d+) ms \(trang đầu đủ số liệu sau (\d+) ms\)", result.stdout).groups())
    assert 0 < shown <= ready


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50])
def test_bad_files_give_a_message_nonzero_exit_and_stay_untouched(tmp_path, content):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    commands = [("summary", "--db", str(path)), ("check", "--db", str(path))]
    if content:  # the window takes an empty (0-byte) file as a new data file
        commands.append(("--db", str(path), "--smoke"))
    for args in commands:
        result = run(*args)
        assert result.returncode != 0
        assert "Lỗi" in result.stderr or "lỗi" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = run("summary", "--db", str(path))
    assert result.returncode == 1 and "chương trình khác" in result.stderr


def test_bad_arguments():
    assert run("summary").returncode == 2
    assert "thiếu tham số" in run("summary").stderr
    assert run("demo", "--db", "x.db", "--awards", "nhiều").returncode == 2
    assert run("lenh-khong-co").returncode == 2
