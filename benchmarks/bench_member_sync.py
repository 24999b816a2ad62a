"""Members at the province (issue #15 part 7): a commune with N members (default 100,000, a third with a
CCCD) — the report's member section, the first full export (hashes given under the province's card key),
the province's import and its member totals.

    python benchmarks/bench_member_sync.py [--members N] [--out benchmarks/results/member_sync.md]

The file is made from the demo data (150 members) by copying member rows in SQL, cached under /tmp/khbench/.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sqlite3
import time
from pathlib import Path


def _make(path: Path, n: int) -> None:
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services import demo
    from khuyenhoc_desktop.services.workspace import Workspace

    with Workspace.open(path) as ws:
        demo.fill(ws, awards=200, seed=1)
        ws.profile.save(sample_organisation())
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(member)") if r[1] not in ("id", "uuid", "code", "id_number",
                                                                                      "change_seq")]
    have = con.execute("SELECT COUNT(*) FROM member").fetchone()[0]
    counter = int(con.execute("SELECT value FROM meta WHERE key = 'change_counter'").fetchone()[0])
    con.execute(
        f"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n - have})"
        f" INSERT INTO member(uuid, code, id_number, change_seq, {', '.join(cols)})"
        f" SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
        f" || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),"
        f" 'HX' || printf('%07d', k.i), CASE WHEN k.i % 3 = 0 THEN printf('%012d', 1000000000 + k.i) ELSE '' END,"
        f" {counter} + k.i, {', '.join('m.' + c for c in cols)}"
        f" FROM k JOIN member m ON m.id = 1 + (k.i % {have})")
    con.execute("UPDATE meta SET value = ? WHERE key = 'change_counter'", (str(counter + n),))
    con.commit()
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "member_sync.md"))
    args = ap.parse_args()

    from khuyenhoc_desktop.services.reporting import _member_part, make_period
    from khuyenhoc_desktop.services.summary import summary
    from khuyenhoc_desktop.services.workspace import Workspace

    folder = Path("/tmp/khbench")
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / f"members_{args.members}.db"
    if not cached.exists():
        _make(cached, args.members)
    work = folder / "member_sync_run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    path = work / "xa.db"
    shutil.copy(cached, path)
    lines = []

    prov = Workspace.open(work / "tinh.db", role="province")
    prov.province.set_profile("24", "Bắc Giang")
    card = prov.province.export_key_card(work / "tinh.khkey")
    with Workspace.open(path) as ws:
        n = ws.db.execute_sql("SELECT COUNT(*) FROM member").fetchone()[0]
        year = ws.clock.today().year
        cur, prev = make_period(year), make_period(year - 1)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            _member_part(ws, cur, prev)
            times.append(time.perf_counter() - t)
        lines.append(f"| report: member section ({year} and {year - 1}) | {min(times) * 1000:.0f} ms |")
        ws.sync.import_province_key(card)
        ws.sync.save_key_card(work / "xa.khkey")
        t = time.perf_counter()
        info = ws.sync.export_package(work / "p1.khsync", full=True)
        lines.append(f"| first full export, {info.rows:,} rows (hashes given to {n // 3:,} CCCD) | "
                     f"{time.perf_counter() - t:.2f} s |")
        own = summary(ws)["members"]
        prov.province.register_commune(ws.organisation.commune_code, "Tân Dĩnh", work / "xa.khkey")
    t = time.perf_counter()
    rep = prov.province.import_file(info.path)
    lines.append(f"| province import of that package | {time.perf_counter() - t:.2f} s |")
    assert rep.ok, rep.rejected[:3]
    t = time.perf_counter()
    theirs = summary(prov)["members"]
    lines.append(f"| province summary (all sections, members included) | {(time.perf_counter() - t) * 1000:.0f} ms |")
    assert {k: theirs[k] for k in ("count", "new", "left", "units")} == {k: own[k] for k in ("count", "new", "left",
                                                                                          "units")}
    prov.close()
    text = "\n".join([f"# Members at the province — {n:,} members", "",
                      f"{platform.processor() or platform.machine()}, Python {platform.python_version()}", "",
                      "| step | time |", "|---|---|", *lines, ""])
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
