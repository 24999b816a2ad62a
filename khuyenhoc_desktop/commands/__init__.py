"""Sub-commands of `khuyenhoc`: each module here has `register(subparsers)` and sets `func` on its parser.

Modules are discovered, so adding a command means adding a module, not editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil


def register_all(subparsers) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
