"""Tệp → Hợp nhất dữ liệu các xã cũ…: choose two old communes' files (made by demo), look at the preview, rename
a thôn in it, merge off the GUI thread, then print the handover minutes; the lists then filter by origin."""

from __future__ import annotations

import contextlib
import io

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.main_window import MainWindow
from tests.clock_helpers import test_today
from tests.ui.helpers import finish

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def olds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xa-cu")
    paths = []
    with contextlib.redirect_stdout(io.StringIO()):
        for code, name in (("07450", "Đồng Sơn"), ("07453", "Song Khê")):
            paths.append(str(folder / f"{code}.db"))
            assert main(["demo", "--db", paths[-1], "--awards", "15", "--seed", code[-1], "--commune-code", code,
                         "--commune-name", name, "--today", test_today().isoformat()]) == 0
    return paths


@pytest.fixture
def window(ws, qtbot, no_dialogs, monkeypatch):
    monkeypatch.setattr("khuyenhoc_desktop.ui.main_window.save_preferences", lambda prefs: None)
    w = MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(w)
    return w


def test_preview_rename_merge_and_print_from_the_file_menu(window, ws, qtbot, olds, monkeypatch, tmp_path):
    action = next(a for a in window.menus["file"].actions() if a.text() == "&Hợp nhất dữ liệu các xã cũ…")
    monkeypatch.setattr(dialogs, "open_files", lambda *a, **k: olds)
    action.trigger()
    dialog = window._merge_dialog
    qtbot.addWidget(dialog)
    dialog.add_files()
    assert dialog.paths() == olds and not dialog.merge_button.isEnabled()
    dialog.preview()
    finish(qtbot, dialog.operation)
    plan = dialog.plan
    assert plan is not None and dialog.merge_button.isEnabled()
    assert dialog.counts.columnCount() == 3 and dialog.counts.item(0, 0).text() == "Danh mục"
    awards_row = next(r for r in range(dialog.counts.rowCount()) if dialog.counts.item(r, 0).text().startswith("Khen"))
    assert dialog.counts.item(awards_row, 1).text().startswith("15 / 0 / 0")
    assert dialog.books.rowCount() == sum(len(s.books) for s in plan.sources)
    # rename "Thôn 1" of Đồng Sơn in the preview: the plan follows
    row = next(r for r in range(dialog.names.rowCount())
               if dialog.names.item(r, 2).text() == "Thôn 1" and dialog.names.item(r, 1).text() == "xã Đồng Sơn")
    assert dialog.names.item(row, 3).text() == "Thôn 1 (xã Đồng Sơn cũ)"
    assert dialog.names.item(row, 3).flags() & Qt.ItemFlag.ItemIsEditable
    dialog.names.item(row, 3).setText("Thôn Đông Sơn")
    assert {(n.origin_code, n.name): n.target for n in dialog.plan.names}[("07450", "Thôn 1")] == "Thôn Đông Sơn"
    shown = dialog.names.rowCount()
    dialog.show_same.setChecked(True)  # the entries unified with one of the same name, too
    assert dialog.names.rowCount() == len(dialog.plan.names) > shown
    dialog.show_same.setChecked(False)
    assert dialog.names.rowCount() == shown
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    dialog.apply()
    finish(qtbot, dialog.operation)
    assert dialog.merged and dialog.print_button.isEnabled() and not dialog.merge_button.isEnabled()
    assert "Đã hợp nhất 2 xã cũ" in dialog.status_line.text()
    assert ws.awards.count_and_total(AwardFilter(origin="07450"))[0] == 15
    villages = set(ws.catalogs.names("village"))
    assert "Thôn Đông Sơn" in villages and "Thôn 1 (xã Song Khê cũ)" in villages
    out = tmp_path / "ban-giao.pdf"
    assert dialog.print_handover(str(out)) == str(out) and out.read_bytes().startswith(b"%PDF")
    # the award list now offers the old communes in its "Xã cũ" filter
    page = window.show_page("awards")
    items = [page.filters["origin"].itemText(i) for i in range(page.filters["origin"].count())]
    assert "xã Đồng Sơn" in items and "xã Song Khê" in items
    page.filters["origin"].setCurrentText("xã Song Khê")
    assert page.current_filter().origin == "07453"


def test_a_refused_file_is_said_and_nothing_can_be_merged(window, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "ghi-chu.db"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    told = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title="": told.append(text))
    dialog = window.merge_old_communes()
    qtbot.addWidget(dialog)
    dialog.add_files([str(bad)])
    dialog.preview()
    finish(qtbot, dialog.operation)
    assert told and "không phải tệp dữ liệu của Khuyến học Desktop" in told[0]
    assert dialog.plan is None and not dialog.merge_button.isEnabled()
