"""The blank-form profile editor: edit a field, save, copy, delete, validation and the live preview."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.services import documents
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.forms import profile_editor
from khuyenhoc_desktop.ui.forms.profile_editor import COL_FIELD, COL_SIZE, COL_X, ProfileEditorDialog
from khuyenhoc_desktop.ui.pages import print_page

pytestmark = pytest.mark.gui


@pytest.fixture
def forbid(monkeypatch):
    def no_dialog(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:2]}")

    for name in ("info", "warning", "error", "ask", "ask_text", "save_file", "open_file"):
        monkeypatch.setattr(dialogs, name, no_dialog)
    monkeypatch.setattr(print_page, "ask_print_dialog", no_dialog)


@pytest.fixture
def editor(ws, qtbot, forbid):
    first = documents.certificate_profiles()[0].name
    widget = ProfileEditorDialog(ws, first)
    widget.show()
    qtbot.waitUntil(lambda: widget.preview_count >= 1, timeout=10_000)
    yield widget
    widget.dirty = False  # closing must not ask about unsaved edits
    widget.close()
    widget.deleteLater()


def stored(name):
    return next(p for p in documents.certificate_profiles() if p.name == name)


def test_changing_x_and_saving_stores_the_profile(editor, tmp_path):
    name = editor.profile_name()
    assert not editor.errors, editor.errors  # the shipped profiles are valid
    editor.set_cell("name", COL_X, "42,5")
    assert editor.dirty
    assert editor.save()
    assert stored(name).fields["name"].x_mm == 42.5
    assert not editor.dirty
    # other values of the box (wrap height, colour …) survive the edit
    original = documents.find_profile(name)
    assert original.fields["name"].height_mm >= 0
    # the edited form draws (into the test's own folder: a fixed /tmp name is shared by parallel runs)
    assert editor.grab().save(str(tmp_path / "profile_editor.png"))


def test_preview_follows_edits_after_a_short_delay(editor, qtbot):
    before = editor.preview_image.copy()
    count = editor.preview_count
    editor.set_cell("name", COL_X, "5")
    assert editor.preview_timer.isActive()
    qtbot.waitUntil(lambda: editor.preview_count > count, timeout=5_000)
    assert editor.preview_image != before
    assert editor.preview.pixmap() is not None and not editor.preview.pixmap().isNull()


def test_bad_values_show_vietnamese_messages_and_are_not_saved(editor, monkeypatch):
    name = editor.profile_name()
    old_x = stored(name).fields["name"].x_mm
    editor.set_cell("name", COL_X, "900")
    editor.set_cell("school_year", COL_SIZE, "100")
    assert "X phải từ 0" in editor.messages.text()
    assert "cỡ chữ phải từ 6 đến 72 pt" in editor.messages.text()
    warned = []
    monkeypatch.setattr(dialogs, "warning", lambda parent, text, *a, **k: warned.append(text))
    assert not editor.save()
    assert warned and "Họ và tên" in warned[0]
    assert stored(name).fields["name"].x_mm == old_x
    editor.set_cell("name", COL_X, "abc")
    assert "không phải là số" in editor.messages.text()
    # a bad value keeps the last good preview instead of rendering
    count = editor.preview_count
    editor.update_preview()
    assert editor.preview_count == count


def test_save_as_makes_a_named_copy_which_can_be_deleted(editor, monkeypatch):
    original = editor.profile_name()
    editor.set_cell("name", COL_X, "33")
    editor.table.item(profile_editor.CERTIFICATE_FIELDS.index("signer_title"), COL_FIELD).setCheckState(
        profile_editor.Qt.CheckState.Checked)
    editor.offset_x.setValue(1.5)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Phôi của xã Tân Dĩnh")
    assert editor.save_as()
    copy = stored("Phôi của xã Tân Dĩnh")
    assert copy.fields["name"].x_mm == 33 and copy.offset_x_mm == 1.5 and "signer_title" in copy.fields
    assert stored(original).fields["name"].x_mm != 33  # the original is untouched
    assert editor.profile_name() == "Phôi của xã Tân Dĩnh"
    assert editor.delete_button.isEnabled()

    # the same name again is refused
    warned = []
    monkeypatch.setattr(dialogs, "warning", lambda parent, text, *a, **k: warned.append(text))
    assert not editor.save_as()
    assert warned and "Đã có mẫu" in warned[0]

    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    assert editor.delete_profile()
    assert "Phôi của xã Tân Dĩnh" not in [p.name for p in documents.certificate_profiles()]


def test_shipped_profiles_cannot_be_deleted(editor):
    assert not editor.delete_button.isEnabled()
    with pytest.raises(documents.ConflictError):
        documents.delete_certificate_profile(editor.profile_name())


def test_calibration_page_goes_to_the_printer(ws, qtbot, forbid):
    sent = []
    widget = ProfileEditorDialog(ws, None, print_pdf=lambda data, printer=None: sent.append(data) or True)
    widget.offset_y.setValue(-2)
    assert widget.print_calibration()
    assert sent and sent[0].startswith(b"%PDF")
    widget.deleteLater()


def test_print_page_opens_the_editor_and_follows_its_saves(ws, qtbot, forbid, monkeypatch):
    page = print_page.PrintPage(ws)
    qtbot.addWidget(page)
    page.set_kind("certificates")
    page.mode.setCurrentIndex(page.mode.findData("blank-form"))
    assert page.edit_profile_button.isEnabled()
    page.profile.setCurrentIndex(1)
    editor = page.open_profile_editor()
    assert editor.profile_name() == page.profiles[1].name
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Mẫu mới")
    editor.set_cell("name", COL_X, "12")
    assert editor.save_as()
    assert "Mẫu mới" in [p.name for p in page.profiles]
    assert page.current_profile().name == "Mẫu mới"
    assert page.current_profile().fields["name"].x_mm == 12
    editor.dirty = False
    editor.reject()
    page.shutdown()


def test_tang_and_the_signer_block_are_optional_fields_of_a_blank_form(editor, monkeypatch):
    from pypdf import PdfReader
    import io

    from khuyenhoc_desktop.pdf.certificate import render_certificates
    from tests.pdf.pdfhelpers import make_certificate

    rows = {editor.table.item(r, COL_FIELD).text(): r for r in range(editor.table.rowCount())}
    for label in ("Chữ “TẶNG”", "Thẩm quyền ký (TM. …)", "Chức vụ người ký", "Người ký"):
        assert label in rows, label
    for key in ("tang", "signer_authority", "signer_title"):
        editor.table.item(profile_editor.CERTIFICATE_FIELDS.index(key), COL_FIELD).setCheckState(
            profile_editor.Qt.CheckState.Checked)
    assert not editor.errors, editor.errors
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Phôi không in sẵn chữ TẶNG")
    assert editor.save_as()
    profile = stored("Phôi không in sẵn chữ TẶNG")
    assert {"tang", "signer_authority", "signer_title", "signer_name"} <= set(profile.fields)
    data = render_certificates([make_certificate(editor.ws.organisation)], mode="blank-form", profile=profile)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for expected in ("TẶNG", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Văn Thắng"):
        assert expected in text, expected


def test_the_sample_is_dated_by_the_workspace_clock(editor, ws, monkeypatch):
    from datetime import date

    from khuyenhoc_desktop.domain.clock import FixedClock

    monkeypatch.setattr(ws, "clock", FixedClock(date(2031, 5, 4)))  # a day the real calendar is not on
    editor.sample = None
    sample = editor.current_sample()
    assert sample.issue_date == sample.decision_date == date(2031, 5, 4)
