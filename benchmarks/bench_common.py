"""What the list benchmarks share: a QApplication set up like the program's, and the machine's load as
context for noisy figures."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def qt_app():
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from khuyenhoc_desktop.ui.main_window import BASE_POINT_SIZE

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    return app


def load_now() -> str:
    """Load average, and the share of time some task waited for a CPU (Linux PSI), as context for noise."""
    text = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()
        text += f"; CPU pressure {some[1].replace('avg10=', '10 s ')} %, {some[2].replace('avg60=', '60 s ')} %"
    except (OSError, IndexError):
        pass
    return text
