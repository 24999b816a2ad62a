"""The province's aggregates on stores already filled (issue #18: ≤ 1 s over 1.2 M awards, on both engines).

    python benchmarks/bench_province_aggregates.py STORE [STORE …] [--runs 3]

STORE is a province file or a postgresql:// URL, e.g. one that `bench_province_pg.py`'s packages were imported
into (200 communes × 6,000 awards + 30 classes + 500 vouchers). For each: `aggregates()` `--runs` times (best and
median), the time of each storage query in it, and the service calls of the province page's fill
(`ProvincePage.refresh`: communes, school years, aggregates, learning rows), with the load average. Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khuyenhoc_desktop.services.workspace import Workspace  # noqa: E402
from khuyenhoc_desktop.storage.province import communes, figures, learning, members, totals  # noqa: E402


def _timed_queries(spent: dict[str, float]) -> None:
    """Every public function of the storage modules `aggregates` reads through adds its time to `spent`."""
    for module in (totals, figures, learning, members, communes):
        short = module.__name__.rsplit(".", 1)[1]
        for name in dir(module):
            f = getattr(module, name)
            if name.startswith("_") or isinstance(f, type) or getattr(f, "__module__", "") != module.__name__:
                continue

            @functools.wraps(f)
            def timed(*a, _f=f, _key=f"{short}.{name}", **k):
                t0 = time.perf_counter()
                try:
                    return _f(*a, **k)
                finally:
                    spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - t0

            setattr(module, name, timed)


def measure(target: str, runs: int, spent: dict[str, float]) -> dict:
    ws = Workspace.open(target, role="province")
    try:
        times, queries = [], {}
        for _ in range(runs):
            spent.clear()
            t0 = time.perf_counter()
            agg = ws.province.aggregates()
            times.append(time.perf_counter() - t0)
            for k, v in spent.items():
                queries[k] = min(queries.get(k, v), v)
        page = {}
        for name, call in (("communes", ws.province.communes), ("school_years", ws.province.school_years),
                           ("aggregates", ws.province.aggregates), ("learning_rows", lambda: ws.province.learning_rows(agg))):
            t0 = time.perf_counter()
            call()
            page[name] = time.perf_counter() - t0
        return {"best": min(times), "median": statistics.median(times), "queries": queries, "page": page,
                "awards": agg.awards["count"], "communes": agg.communes, "load": os.getloadavg()[0]}
    finally:
        ws.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stores", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    spent: dict[str, float] = {}
    _timed_queries(spent)
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f} at the start\n")
    print("| store | communes | awards | aggregates best | median | slowest queries (best) | page's fill |")
    print("|---|---|---|---|---|---|---|")
    for target in args.stores:
        r = measure(target, args.runs, spent)
        slowest = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in sorted(r["queries"].items(), key=lambda kv: -kv[1])[:4])
        page = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in r["page"].items())
        engine = "PostgreSQL" if "://" in target else "SQLite"
        print(f"| {engine} | {r['communes']} | {r['awards']:,} | {r['best'] * 1000:.0f} ms | {r['median'] * 1000:.0f} ms | "
              f"{slowest} | {page} (load {r['load']:.1f}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
