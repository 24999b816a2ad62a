"""Báo cáo sơ kết / tổng kết speed (issue #6): `period_report` over a file with 100,000 awards.

    python benchmarks/bench_report.py [--awards N] [--repeat R] [--out benchmarks/results/report.md]

Target: ≤ 2 s for one report (awards, fund, classes, meetings; this period and last year's).
Floor: a raw sqlite3 `SELECT category, COUNT(*), SUM(amount) FROM award GROUP BY category` on the same file.
The data file is made with `demo.fill(ws, awards=N, seed=1)` and cached under /tmp/khbench/.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import time
from datetime import datetime
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--awards", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "report.md"))
    args = ap.parse_args()

    from khuyenhoc_desktop.services import demo
    from khuyenhoc_desktop.services.reporting import period_report
    from khuyenhoc_desktop.services.workspace import Workspace

    folder = Path("/tmp/khbench")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"report_{args.awards}.db"
    if not path.exists():
        t = time.perf_counter()
        with Workspace.open(path) as ws:
            demo.fill(ws, awards=args.awards, seed=1)
        print(f"made {path} in {time.perf_counter() - t:.1f} s")

    with Workspace.open(path) as ws:
        n = ws.db.execute_sql("SELECT COUNT(*) FROM award WHERE deleted = 0").fetchone()[0]
        year = datetime.now().year
        results = {}
        for code in (str(year), f"{year}-H1", str(year - 1)):
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                report = period_report(ws, code)
                times.append(time.perf_counter() - t)
            results[code] = (min(times), statistics.median(times), report.awards_count.value)
    con = sqlite3.connect(path)
    floor = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        con.execute("SELECT category, COUNT(*), SUM(amount) FROM award WHERE deleted = 0 GROUP BY category").fetchall()
        floor.append(time.perf_counter() - t)
    con.close()

    lines = [
        "# Báo cáo sơ kết / tổng kết — `period_report` speed",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {platform.node()} — {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"- data file: {n:,} awards (demo seed 1) plus the demo fund, classes, meetings",
        f"- repeats: {args.repeat} (min / median)",
        "",
        "| period | awards in period | min | median | target |",
        "|---|---:|---:|---:|---|",
    ]
    for code, (best, med, count) in results.items():
        ok = "✓" if med <= 2.0 else "✗"
        lines.append(f"| {code} | {count:,} | {best * 1000:.0f} ms | {med * 1000:.0f} ms | ≤ 2 s {ok} |")
    lines += [
        f"| floor: raw sqlite3 GROUP BY category | {n:,} | {min(floor) * 1000:.0f} ms | "
        f"{statistics.median(floor) * 1000:.0f} ms | — |",
        "",
        "One report = 1 GROUP BY scan of the awards (both periods at once), 1 of the vouchers, 1 of the classes,",
        "1 of the meetings, and 2 balance sums.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
