"""The province importer: ledger, forks, gaps, per-row version rules, all-or-nothing,
dry run, acknowledgement, aggregates and exports. Packages are built with `PackageWriter` from
synthetic rows (fast); tests/services/test_sync_round_trip.py uses the commune's real export."""

from __future__ import annotations

import signal
import uuid as uuid_mod
from pathlib import Path

import pytest

from khuyenhoc_desktop.services.province import ProvinceProfile
from khuyenhoc_desktop.services.workspace import Workspace
from khuyenhoc_desktop.sync import KeyCard, PackageWriter, generate_signing_key, open_ack
from tests.sql_helpers import run_sql
from tests.kill_helpers import kill_when_started, start_held, writes_to

CODE, NAME, PROVINCE = "07462", "Tân Dĩnh", "24"


# -- builders (also used by the other province test modules) ---------------------------------------
def award(i: int, version: int = 1, amount: int | None = None, deleted: int = 0, **extra) -> dict:
    u = str(uuid_mod.UUID(int=i + 1))
    data = {"uuid": u, "version": version, "school_year": "2024-2025", "full_name": f"Nguyễn Thị Ánh {i}",
            "category": ["Học sinh giỏi", "Vượt khó"][i % 2], "level": ["Tỉnh", "Huyện", "Xã"][i % 3],
            "funding_source": ["Quỹ hội", "Công ty Minh Phát"][i % 2], "award_form": "Tiền",
            "amount": 100_000 * (i % 5 + 1) if amount is None else amount, "status": "approved",
            "deleted": deleted, "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}
    data.update(extra)
    return {"op": "delete" if deleted else "upsert", "table": "award", "uuid": u, "version": version,
            "updated_at": "2025-11-27T10:00:00+07:00", "data": data}


def learning_class(i: int, learners: int = 20, version: int = 1) -> dict:
    u = str(uuid_mod.UUID(int=50_000 + i))
    return {"op": "upsert", "table": "learning_class", "uuid": u, "version": version,
            "updated_at": "2025-11-27T10:00:00+07:00",
            "data": {"uuid": u, "version": version, "name": f"Lớp {i}", "field": ["Nông nghiệp", "Pháp luật"][i % 2],
                     "learners": learners, "women": learners // 2, "minority": 1, "school_year": "2024-2025",
                     "year": 2025, "deleted": 0}}


def voucher(i: int, kind: str = "thu", amount: int = 1_000_000, status: str = "posted") -> dict:
    u = str(uuid_mod.UUID(int=90_000 + i))
    return {"op": "upsert", "table": "voucher", "uuid": u, "version": 1, "updated_at": "2025-11-27T10:00:00+07:00",
            "data": {"uuid": u, "version": 1, "kind": kind, "amount": amount, "status": status,
                     "posting_date": "2025-03-01", "voucher_date": "2025-03-01", "number": f"P{i}", "deleted": 0}}


class Commune:
    """A synthetic commune: its key, card and the packages it has written (hash chain)."""

    def __init__(self, folder: Path, code: str = CODE, name: str = NAME):
        self.folder, self.code, self.name = Path(folder), code, name
        self.key = generate_signing_key()
        self.card_path = self.folder / f"{code}.khkey"
        self.folder.mkdir(parents=True, exist_ok=True)
        KeyCard.for_keys("commune", code, f"Hội Khuyến học xã {name}", self.key).save(self.card_path)
        self.seq, self.prev = 0, None

    def package(self, rows, seq: int | None = None, prev: str | None = "chain", key=None, schema_version: int = 4,
                name: str | None = None, **manifest) -> Path:
        if seq is None:
            self.seq += 1
            seq = self.seq
        prev = self.prev if prev == "chain" else prev
        path = self.folder / (name or f"KH_{PROVINCE}_{self.code}_{seq:06d}_{uuid_mod.uuid4().hex[:6]}.khsync")
        with PackageWriter() as w:
            for r in rows:
                w.add_change(r)
            info = w.finish(path, key or self.key, {
                "sender": {"commune_code": self.code, "commune_name": self.name, "province_code": PROVINCE},
                "seq": seq, "prev_package_sha256": prev, "schema_version": schema_version, **manifest})
        self.prev = info.sha256
        return path


def open_province(path: Path) -> Workspace:
    return Workspace.open(path, role="province")


def counts(rep):
    return rep.counts


# -- registration ------------------------------------------------------------------------------------
def test_register_shows_fingerprint_and_refuses_a_commune_file(tmp_path, prov, xa, ws):
    c = prov.province.commune(CODE)
    assert c.fingerprint == KeyCard.load(xa.card_path).signing_fingerprint and c.name == NAME
    from khuyenhoc_desktop.services.province import ProvinceError

    with pytest.raises(ProvinceError, match="tệp dữ liệu của xã, không phải tệp tổng hợp của tỉnh"):
        ws.province.register_commune(CODE, NAME, xa.card_path)
    with pytest.raises(ProvinceError, match="không phải xã mã"):
        prov.province.register_commune("99999", "Khác", xa.card_path)


# -- dry run, apply, re-import ------------------------------------------------------------------------
def test_dry_run_writes_nothing_then_apply_then_reimport_is_a_no_op(prov, xa):
    rows = [award(i) for i in range(10)] + [learning_class(1), voucher(1)]
    p1 = xa.package(rows)
    before = prov.province.checksum()
    dry = prov.province.import_file(p1, dry_run=True)
    assert dry.status == "dry_run" and dry.counts["created"] == 12 and dry.ok
    assert prov.province.checksum() == before
    rep = prov.province.import_file(p1)
    assert rep.status == "applied" and rep.counts == dry.counts
    after = prov.province.checksum()
    assert after != before
    again = prov.province.import_file(p1)
    assert again.status == "already" and "đã nhập" in again.message
    assert prov.province.checksum() == after
    agg = prov.province.aggregates()
    assert agg.awards["count"] == 10
    assert agg.by_commune[CODE]["classes"]["learners"] == 20
    assert agg.by_commune[CODE]["fund"]["receipts"] == 1_000_000


def test_per_row_rules_higher_equal_conflict_lower(prov, xa):
    prov.province.import_file(xa.package([award(0, 2), award(1), award(2), award(3, 3)]))
    rep = prov.province.import_file(xa.package([
        award(0, 3, amount=777_000),        # higher → updated
        award(1),                           # same version, same content → unchanged
        award(2, amount=999_999),           # same version, other content → conflict
        award(3, 2),                        # lower → stale
        award(4, deleted=1),                # new tombstone
        award(1, 2, deleted=1),             # deletion of a known record
    ]))
    assert rep.status == "applied"
    assert rep.counts == {"created": 0, "updated": 1, "unchanged": 1, "deleted": 2, "stale": 1, "rejected": 1}
    assert [(r.line, r.uuid) for r in rep.rejected] == [(3, str(uuid_mod.UUID(int=3)))]
    assert "Xung đột" in rep.rejected[0].reason
    db = prov.db
    assert run_sql(db, "SELECT amount FROM prov_award WHERE uuid = ?", (str(uuid_mod.UUID(int=1)),)).fetchone()[0] == 777_000
    assert run_sql(db, "SELECT amount FROM prov_award WHERE uuid = ?", (str(uuid_mod.UUID(int=3)),)).fetchone()[0] == 300_000
    agg = prov.province.aggregates()
    assert agg.awards["count"] == 3  # awards 0, 2 (the province's copy) and 3; 1 and 4 deleted
    from khuyenhoc_desktop.sync import sha256_of_json

    # award 2 (conflict) keeps the hash of the content first received: the 32 bytes of sha256_of_json
    assert bytes(run_sql(db, "SELECT content_sha256 FROM prov_record WHERE uuid = ?",
                         (str(uuid_mod.UUID(int=3)),)).fetchone()[0]) == bytes.fromhex(sha256_of_json(award(2)["data"]))
    live = run_sql(db, "SELECT COUNT(*) FROM prov_award WHERE deleted = 0").fetchone()[0]
    assert live == agg.awards["count"]


def test_unknown_table_and_wrong_types_are_rejected_rows_not_crashes(prov, xa):
    bad_type = award(1, amount="nhiều")
    odd = {"op": "upsert", "table": "secret_table", "uuid": str(uuid_mod.UUID(int=777)), "version": 1,
           "updated_at": "2025-11-27T10:00:00+07:00", "data": {"x": 1}}
    rep = prov.province.import_file(xa.package([award(0), bad_type, odd, award(2, category={"a": 1})]))
    assert rep.status == "applied" and rep.counts["created"] == 1 and len(rep.rejected) == 3
    assert not rep.ok
    reasons = " ".join(r.reason for r in rep.rejected)
    assert "amount" in reasons and "secret_table" in reasons and "category" in reasons


# -- refusals: nothing written ------------------------------------------------------------------------
def test_tampered_file_is_refused_and_nothing_written(prov, xa, tmp_path):
    p1 = xa.package([award(i) for i in range(20)])
    data = bytearray(p1.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.khsync"
    bad.write_bytes(bytes(data))
    before = prov.province.checksum()
    rep = prov.province.import_file(bad)
    assert rep.status == "refused" and rep.message and not rep.ok
    assert prov.province.checksum() == before
    trunc = tmp_path / "trunc.khsync"
    trunc.write_bytes(p1.read_bytes()[:-100])
    rep = prov.province.import_file(trunc)
    assert rep.status == "refused" and ("cắt cụt" in rep.message or "hỏng" in rep.message)
    assert prov.province.checksum() == before
    assert prov.province.import_file(p1).status == "applied"


def test_unknown_commune_wrong_key_and_newer_schema_are_refused(prov, xa, tmp_path):
    stranger = Commune(tmp_path / "la", code="07999", name="Lạ")
    rep = prov.province.import_file(stranger.package([award(0)]))
    assert rep.status == "refused" and "chưa được đăng ký" in rep.message
    impostor = xa.package([award(0)], key=generate_signing_key(), seq=1, prev=None)
    rep = prov.province.import_file(impostor)
    assert rep.status == "refused" and "khóa" in rep.message
    rep = prov.province.import_file(xa.package([award(0)], schema_version=999, seq=1, prev=None))
    assert rep.status == "refused" and "cập nhật" in rep.message
    assert run_sql(prov.db, "SELECT COUNT(*) FROM prov_record").fetchone()[0] == 0


@pytest.mark.parametrize("version, accepted", [(None, True), ("1", True), (1, True), ("2", False), ("x", False),
                                               (0, False)])
def test_catalogue_version_newer_or_unreadable_is_refused(prov, xa, version, accepted):
    extra = {} if version is None else {"catalog_version": version}
    rep = prov.province.import_file(xa.package([award(0)], **extra))
    assert (rep.status == "applied") == accepted, rep.message
    if not accepted:
        assert "danh mục" in rep.message
        assert run_sql(prov.db, "SELECT COUNT(*) FROM prov_record").fetchone()[0] == 0


def test_revoked_key_is_refused(prov, xa):
    p = xa.package([award(0)])
    prov.province.revoke_commune(CODE, "Khóa bị lộ")
    assert "thu hồi" in prov.province.import_file(p).message


def test_fork_same_seq_other_content_is_refused(prov, xa):
    assert prov.province.import_file(xa.package([award(0)])).status == "applied"
    before = prov.province.checksum()
    fork = xa.package([award(0, 2)], seq=1, prev=None)  # a commune restored from an old backup
    rep = prov.province.import_file(fork)
    assert rep.status == "refused"
    assert "khôi phục bản sao lưu cũ và dùng lại số gói" in rep.message
    assert prov.province.checksum() == before


def test_gap_is_reported_and_filled(prov, xa):
    p1 = xa.package([award(0)])
    p2 = xa.package([award(1)])
    p3 = xa.package([award(2), award(1, 2, amount=5)])
    prov.province.import_file(p1)
    rep = prov.province.import_file(p3)
    assert rep.status == "applied" and rep.gaps == [(2, 2)] and any("Thiếu gói số 2" in w for w in rep.warnings)
    assert prov.province.commune(CODE).gaps == [(2, 2)]
    assert prov.province.ack_data(CODE).up_to_seq == 1
    rep2 = prov.province.import_file(p2)
    assert rep2.status == "applied" and rep2.gaps == [] and rep2.counts["stale"] == 1
    assert prov.province.commune(CODE).gaps == []
    assert run_sql(prov.db, "SELECT amount FROM prov_award WHERE uuid = ?", (str(uuid_mod.UUID(int=2)),)).fetchone()[0] == 5


def test_the_province_code_is_never_taken_from_an_incoming_package(prov, xa):
    prov.province.import_file(xa.package([award(0)]))
    assert run_sql(prov.db, "SELECT province_code FROM prov_package").fetchone()[0] != ""
    assert prov.province.profile().code == ""  # not set by the province itself
    prov.province.set_profile(PROVINCE, "Bắc Ninh")
    assert prov.province.profile() == ProvinceProfile(PROVINCE, "Bắc Ninh")


# -- acknowledgement ----------------------------------------------------------------------------------
def test_signed_ack_lists_accepted_and_returned(prov, xa, tmp_path):
    prov.province.set_profile(PROVINCE, "Bắc Ninh")
    prov.province.import_file(xa.package([award(0), award(1)]))
    prov.province.import_file(xa.package([award(1, amount=1)]))  # conflict
    info = prov.province.write_ack(CODE, tmp_path / "a.khack")
    assert info.up_to_seq == 2 and info.accepted == 1 and info.returned == 1
    ack = open_ack(tmp_path / "a.khack")
    card = prov.province.key_card()
    ack.verify(card.signing_public_key(), expected_commune_code=CODE)
    assert ack.returned[0].uuid == str(uuid_mod.UUID(int=2)) and "Xung đột" in ack.returned[0].reason
    # the province's key stays the same across calls (stored in settings)
    assert prov.province.key_card().signing_fingerprint == card.signing_fingerprint


# -- aggregates, summary and exports ------------------------------------------------------------------
def test_summary_section_and_exports(prov, xa, tmp_path):
    from openpyxl import load_workbook

    from khuyenhoc_desktop.services.summary import summary

    prov.province.import_file(xa.package([award(i) for i in range(6)] + [learning_class(0), voucher(0),
                                          voucher(1, "chi", 300_000), voucher(2, "thu", 50, "void")]))
    s = summary(prov)
    # a province file has no records of its own: the commune's sections over every commune, and by commune
    assert list(s) == ["awards", "classes", "fund", "members", "learning_models", "by_commune"]
    assert s["by_commune"][CODE]["awards"]["count"] == 6
    f = s["fund"]
    assert (f["opening"], f["receipts"], f["payments"], f["balance"], f["vouchers"]) == (0, 1_000_000, 300_000,
                                                                                          700_000, 3)
    assert s["by_commune"][CODE]["fund"] == {"opening": 0, "receipts": 1_000_000, "payments": 300_000,
                                             "balance": 700_000, "vouchers": 3}
    assert sum(v["count"] for v in s["awards"]["by_level"].values()) == 6
    xlsx = prov.province.export_xlsx(tmp_path / "th.xlsx")
    wb = load_workbook(xlsx)
    assert "Theo xã" in wb.sheetnames and len(wb.sheetnames) == 7  # the last: Xã hội học tập
    pdf = prov.province.export_pdf(tmp_path / "th.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_commune_file_has_no_province_section(ws):
    from khuyenhoc_desktop.services.summary import summary

    assert "by_commune" not in summary(ws)


# -- atomicity ----------------------------------------------------------------------------------------
def test_failure_in_the_middle_of_a_package_rolls_everything_back(prov, xa, monkeypatch):
    from khuyenhoc_desktop.services import province as mod

    prov.province.import_file(xa.package([award(0)]))
    before = prov.province.checksum()

    def boom(*a):  # runs after the package's rows were written, inside its transaction
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(mod.ProvinceService, "_reconcile", staticmethod(boom))
    with pytest.raises(RuntimeError):
        prov.province.import_file(xa.package([award(i, 2) for i in range(10)]))
    assert prov.province.checksum() == before
    assert run_sql(prov.db, "SELECT COUNT(*) FROM prov_package").fetchone()[0] == 1


KILL_SCRIPT = r"""
from khuyenhoc_desktop.services.workspace import Workspace
ws = Workspace.open(sys.argv[1], role="province")
for i, path in enumerate(sys.argv[2:]):
    rep = ws.province.import_file(path)
    print("DONE", i, rep.status, flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill -9")
def test_kill_minus_nine_during_import_leaves_whole_packages(tmp_path):  # a file's own crash safety: SQLite only
    xa = Commune(tmp_path / "xa")
    db = tmp_path / "kill.db"
    with open_province(db) as ws:
        ws.province.register_commune(CODE, NAME, xa.card_path)
    paths = [xa.package([award(k * 4000 + i) for i in range(4000)]) for k in range(6)]
    # Killed as the second package is being recorded: the first is in whole, nothing of the second.
    kill_when_started(start_held(writes_to("prov_package"), 2, KILL_SCRIPT, str(db), *map(str, paths)))
    with open_province(db) as ws:
        assert ws.datafile.integrity_check() == "ok"
        seqs = [r[0] for r in ws.db.execute_sql("SELECT seq FROM prov_package ORDER BY seq")]
        assert seqs == [1]
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_record").fetchone()[0] == 4000
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_award").fetchone()[0] == 4000
        # the rest can still be imported
        reps = ws.province.import_files(paths)
        assert [r.status for r in reps] == ["already"] + ["applied"] * 5
        assert ws.db.execute_sql("SELECT COUNT(*) FROM prov_record").fetchone()[0] == 24_000


def test_dry_run_of_a_batch_checks_each_package_against_the_previous_ones(prov, xa):
    p1 = xa.package([award(0), award(1)])
    p2 = xa.package([award(0, 2), award(1, amount=3)])
    before = prov.province.checksum()
    reps = prov.province.import_files([p1, p2], dry_run=True)
    assert [r.status for r in reps] == ["dry_run", "dry_run"]
    assert reps[1].gaps == [] and reps[1].counts["updated"] == 1 and len(reps[1].rejected) == 1
    assert prov.province.checksum() == before
    reps = prov.province.import_files([p1, p2])
    assert [r.status for r in reps] == ["applied", "applied"] and len(reps[1].rejected) == 1


def _totals(agg):
    """The figures of the province (the ledger keeps import times, which differ between two files)."""
    return agg.awards, agg.classes, agg.fund, agg.by_commune


def test_batch_with_a_worker_process_gives_the_same_reports(tmp_path):
    xa = Commune(tmp_path / "xa")
    pkgs = [xa.package([award(k * 10 + i) for i in range(10)] + [award(0, k + 1, amount=k)]) for k in range(4)]
    bad = tmp_path / "bad.khsync"
    bad.write_bytes(pkgs[2].read_bytes()[:-30])
    batch = [pkgs[0], pkgs[1], bad, pkgs[1], pkgs[2], pkgs[3]]
    results = []
    for workers, name in ((0, "a.db"), (1, "b.db"), (2, "c.db")):  # two workers: reports still in file order
        with open_province(tmp_path / name) as ws:
            ws.province.register_commune(CODE, NAME, xa.card_path)
            ws.province.import_file(pkgs[0])
            dry = ws.province.import_files(batch, dry_run=True, workers=workers)
            reps = ws.province.import_files(batch, workers=workers)
            again = ws.province.import_files(batch, workers=workers)
            results.append(([(r.status, r.counts, r.gaps) for r in dry], [(r.status, r.counts) for r in reps],
                            [r.status for r in again], _totals(ws.province.aggregates())))
    assert results[0] == results[1] == results[2]
    assert [s for s, _ in results[1][1]] == ["already", "applied", "refused", "already", "applied", "applied"]
    assert results[1][2] == ["already", "already", "refused", "already", "already", "already"]


@pytest.mark.skipif(not hasattr(__import__("os"), "nice"), reason="os.nice: POSIX only")
def test_the_import_workers_run_below_the_writers_priority():
    """The writer is the import's critical path: its workers start at a lower priority (a higher nice value)."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from khuyenhoc_desktop.services.province.importer import _below_writer

    mine = os.nice(0)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_below_writer) as pool:
        theirs = pool.submit(os.nice, 0).result()
    assert theirs == min(mine + 15, 19)
