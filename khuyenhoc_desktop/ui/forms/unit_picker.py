"""A line edit that offers official administrative units while one types, without diacritics too
("tan dinh" finds "Xã Tân Dĩnh (07432)"); what is typed stays free text for a unit the list lacks."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit


class UnitLineEdit(QLineEdit):
    """`units()` gives the units to offer (loaded on first use: the list is read when the form needs it);
    `picked(unit)` is emitted when one is chosen from the list, after the text became its short name."""

    picked = Signal(object)

    def __init__(self, text: str, units: Callable[[], Sequence], parent=None) -> None:
        super().__init__(text, parent)
        self._units = units
        self._shown: list = []
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # The list is filtered here (folded words), so Qt must show it as given.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        self._completer.activated[str].connect(self._activated)
        self.textEdited.connect(self._refresh)

    def offer(self, text: str | None = None) -> list:
        """Fill the popup with the units matching `text` (the field's own by default) and return them."""
        from ...services import admin_units

        self._shown = admin_units.search(self._units(), self.text() if text is None else text, limit=60)
        self._model.setStringList([u.label if hasattr(u, "label") else u.name for u in self._shown])
        return self._shown

    def _refresh(self, text: str) -> None:
        if self.offer(text):
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def show_all(self) -> None:
        self.offer("")
        self._completer.complete()

    def choose(self, unit) -> None:
        self.setText(unit.short)
        self.setModified(True)
        self.picked.emit(unit)

    def _activated(self, label: str) -> None:
        unit = next((u for u in self._shown if (u.label if hasattr(u, "label") else u.name) == label), None)
        if unit is not None:
            self.choose(unit)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Alt+↓ (or F4) opens the whole list, as on a combo box.
        if event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                           and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.show_all()
            return
        super().keyPressEvent(event)
