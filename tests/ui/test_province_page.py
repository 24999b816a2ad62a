"""The province page: register a commune, dry-run chosen files (nothing written), "Áp dụng",
aggregates and exports; the page only exists for a province file."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui import dialogs
from tests.services.test_province_import import CODE, NAME, Commune, award, learning_class, voucher
from tests.ui.helpers import finish, show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def prov(tmp_path):
    ws = Workspace.open(tmp_path / "tinh.db", role="province")
    yield ws
    ws.close()


@pytest.fixture
def page(prov, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    return show_widget(qtbot, ProvincePage(prov), 1300, 900)


def test_register_dry_run_apply_and_export(page, prov, tmp_path, monkeypatch, qtbot):
    xa = Commune(tmp_path / "xa")
    assert page.register_commune(str(xa.card_path), CODE, NAME)
    assert page.communes.rowCount() == 1 and page.communes.item(0, 2).text() == prov.province.commune(CODE).fingerprint
    p1 = xa.package([award(i) for i in range(8)] + [learning_class(0), voucher(0)])
    p_conflict = xa.package([award(0, amount=1)])
    bad = tmp_path / "bad.khsync"
    bad.write_bytes(p1.read_bytes()[:-50])
    monkeypatch.setattr(dialogs, "open_files", lambda *a, **k: [str(p1), str(p_conflict), str(bad)])
    before = prov.province.checksum()
    page.import_button.click()
    finish(qtbot, page.operation)
    assert prov.province.checksum() == before  # a dry run writes nothing
    assert page.report.rowCount() == 3 and page.apply_button.isEnabled()
    assert page.report.item(0, 4).text() == "10" and page.report.item(2, 3).text() == "Bị từ chối"
    assert "bad.khsync" in page.warnings.toPlainText()
    # the dry run checks package 2 against package 1 (the whole batch in one rolled-back SAVEPOINT)
    assert page.rejected.rowCount() == 1 and "Xung đột" in page.rejected.item(0, 4).text()
    page.apply_button.click()
    finish(qtbot, page.operation)
    assert not page.apply_button.isEnabled()
    assert page.report.item(0, 3).text() == "Đã nhập"
    assert page.rejected.rowCount() == 1 and "Xung đột" in page.rejected.item(0, 4).text()
    assert page.by_commune.rowCount() == 1 and page.by_commune.item(0, 2).text() == "8"
    assert "8 lượt khen thưởng" in page.totals_label.text()
    assert page.communes.item(0, 3).text() == "2"
    assert page.export_xlsx(str(tmp_path / "a.xlsx")).exists()
    assert page.export_pdf(str(tmp_path / "a.pdf")).read_bytes().startswith(b"%PDF")
    assert page.write_ack(str(tmp_path / "a.khack"), CODE).returned == 1
    assert page.export_card(str(tmp_path / "t.khkey")).exists()


def test_province_page_only_for_province_files():
    from khuyenhoc_desktop.ui.main_window import available_pages

    assert [s.key for s in available_pages("province")] == ["province"]
    assert "province" not in [s.key for s in available_pages("commune")]


def test_province_window_has_no_commune_menus_or_first_start_questions(tmp_path, qtbot, monkeypatch):
    from khuyenhoc_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: pytest.fail("a province file asked a commune question"))
    with Workspace.open(tmp_path / "tinh.db", role="province") as ws:
        window = MainWindow(ws, {"zoom": 100})
        qtbot.addWidget(window)
        window.first_start_questions()
        texts = [a.text() for menu in window.menus.values() for a in menu.actions()]
        assert "Thông tin hội…" not in texts and not any("dữ liệu mẫu" in t for t in texts)
        assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Tổng hợp của tỉnh"]
        page = window.pages["province"]
        assert page.totals_label.text() == "" and window.deferred_pending()  # filled after the first paint
        window.show()
        qtbot.waitUntil(lambda: window.deferred_pending() == 0, timeout=5000)
        assert page.totals_label.text().startswith("0 xã")
        window.close_quietly()


def test_revoke_a_commune_key_from_the_page(page, prov, tmp_path, monkeypatch, qtbot):
    from khuyenhoc_desktop.ui.pages.province_page import STATUS_COLUMN as status
    xa, xb = Commune(tmp_path / "xa"), Commune(tmp_path / "xb", code="07465", name="Song Mai")
    assert page.register_commune(str(xa.card_path), CODE, NAME)
    assert page.register_commune(str(xb.card_path), "07465", "Song Mai")
    assert finish(qtbot, page.choose_files([str(xa.package([award(0)]))])).result[0].status == "dry_run"
    assert finish(qtbot, page.apply()).result[0].status == "applied"
    assert not page.revoke_button.isEnabled()  # nothing selected
    page.communes.selectRow(0)
    assert page.revoke_button.isEnabled() and page.selected_commune().code == CODE

    # cancelling the reason or the confirmation changes nothing
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: None)
    page.revoke_button.click()
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Máy tính của xã bị mất trộm")
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: False)
    page.revoke_button.click()
    assert not prov.province.commune(CODE).revoked
    # a blank reason: a warning, nothing asked or written
    warned = []
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "   ")
    monkeypatch.setattr(dialogs, "warning", lambda parent, text, *a, **k: warned.append(text))
    page.revoke_button.click()
    assert warned and "lý do" in warned[0] and not prov.province.commune(CODE).revoked

    asked = []
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "  Máy tính của xã   bị mất trộm ")
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    changed = []
    page.changed.connect(lambda: changed.append(1))
    page.revoke_button.click()

    assert len(asked) == 1 and f"{NAME} (mã {CODE})" in asked[0]
    assert "từ chối mọi gói dữ liệu mới" in asked[0] and "đã nhập vẫn giữ nguyên" in asked[0]
    assert "Đăng ký xã…" in asked[0] and prov.province.commune(CODE).fingerprint.replace("-", "\u2011") in asked[0]
    c = prov.province.commune(CODE)
    assert c.revoked and c.revoked_reason == "Máy tính của xã bị mất trộm" and changed
    assert page.communes.item(0, status).text() == "Đã thu hồi khóa"
    assert page.communes.item(0, status + 1).text().endswith(" — Máy tính của xã bị mất trộm")
    assert page.communes.item(0, status).toolTip().endswith("các gói đã nhập vẫn giữ nguyên.")
    assert page.communes.item(1, status).text() == "Đang dùng" and page.communes.item(1, status + 1).text() == ""
    # the revoked row stays selected and the button is off; the other commune can still be revoked
    assert page.selected_commune().code == CODE and not page.revoke_button.isEnabled()
    page.communes.selectRow(1)
    assert page.revoke_button.isEnabled()
    # imported data stays; a new package from the revoked commune is refused
    assert page.by_commune.item(0, 2).text() == "1"
    reports = finish(qtbot, page.choose_files([str(xa.package([award(1)]))])).result
    assert reports[0].status == "refused" and page.report.item(0, 3).text() == "Bị từ chối"
    assert "đã bị thu hồi" in page.warnings.toPlainText() and not page.apply_button.isEnabled()

    # called again for a revoked commune: a message, nothing else
    infos = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, *a, **k: infos.append(text))
    assert not page.revoke_commune(CODE, "Lần nữa", confirm=False)
    assert infos and "đã bị thu hồi từ trước" in infos[0]
    # without dialogs (code, reason, confirm=False), and an unknown code is an error message
    assert page.revoke_commune("07465", "Khóa bị lộ", confirm=False)
    assert prov.province.commune("07465").revoked_reason == "Khóa bị lộ"
    errors = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, *a, **k: errors.append(text))
    assert not page.revoke_commune("99999", "Khóa bị lộ", confirm=False)
    assert errors and "chưa được đăng ký" in errors[0]

    # registering the commune again with its new key card restores it
    new = Commune(tmp_path / "xa-moi")
    assert page.register_commune(str(new.card_path), CODE, NAME)
    assert page.communes.item(0, status).text() == "Đang dùng"
    page.communes.selectRow(0)
    assert page.revoke_button.isEnabled()


def test_school_year_choice_lists_the_communes_years_and_filters_the_totals(page, prov, tmp_path):
    xa = Commune(tmp_path / "xa")
    assert page.register_commune(str(xa.card_path), CODE, NAME)
    rows = [award(0), award(1), award(2, school_year="2023-2024")]  # 100,000, 200,000 and 300,000 đồng
    assert prov.province.import_file(xa.package(rows)).ok
    page.refresh()
    assert [page.school_year.itemData(i) for i in range(page.school_year.count())] == ["", "2023-2024", "2024-2025"]
    assert "3 lượt khen thưởng, 600.000 đ" in page.totals_label.text()
    page.school_year.setCurrentIndex(1)  # 2023-2024
    assert "1 lượt khen thưởng, 300.000 đ" in page.totals_label.text()
    assert page.by_commune.item(0, 2).text() == "1"


def test_counts_in_the_province_tables_have_their_thousands_dots_and_sit_right(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget

    from khuyenhoc_desktop.ui.pages.province_page import _fill

    table = QTableWidget(0, 3)
    qtbot.addWidget(table)
    _fill(table, [["07435", 3766, None]])
    assert [table.item(0, c).text() for c in range(3)] == ["07435", "3.766", ""]  # a code stays as written
    assert table.item(0, 1).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert not table.item(0, 0).textAlignment() & Qt.AlignmentFlag.AlignRight
