from __future__ import annotations

from khuyenhoc_desktop.storage.province import mirror


def _record(uuid: str, version: int, seq: int, table: str = "award") -> tuple:
    return ("07462", uuid, table, version, "", 0, "2025-01-01", seq, f'{{"data": {{"v": {version}}}}}')


def test_write_replaces_records_and_their_typed_copies(db):
    award = ("07462", "a1", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 100_000, 0, "approved")
    voucher = ("07462", "v1", "thu", 500_000, "posted", "2025-03-01", 0, "")
    mirror.write(db, [_record("a1", 1, 1), _record("v1", 1, 1, "voucher")], {"award": [award], "voucher": [voucher]})
    mirror.write(db, [_record("a1", 2, 2)], {"award": [award[:7] + (200_000, 0, "awarded")]})
    assert mirror.known_records(db, "07462") == {"a1": ("award", 2, None), "v1": ("voucher", 1, None)}
    assert mirror.versions_up_to(db, "07462", 1) == {"v1": ("voucher", 1)}
    assert db.execute_sql("SELECT amount, status FROM prov_award").fetchall() == [(200_000, "awarded")]
    assert db.execute_sql("SELECT posting_date FROM prov_voucher").fetchall() == [("2025-03-01",)]


def test_hashes_are_kept_and_the_stored_line_read_back(db):
    mirror.write(db, [_record("a1", 1, 1)], {})
    assert mirror.stored_line(db, "07462", "a1") == '{"data": {"v": 1}}'
    assert mirror.stored_line(db, "07462", "zz") is None
    mirror.keep_hashes(db, [("abc", "07462", "a1")])
    assert mirror.known_records(db, "07462")["a1"] == ("award", 1, "abc")


def test_dump_covers_every_province_table(db):
    before = list(mirror.dump(db))
    mirror.write(db, [], {"learning_class": [("07462", "c1", "2024-2025", 2025, "Nông nghiệp", 20, 10, 1, 0)]})
    assert list(mirror.dump(db)) == before + [("07462", "c1", "2024-2025", 2025, "Nông nghiệp", 20, 10, 1, 0)]
