"""Sub-commands of `khuyenhoc`: each module here has `register(subparsers)` and sets `func` on its parser.

Modules are discovered, so adding a command means adding a module, not editing a shared list. A module
`NAME.py` or `NAME_*.py` registers the command `NAME` (`-` written `_`): running one command then builds only
its own parsers (tests/test_cli.py checks the rule).
"""

from __future__ import annotations

import importlib
import pkgutil


def register_all(subparsers, only: str | None = None) -> None:
    """Register every command, or with `only` (the command word typed) just the modules that register it:
    importing and building the other dozen modules' parsers cost ~25 ms of every command. An unknown word
    registers them all, so argparse can list the commands that exist."""
    infos = [i for i in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name) if not i.name.startswith("_")]
    if only:
        stem = only.replace("-", "_")
        infos = [i for i in infos if i.name == stem or i.name.startswith(stem + "_")] or infos
    for info in infos:
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
