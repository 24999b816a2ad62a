"""Errors shown to the user; each carries a Vietnamese message."""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """Base of every error the program explains to the user in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: `severity` is "error" (blocks saving) or "warning" (needs confirmation)."""

    field: str
    message: str
    severity: str = "error"


class ValidationError(AppError):
    """A record cannot be saved as it is; `errors` say which fields and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors) or "Dữ liệu không hợp lệ.")


class NeedsConfirmation(AppError):
    """Saving needs the user's confirmation first (warnings, probable duplicates)."""

    def __init__(self, warnings: list[FieldError], duplicates: list | None = None) -> None:
        self.warnings = list(warnings)
        self.duplicates = list(duplicates or [])
        super().__init__("; ".join(w.message for w in self.warnings) or "Cần xác nhận trước khi lưu.")


class NotFoundError(AppError):
    """The record asked for does not exist (or was deleted)."""


class ConflictError(AppError):
    """The record changed underneath the caller, or the operation clashes with existing data."""


class PeriodLockedError(AppError):
    """The date falls inside a locked (khóa sổ) period."""


class DataFileError(AppError):
    """The data file cannot be opened or used (not ours, newer, damaged, read-only, locked)."""


class DamagedDataFileError(DataFileError):
    """The data file is damaged (failed integrity check or unreadable pages); a backup can replace it."""


class OperationCancelled(AppError):
    """The user stopped a long operation; its transaction was rolled back, so nothing was written."""

    def __init__(self, message: str = "Đã dừng theo yêu cầu; chưa ghi gì vào dữ liệu.") -> None:
        super().__init__(message)
