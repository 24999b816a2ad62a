"""The committee profile dialog: on first start the cursor is in the first field, so typing and Space go there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.ui.forms.organisation_form import OrganisationDialog
from tests.ui.helpers import type_text

pytestmark = pytest.mark.gui


def test_first_start_dialog_starts_in_the_first_field_and_space_does_not_save(tmp_path, qtbot, no_dialogs):
    with Workspace.open(tmp_path / "moi.db") as ws:
        dialog = OrganisationDialog(ws, None, first_start=True)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        first = dialog.edits["province"]
        qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
        type_text(first, "Bắc Ninh")
        qtbot.keyClick(first, Qt.Key.Key_Space)
        assert first.text() == "Bắc Ninh " and dialog.isVisible() and dialog.result() == 0
        assert not ws.profile.is_set_up()
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.edits["province_code"]


def test_the_commune_is_picked_from_the_official_list_without_diacritics(tmp_path, qtbot, no_dialogs):
    with Workspace.open(tmp_path / "moi.db") as ws:
        dialog = OrganisationDialog(ws, None, first_start=True)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.banner is None  # a new profile: nothing to confirm
        province = dialog.edits["province"]
        type_text(province, "bac ninh")
        assert [p.code for p in province.offer()] == ["24"]
        province.choose(province.offer()[0])
        assert (province.text(), dialog.edits["province_code"].text()) == ("Bắc Ninh", "24")
        commune = dialog.edits["commune"]
        type_text(commune, "tan dinh")
        assert [c.label for c in commune.offer()] == ["Xã Tân Dĩnh (07432)"]
        commune.choose(commune.offer()[0])
        assert (commune.text(), dialog.edits["commune_code"].text()) == ("Tân Dĩnh", "07432")
        assert dialog.edits["committee_name"].text() == "Hội Khuyến học xã Tân Dĩnh"
        assert not dialog.unit_note.isVisibleTo(dialog)
        dialog.edits["chair"].setText("Nguyễn Văn Thắng")
        dialog.accept()
        org = ws.organisation
        assert (org.commune, org.commune_code, org.province_code, org.unit_check) == ("Tân Dĩnh", "07432", "24",
                                                                                       "official")


def test_a_unit_the_list_lacks_is_warned_and_saved_after_asking(tmp_path, qtbot, monkeypatch):
    from khuyenhoc_desktop.ui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or True)
    with Workspace.open(tmp_path / "moi.db") as ws:
        dialog = OrganisationDialog(ws, None, first_start=True)
        qtbot.addWidget(dialog)
        dialog.show()
        for name, text in (("province", "Bắc Ninh"), ("commune", "Làng Mới"), ("chair", "Nguyễn Văn Thắng")):
            dialog.edits[name].setText(text)
        dialog._fill_names("Làng Mới")
        dialog._check_unit()
        assert dialog.unit_note.isVisibleTo(dialog)
        assert dialog.unit_note.text().startswith("⚠ Không có xã/phường “Làng Mới” trong danh sách đơn vị hành chính")
        dialog.accept()
        assert len(asked) == 1
        assert asked[0].endswith("Hồ sơ sẽ được lưu như đã ghi, không theo danh sách chính thức.\n\nVẫn tiếp tục?")
        assert (ws.organisation.commune, ws.organisation.unit_check) == ("Làng Mới", "free")


def test_an_old_profile_shows_the_official_unit_to_confirm(tmp_path, qtbot, no_dialogs):
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.storage import settings as settings_store

    with Workspace.open(tmp_path / "cu.db") as ws:
        with ws.db.atomic():  # as a program before schema 20 left it: never matched to the list
            settings_store.put(ws.db, "organisation", {k: v for k, v in sample_organisation().to_dict().items()
                                                       if k != "unit_check"})
        dialog = OrganisationDialog(ws, None)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.banner is not None and dialog.banner.isVisible()
        from PySide6.QtWidgets import QPushButton

        use = dialog.banner.findChild(QPushButton, "use_official_unit")
        assert use.text() == "Dùng Xã Tân Dĩnh (07432)"
        assert ws.organisation.commune_code == "07462"  # nothing changes before the user says so
        use.click()
        assert not dialog.banner.isVisible() and dialog.edits["commune_code"].text() == "07432"
        dialog.accept()
        assert (ws.organisation.commune_code, ws.organisation.unit_check) == ("07432", "official")
        assert ws.profile.unit_to_confirm() is None


def test_keeping_an_old_profile_as_typed(tmp_path, qtbot, no_dialogs):
    from PySide6.QtWidgets import QPushButton

    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.storage import settings as settings_store

    with Workspace.open(tmp_path / "cu.db") as ws:
        with ws.db.atomic():
            settings_store.put(ws.db, "organisation", {k: v for k, v in sample_organisation().to_dict().items()
                                                       if k != "unit_check"})
        dialog = OrganisationDialog(ws, None)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.banner.findChild(QPushButton, "keep_unit_as_typed").click()
        dialog.accept()  # no question: the user already said to keep it
        assert (ws.organisation.commune_code, ws.organisation.unit_check) == ("07462", "free")


def test_the_main_window_reminds_of_an_old_profile_without_a_dialog(tmp_path, qtbot, no_dialogs):
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.storage import settings as settings_store
    from khuyenhoc_desktop.ui.main_window import MainWindow

    with Workspace.open(tmp_path / "cu.db") as ws:
        with ws.db.atomic():
            settings_store.put(ws.db, "organisation", {k: v for k, v in sample_organisation().to_dict().items()
                                                       if k != "unit_check"})
        window = MainWindow(ws, {"zoom": 100})
        qtbot.addWidget(window)
        window.first_start_questions()
        assert window.statusBar().currentMessage().startswith(
            "Cần xác nhận xã/phường và mã theo danh sách đơn vị hành chính từ ngày 01/07/2025")
        ws.profile.save(ws.profile.unit_to_confirm().applied_to(ws.organisation))
        window.statusBar().clearMessage()
        window.first_start_questions()
        assert window.statusBar().currentMessage() == ""
        window.close_quietly()
