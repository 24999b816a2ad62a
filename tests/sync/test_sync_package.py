import hashlib
import io
import os
import struct
import unicodedata
import uuid
import zipfile

import pytest
from sync_helpers import (
    COMMUNE_KEY,
    FIELDS,
    OTHER_KEY,
    SENDER,
    audit_event,
    award_row,
    jsonl,
    package_bytes,
    rebuild,
    write_package,
)

from khuyenhoc_desktop.domain.errors import AppError
from khuyenhoc_desktop.sync import (
    Change,
    Limits,
    PackageWriter,
    SyncFormatError,
    fingerprint,
    generate_encryption_key,
    open_package,
    package_file_name,
    read_envelope_header,
    read_package_bytes,
    reconciliation_entry,
)
from khuyenhoc_desktop.sync.canonical import canonical_json, sha256_of_json
from khuyenhoc_desktop.sync.container import StrictZip

PUB = COMMUNE_KEY.public_key()
BAD_UUID = "ABCDEF00-0000-0000-0000-000000000003"  # upper case: not canonical


def verified(data: bytes, **kw):
    pkg = read_package_bytes(data, **kw)
    pkg.verify(PUB)
    return pkg


# --- round trip -----------------------------------------------------------------------------


def test_round_trip(tmp_path):
    path = tmp_path / package_file_name("24", "07462", 1)
    extra = [award_row(100, version=2, op="delete") | {"reason": "Nhập trùng"}]
    info = write_package(path, 25, audit=4, extra_rows=extra)
    assert path.name.startswith("KH_24_07462_000001_") and path.suffix == ".khsync"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    assert info.rows == 26 and info.audit_rows == 4 and not info.encrypted
    assert info.counts == {"award": {"upsert": 25, "delete": 1}}
    assert info.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    pkg = open_package(path)
    assert pkg.sha256 == info.sha256 == hashlib.sha256(pkg.manifest_bytes).hexdigest()
    assert pkg.manifest_bytes == canonical_json(pkg.manifest)
    assert pkg.sender.commune_code == "07462" and pkg.sender.key_id == fingerprint(COMMUNE_KEY)
    assert (pkg.seq, pkg.prev_package_sha256, pkg.mode, pkg.period, pkg.schema_version) == (1, None, "delta", "2025-2026", 3)
    assert pkg.reconciliation["award"] == reconciliation_entry([(str(uuid.UUID(int=i + 1)), 1) for i in range(25)])
    with pytest.raises(RuntimeError):
        next(pkg.iter_changes())
    result = pkg.verify(PUB, expected_commune_code="07462")
    assert result.rows == 26 and result.audit_rows == 4 and result.key_id == fingerprint(COMMUNE_KEY)

    changes = list(pkg.iter_changes())
    assert all(isinstance(c, Change) for c in changes)
    expected = [award_row(i) for i in range(25)] + extra
    assert [c.row for c in changes] == expected
    assert [c.line for c in changes] == list(range(1, 27))
    last = changes[-1]
    assert (last.op, last.deleted, last.version, last.row["reason"]) == ("delete", True, 2, "Nhập trùng")
    assert changes[0].content_sha256() == sha256_of_json(expected[0]["data"])
    assert list(pkg.iter_audit()) == [audit_event(i) for i in range(4)]
    assert list(pkg.iter_changes()) == changes  # iterable again


def test_verify_hands_each_change_over_while_reading(tmp_path):
    """`each_change` sees every valid row once, in file order, as the cached rows would be; the rows are then
    read again by `iter_changes`, not kept."""
    path = tmp_path / "p.khsync"
    write_package(path)
    seen: list[Change] = []
    pkg = open_package(path)
    result = pkg.verify(PUB, each_change=seen.append)
    again = open_package(path)
    again.verify(PUB)
    assert seen == list(again.iter_changes()) == list(pkg.iter_changes())
    assert [c.line for c in seen] == list(range(1, result.rows + 1)) and result.rows >= 3


def test_a_bad_row_after_the_handed_over_ones_still_refuses_the_package(tmp_path):
    good = [award_row(i) for i in range(3)]
    lines = jsonl(good) + b'{"op":"upsert","table":"award"\n'
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": lines})
    seen: list[Change] = []
    pkg = read_package_bytes(data)
    with pytest.raises(SyncFormatError) as err:
        pkg.verify(PUB, each_change=seen.append)
    assert err.value.code == "bad_rows" and [p.line for p in err.value.problems] == [4]
    assert [c.line for c in seen] == [1, 2, 3]  # the caller drops what it built from them
    assert not pkg.verified


def test_standard_zip_tools_can_read_it(tmp_path):
    path = tmp_path / "p.khsync"
    write_package(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["manifest.json", "manifest.sig", "changes.jsonl", "audit.jsonl"]
        assert zf.getinfo("manifest.json").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("changes.jsonl").compress_type == zipfile.ZIP_DEFLATED


def test_rows_are_nfc_and_canonical(tmp_path):
    row = award_row(0)
    row["data"]["student_name"] = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    row["uuid"] = uuid.UUID(row["uuid"])  # UUID objects accepted
    pkg = verified(package_bytes(tmp_path, 0, extra_rows=[row]))
    (change,) = pkg.iter_changes()
    assert change.data["student_name"] == "Nguyễn Thị Ánh"
    assert isinstance(change.uuid, str)
    raw = StrictZip(pkg._zip.data).read("changes.jsonl")
    assert raw == canonical_json(change.row) + b"\n"


def test_empty_package_and_full_mode(tmp_path):
    fields = dict(FIELDS, seq=7, prev_package_sha256="ab" * 32, mode="full")
    pkg = verified(package_bytes(tmp_path, 0, audit=0, fields=fields))
    assert list(pkg.iter_changes()) == [] and list(pkg.iter_audit()) == []
    assert (pkg.seq, pkg.prev_package_sha256, pkg.mode) == (7, "ab" * 32, "full")


@pytest.mark.parametrize(
    "change",
    [
        {},
        award_row(0) | {"op": "insert"},
        award_row(0) | {"table": "Award"},
        award_row(0) | {"uuid": "not-a-uuid"},
        award_row(0) | {"version": 0},
        award_row(0) | {"version": True},
        award_row(0) | {"version": "1"},
        award_row(0) | {"updated_at": "2025-11-27T10:00:00"},  # no offset
        award_row(0) | {"data": []},
        award_row(0) | {"updated_by": 5},
        award_row(0) | {"data": {"uuid": str(uuid.uuid4())}},
    ],
)
def test_writer_refuses_invalid_rows(change):
    with PackageWriter() as w, pytest.raises(ValueError):
        w.add_change(change)


def test_writer_refuses_bad_manifest_fields(tmp_path):
    for fields in (
        dict(FIELDS, seq=0),
        dict(FIELDS, sender={"commune_code": "", "province_code": "24"}),
        dict(FIELDS, prev_package_sha256="x"),
        dict(FIELDS, mode="partial"),
        dict(FIELDS, schema_version=None),
    ):
        with pytest.raises(ValueError):
            write_package(tmp_path / "x.khsync", fields=fields)
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError):
        write_package(tmp_path / "x.khsync", fields=dict(FIELDS, sender=dict(SENDER, key_id="WRONG")))


def test_writer_is_single_use(tmp_path):
    w = PackageWriter()
    w.add_change(award_row(0))
    w.finish(tmp_path / "a.khsync", COMMUNE_KEY, FIELDS)
    with pytest.raises(RuntimeError):
        w.add_change(award_row(1))


# --- authenticity -------------------------------------------------------------------------------


def test_wrong_key_refused(tmp_path):
    pkg = read_package_bytes(package_bytes(tmp_path))
    with pytest.raises(SyncFormatError) as err:
        pkg.verify(OTHER_KEY.public_key())
    assert err.value.code == "bad_signature"
    assert isinstance(err.value, AppError)
    assert err.value.message.startswith("Chữ ký không hợp lệ: tệp đã bị sửa hoặc không phải do xã Tân Dĩnh (07462) gửi")
    assert not pkg.verified
    with pytest.raises(RuntimeError):
        list(pkg.iter_changes())


def test_expected_commune_mismatch(tmp_path):
    pkg = read_package_bytes(package_bytes(tmp_path))
    with pytest.raises(SyncFormatError) as err:
        pkg.verify(PUB, expected_commune_code="00001")
    assert err.value.code == "wrong_sender" and "Tân Dĩnh" in err.value.message


def test_key_id_must_match_signing_key(tmp_path):
    data = rebuild(package_bytes(tmp_path), mutate=lambda m: m["sender"].update(key_id="X"))
    with pytest.raises(SyncFormatError) as err:
        verified(data)
    assert err.value.code == "bad_manifest"


def _outcome(data: bytes, **kw) -> str:
    try:
        verified(data, **kw)
    except SyncFormatError as exc:
        return exc.code
    return "accepted"


def test_every_bit_flip_detected(tmp_path):
    data = package_bytes(tmp_path, 2, audit=1)
    assert _outcome(data) == "accepted"
    codes = set()
    for i in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[i] ^= 1 << bit
            outcome = _outcome(bytes(flipped))
            assert outcome != "accepted", f"flip of bit {bit} at offset {i} accepted"
            codes.add(outcome)
    assert {"damaged", "not_ours"} <= codes  # CRCs catch most manifest flips before the signature


def _stored_outcome(data: bytes) -> str:
    try:
        pinned = read_package_bytes(data).authenticate_stored(PUB)
    except SyncFormatError as exc:
        return exc.code
    return "pinned" if pinned else "unpinned"


def test_authenticate_stored_checks_signature_and_stored_bytes_without_reading_rows(tmp_path):
    pkg = read_package_bytes(package_bytes(tmp_path, 3, audit=1))
    assert pkg.authenticate_stored(PUB) is True
    assert not pkg.verified  # the rows stay unreadable until verify()
    with pytest.raises(RuntimeError):
        list(pkg.iter_changes())
    with pytest.raises(SyncFormatError) as err:
        pkg.authenticate_stored(OTHER_KEY.public_key())
    assert err.value.code == "bad_signature"
    with pytest.raises(SyncFormatError) as err:
        pkg.authenticate_stored(PUB, expected_commune_code="00001")
    assert err.value.code == "wrong_sender"


def test_every_bit_flip_is_refused_by_open_and_authenticate_stored(tmp_path):
    # What the importer's "đã nhập" shortcut relies on: no single changed bit gets past the cheap check.
    data = package_bytes(tmp_path, 2, audit=1)
    assert _stored_outcome(data) == "pinned"
    codes = set()
    for i in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[i] ^= 1 << bit
            outcome = _stored_outcome(bytes(flipped))
            assert outcome not in ("pinned", "unpinned"), f"flip of bit {bit} at offset {i} accepted"
            codes.add(outcome)
    assert {"damaged", "not_ours"} <= codes  # the stored entries' CRCs catch manifest and signature flips


def test_a_stored_data_entry_is_left_to_verify(tmp_path):
    # The format allows a data entry stored rather than deflated (never written so): its stored bytes alone do
    # not say which method made the content, so only a whole verify decides.
    from khuyenhoc_desktop.sync.container import MANIFEST, SIGNATURE, OutEntry, write_zip

    zf = StrictZip(package_bytes(tmp_path, 3))
    manifest = __import__("json").loads(zf.read(MANIFEST))
    for f in manifest["files"]:
        f["compressed_sha256"] = f["sha256"]
    mb = canonical_json(manifest)
    entries = [OutEntry.stored(MANIFEST, mb), OutEntry.stored(SIGNATURE, COMMUNE_KEY.sign(mb))]
    entries += [OutEntry.stored(n, zf.read(n)) for n in zf.entries if n not in (MANIFEST, SIGNATURE)]
    buf = io.BytesIO()
    write_zip(buf, entries)
    pkg = read_package_bytes(buf.getvalue())
    assert pkg.authenticate_stored(PUB) is False
    assert pkg.verify(PUB).rows == 3


def test_every_byte_flip_detected_encrypted(tmp_path):
    ek = generate_encryption_key()
    data = package_bytes(tmp_path, 2, encrypt_for=ek.public_key())
    assert _outcome(data, decrypt_with=ek) == "accepted"
    for i in range(len(data)):
        flipped = bytearray(data)
        flipped[i] ^= 0xFF
        assert _outcome(bytes(flipped), decrypt_with=ek) != "accepted", i


def test_truncation_refused(tmp_path):
    ek = generate_encryption_key()
    for data, kw in ((package_bytes(tmp_path, 40), {}),
                     (package_bytes(tmp_path, 40, encrypt_for=ek.public_key()), {"decrypt_with": ek})):
        for cut in range(0, len(data), 97):
            with pytest.raises(SyncFormatError) as err:
                verified(data[:cut], **kw)
            assert err.value.code in ("damaged", "not_ours")
        with pytest.raises(SyncFormatError):
            verified(data[:-1], **kw)
        with pytest.raises(SyncFormatError):
            verified(data + b"\x00", **kw)


def _read_entry(zf: StrictZip, name: str):
    try:
        return b"".join(zf.iter_chunks(name))
    except SyncFormatError as exc:
        return exc.code, exc.message


def _same_zip_other_bytes(zf: StrictZip, data: bytes, **entry_changes) -> StrictZip:
    """`zf` as parsed, over other bytes (damage the parser would refuse before reaching the stream)."""
    import copy
    import dataclasses

    z = copy.copy(zf)
    z.data, z.view = data, memoryview(data)
    z.entries = {**zf.entries, "changes.jsonl": dataclasses.replace(zf.entries["changes.jsonl"], **entry_changes)}
    return z


def test_isal_reads_every_stream_as_zlib_does(tmp_path, monkeypatch):
    """The deflated entries are read with ISA-L (sync/container.py); each damaged stream — a bit changed
    anywhere in the compressed data, cut short, followed by extra bytes — gets the content or the refusal that
    zlib gives, so the faster library never accepts what zlib would refuse."""
    import zlib

    from khuyenhoc_desktop.sync import container

    assert container._inflate is not zlib  # the wheel is a dependency: the fast path is the one tested
    zf = StrictZip(package_bytes(tmp_path, 300))
    entry = zf.entries["changes.jsonl"]
    start, end = entry.data_offset, entry.data_offset + entry.compressed_size
    streams = []
    for i in range(start, end, max(1, (end - start) // 150)):
        for bit in (0x01, 0x80):
            data = bytearray(zf.data)
            data[i] ^= bit
            streams.append(_same_zip_other_bytes(zf, bytes(data)))
    raw = bytes(zf.raw("changes.jsonl"))
    for cut in (1, len(raw) // 2, len(raw) - 1):
        for body in (raw[:cut], raw + b"\x00" * cut):
            streams.append(_same_zip_other_bytes(zf, zf.data[:start] + body + zf.data[end:],
                                                 compressed_size=len(body)))
    fast = [_read_entry(z, "changes.jsonl") for z in streams]
    monkeypatch.setattr(container, "_inflate", zlib)
    slow = [_read_entry(z, "changes.jsonl") for z in streams]
    assert fast == slow
    assert sum(type(r) is tuple for r in fast) > len(streams) // 2  # most damage is refused, not all read


def test_rezipped_package_refused(tmp_path):
    """Same content re-packed by another ZIP tool: not the canonical profile, so refused."""
    data = package_bytes(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(buf.getvalue())
    assert err.value.code == "damaged"


# --- encryption ---------------------------------------------------------------------------------


def test_encrypted_round_trip(tmp_path):
    ek = generate_encryption_key()
    path = tmp_path / "enc.khsync"
    info = write_package(path, 5, encrypt_for=ek.public_key())
    raw = path.read_bytes()
    assert raw.startswith(b"KHSYNC-ENC1\n") and "Ánh".encode() not in raw and b"award" not in raw and info.encrypted
    header = read_envelope_header(path)
    assert (header.province_code, header.commune_code, header.seq) == ("24", "07462", 1)
    assert header.recipient_key_id == fingerprint(ek)
    pkg = open_package(path, decrypt_with=ek)
    assert pkg.encrypted and pkg.sha256 == info.sha256
    assert pkg.manifest["recipient"] == {"province_code": "24", "key_id": fingerprint(ek)}
    pkg.verify(PUB)
    assert [c.row for c in pkg.iter_changes()] == [award_row(i) for i in range(5)]
    plain = tmp_path / "plain.khsync"
    write_package(plain)
    assert read_envelope_header(plain) is None


def test_encrypted_wrong_or_missing_key(tmp_path):
    ek = generate_encryption_key()
    data = package_bytes(tmp_path, encrypt_for=ek.public_key())
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data, decrypt_with=generate_encryption_key())
    assert err.value.code == "wrong_recipient" and err.value.message.startswith("Tệp được mã hóa cho tỉnh khác")
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data)
    assert err.value.code == "encrypted"


def test_encrypted_header_tamper_refused(tmp_path):
    ek = generate_encryption_key()
    data = package_bytes(tmp_path, encrypt_for=ek.public_key())
    tampered = data.replace(b'"seq":1', b'"seq":2', 1)
    assert tampered != data
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(tampered, decrypt_with=ek)
    assert err.value.code == "damaged"


def test_rewrapped_with_mismatching_header_refused(tmp_path):
    """Anyone can encrypt to the province, so the header must agree with the signed manifest."""
    from khuyenhoc_desktop.sync import envelope

    ek = generate_encryption_key()
    inner = package_bytes(tmp_path)
    wrapped = envelope.seal(inner, ek.public_key(), province_code="24", commune_code="99999", seq=1)
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(wrapped, decrypt_with=ek)
    assert err.value.code == "damaged"


# --- versions and unknown fields ----------------------------------------------------------------


def test_unknown_fields_accepted(tmp_path):
    def add_future(m):
        m["future_field"] = {"anything": [1, 2, 3]}
        m["sender"]["install_id"] = "abc"
        m["format_version"] = "1.7"

    row = award_row(0) | {"future_row_field": "x"}
    data = rebuild(package_bytes(tmp_path, 0, extra_rows=[row]), mutate=add_future)
    pkg = verified(data)
    assert pkg.format_version == "1.7"
    (change,) = pkg.iter_changes()
    assert change.row["future_row_field"] == "x"


@pytest.mark.parametrize("version", ["2.0", "0.9", "10.0", "1", "abc", "1.x"])
def test_other_major_versions_refused(tmp_path, version):
    data = rebuild(package_bytes(tmp_path), mutate=lambda m: m.update(format_version=version))
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data)
    if version == "2.0":
        assert err.value.message == "Phiên bản định dạng 2.0 chưa được hỗ trợ, hãy cập nhật chương trình"
    well_formed = version in ("2.0", "0.9", "10.0")
    assert err.value.code == ("unsupported_version" if well_formed else "bad_manifest")


def test_minor_version_without_patch_is_fine(tmp_path):
    data = rebuild(package_bytes(tmp_path), mutate=lambda m: m.update(format_version="1.0.3"))
    verified(data)


@pytest.mark.parametrize(
    "mutate, code",
    [
        (lambda m: m.update(format="other"), "not_ours"),
        (lambda m: m.update(kind="ack"), "wrong_kind"),
        (lambda m: m.pop("seq"), "bad_manifest"),
        (lambda m: m.update(seq="1"), "bad_manifest"),
        (lambda m: m.update(package_id="x"), "bad_manifest"),
        (lambda m: m.update(created_at="hôm qua"), "bad_manifest"),
        (lambda m: m["sender"].pop("commune_code"), "bad_manifest"),
        (lambda m: m.update(counts=[]), "bad_manifest"),
        (lambda m: m.update(files=[]), "bad_manifest"),
        (lambda m: m["files"].append(dict(m["files"][0], name="extra.jsonl")), "damaged"),
        (lambda m: m["files"][0].update(rows=99), "damaged"),
        (lambda m: m.update(counts={"award": {"upsert": 2, "delete": 0}}), "damaged"),
        (lambda m: m.update(reconciliation={"award": {"count": -1}}), "bad_manifest"),
    ],
)
def test_manifest_refusals(tmp_path, mutate, code):
    data = rebuild(package_bytes(tmp_path), mutate=mutate)
    with pytest.raises(SyncFormatError) as err:
        verified(data)
    assert err.value.code == code, err.value.message


def test_duplicate_manifest_keys_and_non_json_refused(tmp_path):
    data = package_bytes(tmp_path)
    mb = StrictZip(data).read("manifest.json")
    for bad in (mb[:-1] + b',"seq":2}', b"\xff" + mb, b"[1,2]", b"NaN"):
        with pytest.raises(SyncFormatError):
            read_package_bytes(rebuild(data, manifest_bytes=bad))


def test_not_a_package():
    for data in (b"", b"hello", b"PK\x03\x04" + b"\x00" * 100, os.urandom(3000)):
        with pytest.raises(SyncFormatError) as err:
            read_package_bytes(data)
        assert err.value.code in ("not_ours", "damaged")
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(b"hello")
    assert err.value.message == "Tệp không phải gói đồng bộ Khuyến học"


def test_missing_file_unreadable(tmp_path):
    with pytest.raises(SyncFormatError) as err:
        open_package(tmp_path / "missing.khsync")
    assert err.value.code == "unreadable"


# --- size limits ----------------------------------------------------------------------------------


def test_huge_manifest_refused(tmp_path):
    data = rebuild(package_bytes(tmp_path), mutate=lambda m: m.update(padding="x" * (1 << 20)))
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data)
    assert err.value.code == "too_large"


def test_declared_zip_bomb_refused(tmp_path):
    data = package_bytes(tmp_path)
    big = 3 << 30
    bomb = rebuild(data, sizes={"changes.jsonl": big})
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(bomb)
    assert err.value.code == "too_large"


def test_actual_size_beyond_declared_refused(tmp_path):
    data = package_bytes(tmp_path, 50)
    lying = rebuild(data, sizes={"changes.jsonl": 100})
    with pytest.raises(SyncFormatError) as err:
        verified(lying)
    assert err.value.code == "damaged"


def test_highly_compressible_content_over_limit(tmp_path):
    filler = jsonl([award_row(0) | {"data": {"note": "a" * 100_000}}] * 20)  # 2 MB → a few kB
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": filler})
    assert len(data) < 50_000
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data, limits=Limits(max_total_uncompressed=1_000_000))
    assert err.value.code == "too_large"
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(data, limits=Limits(max_file_bytes=len(data) - 1))
    assert err.value.code == "too_large"


def test_huge_field_is_a_row_problem(tmp_path):
    lines = jsonl([award_row(0), award_row(1) | {"data": {"note": "x" * 5000}}, award_row(2)])
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": lines})
    with pytest.raises(SyncFormatError) as err:
        verified(data, limits=Limits(max_line_bytes=2000))
    assert err.value.code == "bad_rows"
    assert [(p.line, p.reason_vi) for p in err.value.problems] == [(2, "Dòng quá dài")]


# --- bad rows inside a correctly signed package ---------------------------------------------------


def test_bad_rows_reject_whole_package_with_line_numbers(tmp_path):
    good = [award_row(i) for i in range(4)]
    lines = (
        jsonl([good[0]])
        + b'{"op":"upsert","table":"award"\n'  # line 2: not JSON
        + jsonl([good[1] | {"version": "7"}])  # line 3
        + jsonl([[1, 2]])  # line 4
        + jsonl([good[2] | {"uuid": BAD_UUID}])  # line 5
        + b"\xff\xfe\n"  # line 6
        + jsonl([good[3]])
        + "Nguye\u0302\u0303n\n".encode()  # line 8: NFD
        + b"\n"  # line 9: empty
        + b'{"tail": 1}'  # line 10: no newline
    )
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": lines})
    pkg = read_package_bytes(data)
    with pytest.raises(SyncFormatError) as err:
        pkg.verify(PUB)
    e = err.value
    assert e.code == "bad_rows" and "cả tệp bị từ chối" in e.message
    got = [(p.line, p.table, p.uuid) for p in e.problems]
    assert got == [
        (2, None, None),
        (3, "award", good[1]["uuid"]),
        (4, None, None),
        (5, "award", BAD_UUID),
        (6, None, None),
        (8, None, None),
        (9, None, None),
        (10, None, None),
        (10, None, None),
    ]
    assert e.problems[1].reason_vi.startswith("Phiên bản (version)")
    assert e.problems[5].reason_vi.startswith("Văn bản trong dòng không ở dạng Unicode NFC")
    assert pkg.problems == e.problems and not pkg.verified
    with pytest.raises(RuntimeError):
        list(pkg.iter_changes())


def test_escaped_lone_surrogates_refused(tmp_path):
    lines = jsonl([award_row(0)]) + b'{"op":"upsert","data":{"note":"\\ud800"}}\n'
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": lines})
    with pytest.raises(SyncFormatError) as err:
        verified(data)
    assert [(p.line, p.reason_vi) for p in err.value.problems] == [
        (2, "Văn bản chứa ký tự Unicode không hợp lệ (nửa cặp thay thế)")]
    emoji = jsonl([award_row(0) | {"data": {"note": "\U0001F600"}}]).replace("😀".encode(), b"\\ud83d\\ude00")
    assert b"ud83d" in emoji
    ok = verified(rebuild(package_bytes(tmp_path), files={"changes.jsonl": emoji},
                          mutate=lambda m: m.update(counts={"award": {"upsert": 1}})))
    assert next(ok.iter_changes()).data["note"] == "😀"
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(rebuild(package_bytes(tmp_path), manifest_bytes=b'{"format":"\\udc00"}'))
    assert err.value.code == "damaged"


def test_bad_audit_line_rejects_package(tmp_path):
    data = rebuild(package_bytes(tmp_path), files={"audit.jsonl": b'{"ok":1}\n"just a string"\n'})
    with pytest.raises(SyncFormatError) as err:
        verified(data)
    assert [(p.file, p.line) for p in err.value.problems] == [("audit.jsonl", 2)]


def test_problem_list_is_capped(tmp_path):
    lines = b"[]\n" * 50
    data = rebuild(package_bytes(tmp_path), files={"changes.jsonl": lines})
    with pytest.raises(SyncFormatError) as err:
        verified(data, limits=Limits(max_problems=5))
    assert len(err.value.problems) == 5 and "50 dòng" in err.value.message


def test_uncached_iteration_gives_same_rows(tmp_path):
    data = package_bytes(tmp_path, 30)
    a = [c.row for c in verified(data).iter_changes()]
    b = [c.row for c in verified(data, limits=Limits(cache_rows_up_to_bytes=0)).iter_changes()]
    c = list(verified(data, limits=Limits(cache_rows_up_to_bytes=0)).iter_audit())
    assert a == b == [award_row(i) for i in range(30)] and c == [audit_event(0)]


def test_bad_zip_entry_sizes_in_headers(tmp_path):
    """Local header that disagrees with the central directory is refused."""
    data = bytearray(package_bytes(tmp_path))
    # the first local header's "uncompressed size" field lives at offset 22
    (size,) = struct.unpack_from("<I", data, 22)
    struct.pack_into("<I", data, 22, size + 1)
    with pytest.raises(SyncFormatError):
        read_package_bytes(bytes(data))
