"""Old Vietnamese 8-bit encodings (TCVN3/ABC and VNI) seen through Latin-1 glasses.

Spreadsheets typed before Unicode used fonts whose glyphs sit
on the Latin-1 code points: a cell that shows "Nguyễn" in ".VnTime" holds the
characters "NguyÔn", and in "VNI-Times" it holds "Nguyeãn". Excel and calamine
hand us exactly those Latin-1 characters (U+00A1…U+00FF); this module turns
them back into NFC Unicode.

**TCVN3 (TCVN 5712:1993 VN3, the "ABC" keyboard, fonts .VnTime, .VnArial…)**
is one character per letter. It has codes for all 67 lower-case Vietnamese
letters but only for seven upper-case ones without a tone (Ă Â Ê Ô Ơ Ư Đ).
Capitals with a tone were written with the *capital fonts* (.VnTimeH,
.VnArialH…), which draw the lower-case codes as capitals: the cell then holds
"HäC SINH" for "HỌC SINH". The cell values do not say which font was used, so
`decode_tcvn3` applies this rule: a word whose ASCII letters are all capitals
(at least two of them) is upper-cased as a whole, and so is a whole cell whose
ASCII letters are all capitals (at least two). "Hä" stays "Họ" (title case is
more common than a two-letter all-caps word). A lone capital toned letter
("Ở") cannot be recovered.

**VNI (VNI-Windows, fonts VNI-Times…)** writes a base letter followed by a
mark character ("a" + "ù" = "á", "a" + "ê" = "ă", "a" + "é" = "ắ") plus single
characters for ơ ư đ and the toned i/ỵ. It has both cases, so every one of the
134 letters round-trips.

**Detection** is statistical and conservative (`detect_encoding`): each
candidate decoding of a column's texts is scored by how many of its words are
well-formed Vietnamese syllables; a legacy decoding must strictly beat leaving
the text alone. Genuine Unicode Vietnamese always scores best as it is, and a
cell that already contains a Vietnamese-only Unicode letter (ă, ơ, ư, đ, ĩ,
ũ, ạ…ỹ) is never converted, so Unicode text and plain ASCII are never
mangled. Per-column decisions are more robust than per-cell ones, because a
short Unicode word such as "Hòa" is also a plausible TCVN3 word ("Hũa").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "TCVN3",
    "UNICODE",
    "VNI",
    "TCVN3_TO_UNICODE",
    "UNICODE_TO_TCVN3",
    "UNICODE_TO_VNI",
    "VNI_TO_UNICODE",
    "VIETNAMESE_LETTERS",
    "decode",
    "decode_tcvn3",
    "decode_vni",
    "decide_encoding",
    "detect_encoding",
    "encoding_scores",
    "encode_tcvn3",
    "encode_vni",
    "has_legacy_characters",
    "is_vietnamese_syllable",
    "looks_unicode_vietnamese",
    "to_unicode",
]

UNICODE = "unicode"
TCVN3 = "tcvn3"
VNI = "vni"

# ---------------------------------------------------------------------------
# The 134 letters
# ---------------------------------------------------------------------------

# Tone marks in the order used by the tables below: none, grave (huyền),
# acute (sắc), hook (hỏi), tilde (ngã), dot below (nặng).
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONES[tone])


#: Every lower-case letter with a diacritic (66 toned/modified vowels + đ) and
#: their capitals: 134 letters.
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(
    sorted(
        {_toned(v, t) for v in _VOWELS for t in range(6) if _toned(v, t) not in "aeiouy"} | {"đ"},
    )
) + tuple(
    sorted(
        {_toned(v, t).upper() for v in _VOWELS for t in range(6) if _toned(v, t) not in "aeiouy"} | {"Đ"},
    )
)
assert len(VIETNAMESE_LETTERS) == 134

# ---------------------------------------------------------------------------
# TCVN3 (ABC), one Latin-1 character per letter
# ---------------------------------------------------------------------------

# vowel → codes for (no tone, grave, acute, hook, tilde, dot below); "" where
# the toneless letter is plain ASCII.
_TCVN3_ROWS = {
    "a": ("", "\xb5", "\xb8", "\xb6", "\xb7", "\xb9"),
    "ă": ("\xa8", "\xbb", "\xbe", "\xbc", "\xbd", "\xc6"),
    "â": ("\xa9", "\xc7", "\xca", "\xc8", "\xc9", "\xcb"),
    "e": ("", "\xcc", "\xd0", "\xce", "\xcf", "\xd1"),
    "ê": ("\xaa", "\xd2", "\xd5", "\xd3", "\xd4", "\xd6"),
    "i": ("", "\xd7", "\xdd", "\xd8", "\xdc", "\xde"),
    "o": ("", "\xdf", "\xe3", "\xe1", "\xe2", "\xe4"),
    "ô": ("\xab", "\xe5", "\xe8", "\xe6", "\xe7", "\xe9"),
    "ơ": ("\xac", "\xea", "\xed", "\xeb", "\xec", "\xee"),
    "u": ("", "\xef", "\xf3", "\xf1", "\xf2", "\xf4"),
    "ư": ("\xad", "\xf5", "\xf8", "\xf6", "\xf7", "\xf9"),
    "y": ("", "\xfa", "\xfd", "\xfb", "\xfc", "\xfe"),
}
# The seven capitals that have their own code in the normal (.VnTime) fonts.
_TCVN3_CAPITALS = {"Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7"}

#: Unicode lower-case letter (or one of the 7 capitals) → TCVN3 character.
UNICODE_TO_TCVN3: dict[str, str] = {"đ": "\xae", **_TCVN3_CAPITALS}
for _vowel, _codes in _TCVN3_ROWS.items():
    for _tone, _code in enumerate(_codes):
        if _code:
            UNICODE_TO_TCVN3[_toned(_vowel, _tone)] = _code
assert len(UNICODE_TO_TCVN3) == 67 + 7
#: TCVN3 character (as read through Latin-1) → Unicode letter.
TCVN3_TO_UNICODE: dict[str, str] = {code: letter for letter, code in UNICODE_TO_TCVN3.items()}
assert len(TCVN3_TO_UNICODE) == len(UNICODE_TO_TCVN3)
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
_TCVN3_LOWER_CODES = frozenset(code for letter, code in UNICODE_TO_TCVN3.items() if letter.islower())

# ---------------------------------------------------------------------------
# VNI (VNI-Windows): base letter + mark character
# ---------------------------------------------------------------------------

_VNI_TONE_MARKS = ("", "\xf8", "\xf9", "\xfb", "\xf5", "\xef")  # ø ù û õ ï
_VNI_BREVE_MARKS = ("\xea", "\xe8", "\xe9", "\xfa", "\xfc", "\xeb")  # ê è é ú ü ë  (ă ằ ắ ẳ ẵ ặ)
_VNI_CIRCUMFLEX_MARKS = ("\xe2", "\xe0", "\xe1", "\xe5", "\xe3", "\xe4")  # â à á å ã ä (â ầ ấ ẩ ẫ ậ)
# Letters written as one character (lower case; the capital is the Latin-1 capital).
_VNI_SINGLE = {
    "ì": "\xec", "í": "\xed", "ỉ": "\xe6", "ĩ": "\xf3", "ị": "\xf2",
    "ỵ": "\xee", "ơ": "\xf4", "ư": "\xf6", "đ": "\xf1",
}  # fmt: skip


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for vowel in _VOWELS:
        for tone in range(6):
            letter = _toned(vowel, tone)
            if letter in "aeiouy":
                continue
            if letter in _VNI_SINGLE:
                code = _VNI_SINGLE[letter]
            elif vowel == "ă":
                code = "a" + _VNI_BREVE_MARKS[tone]
            elif vowel in ("â", "ê", "ô"):
                code = unicodedata.normalize("NFD", vowel)[0] + _VNI_CIRCUMFLEX_MARKS[tone]
            elif vowel in ("ơ", "ư"):
                code = _VNI_SINGLE[vowel] + _VNI_TONE_MARKS[tone]
            else:  # a e i o u y with a tone
                code = vowel + _VNI_TONE_MARKS[tone]
            table[letter] = code
    table["đ"] = _VNI_SINGLE["đ"]
    # Capitals: every VNI code character has a Latin-1 capital (ø→Ø, ÿ is unused).
    for letter, code in list(table.items()):
        table[letter.upper()] = code.upper()
    return table


#: Unicode letter → VNI character sequence (1 or 2 characters), all 134 letters.
UNICODE_TO_VNI: dict[str, str] = _build_vni()
assert len(UNICODE_TO_VNI) == 134
#: VNI sequence → Unicode letter. Sequences whose base and mark differ in case
#: ("Aù") are accepted too; the base letter decides the case.
VNI_TO_UNICODE: dict[str, str] = {}
for _letter, _code in UNICODE_TO_VNI.items():
    VNI_TO_UNICODE[_code] = _letter
    if len(_code) == 2:
        VNI_TO_UNICODE.setdefault(_code[0] + _code[1].swapcase(), _letter)
_VNI_PATTERN = re.compile("|".join(re.escape(code) for code in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# ---------------------------------------------------------------------------
# Encoding (reverse tables), used to build test data and to document the tables
# ---------------------------------------------------------------------------


def encode_tcvn3(text: str, *, capital_font: bool = False) -> str:
    """Unicode → TCVN3 characters (what a .VnTime cell holds).

    With `capital_font` the text is written as for the .VnTimeH fonts: every
    Vietnamese letter uses its lower-case code, ASCII letters are kept.
    Without it, a capital with a tone has no code of its own and is also
    written with the lower-case code (what users of .VnTime did).
    Raises ValueError for characters TCVN3 cannot represent.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        if not capital_font and ch in _TCVN3_CAPITALS:
            out.append(_TCVN3_CAPITALS[ch])
            continue
        code = UNICODE_TO_TCVN3.get(ch.lower())
        if code is None:
            raise ValueError(f"Ký tự {ch!r} không có trong bảng mã TCVN3")
        out.append(code)
    return "".join(out)


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows characters (what a VNI-Times cell holds)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
        elif ch in UNICODE_TO_VNI:
            out.append(UNICODE_TO_VNI[ch])
        else:
            raise ValueError(f"Ký tự {ch!r} không có trong bảng mã VNI")
    return "".join(out)


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")


def _all_caps(text: str) -> bool:
    return len(_ASCII_UPPER.findall(text)) >= 2 and not _ASCII_LOWER.search(text)


def decode_tcvn3(text: str) -> str:
    """TCVN3 characters → NFC Unicode, with the capital-font rule of the module doc."""
    if not any(ch in _TCVN3_LOWER_CODES for ch in text):
        return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))
    if _all_caps(text):
        return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE).upper())

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        converted = w.translate(_TCVN3_TABLE)
        return converted.upper() if _all_caps(w) else converted

    return unicodedata.normalize("NFC", _WORD.sub(word, text))


def decode_vni(text: str) -> str:
    """VNI characters → NFC Unicode."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def decode(text: str, encoding: str) -> str:
    """Decode `text` from `encoding` ("unicode", "tcvn3", "vni"); "unicode" only applies NFC."""
    if encoding == TCVN3:
        return decode_tcvn3(text)
    if encoding == VNI:
        return decode_vni(text)
    if encoding == UNICODE:
        return unicodedata.normalize("NFC", text)
    raise ValueError(f"Bảng mã không được hỗ trợ: {encoding}")


# Letters that only exist in Unicode Vietnamese (never in Latin-1), plus combining
# marks (decomposed Unicode as typed by Unikey "Unicode tổ hợp").
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u036f]")
_LEGACY_RANGE = re.compile("[\xa1-\xff]")


def looks_unicode_vietnamese(text: str) -> bool:
    """True if the text contains a letter that only Unicode Vietnamese has."""
    return _UNICODE_ONLY.search(text) is not None


def has_legacy_characters(text: str) -> bool:
    """True if the text has Latin-1 characters (U+00A1…U+00FF) that a legacy decoding could change."""
    return _LEGACY_RANGE.search(text) is not None


def to_unicode(text: str, encoding: str) -> str:
    """Convert one cell decided to be in `encoding`; cells that already hold
    Unicode Vietnamese, or nothing a legacy table maps, are only NFC-normalised."""
    if encoding == UNICODE or looks_unicode_vietnamese(text) or not has_legacy_characters(text):
        return unicodedata.normalize("NFC", text)
    return decode(text, encoding)


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x|f|j|w|z"
_NUCLEUS = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_NUCLEUS})(?:ng|nh|ch|c|m|n|p|t)?")
_TONE_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
# A "word" for scoring: letters plus every Latin-1 character a legacy table uses
# (× ÷ µ ª º « » ¬ soft hyphen… are letters in TCVN3).
_TOKEN = re.compile("[A-Za-z\xa1-\xff\u0100-\u024f\u1e00-\u1eff\u0300-\u036f]+")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` is a well-formed Vietnamese syllable (at most one tone,
    a known vowel cluster, lower/Title/UPPER case)."""
    nfc = unicodedata.normalize("NFC", word)
    if not (nfc.islower() or nfc.isupper() or (nfc[:1].isupper() and nfc[1:].islower())):
        return False
    decomposed = unicodedata.normalize("NFD", nfc.lower())
    if len(_TONE_MARKS.findall(decomposed)) > 1:
        return False
    toneless = unicodedata.normalize("NFC", _TONE_MARKS.sub("", decomposed))
    return _SYLLABLE.fullmatch(toneless) is not None


def _score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts of non-ASCII words."""
    valid = invalid = 0
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue  # the same under every decoding
        if is_vietnamese_syllable(token):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


def encoding_scores(texts: Iterable[object], *, sample: int = 400) -> dict[str, int]:
    """Evidence per encoding: (valid − invalid) syllables of each decoding, summed over
    at most `sample` distinct texts that a legacy table could change. Texts that
    already hold Unicode Vietnamese letters add 1 to "unicode" each."""
    seen: set[str] = set()
    totals = {UNICODE: 0, TCVN3: 0, VNI: 0}
    for text in texts:
        if not isinstance(text, str) or text in seen:
            continue
        if looks_unicode_vietnamese(text):
            totals[UNICODE] += 1
            continue
        if not has_legacy_characters(text):
            continue
        seen.add(text)
        for encoding in totals:
            valid, invalid = _score(decode(text, encoding))
            totals[encoding] += valid - invalid
        if len(seen) >= sample:
            break
    return totals


def decide_encoding(scores: dict[str, int]) -> str | None:
    """"tcvn3"/"vni" when that decoding strictly beats the text as it is, "unicode"
    when the text as it is strictly wins, None when there is no evidence either way."""
    best = max((TCVN3, VNI), key=lambda enc: scores[enc])
    if scores[best] > scores[UNICODE] and scores[best] > 0:
        return best
    if scores[UNICODE] > scores[best]:
        return UNICODE
    return None


def detect_encoding(texts: Iterable[object], *, sample: int = 400) -> str:
    """Decide the encoding of a column (or any group of texts): "unicode", "tcvn3" or "vni".

    Non-strings are ignored; without evidence the answer is "unicode" (no change).
    """
    return decide_encoding(encoding_scores(texts, sample=sample)) or UNICODE
