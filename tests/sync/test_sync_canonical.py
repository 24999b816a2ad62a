import hashlib
import json
import math
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.sync.canonical import (
    canonical_json,
    canonical_text,
    is_sha256_hex,
    is_uuid,
    reconciliation_entry,
    sha256_hex,
    sha256_of_json,
)

U1 = "0000000a-0000-0000-0000-00000000000b"
U2 = "00000000-0000-0000-0000-000000000002"


def test_sorted_compact_utf8():
    assert canonical_json({"b": 1, "a": [True, None, "Ánh"], "c": {"z": 1, "y": -2}}) == (
        '{"a":[true,null,"Ánh"],"b":1,"c":{"y":-2,"z":1}}'.encode("utf-8")
    )


def test_nfc_keys_and_values():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    out = canonical_json({nfd: [nfd]})
    assert out == canonical_json({"Nguyễn Thị Ánh": ["Nguyễn Thị Ánh"]})
    assert unicodedata.is_normalized("NFC", out.decode())


def test_keys_colliding_after_nfc_refused():
    with pytest.raises(ValueError):
        canonical_json({"Á": 1, unicodedata.normalize("NFD", "Á"): 2})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_refused(bad):
    with pytest.raises(ValueError):
        canonical_json({"x": bad})


def test_non_string_keys_and_other_types_refused():
    with pytest.raises(ValueError):
        canonical_json({1: "a"})
    with pytest.raises(ValueError):
        canonical_json([{"a": {2: 1}}])
    with pytest.raises(TypeError):
        canonical_json({"d": date(2025, 1, 1)})


def test_control_characters_escaped_and_text_is_one_line():
    text = canonical_text({"note": "dòng 1\ndòng 2\t\"x\"\\"})
    assert "\n" not in text
    assert json.loads(text)["note"] == "dòng 1\ndòng 2\t\"x\"\\"


def test_hash_helpers():
    assert sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert sha256_of_json({"b": 1, "a": 2}) == sha256_hex(b'{"a":2,"b":1}')
    assert is_sha256_hex(sha256_hex(b""))
    assert not is_sha256_hex(sha256_hex(b"").upper())
    assert is_uuid(U1) and not is_uuid(U1.upper()) and not is_uuid("{" + U1 + "}") and not is_uuid(1)


def test_reconciliation_entry():
    entry = reconciliation_entry([(U2, 3), (U1, 10)])
    assert entry == {"count": 2, "sha256": sha256_hex(f"{U2}:3\n{U1}:10\n".encode())}  # sorted as text
    assert reconciliation_entry([(U1, 10), (U2, 3)]) == entry  # order-independent
    assert reconciliation_entry([]) == {"count": 0, "sha256": sha256_hex(b"")}
    with pytest.raises(ValueError):
        reconciliation_entry([(U1, 1), (U1, 2)])
    with pytest.raises(ValueError):
        reconciliation_entry([(U1.upper(), 1)])
    with pytest.raises(ValueError):
        reconciliation_entry([(U1, 0)])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_canonical_is_stable_under_reparse(value):
    try:
        once = canonical_json(value)
    except ValueError:  # keys colliding after NFC
        return
    assert canonical_json(json.loads(once)) == once
    assert unicodedata.is_normalized("NFC", once.decode("utf-8"))


# Flat rows go through orjson (canonical._flat_fast); the json encoder is the definition it must equal.
_TRICKY = st.text(st.characters(codec="utf-8", categories=None, blacklist_categories=("Cs",)), max_size=12)
_FLAT_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-(2**64), 2**64), _TRICKY,
                         st.sampled_from(["Nguyễn Thị Ánh", "\x00\x1f\x7f\u2028", "\"\\/\t\n", "\U0001F600"]))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.one_of(_TRICKY, st.sampled_from(["a", "aa", "Á", "é", "\U0001F600", ""])), _FLAT_VALUES,
                       max_size=10))
def test_fast_path_writes_the_json_encoders_bytes(row):
    from khuyenhoc_desktop.sync import canonical

    expected = canonical._canonical_text(row)  # the json module's canonical text, NFC-normalised
    assert canonical_text(row) == expected
    assert canonical_json(row) == expected.encode("utf-8")


def test_fast_path_keeps_the_refusals_and_the_slow_cases():
    nfd = unicodedata.normalize("NFD", "Ánh")
    assert canonical_json({"a": nfd}) == '{"a":"Ánh"}'.encode()  # normalised, not copied as NFD
    assert canonical_json({"a": 2**70}) == b'{"a":1180591620717411303424}'  # beyond orjson's 64 bits
    assert canonical_json({"a": 1e16}) == b'{"a":1e+16}'  # floats keep the json module's form
    with pytest.raises(ValueError):
        canonical_json({1: "x"})
    with pytest.raises(ValueError):
        canonical_json({"Á": 1, unicodedata.normalize("NFD", "Á"): 2})
