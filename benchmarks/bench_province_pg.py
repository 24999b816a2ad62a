"""The province store on both engines (issue #18): N communes × (6,000 awards + 30 classes + 500 vouchers).

    python benchmarks/bench_province_pg.py [--communes 20 200] [--out benchmarks/results/province_pg.md]

The packages are the ones of benchmarks/bench_province.py (cached under /tmp/khbench/v2). For each number
of communes, in one run:

* SQLite: import into a new province file, import again, aggregates; floor = plain `executemany` of the
  same prepared rows into the same tables (bench_province.run_floor);
* PostgreSQL (a throw-away cluster with PostgreSQL's default durability, on 127.0.0.1): the same with the
  package rows written by COPY (the program's default, storage/province/server_writes.py) and with
  psycopg's `executemany` of the upsert; floor = COPY of the same prepared rows straight into the empty
  tables, one transaction per commune, nothing checked or upserted.

Each floor is run right before and right after the import it is compared with, and the two are averaged.
The ratio import ÷ floor compares throughputs (floor time ÷ import time). `--write-paths N` also times the
PostgreSQL write alone (COPY against `executemany`, alternated) on N communes' prepared rows.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_province as bp  # noqa: E402

from khuyenhoc_desktop.services.workspace import Workspace  # noqa: E402
from khuyenhoc_desktop.storage.province import mirror, server_writes  # noqa: E402
from tests.pg_helpers import PgServer  # noqa: E402


def run_import(target: str, packages, method: str | None = None) -> dict:
    if method:
        server_writes.DEFAULT_METHOD = method
    ws = Workspace.open(target, role="province")
    for code, _, card in packages:
        ws.province.register_commune(code, code, card)
    paths = [p for _, p, _ in packages]
    t0 = time.perf_counter()
    reps = ws.province.import_files(paths)
    t_import = time.perf_counter() - t0
    assert all(r.status == "applied" and not r.rejected for r in reps), [r.message for r in reps if r.status != "applied"]
    t0 = time.perf_counter()
    reps = ws.province.import_files(paths)
    t_again = time.perf_counter() - t0
    assert all(r.status == "already" for r in reps)
    best = None
    for _ in range(3):  # the best of three (the first also warms the caches)
        t0 = time.perf_counter()
        agg = ws.province.aggregates()
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    assert agg.awards["count"] == len(packages) * bp.AWARDS
    size = None
    if "://" in target:
        size = ws.db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]
    ws.close()
    server_writes.DEFAULT_METHOD = "copy"
    return {"import": t_import, "again": t_again, "aggregates": best, "size": size}


def pg_floor(url: str, prepared) -> float:
    """COPY of the prepared rows straight into the store's empty tables (made by the program)."""
    Workspace.open(url, role="province").close()
    import psycopg

    from khuyenhoc_desktop.storage.server import ServerAddress

    a = ServerAddress.parse(url)
    conn = psycopg.connect(host=a.host, port=a.port, user=a.user, dbname=a.dbname)
    shapes = {"record": server_writes._shape(mirror.RECORD_SQL)}
    shapes.update({t: server_writes._shape(sql) for t, sql in mirror.TYPED_SQL.items()})
    t0 = time.perf_counter()
    for records, typed in prepared:
        with conn.transaction(), conn.cursor() as cur:
            for name, rows in (("record", records), *typed.items()):
                table, columns, _keys = shapes[name]
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def write_paths(server: PgServer, communes: int = 10, repeats: int = 3) -> list[str]:
    """The PostgreSQL write of an import alone, COPY against `executemany`, on the same prepared rows:
    first rows of the communes (COPY straight into the tables) and the same rows written again (COPY into
    the staging table + upsert, against the upsert by `executemany`). Alternated, best of `repeats`."""
    from khuyenhoc_desktop.storage.server import ServerStore

    prepared = bp.floor_rows(bp.build_packages(communes))
    best: dict[tuple[str, str], float] = {}
    for _ in range(repeats):
        for method in ("copy", "executemany"):
            url = server.new_database(with_schema=False)
            store = ServerStore.open(url)
            for phase in ("first", "again"):
                t0 = time.perf_counter()
                for records, typed in prepared:
                    with store.db.atomic():
                        server_writes.write(store.db, [(mirror.RECORD_SQL, records)]
                                            + [(mirror.TYPED_SQL[t], r) for t, r in typed.items()],
                                            method=method, fresh=phase == "first" and method == "copy")
                elapsed = time.perf_counter() - t0
                best[(method, phase)] = min(best.get((method, phase), elapsed), elapsed)
            store.close()
            server.drop_database(url)
    rows = communes * (bp.AWARDS + bp.CLASSES + bp.VOUCHERS)
    out = ["", f"Write path alone, {communes} communes ({rows:,} rows, prepared outside the timing), best of {repeats}:", "",
           "| rows | COPY | executemany | executemany ÷ COPY |", "|---|---|---|---|"]
    for phase, label in (("first", "first rows of each commune (COPY straight into the tables)"),
                         ("again", "the same rows again (COPY into a staging table + upsert)")):
        c, e = best[("copy", phase)], best[("executemany", phase)]
        out.append(f"| {label} | {c:.2f} s | {e:.2f} s | {e / c:.1f} × |")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, nargs="*", default=[20, 200])
    ap.add_argument("--write-paths", type=int, default=0, metavar="N",
                    help="also time the write path alone on N communes (COPY against executemany)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/province_pg.md"))
    ap.add_argument("--work", default=str(bp.CACHE.parent / "run-pg"),
                    help="folder for the SQLite files of the run (one per concurrent run)")
    args = ap.parse_args()
    server = PgServer.start(durable=True)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in args.communes:
            packages = bp.build_packages(n)
            rows = n * (bp.AWARDS + bp.CLASSES + bp.VOUCHERS)
            for p in work.glob("tinh*.db*"):
                p.unlink()
            sqlite_file = work / "tinh.db"
            r = {"communes": n, "rows": rows}
            # The floors are measured right before and right after the import they are compared with, and
            # averaged: the host's speed drifts by up to a third within minutes, and a floor measured once,
            # minutes away, made the ratio follow that drift more than the import. The prepared rows stay in
            # memory meanwhile, frozen out of the collector's passes over this process's objects (the writer's).
            prepared = bp.floor_rows(packages)
            gc.freeze()

            def sqlite_floor() -> float:
                return bp.run_floor(prepared, work / "floor.db")

            def copy_floor() -> float:
                url = server.new_database(with_schema=False)
                try:
                    return pg_floor(url, prepared)
                finally:
                    server.drop_database(url)

            before = sqlite_floor()
            r["sqlite"] = run_import(str(sqlite_file), packages)
            r["sqlite"]["size"] = sqlite_file.stat().st_size
            r["sqlite_floors"] = (before, sqlite_floor())
            print(n, "sqlite", r["sqlite"], r["sqlite_floors"], flush=True)
            before = copy_floor()
            for method in ("copy", "executemany"):
                url = server.new_database(with_schema=False)
                r[method] = run_import(url, packages, method)
                print(n, method, r[method], flush=True)
                server.drop_database(url)
                if method == "copy":
                    r["pg_floors"] = (before, copy_floor())
                    print(n, "COPY floors", r["pg_floors"], flush=True)
            r["sqlite_floor"] = sum(r["sqlite_floors"]) / 2
            r["pg_floor"] = sum(r["pg_floors"]) / 2
            del prepared
            gc.unfreeze()
            gc.collect()
            results.append(r)
        version = server.version()
        extra = write_paths(server, args.write_paths) if args.write_paths else []
    finally:
        server.stop()

    lines = [
        "# Province store on SQLite and PostgreSQL",
        "",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs (shared with other "
        f"sessions); {platform.system()} {platform.release()}; Python {platform.python_version()}; SQLite "
        f"{sqlite3.sqlite_version}; PostgreSQL {version or '15 (Debian)'} on 127.0.0.1 with its default durability "
        f"(fsync on, synchronous_commit on); load average {os.getloadavg()[0]:.1f} at the end",
        f"- Workload: N communes × ({bp.AWARDS:,} awards + {bp.CLASSES} classes + {bp.VOUCHERS} vouchers), one signed "
        "package each (benchmarks/bench_province.py's packages); one transaction per package.",
        "",
        "| communes | rows | engine / write | first import | rows/s | import again | aggregates | floor (before / after) | "
        "import ÷ floor | store size |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for key, label, floor, pair in (("sqlite", "SQLite / executemany", r["sqlite_floor"], r["sqlite_floors"]),
                                        ("copy", "PostgreSQL / COPY", r["pg_floor"], r["pg_floors"]),
                                        ("executemany", "PostgreSQL / executemany", r["pg_floor"], r["pg_floors"])):
            m = r[key]
            floors = " / ".join(f"{f:.1f}" for f in pair)
            lines.append(
                f"| {r['communes']} | {r['rows']:,} | {label} | {m['import']:.1f} s | {r['rows'] / m['import']:,.0f} | "
                f"{m['again']:.2f} s | {m['aggregates'] * 1000:.0f} ms | {floor:.1f} s ({floors}) | "
                f"{floor / m['import']:.2f} | {m['size'] / 2**20:.0f} MiB |")
    lines += [
        "",
        "Floors: SQLite — `executemany` of the same prepared rows into a file made by the program; PostgreSQL — COPY",
        "of the same prepared rows straight into the empty tables (no upsert, no staging table). Both floors get",
        "rows already opened, verified, parsed and typed outside the timing. Each floor is the mean of one run right",
        "before and one right after the import it is compared with (the PostgreSQL executemany import follows the",
        "COPY one and takes the same floors).",
    ]
    if len(results) > 1:
        a, b = results[0], results[-1]
        for key, label in (("sqlite", "SQLite"), ("copy", "PostgreSQL / COPY")):
            per_a, per_b = a[key]["import"] / a["communes"], b[key]["import"] / b["communes"]
            lines.append(f"- Growth, {label}: {per_a:.2f} s per commune at {a['communes']} communes, {per_b:.2f} s at "
                         f"{b['communes']} (×{per_b / per_a:.2f}).")
    lines += extra
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
