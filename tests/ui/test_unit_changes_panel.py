"""The province page's "Thay đổi đơn vị hành chính": filled from the official list, a change typed in (the
new commune found by its name without diacritics), a bad one refused on the panel with nothing written,
the retired old commune shown as such and the figures by old or by new commune."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.workspace import Workspace
from tests.services.test_province_import import Commune, award
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def prov(tmp_path):
    ws = Workspace.open(tmp_path / "tinh.db", role="province")
    ws.province.set_profile("24", "Bắc Ninh")
    yield ws
    ws.close()


@pytest.fixture
def page(prov, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    return show_widget(qtbot, ProvincePage(prov), 1300, 900)


def _old(prov, tmp_path, code, name, awards):
    c = Commune(tmp_path / code, code=code, name=name)
    prov.province.register_commune(code, name, c.card_path)
    rep = prov.province.import_file(c.package(awards, created_at="2025-06-20T08:00:00+07:00"))
    assert rep.ok, rep.message
    return c


def test_fill_then_group_by_new_commune(page, prov, tmp_path):
    _old(prov, tmp_path, "07435", "Đại Lâm", [award(0), award(1)])
    _old(prov, tmp_path, "07438", "Thái Đào", [award(2)])
    page.refresh()
    panel = page.unit_changes
    assert panel.table.rowCount() == 0
    panel.fill_button.click()
    assert panel.table.rowCount() == 1
    assert [panel.table.item(0, i).text() for i in (0, 1, 4, 5, 6)] == [
        "07432", "Xã Tân Dĩnh", "01/07/2025", "danh sách chính thức", "Xã Đại Lâm (07435), Xã Thái Đào (07438)"]
    # the old communes are retired, not revoked
    status = {page.communes.item(r, 0).text(): page.communes.item(r, 6).text() for r in range(page.communes.rowCount())}
    assert status == {"07435": "Đã hợp nhất vào Xã Tân Dĩnh (07432) từ 01/07/2025",
                      "07438": "Đã hợp nhất vào Xã Tân Dĩnh (07432) từ 01/07/2025"}
    assert [page.by_commune.item(r, 0).text() for r in range(page.by_commune.rowCount())] == ["07435", "07438"]
    page.group_by.setCurrentIndex(page.group_by.findData("new"))
    assert page.by_commune.rowCount() == 1
    assert [page.by_commune.item(0, i).text() for i in (0, 1, 2)] == ["07432", "Xã Tân Dĩnh", "3"]


def test_a_change_typed_in_and_a_bad_one_refused(page, prov, qtbot):
    panel = page.unit_changes
    page.sections.setCurrentWidget(panel)
    panel.old_codes.setText("07435, 07438")
    type_text(panel.new_name, "tan dinh")
    assert [u.code for u in panel.new_name.offer()] == ["07432"]
    panel.new_name.choose(panel.new_name.offer()[0])
    assert panel.new_code.text() == "07432"
    panel.decision.setText("Nghị quyết số 1658/NQ-UBTVQH15")
    panel.decision_date.setText("16/06/2025")
    assert panel.save() is not None
    assert panel.table.rowCount() == 1 and panel.table.item(0, 2).text() == "Nghị quyết số 1658/NQ-UBTVQH15"
    assert panel.table.item(0, 3).text() == "16/06/2025" and panel.table.item(0, 5).text() == "nhập tay"
    before = prov.province.checksum()
    panel.old_codes.setText("07432")
    assert panel.save() is None
    assert panel.error.isVisible() and panel.error.text().startswith("Mã xã mới 07432 cũng có trong danh sách xã cũ")
    assert prov.province.checksum() == before and panel.table.rowCount() == 1
    panel.table.selectRow(0)
    assert panel.old_codes.text() == "07435, 07438"  # the selected change is in the fields to correct it
    assert panel.delete_selected(confirm=False) and panel.table.rowCount() == 0


def test_the_panel_fits_a_small_screen(prov, qtbot, no_dialogs):
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    page = show_widget(qtbot, ProvincePage(prov), 820, 560)
    page.sections.setCurrentWidget(page.unit_changes)
    panel = page.unit_changes
    from PySide6.QtCore import QPoint, QRect

    for w in (panel.save_button, panel.fill_button, panel.effective, panel.old_codes):
        assert w.isVisible() and w.width() > 40
        assert panel.rect().contains(QRect(w.mapTo(panel, QPoint(0, 0)), w.size()))


def test_registering_an_official_code_offers_its_official_name(page, prov, tmp_path, monkeypatch):
    from khuyenhoc_desktop.ui import dialogs

    asked = []
    answers = iter(["07432", None])

    def ask_text(parent, prompt, title, default=""):
        asked.append((prompt, default))
        answer = next(answers)
        return default if answer is None else answer

    monkeypatch.setattr(dialogs, "ask_text", ask_text)
    card = Commune(tmp_path / "td", code="07432", name="Tân Dĩnh").card_path
    assert page.register_commune(str(card))
    assert asked[1] == ("Tên xã (tên chính thức: Xã Tân Dĩnh):", "Tân Dĩnh")
    assert prov.province.commune("07432").name == "Tân Dĩnh"
    assert page.communes.item(0, 1).toolTip() == "Tên chính thức: Xã Tân Dĩnh"


def test_exports_follow_the_grouping(page, prov, tmp_path):
    from openpyxl import load_workbook

    _old(prov, tmp_path, "07435", "Đại Lâm", [award(0), award(1)])
    _old(prov, tmp_path, "07438", "Thái Đào", [award(2)])
    prov.province.add_unit_change("07435,07438", "07432")
    page.refresh()

    def codes(path):
        sheet = load_workbook(path).worksheets[0]
        return sorted(str(v) for (v,) in sheet.iter_rows(min_col=1, max_col=1, values_only=True) if v in
                      ("07432", "07435", "07438"))

    assert codes(page.export_xlsx(str(tmp_path / "cu.xlsx"))) == ["07435", "07438"]
    page.group_by.setCurrentIndex(page.group_by.findData("new"))
    assert codes(page.export_xlsx(str(tmp_path / "moi.xlsx"))) == ["07432"]
    assert page.export_pdf(str(tmp_path / "moi.pdf")).read_bytes().startswith(b"%PDF")
