from __future__ import annotations

from khuyenhoc_desktop.storage.province import mirror


def _sha(version: int) -> bytes:
    return bytes([version]) * 32  # a content hash's 32 bytes (which ones does not matter here)


def _record(uuid: str, version: int, seq: int, table: str = "award", origin: str = "") -> tuple:
    line = f'{{"data": {{"v": {version}}}}}' if table in mirror.LINE_TABLES else None
    return ("07462", uuid, table, version, _sha(version), 0, "2025-01-01", seq, origin, line)


def test_write_replaces_records_and_their_typed_copies(db):
    award = ("07462", "a1", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 100_000, 0, "approved")
    voucher = ("07462", "v1", "thu", 500_000, "posted", "2025-03-01", 0, "")
    mirror.write(db, [_record("a1", 1, 1), _record("v1", 1, 1, "voucher")], {"award": [award], "voucher": [voucher]})
    mirror.write(db, [_record("a1", 2, 2)], {"award": [award[:7] + (200_000, 0, "awarded")]})
    assert mirror.known_records(db, "07462") == {"a1": ("award", 2, _sha(2)), "v1": ("voucher", 1, _sha(1))}
    assert mirror.versions_up_to(db, "07462", 1) == {"v1": ("voucher", 1)}
    assert db.execute_sql("SELECT amount, status FROM prov_award").fetchall() == [(200_000, "awarded")]
    assert db.execute_sql("SELECT posting_date FROM prov_voucher").fetchall() == [("2025-03-01",)]


def test_a_record_sent_twice_in_one_write_keeps_its_last_row_first_package_or_not(db):
    award = ("07462", "a1", "2024-2025", "Học sinh giỏi", "Xã", "Quỹ hội", "Tiền", 100_000, 0, "approved")
    other = ("07465",) + award[1:]
    # fresh: the commune's first rows (on PostgreSQL straight into the tables); then a later write
    mirror.write(db, [_record("a1", 1, 1), _record("a1", 2, 1)], {"award": [award, award[:7] + (7, 0, "paid")]},
                 fresh=True)
    mirror.write(db, [("07465",) + _record("a1", 1, 1)[1:]], {"award": [other]}, fresh=True)
    mirror.write(db, [_record("a1", 3, 2), _record("a1", 4, 2)], {"award": [award[:7] + (8, 0, "paid"),
                                                                             award[:7] + (9, 0, "paid")]})
    assert mirror.known_records(db, "07462") == {"a1": ("award", 4, _sha(4))}
    assert sorted(db.execute_sql("SELECT commune_code, amount FROM prov_award").fetchall()) == [("07462", 9),
                                                                                                ("07465", 100_000)]


def test_the_origin_is_kept_and_the_line_only_for_the_tables_that_read_it(db):
    mirror.write(db, [_record("a1", 1, 1, origin="07450"), _record("m1", 1, 1, "member"), _record("f1", 1, 1, "fund_opening")],
                 {})
    assert mirror.origin_of(db, "07462", "a1") == "07450"
    assert mirror.origin_of(db, "07462", "m1") == ""
    assert mirror.origin_of(db, "07462", "zz") is None
    lines = dict(db.execute_sql("SELECT uuid, data FROM prov_record").fetchall())
    assert lines == {"a1": None, "m1": '{"data": {"v": 1}}', "f1": '{"data": {"v": 1}}'}
    stored = db.execute_sql("SELECT content_sha256 FROM prov_record WHERE uuid = 'a1'").fetchone()[0]
    assert bytes(stored) == _sha(1)  # 32 bytes as they were written, on both engines


def test_dump_covers_every_province_table(db):
    before = list(mirror.dump(db))
    mirror.write(db, [], {"learning_class": [("07462", "c1", "2024-2025", 2025, "Nông nghiệp", 20, 10, 1, 0)]})
    assert list(mirror.dump(db)) == before + [("07462", "c1", "2024-2025", 2025, "Nông nghiệp", 20, 10, 1, 0)]
