"""The national roll-up at the scale of the country: 34 provinces × N communes, each package with every
date and three school years.

    python benchmarks/bench_national.py [--communes 100] [--repeat 3] [--out benchmarks/results/national.md]

Timed, best of `--repeat`, on a fresh SQLite hub each time:

* export: writing the 34 signed province packages from their figure lines (`write_province_package`);
* import: `national import` of the 34 packages (verify, ledger, figures) into the hub, one transaction each;
* floor, measured in the same run: opening and verifying the same 34 files (signature, hashes, lines) plus
  one `executemany` of the same figure rows into a plain SQLite table — what any import must do at least;
* import again (every package "đã nhập"), and the national `summary` over the 34 provinces.

The process exits with 1 when the import takes more than `--bound` (default 3) × the floor.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KHUYENHOC_KEY_STORE", "file")

PERIODS = ["", "2023-2024", "2024-2025", "2025-2026"]


def figures(seed: int) -> dict:
    """One unit's block in the summary's shape (numbers vary with `seed`)."""
    n = seed % 97 + 3
    return {"awards": {"count": n, "amount": n * 350_000, "pending": {"count": seed % 5, "amount": (seed % 5) * 100_000}},
            "classes": {"count": n // 3, "learners": n * 7, "women": n * 3, "minority": seed % 4},
            "fund": {"opening": 1_000_000, "receipts": n * 500_000, "payments": n * 300_000,
                     "balance": 1_000_000 + n * 200_000, "vouchers": n * 2},
            "members": {"count": n * 20, "new": n, "left": 1, "units": {"chi_hoi": 8, "ban_khuyen_hoc": 1, "to_hoi": 0},
                        "population": n * 1000, "percent_of_population": 2.0,
                        "dues": {"due": None, "collected": n * 10_000, "submitted": n * 2_000}},
            "learning_models": {"year": 2026, **{k: {"total": n, "registered": n // 2, "recognised": n // 3}
                                                 for k in ("family", "clan", "community", "unit")},
                                "citizen": {"registered": n, "recognised": n // 2}}}


def province_lines(p: int, communes: int) -> list[tuple[str, str, str, dict]]:
    lines = []
    for period in PERIODS:
        lines.append((period, "", f"Tỉnh {p}", figures(p)))
        lines += [(period, f"{p:02d}{c:03d}", f"Xã {c}", figures(p * 1000 + c)) for c in range(communes)]
    return lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bound", type=float, default=3.0)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "national.md"))
    args = ap.parse_args()

    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.sync import KeyCard, generate_signing_key
    from khuyenhoc_desktop.sync.province_package import open_province_package, write_province_package

    tmp = Path(tempfile.mkdtemp(prefix="khnat-"))
    os.environ.setdefault("KHUYENHOC_DATA_DIR", str(tmp / "data"))
    os.environ.setdefault("KHUYENHOC_CONFIG_DIR", str(tmp / "config"))
    keys = {p: generate_signing_key() for p in range(1, 35)}
    lines = {p: province_lines(p, args.communes) for p in keys}
    cards = {}
    for p, key in keys.items():
        cards[p] = KeyCard.for_keys("province", f"{p:02d}", f"Tỉnh {p}", key).save(tmp / f"{p:02d}.khkey")

    def export() -> list[Path]:
        return [write_province_package(tmp / f"{p:02d}.khprov", key, province_code=f"{p:02d}", province_name=f"Tỉnh {p}",
                                       seq=1, prev_package_sha256=None, schema_version=27, lines=lines[p],
                                       periods=PERIODS).path for p, key in keys.items()]

    t = time.perf_counter()
    files = export()
    best_export = time.perf_counter() - t
    for _ in range(args.repeat - 1):
        t = time.perf_counter()
        export()
        best_export = min(best_export, time.perf_counter() - t)
    rows = sum(len(v) for v in lines.values())

    def floor() -> float:
        t = time.perf_counter()
        prepared = []
        for p, f in zip(keys, files):
            pkg = open_province_package(f)
            pkg.verify(keys[p].public_key())
            prepared += [(pkg.province_code, line.period, line.commune_code, line.name, 1, line.raw) for line in pkg.lines]
        conn = sqlite3.connect(tmp / f"floor-{time.time_ns()}.db")
        conn.execute("CREATE TABLE f (province_code TEXT, period TEXT, commune_code TEXT, name TEXT, seq INTEGER,"
                     " figures TEXT, PRIMARY KEY (province_code, period, commune_code))")
        with conn:
            conn.executemany("INSERT INTO f VALUES (?, ?, ?, ?, ?, ?)", prepared)
        conn.close()
        return time.perf_counter() - t

    results = {"import": float("inf"), "again": float("inf"), "summary": float("inf"), "floor": float("inf")}
    for i in range(args.repeat):
        results["floor"] = min(results["floor"], floor())
        with Workspace.open(tmp / f"tw-{i}.db", role="national") as ws:
            for p in keys:
                ws.national.register_province(f"{p:02d}", f"Tỉnh {p}", cards[p])
            t = time.perf_counter()
            reports = ws.national.import_files(files)
            results["import"] = min(results["import"], time.perf_counter() - t)
            assert all(r.status == "applied" for r in reports), [r.message for r in reports if not r.ok][:3]
            t = time.perf_counter()
            again = ws.national.import_files(files)
            results["again"] = min(results["again"], time.perf_counter() - t)
            assert all(r.status == "already" for r in again)
            t = time.perf_counter()
            from khuyenhoc_desktop.services.summary import summary

            nat = summary(ws)
            results["summary"] = min(results["summary"], time.perf_counter() - t)
            want = sum(f["awards"]["count"] for p in keys for period, c, _n, f in lines[p] if period == "" and c == "")
            assert nat["awards"]["count"] == want and len(nat["by_commune"]) == 34 * args.communes
    ratio = results["import"] / results["floor"]
    size = sum(f.stat().st_size for f in files)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = [
        f"# National roll-up — {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"34 provinces × {args.communes} communes × {len(PERIODS)} periods = {rows:,} figure lines "
        f"({size / 1e6:.1f} MB of packages); best of {args.repeat}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {load:.1f}; SQLite hub.",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| export: write 34 signed packages | {best_export:.3f} |",
        f"| import 34 packages (verify, ledger, figures) | {results['import']:.3f} |",
        f"| floor: verify the 34 files + one executemany of their rows | {results['floor']:.3f} |",
        f"| import again (34 × đã nhập) | {results['again']:.3f} |",
        f"| national summary | {results['summary']:.3f} |",
        "",
        f"Import / floor = {ratio:.2f} (bound {args.bound}).",
    ]
    text = "\n".join(report) + "\n"
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0 if ratio <= args.bound else 1


if __name__ == "__main__":
    sys.exit(main())
