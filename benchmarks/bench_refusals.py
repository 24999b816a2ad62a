"""Hostile inputs are refused at once: each against a floor measured in the same run.

    python benchmarks/bench_refusals.py [--repeat 3] [--out benchmarks/results/refusals.md]

These are the time limits the unit tests used to assert in seconds (which depend on the machine and
its load). Here each refusal is timed next to the cheapest honest operation of the same kind on the
same machine, and the ratio must stay under its bound:

* a .khbak header asking for scrypt n = 2²³ (8 GB) vs inspecting a genuine backup's header;
* a sheet with one stray cell at ZZ100000 (with and without its dimension tag) vs reading a two-row sheet;
* a sheet member that inflates 200× vs reading a two-row sheet;
* a province package with seq 30,000,000 (plus a permitted jump and the aggregates) vs importing the
  next package in the chain;
* 100 calls of `ensure_fonts()` once the fonts are cached vs 100 `stat()`s of the font files;
* previewing 10,000 award rows vs reading the same workbook's cells without parsing them.

The process exits with 1 when a ratio is over its bound.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KHUYENHOC_KEY_STORE", "file")


def best_of(repeat: int, fn, setup=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        arg = setup() if setup else None
        t = time.perf_counter()
        fn(arg) if setup else fn()
        best = min(best, time.perf_counter() - t)
    return best


def small_book(path: Path, far_cell: str | None = None, keep_dimension: bool = True) -> Path:
    """The two-row "Khen thưởng" sheet of the workbook-limit tests, with a stray cell if asked."""
    from tests.excel.test_workbook_limits import _book

    return _book(path, far_cell or "C3", keep_dimension)


def inflated_book(path: Path) -> Path:
    from tests.excel.test_workbook_limits import _inflating_book

    return _inflating_book(path)


def refused(fn, error) -> None:
    try:
        fn()
    except error:
        return
    raise AssertionError(f"{fn} was not refused")


def case_backup_header(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services import backup
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(tmp / "sao.db")
    ws.profile.save(sample_organisation())
    ws.set_operator("Trần Thị Cúc")
    good = backup.export_backup(ws, tmp / "usb", "mật-khẩu-123")
    ws.close()
    data = good.read_bytes()
    end = data.index(b"\n", len(backup.MAGIC)) + 1
    header = json.loads(data[len(backup.MAGIC):end])
    header = {**header, "kdf": {**header["kdf"], "n": 2**23}}
    bad = tmp / "bad.khbak"
    bad.write_bytes(backup.MAGIC + json.dumps(header).encode() + b"\n" + data[end:])
    hostile = best_of(repeat, lambda: refused(lambda: backup.inspect_backup(bad), backup.BackupError))
    floor = best_of(repeat, lambda: backup.inspect_backup(good))
    return hostile, floor


def case_far_cell(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.excel.errors import ExcelImportError
    from khuyenhoc_desktop.excel.reader import read_workbook

    far = small_book(tmp / "le.xlsx", "ZZ100000")
    bare = small_book(tmp / "le-tran.xlsx", "ZZ100000", keep_dimension=False)
    near = small_book(tmp / "nho.xlsx")
    hostile = max(best_of(repeat, lambda: refused(lambda: read_workbook(far), ExcelImportError)),
                  best_of(repeat, lambda: refused(lambda: read_workbook(bare), ExcelImportError)))
    return hostile, best_of(repeat, lambda: read_workbook(near))


def case_zip_bomb(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.excel.errors import ExcelImportError
    from khuyenhoc_desktop.excel.reader import read_workbook

    bomb, near = inflated_book(tmp / "nen.xlsx"), small_book(tmp / "nho2.xlsx")
    return (best_of(repeat, lambda: refused(lambda: read_workbook(bomb), ExcelImportError)),
            best_of(repeat, lambda: read_workbook(near)))


def case_implausible_seq(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.services.province import DEFAULT_MAX_SEQ_JUMP
    from tests.services.test_province_import import CODE, NAME, Commune, award, open_province

    hostile = floor = float("inf")
    for i in range(repeat):
        prov = open_province(tmp / f"tinh{i}.db")
        xa = Commune(tmp / f"xa{i}")
        prov.province.register_commune(CODE, NAME, xa.card_path)
        prov.province.import_file(xa.package([award(1)]))
        nxt = xa.package([award(2)])
        t = time.perf_counter()
        assert prov.province.import_file(nxt).status == "applied"
        floor = min(floor, time.perf_counter() - t)
        far, jump = xa.package([award(3)], seq=30_000_000), xa.package([award(4)], seq=2 + DEFAULT_MAX_SEQ_JUMP, prev=None)
        t = time.perf_counter()
        assert prov.province.import_file(far).status == "refused"
        assert prov.province.import_file(jump).status == "applied"
        prov.province.aggregates()
        hostile = min(hostile, time.perf_counter() - t)
        prov.close()
    return hostile, floor


def case_fonts(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.pdf import fonts

    files = list(fonts.ensure_fonts().files.values())  # built or found once, not timed

    def stats():
        for _ in range(100):
            for f in files:
                os.stat(f)

    def calls():
        for _ in range(100):
            fonts.ensure_fonts()

    return best_of(repeat, calls), best_of(repeat, stats)


def case_preview(tmp: Path, repeat: int) -> tuple[float, float]:
    from khuyenhoc_desktop.excel.reader import preview, read_workbook
    from tests.excel.xl_helpers import big_award_rows, write_big_awards

    path = tmp / "muoi_nghin.xlsx"
    write_big_awards(path, big_award_rows(10_000))
    today = date(2026, 3, 1)
    return best_of(repeat, lambda: preview(path, "awards", today=today)), best_of(repeat, lambda: read_workbook(path))


# name, what, case, bound on hostile / floor, the limit the unit test used to assert
CASES = [
    ("backup-header", "tiêu đề .khbak đòi scrypt n = 2²³", case_backup_header, 5.0, "< 2 s"),
    ("far-cell", "một ô lạc ở ZZ100000", case_far_cell, 5.0, "< 3 s"),
    ("zip-bomb", "trang tính nở gấp 200 lần", case_zip_bomb, 5.0, "< 1 s"),
    ("implausible-seq", "gói tỉnh có seq 30.000.000", case_implausible_seq, 6.0, "< 5 s"),
    ("fonts", "100 lần ensure_fonts() khi đã có sẵn", case_fonts, 2.0, "< 0.05 s"),
    ("preview", "xem trước 10.000 dòng khen thưởng", case_preview, 6.0, "< 2 s"),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None, help="names of the cases to run")
    ap.add_argument("--out", type=Path, default=None, help="also write the table as Markdown")
    args = ap.parse_args(argv)
    rows, failed = [], []
    with tempfile.TemporaryDirectory(prefix="khbench-refusals-") as folder:
        os.environ.setdefault("KHUYENHOC_DATA_DIR", str(Path(folder) / "data"))
        os.environ.setdefault("KHUYENHOC_CONFIG_DIR", str(Path(folder) / "config"))
        for name, what, case, bound, old in CASES:
            if args.only and name not in args.only:
                continue
            tmp = Path(folder) / name
            tmp.mkdir()
            hostile, floor = case(tmp, args.repeat)
            ratio = hostile / floor if floor > 0 else float("inf")
            ok = ratio <= bound
            if not ok:
                failed.append(name)
            rows.append(f"| {name} | {what} | {hostile * 1000:.1f} ms | {floor * 1000:.1f} ms | {ratio:.2f} × "
                        f"| ≤ {bound:g} × | {old} | {'ok' if ok else 'QUÁ'} |")
            print(rows[-1], flush=True)
    table = "\n".join([
        f"# Refusals against their floors ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.python_version()}, "
        f"{os.cpu_count()} CPU, best of {args.repeat})",
        "",
        "| case | input | refusal | floor | ratio | bound | old unit-test limit | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
    ]) + "\n"
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    if failed:
        print("over the bound: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
