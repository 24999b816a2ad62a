"""Tests for khuyenhoc_desktop.vietnamese (money in words and figures, names)."""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.vietnamese import (
    amount_in_words,
    fold,
    format_date,
    format_date_vi,
    format_money,
    format_vnd,
    name_sort_key,
    normalize,
    normalize_multiline,
    parse_birth,
    parse_date,
    parse_vnd,
    school_year_of,
    sort_key_parts,
    split_name,
)

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# ---------------------------------------------------------------------------
# normalize / fold
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Nguyễn   Văn  An ", "Nguyễn Văn An"),
        ("Nguyễn\tVăn\nAn", "Nguyễn Văn An"),
        ("Nguyễn\u00a0Văn\u202fAn", "Nguyễn Văn An"),
        ("\ufeffLê\u200bThị", "Lê Thị"),
        (NFD("Nguyễn Văn Ân"), "Nguyễn Văn Ân"),
    ],
)
def test_normalize(raw: str | None, expected: str) -> None:
    result = normalize(raw)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@given(st.text())
def test_normalize_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "  " not in once
    assert once == once.strip()


def test_normalize_multiline() -> None:
    raw = "\n  Dòng một   \r\n" + NFD("Dòng hai ở giữa") + "\t\r\n\r\nDòng bốn\n\n"
    assert normalize_multiline(raw) == "  Dòng một\nDòng hai ở giữa\n\nDòng bốn"
    assert normalize_multiline(None) == ""
    assert normalize_multiline(" \n \n") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("  ĐẶNG   thị   Đào ", "dang thi dao"),
        (NFD("Trương Ngọc Ưng"), "truong ngoc ung"),
        ("Thuỷ", "thuy"),
        (None, ""),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_old_and_new_tone_placement() -> None:
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy")
    assert fold("Hoà") == fold(NFD("hòa"))


@given(st.text())
def test_fold_has_no_vietnamese_marks(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert not any("\u0300" <= ch <= "\u036f" for ch in folded)
    assert "đ" not in folded and "Đ" not in folded


# ---------------------------------------------------------------------------
# split_name
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),
        ("  Tôn  Nữ Thị   Hà ", ("Tôn", "Nữ Thị", "Hà")),
        ("Trần An", ("Trần", "", "An")),
        ("An", ("", "", "An")),
        ("", ("", "", "")),
        (None, ("", "", "")),
        (NFD("Lê Thị Ngọc Ánh"), ("Lê", "Thị Ngọc", "Ánh")),
    ],
)
def test_split_name(full: str | None, parts: tuple[str, str, str]) -> None:
    assert split_name(full) == parts


# ---------------------------------------------------------------------------
# name_sort_key: fixed cases
# ---------------------------------------------------------------------------


def _sorted_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


@pytest.mark.parametrize(
    "ordered",
    [
        # â is a letter of its own after a, so "Ân" follows every "A…" name; the
        # often-quoted An < Ân < Anh < Ánh would break both §8 and ICU.
        ["An", "Anh", "Ánh", "Ân"],
        ["Bình", "Bính", "Bịnh"],
        ["a", "à", "ả", "ã", "á", "ạ"],  # tones: none < huyền < hỏi < ngã < sắc < nặng
        ["a", "ă", "â", "b"],
        ["d", "đ", "e", "ê", "g"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["cha", "chan"],  # shorter first
        ["ạng", "anh", "ảnh", "ánh"],  # letters before tones: ang < anh whatever the tones
        ["an", "An"],  # lower case first as last tie-breaker
        ["Lê Văn Dũng", "Trần Thị Đào"],  # D < Đ
        ["Trần An", "Nguyễn Văn An"],  # same tên; empty đệm first
        ["Trần Văn An", "Nguyễn Văn Bình"],  # tên before họ
        ["Phạm Thị An", "Lê Văn An"],  # tên equal: đệm decides before họ
        ["Lê Văn An", "Nguyễn Văn An"],  # tên, đệm equal: họ decides
        ["Lê Văn An", "Lê Văn Anh"],  # a tên that is a prefix of another sorts first
        ["Lê Văn An", "Lê Văn Ann"],
        ["Lê Văn An", "Lê Văn Ân"],
        ["Lê Văn Hùng", "Lê Văn Hưng"],
        ["Lý Thị Yến", "Ngô Thị Ngọc Yến"],  # đệm "Thị" < "Thị Ngọc"
        ["An", "Lê Văn An"],  # one word: no họ, no đệm
    ],
)
def test_name_order_fixed(ordered: list[str]) -> None:
    for permutation in itertools.permutations(ordered):
        assert _sorted_names(list(permutation)) == ordered
    icu = pytest.importorskip("icu")
    key = icu.Collator.createInstance(icu.Locale("vi")).getSortKey
    parts = [split_name(n) for n in ordered]
    assert parts == sorted(parts, key=lambda p: (key(p[2]), key(p[1]), key(p[0])))


def test_empty_dem_before_any_dem() -> None:
    assert name_sort_key("Nguyễn Văn An") > name_sort_key("Trần An")
    assert sort_key_parts("Trần", "", "An") < sort_key_parts("Nguyễn", "Văn", "An")


def test_sort_key_parts_matches_split() -> None:
    assert name_sort_key("Nguyễn Văn An") == sort_key_parts("Nguyễn", "Văn", "An")
    assert name_sort_key(NFD("  Nguyễn  Văn An ")) == sort_key_parts(" Nguyễn", NFD("Văn"), "An ")
    # Exceptions: "Tôn Nữ" as họ is a different key from the default split.
    assert sort_key_parts("Tôn Nữ", "Thị", "Hà") != name_sort_key("Tôn Nữ Thị Hà")
    assert sort_key_parts(None, None, None) == name_sort_key("")


def test_key_is_sqlite_binary_order() -> None:
    names = ["Trần Thị Đào", "Lê Văn Dũng", "Nguyễn Văn An", "Trần An", "Ánh", "anh", "Anh", "Bịnh", "Bình"]
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE p (name TEXT, k TEXT)")
    con.execute("CREATE INDEX p_k ON p (k)")
    con.executemany("INSERT INTO p VALUES (?, ?)", [(n, name_sort_key(n)) for n in names])
    by_sql = [row[0] for row in con.execute("SELECT name FROM p ORDER BY k")]
    assert by_sql == _sorted_names(names)
    con.close()


@given(st.text())
def test_key_is_valid_text(text: str) -> None:
    key = name_sort_key(text)
    key.encode("utf-8")  # no surrogates: storable in a TEXT column
    assert key == name_sort_key(normalize(text))


# ---------------------------------------------------------------------------
# name_sort_key against ICU "vi"
# ---------------------------------------------------------------------------

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
RIMES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "an", "anh", "ang", "ăn", "âm", "ân", "em", "ênh", "inh", "oa", "oan", "oai", "ôi", "ơn", "uy", "uyên", "ươ", "ương", "ưng", "ung", "yên", "ach", "ich", "ươc", "ut", "ưt", "op"]  # fmt: skip
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = set("aăâeêioôơuưy")


def _syllable(onset: str, rime: str, tone: str, position: int) -> str:
    """Tone on the `position`-th vowel of the rime (old and new placement both occur)."""
    vowel_indexes = [i for i, ch in enumerate(rime) if ch in VOWELS]
    i = vowel_indexes[position % len(vowel_indexes)]
    return unicodedata.normalize("NFC", onset + NFD(rime[: i + 1]) + tone + rime[i + 1 :])


ALL_SYLLABLES = sorted(
    {
        _syllable(o, r, t, p)
        for o in ONSETS
        for r in RIMES
        for t in TONE_MARKS
        for p in range(2)
    }
)


def _case(word: str, style: int) -> str:
    return [word.capitalize(), word, word.upper(), word[:1] + word[1:].upper()][style]


syllables = st.builds(
    _syllable, st.sampled_from(ONSETS), st.sampled_from(RIMES), st.sampled_from(TONE_MARKS), st.integers(0, 1)
)
words = st.builds(_case, syllables, st.sampled_from([0, 0, 0, 1, 2, 3]))
people = st.tuples(
    st.one_of(st.just(""), words),
    st.lists(words, max_size=2).map(" ".join),
    words,
)


@pytest.fixture(scope="module")
def icu_key():
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    return collator.getSortKey


def _sign(x: object, y: object) -> int:
    return (x > y) - (x < y)  # type: ignore[operator]


def test_single_syllables_match_icu(icu_key) -> None:
    words_ = ALL_SYLLABLES + [w.capitalize() for w in ALL_SYLLABLES[::7]] + [w.upper() for w in ALL_SYLLABLES[::11]]
    ours = sorted(words_, key=lambda w: sort_key_parts("", "", w))
    theirs = sorted(words_, key=icu_key)
    assert ours == theirs


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="aăâdđeêoôơuưhnAĐ '-.,0\u0300\u0301\u0323\u00ad\u200d", max_size=6), min_size=2, max_size=12))
def test_ascii_punctuation_and_ignorables_match_icu(icu_key, fields: list[str]) -> None:
    # Names like "H'Hen", "Y-Moan"; soft hyphen and ZWJ are ignored like in ICU.
    ours = [sort_key_parts("", "", f) for f in fields]
    theirs = [icu_key(normalize(f)) for f in fields]
    for i, j in itertools.combinations(range(len(fields)), 2):
        assert _sign(ours[i], ours[j]) == _sign(theirs[i], theirs[j]), (fields[i], fields[j])


@settings(max_examples=150, deadline=None)
@given(st.lists(people, min_size=2, max_size=25))
def test_people_order_matches_icu(icu_key, group: list[tuple[str, str, str]]) -> None:
    ours = [sort_key_parts(h, d, t) for h, d, t in group]
    theirs = [(icu_key(t), icu_key(d), icu_key(h)) for h, d, t in group]
    for i, j in itertools.combinations(range(len(group)), 2):
        assert _sign(ours[i], ours[j]) == _sign(theirs[i], theirs[j]), (group[i], group[j])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join), min_size=2, max_size=20))
def test_full_names_order_matches_icu(icu_key, names: list[str]) -> None:
    def icu_tuple(name: str) -> tuple[bytes, bytes, bytes]:
        h, d, t = split_name(name)
        return (icu_key(t), icu_key(d), icu_key(h))

    assert [icu_tuple(n) for n in _sorted_names(names)] == sorted(icu_tuple(n) for n in names)


# ---------------------------------------------------------------------------
# Money in figures
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0"), (5, "5"), (999, "999"), (1000, "1.000"), (1_500_000, "1.500.000"), (-25_000, "-25.000"),
     (1_000_000_000_000, "1.000.000.000.000")],
)  # fmt: skip
def test_format_vnd(n: int, text: str) -> None:
    assert format_vnd(n) == text
    assert format_money(n) == text + " đ"
    assert parse_vnd(format_money(n)) == n


def test_format_vnd_rejects_float() -> None:
    with pytest.raises(TypeError):
        format_vnd(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("1.500.000 đ", 1_500_000),
        ("1.500.000đ", 1_500_000),
        ("1500000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000 ₫", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("1,5tr", 1_500_000),
        ("2 tr", 2_000_000),
        ("2 TRIỆU", 2_000_000),
        ("500k", 500_000),
        ("500K", 500_000),
        ("500 nghìn", 500_000),
        ("500 ngàn", 500_000),
        ("500 nghìn đồng", 500_000),
        ("1,2 tỷ", 1_200_000_000),
        ("3 tỉ", 3_000_000_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("2 triệu 500 nghìn", 2_500_000),
        ("1.500.000 VNĐ", 1_500_000),
        ("1.500.000 vnd", 1_500_000),
        ("200.000 đồng", 200_000),
        ("1.500", 1_500),  # one separator + exactly 3 digits: thousands
        ("1,500", 1_500),
        ("1.500 triệu", 1_500_000_000),  # the same rule before a unit
        ("1.500.000,00", 1_500_000),  # zero decimals from spreadsheets
        ("0,250 triệu", 250_000),  # before a unit the comma is the decimal sign
        ("1,500 triệu", 1_500_000),
        ("1,500 tỷ", 1_500_000_000),
        ("2,5 nghìn", 2_500),
        ("1.234,5 triệu", 1_234_500_000),
        ("-50.000 đ", -50_000),
        ("0", 0),
        ("  75000  ", 75_000),
    ],
)
def test_parse_vnd(text: str, n: int) -> None:
    assert parse_vnd(text) == n


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "1.5", "1,50", "1.5000", "1..500", "1.50.000", "1.500,000.000", "12 34", "500kg",
     "1 triệu 500", "1 triệu 2000 nghìn", "500 nghìn 1 triệu", "1,0000005 triệu", "đ", "-", "1.500.000 đ đ",
     "1,5", "k500", "\u0661\u0662\u0663", "1.500.000 đ (một triệu)"],
)  # fmt: skip
def test_parse_vnd_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="^Số tiền không hợp lệ: "):
        parse_vnd(text)


@given(st.integers(-(10**15), 10**15))
def test_parse_vnd_roundtrip(n: int) -> None:
    assert parse_vnd(format_vnd(n)) == n
    assert parse_vnd(format_money(n)) == n
    assert parse_vnd(f"{n:,}") == n


# ---------------------------------------------------------------------------
# Money in words
# ---------------------------------------------------------------------------

WORKED_EXAMPLES = [  # (số, default, variant ngàn/lẻ/bốn), checked by hand
    (15, "Mười lăm đồng", "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng", "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng", "Hai mươi bốn đồng"),
    (105, "Một trăm linh năm đồng", "Một trăm lẻ năm đồng"),
    (1_001, "Một nghìn không trăm linh một đồng", "Một ngàn không trăm lẻ một đồng"),
    (1_025, "Một nghìn không trăm hai mươi lăm đồng", "Một ngàn không trăm hai mươi lăm đồng"),
    (15_000, "Mười lăm nghìn đồng", "Mười lăm ngàn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng", "Một triệu năm trăm ngàn đồng"),
    (
        5_025_110,
        "Năm triệu không trăm hai mươi lăm nghìn một trăm mười đồng",
        "Năm triệu không trăm hai mươi lăm ngàn một trăm mười đồng",
    ),
    (1_000_000_001, "Một tỷ không trăm linh một đồng", "Một tỷ không trăm lẻ một đồng"),
]


@pytest.mark.parametrize(("n", "default", "variant"), WORKED_EXAMPLES)
def test_amount_in_words_worked_examples(n: int, default: str, variant: str) -> None:
    assert amount_in_words(n) == default
    assert amount_in_words(n, thousand="ngàn", zero_tens="lẻ", four="bốn") == variant


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (4, "Bốn đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (20, "Hai mươi đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (100, "Một trăm đồng"),
        (104, "Một trăm linh bốn đồng"),
        (110, "Một trăm mười đồng"),
        (1_000, "Một nghìn đồng"),
        (1_004, "Một nghìn không trăm linh bốn đồng"),
        (1_014, "Một nghìn không trăm mười bốn đồng"),
        (1_024, "Một nghìn không trăm hai mươi tư đồng"),
        (1_100_000, "Một triệu một trăm nghìn đồng"),
        (10**9, "Một tỷ đồng"),
        (2_000_005_000, "Hai tỷ không trăm linh năm nghìn đồng"),
        (10**12, "Một nghìn tỷ đồng"),
        (10**12 + 5, "Một nghìn tỷ không trăm linh năm đồng"),
        (10**15, "Một triệu tỷ đồng"),
        (10**18, "Một tỷ tỷ đồng"),
        (21_000_000_000, "Hai mươi mốt tỷ đồng"),
        (-1_500_000, "Âm một triệu năm trăm nghìn đồng"),
    ],
)
def test_amount_in_words_hand_cases(n: int, words: str) -> None:
    assert amount_in_words(n) == words


def test_amount_in_words_options() -> None:
    assert amount_in_words(1_500_000, ending="đồng chẵn") == "Một triệu năm trăm nghìn đồng chẵn"
    assert amount_in_words(1_500_000, ending="") == "Một triệu năm trăm nghìn"
    assert amount_in_words(0, ending="") == "Không"
    assert amount_in_words(1_000, thousand="ngàn") == "Một ngàn đồng"
    assert amount_in_words(34, four="bốn") == "Ba mươi bốn đồng"
    assert amount_in_words(14, four="tư") == "Mười bốn đồng"  # "tư" only after "mươi"
    for bad in ({"thousand": "nghin"}, {"zero_tens": "le"}, {"four": "4"}):
        with pytest.raises(ValueError):
            amount_in_words(1, **bad)


@given(st.integers(0, 10**18))
def test_amount_in_words_properties(n: int) -> None:
    words = amount_in_words(n)
    first = words.split(" ")[0]
    assert first[0].isupper() and first[1:] == first[1:].lower()
    assert words[1:] == words[1:].lower()
    assert words.endswith(" đồng")
    assert "  " not in words
    for wrong in ("mươi một", "mươi năm", "mười năm", "mươi bốn"):
        assert wrong not in words
    variant = amount_in_words(n, thousand="ngàn", zero_tens="lẻ", four="bốn")
    assert "nghìn" not in variant and "linh" not in variant and "mươi tư" not in variant


@given(st.integers(1, 10**18))
def test_amount_in_words_negative(n: int) -> None:
    assert amount_in_words(-n) == "Âm " + amount_in_words(n)[0].lower() + amount_in_words(n)[1:]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "vi", "short"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026", "05/02/2026"),
        (date(2026, 1, 31), "ngày 31 tháng 01 năm 2026", "31/01/2026"),
        (date(2026, 3, 15), "ngày 15 tháng 3 năm 2026", "15/03/2026"),
        (date(2025, 10, 2), "ngày 02 tháng 10 năm 2025", "02/10/2025"),
        (date(2025, 12, 9), "ngày 09 tháng 12 năm 2025", "09/12/2025"),
    ],
)
def test_format_dates(d: date, vi: str, short: str) -> None:
    assert format_date_vi(d) == vi
    assert format_date(d) == short
    assert parse_date(short) == d
    assert parse_date(vi) == d


@pytest.mark.parametrize(
    "text",
    ["5/2/2026", "05/02/2026", "05-02-2026", "5.2.2026", "2026-02-05", " 5 / 2 / 2026 ", "Ngày 5 tháng 2 năm 2026"],
)
def test_parse_date(text: str) -> None:
    assert parse_date(text) == date(2026, 2, 5)


def test_parse_date_impossible() -> None:
    with pytest.raises(ValueError, match="^Ngày không hợp lệ: 31/02/2026$"):
        parse_date("31/02/2026")
    with pytest.raises(ValueError, match="^Ngày không hợp lệ: 2026-13-01$"):
        parse_date("2026-13-01")


@pytest.mark.parametrize("text", ["", "abc", "5/2", "5/2/026", "05/02-2026", "2026/02/05x", "32/1/2026", "0/1/2026",
                                  "0509201", "050920121", "31022012", "31/2/12"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="^Ngày không hợp lệ: "):
        parse_date(text)


@pytest.mark.parametrize("text, expected", [
    ("05092012", date(2012, 9, 5)), ("5/9/12", date(2012, 9, 5)), ("05/09/12", date(2012, 9, 5)),
    ("5.9.12", date(2012, 9, 5)), ("1/1/58", date(1958, 1, 1)), ("31/12/25", date(2025, 12, 31)),
    ("2/2/26", date(1926, 2, 2)),  # 02/02/2026 is after "today" (01/02/2026): a birth date of 1926
    ("1/2/26", date(2026, 2, 1)),  # today itself is not in the future
])
def test_parse_date_compact_and_two_digit_years(text: str, expected: date) -> None:
    assert parse_date(text, today=date(2026, 2, 1)) == expected


TODAY = date(2026, 2, 1)


@given(st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY))
def test_two_digit_year_reads_the_latest_date_not_after_today(d: date) -> None:
    # Within the last 99 years the short form is unambiguous: the one date not after today.
    assert parse_date(f"{d.day}/{d.month}/{d.year % 100:02d}", today=TODAY) == d


@given(st.dates(min_value=date(1000, 1, 1)), st.dates())
def test_two_digit_year_is_never_in_the_future_and_compact_form_round_trips(d: date, today: date) -> None:
    parsed = parse_date(f"{d.day}/{d.month}/{d.year % 100:02d}", today=today)
    assert parsed.year % 100 == d.year % 100 and (parsed.month, parsed.day) == (d.month, d.day)
    assert parsed.year in (1900 + d.year % 100, 2000 + d.year % 100)
    assert parsed <= today or parsed.year == 1900 + d.year % 100  # 19xx only when 20xx is ahead of today
    assert parse_date(d.strftime("%d%m") + f"{d.year:04d}") == d


@given(st.dates())
def test_date_roundtrip(d: date) -> None:
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(format_date_vi(d)) == d


def test_parse_birth() -> None:
    assert parse_birth("2012") == (None, 2012)
    assert parse_birth(" 2012 ") == (None, 2012)
    assert parse_birth("5/2/2012") == (date(2012, 2, 5), 2012)
    assert parse_birth("2012-02-05") == (date(2012, 2, 5), 2012)
    assert parse_birth("") == (None, None)
    assert parse_birth(None) == (None, None)
    for bad in ("abc", "12", "0000", "31/02/2012", "2/2012"):
        with pytest.raises(ValueError, match="^Ngày sinh không hợp lệ: "):
            parse_birth(bad)


@pytest.mark.parametrize(
    ("d", "year"),
    [
        (date(2025, 9, 1), "2025-2026"),
        (date(2025, 12, 31), "2025-2026"),
        (date(2026, 1, 1), "2025-2026"),
        (date(2026, 8, 31), "2025-2026"),
        (date(2025, 8, 31), "2024-2025"),
        (date(2026, 9, 1), "2026-2027"),
    ],
)
def test_school_year_of(d: date, year: str) -> None:
    assert school_year_of(d) == year


def test_school_year_covers_every_day() -> None:
    d = date(2025, 9, 1)
    while d <= date(2026, 8, 31):
        assert school_year_of(d) == "2025-2026"
        d += timedelta(days=1)


def test_format_local_time_shows_stored_utc_times_in_local_time():
    from datetime import datetime, timezone

    from khuyenhoc_desktop.vietnamese import format_local_time

    stored = "2026-11-28T02:41:05.123+00:00"
    local = datetime(2026, 11, 28, 2, 41, 5, tzinfo=timezone.utc).astimezone()
    assert format_local_time(stored) == local.strftime("%d/%m/%Y %H:%M")
    assert format_local_time(stored, seconds=True) == local.strftime("%d/%m/%Y %H:%M:%S")
    assert format_local_time(None) == "" and format_local_time("") == ""
    assert format_local_time("không phải thời gian") == "không phải thời gian"


@pytest.mark.parametrize("text", ["1,500,000 triệu", "1,234.5 triệu", "1,5,0 tỷ"])
def test_parse_vnd_refuses_a_comma_that_could_be_grouping_before_a_unit(text: str) -> None:
    with pytest.raises(ValueError, match="không rõ nghĩa.*dấu phẩy là dấu thập phân"):
        parse_vnd(text)


@given(st.integers(0, 999), st.integers(0, 999), st.sampled_from([("nghìn", 10**3), ("triệu", 10**6), ("tỷ", 10**9)]))
def test_parse_vnd_comma_before_a_unit_is_decimal(whole: int, thousandths: int, unit) -> None:
    word, size = unit
    expected = whole * size + thousandths * size // 1000
    assert parse_vnd(f"{whole},{thousandths:03d} {word}") == expected
    assert parse_vnd(f"{format_vnd(whole)},{thousandths:03d} {word}") == expected


def test_fold_and_sort_key_read_eth_as_d_and_drop_format_characters() -> None:
    assert fold("Ðức") == fold("Đức") == "duc"  # U+00D0 from mis-decoded Windows-1258
    assert fold("ðào") == "dao"
    assert fold("Nguy\u00adễn Văn\u200dAn") == "nguyen vanan"
    assert fold("Văn\u200bAn") == "van an"  # a zero-width space still separates words
    assert name_sort_key("Ðặng Thị Ðào") == name_sort_key("Đặng Thị Đào")
    assert name_sort_key("Nguy\u00adễn An") == name_sort_key("Nguyễn An")


_FORMAT_CHARS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"
                 and chr(c) not in "\u200b\ufeff\u2060"]


@given(st.text(), st.lists(st.tuples(st.integers(0, 50), st.sampled_from(_FORMAT_CHARS)), max_size=5))
def test_format_characters_never_change_search_or_sort_keys(text: str, inserts) -> None:
    spoiled = text
    for at, ch in inserts:
        spoiled = spoiled[:at] + ch + spoiled[at:]
    assert fold(spoiled) == fold(text)
    assert name_sort_key(spoiled) == name_sort_key(text)


@given(st.text(alphabet="ĐđÐðaăâeêôơư \u0300\u0301", max_size=20))
def test_eth_folds_and_sorts_as_d_bar(text: str) -> None:
    as_d = text.replace("Ð", "Đ").replace("ð", "đ")
    assert fold(text) == fold(as_d)
    assert name_sort_key(text) == name_sort_key(as_d)


def test_a_share_is_written_with_a_decimal_comma_and_no_trailing_zero():
    from khuyenhoc_desktop.vietnamese import format_share

    assert [format_share(v) for v in (72.5, 70.0, 100.0, 0.0, 66.66, None)] == ["72,5", "70", "100", "0", "66,7", "-"]
    assert format_share(33.333, 2) == "33,33"


def test_os_errors_are_explained_in_vietnamese_never_in_the_os_english():
    import errno

    from khuyenhoc_desktop.vietnamese import os_error_text

    assert os_error_text(FileNotFoundError(errno.ENOENT, "No such file or directory")) == \
        "không tìm thấy tệp hoặc thư mục"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "không có quyền truy cập"
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã đầy"
    assert os_error_text(OSError(9999, "Something odd")) == "lỗi hệ thống số 9999"


def test_a_missing_package_file_is_refused_in_vietnamese(tmp_path):
    from khuyenhoc_desktop.sync import SyncFormatError, open_package

    try:
        open_package(tmp_path / "khong-co.khsync")
    except SyncFormatError as exc:
        assert "không tìm thấy tệp hoặc thư mục" in exc.message and "No such file" not in exc.message
    else:
        raise AssertionError("a missing file was opened")
