"""Collecting dues for 2,000 members of one chi hội in one step (target ≤ 2 s), its reversal, the collection
list and the year's figures; the figures again over 100,000 members (the summary reads them).

    python benchmarks/bench_dues.py [--members 2000] [--repeat 5] [--big 100000] [--out benchmarks/results/dues.md]

Each collection is one phiếu thu through the fund (numbered, posted) and one payment per member, in one
transaction; between two runs the phiếu is reversed (which cancels the payments) so the members owe again.
The floor: `executemany` of the same number of bare rows into a scratch table, in one transaction.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KHUYENHOC_KEY_STORE", "file")


def make_file(folder: Path, members: int):
    from khuyenhoc_desktop.domain.clock import FixedClock
    from khuyenhoc_desktop.domain.dues import DuesRate
    from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(folder / "xa.db", clock=FixedClock(date(2026, 11, 20)))
    ws.profile.save(sample_organisation())
    ws.set_operator("Đo thời gian")
    unit, _ = ws.units.save(UnitDraft("chi_hoi", "Chi hội thôn Đông", "Thôn 1", head="Lê Văn Trưởng"))
    with ws.db.atomic():
        for i in range(members):
            ws.members.save(MemberDraft(full_name=f"Nguyễn Văn Hội {i:05d}", birth_year=1950 + i % 40,
                                        unit_uuid=unit.uuid, village="Thôn 1", category="Phụ huynh",
                                        joined_on=date(2020, 1, 1)), confirm=True)
    ws.dues.save_rate(DuesRate(2026, 24_000, (("Cựu chiến binh", 12_000),), 80))
    return ws, unit.uuid


def floor(ws, n: int) -> float:
    db = ws.db
    rows = [(f"u{i}", f"m{i}", 2026, 24_000) for i in range(n)]
    with db.atomic() as tx:
        db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS scratch (uuid TEXT, member TEXT, year INT, amount INT)")
        t = time.perf_counter()
        db.connection().executemany("INSERT INTO scratch VALUES (?, ?, ?, ?)", rows)
        took = time.perf_counter() - t
        tx.rollback()
    return took


def grow(ws, total: int) -> None:
    """Copy the register up to `total` members with plain SQL (the figures only read them)."""
    db = ws.db
    have = db.execute_sql("SELECT COUNT(*) FROM member").fetchone()[0]
    with db.atomic():
        n = 0
        while have + n < total:
            batch = min(total - have - n, have)
            db.execute_sql(
                "INSERT INTO member(uuid, version, created_at, updated_at, deleted, change_seq, code, full_name,"
                " name_key, search_key, birth_year, village, unit_uuid, category, joined_on, status)"
                " SELECT lower(hex(randomblob(16))), 1, created_at, updated_at, 0, 0, 'X' || (id + ?), full_name,"
                " name_key, search_key, birth_year, village, '', category, joined_on, status FROM member"
                " WHERE code LIKE 'HV%' LIMIT ?", (have + n, batch))
            n += batch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "dues.md"))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-dues-"))
    os.environ["KHUYENHOC_DATA_DIR"] = str(folder / "data")
    os.environ["KHUYENHOC_CONFIG_DIR"] = str(folder / "config")
    from khuyenhoc_desktop.domain.dues import DuesFilter

    try:
        t = time.perf_counter()
        ws, unit = make_file(folder, args.members)
        made = time.perf_counter() - t
        uuids = [line.member_uuid for line in ws.dues.lines(DuesFilter(2026, unit, unpaid_only=True))]
        assert len(uuids) == args.members
        collects, reversals, lists = [], [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            voucher, _ = ws.dues.collect(uuids, 2026, date(2026, 11, 20))
            collects.append(time.perf_counter() - t)
            assert ws.dues.figures(2026).collected == 24_000 * args.members
            t = time.perf_counter()
            lines = ws.dues.lines(DuesFilter(2026, unit))
            lists.append(time.perf_counter() - t)
            assert all(line.paid for line in lines)
            t = time.perf_counter()
            ws.fund.reverse(voucher.uuid, "Đo thời gian", date(2026, 11, 20))
            reversals.append(time.perf_counter() - t)
            assert ws.dues.figures(2026).collected == 0
        floors = [floor(ws, args.members) for _ in range(args.repeat)]
        t = time.perf_counter()
        small = ws.dues.figures(2026)
        small_figures = time.perf_counter() - t
        grow(ws, args.big)
        figures = []
        for _ in range(3):
            t = time.perf_counter()
            big = ws.dues.figures(2026)
            figures.append(time.perf_counter() - t)
        ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def ms(values) -> str:
        return f"{min(values) * 1000:.0f} ms (median {statistics.median(values) * 1000:.0f})"

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = "\n".join([
        "# Dues: collecting a chi hội in one step",
        "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.python_version()}, {platform.machine()}, "
        f"load average {load:.1f}; {args.members} members in one chi hội ({made:.1f} s to enter them through "
        f"the member service); {args.repeat} runs, min (median).",
        "",
        "| What | Target | Measured | Floor |",
        "|---|---|---|---|",
        f"| Collect {args.members} members on one phiếu thu (one transaction) | ≤ 2 s | **{ms(collects)}** | "
        f"`executemany` of {args.members} bare rows: {ms(floors)} |",
        f"| Reverse that phiếu thu ({args.members} payments cancelled) | — | {ms(reversals)} | — |",
        f"| Collection list of the chi hội ({args.members} lines, paid marks) | — | {ms(lists)} | — |",
        f"| Figures of the year, {args.members} members | — | {small_figures * 1000:.0f} ms | — |",
        f"| Figures of the year, {args.big:,} members (the summary's dues) | — | {ms(figures)} | — |",
        "",
        f"Due over {args.big:,} members: {big.due:,} đ ({big.members_owing:,} owing); over {args.members}: "
        f"{small.due:,} đ.",
        "",
    ])
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")
    return 0 if min(collects) <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
