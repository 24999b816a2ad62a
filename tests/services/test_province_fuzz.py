"""Fuzzed province rows behind a VALID signature (the commune's real key): every row breaks one rule of the
commune's schema (the invalid values are generated here from the schema, not from the importer's rules),
plus junk fields and unreadable lines. The importer never raises, never writes any of those rows to the
mirror, writes nothing at all when it refuses the package, and the province's totals never change."""

from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import tempfile
import uuid as uuid_mod
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import PackageWriter, canonical_json
from tests.services.test_province_import import CODE, NAME, PROVINCE, Commune, award, learning_class, voucher

# Hundreds of small files: on a RAM disk when there is one (fsync of each import costs nothing there).
_BASE = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
_TMP = Path(tempfile.mkdtemp(prefix="khprov-fuzz-", dir=_BASE))
# Made while the module is collected, so in every pytest-xdist worker, also one that runs none of its tests:
# removed when that process ends.
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
_COMMUNE = Commune(_TMP / "xa")
_WS = Workspace.open(_TMP / "tinh.db", role="province")
_WS.province.register_commune(CODE, NAME, _COMMUNE.card_path)
assert _WS.province.import_file(_COMMUNE.package([award(0), voucher(0), learning_class(0)])).ok
_seq = itertools.count(2)
_uuids = itertools.count(1_000_000)
MAX_AMOUNT, MAX_COUNT = 10**13, 10**7

json_scalar = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(
    allow_nan=False, allow_infinity=False) | st.text(max_size=20)
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=6)


def _is_iso_date(v) -> bool:
    if not isinstance(v, str) or len(v) != 10 or v[4] != "-" or v[7] != "-":
        return False
    try:
        date.fromisoformat(v)
        return True
    except ValueError:
        return False


def not_int_in(lo: int, hi: int):
    """Values that are not an int in [lo, hi] (bools are not ints in the file either); never None
    (a missing field takes its default)."""
    return (st.integers(max_value=lo - 1) | st.integers(min_value=hi + 1) | st.booleans()
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12) | st.lists(json_scalar, max_size=2))


def not_in(allowed):
    return json_value.filter(lambda v: v is not None and not (isinstance(v, str) and v in allowed))


not_a_date = json_value.filter(lambda v: v is not None and not _is_iso_date(v))
not_text = json_value.filter(lambda v: v is not None and not isinstance(v, str))

# (base row builder, field, invalid values) — from the commune's schema (storage/migrations, domain/)
BREAKS = [
    (award, "amount", not_int_in(0, MAX_AMOUNT)),
    (award, "status", not_in({"draft", "approved", "awarded"})),
    (award, "category", not_text),
    (award, "deleted", not_int_in(0, 1)),
    (award, "birth_date", not_a_date.filter(lambda v: v != "")),
    (voucher, "kind", not_in({"thu", "chi"})),
    (voucher, "status", not_in({"posted", "void"})),
    (voucher, "amount", not_int_in(1, MAX_AMOUNT)),
    (voucher, "posting_date", not_a_date),
    (voucher, "method", not_in({"cash", "transfer"})),
    (learning_class, "learners", not_int_in(0, MAX_COUNT)),
    (learning_class, "budget", not_int_in(0, MAX_AMOUNT)),
    (learning_class, "year", not_int_in(1900, 2200)),
]


@st.composite
def broken_row(draw):
    build, name, bad = draw(st.sampled_from(BREAKS))
    row = build(next(_uuids))
    data = dict(row["data"])
    for k, v in draw(st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in data), json_value,
                                     max_size=2)).items():
        data[k] = v  # junk fields ride along: allowed, kept as sent
    data[name] = draw(bad)
    if build is voucher and name == "amount" and draw(st.booleans()):
        # a negative phiếu is only a reversal of a phiếu the province has
        data["amount"] = draw(st.integers(min_value=-MAX_AMOUNT, max_value=-1))
        data["reverses_uuid"] = str(uuid_mod.UUID(int=next(_uuids)))
    return {**row, "data": data}


junk_line = st.sampled_from([
    b'{"op":"upsert","op":"delete"}', b'{"amount":1e999}', b'{"name":"An\\u0000"}', b"[1,2]", b"{",
    b'{"data":{"amount":1,"amount":2},"op":"upsert","table":"award","updated_at":"2025-11-27T10:00:00+07:00",'
    b'"uuid":"00000000-0000-0000-0000-0000000f4240","version":1}',
])


_LEDGER = ("prov_package", "prov_rejected", "prov_commune")
# Every province table besides the ledger's (counted by ledger_state): the records, each typed copy and the
# totals the aggregates read, so "nothing written" is checked where every figure comes from.
_MIRROR = tuple(t for (t,) in _WS.db.execute_sql(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'prov%' ORDER BY name") if t not in _LEDGER)


def mirror_state() -> list:
    return [_WS.db.execute_sql(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in _MIRROR]


def ledger_state() -> tuple:
    """What a refused package must leave as it was besides the mirror (the ledger grows by one row per
    applied package, so counting is enough and keeps thousands of examples linear)."""
    return tuple(_WS.db.execute_sql(f"SELECT COUNT(*), IFNULL(MAX(rowid), 0) FROM {t}").fetchone()
                 for t in (*_LEDGER, "setting", "audit_log"))


def write_package(rows: list[dict], junk: list[bytes]) -> Path:
    seq = next(_seq)
    path = _TMP / f"p{seq}.khsync"
    with PackageWriter() as w:
        for r in rows:
            try:
                w.add_change(r)
            except ValueError:  # NUL in a junk field: the real writer refuses it, a hostile one writes it
                try:
                    line = canonical_json(r)
                except ValueError:  # junk keys equal after NFC: no canonical form to sign at all
                    assume(False)
                w._add_change_line(line, r["table"], r["op"])
        for line in junk:
            w._add_change_line(line, "award", "upsert")
        w.finish(path, _COMMUNE.key, {"sender": {"commune_code": CODE, "commune_name": NAME,
                                                 "province_code": PROVINCE},
                                      "seq": seq, "prev_package_sha256": None, "schema_version": 4})
    return path


SUMMARY = (lambda a: (a.awards, a.classes, a.fund))(_WS.province.aggregates())


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    _WS.close()


# 1,000 examples in the suite (~30 s); KH_FUZZ_EXAMPLES=20000 for a longer hunt, as tests/sync/test_sync_fuzz.py.
@settings(max_examples=int(os.environ.get("KH_FUZZ_EXAMPLES", "1000")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(broken_row(), min_size=1, max_size=3), st.lists(junk_line, max_size=1))
def test_fuzzed_rows_behind_a_valid_signature(rows, junk):
    before_mirror, before_ledger = mirror_state(), ledger_state()
    path = write_package(rows, junk)
    report = _WS.province.import_file(path)  # must not raise
    assert report.status in ("applied", "refused"), report.message
    assert mirror_state() == before_mirror
    if report.status == "refused":
        assert ledger_state() == before_ledger
    else:
        assert not junk and sorted(r.uuid for r in report.rejected) == sorted(r["uuid"] for r in rows)
        # the tables the figures come from are unchanged (above); with the ledger grown, the figures too
        agg = _WS.province.aggregates()
        assert (agg.awards, agg.classes, agg.fund) == SUMMARY
    path.unlink()


def test_the_fuzz_base_rows_are_accepted_unbroken():
    # the builders make valid rows: what the fuzz breaks is the one field it replaces
    path = write_package([award(500), voucher(500), learning_class(500)], [])
    rep = _WS.province.import_file(path, dry_run=True)
    assert rep.ok and rep.counts["created"] == 3, json.dumps(rep.to_dict(), ensure_ascii=False)[:500]
