"""Errors of the Excel layer."""

from __future__ import annotations

from khuyenhoc_desktop.domain.errors import AppError

__all__ = ["ExcelImportError", "ExcelExportError"]


class ExcelImportError(AppError):
    """A workbook cannot be read at all (password, damaged, empty, no header row).

    Problems with single rows are not errors: they are reported in the preview.
    """


class ExcelExportError(AppError):
    """An export cannot be written (bad specification, file in use…)."""
