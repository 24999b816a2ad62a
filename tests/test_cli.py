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


def _registered_commands(modules) -> set[str]:
    from khuyenhoc_desktop.cli import _parser_class

    parser_class = _parser_class()
    sub = parser_class().add_subparsers(dest="command", parser_class=parser_class)
    for module in modules:
        module.register(sub)
    return set(sub.choices)


def test_each_command_module_registers_only_the_command_its_name_says():
    # build_parser(argv) imports only NAME.py / NAME_*.py for the command NAME: a module breaking the rule
    # would make its command unknown when typed. Modules sharing a first word (sync_commune, sync_province:
    # one `sync` group) register together, in the order register_all uses.
    import importlib
    import pkgutil

    import khuyenhoc_desktop.commands as commands

    names = sorted(i.name for i in pkgutil.iter_modules(commands.__path__) if not i.name.startswith("_"))
    assert len(names) >= 10
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split("_")[0], []).append(name)
    for group in groups.values():
        registered = _registered_commands([importlib.import_module(f"khuyenhoc_desktop.commands.{n}") for n in group])
        assert registered, group
        for command in registered:
            stem = command.replace("-", "_")
            assert all(n == stem or n.startswith(stem + "_") for n in group), (group, command)


@pytest.mark.parametrize("argv", [
    ["print", "certificates", "--db", "x.db", "--out", "y.pdf"],
    ["sync", "import", "--db", "p.db", "a.khsync"],
    ["import-excel", "--db", "x.db", "--kind", "awards", "a.xlsx"],
    ["summary", "--db", "x.db"],
])
def test_the_parser_of_one_command_parses_as_the_whole_parser(argv):
    from khuyenhoc_desktop.cli import build_parser

    one, whole = build_parser(argv), build_parser()
    assert set(one._subparsers._group_actions[0].choices) < set(whole._subparsers._group_actions[0].choices)
    a, b = vars(one.parse_args(argv)), vars(whole.parse_args(argv))
    assert a.keys() == b.keys() and {k: v for k, v in a.items() if k != "func"} == \
        {k: v for k, v in b.items() if k != "func"}
    assert a["func"].__qualname__ == b["func"].__qualname__


def test_an_unknown_command_still_lists_every_command(capsys):
    from khuyenhoc_desktop.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser(["khong-co"]).parse_args(["khong-co"])
    err = capsys.readouterr().err
    assert "print" in err and "sync" in err and "summary" in err
