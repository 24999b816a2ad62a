"""The page "Xã hội học tập" driven as a user would: add households, search without diacritics, register a
whole thôn, score a unit on the score sheet whose total and result follow the set's rule as points are typed,
return and accept at the bình xét, recognise with a decision, and enter the Công dân học tập counts. The test
clock says 2 December 2026."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt

from khuyenhoc_desktop.domain.learning_models import SubjectDraft
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.learning_page import LearningPage
from tests.ui.helpers import show_widget, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    return show_widget(qtbot, LearningPage(ws), 1300, 800)


def _add(qtbot, form, name, village="", size=""):
    form.name.clear()
    type_text(form.name, name)
    if village:
        form.village.setCurrentText(village)
    if size:
        form.size.clear()
        qtbot.keyClicks(form.size, size)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_households_are_added_searched_and_a_whole_thon_registered(page, qtbot, ws):
    panel = page.subjects
    for name, village in (("Nguyễn Văn An", "Thôn 1"), ("Trần Thị Bình", "Thôn 1"), ("Lê Văn Cường", "Thôn 2")):
        _add(qtbot, panel.form, name, village, "4")
    assert ws.learning.subject_count("family") == 3 and panel.table.rowCount() == 3
    assert "Đã lưu “Lê Văn Cường”" in panel.form.status_line.text()
    type_text(panel.search, "tran thi")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "Trần Thị Bình"
    panel.search.clear()
    panel.village.setCurrentText("Thôn 1")
    assert panel.table.rowCount() == 2 and panel.register_village_button.isEnabled()
    qtbot.mouseClick(panel.register_village_button, Qt.MouseButton.LeftButton)
    assert "Đã đăng ký 2 gia đình của Thôn 1 cho năm 2026" in panel.status_line.text()
    assert {panel.table.item(r, 4).text() for r in range(2)} == {"Đã đăng ký"}
    # registering one of them again is refused on the page's line, nothing changes
    panel.select_names("Nguyễn Văn An")
    qtbot.mouseClick(panel.register_button, Qt.MouseButton.LeftButton)
    assert "đã đăng ký năm 2026" in panel.status_line.text()
    assert ws.learning.year_figures(2026)["family"] == {"total": 3, "registered": 2, "recognised": 0}
    assert panel.footer.text() == ("2 gia đình trong danh sách đang lọc; năm 2026: 2/3 đăng ký, "
                                   "0 được công nhận.")


def test_a_unit_through_the_whole_cycle(page, qtbot, ws, monkeypatch):
    panel = page.subjects
    panel.kind.setCurrentIndex(3)  # Đơn vị
    assert panel.form.form.labelForField(panel.form.name).text() == "Tên đơn vị:"
    _add(qtbot, panel.form, "Trường Tiểu học Hòa Bình", size="32")
    panel.select_names("Trường Tiểu học Hòa Bình")
    qtbot.mouseClick(panel.register_button, Qt.MouseButton.LeftButton)
    panel.select_names("Trường Tiểu học Hòa Bình")
    dialog = panel.score_dialog()
    qtbot.addWidget(dialog)
    assert dialog.criteria_set.code == "don-vi-hoc-tap-xa"
    assert dialog.spins["2.2"].maximum() == 5  # a point above the maximum cannot be typed
    for code, value in (("1.1", 10), ("1.2", 10), ("1.3", 10), ("2.1", 10), ("2.2", 5), ("2.3", 10), ("2.4", 5),
                        ("3.1", 20)):
        dialog.spins[code].setValue(value)
    assert dialog.result.text() == "Tổng: 80/100 điểm – Kết quả: Khá"
    dialog.spins["3.2"].setValue(5)
    assert dialog.result.text() == "Tổng: 85/100 điểm – Kết quả: Tốt"  # live, by the set's bands
    dialog.on.setText("20/11/2026")
    assert dialog.save() and dialog.saved
    assert panel.table.item(0, 5).text() == "85/100" and panel.table.item(0, 6).text() == "Tốt"
    # bình xét: returned with a reason, then accepted
    panel.select_names("Trường Tiểu học Hòa Bình")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Thiếu minh chứng tiêu chí 3")
    qtbot.mouseClick(panel.return_button, Qt.MouseButton.LeftButton)
    assert panel.table.item(0, 4).text() == "Trả lại: Thiếu minh chứng tiêu chí 3"
    panel.select_names("Trường Tiểu học Hòa Bình")
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert panel.table.item(0, 4).text() == "Đã bình xét"
    # recognition: a decision dated before the score sheet is refused, then one on 01/12/2026
    panel.select_names("Trường Tiểu học Hòa Bình")
    recognition = panel.recognition_dialog()
    qtbot.addWidget(recognition)
    assert recognition.body.text() == "Ủy ban nhân dân xã" and not recognition.without_pass
    type_text(recognition.number, "15/QĐ-UBND")
    recognition.on.setText("19/11/2026")
    assert not recognition.save()
    assert "trước ngày chấm điểm" in recognition.status_line.text()
    recognition.on.setText("01/12/2026")
    assert recognition.save()
    assert panel.table.item(0, 4).text() == "Đã công nhận"
    panel.select_names("Trường Tiểu học Hòa Bình")
    after = panel.score_dialog()
    qtbot.addWidget(after)
    assert not after.save_button.isEnabled() and "chỉ để xem" in after.status_line.text()
    assert after.result.text() == "Tổng: 85/100 điểm – Kết quả: Tốt"  # the saved points shown again
    assert ws.learning.year_figures(2026)["unit"] == {"total": 1, "registered": 1, "recognised": 1}


def test_recognition_without_a_score_needs_the_reason_typed_in_the_dialog(page, qtbot, ws):
    lm = ws.learning
    clan = lm.save_subject(SubjectDraft("clan", "Họ Nguyễn", "Thôn 1", head="Nguyễn Văn Giáp", size=40))
    lm.register(clan.created["learning_subject"][0], 2026, date(2026, 2, 5))
    panel = page.subjects
    panel.kind.setCurrentIndex(1)  # Dòng họ
    panel.select_names("Họ Nguyễn")
    dialog = panel.score_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and "Chưa có bộ tiêu chí đầy đủ" in dialog.result.text()
    recognition = panel.recognition_dialog()
    qtbot.addWidget(recognition)
    assert recognition.without_pass == ["Họ Nguyễn"]
    type_text(recognition.number, "16/QĐ-UBND")
    assert not recognition.save() and "chỉ công nhận khi ghi lý do" in recognition.status_line.text()
    type_text(recognition.reason, "Hội đồng bình xét đề nghị")
    assert recognition.save()
    registration = lm.registrations(2026, "clan")[0][1]
    assert (registration.status, registration.recognition_reason) == ("recognised", "Hội đồng bình xét đề nghị")


def test_citizen_counts_are_typed_and_checked(page, qtbot, ws):
    panel = page.citizens
    page.tabs.setCurrentIndex(1)
    assert panel.table.rowCount() == 4
    panel.table.item(0, 1).setText("120")
    panel.table.item(0, 2).setText("130")
    assert not panel.save() and "lớn hơn số đăng ký" in panel.status_line.text()
    panel.table.item(0, 2).setText("90")
    assert panel.save()
    assert ws.learning.year_figures(2026)["citizen"] == {"registered": 120, "recognised": 90}


def test_the_statistics_table_is_saved_as_a_pdf(page, qtbot, ws, tmp_path, monkeypatch):
    ws.learning.save_subject(SubjectDraft("family", "Nguyễn Văn An", "Thôn 1", size=4))
    out = tmp_path / "bieu"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    qtbot.mouseClick(page.subjects.print_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "bieu.pdf").read_bytes().startswith(b"%PDF")
    assert "Đã lưu biểu thống kê năm 2026" in page.subjects.status_line.text()


def test_a_long_list_is_paged(ws, qtbot, no_dialogs):
    for i in range(105):
        ws.learning.save_subject(SubjectDraft("family", f"Hộ số {i:03d}", "Thôn 3", size=3))
    page = show_widget(qtbot, LearningPage(ws), 1300, 800)
    panel = page.subjects
    assert panel.table.rowCount() == 100 and panel.page_label.text() == "Trang 1/2"
    assert not panel.prev_button.isEnabled() and panel.next_button.isEnabled()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 5 and panel.page_label.text() == "Trang 2/2"
    assert panel.table.item(0, 0).text() == "Hộ số 100" and not panel.next_button.isEnabled()
    type_text(panel.search, "ho so 01")  # a search starts again on its first page
    # every word is found inside the folded name: "01" in 001, 010 … 019 and 101
    assert panel.page_label.text() == "Trang 1/1" and panel.table.rowCount() == 12


def test_the_settings_tab_changes_the_issuing_body_the_targets_and_the_groups(page, qtbot, ws):
    panel = page.settings
    page.tabs.setCurrentIndex(2)
    assert panel.body.text() == "Ủy ban nhân dân xã" and panel.targets["family"].value() == 70.0
    panel.body.clear()
    type_text(panel.body, "Chủ tịch UBND xã")
    panel.targets["unit"].setValue(90)
    panel.difficult.setChecked(True)
    panel.groups.setPlainText("Nông dân\nCông nhân\n\nNông dân")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    values = ws.learning.settings()
    assert values["issuing_body"] == "Chủ tịch UBND xã" and values["difficult_area"] is True
    assert values["targets"] == {"family": 70.0, "clan": 65.0, "community": 65.0, "unit": 90.0}
    assert values["target_groups"] == ["Nông dân", "Công nhân"]  # blank lines and repeats dropped
    assert page.citizens.table.rowCount() == 2  # the other tab follows the change
    panel.body.clear()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "Chưa nhập cơ quan ra quyết định" in panel.status_line.text()
    assert ws.learning.settings()["issuing_body"] == "Chủ tịch UBND xã"


def test_a_set_is_copied_exported_and_imported_from_the_settings_tab(page, qtbot, ws, tmp_path, monkeypatch):
    panel = page.criteria
    page.tabs.setCurrentIndex(2)
    names = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert len(names) == 3 and "Tiêu chí đánh giá, xếp loại Đơn vị học tập cấp xã" in names
    row = next(r for r, s in enumerate(panel.sets) if s.code == "don-vi-hoc-tap-xa")
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert "phiên bản 2" in panel.status_line.text() and panel.table.rowCount() == 4
    row = next(r for r, s in enumerate(panel.sets) if s.key == ("don-vi-hoc-tap-xa", 2))
    panel.table.selectRow(row)
    out = tmp_path / "bo.json"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["version"], data["note"] = 3, "Tỉnh gửi bản sửa"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(out))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert "Đã nhập" in panel.status_line.text() and panel.table.rowCount() == 5
    assert ws.learning.criteria_set("don-vi-hoc-tap-xa", 3).note == "Tỉnh gửi bản sửa"


def test_a_score_sheet_is_printed_for_the_chosen_unit_or_blank(page, qtbot, ws, tmp_path, monkeypatch):
    from tests.test_print_cli import text_of

    lm = ws.learning
    unit = lm.save_subject(SubjectDraft("unit", "Trạm Y tế xã", size=8)).created["learning_subject"][0]
    reg = lm.register(unit, 2026, date(2026, 2, 5)).created["learning_registration"][0]
    points = dict(zip(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"], (10, 10, 10, 10, 5, 10, 5, 10, 0)))
    lm.assess(reg, "don-vi-hoc-tap-xa", 1, points, assessed_on=date(2026, 11, 20))  # 70: Khá
    panel = page.subjects
    panel.kind.setCurrentIndex(3)
    panel.select_names("Trạm Y tế xã")
    filled = tmp_path / "phieu.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(filled))
    qtbot.mouseClick(panel.print_sheet_button, Qt.MouseButton.LeftButton)
    text = " ".join(" ".join(text_of(filled)).split())
    assert "Tên đơn vị: Trạm Y tế xã" in text and "Kết quả: Khá" in text
    panel.table.clearSelection()
    blank = tmp_path / "trong.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(blank))
    qtbot.mouseClick(panel.print_sheet_button, Qt.MouseButton.LeftButton)
    text = " ".join(" ".join(text_of(blank)).split())
    assert "Tên đơn vị: ....." in text and "Trạm Y tế" not in text


def test_a_household_typed_by_mistake_is_deleted_from_the_form(page, qtbot, ws, monkeypatch):
    panel = page.subjects
    _add(qtbot, panel.form, "Nguyễn Văn Nhầm", "Thôn 2", "3")
    panel.select_names("Nguyễn Văn Nhầm")
    assert panel.form.name.text() == "Nguyễn Văn Nhầm"
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    qtbot.mouseClick(panel.form.delete_button, Qt.MouseButton.LeftButton)
    assert "Đã xóa “Nguyễn Văn Nhầm”" in panel.form.status_line.text()
    assert ws.learning.subject_count("family") == 0 and panel.table.rowCount() == 0


def test_a_household_list_is_imported_from_excel(page, qtbot, ws, tmp_path, monkeypatch):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Chủ hộ", "Số nhân khẩu"])
    wb.active.append(["Nguyễn Văn An", 4])
    wb.active.append(["Trần Thị Bình", 3])
    path = tmp_path / "thon-3.xlsx"
    wb.save(path)
    panel = page.subjects
    panel.village.setCurrentText("Thôn 3")  # a sheet without a thôn column: the thôn being filtered
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(path))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert panel.status_line.text() == "Đã thêm 2 hộ từ tệp."
    assert [(s.name, s.village, s.size) for s in ws.learning.subjects("family")] == [
        ("Nguyễn Văn An", "Thôn 3", 4), ("Trần Thị Bình", "Thôn 3", 3)]
    assert panel.table.rowCount() == 2
