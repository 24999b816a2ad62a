"""Qt's own dialogs in Vietnamese: each dialog kind is shown under a recording translator, and no text Qt
asked for is left in English, nor is any English text visible among the dialog's widgets."""

from __future__ import annotations

import re
import unicodedata

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTextEdit,
    QWidget,
)

from khuyenhoc_desktop.ui import dialogs, i18n
from tests.ui.helpers import mnemonic_clashes

pytestmark = pytest.mark.gui

# Contexts whose texts are not words to translate: key names in shortcuts (Ctrl, Del: printed so on the
# keys), paper names (A4, Letter), the layout-direction marker, font script names (no font dialog is used),
# the progress bar's "%p%" format.
NOT_WORDS = {"QShortcut", "QPageSize", "QGuiApplication", "QFontDatabase", "QProgressBar"}
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Vietnamese words written without diacritics ("Trang", "In") are words of our own translations.
OWN_WORDS = {w.lower() for table in i18n.TEXTS.values() for source, text in table.items() if text != source
             for w in ENGLISH_WORD.findall(text)}


class Recorder(i18n.VietnameseTranslator):
    """The program's translator, noting every (context, source) Qt asks for and whether it had an answer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.asked: dict[tuple[str, str], str | None] = {}

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 - Qt API
        answer = super().translate(context, source_text, disambiguation, n)
        self.asked[(context, source_text)] = answer
        return answer


@pytest.fixture
def recorder(qapp):
    old_locale = QLocale()
    rec = Recorder(qapp)
    qapp.installTranslator(rec)
    QLocale.setDefault(QLocale(i18n.VIETNAMESE_LOCALE))
    yield rec
    qapp.removeTranslator(rec)
    QLocale.setDefault(old_locale)


def visible_texts(top: QWidget) -> list[str]:
    """Every text a user can see on `top`: labels, buttons, titles, tooltips, list items, headers, actions."""
    texts = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if w is not top and not w.isVisibleTo(top):
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        texts.append(w.toolTip())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None and not isinstance(w.parent(), QComboBox):
            model, root = w.model(), w.rootIndex()
            columns = model.columnCount(root)
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
            for r in range(min(model.rowCount(root), 30)):
                texts += [str(model.data(model.index(r, c, root)) or "") for c in range(columns)]
    for action in top.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [t for t in texts if t]


def labels_and_buttons(top: QWidget) -> list[str]:
    """The texts that carry Alt+letter mnemonics, of the widgets visible on `top`."""
    return [w.text() for w in top.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(top)]


def english(texts, allowed=()) -> list[str]:
    """Texts with an English word in them: no Vietnamese letter and a run of 3+ Latin letters."""
    out = []
    for text in texts:
        plain = unicodedata.normalize("NFC", text.replace("&", "")).split("\t")[0]  # menu text, not its shortcut
        if plain in allowed or VIETNAMESE.search(plain):
            continue
        words = ENGLISH_WORD.findall(re.sub(r"\(\*[^)]*\)", "", plain))  # file patterns such as (*.pdf) are not words
        if any(w.lower() not in OWN_WORDS for w in words):
            out.append(text)
    return out


def untranslated(rec: Recorder) -> list[tuple[str, str]]:
    return sorted(k for k, v in rec.asked.items() if v is None and k[0] not in NOT_WORDS)


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    return widget


FILES = ("bao-cao.pdf", "danh-sach.xlsx", "cu.xls", "ghi-chu.txt", "anh.png", "goi.khsync", "thu.docx", "nen.zip")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "Thư mục con").mkdir()
    (tmp_path / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n")
    for name in FILES[1:]:
        (tmp_path / name).write_bytes(b"PK\x03\x04" if name.endswith(("x", "zip")) else b"du lieu")
    return tmp_path


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_file_dialog(qtbot, recorder, folder, mode):
    dialog = dialogs.file_dialog(None, "Chọn tệp", str(folder), "PDF (*.pdf);;Tất cả (*)")
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    show(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.findChild(QAbstractItemView, "treeView").model().rowCount(
        dialog.findChild(QAbstractItemView, "treeView").rootIndex()) == (1 if mode == "folder" else 2), timeout=5000)
    texts = visible_texts(dialog)
    # the folder and file names shown, the home folder's name in the sidebar, the root "/"
    allowed = {str(folder), folder.name, *FILES, "Thư mục con", "PDF (*.pdf)", "/",
               *(p for p in str(folder).split("/") if p), __import__("pathlib").Path.home().name}
    assert untranslated(recorder) == []
    assert english(texts, allowed) == []
    labels = {t.replace("&", "") for t in texts}
    assert {"Tìm trong:", "Loại tệp:", "Tên", "Kích thước", "Loại", "Ngày sửa", "Dạng chi tiết"} <= labels
    assert {"Hiện các tệp ẩn", "Thư mục mới", "Đổi tên", "Xóa"} <= labels  # the list's context menu
    assert ("Tên tệp:" if mode != "folder" else "Thư mục:") in labels
    shown = labels_and_buttons(dialog)
    assert mnemonic_clashes(shown) == []
    menu = [a.text() for a in dialog.findChildren(QAction) if a.text() and not a.text().startswith("Alt+")]
    assert mnemonic_clashes(menu) == []


def test_file_kinds_are_vietnamese(qtbot, recorder, folder):
    dialog = dialogs.file_dialog(None, "Chọn tệp", str(folder), "Tất cả (*)")
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    show(qtbot, dialog)
    view = dialog.findChild(QAbstractItemView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 1 + len(FILES), timeout=5000)
    model, root = view.model(), view.rootIndex()
    kinds = {model.data(model.index(r, 0, root)): model.data(model.index(r, 2, root)) for r in range(model.rowCount(root))}
    assert kinds["bao-cao.pdf"] == "Tài liệu PDF"
    assert kinds["Thư mục con"] == "Thư mục"
    size = {model.data(model.index(r, 0, root)): model.data(model.index(r, 1, root)) for r in range(model.rowCount(root))}
    assert size["bao-cao.pdf"] == "9 byte" and size["Thư mục con"] == ""
    modified = model.data(model.index(0, 3, root))
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", modified), modified
    assert english(kinds.values()) == [], kinds
    assert i18n.mime_comment("Excel 2007 spreadsheet") == "Bảng tính Excel 2007"
    assert i18n.mime_comment("plain text document") == "Văn bản thuần"


def test_file_dialog_questions_and_sidebar_menu_are_translated():
    # Asked only from a modal question or a context menu's exec(), which no test may open.
    for source in ("%1 already exists.\nDo you want to replace it?", "Recent Places", "Remove",
                   "Are you sure you want to delete '%1'?", "%1\nFile not found.\nPlease verify the correct file name was given."):
        assert VIETNAMESE.search(i18n.translate_text("QFileDialog", source))
    assert i18n.translate_text("QFileDialog", "%1 already exists.\nDo you want to replace it?").count("%1") == 1


def test_linux_uses_qt_dialog_windows_its_own():
    assert dialogs.file_dialog_options("linux") == QFileDialog.Option.DontUseNativeDialog
    assert dialogs.file_dialog_options("win32") == QFileDialog.Option(0)


def test_message_box_and_button_box(qtbot, recorder):
    every = QMessageBox.StandardButton(0)
    for b in (QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Save, QMessageBox.StandardButton.SaveAll,
              QMessageBox.StandardButton.Open, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.YesToAll,
              QMessageBox.StandardButton.No, QMessageBox.StandardButton.NoToAll, QMessageBox.StandardButton.Abort,
              QMessageBox.StandardButton.Retry, QMessageBox.StandardButton.Ignore, QMessageBox.StandardButton.Close,
              QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Help,
              QMessageBox.StandardButton.Apply, QMessageBox.StandardButton.Reset,
              QMessageBox.StandardButton.RestoreDefaults):
        every |= b
    box = show(qtbot, QMessageBox(QMessageBox.Icon.Question, "Xác nhận", "Lưu bản ghi?", every))
    box.setDetailedText("Chi tiết")
    QApplication.processEvents()
    texts = visible_texts(box)
    assert english(texts) == [] and untranslated(recorder) == []
    assert "Xem chi tiết..." in texts and "Khôi phục mặc định" in texts
    assert mnemonic_clashes([b.text() for b in box.findChildren(QAbstractButton)]) == []
    buttons = show(qtbot, QDialogButtonBox(QDialogButtonBox.StandardButton(int(every.value))))
    assert english(visible_texts(buttons)) == [] and untranslated(recorder) == []


@pytest.mark.parametrize("kind", ["text", "int", "item"])
def test_input_dialog(qtbot, recorder, kind):
    dialog = QInputDialog()
    if kind == "int":
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
    if kind == "item":
        dialog.setComboBoxItems(["Cấp xã", "Cấp huyện"])
    show(qtbot, dialog)
    texts = visible_texts(dialog)
    assert english(texts) == [] and untranslated(recorder) == []
    assert "Nhập giá trị:" in texts and "Hủy" in texts


def test_progress_dialog(qtbot, recorder):
    dialog = QProgressDialog()
    dialog.setLabelText("Đang nhập…")
    show(qtbot, dialog)
    texts = visible_texts(dialog)
    assert english(texts) == [] and untranslated(recorder) == [] and "Hủy" in texts


@pytest.mark.parametrize("widget_type", [QLineEdit, QTextEdit, QPlainTextEdit])
def test_text_field_context_menu(qtbot, recorder, widget_type):
    field = show(qtbot, widget_type("Nguyễn Văn An"))
    menu = field.createStandardContextMenu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert english(texts) == [] and untranslated(recorder) == []
    assert {"&Hoàn tác\tCtrl+Z", "&Dán\tCtrl+V", "Chọn tất cả\tCtrl+A"} <= set(texts)
    menu.deleteLater()


def test_calendar_popup_speaks_vietnamese(qtbot, recorder):
    calendar = show(qtbot, QCalendarWidget())
    calendar.setCurrentPage(2026, 2)
    month = calendar.findChild(QAbstractButton, "qt_calendar_monthbutton")
    assert month.text() == "Tháng 2"
    assert [a.text() for a in month.menu().actions()][:3] == ["Tháng 1", "Tháng 2", "Tháng 3"]
    view = calendar.findChild(QAbstractItemView)
    days = [view.model().data(view.model().index(0, c)) for c in range(1, 8)]
    assert days == ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "CN"]


def test_print_dialog(qtbot, recorder):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = show(qtbot, QPrintDialog(printer))
    options = next(b for b in dialog.findChildren(QPushButton) if b.text().endswith(">>"))
    options.click()
    QApplication.processEvents()
    paper = {k[1] for k in recorder.asked if k[0] == "QPageSize"}
    texts = visible_texts(dialog)
    # the PDF printer's default file name is a path; paper sizes keep their international names
    allowed = paper | {printer.outputFileName(), dialog.findChild(QLineEdit).text()}
    assert english(texts, allowed) == [] and untranslated(recorder) == []
    assert "Số bản:" in {t.replace("&", "") for t in texts}
    shown = labels_and_buttons(dialog)
    assert mnemonic_clashes(shown) == []


def test_every_translation_is_nfc_and_keeps_its_placeholders():
    for table in i18n.TEXTS.values():
        for source, text in table.items():
            assert unicodedata.is_normalized("NFC", text), text
            assert source.count("%1") == text.count("%1") and source.count("%2") == text.count("%2"), source

