"""Layering: Qt only in the UI (everything else imports without PySide6); SQL only in storage/."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import khuyenhoc_desktop


def non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(khuyenhoc_desktop.__path__, "khuyenhoc_desktop."):
        if info.name.startswith("khuyenhoc_desktop.ui") or info.name in ("khuyenhoc_desktop.app", "khuyenhoc_desktop.__main__"):
            continue
        names.append(info.name)
    return names


def test_non_ui_modules_do_not_load_qt():
    modules = non_ui_modules()
    assert "khuyenhoc_desktop.storage.database" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'PySide6' not in sys.modules, name\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# -- SQL only in storage/ ------------------------------------------------------------------------------
PACKAGE = Path(khuyenhoc_desktop.__file__).parent
# A string holding a statement: one that starts with a statement's keyword, or carries a whole clause.
_STATEMENT_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT"
    r"|RELEASE|VACUUM|ATTACH)\b")
_STATEMENT_INSIDE = re.compile(
    r"\bSELECT\b.*?\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\b|\bPRAGMA\s+\w+|\bSAVEPOINT\s+\w+|\bsqlite_master\b", re.S)
# Calls that run a statement or reach below peewee to the connection's cursor (and `sqlite3.connect`).
_STATEMENT_CALLS = {"execute_sql", "execute", "executemany", "executescript", "cursor"}


def modules_outside_storage() -> list[Path]:
    storage = PACKAGE / "storage"
    return sorted(p for p in PACKAGE.rglob("*.py") if storage not in p.parents)


def sql_found(path: Path) -> list[str]:
    """`line: what` for each SQL statement or statement call in the module at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)  # prose about SQL, not statements
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _STATEMENT_CALLS:
                found.append(f"{node.lineno}: {name}(…)")
            elif name == "connect" and isinstance(func.value, ast.Name) and func.value.id == "sqlite3":
                found.append(f"{node.lineno}: sqlite3.connect(…)")
            continue
        else:
            continue
        if _STATEMENT_START.match(text) or _STATEMENT_INSIDE.search(text):
            found.append(f"{node.lineno}: {text.strip()[:60]!r}")
    return found


def test_the_sql_check_sees_statements_and_statement_calls(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'def f(db, conn, table):\n'
        '    """Reads inside a SAVEPOINT: SELECT … FROM award."""\n'
        '    db.execute_sql("SELECT 1")\n'
        '    conn.cursor(), sqlite3.connect(":memory:"), button.clicked.connect(f)\n'
        '    conn.execute(f"DELETE FROM {table} WHERE id = ?", (1,))\n'
        '    q = ("SELECT uuid, version"\n'
        '         " FROM award")\n'
        '    return "PRAGMA foreign_key_check", "Đã chọn 3 suất", "Chọn (SELECT) một dòng"\n',
        encoding="utf-8")
    lines = {int(s.split(":")[0]) for s in sql_found(sample)}
    assert lines == {3, 4, 5, 6, 8}
    assert not [s for s in sql_found(sample) if "Đã chọn" in s or "Chọn (SELECT)" in s]


def test_sql_lives_only_in_storage():
    modules = modules_outside_storage()
    covered = {p.relative_to(PACKAGE).parts[0] for p in modules}
    assert {"ui", "services", "commands", "pdf", "sync", "excel", "domain"} <= covered
    # The province's side too, however its modules are split (services/province*.py or a package).
    assert any(p.relative_to(PACKAGE).parts[0] == "services" and "province" in p.relative_to(PACKAGE).parts[1]
               for p in modules)
    offending = {str(p.relative_to(PACKAGE)): found for p in modules if (found := sql_found(p))}
    assert offending == {}
