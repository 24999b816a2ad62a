"""Property tests: whatever the bytes, readers raise SyncFormatError or succeed — nothing else."""

import atexit
import json
import os
import shutil
import unicodedata
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sync_helpers import COMMUNE_KEY, award_row, package_bytes, rebuild

from khuyenhoc_desktop.sync import (
    Change,
    KeyCard,
    Limits,
    SyncFormatError,
    generate_encryption_key,
    generate_signing_key,
    load_private_key_pem,
    read_ack_bytes,
    read_package_bytes,
    write_ack,
)
from khuyenhoc_desktop.sync.canonical import canonical_json
from khuyenhoc_desktop.sync.envelope import MAGIC
from khuyenhoc_desktop.sync.rows import validate_change

PUB = COMMUNE_KEY.public_key()
_TMP = Path(tempfile.mkdtemp(prefix="khsync-fuzz-"))
# Made while the module is collected, so in every pytest-xdist worker, also one that runs none of its tests:
# removed when that process ends.
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
BASE = package_bytes(_TMP, 3)
ENC_KEY = generate_encryption_key()
BASE_ENC = package_bytes(_TMP, 2, encrypt_for=ENC_KEY.public_key())
LIMITS = Limits(max_line_bytes=4096, max_manifest_bytes=64 * 1024)
# KH_FUZZ_EXAMPLES=5000 python -m pytest tests/sync/test_sync_fuzz.py for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("KH_FUZZ_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=10,
)


def attempt(data: bytes, *, decrypt_with=None, limits=LIMITS):
    """Open, verify and read everything; return the changes or the SyncFormatError."""
    try:
        pkg = read_package_bytes(data, decrypt_with=decrypt_with, limits=limits)
        pkg.verify(PUB)
        return list(pkg.iter_changes()), list(pkg.iter_audit())
    except SyncFormatError as exc:
        assert exc.message and isinstance(exc.code, str)
        return exc


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    assert isinstance(attempt(data), SyncFormatError)
    assert isinstance(attempt(b"PK\x03\x04" + data), SyncFormatError)
    assert isinstance(attempt(MAGIC + data, decrypt_with=ENC_KEY), SyncFormatError)
    try:
        read_ack_bytes(b"PK\x03\x04" + data)
    except SyncFormatError:
        pass


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), min_size=1, max_size=6),
       st.sampled_from(["replace", "insert", "delete"]))
def test_mutated_package(edits, how):
    data = bytearray(BASE)
    for pos, value in edits:
        pos = min(pos, len(data) - 1)
        if how == "replace":
            data[pos] = value
        elif how == "insert":
            data.insert(pos, value)
        else:
            del data[pos]
    result = attempt(bytes(data))
    if bytes(data) != BASE:
        assert isinstance(result, SyncFormatError)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(BASE_ENC) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_mutated_encrypted_package(edits):
    data = bytearray(BASE_ENC)
    for pos, value in edits:
        data[pos] = value
    result = attempt(bytes(data), decrypt_with=ENC_KEY)
    if bytes(data) != BASE_ENC:
        assert isinstance(result, SyncFormatError)


@FUZZ
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_random_encryption_header(fields):
    header = dict({"format": "khuyenhoc-sync", "format_version": "1.0", "kind": "package"}, **fields)
    try:
        line = canonical_json(header)
    except ValueError:
        return
    assume(b"\n" not in line)
    assert isinstance(attempt(MAGIC + line + b"\n" + b"\x00" * 40, decrypt_with=ENC_KEY), SyncFormatError)


field_names = st.sampled_from(["op", "table", "uuid", "version", "updated_at", "data", "updated_by", "reason"])
row_strategy = st.one_of(
    st.builds(lambda i, f, v: {**award_row(i), f: v}, st.integers(0, 50), field_names, json_values),
    st.builds(lambda i, f: {k: v for k, v in award_row(i).items() if k != f}, st.integers(0, 50), field_names),
    st.builds(lambda i, v: {**award_row(i), "data": {"note": v}}, st.integers(0, 50), json_values),
    st.builds(lambda i, n: {**award_row(i), "data": {"note": "ẩ" * n}}, st.integers(0, 50), st.integers(0, 3000)),
    json_values,
)


def _counts(objs):
    counts = {}
    for i, obj in enumerate(objs):
        c = validate_change(obj, i + 1)
        if isinstance(c, Change):
            counts.setdefault(c.table, {}).setdefault(c.op, 0)
            counts[c.table][c.op] += 1
    return counts


@FUZZ
@given(st.lists(row_strategy, max_size=8), st.booleans())
def test_signed_package_with_arbitrary_rows(objs, ascii_only):
    lines = b"".join(json.dumps(o, ensure_ascii=ascii_only).encode("utf-8") + b"\n" for o in objs)
    data = rebuild(BASE, files={"changes.jsonl": lines}, mutate=lambda m: m.update(counts=_counts(objs)))
    result = attempt(data)
    valid = [validate_change(o, i + 1) for i, o in enumerate(objs)]
    if isinstance(result, SyncFormatError):
        assert result.code == "bad_rows", result.message
        assert result.problems
        raw_lines = lines.splitlines()
        for p in result.problems:
            raw = raw_lines[p.line - 1]
            assert (not isinstance(valid[p.line - 1], Change) or len(raw) > 4096
                    or not unicodedata.is_normalized("NFC", raw.decode()) or b"Infinity" in raw or b"NaN" in raw
                    or b"\\u0000" in raw), p  # NUL is refused too
    else:
        changes, _ = result
        assert all(isinstance(v, Change) for v in valid)
        assert [c.row for c in changes] == [json.loads(json.dumps(o)) for o in objs]


@FUZZ
@given(st.lists(st.binary(max_size=200).filter(lambda b: b"\n" not in b), max_size=6))
def test_signed_package_with_binary_lines(lines):
    content = b"".join(line + b"\n" for line in lines)
    data = rebuild(BASE, files={"changes.jsonl": content, "audit.jsonl": content})
    result = attempt(data)
    assert isinstance(result, SyncFormatError) or not lines


@FUZZ
@given(st.sampled_from(["seq", "package_id", "prev_package_sha256", "mode", "created_at", "sender", "counts",
                        "files", "schema_version", "reconciliation", "period", "app_version", "format_version",
                        "kind", "format", "nouveau"]),
       json_values)
def test_signed_manifest_with_arbitrary_field(name, value):
    def mutate(m):
        m[name] = value

    try:
        data = rebuild(BASE, mutate=mutate)
    except ValueError:  # keys colliding after NFC
        return
    result = attempt(data)
    if not isinstance(result, SyncFormatError):  # accepted: the value must have been a valid one
        if name in ("seq", "schema_version"):
            assert type(value) is int and value >= 0
        elif name == "mode":
            assert value in ("delta", "full")
        elif name == "format":
            assert value == "khuyenhoc-sync"
        elif name == "kind":
            assert value == "package"
        elif name == "format_version":
            assert isinstance(value, str) and value.startswith("1.")
        elif name in ("package_id", "created_at", "sender", "files"):
            assert isinstance(value, str) or isinstance(value, dict) or isinstance(value, list)


_ACK_KEY = generate_signing_key()
write_ack(_TMP / "a.khack", _ACK_KEY, province_code="24", commune_code="07462", up_to_seq=1,
          accepted=[("award", "00000000-0000-0000-0000-000000000001", 1)],
          returned=[("award", "00000000-0000-0000-0000-000000000002", 1, "Thiếu số quyết định")])
ACK = (_TMP / "a.khack").read_bytes()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ACK) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_mutated_ack(edits):
    data = bytearray(ACK)
    for pos, value in edits:
        data[pos] = value
    try:
        ack = read_ack_bytes(bytes(data))
        ack.verify(_ACK_KEY.public_key())
    except SyncFormatError:
        return
    assert bytes(data) == ACK


@FUZZ
@given(st.text(max_size=600), st.binary(max_size=300))
def test_key_files_never_crash(text, blob):
    card = KeyCard.for_keys("commune", "07462", "Tân Dĩnh", _ACK_KEY).to_text()
    for candidate in (text, card[: len(text)] + text, card.replace("07462", text[:20])):
        try:
            KeyCard.from_text(candidate)
        except SyncFormatError:
            pass
    for pem in (blob, b"-----BEGIN PRIVATE KEY-----\n" + blob + b"\n-----END PRIVATE KEY-----\n"):
        try:
            load_private_key_pem(pem, "mật khẩu" if blob[:1] == b"a" else None)
        except SyncFormatError:
            pass
