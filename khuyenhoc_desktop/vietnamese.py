"""Vietnamese text rules: normalisation, search folding, names and list order,
money in figures and words, dates.

Stdlib only and Qt-free: every layer imports this module (docs/architecture.md).
Money follows the Vietnamese accounting style (dots between thousands, "đ" or "đồng");
names are family, middle and given name, sorted by given name first.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "amount_in_words",
    "fold",
    "format_date",
    "format_date_vi",
    "format_money",
    "format_vnd",
    "name_sort_key",
    "normalize",
    "normalize_multiline",
    "parse_birth",
    "parse_date",
    "parse_vnd",
    "school_year_of",
    "sort_key_parts",
    "split_name",
]

# ---------------------------------------------------------------------------
# Normalisation and search folding
# ---------------------------------------------------------------------------

# str.split() already treats NBSP, tabs, newlines, U+2028… as whitespace; these
# invisible characters come from pasted web/Excel text and would break matching.
_INVISIBLE = str.maketrans({"\u200b": " ", "\ufeff": " ", "\u2060": " "})


def normalize(text: str | None) -> str:
    """NFC, trimmed, every run of whitespace collapsed to one space; None → ""."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def normalize_multiline(text: str | None) -> str:
    """NFC with line breaks kept (as "\\n"); trailing spaces of each line and
    blank lines at both ends removed. Leading spaces are kept (indentation)."""
    if text is None:
        return ""
    nfc = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = [line.rstrip() for line in nfc.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


_COMBINING = re.compile("[\u0300-\u036f]")


def normalize_text_fields(obj, multiline: tuple[str, ...] = ()):
    """A copy of dataclass `obj` with every str field normalised (`multiline` ones keep their lines)."""
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            changes[f.name] = normalize_multiline(value) if f.name in multiline else normalize(value)
    return dataclasses.replace(obj, **changes)


# Ð/ð (U+00D0/U+00F0, Icelandic eth) is what Windows-1258 "Đ"/"đ" becomes when read as Latin-1.
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def _drop_format_chars(text: str) -> str:
    """Without format characters (Unicode category Cf: soft hyphen, ZWJ, bidi marks…), which are
    invisible and must not split a word in search keys."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def fold(text: str | None) -> str:
    """Search key: no diacritics, đ→d, lower case ("Nguyễn Văn Ân" → "nguyen van an").

    Works on NFD, so old and new tone placement ("hoà"/"hòa") fold the same; Ð/ð count as Đ/đ and
    format characters (soft hyphen…) are dropped.
    """
    # Zero-width spaces stay word breaks (normalize's _INVISIBLE); other format characters go.
    cleaned = _drop_format_chars((text or "").translate(_ETH).translate(_INVISIBLE))
    decomposed = unicodedata.normalize("NFD", normalize(cleaned))
    # đ/Đ have no decomposition, hence the explicit replacement.
    return _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D").lower()


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def split_name(full_name: str | None) -> tuple[str, str, str]:
    """(họ, đệm, tên): first word, middle words, last word.

    Exceptions such as "Tôn Nữ" need the three fields edited by hand.
    """
    words = normalize(full_name).split(" ")
    if words == [""]:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


# The sort key emulates ICU's "vi" collation (CLDR: letters are primary, tones
# secondary with order grave < hook < tilde < acute < dot below, case tertiary),
# encoded as text whose code-point order equals ICU's byte order, so SQLite can
# index it with BINARY collation and no ICU at run time.
#
# field_key = primaries  "\x02"  secondaries  "\x03"  tertiaries
#   primaries:   a prefix-free code per character cluster (base + marks), all
#                chars > "\x03": space < punctuation < digits < letters < rest
#   secondaries: per letter "\x04" (no tone) followed by one char per tone mark,
#                like ICU's per-collation-element secondary weights, so tone
#                position matters the same way ("hoà" < "hòa")
#   tertiaries:  per collation element "\x04" lower/uncased/mark, "\x05" upper
# key = field_key(tên) "\x01" field_key(đệm) "\x01" field_key(họ)
# A field key is never a proper prefix of another (the separators are lower than
# any char that can stand at their place), so the joined key compares exactly
# like the tuple (tên, đệm, họ). Vietnamese text matches ICU exactly (tested
# against PyICU); foreign marks and non-ASCII symbols are only placed stably.

_FIELD_SEP = "\x01"
_PRIMARY_END = "\x02"
_SECONDARY_END = "\x03"
_NO_TONE = "\x04"
_LOWER = "\x04"
_UPPER = "\x05"

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_BASE = 0xA0
_DIGIT_BASE = 0x90
# ASCII space and punctuation in CLDR root order, as ICU sorts them ("H'Hen", "Y-Moan").
_PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_SYMBOL_LEAD = chr(0x04 + len(_PUNCTUATION))
_OTHER_BASE = 0x100  # any other character: its code point shifted above the letters
_PRIMARY: dict[str, str] = {letter: chr(_LETTER_BASE + i) for i, letter in enumerate(_ALPHABET)}

# Modifier marks that make a separate letter (NFD splits "ậ" into a + dot + circumflex).
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone order of the Vietnamese dictionary standard and of CLDR "vi".
_TONE = {"\u0300": "\x05", "\u0309": "\x06", "\u0303": "\x07", "\u0301": "\x08", "\u0323": "\x09"}


def _other_char(cp: int) -> str:
    """A char above the letters for code point `cp`, never a surrogate."""
    value = cp + _OTHER_BASE
    if value >= 0xD800:
        value += 0x800
    return chr(min(value, 0x10FFFF))


def _primary(base: str) -> str:
    if base in _PRIMARY:
        return _PRIMARY[base]
    if base in _PUNCTUATION:
        return chr(0x04 + _PUNCTUATION.index(base))
    if unicodedata.category(base)[0] in "PS":
        # Other punctuation/symbols ("’", "–") after the ASCII ones, before digits;
        # the lead char makes these two-char codes prefix-free with the others.
        return _SYMBOL_LEAD + _other_char(ord(base))
    if "0" <= base <= "9":
        return chr(_DIGIT_BASE + ord(base) - 0x30)
    return _other_char(ord(base))


def _secondary(mark: str) -> str:
    # Non-Vietnamese marks (é is Vietnamese, ü is not) after the five tones; exact
    # ICU placement is not needed for them, only a stable total order.
    return _TONE.get(mark) or _other_char(ord(mark))


def _field_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_ETH))
    # Lone surrogates cannot be stored as TEXT; the key must stay valid UTF-8.
    decomposed = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in decomposed)
    primaries: list[str] = []
    secondaries: list[str] = []
    tertiaries: list[str] = []
    i = 0
    while i < len(decomposed):
        base = decomposed[i]
        i += 1
        if unicodedata.category(base) in ("Cc", "Cf"):
            continue  # control and format chars (ZWJ, soft hyphen…) are ignorable in ICU
        if unicodedata.combining(base):
            # A mark with no letter before it: only a secondary weight, as in ICU.
            secondaries.append(_secondary(base))
            tertiaries.append(_LOWER)
            continue
        marks: list[str] = []
        while i < len(decomposed) and unicodedata.combining(decomposed[i]):
            marks.append(decomposed[i])
            i += 1
        lower = base.lower()
        letter = lower
        for mark in marks:
            modified = _MODIFIED.get((lower, mark))
            if modified is not None:
                letter = modified
                marks.remove(mark)
                break
        primaries.append(_primary(letter if len(letter) == 1 else base))
        secondaries.append(_NO_TONE + "".join(_secondary(m) for m in marks))
        # One tertiary per collation element: the letter's case, then each mark's.
        tertiaries.append((_UPPER if base != lower else _LOWER) + _LOWER * len(marks))
    return "".join(primaries) + _PRIMARY_END + "".join(secondaries) + _SECONDARY_END + "".join(tertiaries)


def sort_key_parts(ho: str | None, dem: str | None, ten: str | None) -> str:
    """List-order key from separately known họ, đệm, tên (see `name_sort_key`)."""
    return _FIELD_SEP.join(_field_key(normalize(part)) for part in (ten, dem, ho))


def name_sort_key(full_name: str | None) -> str:
    """Key whose plain code-point order is the official list order: tên, then
    đệm, then họ, each by Vietnamese collation (ICU "vi"). Locale-independent,
    safe for an indexed TEXT column with BINARY collation."""
    # A format character (soft hyphen…) alone between spaces must not make a name part of its own.
    ho, dem, ten = split_name(normalize(_drop_format_chars(normalize(full_name))))
    return sort_key_parts(ho, dem, ten)


# ---------------------------------------------------------------------------
# Money in figures
# ---------------------------------------------------------------------------


def format_vnd(n: int) -> str:
    """1500000 → "1.500.000"; negatives get a leading "-". Never uses the OS locale."""
    value = operator.index(n)  # ints only: money is never a float
    digits = f"{abs(value):,}".replace(",", ".")
    return "-" + digits if value < 0 else digits


def format_money(n: int) -> str:
    """1500000 → "1.500.000 đ"."""
    return f"{format_vnd(n)} đ"


def format_share(value: float | None, decimals: int = 1) -> str:
    """A share in % as a list shows it: 72.5 → "72,5", 70.0 → "70" (decimal comma, trailing zeros dropped);
    "-" for a share not known (nothing to divide by)."""
    if value is None:
        return "-"
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",")


_UNITS = {
    "k": 1_000, "nghìn": 1_000, "ngàn": 1_000, "nghin": 1_000, "ngan": 1_000,
    "tr": 1_000_000, "triệu": 1_000_000, "trieu": 1_000_000,
    "tỷ": 1_000_000_000, "tỉ": 1_000_000_000, "ty": 1_000_000_000, "ti": 1_000_000_000,
}  # fmt: skip
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_CURRENCY = re.compile(r"\s*(?:vnđ|vnd|đồng|dong|đ|₫|d)\.?$")
_PART = re.compile(rf"\s*(?P<num>[0-9](?:[0-9., ]*[0-9])?)\s*(?:(?P<unit>{_UNIT_RE})(?![^\W\d_]))?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<sep>[., ])[0-9]{3})(?:(?P=sep)[0-9]{3})*")


class AmbiguousAmount(ValueError):
    """An amount that could be read two ways; the message says how to type it."""


def _parse_number(token: str, has_unit: bool) -> Fraction | None:
    from fractions import Fraction  # loaded with the first amount typed, not at start-up

    """One number as typed, or None if it is not a well-formed amount.

    Before triệu/tỷ/nghìn the comma is the Vietnamese decimal sign ("0,250 triệu" = 250.000,
    "1,500 triệu" = 1.500.000); there, English grouping with commas ("1,500,000 triệu",
    "1,234.5 triệu") could mean two things and raises AmbiguousAmount."""
    if token.isdigit():
        return Fraction(int(token))
    integer, fraction = token, ""
    seps = [ch for ch in token if ch in ".,"]
    if has_unit and "," in seps:
        if seps.count(",") > 1 or seps[-1] != ",":
            raise AmbiguousAmount(token)
        integer, fraction = token.rsplit(",", 1)
        if not fraction.isdigit():
            return None
    elif "." in seps and "," in seps:
        # "1.500.000,50" / "1,500,000.50": the last separator is the decimal one.
        decimal_sep = seps[-1]
        if seps.count(decimal_sep) != 1:
            return None
        integer, fraction = token.rsplit(decimal_sep, 1)
    elif len(seps) == 1 and " " not in token and not re.fullmatch(r"[0-9]+[.,][0-9]{3}", token):
        # A single separator not followed by exactly three digits is a decimal one.
        integer, fraction = re.split(r"[.,]", token)
    if not (integer.isdigit() or _GROUPED.fullmatch(integer)):
        return None
    if fraction and not fraction.isdigit():
        return None
    # Decimals only make sense before a unit ("1,5 triệu"); "1,50" alone is refused
    # unless the fraction is zero ("1.500.000,00" as exported by spreadsheets).
    if fraction and not has_unit and fraction.strip("0"):
        return None
    # Fraction, not Decimal: exact at any size, no context precision to overflow.
    return Fraction(re.sub(r"[., ]", "", integer) + "." + (fraction or "0"))


def parse_vnd(text: str) -> int:
    """Read an amount typed by a person: "1.500.000 đ", "1,5 triệu", "500k",
    "2 tr", "1,2 tỷ", "1 tỷ 200 triệu", "1 500 000", "-50.000"…

    Raises ValueError("Số tiền không hợp lệ: …") for anything else, including
    amounts that are not whole đồng.
    """
    shown = normalize(text)
    error = ValueError(f"Số tiền không hợp lệ: {shown or '(để trống)'}")
    ambiguous = AmbiguousAmount(
        f"Số tiền không hợp lệ: {shown} — không rõ nghĩa. Trước “triệu”, “tỷ”, “nghìn” dấu phẩy là dấu thập "
        "phân, dấu chấm tách hàng nghìn: gõ “1,5 triệu” hoặc “1.500.000”.")
    s = _CURRENCY.sub("", shown.lower())
    sign = 1
    if s[:1] in ("-", "\u2212"):
        sign, s = -1, s[1:]
    from fractions import Fraction

    total = Fraction(0)
    previous_unit: int | None = None
    pos = 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if m is None:
            raise error
        pos = m.end()
        unit_word = m.group("unit")
        if previous_unit is not None and unit_word is None:
            raise error  # "1 triệu 500" is ambiguous (500 đồng or 500 nghìn?)
        try:
            value = _parse_number(m.group("num"), unit_word is not None)
        except AmbiguousAmount:
            raise ambiguous from None
        if value is None:
            raise error
        unit = _UNITS[unit_word] if unit_word else 1
        # Parts must go down in units and fit below the previous one: "1 tỷ 200 triệu".
        if previous_unit is not None and (unit >= previous_unit or value * unit >= previous_unit):
            raise error
        total += value * unit
        previous_unit = unit
    if previous_unit is None or total.denominator != 1:
        raise error
    return sign * total.numerator


# ---------------------------------------------------------------------------
# Money in words
# ---------------------------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_OPTIONS = {
    "thousand": ("nghìn", "ngàn"),
    "zero_tens": ("linh", "lẻ"),
    "four": ("tư", "bốn"),
}


def _group_words(group: int, leading: bool, zero_tens: str, four: str) -> list[str]:
    """Words for 1…999; an inner group always reads its hundreds ("không trăm")."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: four, 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _number_words(n: int, leading: bool, thousand: str, zero_tens: str, four: str) -> list[str]:
    """Words for n > 0; `leading` is False when a higher part has been read already."""
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        # Beyond tỷ the count of tỷ is itself a number: "một nghìn tỷ", "một triệu tỷ".
        words += _number_words(billions, leading, thousand, zero_tens, four) + ["tỷ"]
        leading = False
    for scale, word in ((1_000_000, "triệu"), (1_000, thousand), (1, "")):
        group = rest // scale % 1000
        if group == 0:
            continue  # a zero group is skipped together with its scale word
        words += _group_words(group, leading, zero_tens, four)
        if word:
            words.append(word)
        leading = False
    return words


def amount_in_words(
    n: int,
    *,
    thousand: str = "nghìn",
    zero_tens: str = "linh",
    four: str = "tư",
    ending: str = "đồng",
) -> str:
    """"Số tiền bằng chữ": 1500000 → "Một triệu năm trăm nghìn đồng".

    Regional and house variants: thousand "nghìn"|"ngàn", zero_tens "linh"|"lẻ",
    four "tư"|"bốn" (only after "mươi"), ending "đồng"|"đồng chẵn"|"".
    """
    value = operator.index(n)
    for name, given in (("thousand", thousand), ("zero_tens", zero_tens), ("four", four)):
        if given not in _OPTIONS[name]:
            raise ValueError(f"Tùy chọn {name} không hợp lệ: {given}")
    words = ["âm"] if value < 0 else []
    words += _number_words(abs(value), True, thousand, zero_tens, four) if value else ["không"]
    if normalize(ending):
        words.append(normalize(ending))
    text = " ".join(words)
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def format_date(d: date) -> str:
    """05/02/2026."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_local_time(ts: str | None, seconds: bool = False) -> str:
    """An ISO-8601 timestamp (as stored, UTC with offset) as this computer's local time: "28/11/2026 09:40"
    (with seconds: "09:40:05"). Text that is not a timestamp is returned as it is; None gives ""."""
    if not ts:
        return ""
    try:
        moment = datetime.fromisoformat(ts).astimezone()
    except (TypeError, ValueError):
        return str(ts)
    return moment.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def format_date_vi(d: date) -> str:
    """"ngày 05 tháng 02 năm 2026" for the địa danh line of documents.

    Nghị định 30/2020 (Phụ lục I) writes a leading zero for days below 10 and for
    months 1 and 2 only ("tháng 02" but "tháng 3", "tháng 10"): that keeps
    "tháng 1"/"tháng 2" from being altered into "tháng 11"/"tháng 12".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year:04d}"


_DMY = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4}|[0-9]{2})")
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")  # "05092012": typed without separators
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_WORDS = re.compile(r"ngày\s*([0-9]{1,2})\s*tháng\s*([0-9]{1,2})\s*năm\s*([0-9]{4})", re.IGNORECASE)


def parse_date(text: str, today: date | None = None) -> date:
    """Day-first dates: "5/2/2026", "05/02/2026", "05-02-2026", "5.2.2026", "05022026",
    "ngày 05 tháng 02 năm 2026", ISO "2026-02-05", and two-digit years "5/9/12".

    A two-digit year is 20xx, or 19xx when 20xx would put the date after `today` (default: the
    system date), so "5/9/12" is 05/09/2012 and "1/1/58" is 01/01/1958.
    Raises ValueError("Ngày không hợp lệ: …") for bad text or impossible dates.
    """
    shown = normalize(text)
    if m := _ISO.fullmatch(shown):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.fullmatch(shown):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(4)) == 2:
            year = _century(day, month, year, today or date.today())
    elif m := _COMPACT.fullmatch(shown):
        day, month, year = (int(g) for g in m.groups())
    elif m := _WORDS.fullmatch(shown):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(f"Ngày không hợp lệ: {shown or '(để trống)'}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày không hợp lệ: {shown}") from None


def _century(day: int, month: int, yy: int, today: date) -> int:
    try:
        in_2000s = date(2000 + yy, month, day)
    except ValueError:
        return 2000 + yy  # an impossible date: reported by the caller
    return 2000 + yy if in_2000s <= today else 1900 + yy


def parse_birth(text: str | None) -> tuple[date | None, int | None]:
    """Birth as a full date (→ (date, year)) or a year alone ("2012" → (None, 2012)).

    Empty → (None, None); otherwise raises ValueError("Ngày sinh không hợp lệ: …").
    """
    shown = normalize(text)
    if not shown:
        return (None, None)
    if re.fullmatch(r"[0-9]{4}", shown) and int(shown) >= 1:
        return (None, int(shown))
    try:
        born = parse_date(shown)
    except ValueError:
        raise ValueError(f"Ngày sinh không hợp lệ: {shown}") from None
    return (born, born.year)


def school_year_of(d: date) -> str:
    """School year containing d; it starts in September: 2025-09-01 → "2025-2026"."""
    start = d.year if d.month >= 9 else d.year - 1
    return f"{start}-{start + 1}"


# Why a file could not be read or written, in Vietnamese: the OS's own text (`strerror`) is English on most
# systems ("No such file or directory"), and a user sees these messages.
_OS_REASONS = {
    "ENOENT": "không tìm thấy tệp hoặc thư mục",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không có quyền truy cập",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "ổ đĩa đã đầy",
    "EROFS": "ổ đĩa chỉ cho phép đọc",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn không phải là thư mục",
    "EEXIST": "đã có tệp trùng tên",
    "EBUSY": "tệp đang được chương trình khác dùng",
    "ETXTBSY": "tệp đang được chương trình khác dùng",
    "EIO": "lỗi đọc/ghi ổ đĩa (ổ USB đã bị rút ra?)",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EMFILE": "máy đang mở quá nhiều tệp",
    "EINVAL": "tên tệp không hợp lệ",
    "ENXIO": "thiết bị không còn kết nối",
    "ENODEV": "thiết bị không còn kết nối",
}
_WINDOWS_REASONS = {32: "tệp đang được chương trình khác mở", 33: "tệp đang bị chương trình khác khóa"}


def os_error_text(exc: OSError) -> str:
    """"không tìm thấy tệp hoặc thư mục" for an OSError (never the OS's English text; an unknown cause is
    named by its number)."""
    import errno

    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    return f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống"
