"""Property tests of the province importer: truncated archives, flipped bytes, wrong types, huge
fields and reordered packages → it never crashes and never writes part of a package (a checksum of
the province tables is compared before and after)."""

from __future__ import annotations

import atexit
import itertools
import json
import shutil
import tempfile
import uuid as uuid_mod
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import sha256_of_json
from tests.services.test_province_import import CODE, NAME, Commune, award, learning_class, voucher

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
_TMP = Path(tempfile.mkdtemp(prefix="khprov-props-"))
# Made while the module is collected, so in every pytest-xdist worker, also one that runs none of its tests:
# removed when that process ends.
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
_COMMUNE = Commune(_TMP / "xa")
P1 = _COMMUNE.package([award(i) for i in range(30)] + [learning_class(0), voucher(0)])
P2 = _COMMUNE.package([award(i, 2, amount=7) for i in range(0, 30, 3)] + [award(100 + i) for i in range(20)])
P2_BYTES = P2.read_bytes()
TEMPLATE = _TMP / "template.db"
with Workspace.open(TEMPLATE, role="province") as _ws:
    _ws.province.register_commune(CODE, NAME, _COMMUNE.card_path)
    assert _ws.province.import_file(P1).status == "applied"
_counter = itertools.count()


def fresh_province() -> Workspace:
    path = _TMP / f"p{next(_counter)}.db"
    shutil.copy(TEMPLATE, path)
    return Workspace.open(path, role="province")


def import_bytes(ws, data: bytes):
    path = _TMP / f"f{next(_counter)}.khsync"
    path.write_bytes(data)
    return ws.province.import_file(path)


def test_untouched_package_applies():
    with fresh_province() as ws:
        assert import_bytes(ws, P2_BYTES).status == "applied"


@PROPS
@given(st.integers(min_value=0, max_value=len(P2_BYTES) - 1))
def test_truncated_archive_is_refused_and_nothing_written(n):
    with fresh_province() as ws:
        before = ws.province.checksum()
        rep = import_bytes(ws, P2_BYTES[:n])
        assert rep.status == "refused" and rep.message
        assert ws.province.checksum() == before


@PROPS
@given(st.integers(min_value=0, max_value=len(P2_BYTES) - 1), st.integers(min_value=1, max_value=255))
def test_flipped_byte_is_refused_and_nothing_written(i, mask):
    data = bytearray(P2_BYTES)
    data[i] ^= mask
    with fresh_province() as ws:
        before = ws.province.checksum()
        rep = import_bytes(ws, bytes(data))
        assert rep.status == "refused" and rep.message
        assert ws.province.checksum() == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3), max_leaves=6)
FIELDS = ["amount", "category", "level", "school_year", "funding_source", "award_form", "deleted", "learners",
          "women", "kind", "status", "posting_date", "year", "field"]


@PROPS
@given(st.lists(st.tuples(st.sampled_from(["award", "learning_class", "voucher"]),
                          st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4)), min_size=1, max_size=8))
def test_wrong_types_never_crash_and_each_row_is_in_or_reported(rows):
    changes = []
    for k, (table, junk) in enumerate(rows):
        base = {"award": award(500 + k), "learning_class": learning_class(500 + k), "voucher": voucher(500 + k)}[table]
        base["data"].update(junk)
        base["op"] = "upsert"
        changes.append(base)
    c = Commune(_TMP / f"junk{next(_counter)}", code="07999", name="Thử")
    if any("\\u0000" in json.dumps(ch) for ch in changes):  # NUL: the writer refuses it, as readers do
        with pytest.raises(ValueError, match="NUL"):
            c.package(changes)
        return
    path = c.package(changes)
    with fresh_province() as ws:
        ws.province.register_commune("07999", "Thử", c.card_path)
        rep = ws.province.import_file(path)
        if rep.status == "refused":  # e.g. a float the format refuses: the whole file, nothing written
            assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_record WHERE commune_code = '07999'").fetchone()[0] == 0
            return
        assert rep.status == "applied"
        stored = ws.db.execute_sql("SELECT COUNT(*) FROM prov_record WHERE commune_code = '07999'").fetchone()[0]
        assert stored == rep.counts["created"] + rep.counts["deleted"]
        assert stored + len(rep.rejected) == len(changes)
        assert ws.datafile.integrity_check() == "ok"


def test_huge_field_is_stored_whole():
    big = "Ánh " * 500_000  # 2.5 MB of text in one field
    c = Commune(_TMP / "huge", code="07998", name="Lớn")
    path = c.package([award(0, note=big), award(1)])
    with fresh_province() as ws:
        ws.province.register_commune("07998", "Lớn", c.card_path)
        rep = ws.province.import_file(path)
        assert rep.status == "applied" and rep.counts["created"] == 2
        # the award's line is not kept (its typed copy is, mirror.LINE_TABLES): its content hash covers all of it
        stored = ws.db.execute_sql("SELECT content_sha256 FROM prov_record WHERE uuid = ? AND commune_code = '07998'",
                                   (str(uuid_mod.UUID(int=1)),)).fetchone()[0]
        assert bytes(stored) == bytes.fromhex(sha256_of_json(award(0, note=big)["data"]))


_ORDER = Commune(_TMP / "order", code="07997", name="Thứ tự")
ORDERED = [
    _ORDER.package([award(i) for i in range(12)] + [voucher(0)]),
    _ORDER.package([award(i, 2, amount=1_000 * i) for i in range(0, 12, 2)]),
    _ORDER.package([award(i, 3, deleted=1) for i in range(0, 12, 4)] + [award(20 + i) for i in range(3)]),
    _ORDER.package([award(i, 2, amount=5) for i in range(1, 12, 2)] + [voucher(1, "chi", 30)]),
]


def _mirror(ws):
    return (ws.db.execute_sql("SELECT uuid, version, content_sha256, deleted FROM prov_record"
                              " WHERE commune_code = '07997' ORDER BY uuid").fetchall(),
            ws.province.aggregates().by_commune["07997"])


def _import_in(order):
    with fresh_province() as ws:
        ws.province.register_commune("07997", "Thứ tự", _ORDER.card_path)
        for i in order:
            rep = ws.province.import_file(ORDERED[i])
            assert rep.status == "applied" and not rep.rejected
        assert ws.province.commune("07997").gaps == []
        return _mirror(ws)


EXPECTED = _import_in(range(4))


@settings(max_examples=12, deadline=None)
@given(st.permutations(range(4)))
def test_reordered_packages_end_in_the_same_state(order):
    assert _import_in(order) == EXPECTED
