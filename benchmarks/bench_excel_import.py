"""Excel import speed (issue #6): preview + import of a 10,000-row award sheet, target ≤ 3 s total.

    python benchmarks/bench_excel_import.py [--rows N] [--repeat R] [--out benchmarks/results/excel_import.md]

The workbook (title rows, Vietnamese headers, dd/mm/yyyy text dates, "200.000" money text) is made once
with openpyxl (not timed). Each repeat opens a fresh data file and measures `ws.excel.preview(...)` and
`ws.excel.commit(...)` (one transaction, bulk insert, audit rows). The best and median totals are reported.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Ngọc", "Đức", "Bảo"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Lan", "Linh", "Nam", "Phương", "Quân", "Trang", "Yến"]
CATEGORIES = ["Học sinh giỏi", "Học sinh xuất sắc", "Học sinh giỏi cấp tỉnh"]


def make_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(1)
    wb = Workbook()
    sh = wb.active
    sh.append(["ỦY BAN NHÂN DÂN XÃ TÂN DĨNH"])
    sh.append(["DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG NĂM HỌC 2024-2025"])
    sh.append([])
    sh.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Trường", "Thôn", "Loại thành tích", "Số tiền",
               "Ghi chú"])
    for i in range(1, rows + 1):
        sh.append([i, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                   f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2006, 2018)}",
                   rng.choice(["Nam", "Nữ"]), f"{rng.randint(1, 12)}A", "Trường THCS Tân Dĩnh",
                   f"Thôn {rng.randint(1, 8)}", rng.choice(CATEGORIES), f"{rng.choice([1, 2, 3, 5])}00.000", ""])
    wb.save(path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "excel_import.md"))
    args = ap.parse_args()
    from khuyenhoc_desktop.domain.awards import AwardFilter
    from khuyenhoc_desktop.services.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="khbench-excel-"))
    os.environ.setdefault("KHUYENHOC_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("KHUYENHOC_DATA_DIR", str(tmp / "data"))
    book = tmp / "khen.xlsx"
    make_workbook(book, args.rows)
    results = []
    for n in range(args.repeat):
        with Workspace.open(tmp / f"bench{n}.db") as ws:
            t0 = time.perf_counter()
            pv = ws.excel.preview(book, "awards", school_year="2024-2025")
            t1 = time.perf_counter()
            result = ws.excel.commit(pv)
            t2 = time.perf_counter()
            assert result.imported == args.rows, result.message
            assert ws.awards.count_and_total(AwardFilter())[0] == args.rows
            results.append((t1 - t0, t2 - t1, t2 - t0))
    best = min(results, key=lambda r: r[2])
    median_total = statistics.median(r[2] for r in results)
    verdict = "✅ đạt" if best[2] <= 3.0 else "❌ chưa đạt"
    import openpyxl

    report = f"""# Excel import benchmark (issue #6)

- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
- Machine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs
- Python {platform.python_version()}, openpyxl {openpyxl.__version__}
- Workbook: {args.rows:,} award rows (title rows, Vietnamese headers, text dates and money), {book.stat().st_size // 1024} KB
- Runs: {args.repeat}, each on a fresh data file

| step | best run (s) |
|---|---|
| preview (read + validate + data-file checks) | {best[0]:.2f} |
| import (one transaction: bulk insert + audit rows + catalogue) | {best[1]:.2f} |
| **total** | **{best[2]:.2f}** |

Median total over {args.repeat} runs: {median_total:.2f} s. Target ≤ 3 s total: {verdict}.

All runs (preview / import / total, s): {', '.join(f'{a:.2f}/{b:.2f}/{c:.2f}' for a, b, c in results)}
"""
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
