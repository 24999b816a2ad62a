"""The national page (Tổng hợp toàn quốc): first steps on a fresh national store; registering the provinces,
importing their packages through the page (results per file, a refused file with its reason), the figures by
province and by commune, the school-year choice, revoking a key, the Excel export; the province page's
"Xuất gói gửi trung ương…"; the window opens a national store on this page and it fits 1024×768 at 125 %.

Expected figures are worked out by hand from tests/services/national_helpers.py's provinces:
Bắc Ninh (24): Tân Dĩnh 07462 — 3 awards (100.000 + 200.000 + 300.000), 1 class of 10 learners, receipts
1.000.000; Song Khê 07465 — 2 awards (100.000 + 200.000), no class, receipts 500.000. Hà Nội (01): Ba Đình
00004 — 4 awards (1.000.000 in all), 2 classes of 10 and 11 learners, receipts 2.000.000. Every commune has a
draft award too (not counted) and every award and class is of school year 2024-2025."""

from __future__ import annotations

import threading

import pytest
from openpyxl import load_workbook

from khuyenhoc_desktop.services.national.export import export_national
from khuyenhoc_desktop.ui import dialogs
from tests.services.national_helpers import ProvinceFixture, open_national
from tests.ui.helpers import finish, show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def provinces(tmp_path):
    found = {code: ProvinceFixture(tmp_path / f"tinh-{code}", code) for code in ("24", "01")}
    yield found
    for p in found.values():
        p.close()


@pytest.fixture
def hub(tmp_path):
    ws = open_national(tmp_path / "trung-uong.db")
    yield ws
    ws.close()


@pytest.fixture
def page(hub, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.national_page import NationalPage

    return show_widget(qtbot, NationalPage(hub), 1300, 900)


def texts(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def row(table, r: int) -> list[str]:
    return [table.item(r, c).text() for c in range(table.columnCount())]


def packages(provinces, tmp_path) -> list[str]:
    return [str(export_national(p.ws, tmp_path / f"{code}.khprov").path) for code, p in provinces.items()]


def register_both(page, provinces) -> None:
    for code, p in provinces.items():
        assert page.register_province(str(p.card), code, p.name) is not None


def test_a_fresh_national_store_explains_the_first_steps(page):
    assert page.figures.currentWidget() is page.first_steps
    text = page.first_steps.text()
    assert "Đăng ký tỉnh…" in text and "Nhập gói của tỉnh…" in text and "Xuất gói gửi trung ương…" in text
    assert page.provinces.rowCount() == 0 and not page.xlsx_button.isEnabled()


def test_register_import_and_the_figures_by_province_and_commune(page, hub, provinces, tmp_path, monkeypatch, qtbot):
    register_both(page, provinces)
    assert texts(page.provinces, 0) == ["01", "24"]
    assert page.provinces.item(1, 2).text().replace("\n", "") == hub.national.province("24").fingerprint
    assert "Đã đăng ký 2 tỉnh" in page.first_steps.text()  # still no figures: the next step is explained
    assert page.figures.currentWidget() is page.first_steps

    files = packages(provinces, tmp_path)
    monkeypatch.setattr(dialogs, "open_files", lambda *a, **k: files)
    page.import_button.click()
    finish(qtbot, page.operation)
    assert texts(page.report, 3) == ["Đã nhập", "Đã nhập"]
    assert texts(page.report, 1) == ["Bắc Ninh (24)", "Hà Nội (01)"] and texts(page.report, 4) == ["2", "1"]
    assert page.sections.currentIndex() == 2 and "2 đã nhập" in page.status.text()
    assert texts(page.provinces, 3) == ["1", "1"]  # the last package of each province

    assert page.figures.currentWidget() is not page.first_steps
    # Mã tỉnh, Tên tỉnh, Số xã, Khen thưởng, Tiền khen thưởng, Lớp, Người học, Thu, Chi, Tồn quỹ
    assert row(page.by_province, 0) == ["01", "Hà Nội", "1", "4", "1.000.000", "2", "21", "2.000.000", "0", "2.000.000"]
    assert row(page.by_province, 1) == ["24", "Bắc Ninh", "2", "5", "900.000", "1", "10", "1.500.000", "0",
                                        "1.500.000"]
    assert row(page.by_province, 2) == ["", "Toàn quốc", "3", "9", "1.900.000", "3", "31", "3.500.000", "0",
                                        "3.500.000"]
    assert page.by_province.item(2, 1).font().bold()
    assert "2 tỉnh, 3 xã — 9 lượt khen thưởng, 1.900.000 đ" in page.totals_label.text()
    assert page.missing_label.isHidden()

    # the first province is selected: its communes below; another province's on selecting it
    assert texts(page.by_commune, 0) == ["00004"] and "Hà Nội (01)" in page.communes_label.text()
    page.by_province.selectRow(1)
    assert texts(page.by_commune, 0) == ["07462", "07465"]
    assert row(page.by_commune, 0) == ["07462", "Tân Dĩnh", "3", "600.000", "1", "10", "1.000.000", "0", "1.000.000"]
    assert row(page.by_commune, 1) == ["07465", "Song Khê", "2", "300.000", "0", "0", "500.000", "0", "500.000"]
    page.by_province.selectRow(2)  # the totals line has no communes of its own
    assert page.by_commune.rowCount() == 0

    # the school years the packages carry; every figure is of 2024-2025, so the year gives the same awards
    years = [page.school_year.itemData(i) for i in range(page.school_year.count())]
    assert years == ["", "2024-2025"]
    page.school_year.setCurrentIndex(1)
    assert page.by_province.item(2, 3).text() == "9" and page.by_province.item(2, 4).text() == "1.900.000"

    out = page.export_xlsx(str(tmp_path / "toan-quoc.xlsx"))
    book = load_workbook(out)
    assert book.sheetnames == ["Theo tỉnh", "Theo xã"]
    cells = [c for r in book["Theo tỉnh"].iter_rows(values_only=True) for c in r]
    assert "Hà Nội" in cells and "Bắc Ninh" in cells and 1_900_000 in cells
    communes = [c for r in book["Theo xã"].iter_rows(values_only=True) for c in r]
    assert {"Tân Dĩnh", "Song Khê", "Ba Đình"} <= set(communes)


def test_a_refused_file_shows_its_reason_and_an_import_again_is_already(page, hub, provinces, tmp_path, monkeypatch,
                                                                       qtbot):
    files = packages(provinces, tmp_path)
    code, p = "24", provinces["24"]
    assert page.register_province(str(p.card), code, p.name) is not None
    damaged = tmp_path / "hong.khprov"
    damaged.write_bytes(open(files[0], "rb").read()[:-40])
    finish(qtbot, page.choose_files([files[0], files[1], str(damaged)]))
    assert texts(page.report, 3) == ["Đã nhập", "Bị từ chối", "Bị từ chối"]
    assert "chưa được đăng ký" in page.report.item(1, 6).text()  # Hà Nội is not registered
    assert page.report.item(2, 6).text() != ""
    assert "1 đã nhập, 0 đã nhập rồi, 2 bị từ chối" in page.status.text()
    # the figures are Bắc Ninh's only; Hà Nội is not registered, so not missing either
    assert texts(page.by_province, 0) == ["24", ""]
    finish(qtbot, page.choose_files([files[0]]))
    assert texts(page.report, 3) == ["Đã nhập rồi"] and "đã nhập rồi" in page.report.item(0, 6).text()
    # a registered province without figures is named as missing
    assert page.register_province(str(provinces["01"].card), "01", "Hà Nội") is not None
    assert not page.missing_label.isHidden() and "Hà Nội (01)" in page.missing_label.text()


def test_stopping_an_import_imports_none_of_the_batch(page, hub, provinces, tmp_path, qtbot, monkeypatch):
    register_both(page, provinces)
    files = packages(provinces, tmp_path)
    pressed = threading.Event()
    real = type(page.service).import_files

    def after_stop(service, paths, progress=None):  # the worker starts only once "Dừng" has been pressed
        assert pressed.wait(30)
        return real(service, paths, progress=progress)

    monkeypatch.setattr(type(page.service), "import_files", after_stop)
    operation = page.choose_files(files)
    operation.cancel()
    pressed.set()
    finish(qtbot, operation)
    assert operation.outcome == "cancelled"
    assert [p.packages for p in hub.national.provinces()] == [0, 0]
    assert page.status.text() == "Đã dừng; chưa nhập tệp nào."


def test_revoke_a_province_key_from_the_page(page, hub, provinces, tmp_path, monkeypatch, qtbot):
    register_both(page, provinces)
    monkeypatch.setattr(dialogs, "warning", lambda *a, **k: None)
    assert not page.revoke_province()  # nothing selected
    page.provinces.selectRow(1)
    assert page.selected_province().code == "24"
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Máy tính của tỉnh bị mất")
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    assert not page.revoke_province() and not hub.national.province("24").revoked
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    assert page.revoke_province()
    assert hub.national.province("24").revoked
    assert "Máy tính của tỉnh bị mất" in page.provinces.item(1, 7).text()
    finish(qtbot, page.choose_files(packages({"24": provinces["24"]}, tmp_path)))
    assert texts(page.report, 3) == ["Bị từ chối"] and "thu hồi" in page.report.item(0, 6).text()


def test_a_commune_key_card_is_not_registered_as_a_province(page, tmp_path, monkeypatch):
    from tests.services.test_province_import import Commune

    errors = []
    monkeypatch.setattr(dialogs, "error", lambda _w, message, *a, **k: errors.append(message))
    assert page.register_province(str(Commune(tmp_path / "xa").card_path), "24", "Bắc Ninh") is None
    assert "khóa của một xã" in errors[0] and page.provinces.rowCount() == 0


def test_the_province_page_writes_the_package_for_the_national_hub(provinces, tmp_path, qtbot, no_dialogs,
                                                                  monkeypatch):
    from khuyenhoc_desktop.sync.province_package import open_province_package
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    shown = []
    monkeypatch.setattr(dialogs, "info", lambda _w, message, *a, **k: shown.append(message))
    page = show_widget(qtbot, ProvincePage(provinces["24"].ws), 1300, 900)
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "goi.khprov"))
    page.national_detail.setChecked(True)
    page.national_button.click()
    finish(qtbot, page.operation)
    pkg = open_province_package(tmp_path / "goi.khprov")
    assert pkg.province_code == "24" and pkg.seq == 1 and pkg.detail
    assert "số 1" in shown[0] and "2 xã" in shown[0] and "kèm chi tiết" in shown[0]
    finish(qtbot, page.export_national(str(tmp_path / "goi-2.khprov"), detail=False))
    assert open_province_package(tmp_path / "goi-2.khprov").seq == 2


def test_the_province_page_asks_for_the_province_code_before_its_first_package(tmp_path, qtbot, no_dialogs,
                                                                             monkeypatch):
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.sync.province_package import open_province_package
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    answers = iter(["24", "Bắc Ninh"])
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: next(answers))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)
    with Workspace.open(tmp_path / "tinh.db", role="province") as ws:
        page = show_widget(qtbot, ProvincePage(ws), 1300, 900)
        finish(qtbot, page.export_national(str(tmp_path / "goi.khprov"), detail=False))
        assert ws.province.profile().code == "24"
        pkg = open_province_package(tmp_path / "goi.khprov")
        assert (pkg.province_code, pkg.province_name) == ("24", "Bắc Ninh")


def test_the_window_opens_a_national_store_on_its_page(hub, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.main_window import MainWindow, available_pages

    assert [s.key for s in available_pages("national")] == ["national"]
    window = MainWindow(hub, {"zoom": 100})
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Tổng hợp toàn quốc"]
    # one page: no navigation list beside it, its name in the title bar
    assert window.nav.isHidden() and window.windowTitle().startswith("Tổng hợp toàn quốc — ")
    page = window.pages["national"]
    assert window.stack.currentWidget() is page and page.figures.currentWidget() is page.first_steps
    window.close_quietly()


def test_the_window_opens_a_national_store_on_a_server_and_imports_there(pg_server, provinces, tmp_path, qtbot,
                                                                        monkeypatch):
    # Tệp → Mở kho dữ liệu tỉnh trên máy chủ… with the hub's PostgreSQL database: its own page, writing there
    from khuyenhoc_desktop.app import GuiSession
    from khuyenhoc_desktop.storage.server import ServerAddress

    url = pg_server.new_database(with_schema=False)
    try:
        with open_national(url) as hub:
            hub.national.register_province("24", "Bắc Ninh", provinces["24"].card)
        address = ServerAddress.parse(url)
        monkeypatch.setattr(dialogs, "error", lambda _w, text, *a, **k: pytest.fail(text))
        monkeypatch.setattr(dialogs, "ask_server", lambda parent, initial: {
            "host": address.host, "port": address.port, "dbname": address.dbname, "user": address.user,
            "password": None})
        session = GuiSession(str(tmp_path / "tinh.db"), {"zoom": 100})
        session.try_open()
        session.show()
        try:
            assert session.window.open_server_store()
            window = session.window
            assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Tổng hợp toàn quốc"]
            page = window.show_page("national")
            qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
            assert texts(page.provinces, 0) == ["24"]
            finish(qtbot, page.choose_files(packages({"24": provinces["24"]}, tmp_path)))
            assert texts(page.report, 3) == ["Đã nhập"]
            assert row(page.by_province, 1)[:5] == ["", "Toàn quốc", "2", "5", "900.000"]
        finally:
            session.window.close_quietly()
            session.ws.close()
    finally:
        pg_server.drop_database(url)
