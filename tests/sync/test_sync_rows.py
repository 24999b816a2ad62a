"""Reading one JSON line of a package: what Python and SQLite could read differently is refused."""

from __future__ import annotations

import json

import pytest

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
