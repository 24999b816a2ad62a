"""The province page's "Xã hội học tập" tab: each commune's models of the year and the province's, with the
recognised rate against the province's own target; the year follows the chosen school year."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.services.summary import summary
from tests.services.test_learning_models_sync import _send_all, demo_files, three  # noqa: F401 - fixtures
from tests.ui.helpers import show_widget

pytestmark = pytest.mark.gui

TITLES = {"family": "Gia đình học tập", "clan": "Dòng họ học tập", "community": "Cộng đồng học tập",
          "unit": "Đơn vị học tập"}
TARGETS = {"family": 70, "clan": 65, "community": 65, "unit": 80}  # QĐ 387, the default setting


def _rate(recognised: int, total: int) -> str:
    return f"{round(100 * recognised / total, 1):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _n(count: int) -> str:
    return f"{count:,}".replace(",", ".")  # 1.030


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _expected(code: str, name: str, block: dict, targets: dict) -> list[list[str]]:
    out = []
    for kind, title in TITLES.items():
        f = block[kind]
        rate = round(100 * f["recognised"] / f["total"], 1)
        out.append([code, name, title, _n(f["total"]), _n(f["registered"]), _n(f["recognised"]),
                    _rate(f["recognised"], f["total"]), str(targets[kind]),
                    "Đạt" if rate >= targets[kind] else "Chưa đạt"])
    out.append([code, name, "Công dân học tập", "", _n(block["citizen"]["registered"]),
                _n(block["citizen"]["recognised"]), "", "", ""])
    return out


def test_the_learning_tab_shows_each_commune_and_the_province_against_the_target(three, qtbot, no_dialogs):  # noqa: F811
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    prov, communes, tmp = three
    _send_all(prov, communes, tmp)
    page = show_widget(qtbot, ProvincePage(prov), 1300, 900)
    own = {ws.organisation.commune_code: (ws.organisation.commune, summary(ws)["learning_models"]) for ws in communes}
    total = {kind: {k: sum(b[kind][k] for _n, b in own.values()) for k in ("total", "registered", "recognised")}
             for kind in TITLES}
    total["citizen"] = {k: sum(b["citizen"][k] for _n, b in own.values()) for k in ("registered", "recognised")}
    want = [row for code, (name, block) in sorted(own.items()) for row in _expected(code, name, block, TARGETS)]
    want += _expected("", "Toàn tỉnh", total, TARGETS)
    assert _rows(page.learning) == want
    assert "năm 2026" in page.learning_label.text()
    last = page.learning.rowCount() - 1
    assert page.learning.item(last, 1).font().bold() and not page.learning.item(0, 1).font().bold()

    # the province's own target: every commune is measured against it
    prov.learning.save_settings(targets={**TARGETS, "family": 99})
    page.refresh()
    assert {r[8] for r in _rows(page.learning) if r[2] == "Gia đình học tập"} == {"Chưa đạt"}
    assert {r[7] for r in _rows(page.learning) if r[2] == "Gia đình học tập"} == {"99"}

    # a school year: the models of the calendar year it ends in
    i = page.school_year.findData("2024-2025")
    assert i > 0
    page.school_year.setCurrentIndex(i)
    assert "năm 2025" in page.learning_label.text() and "năm học 2024-2025" in page.learning_label.text()
    old = {ws.organisation.commune_code: summary(ws, "2024-2025")["learning_models"] for ws in communes}
    first = _rows(page.learning)[:5]
    code = sorted(old)[0]
    assert first[0][3:6] == [_n(old[code]["family"][k]) for k in ("total", "registered", "recognised")]


def test_the_province_sets_its_targets_and_sends_its_criteria_set_to_a_commune(prov_and_commune, qtbot, no_dialogs,
                                                                                tmp_path):
    from khuyenhoc_desktop.ui.pages.learning_page import LearningPage
    from khuyenhoc_desktop.ui.pages.province_page import ProvincePage

    prov, xa = prov_and_commune
    page = show_widget(qtbot, ProvincePage(prov), 1300, 900)
    page.sections.setCurrentIndex(3)
    assert page.sections.tabText(3) == "Chỉ tiêu, bộ tiêu chí"
    assert not page.learning_targets.body.isVisible() and not page.learning_targets.groups.isVisible()
    page.learning_targets.targets["family"].setValue(75)
    page.learning_targets.save_button.click()
    assert prov.learning.settings()["targets"]["family"] == 75.0
    assert "Đã lưu" in page.learning_targets.status_line.text()
    assert {r[7] for r in _rows(page.learning) if r[2] == "Gia đình học tập"} == {"75"}

    # the province's own version of the unit set, exported for the communes
    panel = page.criteria
    panel.table.selectRow(next(i for i, s in enumerate(panel.sets) if s.key == ("don-vi-hoc-tap-xa", 1)))
    assert panel.copy_selected()
    panel.table.selectRow(next(i for i, s in enumerate(panel.sets) if s.key == ("don-vi-hoc-tap-xa", 2)))
    out = panel.export_selected(str(tmp_path / "don-vi-tinh.json"))
    assert out and (tmp_path / "don-vi-tinh.json").exists()

    # the commune imports it on its Xã hội học tập page
    commune_page = show_widget(qtbot, LearningPage(xa), 1300, 900)
    assert commune_page.criteria.import_file(out)
    assert ("don-vi-hoc-tap-xa", 2) in {s.key for s in xa.learning.criteria_sets()}
    assert xa.learning.sets_for("unit", 2026)[0].key == ("don-vi-hoc-tap-xa", 2)  # the newest, offered first
    assert "Đã nhập" in commune_page.criteria.status_line.text()


@pytest.fixture
def prov_and_commune(tmp_path):
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services.workspace import Workspace
    from tests.clock_helpers import TEST_CLOCK

    prov = Workspace.open(tmp_path / "tinh.db", role="province", clock=TEST_CLOCK)
    xa = Workspace.open(tmp_path / "xa.db", clock=TEST_CLOCK)
    xa.profile.save(sample_organisation())
    yield prov, xa
    xa.close()
    prov.close()
