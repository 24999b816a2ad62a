"""Layering: Qt only in the UI; everything else imports without PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
