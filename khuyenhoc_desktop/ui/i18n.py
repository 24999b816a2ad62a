"""Vietnamese texts for Qt's own widgets: Qt ships no Vietnamese translation, so we provide one.

The sources below are the (context, text) pairs Qt 6 really asks for in the dialogs the program can show
(file dialogs and their menus, message boxes, button boxes, input and progress dialogs, text-field menus,
scroll-bar menus, the print dialog), found by running each dialog under a recording translator
(`tests/ui/test_i18n.py` does so and fails on any visible English text).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

# Standard buttons (QPlatformTheme names them for QMessageBox and QDialogButtonBox alike).
_BUTTONS = {
    "OK": "Đồng ý",
    "&OK": "Đồng &ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Yes": "Có",
    "&Yes": "&Có",
    "No": "Không",
    "&No": "&Không",
    "Yes to &All": "Có với &tất cả",
    "N&o to All": "Không &với tất cả",  # Alt+C is Có's
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Open": "&Mở",
    "Close": "Đóng",
    "&Close": "Đó&ng",
    "Discard": "Không lưu",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng không lưu",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Help": "Trợ giúp",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
}

# The context menu of text fields (QLineEdit) and text areas (QWidgetTextControl).
_EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "&Select All": "Chọn &tất cả",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết",
}

_FILE_DIALOG = {
    "Look in:": "Tìm trong:",
    "&Look in:": "Tìm t&rong:",  # Alt+T is the file name's
    "File &name:": "&Tên tệp:",
    "File name:": "Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Files of &type:": "L&oại tệp:",  # Alt+L is Lưu's
    "Directory:": "Thư mục:",
    "&Choose": "&Chọn",
    "&Open": "&Mở",
    "Open": "Mở",
    "&Save": "&Lưu",
    "Save As": "Lưu thành",
    "Find Directory": "Chọn thư mục",
    "Back": "Quay lại",
    "Go back": "Quay lại",
    "Forward": "Tiến tới",
    "Go forward": "Tiến tới",
    "Parent Directory": "Thư mục cha",
    "Go to the parent directory": "Lên thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "Create a New Folder": "Tạo một thư mục mới",
    "New Folder": "Thư mục mới",
    "&New Folder": "Thư mục &mới",
    "List View": "Dạng danh sách",
    "Change to list view mode": "Xem dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Change to detail view mode": "Xem dạng chi tiết (tên, kích thước, loại, ngày sửa)",
    "Sidebar": "Thanh bên",
    "List of places and bookmarks": "Các nơi hay dùng",
    "Recent Places": "Nơi đã dùng gần đây",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "Drive": "Ổ đĩa",
    "Directories": "Thư mục",
    "Files": "Tệp",
    "File": "Tệp",
    "Folder": "Thư mục",
    "File Folder": "Thư mục",
    "%1 File": "Tệp %1",
    "Alias": "Lối tắt",
    "Shortcut": "Lối tắt",
    "Unknown": "Không rõ",
    "All Files (*)": "Mọi tệp (*)",
    "All files (*)": "Mọi tệp (*)",
    "Show ": "Hiện ",
    "Show &hidden files": "Hiện các tệp ẩ&n",
    "&Rename": "Đổi &tên",
    "&Delete": "&Xóa",
    "Delete": "Xóa",
    "Remove": "Bỏ khỏi danh sách",
    # key sequences for Back, Forward, Up: parsed by QKeySequence, so they stay as they are
    "Alt+Left": "Alt+Left",
    "Alt+Right": "Alt+Right",
    "Alt+Up": "Alt+Up",
    "%1 already exists.\nDo you want to replace it?": "Đã có tệp %1.\nCó muốn thay tệp cũ bằng tệp mới không?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    "'%1' is write protected.\nDo you want to delete it anyway?":
        "“%1” đang được bảo vệ không cho ghi.\nVẫn xóa?",
    "Are you sure you want to delete '%1'?": "Có chắc muốn xóa “%1” không?",
    "Could not delete directory.": "Không xóa được thư mục.",
}

_FILE_MODEL = {
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Kind": "Loại",
    "Date Modified": "Ngày sửa",
    "Computer": "Máy tính",
    "My Computer": "Máy tính",
    "Invalid filename": "Tên tệp không hợp lệ",
    '<b>The name "%1" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation marks.':
        "<b>Không dùng được tên “%1”.</b><p>Hãy đặt tên khác, ngắn hơn hoặc không có dấu chấm câu.",
    "%1 byte(s)": "%1 byte",
    "%1 bytes": "%1 byte",
}

_ICONS = {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File Folder": "Thư mục", "File": "Tệp", "Alias": "Lối tắt",
          "Shortcut": "Lối tắt", "Unknown": "Không rõ", "%1 File": "Tệp %1", "Computer": "Máy tính",
          "Trash": "Thùng rác", "Network": "Mạng"}

_SCROLL_BAR = {
    "Scroll here": "Cuộn đến đây",
    "Left edge": "Sát trái",
    "Top": "Lên đầu",
    "Right edge": "Sát phải",
    "Bottom": "Xuống cuối",
    "Page left": "Sang trái một trang",
    "Page up": "Lên một trang",
    "Page right": "Sang phải một trang",
    "Page down": "Xuống một trang",
    "Scroll left": "Cuộn sang trái",
    "Scroll up": "Cuộn lên",
    "Scroll right": "Cuộn sang phải",
    "Scroll down": "Cuộn xuống",
}

# The print dialog Qt shows on Linux (Windows shows its own, in the language of Windows).
_PRINT = {
    "Print": "In",
    "&Print": "&In",
    "OK": "Đồng ý",
    "Form": "Biểu mẫu",  # the title of an embedded page (Qt Designer's default)
    "&Options >>": "Tùy &chọn >>",
    "&Options <<": "Tùy &chọn <<",
    "Print to File (PDF)": "In ra tệp (PDF)",
    "Print To File ...": "In ra tệp…",
    "Local file": "Tệp trên máy",
    "Write PDF file": "Ghi tệp PDF",
    "All Pages": "Mọi trang",
    "Odd Pages": "Trang lẻ",
    "Even Pages": "Trang chẵn",
    "Left to Right, Top to Bottom": "Trái sang phải, trên xuống dưới",
    "Left to Right, Bottom to Top": "Trái sang phải, dưới lên trên",
    "Right to Left, Bottom to Top": "Phải sang trái, dưới lên trên",
    "Right to Left, Top to Bottom": "Phải sang trái, trên xuống dưới",
    "Bottom to Top, Left to Right": "Dưới lên trên, trái sang phải",
    "Bottom to Top, Right to Left": "Dưới lên trên, phải sang trái",
    "Top to Bottom, Left to Right": "Trên xuống dưới, trái sang phải",
    "Top to Bottom, Right to Left": "Trên xuống dưới, phải sang trái",
    "%1 already exists.\nDo you want to overwrite it?": "Đã có tệp %1.\nCó muốn ghi đè không?",
    "%1 is a directory.\nPlease choose a different file name.": "%1 là một thư mục.\nHãy chọn tên tệp khác.",
    "File %1 is not writable.\nPlease choose a different file name.":
        "Không ghi được tệp %1.\nHãy chọn tên tệp khác.",
    "Invalid Pages Definition": "Các trang ghi không đúng",
    "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges "
    "and make sure ranges do not intersect with each other.":
        "“%1” ghi không đúng. Hãy dùng dấu phẩy để ngăn các trang, dấu gạch ngang cho một khoảng trang "
        "(ví dụ 3,5-7,9), và các khoảng không chồng lên nhau.",
    "The 'From' value cannot be greater than the 'To' value.": "Số trang “Từ” không được lớn hơn số trang “đến”.",
    "Duplex Settings Conflicts": "Thiết lập in hai mặt mâu thuẫn",
    "There are conflicts in duplex settings. Do you want to fix them?":
        "Thiết lập in hai mặt đang mâu thuẫn. Có muốn sửa không?",
    "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.":
        "Không dùng cùng lúc “Số trang mỗi tờ” và “Các trang”.\nHãy tắt một trong hai.",
    # QPrintWidget
    "Printer": "Máy in",
    "&Name:": "&Tên:",
    "P&roperties": "Th&uộc tính",
    "Location:": "Vị trí:",
    "Preview": "Xem trước",
    "Type:": "Loại:",
    "Output &file:": "Tệp &ghi ra:",
    "...": "…",
    # QPrintSettingsOutput
    "Copies": "Số bản",
    "Copies:": "Số bản:",
    "Collate": "In trọn từng bộ",
    "Reverse": "In ngược thứ tự",
    "Print range": "Phạm vi in",
    "Print all": "In tất cả",
    "Pages from": "Từ trang",
    "Pages": "Trang",
    "Current Page": "Trang hiện tại",
    "Selection": "Phần đã chọn",
    "to": "đến",
    "Options": "Tùy chọn",
    "Output Settings": "Thiết lập in",
    "Color Mode": "Màu",
    "Color": "In màu",
    "Grayscale": "In đen trắng",
    "Double Sided Printing": "In hai mặt",
    "Off": "Tắt",
    "Long side binding": "Lật theo cạnh dài",
    "Short side binding": "Lật theo cạnh ngắn",
    "Page Set:": "Các trang:",
    "Page &Set:": "Các tr&ang:",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
    "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
        "Ghi các trang hoặc khoảng trang, ngăn nhau bằng dấu phẩy; một khoảng là hai số nối bằng dấu gạch "
        "ngang. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.",
    # QPageSetupWidget
    "Paper": "Giấy",
    "Page size:": "Khổ giấy:",
    "Width:": "Rộng:",
    "Height:": "Cao:",
    "Paper source:": "Khay giấy:",
    "Orientation": "Hướng giấy",
    "Portrait": "Dọc",
    "Landscape": "Ngang",
    "Reverse landscape": "Ngang (lật ngược)",
    "Reverse portrait": "Dọc (lật ngược)",
    "Margins": "Lề",
    "top margin": "lề trên",
    "bottom margin": "lề dưới",
    "left margin": "lề trái",
    "right margin": "lề phải",
    "Page Layout": "Bố cục trang",
    "Page order:": "Thứ tự trang:",
    "Page &order:": "Thứ tự t&rang:",
    "Pages per sheet:": "Số trang mỗi tờ:",
    "Pages &per sheet:": "&Số trang mỗi tờ:",
    "Custom": "Tùy chỉnh",
    "Millimeters (mm)": "Mi-li-mét (mm)",
    "Inches (in)": "Inch (in)",
    "Points (pt)": "Point (pt)",
    "Automatic": "Tự động",
    # QPrintPropertiesDialog / QPrintPreviewDialog
    "Printer Properties": "Thuộc tính máy in",
    "Job Options": "Tùy chọn lệnh in",
    "Page": "Trang",
    "Advanced": "Nâng cao",
    "Page Setup": "Thiết lập trang",
    "Page setup": "Thiết lập trang",
    "Print Preview": "Xem trước khi in",
    "Export to PDF": "Xuất ra PDF",
    "First page": "Trang đầu",
    "Previous page": "Trang trước",
    "Next page": "Trang sau",
    "Last page": "Trang cuối",
    "Fit width": "Vừa chiều rộng",
    "Fit page": "Vừa trang",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Show single page": "Xem từng trang",
    "Show facing pages": "Xem hai trang",
    "Show overview of all pages": "Xem mọi trang",
}

# File kinds in the file dialog's "Type" column come from the MIME database (hundreds of names such as
# "PDF document", "Excel 2007 spreadsheet"): the common ones by name, the rest by their last word.
_MIME_NAMES = {
    "plain text document": "Văn bản thuần",
    "folder": "Thư mục",
    "application log": "Nhật ký chương trình",
    "DOS/Windows executable": "Chương trình Windows",
    "unknown": "Không rõ",
}
_MIME_KINDS = {
    "document": "Tài liệu",
    "spreadsheet": "Bảng tính",
    "presentation": "Trình chiếu",
    "image": "Ảnh",
    "archive": "Tệp nén",
    "audio": "Âm thanh",
    "video": "Video",
    "file": "Tệp",
    "font": "Phông chữ",
    "executable": "Chương trình",
    "database": "Cơ sở dữ liệu",
    "script": "Mã lệnh",
    "shortcut": "Lối tắt",
    "template": "Mẫu",
}


def mime_comment(source: str) -> str | None:
    """"PDF document" → "Tài liệu PDF", "Excel 2007 spreadsheet" → "Bảng tính Excel 2007"."""
    if source in _MIME_NAMES:
        return _MIME_NAMES[source]
    head, _, last = source.rpartition(" ")
    kind = _MIME_KINDS.get(last.lower())
    if kind is None:
        return None
    return f"{kind} {head}" if head else kind


# context -> {source: translation}; a context not listed falls back to the buttons and the edit menu.
TEXTS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, "Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết..."},
    "QErrorMessage": {"&OK": "Đồng &ý", "&Show this message again": "&Hiện lại thông báo này"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QAbstractSpinBox": {"&Select All": "Chọn &tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_MODEL,
    "QAbstractFileIconProvider": _ICONS,
    "QFileIconProvider": _ICONS,
    "QScrollBar": _SCROLL_BAR,
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
    "QComboBox": {"Open the combo box selection popup": "Mở danh sách chọn", "True": "Đúng", "False": "Sai"},
    "QDialog": {"What's This?": "Đây là gì?"},
    "QPrintDialog": _PRINT,
    "QPrintWidget": _PRINT,
    "QPrintSettingsOutput": _PRINT,
    "QPageSetupWidget": _PRINT,
    "QPrintPropertiesDialog": _PRINT,
    "QPrintPropertiesWidget": _PRINT,
    "QPrintPreviewDialog": _PRINT,
    "Print Device Input Slot": {"Automatic": "Tự động"},
    "Print Device Output Bin": {"Automatic": "Tự động"},
}
_FALLBACK = {**_EDIT_MENU, **_BUTTONS}


def translate_text(context: str, source: str) -> str | None:
    """Qt's `source` in `context` in Vietnamese, or None (Qt then shows the English)."""
    if context == "QMimeType":
        return mime_comment(source)
    table = TEXTS.get(context)
    if table is not None and source in table:
        return table[source]
    return _FALLBACK.get(source)


class VietnameseTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 - Qt API
        return translate_text(context, source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


_translator: VietnameseTranslator | None = None
VIETNAMESE_LOCALE = "vi_VN"  # month and day names (calendar, file dates), decimal comma


def install(app: QCoreApplication) -> None:
    global _translator
    if _translator is None:
        _translator = VietnameseTranslator(app)
        app.installTranslator(_translator)
        QLocale.setDefault(QLocale(VIETNAMESE_LOCALE))  # by name: no Qt enum before the first frame


_STANDARD_TEXTS = {
    "Ok": "Đồng ý",
    "Cancel": "Hủy",
    "Yes": "Có",
    "No": "Không",
    "Save": "Lưu",
    "Close": "Đóng",
    "Discard": "Không lưu",
    "Retry": "Thử lại",
    "Open": "Mở",
}


def vi_buttons(box) -> None:
    """Set Vietnamese texts on the standard buttons of a QMessageBox or QDialogButtonBox."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox  # only when a dialog is built

    for name, text in _STANDARD_TEXTS.items():
        if isinstance(box, QDialogButtonBox):
            button = box.button(getattr(QDialogButtonBox.StandardButton, name))
        else:
            button = box.button(getattr(QMessageBox.StandardButton, name))
        if button is not None:
            button.setText(text)
