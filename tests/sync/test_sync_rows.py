"""Reading one JSON line of a package: what Python and SQLite could read differently is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.sync.rows import R_DUPLICATE_KEY, R_JSON, R_NUL, R_NUMBER, parse_json_line

U = "0b6f9a4e-0000-4000-8000-000000000001"


def line(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_canonical_line_reads():
    obj = {"data": {"amount": 200000, "name": "Nguyễn Văn Ân"}, "op": "upsert", "uuid": U}
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert parse_json_line(line(text)) == (obj, None)


def test_a_non_canonical_line_without_duplicates_still_reads():
    # readers do not require canonical lines (docs/sync-format.md §5): key order and escapes may differ
    assert parse_json_line(line('{"uuid":"%s","op":"upsert","n":"\\u00e9"}' % U)) == (
        {"uuid": U, "op": "upsert", "n": "é"}, None)


@pytest.mark.parametrize("text", [
    '{"data":{"amount":1,"amount":900000000000000},"op":"upsert"}',  # Python: the last, SQLite: the first
    '{"op":"upsert","op":"delete"}',
    '{"a":{"b":1,"c":{"d":1,"d":2}}}',
])
def test_duplicate_keys_are_refused(text):
    assert parse_json_line(line(text)) == (None, R_DUPLICATE_KEY)


@pytest.mark.parametrize("text", ['{"amount":1e999}', '{"amount":-1e999}', '{"a":[1,2,1E400]}'])
def test_numbers_that_are_not_finite_are_refused(text):
    assert parse_json_line(line(text)) == (None, R_NUMBER)


@pytest.mark.parametrize("text", ['{"amount":NaN}', '{"amount":Infinity}', '{"amount":-Infinity}'])
def test_nan_and_infinity_are_not_json(text):
    assert parse_json_line(line(text)) == (None, R_JSON)


def test_nul_in_a_string_is_refused():
    assert parse_json_line(line('{"name":"An\\u0000"}')) == (None, R_NUL)
    assert parse_json_line(b'{"name":"An\x00"}') == (None, R_JSON)  # a raw control character is not JSON


def test_versions_beyond_what_sqlite_and_json_hold_are_refused():
    from khuyenhoc_desktop.sync.rows import MAX_VERSION, R_VERSION, Change, validate_ack_entry, validate_change

    row = {"op": "upsert", "table": "award", "uuid": U, "version": MAX_VERSION,
           "updated_at": "2025-11-27T10:00:00+07:00", "data": {}}
    assert isinstance(validate_change(row, 1), Change)
    assert validate_change({**row, "version": 2**63}, 1) == ("award", U, R_VERSION)
    assert validate_ack_entry({"table": "award", "uuid": U, "version": 2**63}, 1, False) == ("award", U, R_VERSION)


def test_the_writer_refuses_nul_as_the_reader_does():
    from khuyenhoc_desktop.sync import PackageWriter

    row = {"op": "upsert", "table": "award", "uuid": U, "version": 1, "updated_at": "2025-11-27T10:00:00+07:00",
           "data": {"note": "An\x00"}}
    with PackageWriter() as w, pytest.raises(ValueError, match="NUL"):
        w.add_change(row)


_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
              st.text(max_size=8), st.sampled_from(["Nguyễn", "\ud800", "\x00", "Ánh", "\u0041\u0301"])),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=3), kids, max_size=4), max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(_JSON_VALUES, st.sampled_from(["canonical", "spaced", "duplicate", "nfd", "raw"]))
def test_the_orjson_fast_path_reads_every_line_as_the_strict_scan_does(value, shape):
    """rows._parse_strict is the definition; the fast path may only be quicker, never different."""
    import json
    import unicodedata

    from khuyenhoc_desktop.sync import rows

    if shape == "canonical":
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    elif shape == "spaced":
        text = json.dumps(value, ensure_ascii=False)
    elif shape == "duplicate":
        text = '{"a":1,"a":%s}' % json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif shape == "nfd":
        text = unicodedata.normalize("NFD", json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    else:
        text = json.dumps(value, separators=(",", ":"))  # ASCII escapes, surrogates included
    data = text.encode("utf-8", "surrogatepass")
    assert rows.parse_json_text(data) == rows._parse_strict(data)
