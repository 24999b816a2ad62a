"""Canonical import fields per record kind and the Vietnamese header names that map to them.

Header texts are matched on a key made by `header_key`: NFC, diacritics
folded away, lower case, text in parentheses dropped ("Số tiền (đồng)"),
punctuation turned into spaces ("Người nộp/nhận" → "nguoi nop nhan"). So
"HO VA TEN", "Họ  và tên" and "họ và tên:" all give "ho va ten".

A header matches an alias when the keys are equal; an alias of two or more
words also matches a header that starts with it and has at most two more words
("Họ và tên học sinh"). The longest matching alias wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khuyenhoc_desktop.vietnamese import fold

__all__ = ["FIELDS", "KINDS", "FieldSpec", "fields_for", "header_key", "match_field", "required_fields"]

KINDS = ("awards", "classes", "learners", "vouchers")


@dataclass(frozen=True)
class FieldSpec:
    """One import field. `type` decides how cells are read:

    text, name, birth, date, money, int, number, gender, flag_male, flag_female,
    voucher_type, payment_method, ignore (recognised but not imported).
    """

    name: str
    label: str
    type: str
    aliases: tuple[str, ...]


def _f(name: str, label: str, type_: str, *aliases: str) -> FieldSpec:
    return FieldSpec(name, label, type_, tuple(aliases))


_STT = _f("stt", "STT", "ignore", "stt", "tt", "so tt", "so thu tu", "thu tu", "s tt", "s t t", "t t", "no")
_SIGNATURE = _f("signature", "Ký nhận", "ignore", "ky nhan", "ky ten", "chu ky", "ky", "ky nhan tien", "ky va ghi ro ho ten")
_NOTE = _f("note", "Ghi chú", "text", "ghi chu", "ghi chu khac", "chu thich")
_PERSON_NAME = [
    _f(
        "full_name", "Họ và tên", "name",
        "ho va ten", "ho ten", "ho va ten hoc sinh", "ho ten hoc sinh", "ho va ten hoc vien", "ho ten hoc vien",
        "ho va ten nguoi hoc", "ho ten nguoi hoc", "ten hoc sinh", "ten hoc vien", "ho va ten sinh vien",
        "ho ten sinh vien", "ho va ten nguoi duoc khen", "ho va ten nguoi nhan", "hoc sinh", "nguoi duoc khen thuong",
    ),
    _f("family_name", "Họ", "name", "ho"),
    _f("family_middle", "Họ đệm", "name", "ho dem", "ho va dem", "ho va ten dem", "ho ten dem", "ho va chu lot", "ho lot"),
    _f("middle_name", "Đệm", "name", "dem", "ten dem", "chu lot", "ten lot", "lot"),
    _f("given_name", "Tên", "name", "ten", "ten goi"),
    _f(
        "birth", "Ngày sinh", "birth",
        "ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay", "ns", "ngay sinh nam sinh", "ngay thang sinh",
        "dob", "sinh nam",
    ),
    _f("gender", "Giới tính", "gender", "gioi tinh", "gt", "nam nu", "phai", "gioi"),
    _f("is_male", "Nam", "flag_male", "nam"),
    _f("is_female", "Nữ", "flag_female", "nu"),
]  # fmt: skip
_VILLAGE = _f(
    "village", "Thôn", "text",
    "thon", "xom", "thon xom", "thon to dan pho", "to dan pho", "tdp", "khu pho", "ap", "ban", "thon ban", "dia chi",
    "noi o", "cho o", "chi hoi", "thon khu", "ten thon", "khu dan cu", "thon ap", "dia chi thon xom", "noi cu tru",
)  # fmt: skip

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "awards": (
        _STT,
        *_PERSON_NAME,
        _f("class_name", "Lớp", "text", "lop", "lop hoc", "khoi lop", "hoc lop", "lop dang hoc"),
        _f(
            "school", "Trường", "text",
            "truong", "truong hoc", "ten truong", "truong dang hoc", "hoc truong", "co so giao duc", "don vi",
            "don vi truong", "truong lop",
        ),
        _VILLAGE,
        _f(
            "category", "Loại thành tích", "text",
            "loai thanh tich", "loai", "danh hieu", "loai khen thuong", "doi tuong", "doi tuong khen thuong",
            "loai danh hieu", "noi dung khen",
        ),
        _f(
            "achievement", "Thành tích", "text",
            "thanh tich", "thanh tich dat duoc", "mo ta thanh tich", "noi dung thanh tich", "noi dung",
            "thanh tich hoc tap", "thanh tich noi bat", "ket qua", "ket qua hoc tap", "danh hieu dat duoc",
        ),
        _f("level", "Cấp", "text", "cap", "cap giai", "cap thi", "cap khen", "cap dat giai", "cap khen thuong"),
        _f("prize", "Giải", "text", "giai", "xep giai", "dat giai", "giai thuong", "muc giai", "loai giai", "giai dat"),
        _f("subject", "Môn", "text", "mon", "mon thi", "mon hoc", "mon dat giai", "mon thi dat giai", "mon du thi"),
        _f("score", "Điểm", "number", "diem", "tong diem", "diem thi", "diem xet tuyen", "diem thi dai hoc", "so diem"),
        _f("university", "Trường đỗ", "text", "truong do", "do truong", "trung tuyen", "trung tuyen truong", "do vao truong"),
        _f(
            "amount", "Số tiền", "money",
            "so tien", "muc thuong", "tien thuong", "thanh tien", "so tien thuong", "muc khen", "tien", "muc tien",
            "so tien khen thuong", "so tien duoc nhan", "so tien nhan", "muc khen thuong", "tri gia", "gia tri",
            "so tien dong", "tien khen thuong",
        ),
        _f("award_form", "Hình thức", "text", "hinh thuc", "hinh thuc khen thuong", "hinh thuc khen", "phan thuong"),
        _f(
            "parent_name", "Con ông/bà", "text",
            "phu huynh", "con ong ba", "con ong", "con ba", "ho ten phu huynh", "ho va ten phu huynh", "ho ten bo me",
            "ho ten cha me", "bo me", "cha me", "ten phu huynh", "con cua", "con ong ba ten", "ho ten cha", "ho ten me",
        ),
        _f("funding", "Nguồn kinh phí", "text", "nguon kinh phi", "nguon", "nguon tien", "nha tai tro"),
        _f("decision", "Số quyết định", "text", "so quyet dinh", "so qd", "quyet dinh", "quyet dinh so"),
        _NOTE,
        _SIGNATURE,
    ),
    "learners": (
        _STT,
        *_PERSON_NAME,
        _VILLAGE,
        _f("ethnicity", "Dân tộc", "text", "dan toc"),
        _f("occupation", "Nghề nghiệp", "text", "nghe nghiep", "nghe", "cong viec"),
        _f("phone", "Điện thoại", "text", "dien thoai", "so dien thoai", "sdt", "dt"),
        _NOTE,
        _SIGNATURE,
    ),
    "classes": (
        _STT,
        _f(
            "title", "Tên lớp/chuyên đề", "text",
            "ten lop", "ten lop chuyen de", "chuyen de", "ten chuyen de", "lop chuyen de", "ten lop hoc", "lop hoc",
            "noi dung", "noi dung chuyen de", "ten khoa hoc", "ten lop boi duong", "noi dung lop hoc", "lop",
        ),
        _f("field", "Lĩnh vực", "text", "linh vuc", "nhom linh vuc", "linh vuc chuyen de"),
        _f("form", "Hình thức", "text", "hinh thuc", "hinh thuc to chuc", "loai hinh", "hinh thuc hoc"),
        _f(
            "partner", "Đơn vị phối hợp", "text",
            "don vi phoi hop", "phoi hop", "co quan phoi hop", "don vi to chuc", "phoi hop voi", "to chuc phoi hop",
            "don vi phoi hop to chuc",
        ),
        _f(
            "speaker", "Báo cáo viên", "text",
            "bao cao vien", "giang vien", "nguoi day", "giao vien", "nguoi bao cao", "nguoi huong dan", "bcv",
            "nguoi truyen dat", "giao vien bao cao vien",
        ),
        _f("location", "Địa điểm", "text", "dia diem", "noi to chuc", "dia diem to chuc", "noi hoc", "dia diem hoc"),
        _f(
            "start_date", "Ngày bắt đầu", "date",
            "ngay bat dau", "tu ngay", "bat dau", "thoi gian bat dau", "ngay to chuc", "ngay mo lop", "ngay khai giang",
            "ngay", "thoi gian", "ngay hoc",
        ),
        _f("end_date", "Ngày kết thúc", "date", "ngay ket thuc", "den ngay", "ket thuc", "thoi gian ket thuc", "ngay be giang"),
        _f("sessions", "Số buổi", "int", "so buoi", "so buoi hoc", "buoi", "so tiet"),
        _f(
            "learners", "Số học viên", "int",
            "so hoc vien", "so nguoi hoc", "tong so hoc vien", "so luot nguoi hoc", "luot nguoi hoc", "so nguoi tham gia",
            "tong so", "hoc vien", "so luong", "so luot", "tong so nguoi hoc", "so hv", "tong",
        ),
        _f("female", "Nữ", "int", "nu", "so nu", "trong do nu", "hoc vien nu", "so hoc vien nu", "nu hoc vien", "so nguoi nu"),
        _f(
            "ethnic_minority", "Dân tộc thiểu số", "int",
            "dan toc thieu so", "dtts", "nguoi dtts", "so dtts", "trong do dtts", "hoc vien dtts", "nguoi dan toc thieu so",
            "so nguoi dan toc thieu so", "dan toc", "trong do dan toc thieu so",
        ),
        _f("budget", "Kinh phí", "money", "kinh phi", "kinh phi to chuc", "so tien", "chi phi", "kinh phi dong", "tong kinh phi"),
        _f("result", "Kết quả", "text", "ket qua", "danh gia", "ket qua dat duoc"),
        _NOTE,
    ),
    "vouchers": (
        _STT,
        _f(
            "voucher_type", "Loại (Thu/Chi)", "voucher_type",
            "loai", "loai phieu", "thu chi", "loai thu chi", "phieu", "thu hay chi", "loai chung tu",
        ),
        _f(
            "number", "Số phiếu", "text",
            "so phieu", "so ct", "so chung tu", "so", "so hieu chung tu", "chung tu so", "so hieu", "phieu so",
        ),
        _f(
            "date", "Ngày", "date",
            "ngay", "ngay lap", "ngay chung tu", "ngay thang", "ngay phieu", "ngay ghi so", "ngay thu chi", "ngay lap phieu",
            "ngay thang ghi so", "ngay nop", "ngay chi", "ngay thu",
        ),
        _f(
            "person", "Người nộp/nhận", "text",
            "nguoi nop nhan", "nguoi nop", "nguoi nhan", "ho ten nguoi nop nhan", "ho va ten", "ho ten",
            "nguoi nop tien", "nguoi nhan tien", "ho ten nguoi nop tien", "ho ten nguoi nhan tien", "ho va ten nguoi nop",
            "ho va ten nguoi nhan", "nguoi nop nguoi nhan", "doi tuong",
        ),
        _f("address", "Địa chỉ", "text", "dia chi", "don vi", "dia chi don vi", "don vi dia chi", "co quan don vi"),
        _f(
            "reason", "Lý do", "text",
            "ly do", "noi dung", "dien giai", "ly do nop", "ly do chi", "ly do thu", "noi dung thu chi", "ly do nop chi",
            "noi dung kinh te", "trich yeu",
        ),
        _f("item", "Khoản mục", "text", "khoan muc", "muc", "khoan thu chi", "khoan", "muc thu chi", "tai khoan"),
        _f("amount", "Số tiền", "money", "so tien", "so tien dong", "thanh tien", "gia tri"),
        _f("income", "Thu", "money", "thu", "so tien thu", "tien thu", "thu vao", "so thu"),
        _f("expense", "Chi", "money", "chi", "so tien chi", "tien chi", "chi ra", "so chi"),
        _f("balance", "Tồn", "ignore", "ton", "so ton", "ton quy", "con lai", "so du"),
        _f(
            "payment_method", "Hình thức", "payment_method",
            "hinh thuc", "hinh thuc thanh toan", "phuong thuc", "phuong thuc thanh toan", "tien mat chuyen khoan",
            "hinh thuc thu chi",
        ),
        _f("attachments", "Kèm theo", "text", "kem theo", "chung tu goc", "so chung tu goc", "chung tu kem theo"),
        _NOTE,
        _SIGNATURE,
    ),
}  # fmt: skip

# Fields a row must have (any one of each tuple), per kind.
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "awards": (("full_name", "given_name", "family_middle"),),
    "learners": (("full_name", "given_name", "family_middle"),),
    "classes": (("title",),),
    "vouchers": (("amount", "income", "expense"), ("date",)),
}

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[^\w]+|_")


def header_key(text: object) -> str:
    """Matching key of a header text (see module doc)."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    folded = fold(_PAREN.sub(" ", s))
    return " ".join(_PUNCT.sub(" ", folded).split())


def fields_for(kind: str) -> tuple[FieldSpec, ...]:
    """The fields of `kind`; ValueError for an unknown kind."""
    try:
        return FIELDS[kind]
    except KeyError:
        raise ValueError(f"Loại dữ liệu nhập không hợp lệ: {kind}") from None


def required_fields(kind: str) -> tuple[tuple[str, ...], ...]:
    return _REQUIRED[kind]


_EXACT: dict[str, dict[str, str]] = {}
_PREFIX: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _kind, _specs in FIELDS.items():
    exact: dict[str, str] = {}
    prefix: list[tuple[tuple[str, ...], str]] = []
    for _spec in _specs:
        for _alias in _spec.aliases:
            key = header_key(_alias)
            exact.setdefault(key, _spec.name)
            words = tuple(key.split())
            if len(words) >= 2:
                prefix.append((words, _spec.name))
    prefix.sort(key=lambda item: len(item[0]), reverse=True)
    _EXACT[_kind] = exact
    _PREFIX[_kind] = prefix


def match_field(kind: str, key: str, extra: dict[str, str | None] | None = None) -> str | None:
    """The field whose alias matches header key `key` (see module doc), or None.

    `extra` (header key → field) is consulted first: a caller's own mapping.
    """
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    exact = _EXACT[kind].get(key)
    if exact is not None:
        return exact
    words = key.split()
    for alias_words, name in _PREFIX[kind]:
        n = len(alias_words)
        if len(words) > n and len(words) - n <= 2 and tuple(words[:n]) == alias_words:
            return name
    return None
