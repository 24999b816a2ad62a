"""The print page: generate in the background, preview, cancel, print (to a PDF printer) and save."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages import print_page
from khuyenhoc_desktop.ui.pages.print_page import PrintPage
from tests.ui.helpers import show_widget, unexpected_dialog

pytestmark = pytest.mark.gui

NAMES = ["Trần Thị Ánh", "Nguyễn Văn Ân", "Lê Minh Đức", "Phạm Thu Hà", "Nguyễn Văn An"]


@pytest.fixture
def filled(ws):
    for i, name in enumerate(NAMES):
        ws.awards.save(AwardDraft(school_year="2024-2025", full_name=name, birth_date=date(2012, 1, i + 1),
                                  category="Học sinh giỏi", level="Cấp trường", school="Trường THCS Tân Dĩnh",
                                  class_name="8A", amount=200_000, status="approved",
                                  achievement="Đạt danh hiệu Học sinh Giỏi"), confirm=True)
    return ws


@pytest.fixture
def page(filled, qtbot, monkeypatch, no_dialogs):
    monkeypatch.setattr(print_page, "ask_print_dialog", unexpected_dialog)
    widget = show_widget(qtbot, PrintPage(filled), 1200, 800)
    yield widget
    widget.shutdown()


def wait_idle(qtbot, page):
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)


def test_award_list_is_generated_in_the_background_and_previewed(page, qtbot, tmp_path):
    page.set_kind("award-list")
    assert page.generate()
    assert page.is_busy() and page.cancel_button.isEnabled()
    wait_idle(qtbot, page)
    assert page.pdf is not None
    pages = len(PdfReader(__import__("io").BytesIO(page.pdf)).pages)
    assert page.preview_page_count() == pages >= 1
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    page.grab().save(str(tmp_path / "print_page.png"))


def test_cancel_stops_a_long_certificate_job_and_leaves_no_preview(page, qtbot, filled):
    for i in range(60):
        filled.awards.save(AwardDraft(school_year="2024-2025", full_name=f"Hoàng Văn Thêm {i}",
                                      birth_year=2012, category="Học sinh xuất sắc", amount=100_000), confirm=True)
    page.set_kind("certificates")
    seen = []
    original = print_page.RenderWorker._progress

    def slow(self, done, total):
        seen.append(done)
        import time
        time.sleep(0.02)
        return original(self, done, total)

    print_page.RenderWorker._progress = slow
    try:
        assert page.generate()
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=30_000)
        page.cancel()
        wait_idle(qtbot, page)
    finally:
        print_page.RenderWorker._progress = original
    assert page.pdf is None and page.preview_page_count() == 0
    assert "dừng" in page.status_label.text().lower()
    # nothing printed, so no register number was given
    awards = filled.awards.fetch(filled.awards.uuids(AwardFilter()))
    assert all(a.register_no == "" for a in awards)


def test_printing_certificates_paints_every_page_and_gives_register_numbers(page, qtbot, filled, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    page.set_kind("certificates")
    page.generate()
    wait_idle(qtbot, page)
    assert page.preview_page_count() == len(NAMES)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    monkeypatch.setattr(print_page, "ask_print_dialog", lambda parent, p: True)
    assert page.print_document(printer)
    assert len(PdfReader(str(out)).pages) == len(NAMES)
    awards = filled.awards.fetch(filled.awards.uuids(AwardFilter(), sort="name"))
    assert [a.register_no for a in awards] == [f"{i}/2024-2025" for i in range(1, len(NAMES) + 1)]


def test_save_pdf_writes_the_previewed_file(page, qtbot, tmp_path, monkeypatch):
    page.set_kind("award-list")
    page.generate()
    wait_idle(qtbot, page)
    target = tmp_path / "ds.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(target))
    assert page.save_pdf() == str(target)
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Trần Thị Ánh" in text


def test_blank_form_offset_preview_and_calibration(page, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    page.set_kind("certificates")
    page.mode.setCurrentIndex(page.mode.findData("blank-form"))
    page.offset_x.setValue(2.5)
    page.update_offset_preview()
    assert page.offset_preview.pixmap() is not None and not page.offset_preview.pixmap().isNull()
    assert page.current_profile().offset_x_mm == 2.5
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cal.pdf"))
    printer.setResolution(72)
    monkeypatch.setattr(print_page, "ask_print_dialog", lambda parent, p: True)
    assert page.print_calibration(printer)
    assert len(PdfReader(str(tmp_path / "cal.pdf")).pages) == 1
    page.grab().save(str(tmp_path / "blank.png"))


def test_missing_voucher_shows_a_vietnamese_error(page, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, *a, **k: shown.append(text))
    page.set_kind("voucher")
    page.voucher_number.setText("PT-2099-0001")
    assert not page.generate()
    assert shown and "PT-2099-0001" in shown[0]


def test_draft_certificates_preview_is_marked_and_saving_gives_no_number(page, qtbot, filled, tmp_path, monkeypatch):
    draft, _ = filled.awards.save(AwardDraft(school_year="2024-2025", full_name="Vũ Thị Yến", birth_year=2012,
                                             category="Học sinh giỏi", amount=100_000), confirm=True)
    page.set_kind("certificates")
    page.status.setCurrentIndex(page.status.findData("draft"))
    page.generate()
    wait_idle(qtbot, page)
    assert page.cert_job.draft and page.preview_page_count() == 1
    assert "BẢN NHÁP" in page.status_label.text()
    target = tmp_path / "nhap.pdf"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(target))
    assert page.save_pdf() == str(target)
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "Vũ Thị Yến" in text and "BẢN NHÁP" in text and "Số vào sổ" not in text
    assert filled.awards.get(draft.uuid).register_no == ""
    # the final batch leaves the draft out and numbers the decided ones
    page.status.setCurrentIndex(page.status.findData(""))
    page.generate()
    wait_idle(qtbot, page)
    assert page.preview_page_count() == len(NAMES) and "Bỏ qua 1 bản ghi Nháp" in page.status_label.text()
    assert page.save_pdf(str(tmp_path / "gk.pdf"))
    assert filled.awards.get(draft.uuid).register_no == ""
    awards = filled.awards.fetch(filled.awards.uuids(AwardFilter(status="approved"), sort="name"))
    assert [a.register_no for a in awards] == [f"{i}/2024-2025" for i in range(1, len(NAMES) + 1)]


def test_class_summary_and_voucher_book_from_the_window(page, qtbot, filled, tmp_path):
    from khuyenhoc_desktop.domain.classes import ClassDraft
    from khuyenhoc_desktop.domain.fund import VoucherDraft
    from khuyenhoc_desktop.services import documents

    filled.classes.save(ClassDraft(name="Tin học cơ bản cho người cao tuổi", field="Tin học", start_date=date(2026, 1, 5),
                                   end_date=date(2026, 1, 9), sessions=5, learners=25, women=15), confirm=True)
    page.set_kind("class-summary")
    assert page.filters.currentWidget() is page.class_box
    page.class_year.setValue(2026)
    assert page.generate()
    wait_idle(qtbot, page)
    text = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(page.pdf)).pages)
    assert "Tin học cơ bản cho người cao tuổi" in text and "Năm 2026" in text
    v, _ = filled.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 3, 2), person="Nguyễn Văn An",
                                        reason="Ủng hộ", item="Ủng hộ của cá nhân", amount=500_000),
                           confirm=True, today=date(2026, 3, 2))
    page.set_kind("voucher")
    page.voucher_number.setText(v.number)
    page.voucher_book.setText("02")
    assert page.generate()
    wait_idle(qtbot, page)
    assert documents.voucher_book(filled, 2026) == "02"
    assert "Quyểnsố:02" in "".join(PdfReader(__import__("io").BytesIO(page.pdf)).pages[0].extract_text().split())
    page.voucher_book.setText("")
    page.voucher_number.editingFinished.emit()
    assert page.voucher_book.text() == "02"


def test_salutation_of_a_category_is_a_setting_used_by_the_next_batch(page, qtbot, filled):
    from khuyenhoc_desktop.services import documents

    page.set_kind("certificates")
    assert not page.salutation.isEnabled()  # no category chosen: nothing to set
    page.category.setCurrentIndex(page.category.findText("Học sinh giỏi"))
    assert page.salutation.isEnabled() and page.salutation.currentData() == ""
    page.salutation.setCurrentIndex(page.salutation.findData("Cháu"))
    page.salutation.activated.emit(page.salutation.currentIndex())
    assert documents.salutation_settings(filled) == {"Học sinh giỏi": "Cháu"}
    page.generate()
    wait_idle(qtbot, page)
    assert {c.salutation for c in page.cert_job.items} == {"Cháu"}
