"""The province package (.khprov, docs/sync-format.md §14): written atomically in the strict container,
signed; every byte checked when read; lines and manifest refused when malformed."""

from __future__ import annotations

import pytest

from khuyenhoc_desktop.sync import SyncFormatError, generate_signing_key
from khuyenhoc_desktop.sync.province_package import (
    open_province_package,
    province_package_file_name,
    write_province_package,
)


def _figures(awards: int = 2, amount: int = 300_000) -> dict:
    return {"awards": {"count": awards, "amount": amount, "pending": {"count": 0, "amount": 0}},
            "classes": {"count": 1, "learners": 12, "women": 6, "minority": 0},
            "fund": {"opening": 0, "receipts": 100, "payments": 300, "balance": -200, "vouchers": 2},
            "members": {"count": 5}}


LINES = [("", "", "Bắc Ninh", _figures(3, 500_000)), ("", "07462", "Tân Dĩnh", _figures()),
         ("", "07465", "Song Khê", _figures(1, 200_000)), ("2024-2025", "", "Bắc Ninh", _figures(1, 100_000))]


def _write(path, key, **options):
    kwargs = dict(province_code="24", province_name="Bắc Ninh", seq=1, prev_package_sha256=None, schema_version=27,
                  lines=LINES, periods=["", "2024-2025"])
    kwargs.update(options)
    return write_province_package(path, key, **kwargs)


def test_round_trip_manifest_and_lines(tmp_path):
    key = generate_signing_key()
    info = _write(tmp_path / province_package_file_name("24", 1), key, detail=True)
    assert info.path.name == "KH_24_000001_so-lieu-tinh.khprov" and info.communes == 2 and info.lines == 4
    pkg = open_province_package(info.path)
    assert (pkg.province_code, pkg.province_name, pkg.seq, pkg.periods, pkg.detail) == (
        "24", "Bắc Ninh", 1, ["", "2024-2025"], True)
    assert pkg.sha256 == info.sha256 and not pkg.verified
    pkg.verify(key.public_key(), expected_province_code="24")
    assert [(l.period, l.commune_code, l.name) for l in pkg.lines] == [(p, c, n) for p, c, n, _ in LINES]
    assert pkg.lines[1].figures == _figures()
    assert not list(tmp_path.glob("*.tmp*"))  # written through a temporary file, renamed


def test_every_flipped_byte_is_refused(tmp_path):
    key = generate_signing_key()
    data = _write(tmp_path / "a.khprov", key).path.read_bytes()
    for i in range(0, len(data), max(1, len(data) // 60)):
        bad = bytearray(data)
        bad[i] ^= 0x40
        (tmp_path / "b.khprov").write_bytes(bytes(bad))
        with pytest.raises(SyncFormatError):
            open_province_package(tmp_path / "b.khprov").verify(key.public_key())


def test_another_key_and_another_province_are_refused(tmp_path):
    key = generate_signing_key()
    path = _write(tmp_path / "a.khprov", key).path
    with pytest.raises(SyncFormatError, match="Chữ ký không hợp lệ") as caught:
        open_province_package(path).verify(generate_signing_key().public_key())
    assert caught.value.code == "bad_signature"
    with pytest.raises(SyncFormatError, match="không phải của tỉnh mã 01"):
        open_province_package(path).verify(key.public_key(), expected_province_code="01")


def test_a_commune_package_or_an_ack_is_not_a_province_package(tmp_path):
    from khuyenhoc_desktop.sync import write_ack

    key = generate_signing_key()
    ack = write_ack(tmp_path / "a.khack", key, province_code="24", commune_code="07462", up_to_seq=0).path
    with pytest.raises(SyncFormatError, match="không phải gói số liệu của tỉnh") as caught:
        open_province_package(ack)
    assert caught.value.code == "wrong_kind"
    (tmp_path / "x.khprov").write_bytes(b"hello")
    with pytest.raises(SyncFormatError):
        open_province_package(tmp_path / "x.khprov")


@pytest.mark.parametrize("lines, periods", [
    ([("", "07462", "Tân Dĩnh", _figures())], [""]),  # no province line for the period
    ([("", "", "Bắc Ninh", _figures()), ("", "", "Bắc Ninh", _figures())], [""]),  # twice
    ([("2023-2024", "", "Bắc Ninh", _figures())], [""]),  # a period the manifest does not list
    ([("", "", "Bắc Ninh", {**_figures(), "awards": {"count": -1, "amount": 0}})], [""]),
    ([("", "", "Bắc Ninh", {**_figures(), "fund": {"balance": 1.5}})], [""]),
    ([("", "07 462", "Bắc Ninh", _figures())], [""]),
])
def test_the_writer_refuses_malformed_lines(tmp_path, lines, periods):
    with pytest.raises(ValueError):
        _write(tmp_path / "a.khprov", generate_signing_key(), lines=lines, periods=periods)
    assert not (tmp_path / "a.khprov").exists()


def test_a_signed_package_with_a_bad_line_is_refused_whole(tmp_path):
    """A correctly signed package whose line breaks the rules (a broken writer): bad_rows, nothing usable."""
    import json

    from khuyenhoc_desktop.sync.canonical import canonical_text
    from khuyenhoc_desktop.sync.container import DeflateSpool, FileEntry, OutEntry, write_zip_file

    key = generate_signing_key()
    pkg = open_province_package(_write(tmp_path / "a.khprov", key).path)
    manifest = json.loads(pkg.manifest_bytes)
    spool = DeflateSpool()
    lines = pkg._zip.read("figures.jsonl").replace(b'"count":3', b'"count":"ba"', 1)
    spool.write(lines)
    spool.finish()
    manifest["files"] = [FileEntry.from_spool("figures.jsonl", spool, spool.lines).to_json()]
    body = canonical_text(manifest).encode()
    write_zip_file(tmp_path / "b.khprov", [OutEntry.stored("manifest.json", body),
                                           OutEntry.stored("manifest.sig", key.sign(body)),
                                           OutEntry.deflated("figures.jsonl", spool)])
    spool.close()
    bad = open_province_package(tmp_path / "b.khprov")
    with pytest.raises(SyncFormatError) as caught:
        bad.verify(key.public_key())
    assert caught.value.code == "bad_rows" and not bad.verified and bad.lines == []
