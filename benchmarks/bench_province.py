"""Province import benchmark (issue #5): 200 communes × (6,000 awards + 30 classes + 500 vouchers).

    python benchmarks/bench_province.py [--communes 200] [--out benchmarks/results/province.md]

Making 200 commune data files with the demo generator and exporting them would take far longer
than the import itself, so the packages are written directly with `sync.PackageWriter` from
synthetic rows shaped like the commune export (award rows with every column of the award table),
and cached under /tmp/khbench/v2 (delete the folder to rebuild them).

Measures, in one run: importing every package into a new province file; importing them all again
(ledger check only); the aggregate (totals by commune and by every award dimension) over the
1.2 M awards; and the floor: plain `sqlite3.executemany` of exactly the same prepared rows into the
same tables (same indexes and PRAGMAs, one transaction per commune), with no parsing or checking.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import time
import uuid as uuid_mod
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khuyenhoc_desktop.services.workspace import Workspace  # noqa: E402
from khuyenhoc_desktop.storage.database import PRAGMAS  # noqa: E402
from khuyenhoc_desktop.sync import (  # noqa: E402
    KeyCard,
    PackageWriter,
    generate_signing_key,
    load_private_key_pem,
    open_package,
    private_key_to_pem,
)

CACHE = Path("/tmp/khbench/v2")
AWARDS, CLASSES, VOUCHERS = 6000, 30, 500
HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
TEN = ["Minh Anh", "Thị Hồng Nhung", "Văn Đức", "Ngọc Ánh", "Quốc Bảo", "Thu Trang", "Hải Đăng", "Khánh Linh"]
CATS = ["Học sinh giỏi", "Học sinh vượt khó", "Thi đỗ đại học", "Giáo viên dạy giỏi", "Gia đình hiếu học"]
LEVELS = ["Xã", "Huyện", "Tỉnh", "Quốc gia"]
SOURCES = ["Quỹ hội", "Công ty TNHH Minh Phát", "Ngân hàng Agribank", "Dòng họ Nguyễn Đình", "UBND xã"]
YEARS = ["2022-2023", "2023-2024", "2024-2025"]
FIELDS = ["Nông nghiệp", "Pháp luật", "Sức khỏe", "Tin học và kỹ năng số", "Nghề"]
TS = "2025-11-27T10:00:00+00:00"


def _u(rng: random.Random) -> str:
    return str(uuid_mod.UUID(int=rng.getrandbits(128), version=4))


def commune_rows(k: int):
    rng = random.Random(k)
    for i in range(AWARDS):
        u = _u(rng)
        name = f"{rng.choice(HO)} {rng.choice(TEN)}"
        data = {"uuid": u, "version": 1, "created_at": TS, "updated_at": TS, "deleted": 0,
                "school_year": rng.choice(YEARS), "batch": "Đợt 1", "full_name": name,
                "family_name": name.split()[0], "middle_name": "", "given_name": name.split()[-1],
                "birth_date": f"201{rng.randint(0, 9)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "birth_year": 2012,
                "gender": rng.choice(["Nam", "Nữ"]), "parent_name": f"{rng.choice(HO)} Văn Hùng",
                "village": f"Thôn {rng.randint(1, 12)}", "class_name": f"{rng.randint(1, 12)}A", "school": "Trường THCS",
                "category": rng.choice(CATS), "level": rng.choice(LEVELS), "prize": rng.choice(["Nhất", "Nhì", "Ba"]),
                "subject": "Toán", "achievement": "Học sinh giỏi cấp huyện", "award_form": "Tiền",
                "amount": rng.choice([200_000, 300_000, 500_000, 1_000_000]), "funding_source": rng.choice(SOURCES),
                "decision_no": f"{i}/QĐ-KH", "decision_date": "2025-05-30", "register_no": f"SV-{i}",
                "printed_at": None, "status": "approved", "note": ""}
        yield {"op": "upsert", "table": "award", "uuid": u, "version": 1, "updated_at": TS, "data": data}
    for i in range(CLASSES):
        u = _u(rng)
        learners = rng.randint(10, 80)
        yield {"op": "upsert", "table": "learning_class", "uuid": u, "version": 1, "updated_at": TS, "data": {
            "uuid": u, "version": 1, "created_at": TS, "updated_at": TS, "deleted": 0, "name": f"Lớp {i}",
            "field": rng.choice(FIELDS), "form": "Tập trung", "partner": "Hội Nông dân", "speaker": "KS. Bình",
            "venue": "Nhà văn hóa", "start_date": "2025-03-01", "end_date": "2025-03-02", "sessions": 2,
            "learners": learners, "women": learners // 2, "minority": 1, "budget": 0, "voucher_uuid": None,
            "result": "", "note": "", "school_year": "2024-2025", "year": 2025}}
    for i in range(VOUCHERS):
        u = _u(rng)
        kind = "thu" if i % 3 else "chi"
        yield {"op": "upsert", "table": "voucher", "uuid": u, "version": 1, "updated_at": TS, "data": {
            "uuid": u, "version": 1, "created_at": TS, "updated_at": TS, "deleted": 0, "kind": kind, "year": 2025,
            "seq": i + 1, "number": f"P{i + 1}", "voucher_date": "2025-04-01", "posting_date": "2025-04-01",
            "person": "Công ty Minh Phát", "address": "", "reason": "Ủng hộ quỹ", "item": "Ủng hộ",
            "amount": rng.randint(1, 50) * 100_000, "method": "cash", "attachments": 0, "preparer": "Kế toán",
            "status": "posted", "void_reason": "", "voided_at": None, "reverses_uuid": None, "note": ""}}


def build_packages(n: int) -> list[tuple[str, Path, Path]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    t0 = time.perf_counter()
    for k in range(n):
        code = f"{10000 + k:05d}"
        pkg, card, pem = CACHE / f"{code}.khsync", CACHE / f"{code}.khkey", CACHE / f"{code}.pem"
        if not pkg.exists():
            key = generate_signing_key()
            pem.write_bytes(private_key_to_pem(key))
            KeyCard.for_keys("commune", code, f"Xã {k}", key).save(card)
            pairs: dict[str, list] = {}
            with PackageWriter() as w:
                for row in commune_rows(k):
                    w.add_change(row)
                    pairs.setdefault(row["table"], []).append((row["uuid"], row["version"]))
                for table, p in pairs.items():  # as the commune export does: the province checks it
                    w.set_reconciliation(table, p)
                w.finish(pkg, load_private_key_pem(pem.read_bytes()), {
                    "sender": {"commune_code": code, "commune_name": f"Xã {k}", "province_code": "24"},
                    "seq": 1, "prev_package_sha256": None, "schema_version": 5})
        out.append((code, pkg, card))
    print(f"packages ready in {time.perf_counter() - t0:.1f} s", flush=True)
    return out


def floor_rows(packages):
    """The exact rows the importer writes, prepared outside the timing (parse + hash + typing)."""
    from khuyenhoc_desktop.services.province import rows as prov
    from khuyenhoc_desktop.storage.province import mirror

    prepared = []
    for code, path, card in packages:
        pkg = open_package(path)
        pkg.verify(KeyCard.load(card).signing_key)
        lines = pkg.read_file("changes.jsonl").decode("utf-8").split("\n")
        records, typed = [], {"award": [], "learning_class": [], "voucher": []}
        for ch in pkg.iter_changes():
            line = lines[ch.line - 1] if ch.table in mirror.LINE_TABLES else None
            records.append((code, ch.uuid, ch.table, ch.version, prov.content_hash(ch.data), 0, ch.updated_at, 1, "",
                            line))
            typed[ch.table].append(prov.typed_row(ch.table, code, ch.uuid, ch.data, 0))
        prepared.append((records, typed))
    return prepared


def run_floor(prepared, path: Path) -> float:
    from khuyenhoc_desktop.storage.province import mirror

    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        p.unlink(missing_ok=True)
    # The tables as the program makes them today (every migration applied: columns such as
    # prov_award.status, indexes and triggers), not as one old migration wrote them.
    Workspace.open(path, role="province").close()
    conn = sqlite3.connect(path, isolation_level=None)
    for k, v in PRAGMAS.items():
        conn.execute(f"PRAGMA {k} = {v}")
    t0 = time.perf_counter()
    for records, typed in prepared:
        conn.execute("BEGIN")
        conn.executemany(mirror.RECORD_SQL, records)
        for table, rows in typed.items():
            conn.executemany(mirror.TYPED_SQL[table], rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=200)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/province.md"))
    args = ap.parse_args()
    packages = build_packages(args.communes)
    work = CACHE.parent / "run"
    work.mkdir(exist_ok=True)
    db = work / "tinh.db"
    for p in work.glob("tinh.db*"):
        p.unlink()
    ws = Workspace.open(db, role="province")
    for code, _, card in packages:
        ws.province.register_commune(code, code, card)
    paths = [p for _, p, _ in packages]
    n_rows = args.communes * (AWARDS + CLASSES + VOUCHERS)

    t0 = time.perf_counter()
    reps = ws.province.import_files(paths)
    t_import = time.perf_counter() - t0
    assert all(r.status == "applied" and not r.rejected for r in reps), [r.message for r in reps if r.status != "applied"]
    t0 = time.perf_counter()
    reps = ws.province.import_files(paths)
    t_again = time.perf_counter() - t0
    assert all(r.status == "already" for r in reps)
    t0 = time.perf_counter()
    agg = ws.province.aggregates()
    t_agg = time.perf_counter() - t0
    assert agg.awards["count"] == args.communes * AWARDS
    ws.close()

    prepared = floor_rows(packages)
    t_floor = run_floor(prepared, work / "floor.db")
    del prepared
    ratio = t_floor / t_import
    size = db.stat().st_size / 2**20
    lines = [
        "# Province import benchmark",
        "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        f"- Workload: {args.communes} communes × ({AWARDS:,} awards + {CLASSES} classes + {VOUCHERS} vouchers) = "
        f"{n_rows:,} change rows in {args.communes} signed packages (one per commune). Packages are generated "
        "directly with `PackageWriter` from synthetic rows shaped like the commune export (not with the demo "
        "generator + `export_package`, which would take far longer) and cached under /tmp/khbench/v2; like a real export, each carries the per-table reconciliation, "
        "which the importer checks against its mirror.",
        "- The province file keeps its normal settings (WAL, synchronous=FULL); one transaction per package. "
        "`import_files` verifies and prepares the next package in one worker process while the main process "
        "applies the current one (ledger, per-row rules and all writes stay in the main process).",
        "",
        "| measure | result | budget |",
        "|---|---|---|",
        f"| import every package (open + verify signature, hashes and rows + per-row rules + write) | "
        f"{t_import:.1f} s ({n_rows / t_import:,.0f} rows/s) | ≤ 60 s |",
        f"| import every package again (ledger: \"đã nhập\") | {t_again:.2f} s | ≤ 5 s |",
        f"| aggregates over {args.communes * AWARDS:,} awards (by commune, school year, category, level, funding "
        f"source; classes by field; fund by commune) | {t_agg * 1000:.0f} ms | ≤ 1 s |",
        f"| floor: plain `executemany` of the same prepared rows into the same tables | {t_floor:.1f} s "
        f"({n_rows / t_floor:,.0f} rows/s) | — |",
        f"| import throughput ÷ floor throughput | {ratio:.2f} | ≥ 0.5 |",
        "",
        f"Province file after import: {size:.0f} MiB (each record is kept as the change row the commune sent).",
        "",
        "Notes: the floor writes rows that were already opened, verified, parsed and typed outside the timing, so",
        "the ratio charges the importer for the format's mandatory verification (signature, hashes, parsing and",
        "validating every row in `Package.verify`, about 15 µs a row — as much as the floor itself; done in one",
        "process it caps the ratio near 0.5, hence the worker process). The importer does not re-encode rows (it",
        "stores the verified line) and computes content hashes only for equal versions.",
        "The machine's 2 CPUs are shared with other processes: repeated runs vary by about ±10 %.",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
