"""Fixtures for the PDF tests (helpers live in pdfhelpers.py)."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.domain.organisation import sample_organisation


@pytest.fixture(scope="session")
def fonts():
    from khuyenhoc_desktop.pdf.fonts import ensure_fonts

    return ensure_fonts()


@pytest.fixture
def org():
    return sample_organisation()
