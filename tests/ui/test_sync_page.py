"""The commune's sync page: fingerprint, unsent count, export, history, registration form, acknowledgements."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft
from khuyenhoc_desktop.sync import KeyCard, generate_encryption_key, generate_signing_key, open_package, write_ack
from khuyenhoc_desktop.ui import dialogs
from khuyenhoc_desktop.ui.pages import sync_page
from khuyenhoc_desktop.ui.pages.sync_page import SyncPage
from tests.ui.helpers import finish, show_widget

pytestmark = pytest.mark.gui


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, name):
        def record(*args, **kwargs):
            self.calls.append((name, args[1] if len(args) > 1 else ""))
        return record

    def texts(self, name):
        return [t for n, t in self.calls if n == name]


@pytest.fixture
def shown(monkeypatch, no_dialogs):
    rec = Recorder()
    for name in ("info", "warning", "error"):
        monkeypatch.setattr(dialogs, name, rec(name))
    return rec


@pytest.fixture
def page(ws, qtbot, shown):
    return show_widget(qtbot, SyncPage(ws), 1200, 850)


def add(ws, name):
    award, _ = ws.awards.save(AwardDraft(school_year="2025-2026", full_name=name, birth_date=date(2012, 3, 4),
                                         category="Học sinh giỏi", level="Cấp trường",
                                         school="Trường THCS Tân Dĩnh", amount=100_000), confirm=True)
    return award


def exported(qtbot, page):
    """Run the page's export (a worker thread) to its end; the package's path, or None."""
    operation = finish(qtbot, page.export())
    return operation.result.path if operation.outcome == "done" else None


def test_fingerprint_unsent_export_and_history(page, ws, shown, monkeypatch, tmp_path, qtbot):
    fp = ws.sync.fingerprint()
    assert page.fingerprint_label.text().replace(" · ", "").replace(" ", "") == fp.replace("-", "")
    add(ws, "Nguyễn Văn Ân")
    page.refresh()
    n = ws.sync.unsent_count()
    assert page.unsent_label.text() == f"Chưa đóng gói gửi tỉnh: {n} thay đổi"
    assert not page.encrypt_check.isEnabled()

    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(tmp_path / "usb"))
    emitted = []
    page.changed.connect(lambda: emitted.append(1))
    path = exported(qtbot, page)
    assert path is not None and path.exists() and emitted
    open_package(path).verify(ws.sync.key_card().signing_key)
    assert page.history.rowCount() == 1 and page.history.item(0, 0).text() == "1"
    assert page.unsent_label.text().startswith("Mọi thay đổi đã có trong gói dữ liệu đã tạo.")
    message = shown.texts("info")[-1]
    # A file was written, where, and that it still has to be sent; never that the province has it.
    assert "gói dữ liệu số 1" in message and str(path) in message
    assert "CHƯA đến tỉnh" in message and "USB" in message and "thư điện tử" in message
    assert "đã được gửi" not in message and "đã gửi lên tỉnh" not in message

    assert exported(qtbot, page) is None  # nothing new
    assert "Không có thay đổi nào chưa gửi" in shown.texts("info")[-1]
    page.full_check.setChecked(True)
    assert exported(qtbot, page) is not None
    assert page.history.rowCount() == 2 and page.history.item(0, 2).text() == "Toàn bộ"
    assert not page.full_check.isChecked()
    page.grab().save(str(tmp_path / "sync_page.png"))


def test_registration_form_and_key_card(page, ws, shown, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "phieu.pdf"))
    written = page.print_registration()
    assert written.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(tmp_path / "xa.khkey"))
    card = KeyCard.load(page.save_key_card())
    assert card.signing_fingerprint == ws.sync.fingerprint()


def test_province_key_encryption_and_ack(page, ws, shown, monkeypatch, tmp_path, qtbot):
    p_sign, p_enc = generate_signing_key(), generate_encryption_key()
    KeyCard.for_keys("province", "24", "Bắc Ninh", p_sign, p_enc).save(tmp_path / "tinh.khkey")
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(tmp_path / "tinh.khkey"))
    assert page.import_province_key() is not None
    assert page.encrypt_check.isEnabled() and "Bắc Ninh" in page.province_key_label.text()

    a, b = add(ws, "Nguyễn Văn Ân"), add(ws, "Trần Thị Bình")
    page.encrypt_check.setChecked(True)
    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(tmp_path / "usb"))
    path = exported(qtbot, page)
    open_package(path, decrypt_with=p_enc).verify(ws.sync.key_card().signing_key)

    write_ack(tmp_path / "bn.khack", p_sign, province_code="24", commune_code="07462", up_to_seq=1,
              province_name="Bắc Ninh", accepted=[("award", a.uuid, 1)],
              returned=[("award", b.uuid, 1, "Thiếu số quyết định")])
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(tmp_path / "bn.khack"))
    result = page.import_ack()
    assert (result.accepted, result.returned) == (1, 1)
    assert page.ack_label.text() == "Được chấp nhận: 1   •   Bị trả lại: 1"
    assert page.returned.rowCount() == 1
    assert page.returned.item(0, 1).text() == "Trần Thị Bình"
    assert page.returned.item(0, 3).text() == "Thiếu số quyết định"

    # a damaged acknowledgement is explained, not raised
    (tmp_path / "hong.khack").write_bytes(b"not a zip")
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(tmp_path / "hong.khack"))
    assert page.import_ack() is None and shown.texts("error")


def test_status_provider_and_close_check(ws, shown, monkeypatch, tmp_path):
    window = SimpleNamespace(ws=ws)
    n = ws.sync.unsent_count()
    assert n > 0
    assert sync_page.unsent_status(window) == f"Chưa đóng gói gửi tỉnh: {n} thay đổi"
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, text, *a, **k: asked.append(text) or False)
    assert sync_page.confirm_unsent_on_close(window) is False
    assert asked == [f"Còn {n} thay đổi chưa đóng gói gửi lên tỉnh. Vẫn thoát?"]
    ws.sync.export_package(folder=tmp_path)
    assert sync_page.unsent_status(window) == ""
    assert sync_page.confirm_unsent_on_close(window) is True and len(asked) == 1


def test_page_in_the_main_window_with_the_hooks(ws, qtbot, shown, monkeypatch):
    from khuyenhoc_desktop.ui import main_window

    monkeypatch.setattr(main_window, "STATUS_PROVIDERS", [sync_page.unsent_status])
    monkeypatch.setattr(main_window, "save_preferences", lambda prefs: None)
    window = main_window.MainWindow(ws, {"zoom": 100})
    qtbot.addWidget(window)
    assert window.extra_label.text() == ""  # nothing is counted before the window has been painted
    window.show()
    # The count is filled in just after the window's first paint.
    qtbot.waitUntil(lambda: window.extra_label.text().startswith("Chưa đóng gói gửi tỉnh:"), timeout=3000)
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    ws.sync.export_package()
    page.changed.emit()
    assert window.extra_label.text() == ""


def test_a_key_sealed_on_another_computer_is_explained_on_the_page(ws, qtbot, shown, monkeypatch):
    from khuyenhoc_desktop.storage.settings import SealedKeyError

    def sealed():
        raise SealedKeyError("Khóa riêng của đơn vị trong tệp này được khóa bằng khóa của một máy tính khác.")

    monkeypatch.setattr(ws.sync, "fingerprint", sealed)
    page = show_widget(qtbot, SyncPage(ws), 1200, 850)  # built without raising
    assert "máy tính khác" in page.fingerprint_label.text()
    assert not page.export_button.isEnabled()
