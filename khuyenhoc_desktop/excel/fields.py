"""Import and export fields per record kind, from the kinds' specs, and the header words that map to them.

Which columns a kind has, their labels, how their cells are read and which ones the export writes are
declared once, in the kind's `RecordSpec` (`domain.specs`); what this module adds is the vocabulary of
Vietnamese header texts each field is recognised by.

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

from khuyenhoc_desktop.domain.kinds import exchange_specs
from khuyenhoc_desktop.domain.specs import ExportColumn, RecordSpec
from khuyenhoc_desktop.vietnamese import fold

__all__ = ["FIELDS", "KINDS", "FieldSpec", "export_columns", "fields_for", "header_key", "match_field",
           "required_fields"]

SPECS: dict[str, RecordSpec] = exchange_specs()
KINDS = ("awards", "classes", "learners", "vouchers", "members", "citizens")


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


# Header words each field is recognised by, beyond its label; fields of the same name in several kinds
# share theirs.
_COMMON: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "thu tu", "s tt", "s t t", "t t", "no"),
    "full_name": (
        "ho va ten", "ho ten", "ho va ten hoc sinh", "ho ten hoc sinh", "ho va ten hoc vien", "ho ten hoc vien",
        "ho va ten nguoi hoc", "ho ten nguoi hoc", "ten hoc sinh", "ten hoc vien", "ho va ten sinh vien",
        "ho ten sinh vien", "ho va ten nguoi duoc khen", "ho va ten nguoi nhan", "hoc sinh",
        "nguoi duoc khen thuong",
    ),
    "family_name": ("ho",),
    "family_middle": ("ho dem", "ho va dem", "ho va ten dem", "ho ten dem", "ho va chu lot", "ho lot"),
    "middle_name": ("dem", "ten dem", "chu lot", "ten lot", "lot"),
    "given_name": ("ten", "ten goi"),
    "birth": (
        "ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay", "ns", "ngay sinh nam sinh", "ngay thang sinh",
        "dob", "sinh nam",
    ),
    "gender": ("gioi tinh", "gt", "nam nu", "phai", "gioi"),
    "is_male": ("nam",),
    "is_female": ("nu",),
    "village": (
        "thon", "xom", "thon xom", "thon to dan pho", "to dan pho", "tdp", "khu pho", "ap", "ban", "thon ban",
        "dia chi", "noi o", "cho o", "chi hoi", "thon khu", "ten thon", "khu dan cu", "thon ap", "dia chi thon xom",
        "noi cu tru",
    ),
    "note": ("ghi chu", "ghi chu khac", "chu thich"),
    "signature": ("ky nhan", "ky ten", "chu ky", "ky", "ky nhan tien", "ky va ghi ro ho ten"),
}  # fmt: skip
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "awards": {
        "class_name": ("lop", "lop hoc", "khoi lop", "hoc lop", "lop dang hoc"),
        "school": (
            "truong", "truong hoc", "ten truong", "truong dang hoc", "hoc truong", "co so giao duc", "don vi",
            "don vi truong", "truong lop",
        ),
        "category": (
            "loai thanh tich", "loai", "danh hieu", "loai khen thuong", "doi tuong", "doi tuong khen thuong",
            "loai danh hieu", "noi dung khen",
        ),
        "achievement": (
            "thanh tich", "thanh tich dat duoc", "mo ta thanh tich", "noi dung thanh tich", "noi dung",
            "thanh tich hoc tap", "thanh tich noi bat", "ket qua", "ket qua hoc tap", "danh hieu dat duoc",
        ),
        "level": ("cap", "cap giai", "cap thi", "cap khen", "cap dat giai", "cap khen thuong"),
        "prize": ("giai", "xep giai", "dat giai", "giai thuong", "muc giai", "loai giai", "giai dat"),
        "subject": ("mon", "mon thi", "mon hoc", "mon dat giai", "mon thi dat giai", "mon du thi"),
        "score": ("diem", "tong diem", "diem thi", "diem xet tuyen", "diem thi dai hoc", "so diem"),
        "university": ("truong do", "do truong", "trung tuyen", "trung tuyen truong", "do vao truong"),
        "amount": (
            "so tien", "muc thuong", "tien thuong", "thanh tien", "so tien thuong", "muc khen", "tien", "muc tien",
            "so tien khen thuong", "so tien duoc nhan", "so tien nhan", "muc khen thuong", "tri gia", "gia tri",
            "so tien dong", "tien khen thuong",
        ),
        "award_form": ("hinh thuc", "hinh thuc khen thuong", "hinh thuc khen", "phan thuong"),
        "parent_name": (
            "phu huynh", "con ong ba", "con ong", "con ba", "ho ten phu huynh", "ho va ten phu huynh",
            "ho ten bo me", "ho ten cha me", "bo me", "cha me", "ten phu huynh", "con cua", "con ong ba ten",
            "ho ten cha", "ho ten me",
        ),
        "funding": ("nguon kinh phi", "nguon", "nguon tien", "nha tai tro"),
        "decision": ("so quyet dinh", "so qd", "quyet dinh", "quyet dinh so"),
    },
    "learners": {
        "ethnicity": ("dan toc",),
        "occupation": ("nghe nghiep", "nghe", "cong viec"),
        "phone": ("dien thoai", "so dien thoai", "sdt", "dt"),
    },
    "classes": {
        "title": (
            "ten lop", "ten lop chuyen de", "chuyen de", "ten chuyen de", "lop chuyen de", "ten lop hoc", "lop hoc",
            "noi dung", "noi dung chuyen de", "ten khoa hoc", "ten lop boi duong", "noi dung lop hoc", "lop",
        ),
        "field": ("linh vuc", "nhom linh vuc", "linh vuc chuyen de"),
        "form": ("hinh thuc", "hinh thuc to chuc", "loai hinh", "hinh thuc hoc"),
        "partner": (
            "don vi phoi hop", "phoi hop", "co quan phoi hop", "don vi to chuc", "phoi hop voi", "to chuc phoi hop",
            "don vi phoi hop to chuc",
        ),
        "speaker": (
            "bao cao vien", "giang vien", "nguoi day", "giao vien", "nguoi bao cao", "nguoi huong dan", "bcv",
            "nguoi truyen dat", "giao vien bao cao vien",
        ),
        "location": ("dia diem", "noi to chuc", "dia diem to chuc", "noi hoc", "dia diem hoc"),
        "start_date": (
            "ngay bat dau", "tu ngay", "bat dau", "thoi gian bat dau", "ngay to chuc", "ngay mo lop",
            "ngay khai giang", "ngay", "thoi gian", "ngay hoc",
        ),
        "end_date": ("ngay ket thuc", "den ngay", "ket thuc", "thoi gian ket thuc", "ngay be giang"),
        "sessions": ("so buoi", "so buoi hoc", "buoi", "so tiet"),
        "learners": (
            "so hoc vien", "so nguoi hoc", "tong so hoc vien", "so luot nguoi hoc", "luot nguoi hoc",
            "so nguoi tham gia", "tong so", "hoc vien", "so luong", "so luot", "tong so nguoi hoc", "so hv", "tong",
        ),
        "female": ("nu", "so nu", "trong do nu", "hoc vien nu", "so hoc vien nu", "nu hoc vien", "so nguoi nu"),
        "ethnic_minority": (
            "dan toc thieu so", "dtts", "nguoi dtts", "so dtts", "trong do dtts", "hoc vien dtts",
            "nguoi dan toc thieu so", "so nguoi dan toc thieu so", "dan toc", "trong do dan toc thieu so",
        ),
        "budget": ("kinh phi", "kinh phi to chuc", "so tien", "chi phi", "kinh phi dong", "tong kinh phi"),
        "result": ("ket qua", "danh gia", "ket qua dat duoc"),
    },
    "members": {
        "code": ("ma hoi vien", "ma hv", "ma so hoi vien", "ma so"),
        "unit": ("chi hoi", "ten chi hoi", "chi hoi ban", "ban khuyen hoc", "chi hoi to hoi", "to hoi", "don vi"),
        "address": ("dia chi", "noi o", "cho o", "noi cu tru", "dia chi thuong tru"),
        "ethnicity": ("dan toc",),
        "role": ("chuc vu", "chuc vu trong hoi", "chuc danh"),
        "category": ("doi tuong", "thanh phan", "nghe nghiep", "doi tuong hoi vien"),
        "joined_on": ("ngay vao hoi", "ngay ket nap", "vao hoi", "ngay gia nhap", "nam vao hoi", "ngay vao"),
        "card_no": ("so the", "so the hoi vien", "the hoi vien", "so the hv"),
    },
    "citizens": {  # the national self-assessment system's export, or a commune's own list
        "target_group": (
            "nhom doi tuong", "doi tuong", "nhom", "thanh phan", "nhom doi tuong cong dan", "doi tuong danh gia",
            "nhom cong dan", "loai doi tuong",
        ),
        "status": (
            "ket qua", "trang thai", "tinh trang", "cong nhan", "ket qua danh gia", "ket qua cong nhan", "xep loai",
            "danh hieu", "da cong nhan", "ket qua tu danh gia",
        ),
        "id_number": (
            "so cccd", "cccd", "can cuoc cong dan", "so can cuoc", "so can cuoc cong dan", "so dinh danh",
            "ma dinh danh", "so dinh danh ca nhan", "so cmnd", "cmnd cccd", "so cmnd cccd", "cmnd",
        ),
    },
    "vouchers": {
        "voucher_type": ("loai", "loai phieu", "thu chi", "loai thu chi", "phieu", "thu hay chi", "loai chung tu"),
        "number": (
            "so phieu", "so ct", "so chung tu", "so", "so hieu chung tu", "chung tu so", "so hieu", "phieu so",
        ),
        "date": (
            "ngay", "ngay lap", "ngay chung tu", "ngay thang", "ngay phieu", "ngay ghi so", "ngay thu chi",
            "ngay lap phieu", "ngay thang ghi so", "ngay nop", "ngay chi", "ngay thu",
        ),
        "person": (
            "nguoi nop nhan", "nguoi nop", "nguoi nhan", "ho ten nguoi nop nhan", "ho va ten", "ho ten",
            "nguoi nop tien", "nguoi nhan tien", "ho ten nguoi nop tien", "ho ten nguoi nhan tien",
            "ho va ten nguoi nop", "ho va ten nguoi nhan", "nguoi nop nguoi nhan", "doi tuong",
        ),
        "address": ("dia chi", "don vi", "dia chi don vi", "don vi dia chi", "co quan don vi"),
        "reason": (
            "ly do", "noi dung", "dien giai", "ly do nop", "ly do chi", "ly do thu", "noi dung thu chi",
            "ly do nop chi", "noi dung kinh te", "trich yeu",
        ),
        "item": ("khoan muc", "muc", "khoan thu chi", "khoan", "muc thu chi", "tai khoan"),
        "amount": ("so tien", "so tien dong", "thanh tien", "gia tri"),
        "income": ("thu", "so tien thu", "tien thu", "thu vao", "so thu"),
        "expense": ("chi", "so tien chi", "tien chi", "chi ra", "so chi"),
        "balance": ("ton", "so ton", "ton quy", "con lai", "so du"),
        "payment_method": (
            "hinh thuc", "hinh thuc thanh toan", "phuong thuc", "phuong thuc thanh toan", "tien mat chuyen khoan",
            "hinh thuc thu chi",
        ),
        "attachments": ("kem theo", "chung tu goc", "so chung tu goc", "chung tu kem theo"),
    },
}  # fmt: skip

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    kind: tuple(FieldSpec(c.key, c.label, c.type, _COMMON.get(c.key) or _ALIASES[kind][c.key])
                for c in SPECS[kind].exchange)
    for kind in ("awards", "learners", "classes", "vouchers", "members", "citizens")
}
# Fields a row must have (any one of each tuple), per kind.
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {kind: SPECS[kind].required_exchange for kind in KINDS}


def export_columns(kind: str) -> tuple[ExportColumn, ...]:
    """The columns an export of `kind` writes, with headers `match_field` maps back; ValueError for an
    unknown kind."""
    if kind not in SPECS:
        raise ValueError(f"Loại dữ liệu không hợp lệ: {kind}")
    return SPECS[kind].export


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
