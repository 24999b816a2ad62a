"""Where things go on a giấy khen: paper sizes, the full-page field boxes and fixed lines (A4
millimetres; A3 is this scaled by √2), and the field names shown to the user."""

from __future__ import annotations

from ..domain.printables import FieldBox

__all__ = ["A3_SCALE", "FIELD_LABELS", "RECOGNITION_FIELD_LABELS", "PAPER_MM", "full_page_fields", "page_size_mm", "seed_fields", "static_lines"]

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # portrait width, height
A3_SCALE = 297.0 / 210.0

FIELD_LABELS = {
    "tang": "Chữ “TẶNG”",
    "issuing_body": "Cơ quan khen",
    "parent_body": "Cơ quan chủ quản",
    "name": "Họ và tên",
    "details": "Lớp, trường, thôn",
    "achievement": "Thành tích",
    "school_year": "Năm học",
    "decision": "Số quyết định",
    "register": "Số vào sổ",
    "place_date": "Địa danh, ngày",
    "signer_authority": "TM. …",
    "signer_title": "Chức vụ",
    "signer_name": "Người ký",
}


# The same fields on a giấy công nhận (a recognised household, dòng họ, thôn or unit).
RECOGNITION_FIELD_LABELS = {**FIELD_LABELS, "tang": "Chữ trên tiêu đề", "issuing_body": "Cơ quan công nhận",
                            "name": "Tên đối tượng", "details": "Thôn, người đứng đầu", "achievement": "Danh hiệu",
                            "school_year": "Năm công nhận"}


def page_size_mm(paper: str = "A4", orientation: str = "landscape") -> tuple[float, float]:
    w, h = PAPER_MM[paper]
    return (h, w) if orientation == "landscape" else (w, h)


_R = "#C8102E"  # the artwork's red (styles.RED), as FieldBox takes colours

_LANDSCAPE_FIELDS: dict[str, FieldBox] = {
    # Every text wraps at 12 pt or more before it would shrink further (CERTIFICATE_MIN_SIZE).
    "issuing_body": FieldBox(30, 42, 237, 16, bold=True, height_mm=12.5, min_font_size=12, color=_R),
    # name … school_year: positions are the defaults; full-page mode stacks them in the band below
    "name": FieldBox(30, 90, 237, 28, bold=True, height_mm=17, min_font_size=20),
    "details": FieldBox(30, 104.5, 237, 15, height_mm=13, min_font_size=12),
    "achievement": FieldBox(30, 112, 237, 15, height_mm=21, min_font_size=12),
    "school_year": FieldBox(30, 131, 237, 15, bold=True, min_font_size=12),
    "decision": FieldBox(26, 139, 108, 13, min_font_size=12),
    "register": FieldBox(26, 145.5, 108, 13, min_font_size=12),
    "place_date": FieldBox(146, 139, 125, 14, italic=True, min_font_size=12),
    "signer_authority": FieldBox(146, 145.5, 125, 14, bold=True, min_font_size=12),
    "signer_title": FieldBox(146, 151.5, 125, 14, bold=True, min_font_size=12),
    "signer_name": FieldBox(146, 192, 125, 16, bold=True, min_font_size=12),
}
_LANDSCAPE_STATIC = {
    "quoc_hieu": (25.5, 13.5),  # baseline mm, size pt
    "tieu_ngu": (32.0, 14.5),
    "tang": (57.0, 17.0),
    "giay_khen": (73.5, 46.0),
    "divider": 78.5,  # y of the small ornament under "GIẤY KHEN"
    "band": (80.5, 135.0),  # where name, details, achievement and school year are stacked
}

_PORTRAIT_FIELDS: dict[str, FieldBox] = {
    "issuing_body": FieldBox(22, 57, 166, 16, bold=True, height_mm=13, min_font_size=12, color=_R),
    "name": FieldBox(22, 128, 166, 26, bold=True, height_mm=20, min_font_size=18),
    "details": FieldBox(22, 146, 166, 14, height_mm=12, min_font_size=12),
    "achievement": FieldBox(22, 160, 166, 14, height_mm=42, min_font_size=12),
    "school_year": FieldBox(22, 205, 166, 14, bold=True, min_font_size=12),
    "decision": FieldBox(20, 225, 80, 12, min_font_size=12),
    "register": FieldBox(20, 231, 80, 12, min_font_size=12),
    "place_date": FieldBox(100, 224, 92, 13, italic=True, min_font_size=12),
    "signer_authority": FieldBox(100, 230.5, 92, 13, bold=True, min_font_size=12),
    "signer_title": FieldBox(100, 236.5, 92, 13, bold=True, min_font_size=12),
    "signer_name": FieldBox(100, 277, 92, 15, bold=True, min_font_size=12),
}
_PORTRAIT_STATIC = {
    "quoc_hieu": (36.0, 13.0),
    "tieu_ngu": (42.5, 14.0),
    "tang": (79.0, 17.0),
    "giay_khen": (101.0, 48.0),
    "divider": 107.0,
    "band": (113.0, 218.0),
}


def static_lines(orientation: str = "landscape") -> dict:
    """The fixed lines of the full page: baseline (mm) and size (pt) of each, the ornament and the band."""
    return _LANDSCAPE_STATIC if orientation == "landscape" else _PORTRAIT_STATIC


def full_page_fields(orientation: str = "landscape") -> dict[str, FieldBox]:
    """The field boxes of the full-page layout (A4 mm); the artwork draws "TẶNG" itself."""
    return dict(_LANDSCAPE_FIELDS if orientation == "landscape" else _PORTRAIT_FIELDS)


def seed_fields(orientation: str = "landscape") -> dict[str, FieldBox]:
    """Boxes for every field a phôi profile may print, where the full page puts them (A4 mm)."""
    static = static_lines(orientation)
    y_mm, size = static["tang"]
    ref = full_page_fields(orientation)["name"]
    return {"tang": FieldBox(ref.x_mm, y_mm, ref.width_mm, size, bold=True, min_font_size=12),
            **full_page_fields(orientation)}
