"""Tệp → Mở kho dữ liệu tỉnh trên máy chủ…: the dialog, and the window then working on the province's
store on a PostgreSQL server (its province page imports and counts there)."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.app import GuiSession
from khuyenhoc_desktop.storage.server import ServerAddress
from khuyenhoc_desktop.ui import dialogs
from tests.services.test_province_import import CODE, NAME, Commune, award
from tests.ui.helpers import finish

pytestmark = pytest.mark.gui


def test_the_dialog_asks_for_what_is_missing_and_gives_the_address(qtbot):
    dialog = dialogs.ServerDialog(None, {"host": "192.168.1.10", "port": 5433, "dbname": "", "user": "tinh"})
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.isVisible() is False and not dialog.result()  # not accepted: the database is missing
    assert "cơ sở dữ liệu" in dialog.problem.text()
    dialog.dbname.setText("khuyenhoc")
    dialog.password.setText("bí mật")
    dialog.accept()
    assert dialog.result()
    assert dialog.values() == {"host": "192.168.1.10", "port": 5433, "dbname": "khuyenhoc", "user": "tinh",
                               "password": "bí mật"}


def test_the_window_opens_the_server_store_and_its_province_page_imports_there(tmp_path, pg_url, qtbot,
                                                                                 monkeypatch):
    address = ServerAddress.parse(pg_url)
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, *a, **k: errors.append(text))
    monkeypatch.setattr(dialogs, "ask_server", lambda parent, initial: {
        "host": address.host, "port": address.port, "dbname": address.dbname, "user": address.user, "password": None})
    prefs = {"zoom": 100}
    session = GuiSession(str(tmp_path / "tinh.db"), prefs)
    session.try_open()
    session.show()
    try:
        window = session.window
        texts = [a.text() for a in window.menus["file"].actions()]
        assert "&Mở kho dữ liệu tỉnh trên máy chủ…" in texts
        assert window.open_server_store()
        assert errors == []
        assert session.window is not window and session.path == address.url
        assert session.ws.datafile.address == address
        assert prefs["server_store"] == {"host": address.host, "port": address.port, "dbname": address.dbname,
                                         "user": address.user}  # no password kept
        texts = [a.text() for a in session.window.menus["file"].actions()]
        assert "&Sao lưu ra USB / thư mục khác…" not in texts  # a server is backed up with pg_dump
        assert address.dbname in session.window.windowTitle()

        page = session.window.show_page("province")
        xa = Commune(tmp_path / "xa")
        assert page.register_commune(str(xa.card_path), CODE, NAME)
        p1 = xa.package([award(i) for i in range(6)])
        monkeypatch.setattr(dialogs, "open_files", lambda *a, **k: [str(p1)])
        page.import_button.click()
        finish(qtbot, page.operation)
        page.apply_button.click()
        finish(qtbot, page.operation)
        assert page.report.item(0, 3).text() == "Đã nhập"
        assert page.by_commune.rowCount() == 1 and page.by_commune.item(0, 2).text() == "6"
        assert session.ws.province.aggregates().awards["count"] == 6  # written on the server

        # a server that cannot be reached: said in Vietnamese, the window stays on the store it has
        current = session.window
        monkeypatch.setattr(dialogs, "ask_server", lambda parent, initial: {
            "host": "127.0.0.1", "port": 1, "dbname": "khong_co", "user": "tinh", "password": None})
        assert not session.window.open_server_store()
        assert errors and "Không kết nối được máy chủ PostgreSQL 127.0.0.1:1" in errors[0]
        assert session.window is current and session.ws.datafile.address == address
    finally:
        session.window.close_quietly()
        session.ws.close()
