"""Validly signed but hostile packages: every row is checked as strictly as the commune's own schema,
sequence numbers must be plausible, gaps are ranges, and verification comes before the ledger."""

from __future__ import annotations

import tracemalloc
import uuid as uuid_mod

import pytest

from khuyenhoc_desktop.services.province import DEFAULT_MAX_SEQ_JUMP, format_gaps, gap_ranges
from khuyenhoc_desktop.services.province.rules import row_problem
from khuyenhoc_desktop.storage import settings as settings_store
from khuyenhoc_desktop.sync import PackageWriter
from khuyenhoc_desktop.storage.engines import is_postgres
from khuyenhoc_desktop.storage.province.totals import refresh_award_totals
from tests.sql_helpers import run_sql
from tests.services.test_province_import import CODE, PROVINCE, award, learning_class, voucher


def totals(prov):
    t = prov.province.aggregates()
    return t.awards, t.classes, t.fund


def mirror(prov):
    return [run_sql(prov.db, f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("prov_record", "prov_award", "prov_class", "prov_voucher")]


def with_data(row: dict, **data) -> dict:
    return {**row, "data": {**row["data"], **data}}


HOSTILE = [
    (with_data(voucher(1), kind="xyz"), "kind"),
    (voucher(2, kind="chi", amount=-900_000_000), "Số tiền phiếu phải lớn hơn 0"),  # raised the balance before
    (award(3, amount=2**62 - 1), "amount"),
    (award(4, amount=-5), "amount"),
    (learning_class(5, learners=-1000), "learners"),
    (with_data(learning_class(6), women=30), "nữ"),
    (with_data(voucher(7), posting_date="2025-02-30"), "posting_date"),
    (with_data(voucher(8), posting_date="2025-3-01"), "posting_date"),
    (with_data(voucher(9), status="đã ghi"), "status"),
    (with_data(voucher(10), amount=10**13 + 1), "không quá"),
    (with_data(voucher(11), amount=1.5), "amount"),
    (with_data(voucher(12), amount=True), "amount"),
    (with_data(award(13), birth_date="31/12/2012"), "birth_date"),
    (with_data(award(14), deleted=2), "deleted"),
    (with_data(voucher(15), year=2024), "Năm"),
]


@pytest.mark.parametrize("row, reason", HOSTILE, ids=[f"row{i}" for i in range(len(HOSTILE))])
def test_hostile_values_behind_a_valid_signature_are_returned_and_change_no_total(prov, xa, row, reason):
    prov.province.import_file(xa.package([award(100), voucher(100)]))
    before, counts = totals(prov), mirror(prov)
    rep = prov.province.import_file(xa.package([row]))
    assert rep.status == "applied" and [r.uuid for r in rep.rejected] == [row["uuid"]]
    assert reason in rep.rejected[0].reason
    assert totals(prov) == before and mirror(prov) == counts
    assert run_sql(prov.db, "SELECT COUNT(*) FROM prov_rejected WHERE uuid = ?", (row["uuid"],)).fetchone()[0] == 1


def test_the_rules_accept_what_the_commune_writes():
    for row in (award(1), voucher(1), learning_class(1), with_data(voucher(2), method="transfer", attachments=2)):
        assert row_problem(row["table"], row["data"]) is None


def reversal(i: int, original: dict, kind: str = "thu") -> dict:
    row = voucher(i, kind=kind, amount=-original["data"]["amount"])
    return with_data(row, reverses_uuid=original["uuid"])


def test_a_reversal_must_name_a_phieu_the_province_has(prov, xa):
    original = voucher(1, amount=2_000_000)
    orphan = with_data(voucher(2, kind="chi", amount=-900_000_000), reverses_uuid=str(uuid_mod.UUID(int=424242)))
    rep = prov.province.import_file(xa.package([orphan]))
    assert [r.uuid for r in rep.rejected] == [orphan["uuid"]]
    assert rep.rejected[0].reason.startswith("Tham chiếu chưa có: trường reverses_uuid")
    assert str(uuid_mod.UUID(int=424242)) in rep.rejected[0].reason
    assert totals(prov)[2]["balance"] == 0
    # the reversal before the phiếu it reverses, in the same package: accepted (full state, change order)
    rep = prov.province.import_file(xa.package([reversal(3, original), original]))
    assert rep.ok and rep.counts["created"] == 2
    assert totals(prov)[2]["receipts"] == 0 and totals(prov)[2]["balance"] == 0


def test_a_learner_needs_its_class(prov, xa):
    cls = learning_class(1)
    learner = {"op": "upsert", "table": "class_learner", "uuid": str(uuid_mod.UUID(int=70_001)), "version": 1,
               "updated_at": "2025-11-27T10:00:00+07:00",
               "data": {"class_uuid": cls["uuid"], "full_name": "Nguyễn Văn An", "gender": "Nam"}}
    rep = prov.province.import_file(xa.package([learner]))
    assert rep.rejected and "Tham chiếu chưa có: trường class_uuid trỏ tới lớp học" in rep.rejected[0].reason
    rep = prov.province.import_file(xa.package([with_data(learner, version=1), cls]))
    assert rep.ok and rep.counts["created"] == 2


def test_gap_ranges_are_computed_from_the_ledger_not_one_per_number():
    assert gap_ranges([1, 2, 5, 9], 12) == [(3, 4), (6, 8), (10, 11)]
    assert gap_ranges([], 1) == [] and gap_ranges([3]) == [(1, 2)]
    assert format_gaps([(2, 2), (5, 9)]) == "2, 5–9"
    tracemalloc.start()
    assert gap_ranges([1, 30_000_000]) == [(2, 29_999_999)]
    assert tracemalloc.get_traced_memory()[1] < 100_000  # was a list of 30 million numbers (3.6 GB)
    tracemalloc.stop()


def test_an_implausible_seq_is_refused_and_gaps_stay_small(prov, xa):
    prov.province.import_file(xa.package([award(1)]))
    before = prov.province.checksum()
    rep = prov.province.import_file(xa.package([award(2)], seq=30_000_000))
    assert rep.status == "refused" and "30000000" in rep.message and "1.000 gói" in rep.message
    assert prov.province.checksum() == before
    ok = prov.province.import_file(xa.package([award(3)], seq=1 + DEFAULT_MAX_SEQ_JUMP, prev=None))
    assert ok.status == "applied" and ok.gaps == [(2, DEFAULT_MAX_SEQ_JUMP)]
    assert prov.province.commune(CODE).gaps == [(2, DEFAULT_MAX_SEQ_JUMP)]
    assert mirror(prov)[:2] == [2, 2]  # awards 1 and 3, not 2 (how fast all this is: benchmarks/bench_refusals.py)
    prov.province.aggregates()  # the gap is a range, not 29,999,998 numbers


def test_the_allowed_jump_is_a_setting(prov, xa):
    with prov.db.atomic():
        settings_store.put(prov.db, "province_sync", {"max_seq_jump": 3})
    assert prov.province.import_file(xa.package([award(1)], seq=3)).status == "applied"  # 0 + 3
    rep = prov.province.import_file(xa.package([award(2)], seq=7))  # above 3 + 3
    assert rep.status == "refused" and "quá 3 gói" in rep.message


def test_seq_beyond_sqlite_integers_is_refused_before_anything_else(prov, xa, monkeypatch):
    with PackageWriter() as w:
        w.add_change(award(1))
        with pytest.raises(ValueError):  # the writer refuses what a reader would refuse
            w.finish(xa.folder / "x.khsync", xa.key, {"sender": {"commune_code": CODE, "province_code": PROVINCE},
                                                      "seq": 2**63, "prev_package_sha256": None, "schema_version": 4})
    from khuyenhoc_desktop.sync import package as package_module

    monkeypatch.setattr(package_module, "MAX_SEQ", 2**64)  # a hostile writer, with the commune's real key
    path = xa.package([award(1)], seq=2**63)
    monkeypatch.undo()
    before = prov.province.checksum()
    rep = prov.province.import_file(path)  # an OverflowError traceback before
    assert rep.status == "refused" and "seq" in rep.message
    assert prov.province.checksum() == before


def test_a_damaged_copy_of_an_imported_package_is_refused_as_damaged(prov, xa, tmp_path):
    path = xa.package([award(i) for i in range(5)])
    assert prov.province.import_file(path).status == "applied"
    data = bytearray(path.read_bytes())
    copy = tmp_path / "hong.khsync"
    entry = data.find(b"changes.jsonl", data.find(b"changes.jsonl") + 1)  # the local entry of the rows
    data[entry + 100] ^= 0x01
    copy.write_bytes(bytes(data))
    rep = prov.province.import_file(copy)
    assert rep.status == "refused" and "đã nhập" not in rep.message
    again = prov.province.import_file(path)
    assert again.status == "already"


def _no_row_parsing(monkeypatch):
    """Make any parsing of a package's rows (or preparing them in a worker) fail the test."""
    from khuyenhoc_desktop.services.province import importer
    from khuyenhoc_desktop.sync import package

    def parse(*_a, **_k):
        raise AssertionError("the rows were parsed")

    monkeypatch.setattr(package, "_parse_changes", parse)
    monkeypatch.setattr(importer, "verify_and_prepare", parse)  # a job for the worker would fail to pickle
    monkeypatch.setattr(importer.Importer, "import_file", parse)  # the batch's fallback for a failed worker


def test_an_untouched_copy_of_an_imported_package_is_already_imported_without_parsing_its_rows(
        prov, xa, tmp_path, monkeypatch):
    path = xa.package([award(i) for i in range(5)] + [voucher(1)])
    assert prov.province.import_file(path).status == "applied"
    copy = tmp_path / "ban-sao.khsync"
    copy.write_bytes(path.read_bytes())
    _no_row_parsing(monkeypatch)
    rep = prov.province._finish(*prov.province._start(copy), dry_run=False)  # import_file's own steps
    assert rep.status == "already" and "đã nhập rồi" in rep.message
    reps = prov.province.import_files([path, copy, path, copy], workers=1)
    assert [r.status for r in reps] == ["already"] * 4


def test_a_copy_damaged_in_its_compressed_rows_is_refused_as_damaged_by_both_paths(prov, xa, tmp_path, monkeypatch):
    path = xa.package([award(i) for i in range(40)])
    assert prov.province.import_file(path).status == "applied"
    data = bytearray(path.read_bytes())
    entry = data.find(b"changes.jsonl", data.find(b"changes.jsonl") + 1)  # the local entry of the rows
    copies = []
    for i, offset in enumerate((60, 200, 400)):  # the start, middle and end of the deflated rows
        damaged = bytearray(data)
        damaged[entry + offset] ^= 0x10
        copies.append(tmp_path / f"hong{i}.khsync")
        copies[-1].write_bytes(bytes(damaged))
    _no_row_parsing(monkeypatch)  # refused from the stored bytes' hash, before any row is read
    for copy in copies:
        rep = prov.province._finish(*prov.province._start(copy), dry_run=False)
        assert rep.status == "refused" and rep.error_code == "damaged" and "đã nhập" not in rep.message
    reps = prov.province.import_files(copies + [path], workers=1)
    assert [(r.status, r.error_code) for r in reps] == [("refused", "damaged")] * 3 + [("already", "")]


def test_the_original_manifest_with_another_signature_is_refused(prov, xa, tmp_path):
    from khuyenhoc_desktop.sync import generate_signing_key
    from khuyenhoc_desktop.sync.container import MANIFEST, StrictZip
    from tests.sync.sync_helpers import rebuild

    path = xa.package([award(1)])
    assert prov.province.import_file(path).status == "applied"
    original = StrictZip(path.read_bytes()).read(MANIFEST)
    copy = tmp_path / "sig.khsync"  # same manifest bytes (same package hash), signed by someone else
    copy.write_bytes(rebuild(path.read_bytes(), key=generate_signing_key(), manifest_bytes=original))
    rep = prov.province.import_file(copy)
    assert rep.status == "refused" and "Chữ ký không hợp lệ" in rep.message  # was "đã nhập rồi"


def test_totals_survive_amounts_stored_before_the_bounds(prov, xa):
    # A province file that accepted 2⁶²−1 twice (before migration 0011): its summary must still work.
    prov.province.import_file(xa.package([award(1), award(2), voucher(1), voucher(2)]))
    db = prov.db
    for table in ("prov_award", "prov_voucher"):  # as the file was before the bounds
        if is_postgres(db):
            db.execute_sql(f"ALTER TABLE {table} DROP CONSTRAINT {table}_bounds")
        else:
            db.execute_sql(f"DROP TRIGGER {table}_bounds_update")
    run_sql(db, "UPDATE prov_award SET amount = ?", (2**62 - 1,))
    run_sql(db, "UPDATE prov_voucher SET amount = ?", (2**62 - 1,))
    refresh_award_totals(db)  # the award totals, as migration 28 makes them from such a file
    agg = prov.province.aggregates()  # SUM() raised "integer overflow" here
    # SQLite's TOTAL() is a float (2⁶³ − 2 rounds to 2⁶³); PostgreSQL's SUM over BIGINT is exact
    expected = 2 * (2**62 - 1) if is_postgres(db) else 2**63
    assert agg.awards["count"] == 2 and agg.awards["amount"] == expected
    assert agg.fund["receipts"] == expected


def test_null_fields_take_their_defaults_in_the_cross_field_rules():
    # found by tests/sync/test_importer_properties.py: {"learners": null} raised a TypeError
    row = learning_class(1)
    for name in ("women", "minority", "start_date", "end_date"):
        assert row_problem("learning_class", {**row["data"], name: None}) is None
    no_learners = {**row["data"], "learners": None}  # = 0 learners, so 10 women is too many
    assert row_problem("learning_class", no_learners) == "Số học viên nữ / dân tộc thiểu số nhiều hơn tổng số học viên"
    assert row_problem("learning_class", {**no_learners, "women": 0, "minority": 0}) is None
    assert row_problem("meeting", {"members_total": None, "members_present": 3}) is None
    assert row_problem("voucher_link", {"voucher_uuid": row["uuid"], "amount": None}) is None


def test_every_constrained_field_of_every_table_refuses_a_bad_value_and_names_it():
    # row_problem checks a whole row in one pass and only looks field by field for the reason: no bad value
    # of any field may get through that pass.
    from khuyenhoc_desktop.services.province import rules

    good = {rules._TEXT: "", rules._AMOUNT: 1, rules._COUNT: 1, rules._YEAR: 2025, rules._OPT_YEAR: 2025,
            rules._FLAG: 1, rules._INT: -1, rules._DATE: "2025-01-31", rules._OPT_DATE: ""}
    bad = {rules._TEXT: [5, 1.5, ["a"], {"a": 1}, True],
           rules._AMOUNT: ["1", 1.0, True, -1, rules.MAX_AMOUNT + 1],
           rules._COUNT: ["1", -1, rules.MAX_COUNT + 1, None.__class__],
           rules._YEAR: [1899, 2201, "2025", 2025.0], rules._OPT_YEAR: [1899, 2201, "2025"],
           rules._FLAG: [2, -1, True, "1"], rules._INT: [2**53, -(2**53), "1", 1.0],
           rules._DATE: ["", "2025-02-30", "2025-2-01", "31/01/2025", 20250131, ["2025-01-31"]],
           rules._OPT_DATE: ["2025-02-30", " ", "2025-01-31T00:00", 0]}
    checked = 0
    for table, fields in rules._FIELDS.items():
        def fine(name, kind):
            return sorted(kind[1])[0] if type(kind) is tuple else good[kind]

        base = {n: fine(n, k) for n, k in fields.items() if n in rules._REQUIRED.get(table, ())}
        for name, kind in fields.items():
            values = ["không có", 1, None.__class__] if type(kind) is tuple else bad[kind]
            for value in values:
                value = str(value) if value is None.__class__ else value  # "<class 'NoneType'>": a text
                if kind == rules._TEXT and type(value) is str:
                    continue
                reason = row_problem(table, {**base, name: value})
                assert reason is not None and f"Trường {name} " in reason, (table, name, value, reason)
                checked += 1
            reason = row_problem(table, {**base, name: fine(name, kind)}) or ""
            assert not reason.startswith(f"Trường {name} "), (table, name, reason)
    assert checked > 300
