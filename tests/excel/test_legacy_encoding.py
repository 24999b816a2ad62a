"""TCVN3 (ABC) and VNI text read through Latin-1: tables, round trips, detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.excel import legacy_encoding as le

LOWER = [ch for ch in le.VIETNAMESE_LETTERS if ch.islower()]
UPPER = [ch for ch in le.VIETNAMESE_LETTERS if ch.isupper()]
NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Đỗ Quốc Việt", "Hoàng Thị Thu Hà",
    "Vũ Đức Thắng", "Ngô Thị Ước", "Bùi Thị Tuyết", "Đặng Thùy Dương", "Huỳnh Ngọc Ánh", "Dương Quỳnh Hương",
    "Trường THCS Tân Dĩnh", "Thôn Đồng Quan", "Học sinh giỏi cấp huyện", "Người được khen thưởng",
    "Giải Nhất môn Ngữ văn", "Khuyến học khuyến tài", "Ủy ban nhân dân xã", "Chữ ký người nhận",
]  # fmt: skip


def test_letter_inventory():
    assert len(le.VIETNAMESE_LETTERS) == 134
    assert len(set(le.VIETNAMESE_LETTERS)) == 134
    assert len(LOWER) == len(UPPER) == 67
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in le.VIETNAMESE_LETTERS)
    assert {"đ", "Đ", "ă", "Ặ", "ỹ", "Ỹ", "ư", "Ự"} <= set(le.VIETNAMESE_LETTERS)


def test_tcvn3_table_is_complete_and_injective():
    assert set(LOWER) <= set(le.UNICODE_TO_TCVN3)
    assert {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= set(le.UNICODE_TO_TCVN3)
    codes = list(le.UNICODE_TO_TCVN3.values())
    assert len(codes) == len(set(codes)) == 74
    assert all(len(c) == 1 and 0xA1 <= ord(c) <= 0xFE for c in codes)


def test_vni_table_is_complete_and_injective():
    assert set(le.UNICODE_TO_VNI) == set(le.VIETNAMESE_LETTERS)
    codes = list(le.UNICODE_TO_VNI.values())
    assert len(codes) == len(set(codes)) == 134
    assert all(1 <= len(c) <= 2 for c in codes)
    assert all(0xC0 <= ord(c[-1]) <= 0xFF for c in codes)


@pytest.mark.parametrize(
    ("text", "tcvn3", "vni"),
    [
        ("Họ và tên", "Hä vµ tªn", "Hoï vaø teân"),
        ("Nguyễn Văn Đức", "NguyÔn V¨n §øc", "Nguyeãn Vaên Ñöùc"),
        ("Trường", "Tr\xadêng", "Tröôøng"),
        ("giỏi", "giái", "gioûi"),
        ("Số tiền", "Sè tiÒn", "Soá tieàn"),
        ("khuyến học", "khuyÕn häc", "khuyeán hoïc"),
        ("Thị", "ThÞ", "Thò"),
    ],
)
def test_known_encodings(text, tcvn3, vni):
    # Reference byte sequences as they appear in .VnTime / VNI-Times spreadsheets.
    assert le.encode_tcvn3(text) == tcvn3
    assert le.encode_vni(text) == vni
    assert le.decode_tcvn3(tcvn3) == text
    assert le.decode_vni(vni) == text


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trip_lowercase(letter):
    for text in (letter, f"x{letter}y", f"Th{letter}ng {letter}"):
        assert le.decode_tcvn3(le.encode_tcvn3(text)) == text


@pytest.mark.parametrize("letter", ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_round_trip_own_capitals(letter):
    assert le.decode_tcvn3(le.encode_tcvn3(letter)) == letter
    assert le.decode_tcvn3(le.encode_tcvn3(f"{letter}n")) == f"{letter}n"


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_round_trip_capitals_in_capital_font(letter):
    # .VnTimeH: capitals are stored with the lower-case codes; words whose ASCII
    # letters are all capitals come back in capitals.
    word = f"NG{letter}N"
    encoded = le.encode_tcvn3(word, capital_font=True)
    assert not any(le.TCVN3_TO_UNICODE.get(ch, "a").isupper() for ch in encoded)  # lower-case codes only
    assert le.decode_tcvn3(encoded) == word
    assert le.decode_tcvn3(le.encode_tcvn3(f"HỌC SINH {word}", capital_font=True)) == f"HỌC SINH {word}"


def test_tcvn3_capital_rules_documented_limits():
    # Mixed-case cell: only the all-capital word is upper-cased.
    assert le.decode_tcvn3("Danh s¸ch HäC SINH giái") == "Danh sách HỌC SINH giỏi"
    # Title case wins for a two-letter word with one ASCII capital.
    assert le.decode_tcvn3("Hä") == "Họ"
    # A capital with a tone written in the normal font cannot be told from lower case.
    assert le.decode_tcvn3(le.encode_tcvn3("Ánh")) == "ánh"


@pytest.mark.parametrize("letter", le.VIETNAMESE_LETTERS)
def test_vni_round_trip_every_letter(letter):
    for text in (letter, f"x{letter}y", f"Ng{letter}n {letter}"):
        assert le.decode_vni(le.encode_vni(text)) == text


@pytest.mark.parametrize("text", NAMES)
def test_round_trip_names(text):
    assert le.decode_vni(le.encode_vni(text)) == text
    assert le.decode_vni(le.encode_vni(text.upper())) == text.upper()
    lower = text.lower()
    assert le.decode_tcvn3(le.encode_tcvn3(lower)) == lower
    assert le.decode_tcvn3(le.encode_tcvn3(text.upper(), capital_font=True)) == text.upper()


def test_encode_rejects_foreign_characters():
    with pytest.raises(ValueError):
        le.encode_tcvn3("Zoë")
    with pytest.raises(ValueError):
        le.encode_vni("€")


def test_decode_is_nfc_and_keeps_ascii():
    assert le.decode_tcvn3("Class 6A - 2024") == "Class 6A - 2024"
    assert le.decode_vni("Class 6A - 2024") == "Class 6A - 2024"
    assert unicodedata.is_normalized("NFC", le.decode_vni("Nguyeãn"))


@pytest.mark.parametrize("text", NAMES)
def test_detection_of_columns(text):
    column = [text, *NAMES[:5]]
    assert le.detect_encoding([le.encode_tcvn3(t) for t in column]) == le.TCVN3
    assert le.detect_encoding([le.encode_vni(t) for t in column]) == le.VNI
    assert le.detect_encoding(column) == le.UNICODE


def test_detection_leaves_unicode_and_ascii_alone():
    latin1_only = ["Hòa", "Lê", "Tú", "Hà", "Ánh", "Bé", "Chí", "Tô", "Lê Hà", "Hồ"]
    assert le.detect_encoding(latin1_only) == le.UNICODE
    assert le.detect_encoding(["Nguyen Van An", "6A", "12/05/2012", "1.500.000"]) == le.UNICODE
    assert le.detect_encoding(["Café", "José Martí", "Zoë"]) == le.UNICODE
    assert le.detect_encoding([]) == le.UNICODE
    assert le.detect_encoding([1, 2.5, None]) == le.UNICODE
    # A cell that already holds Unicode Vietnamese is never converted.
    assert le.to_unicode("Nguyễn Văn Hòa", le.TCVN3) == "Nguyễn Văn Hòa"
    assert le.to_unicode("Nguyễn Văn Hòa", le.VNI) == "Nguyễn Văn Hòa"
    assert le.to_unicode("Lop 6A", le.TCVN3) == "Lop 6A"


def test_decomposed_unicode_is_not_legacy():
    decomposed = unicodedata.normalize("NFD", "Trường Tiểu học")
    assert le.detect_encoding([decomposed]) == le.UNICODE
    assert le.to_unicode(decomposed, le.TCVN3) == "Trường Tiểu học"


def test_mixed_column_converts_only_legacy_cells():
    column = [le.encode_tcvn3(n) for n in NAMES[:8]] + ["Nguyễn Văn Sửa"]
    assert le.detect_encoding(column) == le.TCVN3
    assert [le.to_unicode(t, le.TCVN3) for t in column] == [*NAMES[:8], "Nguyễn Văn Sửa"]


# --- properties -------------------------------------------------------------

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]
_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "oa", "oe", "uy", "ươ", "iê", "uô", "ưa", "ia", "ua", "uyê", "ươi", "oai"]
_CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
_TONE_MARKS = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@st.composite
def syllables(draw):
    nucleus = draw(st.sampled_from(_NUCLEI))
    tone = draw(st.sampled_from(_TONE_MARKS))
    # Put the tone on the first vowel with a modifier, else the first vowel.
    decomposed = unicodedata.normalize("NFD", nucleus)
    pos = next((i for i, ch in enumerate(decomposed) if ch in "\u0302\u0306\u031b"), 0)
    toned = unicodedata.normalize("NFC", decomposed[: pos + 1] + tone + decomposed[pos + 1 :])
    word = draw(st.sampled_from(_ONSETS)) + toned + draw(st.sampled_from(_CODAS))
    return draw(st.sampled_from([word, word.capitalize(), word.upper()]))


phrases = st.lists(syllables(), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(phrases)
def test_genuine_unicode_vietnamese_is_never_converted(text):
    assert le.is_vietnamese_syllable(text.split()[0])
    encoding = le.detect_encoding([text])
    assert encoding == le.UNICODE
    assert le.to_unicode(text, encoding) == text


@settings(max_examples=300, deadline=None)
@given(phrases)
def test_vni_round_trip_property(text):
    assert le.decode_vni(le.encode_vni(text)) == text


@settings(max_examples=300, deadline=None)
@given(phrases)
def test_tcvn3_round_trip_property(text):
    lower = text.lower()
    assert le.decode_tcvn3(le.encode_tcvn3(lower)) == lower
    upper = text.upper()
    if sum(ch.isascii() and ch.isalpha() for ch in upper) >= 2:
        assert le.decode_tcvn3(le.encode_tcvn3(upper, capital_font=True)) == upper


@settings(max_examples=200, deadline=None)
@given(st.lists(phrases, min_size=3, max_size=8))
def test_legacy_columns_are_detected(texts):
    # Columns of real text: enough Vietnamese letters to decide.
    texts = [*texts, *NAMES[:3]]
    assert le.detect_encoding([le.encode_vni(t) for t in texts]) == le.VNI
    assert le.detect_encoding([le.encode_tcvn3(t.lower()) for t in texts]) == le.TCVN3


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_is_untouched(text):
    for enc in (le.UNICODE, le.TCVN3, le.VNI):
        assert le.to_unicode(text, enc) == unicodedata.normalize("NFC", text)
    assert le.detect_encoding([text]) == le.UNICODE
