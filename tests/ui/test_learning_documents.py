"""The page "Xã hội học tập" prints its documents as a user would: the menu "In giấy tờ…" saves the giấy công
nhận of the kind shown (the chosen rows, or all recognised in the year), numbered on the first print."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages.learning_page import LearningPage
from tests.learning_helpers import learning_year
from tests.pdf.pdfhelpers import pdf_text, squash
from tests.ui.helpers import show_widget

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ws, qtbot, no_dialogs):
    learning_year(ws)
    for village in ("Thôn Đông", "Thôn Tây"):
        ws.catalogs.add("village", village)
    return show_widget(qtbot, LearningPage(ws), 1024, 768)


def _menu_action(button, text):
    return next(a for a in button.menu().actions() if a.text().startswith(text))


def test_recognition_certificates_from_the_menu(page, ws, tmp_path, monkeypatch):
    panel = page.subjects
    out = tmp_path / "gcn.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    panel.select_names("Trần Thị Bình")
    _menu_action(panel.documents_button, "Giấy công nhận (cả trang").trigger()
    assert panel.status_line.text() == (f"Đã lưu 1 giấy công nhận năm 2026: {out}. Đã cấp số vào sổ cho 1 giấy công "
                                        "nhận in lần đầu.")
    text = squash(pdf_text(out.read_bytes())[0])
    assert "TrầnThịBình" in text and "Sốvàosổ:1/GĐHT-2026" in text  # the first printed gets number 1
    panel.table.clearSelection()
    _menu_action(panel.documents_button, "Giấy công nhận (chỉ in chữ").trigger()
    pages = [squash(p) for p in pdf_text(out.read_bytes())]
    assert len(pages) == 2 and "Sốvàosổ:2/GĐHT-2026" in pages[0] and "NguyễnVănAn" in pages[0]
    _menu_action(panel.documents_button, "Trang căn chỉnh").trigger()
    assert panel.status_line.text() == f"Đã lưu trang căn chỉnh phôi “Phôi giấy công nhận A4 ngang”: {out}"
    assert "TRANGCĂNCHỈNHPHÔIGIẤYCÔNGNHẬN" in squash(pdf_text(out.read_bytes())[0])
    panel.select_names("Lê Văn Cường")  # registered, not recognised
    _menu_action(panel.documents_button, "Giấy công nhận (cả trang").trigger()
    assert panel.status_line.text().startswith("Những đối tượng đang chọn chưa được công nhận năm 2026")
    panel.kind.setCurrentIndex(1)  # Dòng họ: none recognised
    _menu_action(panel.documents_button, "Giấy công nhận (cả trang").trigger()
    assert panel.status_line.text() == "Chưa có dòng họ học tập nào được công nhận năm 2026."


def test_registration_forms_and_the_recognition_list_from_the_menu(page, ws, tmp_path, monkeypatch):
    panel = page.subjects
    out = tmp_path / "dk.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    _menu_action(panel.documents_button, "Phiếu đăng ký cả thôn").trigger()
    assert panel.status_line.text() == "Chọn một thôn ở ô “Thôn” rồi in phiếu đăng ký cả thôn."
    panel.village.setCurrentText("Thôn Tây")
    _menu_action(panel.documents_button, "Phiếu đăng ký cả thôn").trigger()
    assert panel.status_line.text() == f"Đã lưu 2 phiếu đăng ký năm 2026: {out}"
    assert [squash(p).count("Họvàtênchủhộ:") for p in pdf_text(out.read_bytes())] == [1, 1]
    panel.table.clearSelection()
    _menu_action(panel.documents_button, "Phiếu đăng ký (đối tượng").trigger()  # nothing chosen: a blank form
    assert "Họvàtênchủhộ:....." in squash(pdf_text(out.read_bytes())[0])
    _menu_action(panel.documents_button, "Danh sách công nhận").trigger()
    assert panel.status_line.text() == f"Đã lưu danh sách công nhận năm 2026 (2 đối tượng): {out}"
    assert "ThônĐông(2hộgiađình)" in squash("".join(pdf_text(out.read_bytes())))


def test_excel_exports_from_the_menu(page, ws, tmp_path, monkeypatch):
    import openpyxl

    panel = page.subjects
    out = tmp_path / "ds.xlsx"
    suggested = []
    monkeypatch.setattr(dialogs, "save_file", lambda _w, _t, name, *_a, **_k: suggested.append(name) or str(out))
    assert [a.text() for a in panel.excel_button.menu().actions()] == [
        "Danh sách đăng ký…", "Kết quả chấm điểm…", "Danh sách công nhận…", "Biểu thống kê…"]
    _menu_action(panel.excel_button, "Danh sách đăng ký").trigger()
    assert panel.status_line.text() == f"Đã lưu danh sách đăng ký năm 2026: {out}"
    names = [r[1] for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert names == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình", "Hoàng Văn Em"]
    assert suggested == ["danh-sach-dang-ky-gia-dinh-2026.xlsx"]  # no English word in what the user sees
    _menu_action(panel.excel_button, "Kết quả chấm điểm").trigger()
    assert panel.status_line.text() == "Chưa có gia đình nào được chấm điểm năm 2026."


def test_validity_and_signer_settings_and_the_still_valid_status(page, ws, qtbot):
    settings = page.settings
    assert settings.validity["community"].value() == 3 and settings.validity["family"].value() == 1
    settings.validity["family"].setValue(2)
    settings.signer["name"].setText("Lê Thị Hoa")
    assert settings.save() and settings.status_line.text() == "Đã lưu thiết lập xây dựng xã hội học tập."
    values = ws.learning.settings()
    assert values["validity_years"]["family"] == 2 and values["certificate_signer"]["name"] == "Lê Thị Hoa"
    panel = page.subjects
    panel.year.setValue(2027)  # Nguyễn Văn An and Trần Thị Bình (2026) are still valid in 2027, not counted
    status = {panel.table.item(r, 0).text(): panel.table.item(r, 4).text() for r in range(panel.table.rowCount())}
    assert status["Nguyễn Văn An"] == "Chưa đăng ký (công nhận năm 2026, còn hiệu lực đến năm 2027)"
    assert status["Lê Văn Cường"] == "Chưa đăng ký"
    assert panel.footer.text().endswith("năm 2027: 0/6 đăng ký, 0 được công nhận.")


def test_a_household_shows_its_suggested_members_and_the_user_confirms(page, ws, qtbot):
    from khuyenhoc_desktop.domain.awards import AwardDraft
    from khuyenhoc_desktop.domain.members import MemberDraft

    ws.members.save(MemberDraft(full_name="Nguyễn Văn An", village="Thôn Đông", address="Xóm Giữa"), confirm=True)
    ws.members.save(MemberDraft(full_name="Nguyễn Văn An", village="Thôn Tây"), confirm=True)  # not his thôn
    ws.awards.save(AwardDraft(school_year="2025-2026", full_name="Nguyễn Thị Hoa", parent_name="Nguyễn Văn An",
                              village="Thôn Đông", category="Học sinh giỏi"), confirm=True)
    panel = page.subjects
    panel.reload()
    box = panel.form.links
    assert not box.isVisible()
    panel.select_names("Nguyễn Văn An")
    assert box.isVisible() and box.linked_list.count() == 0
    texts = [box.suggested_list.item(r).text() for r in range(box.suggested_list.count())]
    assert len(texts) == 2 and texts[0].startswith("Nguyễn Văn An — Hội viên") and texts[0].endswith("(trùng tên chủ hộ)")
    assert texts[1] == "Nguyễn Thị Hoa — Người được khen Học sinh giỏi 2025-2026 (con của chủ hộ)"
    assert not box.confirm() and "Đánh dấu những người" in box.status_line.text()
    box.check("Nguyễn Thị Hoa")
    assert box.confirm() and box.status_line.text() == "Đã liên kết 1 người với hộ."
    panel.select_names("Nguyễn Văn An")  # the page re-read the list; the household is shown again
    assert [box.linked_list.item(r).text() for r in range(box.linked_list.count())] == [
        "Nguyễn Thị Hoa — Người được khen Học sinh giỏi 2025-2026"]
    assert box.suggested_list.count() == 1
    box.linked_list.setCurrentRow(0)
    assert box.remove() and box.linked_list.count() == 0
    panel.kind.setCurrentIndex(3)  # a unit has no household links
    assert not box.isVisible()


def test_citizen_certificates_and_form_from_their_tab(page, ws, tmp_path, monkeypatch):
    citizens = page.citizens
    out = tmp_path / "cd.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(out))
    _menu_action(citizens.documents_button, "Giấy công nhận").trigger()
    assert citizens.status_line.text() == (f"Đã lưu 3 giấy công nhận Công dân học tập năm 2026 (để trống tên): {out}")
    assert len(pdf_text(out.read_bytes())) == 3  # the year's 3 recognised
    _menu_action(citizens.documents_button, "Phiếu đăng ký").trigger()
    assert "Họvàtên:....." in squash(pdf_text(out.read_bytes())[0])
    citizens.year.setValue(2025)
    _menu_action(citizens.documents_button, "Giấy công nhận").trigger()
    assert citizens.status_line.text().startswith("Chưa có Công dân học tập nào được công nhận năm 2025")
