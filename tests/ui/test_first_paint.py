"""Work the main window leaves until it has been painted: it must not run before, and must run after."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui.main_window import MainWindow


def test_jobs_wait_for_the_first_paint_then_run_in_order(ws, qtbot, no_dialogs):
    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)
    ran = []
    window.after_first_paint(lambda: ran.append("a"))
    window.after_first_paint(lambda: ran.append("b"))
    qtbot.wait(50)
    assert ran == [] and window.deferred_pending() >= 2
    assert window.pages["dashboard"].report is None  # the home page's figures wait too
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
    assert ran == ["a", "b"]
    assert window.pages["dashboard"].report is not None
    window.after_first_paint(lambda: ran.append("c"))  # once painted: soon, without another paint
    qtbot.waitUntil(lambda: ran == ["a", "b", "c"], timeout=2000)


def test_no_qt_enum_nor_peewee_before_the_first_frame(tmp_path):
    # PySide6 builds all ~100 `Qt.…` enums (~20 ms) the first time any is used, and peewee with the models
    # takes ~30 ms to import; start-up keeps both until after the window's first frame. Checked in a
    # fresh interpreter, as this one has them.
    path = tmp_path / "data.db"
    Workspace.open(path).close()  # made (and its catalogues filled) beforehand, as on any start but the first
    script = textwrap.dedent(f"""
        import enum, sys
        from khuyenhoc_desktop.services.workspace import Workspace
        ws = Workspace.open({str(path)!r}, defer_integrity_check=True)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from khuyenhoc_desktop.ui.main_window import MainWindow
        app = QApplication(sys.argv[:1])

        def qt_enums():
            def subclasses(c):
                for s in c.__subclasses__():
                    yield s
                    yield from subclasses(s)
            return sum(1 for c in subclasses(enum.Enum) if c.__qualname__.startswith("Qt."))

        window = MainWindow(ws, {{"zoom": 100}})
        frame = []
        window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: frame.append(
            (qt_enums(), "peewee" in sys.modules))))
        window.show()
        while not frame:
            app.processEvents()
        while window.deferred_pending():
            app.processEvents()
        chart = window.pages["dashboard"].category_chart
        chart.grab()  # the figures drawn: painting them uses Qt's enums
        print(*frame[0], qt_enums(), chart.loaded)
        window.close_quietly()
        ws.close()
    """)
    env = {"QT_QPA_PLATFORM": "offscreen", "KHUYENHOC_CONFIG_DIR": str(tmp_path / "cfg"),
           "KHUYENHOC_DATA_DIR": str(tmp_path / "data"), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    at_frame, peewee_at_frame, later, loaded = result.stdout.split()
    assert int(at_frame) == 0 and loaded == "True"
    assert peewee_at_frame == "False"  # the ORM loads with the first query that needs it, after the frame
    assert int(later) > 50  # the detector works: the figures, drawn later, did build them


def test_home_page_tiles_and_charts_come_after_the_first_frame(ws, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.charts import BarChart
    from khuyenhoc_desktop.ui.pages.dashboard_page import TILES, Tile

    window = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)
    page = window.pages["dashboard"]
    assert page.findChildren(Tile) == [] and page.findChildren(BarChart) == []
    assert page.heading.text().startswith("Tổng quan năm")  # what the first frame shows of the page
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
    assert len(page.findChildren(Tile)) == len(TILES) and len(page.findChildren(BarChart)) == 4
    assert all(chart.loaded for chart in page.charts)
    assert page.tiles["awards_count"].value.text().endswith("suất")
