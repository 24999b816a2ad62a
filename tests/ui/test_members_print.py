"""The member page's "In danh sách…" and "In thẻ…" as a user works them: filter, select, choose where to save
(the file dialog answered by the test), read the PDF back; the blanks said once, a failure shown once."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QItemSelectionModel

from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.members_page import MembersPage
from tests.ui.helpers import show_widget, type_text
from tests.member_helpers import save_print_register
from tests.test_print_cli import text_of

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    save_print_register(ws, with_quit=False)
    return show_widget(qtbot, MembersPage(ws), 1024, 700)


def flat(path) -> str:
    return " ".join(" ".join(text_of(path)).split())


@pytest.fixture
def said(monkeypatch):
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "info", lambda _parent, text, title="": told.append(("info", text)))
    monkeypatch.setattr(dialogs, "error", lambda _parent, text, title="", details=None: told.append(("error", text)))
    return told


def test_the_list_is_printed_as_filtered_and_personal_numbers_only_when_shown(page, qtbot, tmp_path, monkeypatch):
    page.filters["unit_uuid"].setCurrentText("Chi hội thôn Đông")
    chosen = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a: chosen.append(a[2]) or str(tmp_path / "ds"))
    page.print_list_button.click()
    out = tmp_path / "ds.pdf"  # ".pdf" added to the name typed
    assert chosen == ["danh-sach-hoi-vien.pdf"] and out.exists()
    text = flat(out)
    assert [text.index(n) for n in ("Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Ân")] == sorted(
        text.index(n) for n in ("Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Ân"))
    assert "Đặng Thu Hà" not in text and "0912345678" not in text and "Tổng số: 3 hội viên" in text
    assert "Đã lưu danh sách hội viên" in page.form.status_line.text()
    page.show_private.setChecked(True)
    page.print_member_list(str(tmp_path / "ds-rieng.pdf"))
    assert "001058012345" in flat(tmp_path / "ds-rieng.pdf")


def test_cards_of_the_selected_members_or_of_the_whole_list_and_the_blanks_said(page, qtbot, tmp_path, said):
    table = page.table
    selection = table.selectionModel()
    table.selectRow(0)
    for row in (1, 3):
        selection.select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    picked = page.selected_uuids()
    assert len(picked) == 3
    out = page.print_member_cards(str(tmp_path / "chon.pdf"))
    (sheet,) = text_of(out)
    assert sheet.count("THẺ HỘI VIÊN") == 3
    names = {page.ws.members.get(u).full_name for u in picked}
    assert all(n in " ".join(sheet.split()) for n in names)
    # one row only (the one being edited) prints the whole list as filtered
    table.selectRow(0)
    page.print_member_cards(str(tmp_path / "tat-ca.pdf"))
    assert text_of(tmp_path / "tat-ca.pdf")[0].count("THẺ HỘI VIÊN") == 4
    assert said and said[-1][0] == "info" and "1 hội viên chưa có số thẻ" in said[-1][1]
    assert "Lê Văn Ân (HV00003)" in said[-1][1] and "Đã lưu 4 thẻ hội viên (1 tờ A4)" in page.form.status_line.text()


def test_cards_on_pre_printed_stock_from_the_button_menu(page, qtbot, tmp_path, monkeypatch, said):
    page.filters["unit_uuid"].setCurrentText("Chi hội thôn Bắc")
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(tmp_path / "phoi.pdf"))
    full, blank = page.print_cards_button.menu().actions()
    assert (full.text(), blank.text()) == ("Thẻ đầy đủ trên giấy trắng…", "Chỉ in chữ lên phôi thẻ có sẵn…")
    blank.trigger()
    (sheet,) = text_of(tmp_path / "phoi.pdf")
    assert "Đặng Thu Hà" in sheet and "THẺ HỘI VIÊN" not in sheet
    assert said == []  # nothing to say: she has a số thẻ


def test_nothing_to_print_is_said_once_and_no_file_is_written(page, qtbot, tmp_path, said):
    type_text(page.search, "không ai tên này")
    page.apply_filter()
    assert page.print_member_list(str(tmp_path / "x.pdf")) is None
    assert page.print_member_cards(str(tmp_path / "y.pdf")) is None
    assert [kind for kind, _ in said] == ["error", "error"]
    assert "Không có hội viên nào khớp" in said[0][1] and "để in thẻ" in said[1][1]
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_a_cancelled_file_dialog_prints_nothing(page, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "save_file", lambda *a: None)
    assert page.print_member_list() is None and page.print_member_cards() is None
    assert list(tmp_path.glob("*.pdf")) == []
