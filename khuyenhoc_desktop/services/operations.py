"""The Qt-free half of running a use case for the UI: confirm-and-retry, the `Changes` it made, progress.

`ui/operations.py` is the other half (dialogs, worker thread, handing the changes to the pages).
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from ..domain.changes import Changes
from ..domain.errors import NeedsConfirmation, OperationCancelled

# A long service takes `progress(done, total)`; the call raises OperationCancelled when the user stopped it.
Progress = Callable[[int, int], None]


class Declined(Exception):
    """The user answered "no" to a NeedsConfirmation question: nothing was saved."""


def call_confirmed(call: Callable[..., Any], ask: Callable[[NeedsConfirmation], bool]) -> Any:
    """`call()`; if it needs confirmation and `ask(question)` agrees, `call(confirm=True)`, else Declined.

    Every service that raises NeedsConfirmation takes `confirm=True` to save over its warnings."""
    try:
        return call()
    except NeedsConfirmation as question:
        if not ask(question):
            raise Declined() from None
        return call(confirm=True)


def changes_of(result: Any) -> Changes:
    """The `Changes` a service returned: itself, the first one in a returned tuple, or its `.changes`."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple):
        return next((item for item in result if isinstance(item, Changes)), Changes())
    if isinstance(result, list):
        found = Changes()
        for item in result:
            found.merge(changes_of(item))
        return found
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else Changes()


class CancelToken:
    """Shared by the worker and the window: `progress` reports and raises once `cancel()` was called."""

    REPORT_EVERY = 0.05  # seconds: a row-by-row loop must not flood the window with progress events

    def __init__(self, report: Callable[[int, int], None] = lambda done, total: None) -> None:
        self._stop = threading.Event()
        self._report = report
        self._last = 0.0

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise OperationCancelled()
        now = time.monotonic()
        if now - self._last >= self.REPORT_EVERY or done >= total > 0:
            self._last = now
            self._report(done, total)


def report(progress: Progress | None, done: int, total: int) -> None:
    """Call `progress` if a caller gave one (services take it as an optional parameter)."""
    if progress is not None:
        progress(done, total)
