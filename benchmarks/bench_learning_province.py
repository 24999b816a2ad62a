"""Learning models at the province (issue #16 part 6): C communes (default 100) with S households, dòng họ, thôn
and units each (default 1,000) and two years of registrations (80 % each year) in the province's copies — the
time of the province's learning counts (`Aggregates._learning_by_commune`) and of the whole `aggregates()`.

    python benchmarks/bench_learning_province.py [--communes C] [--subjects S] [--out benchmarks/results/learning_province.md]

The rows are written straight into the `prov_learning_*` copies (as an import writes them), not imported from
packages: what is measured is the counting.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
import uuid
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=100)
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "learning_province.md"))
    args = ap.parse_args()

    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.storage.province import mirror

    rng = random.Random(1)
    typed: dict[str, list[tuple]] = {"learning_subject": [], "learning_registration": [], "learning_citizen_count": []}
    for c in range(args.communes):
        code = f"{c:05d}"
        for i in range(args.subjects):
            kind = "family" if i < 0.9 * args.subjects else rng.choice(("clan", "community", "unit"))
            subject = str(uuid.uuid4())
            typed["learning_subject"].append((code, subject, kind, f"Thôn {i % 8 + 1}", 4, 0))
            for year in (2025, 2026):
                if rng.random() < 0.8:
                    status = rng.choice(("registered", "assessed", "accepted", "recognised"))
                    typed["learning_registration"].append((code, str(uuid.uuid4()), subject, year, status, "", 0))
        for g in range(4):
            typed["learning_citizen_count"].append((code, str(uuid.uuid4()), 2026, f"Nhóm {g}", 100, 70, 0))
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "tinh.db", role="province") as prov:
        with prov.db.atomic():
            mirror.write(prov.db, [], typed)
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            prov.province._learning_by_commune(2026, lambda code: {})
            part = time.perf_counter() - t
            t = time.perf_counter()
            prov.province.aggregates()
            whole = time.perf_counter() - t
            runs.append((part, whole))
    part = sorted(r[0] for r in runs)[len(runs) // 2]
    whole = sorted(r[1] for r in runs)[len(runs) // 2]
    lines = [
        "# Learning models at the province",
        "",
        f"{time.strftime('%Y-%m-%d')}, {platform.python_version()}, {platform.machine()}; "
        f"{args.communes} communes × {args.subjects:,} subjects = {len(typed['learning_subject']):,} subjects, "
        f"{len(typed['learning_registration']):,} registrations (two years).",
        "",
        "| what | median of 5 |",
        "|---|---|",
        f"| learning counts by commune and model (`_learning_by_commune`) | {part * 1000:.0f} ms |",
        f"| the whole `aggregates()` (no awards, classes or fund rows) | {whole * 1000:.0f} ms |",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
