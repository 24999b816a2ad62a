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
    assert rows.read_json_line(data)[:3] == rows._parse_strict(data)


_FLAT_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1),
                         st.text(max_size=6), st.sampled_from(['},"', '}', '\\', '"', '},\\"op', "Nguyễn Văn Ân"]))
_DATA_VALUES = _FLAT_VALUES | st.lists(_FLAT_VALUES, max_size=2) | st.dictionaries(st.text(max_size=2), _FLAT_VALUES,
                                                                                   max_size=2) | st.floats(-1e20, 1e20)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=4) | st.sampled_from(["a}", 'b"', "op", "uuid"]), _DATA_VALUES, max_size=6),
       st.dictionaries(st.sampled_from(["a_before", "b", "zz_after", "note"]), _DATA_VALUES, max_size=2),
       st.fixed_dictionaries({}, optional={k: st.none() | st.text(max_size=3) | st.just('},"')
                                           for k in ("updated_by", "reason")}),
       st.booleans())
def test_the_data_hash_cut_from_a_canonical_line_is_the_hash_of_its_data(data, extra, known, sorted_keys):
    """`Change.data_sha256`, cut out of the line's bytes, is exactly `sha256_of_json(data)` whenever it is given,
    and is given for a canonical line whose data is flat (every writer's line)."""
    import unicodedata

    from khuyenhoc_desktop.sync import rows, sha256_of_json

    data = {unicodedata.normalize("NFC", k): v for k, v in data.items()}
    obj = {**extra, **known, "op": "upsert", "table": "award", "uuid": U, "version": 1,
           "updated_at": "2025-11-27T10:00:00+07:00", "data": {k: v for k, v in data.items() if k not in ("uuid",)}}
    obj["data"].pop("version", None)
    text = json.dumps(obj, ensure_ascii=False, sort_keys=sorted_keys, separators=(",", ":"))
    raw = unicodedata.normalize("NFC", text).encode("utf-8")
    parsed, reason, line_text, canonical = rows.read_json_line(raw)
    if reason is not None:
        return  # e.g. NUL in a string: refused, no change to hash
    change = rows.validate_change(parsed, 1, line_text, raw if canonical else None)
    assert isinstance(change, rows.Change)
    expected = sha256_of_json(change.data)
    assert change.content_sha256() == expected
    if change.data_sha256 is not None:
        assert change.data_sha256 == bytes.fromhex(expected)
    flat = all(type(v) in (str, int, bool, type(None)) for v in change.data.values())
    if canonical and flat and raw.startswith(b'{"data":{'):
        assert change.data_sha256 is not None


def test_a_canonical_row_carries_the_hash_of_its_data():
    from khuyenhoc_desktop.sync import sha256_of_json
    from khuyenhoc_desktop.sync.rows import read_json_line, validate_change

    row = {"data": {"amount": 200000, "full_name": "Nguyễn Văn Ân", "note": 'a},"op":"x'}, "op": "upsert",
           "table": "award", "updated_at": "2025-11-27T10:00:00+07:00", "uuid": U, "version": 1}
    raw = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    obj, _, text, canonical = read_json_line(raw)
    change = validate_change(obj, 1, text, raw if canonical else None)
    assert canonical and change.data_sha256 == bytes.fromhex(sha256_of_json(row["data"]))
    spaced = json.dumps(row, ensure_ascii=False, sort_keys=True).encode()
    obj, _, text, canonical = read_json_line(spaced)
    assert not canonical and validate_change(obj, 1, text, None).data_sha256 is None
