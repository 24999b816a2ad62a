"""A package whose names load their module on first use (`from package import name` still works): the
`__getattr__` and `__dir__` of `khuyenhoc_desktop.pdf` and `domain.printables`, which keep a command from
importing renderers or declarations it never uses."""

from __future__ import annotations

from importlib import import_module
from typing import Callable


def lazy_names(package: str, namespace: dict, where: dict[str, str]) -> tuple[Callable, Callable]:
    """(`__getattr__`, `__dir__`) for the package `package` (its `globals()` is `namespace`), where
    `where` maps each name to the submodule that defines it."""

    def __getattr__(name: str):  # noqa: N807 - the module hook's name
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value  # the next lookup is a plain attribute
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*namespace, *where})

    return __getattr__, __dir__
