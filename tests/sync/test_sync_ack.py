import hashlib
import uuid

import pytest
from sync_helpers import COMMUNE_KEY, jsonl, package_bytes, rebuild

from khuyenhoc_desktop.sync import (
    AckEntry,
    SyncFormatError,
    ack_file_name,
    fingerprint,
    generate_signing_key,
    open_ack,
    read_ack_bytes,
    read_package_bytes,
    write_ack,
)

PROVINCE_KEY = generate_signing_key()
U = [str(uuid.UUID(int=0xABC0 + i)) for i in range(5)]


def make_ack(path, **kw):
    args = dict(
        province_code="24",
        commune_code="07462",
        up_to_seq=3,
        accepted=[("award", U[0], 1), AckEntry("award", U[1], 2), {"table": "member", "uuid": U[2], "version": 1}],
        returned=[("award", U[3], 4, "Thiếu số quyết định khen thưởng")],
        province_name="Bắc Ninh",
        last_package_sha256="ab" * 32,
        period_locks=[{"period": "2024-2025", "locked": True}],
    )
    args.update(kw)
    return write_ack(path, PROVINCE_KEY, **args)


def test_ack_round_trip(tmp_path):
    path = tmp_path / ack_file_name("24", "07462", 3)
    info = make_ack(path)
    assert path.suffix == ".khack" and info.accepted == 3 and info.returned == 1
    ack = open_ack(path)
    assert ack.sha256 == info.sha256 == hashlib.sha256(ack.manifest_bytes).hexdigest()
    assert (ack.province_code, ack.commune_code, ack.up_to_seq) == ("24", "07462", 3)
    assert ack.key_id == fingerprint(PROVINCE_KEY) and ack.last_package_sha256 == "ab" * 32
    assert ack.period_locks == [{"period": "2024-2025", "locked": True}]
    ack.verify(PROVINCE_KEY.public_key(), expected_commune_code="07462")
    assert [(e.table, e.uuid, e.version, e.reason) for e in ack.accepted] == [
        ("award", U[0], 1, None), ("award", U[1], 2, None), ("member", U[2], 1, None)]
    assert [(e.uuid, e.version, e.reason) for e in ack.returned] == [(U[3], 4, "Thiếu số quyết định khen thưởng")]


def test_ack_wrong_key_and_wrong_commune(tmp_path):
    path = tmp_path / "a.khack"
    make_ack(path)
    with pytest.raises(SyncFormatError) as err:
        open_ack(path).verify(COMMUNE_KEY.public_key())
    assert err.value.code == "bad_signature" and "tỉnh Bắc Ninh (24)" in err.value.message
    with pytest.raises(SyncFormatError) as err:
        open_ack(path).verify(PROVINCE_KEY.public_key(), expected_commune_code="99999")
    assert err.value.code == "wrong_sender"


def test_ack_and_package_not_confused(tmp_path):
    path = tmp_path / "a.khack"
    make_ack(path)
    with pytest.raises(SyncFormatError) as err:
        read_package_bytes(path.read_bytes())
    assert err.value.code == "wrong_kind" and ".khack" in err.value.message
    with pytest.raises(SyncFormatError) as err:
        read_ack_bytes(package_bytes(tmp_path))
    assert err.value.code == "wrong_kind"


def test_ack_every_byte_flip_and_truncation_detected(tmp_path):
    path = tmp_path / "a.khack"
    make_ack(path, accepted=[("award", U[0], 1)], returned=[])
    data = path.read_bytes()
    for i in range(len(data)):
        flipped = bytearray(data)
        flipped[i] ^= 0xFF
        with pytest.raises(SyncFormatError):
            read_ack_bytes(bytes(flipped)).verify(PROVINCE_KEY.public_key())
    for cut in range(0, len(data), 97):
        with pytest.raises(SyncFormatError):
            read_ack_bytes(data[:cut]).verify(PROVINCE_KEY.public_key())


def test_ack_writer_refuses_bad_input(tmp_path):
    for kw in (
        dict(accepted=[("award", "x", 1)]),
        dict(accepted=[("award", U[0], 0)]),
        dict(returned=[("award", U[0], 1, "")]),
        dict(accepted=[("award", U[0], 1)], returned=[("award", U[0], 1, "lý do")]),
        dict(commune_code=""),
        dict(up_to_seq=-1),
        dict(last_package_sha256="x"),
    ):
        with pytest.raises(ValueError):
            make_ack(tmp_path / "bad.khack", **kw)
    assert not list(tmp_path.iterdir())


def test_ack_bad_entries_refuse_whole_file(tmp_path):
    path = tmp_path / "a.khack"
    make_ack(path)
    lines = jsonl([{"table": "award", "uuid": U[0], "version": 1}, {"table": "award", "uuid": U[0], "version": 2},
                   {"table": "award", "uuid": "x", "version": 1}])
    data = rebuild(path.read_bytes(), key=PROVINCE_KEY, files={"accepted.jsonl": lines})
    ack = read_ack_bytes(data)
    with pytest.raises(SyncFormatError) as err:
        ack.verify(PROVINCE_KEY.public_key())
    assert err.value.code == "bad_rows"
    assert [(p.file, p.line) for p in err.value.problems] == [("accepted.jsonl", 2), ("accepted.jsonl", 3)]
    assert not ack.verified and ack.accepted == []


def test_ack_unknown_fields_and_future_minor_version(tmp_path):
    path = tmp_path / "a.khack"
    make_ack(path)

    def future(m):
        m["format_version"] = "1.4"
        m["signed_by"] = "Nguyễn Văn A"

    ack = read_ack_bytes(rebuild(path.read_bytes(), key=PROVINCE_KEY, mutate=future))
    ack.verify(PROVINCE_KEY.public_key())
    assert len(ack.accepted) == 3
    with pytest.raises(SyncFormatError) as err:
        read_ack_bytes(rebuild(path.read_bytes(), key=PROVINCE_KEY, mutate=lambda m: m.update(format_version="2.0")))
    assert err.value.code == "unsupported_version"


def test_an_oversized_ack_or_package_is_refused_before_it_is_opened_with_the_same_words(tmp_path):
    from khuyenhoc_desktop.sync import Limits

    data = make_ack(tmp_path / "a.khack").path.read_bytes()
    small = Limits(max_file_bytes=len(data) - 1)
    for read in (read_ack_bytes, read_package_bytes):
        with pytest.raises(SyncFormatError) as caught:
            read(data, limits=small)
        assert caught.value.code == "too_large"
        assert caught.value.message == (f"Tệp quá lớn hoặc có thể là tệp độc hại: tệp {len(data)} byte, "
                                        f"tối đa {len(data) - 1}")


def test_an_ack_is_not_a_package_and_a_package_is_not_an_ack(tmp_path):
    ack = make_ack(tmp_path / "a.khack").path.read_bytes()
    with pytest.raises(SyncFormatError):
        read_package_bytes(ack)
    with pytest.raises(SyncFormatError):
        read_ack_bytes(package_bytes(tmp_path))
