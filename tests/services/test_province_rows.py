"""The content hash `rows.prepare_rows` gives each row (the last element), which the province keeps as
`prov_record.content_sha256`: the 32 bytes of `Change.content_sha256()` / `sha256_of_json(data)`, also for a
line that is not canonical; and the typed copy (`rows.typed_row`), whose fast path must give what the
field-by-field path gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.services.province.rows import content_hash, prepare_rows
from khuyenhoc_desktop.sync import KeyCard, open_package, sha256_of_json
from tests.services.test_province_import import Commune, award, learning_class, voucher

U = "1db35b18-df36-4d4a-829d-665b79580971"


def test_each_prepared_row_ends_with_its_changes_content_hash(tmp_path):
    xa = Commune(tmp_path / "xa")
    rows = [award(0), award(1, 2, amount=250_000, note="Trần Thị Thu Hà"), learning_class(0), voucher(0, "chi", 30)]
    pkg = open_package(xa.package(rows))
    pkg.verify(KeyCard.load(xa.card_path).signing_key)
    prepared = prepare_rows(pkg)
    changes = list(pkg.iter_changes())
    assert [r[-1] for r in prepared] == [bytes.fromhex(ch.content_sha256()) for ch in changes]
    assert [r[-1] for r in prepared] == [bytes.fromhex(sha256_of_json(r["data"])) for r in rows]
    assert all(len(r[-1]) == 32 for r in prepared)
    assert len({r[-1] for r in prepared}) == 4


def test_the_worker_prepares_the_rows_while_verifying_as_prepare_rows_does(tmp_path):
    from khuyenhoc_desktop.services.province.rows import verify_and_prepare

    xa = Commune(tmp_path / "xa")
    rows = [award(0), award(1, 2, amount=250_000), learning_class(0), voucher(0, "chi", 30), award(2, amount=-5)]
    path = xa.package(rows)
    key = KeyCard.load(xa.card_path).signing_key
    pkg = open_package(path)
    pkg.verify(key)
    status, sha, prepared = verify_and_prepare(str(path), key, pkg.sender.commune_code, None)
    assert (status, sha) == ("ok", pkg.sha256)
    assert prepared == prepare_rows(pkg)
    assert type(prepared[-1][8]) is str  # the negative amount: refused with its reason, as before
    assert verify_and_prepare(str(path), key, "99999", None)[0] == "refused"


def test_a_line_that_is_not_canonical_hashes_as_its_canonical_content():
    """Escaped and decomposed marks, keys out of order, spaces: readers accept such lines (docs/sync-format.md
    §5); the hash is that of the content, so a re-send written canonically is still "unchanged"."""
    canonical = {"amount": 5, "full_name": "Nguyễn Văn Ánh", "version": 1}
    odd = '{"version": 1, "full_name": "Nguye\\u0302\\u0303n Va\\u0306n A\\u0301nh", "amount": 5}'
    assert content_hash(json.loads(odd)) == bytes.fromhex(sha256_of_json(canonical))
    assert content_hash(json.loads(odd)) != content_hash({**canonical, "amount": 6})


_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**15, 10**15) | st.text(max_size=12),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                    max_size=3), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _VALUES, max_size=8), st.booleans(), st.booleans())
def test_the_hash_is_sha256_of_json_however_the_line_was_written(data, ascii_only, sorted_keys):
    line = json.dumps(data, ensure_ascii=ascii_only, sort_keys=sorted_keys)
    assert content_hash(json.loads(line)) == bytes.fromhex(sha256_of_json(data))


_VALUES = st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False) | st.text(max_size=3)
_FIELDS = {"award": ("school_year", "category", "level", "funding_source", "award_form", "amount", "status"),
           "voucher": ("kind", "status", "posting_date", "handover_from", "amount")}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_FIELDS)), st.data())
def test_the_fast_typed_copy_is_the_checked_one(table, draw):
    """Awards and vouchers take a straight-line path; whatever the values, it gives the row (or the refusal)
    of the field-by-field path."""
    from khuyenhoc_desktop.services.province import rows

    data = draw.draw(st.fixed_dictionaries({}, optional={f: _VALUES for f in _FIELDS[table]}))
    try:
        expected = rows._typed_checked(table, "00001", U, data, 0)
    except rows._RowError as exc:
        with pytest.raises(rows._RowError, match=str(exc)):
            rows.typed_row(table, "00001", U, data, 0)
        return
    assert rows.typed_row(table, "00001", U, data, 0) == expected
