from __future__ import annotations

from khuyenhoc_desktop.storage.province import communes, ledger


def _add(db, seq: int, sha: str, code: str = "07462") -> None:
    communes.enrol(db, code, "", "key", "fp", "2025-01-01T00:00:00+00:00")  # a package belongs to a commune
    ledger.add_package(db, commune_code=code, seq=seq, package_id=f"{code}-{seq}", sha256=sha, prev_sha256=None,
                       province_code="24", created_at="", imported_at=f"2025-01-0{seq}T00:00:00+00:00",
                       result="applied", counts="{}")


def test_packages_by_commune_and_seq(db):
    _add(db, 3, "c")
    _add(db, 1, "a")
    _add(db, 1, "x", code="07465")
    assert ledger.imported(db, "07462", 3) == ("c", "2025-01-03T00:00:00+00:00")
    assert ledger.imported(db, "07462", 2) is None
    assert ledger.seq_of_package_id(db, "07462-3") == 3 and ledger.seq_of_package_id(db, "nope") is None
    assert ledger.hashes(db, "07462") == {1: "a", 3: "c"}
    assert [(p.commune_code, p.seq) for p in ledger.packages(db)] == [("07462", 1), ("07462", 3), ("07465", 1)]


def test_rejected_rows_up_to_a_package_oldest_first(db):
    rows = [("07462", seq, line, "award", f"u{line}", 1, f"lý do {line}") for seq, line in ((1, 5), (2, 7), (3, 9))]
    rows += [("07462", 1, n, "award", f"v{n}", 1, "nhiều") for n in range(250)]  # more than one batch
    ledger.add_rejected(db, rows)
    found = ledger.rejected_up_to(db, "07462", 2)
    assert found[:2] == [("award", "u5", 1, "lý do 5"), ("award", "u7", 1, "lý do 7")]
    assert len(found) == 2 + 250 and ledger.rejected_up_to(db, "07465", 9) == []
