"""Every keyboard shortcut of the program, as the user guide and Trợ giúp → Phím tắt list them.

Key names are Qt's portable text ("Ctrl+N", "Del"); `tests/ui/test_main_window.py` builds every page and
fails if a shortcut exists that is not listed here, or one is listed that no longer exists.
"""

from __future__ import annotations

# (keys, what they do, where)
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("F1", "Mở Hướng dẫn sử dụng", "Mọi nơi"),
    ("Ctrl+Q", "Thoát chương trình", "Mọi nơi"),
    ("Ctrl++", "Chữ to hơn", "Mọi nơi"),
    ("Ctrl+-", "Chữ nhỏ hơn", "Mọi nơi"),
    ("Ctrl+0", "Cỡ chữ mặc định", "Mọi nơi"),
    ("Ctrl+N", "Thêm bản ghi mới (lập phiếu mới ở trang Quỹ)", "Khen thưởng, Lớp học cộng đồng, Quỹ khuyến học"),
    ("Ctrl+F", "Đưa con trỏ vào ô tìm kiếm", "Khen thưởng, Lớp học cộng đồng, Quỹ khuyến học"),
    ("Ctrl+Z", "Hoàn tác lần xóa vừa rồi", "Khen thưởng, Lớp học cộng đồng"),
    ("Del", "Xóa các dòng đang chọn trong danh sách", "Khen thưởng, Lớp học cộng đồng"),
    ("Ctrl+S", "Lưu bản ghi đang nhập", "Biểu mẫu khen thưởng"),
    ("Ctrl+R", "Điền sẵn như bản vừa lưu (năm học, trường, loại thành tích…)", "Biểu mẫu khen thưởng"),
    ("Enter", "Lưu bản ghi đang nhập", "Các biểu mẫu"),
    ("Esc", "Hủy, bỏ phần đang nhập", "Các biểu mẫu"),
)

# Handled in key events rather than by a QShortcut, so no widget lists them.
KEY_EVENT_KEYS = frozenset({"Enter", "Esc"})
