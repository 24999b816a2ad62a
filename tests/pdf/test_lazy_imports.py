"""A certificate is drawn without importing ReportLab's platypus; tables and charts made later in the
same process still start in the embedded serif (never the unembedded Helvetica)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

from khuyenhoc_desktop.pdf.fonts import SERIF


def test_certificate_without_platypus_then_tables_in_the_serif(tmp_path, fonts):
    script = textwrap.dedent("""
        import sys
        from datetime import date
        from khuyenhoc_desktop.domain.organisation import sample_organisation
        from khuyenhoc_desktop.domain.printables import CertificateData
        from khuyenhoc_desktop.pdf import render_certificates
        item = CertificateData.from_organisation(sample_organisation(), "Nguyễn Thị Thuỷ", salutation="Em",
                                                 school_year="2025-2026", issue_date=date(2026, 2, 5))
        render_certificates([item])
        print("platypus" if any(m.startswith("reportlab.platypus") for m in sys.modules) else "no-platypus")
        from reportlab.lib.pagesizes import A4
        from reportlab.platypus import Table
        from reportlab.graphics import shapes
        from khuyenhoc_desktop.pdf.base import build_document
        from khuyenhoc_desktop.pdf.fonts import SERIF
        from khuyenhoc_desktop.pdf.styles import Margins
        pdf = build_document([Table([["", "Tổng cộng"]])], pagesize=A4, margins=Margins(40, 40, 40, 40))
        print("helvetica" if b"Helvetica" in pdf else "serif-only", shapes.STATE_DEFAULTS["fontName"] == SERIF)
    """)
    # a cache of its own, holding the serif instances this session built (building them is test_fonts.py's)
    built = fonts.path(SERIF).parent
    shutil.copytree(built, tmp_path / "cache" / "fonts" / built.name)
    env = {**os.environ, "KHUYENHOC_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("\n")[:2]
    assert first == "no-platypus"
    assert second == "serif-only True"
