"""The one way a write reaches the screen: run the service, ask once, show errors once, hand the changes on.

`run_op` calls a service on the GUI thread; `run_long_op` calls it on a worker thread behind a progress
dialog that can stop it. Both pass the `Changes` the service returned to `MainWindow.apply_changes`
(every built page; a page outside a window refreshes itself), the way Anki's operations return OpChanges.
The Qt-free rules (confirm-and-retry, finding the changes, the cancel token) are in `services.operations`.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal  # not Qt: importing it builds ~100 enums (start-up)
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..domain.changes import Changes
from ..domain.errors import AppError, NeedsConfirmation, OperationCancelled
from ..services.operations import CancelToken, Declined, call_confirmed, changes_of
from .page_changes import page_of

ERROR_TITLE = "Không thực hiện được"


def _dialogs():
    # Imported on the first question or error: the home page uses this module before the first paint.
    from . import dialogs

    return dialogs


def default_ask(widget: QWidget, title: str = "Xác nhận") -> Callable[[NeedsConfirmation], bool]:
    return lambda question: _dialogs().ask(widget, question.message + "\n\nVẫn tiếp tục?", title)


def default_error(widget: QWidget) -> Callable[[AppError], None]:
    return lambda exc: _dialogs().error(widget, exc.message, ERROR_TITLE)


def run_op(
    widget: QWidget,
    call: Callable[..., Any],
    *,
    ask: Callable[[NeedsConfirmation], bool] | None = None,
    on_error: Callable[[AppError], None] | None = None,
    on_declined: Callable[[], None] | None = None,
) -> Any:
    """Run `call()` (then `call(confirm=True)` if `ask` agrees to its warnings) and publish its changes.

    Returns the service's result, or None when it failed (`on_error` was told) or the user said no."""
    try:
        result = call_confirmed(call, ask or default_ask(widget))
    except Declined:
        if on_declined is not None:
            on_declined()
        return None
    except AppError as exc:
        (on_error or default_error(widget))(exc)
        return None
    publish(widget, changes_of(result))
    return result


def publish(widget: QWidget, changes: Changes) -> None:
    """Hand `changes` to the main window holding `widget`, or (a page on its own) to its page."""
    page = page_of(widget)
    window = widget.window()
    while not hasattr(window, "apply_changes") and window.parentWidget() is not None:
        window = window.parentWidget().window()  # a dialog's changes reach the main window that opened it
    if hasattr(window, "apply_changes"):
        window.apply_changes(changes, source=page)
    elif page is not None:
        page.take_changes(changes, source=True)


class _Worker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, ws, call: Callable[[Callable[[int, int], None]], Any], token: CancelToken, parent) -> None:
        super().__init__(parent)
        self.ws, self.call, self.token = ws, call, token

    def run(self) -> None:
        try:
            result = self.call(self.token.progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which shows or re-raises it
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.ws.datafile.release_thread_connection()


RUNNING: set["LongOperation"] = set()  # operations whose worker has not finished


def stop_running(wait_ms: int = 30_000) -> None:
    """Before the window closes: stop every long operation (each rolls back) and wait for its thread."""
    for operation in list(RUNNING):
        operation.token.cancel()
        operation.worker.wait(wait_ms)


class LongOperation(QObject):
    """A service call running on a worker thread; `completed` is emitted after its outcome was handled."""

    completed = Signal()

    def __init__(self, widget: QWidget, ws, call, label: str, on_done, on_error, on_cancelled) -> None:
        super().__init__(widget)
        self.widget = widget
        self.result: Any = None
        self.outcome = "running"  # then "done", "failed" or "cancelled"
        self._on_done, self._on_error, self._on_cancelled = on_done, on_error, on_cancelled
        self.dialog = QProgressDialog(label, "Dừng", 0, 0, widget.window())
        self.dialog.setWindowTitle("Đang làm việc")
        self.dialog.setMinimumWidth(360)  # room for the label ("Đang nhập 200 tệp của xã…")
        self.dialog.setMinimumDuration(300)  # a quick operation shows no dialog at all
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        from PySide6.QtCore import Qt

        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no other write meanwhile
        self.token = CancelToken(lambda done, total: self.worker.progressed.emit(done, total))
        self.dialog.canceled.connect(self.cancel)
        ws.datafile.db  # made here: the worker must get its own connection, not adopt the GUI thread's
        self.worker = _Worker(ws, call, self.token, self)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        RUNNING.add(self)
        self.worker.start()

    def cancel(self) -> None:
        self.token.cancel()
        self.dialog.setLabelText("Đang dừng…")

    def wait(self, ms: int = 60_000) -> bool:
        return self.worker.wait(ms)

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        self.worker.wait()
        RUNNING.discard(self)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _succeeded(self, result) -> None:
        self.result = result
        self._finish("done")
        publish(self.widget, changes_of(result))
        if self._on_done is not None:
            self._on_done(result)
        self.completed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self._finish("cancelled")
            if self._on_cancelled is not None:
                self._on_cancelled()
            self.completed.emit()
            return
        self._finish("failed")
        if not isinstance(exc, AppError):
            self.completed.emit()
            raise exc  # a bug: the application's error dialog shows it with its traceback
        (self._on_error or default_error(self.widget))(exc)
        self.completed.emit()


def run_long_op(
    widget: QWidget,
    ws,
    call: Callable[[Callable[[int, int], None]], Any],
    label: str,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[AppError], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> LongOperation:
    """Run `call(progress)` on a worker thread behind a progress dialog with "Dừng".

    The service must do all its writes in one transaction and call `progress(done, total)` between
    steps: after "Dừng" that call raises OperationCancelled, the transaction rolls back, and
    `on_cancelled` runs. The window keeps painting meanwhile (the dialog is window-modal)."""
    return LongOperation(widget, ws, call, label, on_done, on_error, on_cancelled)
