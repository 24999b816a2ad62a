"""PDF documents (ReportLab, no Qt): fonts and one renderer per document.

Input is always a `domain.printables` dataclass; output is the PDF bytes, written
atomically when a path is given.
"""

from .award_list import render_award_list
from .bank_book import render_bank_book
from .base import Cancelled
from .cash_book import render_cash_book
from .certificate import (
    load_profiles,
    render_calibration_page,
    render_certificate,
    render_certificates,
    save_profiles,
)
from .class_summary import render_class_summary
from .fonts import ensure_fonts
from .minutes import render_minutes
from .voucher import render_voucher, render_vouchers

__all__ = [
    "Cancelled",
    "ensure_fonts",
    "load_profiles",
    "render_award_list",
    "render_bank_book",
    "render_calibration_page",
    "render_cash_book",
    "render_certificate",
    "render_certificates",
    "render_class_summary",
    "render_minutes",
    "render_voucher",
    "render_vouchers",
    "save_profiles",
]
