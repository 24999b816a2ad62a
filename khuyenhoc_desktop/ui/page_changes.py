"""How a page takes the `Changes` of a write (see `ui/operations.py`): refresh now if shown, else later.

Kept apart from the runner (worker threads, dialogs) so the home page can use it before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.changes import Changes

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def page_of(widget: "QWidget | None") -> "PageChanges | None":
    while widget is not None and not isinstance(widget, PageChanges):
        widget = widget.parentWidget()
    return widget


class PageChanges:
    """Mixin for pages: `shows` names the tables the page shows; `refresh_for(changes)` re-reads what they touch.

    A page that is not visible only remembers the changes and refreshes when it is shown again
    (`MainWindow` calls `refresh_if_stale` on activation); the page that made the change refreshes at once.
    """

    shows: frozenset[str] = frozenset()
    _pending: Changes | None = None

    def refresh_for(self, changes: Changes) -> None:
        raise NotImplementedError

    def affected_by(self, changes: Changes) -> bool:
        return any(changes.touches(t) for t in self.shows) or (changes.settings and "settings" in self.shows)

    def take_changes(self, changes: Changes, source: bool = False) -> None:
        if not self.affected_by(changes):
            return
        if source or self.isVisible():
            self.refresh_for(changes)
        else:
            self._pending = (self._pending or Changes()).merge(changes)

    def everything(self) -> Changes:
        """Changes touching all the page shows (a restore, demo data, a new profile)."""
        changes = Changes(settings=True)
        for table in self.shows:
            changes.add("updated", table)
        return changes

    @property
    def stale(self) -> bool:
        return self._pending is not None

    def refresh_if_stale(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.refresh_for(pending)


class ReadWhenShown:
    """Mixin (before QWidget) for a tab whose figures are read only when it is shown (a register of 100,000
    members is not read for nothing): `reload()` runs when the tab is shown stale; after a change
    `reload_when_shown()` reads now if the tab is in sight, else on its next showing. `reload()` starts
    with `self._stale = False`."""

    _stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload_when_shown(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True
