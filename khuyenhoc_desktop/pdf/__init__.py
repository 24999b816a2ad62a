"""PDF documents (ReportLab, no Qt): fonts and one renderer per document.

Input is always a `domain.printables` dataclass; output is the PDF bytes, written
atomically when a path is given.

The renderers are imported on first use (`from khuyenhoc_desktop.pdf import render_voucher` still works):
printing certificates needs only the canvas, while the list and book renderers pull in ReportLab's
platypus, ~0.1–0.2 s of imports a command would otherwise pay for nothing.
"""

from ..lazy_names import lazy_names

# name → the module of this package that defines it
_WHERE = {
    "Cancelled": "base",
    "ensure_fonts": "fonts",
    "load_profiles": "certificate",
    "render_award_list": "award_list",
    "render_bank_book": "bank_book",
    "render_calibration_page": "certificate",
    "render_cash_book": "cash_book",
    "render_certificate": "certificate",
    "render_certificates": "certificate",
    "render_class_summary": "class_summary",
    "render_member_cards": "member_cards",
    "render_member_list": "member_list",
    "render_minutes": "minutes",
    "render_voucher": "voucher",
    "render_vouchers": "voucher",
    "save_profiles": "certificate",
}

__all__ = sorted(_WHERE)

__getattr__, __dir__ = lazy_names(__name__, globals(), _WHERE)
