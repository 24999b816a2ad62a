"""Benchmark for issue #15 (the member register), measured against floors taken in the same run.

Run from the repository root with the project's virtual environment active:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_members.py [--members 100000] [--runs 5]

It prints a markdown report and saves it to `benchmarks/results/members.md`.

Targets (issue #15)                                   floor measured in the same run
1. 100,000 members: list first paint      ≤ 300 ms  (floor: raw sqlite3, the same first 200 rows in name
                                                     order with the same columns, unit name included)
   the whole member page built and painted (reported: filters, form, unit tab)
2. search per keystroke                    ≤ 100 ms  (floor: raw sqlite3 COUNT(*) … LIKE of the same words,
                                                     one scan of the table: the fastest way sqlite3 counts them)

The data file (100,000 members in 60 chi hội and 12 ban, names drawn from common Vietnamese family, middle
and given names, with seed 1) is made once with the storage layer's bulk insert and cached under
/tmp/khbench/ (`KHBENCH_CACHE` sets another folder). Every Qt measurement runs in a fresh subprocess of this
script (`--child …`), one at a time, through the real list model (`ui/table_models/members.py` →
`services.members.page` → `storage.members.page`, keyset paged) and a table set up like the page's.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_common import load_now, qt_app  # the script's own folder is on sys.path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CACHE = Path(os.environ.get("KHBENCH_CACHE", "/tmp/khbench"))
RESULTS = REPO / "benchmarks" / "results" / "members.md"
SEED = 1
TYPED = "nguyen van an"  # thousands of matches
RARE = "giap thi yen"  # for reference: few matches, the list query must look further
ROWS_READ_PER_KEY = 30
FIRST_PAINT_LIMIT = 300.0
KEYSTROKE_LIMIT = 100.0
TABLE_SIZE = (760, 700)

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
                                                       "Lý", "Giáp", "Đào", "Hồ", "Mai", "Trịnh", "Lương", "Phan"]
MIDDLE_M = ["Văn"] * 6 + ["Đức", "Minh", "Quang", "Hữu", "Xuân", "Đình", "Công", "Thành", "Ngọc"]
MIDDLE_F = ["Thị"] * 6 + ["Thu", "Ngọc", "Thanh", "Mai", "Minh", "Kim", "Hồng", "Phương"]
GIVEN_M = ["An", "Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong",
           "Quang", "Sơn", "Thắng", "Thành", "Tuấn", "Việt", "Vinh"]
GIVEN_F = ["An", "Anh", "Ánh", "Bích", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
           "Ngọc", "Phương", "Thảo", "Thủy", "Trang", "Yến"]
CATEGORIES = ["Giáo viên nghỉ hưu", "Cựu chiến binh", "Phụ huynh", "Học sinh - sinh viên", "Cán bộ, công chức",
              "Nông dân"]


def median(values):
    return statistics.median(values) if values else float("nan")


def ms(value: float) -> str:
    return f"{value:,.1f} ms"


def child_env() -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["KHUYENHOC_CONFIG_DIR"] = str(CACHE / "config")
    env["KHUYENHOC_DATA_DIR"] = str(CACHE / "data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    return env


def run_child(mode: str, path: Path, *extra: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(path), *extra], capture_output=True,
                         text=True, env=child_env(), timeout=1800, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------------------
# the data file
# ---------------------------------------------------------------------------------------------------------
def make_file(path: Path, members: int) -> None:
    """`members` members in 72 units, through the storage layer's row shape and its bulk insert."""
    from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.storage import members as store, records

    rng = random.Random(SEED)
    tmp = path.with_suffix(".tmp.db")
    for leftover in tmp.parent.glob(tmp.name + "*"):
        leftover.unlink()
    ws = Workspace.open(tmp)
    ws.profile.save(sample_organisation())
    units = [ws.units.save(UnitDraft(name=f"Chi hội thôn {i + 1}", village=f"Thôn {i + 1}"))[0] for i in range(60)]
    units += [ws.units.save(UnitDraft(kind="ban_khuyen_hoc", name=f"Ban khuyến học dòng họ số {i + 1}"))[0]
              for i in range(12)]
    db = ws.db
    rows = []
    with db.atomic():
        for n in range(members):
            female = rng.random() < 0.55
            name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                             rng.choice(GIVEN_F if female else GIVEN_M)))
            unit = rng.choice(units)
            year = rng.randint(1935, 2005)
            joined = _dt.date(rng.randint(max(year + 18, 1990), 2026), rng.randint(1, 12), rng.randint(1, 28))
            left = rng.random() < 0.06
            draft = MemberDraft(
                code=f"HV{n + 1:06d}", full_name=name, gender="Nữ" if female else "Nam", birth_year=year,
                village=unit.village or f"Thôn {rng.randint(1, 60)}", unit_uuid=unit.uuid,
                category=rng.choice(CATEGORIES), joined_on=min(joined, _dt.date(2026, 11, 30)),
                card_no=f"{n + 1:06d}" if rng.random() < 0.9 else "",
                status=rng.choice(["moved", "deceased", "quit"]) if left else "active",
                status_date=_dt.date(2026, 1, 15) if left else None).normalized()
            rows.append(records.stamp_new(db, store.row_values(draft)))
            if len(rows) == 5000:
                records.insert_rows(db, store.TABLE, rows)
                rows = []
        records.insert_rows(db, store.TABLE, rows)
    ws.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(path)


def data_file(members: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"members-{members}-seed{SEED}.db"
    if not path.exists():
        t0 = time.perf_counter()
        make_file(path, members)
        print(f"made {path} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path


# ---------------------------------------------------------------------------------------------------------
# floors (raw sqlite3 in this process)
# ---------------------------------------------------------------------------------------------------------
def raw_first_page(path: Path, runs: int) -> list[float]:
    from khuyenhoc_desktop.storage import members as store

    sql = (f"SELECT {', '.join(store._LIST_SQL)}, name_key FROM member WHERE deleted = 0"
           " ORDER BY name_key, id LIMIT 200")
    times = []
    for _ in range(runs + 1):
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        t0 = time.perf_counter()
        rows = conn.execute(sql).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
        conn.close()
        assert len(rows) == 200
    return times[1:]


def raw_search(path: Path, prefixes: list[str], runs: int) -> dict[str, float]:
    from khuyenhoc_desktop.vietnamese import fold

    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    out = {}
    for prefix in prefixes:
        words = fold(prefix).split()
        sql = ("SELECT COUNT(*) FROM member NOT INDEXED WHERE deleted = 0 AND "
               + " AND ".join(["search_key LIKE ?"] * len(words)))
        params = [f"%{w}%" for w in words]
        times = []
        for _ in range(runs + 1):
            t0 = time.perf_counter()
            conn.execute(sql, params).fetchone()
            times.append((time.perf_counter() - t0) * 1000)
        out[prefix] = median(times[1:])
    conn.close()
    return out


# ---------------------------------------------------------------------------------------------------------
# children (fresh processes)
# ---------------------------------------------------------------------------------------------------------
def _make_table(model):
    """A table set up like the member page's (ui.list_view.make_record_table)."""
    from khuyenhoc_desktop.ui.list_view import make_record_table

    table = make_record_table(model, model.columns, "member_table")
    table.resize(*TABLE_SIZE)
    return table


def _first_paint(app, ws):
    from khuyenhoc_desktop.domain.members import MemberFilter
    from khuyenhoc_desktop.ui.table_models.members import member_list_model

    t0 = time.perf_counter()
    model = member_list_model(ws)
    table = _make_table(model)
    model.set_filter(MemberFilter())
    table.show()
    app.processEvents()
    table.viewport().repaint()
    elapsed = (time.perf_counter() - t0) * 1000
    assert model.total_rows > 1000 and model.rowCount() == model.total_rows
    return model, table, elapsed


def child_list(path: str) -> dict:
    from khuyenhoc_desktop.domain.members import MemberFilter
    from khuyenhoc_desktop.services.workspace import Workspace

    app = qt_app()
    t0 = time.perf_counter()
    ws = Workspace.open(path)
    out: dict = {"open": (time.perf_counter() - t0) * 1000}
    model, table, out["first_paint"] = _first_paint(app, ws)
    out["count"] = model.total_rows
    flt = MemberFilter()
    t0 = time.perf_counter()
    ws.members.count_and_total(flt)
    out["count_query"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    ws.members.page(flt, sort="name", limit=200)
    out["page_query"] = (time.perf_counter() - t0) * 1000
    table.close()
    _m, t2, out["first_paint_again"] = _first_paint(app, ws)
    t2.close()
    ws.close()
    return out


def child_page(path: str) -> dict:
    """The whole member page (filters filled from the units and years, the form, the unit tab) built,
    its list filled and painted."""
    from khuyenhoc_desktop.services.workspace import Workspace

    app = qt_app()
    ws = Workspace.open(path)
    from khuyenhoc_desktop.ui.pages.members_page import MembersPage  # imported before the clock starts

    t0 = time.perf_counter()
    page = MembersPage(ws)
    page.resize(1360, 760)
    page.show()
    app.processEvents()
    page.table.viewport().repaint()
    elapsed = (time.perf_counter() - t0) * 1000
    assert page.model.total_rows > 1000
    page.close()
    ws.close()
    return {"page": elapsed}


def child_search(path: str, runs: str) -> dict:
    from khuyenhoc_desktop.domain.members import MemberFilter
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.ui.table_models.members import member_list_model

    app = qt_app()
    ws = Workspace.open(path)
    passes = int(runs)
    model = member_list_model(ws)  # the model alone
    model_b = member_list_model(ws)  # the same with the list shown: reset → relayout → repaint
    table = _make_table(model_b)
    model_b.set_filter(MemberFilter())
    table.show()
    app.processEvents()
    table.viewport().repaint()
    result: dict = {}
    for text in (TYPED, RARE):
        prefixes = [text[: i + 1] for i in range(len(text))]
        per_model = {p: [] for p in prefixes}
        per_view = {p: [] for p in prefixes}
        counts = {}
        for i in range(passes + 1):  # pass 0 warms up
            model.set_filter(MemberFilter())
            for p in prefixes:
                t0 = time.perf_counter()
                model.set_filter(MemberFilter(search=p))
                for r in range(min(ROWS_READ_PER_KEY, model.rowCount())):
                    for c in range(model.columnCount()):
                        model.data(model.index(r, c))
                if i:
                    per_model[p].append((time.perf_counter() - t0) * 1000)
                counts[p] = model.total_rows
        for i in range(passes + 1):
            model_b.set_filter(MemberFilter())
            table.viewport().repaint()
            for p in prefixes:
                t0 = time.perf_counter()
                model_b.set_filter(MemberFilter(search=p))
                table.viewport().repaint()
                if i:
                    per_view[p].append((time.perf_counter() - t0) * 1000)
        count_only, page_only = {}, {}
        for p in prefixes:
            flt = MemberFilter(search=p)
            ts, tp = [], []
            for _ in range(passes):
                t0 = time.perf_counter()
                ws.members.count_and_total(flt)
                ts.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                ws.members.page(flt, sort="name", limit=200)
                tp.append((time.perf_counter() - t0) * 1000)
            count_only[p], page_only[p] = median(ts), median(tp)
        result[text] = {"model": per_model, "view": per_view, "counts": counts, "count_query": count_only,
                        "page_query": page_only}
    table.close()
    ws.close()
    return result


# ---------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def report(members: int, runs: int, lists: list[dict], pages: list[dict], raw: list[float], search: dict,
           raw_s: dict) -> str:
    fp = [r["first_paint"] for r in lists]
    again = [r["first_paint_again"] for r in lists]
    lines = [
        f"# Member register benchmark ({_dt.date.today():%Y-%m-%d})",
        "",
        f"{members:,} members (seed {SEED}), {runs} runs each, fresh process per list run; load before: "
        f"{lists[0].get('load', '?')}, after: {load_now()}. Python {sys.version.split()[0]}.",
        "",
        "| # | Measure | Product (median) | Floor, same run | Target | Verdict |",
        "|---|---|---|---|---|---|",
        f"| 1 | List first paint (model + table, first 200 rows in name order) | {ms(median(fp))} (min "
        f"{ms(min(fp))}) | {ms(median(raw))} raw sqlite3, same page | ≤ {ms(FIRST_PAINT_LIMIT)} | "
        f"{verdict(median(fp) <= FIRST_PAINT_LIMIT)} |",
        f"| 1b | The same again in the same process (caches warm) | {ms(median(again))} | | (reported) | |",
        f"| 1c | The whole member page built and painted | {ms(median([p['page'] for p in pages]))} | | (reported) | |",
    ]
    for text in (TYPED, RARE):
        s = search[text]
        worst_model = max(median(v) for v in s["model"].values())
        worst_view = max(median(v) for v in s["view"].values())
        worst_raw = max(raw_s[text].values())
        target = "≤ 100 ms" if text == TYPED else "(reference)"
        ok = verdict(worst_view <= KEYSTROKE_LIMIT) if text == TYPED else ""
        lines.append(f"| 2 | Search while typing “{text}”, slowest keystroke (list shown) | {ms(worst_view)} "
                     f"(model alone {ms(worst_model)}) | {ms(worst_raw)} raw COUNT … LIKE | {target} | {ok} |")
    lines += ["", "Per keystroke (medians; model = set_filter + 30 rows read; view = set_filter + repaint):", "",
              "| typed | matches | model | view | count query | page query | raw COUNT floor |",
              "|---|---|---|---|---|---|---|"]
    for text in (TYPED, RARE):
        s = search[text]
        for p in s["model"]:
            lines.append(f"| `{p}` | {s['counts'][p]:,} | {ms(median(s['model'][p]))} | {ms(median(s['view'][p]))} | "
                         f"{ms(s['count_query'][p])} | {ms(s['page_query'][p])} | {ms(raw_s[text][p])} |")
    lines += ["", "List runs: " + ", ".join(f"{x:.0f}" for x in fp) + " ms; open "
              + ", ".join(f"{r['open']:.0f}" for r in lists) + " ms; count query "
              + ", ".join(f"{r['count_query']:.1f}" for r in lists) + " ms; page query "
              + ", ".join(f"{r['page_query']:.1f}" for r in lists) + " ms.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        mode, path, *extra = args.child
        out = {"list": child_list, "page": child_page, "search": child_search}[mode](path, *extra)
        print(json.dumps(out))
        return 0
    path = data_file(args.members)
    run_child("list", path)  # warm-up: the OS file cache, the schema brought up to date
    load = load_now()
    lists = [run_child("list", path) for _ in range(args.runs)]
    lists[0]["load"] = load
    pages = [run_child("page", path) for _ in range(3)]
    raw = raw_first_page(path, args.runs)
    search = run_child("search", path, str(args.runs))
    raw_s = {text: raw_search(path, [text[: i + 1] for i in range(len(text))], args.runs) for text in (TYPED, RARE)}
    text = report(args.members, args.runs, lists, pages, raw, search, raw_s)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
