"""Vietnamese texts for Qt's own widgets: Qt ships no Vietnamese translation, so we provide one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# Context-free source texts Qt uses in standard buttons, text-field menus and file dialogs.
TEXTS = {
    "OK": "Đồng ý",
    "&OK": "Đồng &ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Yes": "Có",
    "&Yes": "&Có",
    "No": "Không",
    "&No": "&Không",
    "Yes to &All": "Có với tất cả",
    "N&o to All": "Không với tất cả",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Open": "&Mở",
    "Close": "Đóng",
    "&Close": "Đó&ng",
    "Discard": "Bỏ qua",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng không lưu",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Help": "Trợ giúp",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Show Details...": "Xem chi tiết...",
    "Hide Details...": "Ẩn chi tiết...",
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ liên kết",
    "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:",
    "File name:": "Tên tệp:",
    "Files of type:": "Kiểu tệp:",
    "&Choose": "&Chọn",
    "Back": "Quay lại",
    "Forward": "Tiến",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới",
    "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Kiểu",
    "Date Modified": "Ngày sửa",
    "Directory:": "Thư mục:",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "Print": "In",
    "&Print": "&In",
    "Printer": "Máy in",
    "Properties": "Thuộc tính",
    "Copies": "Số bản",
    "Print range": "Phạm vi in",
    "Print all": "In tất cả",
    "Pages from": "Từ trang",
    "to": "đến",
    "Options": "Tùy chọn",
}


class VietnameseTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 - Qt API
        return TEXTS.get(source_text) or None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


_translator: VietnameseTranslator | None = None


def install(app: QCoreApplication) -> None:
    global _translator
    if _translator is None:
        _translator = VietnameseTranslator(app)
        app.installTranslator(_translator)


_STANDARD_TEXTS = {
    "Ok": "Đồng ý",
    "Cancel": "Hủy",
    "Yes": "Có",
    "No": "Không",
    "Save": "Lưu",
    "Close": "Đóng",
    "Discard": "Bỏ qua",
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
