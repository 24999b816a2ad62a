"""Regression: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 calls to void Qt methods (none_dealloc).

Run in a subprocess so an abort shows as a failed test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
from PySide6.QtWidgets import QApplication, QLabel, QWidget
app = QApplication([])
w = QWidget()
label = QLabel(w)
for i in range(20_000):
    label.setText(str(i))      # void
    w.setWindowTitle("Tiêu đề")  # void
    label.adjustSize()         # void
print("done", label.text())
"""


def test_twenty_thousand_void_qt_calls_do_not_crash():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done 19999"
