"""The refusal of the province side."""

from __future__ import annotations

from ...domain.errors import AppError


class ProvinceError(AppError):
    """A refusal of the province side, with a Vietnamese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
