"""The three start-up and printing targets of issue #14, measured side by side in one run (not a test).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_issue14.py --rounds 9

Each round runs, one after the other, the four processes the targets compare, so a load that comes and goes
on a shared machine touches every side alike:

1. a bare PySide6 QMainWindow shown (`bench_awards.BARE_WINDOW`), the floor of the first two targets;
2. `khuyenhoc --db FILE --smoke` on 100,000 awards: ms to the window's first frame (target ≤ 1.5 × the
   bare window) and to the home page's figures complete (target ≤ 2 ×);
3. a plain ReportLab script drawing the same strings on the same 1,000 pages in the same three TTF faces
   (`bench_certificates.PLAIN_SCRIPT`), the floor of the third target;
4. `khuyenhoc print certificates` for those 1,000 awards as a whole command (target ≤ 1.3 × the script),
   each run on a fresh copy of the file, so that every run numbers the same certificates for the first time.

The ratios are of the medians (and of the minimums) over the rounds; the print command is also compared by
the CPU time its process used (user + system, from the OS), which a busy machine disturbs less than the
wall time. The data files are the ones `bench_awards.py` and `bench_certificates.py --command` make (cached
under /tmp/khbench, or KHBENCH_CACHE). Writes benchmarks/results/issue14_targets.md.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_awards as startup  # the script's own folder is on sys.path
import bench_certificates as printing
from bench_common import load_now

RESULTS = startup.REPO / "benchmarks" / "results" / "issue14_targets.md"
TARGETS = {"first frame": 1.5, "figures complete": 2.0, "print certificates": 1.3}


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=startup.REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ratio(ours: list[float], floor: list[float]) -> tuple[float, float]:
    return statistics.median(ours) / statistics.median(floor), min(ours) / min(floor)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rounds", type=int, default=9, help="rounds of the four processes (default 9)")
    ap.add_argument("--out", default=str(RESULTS), help=f"markdown output (default {RESULTS})")
    args = ap.parse_args()

    env = startup.child_env(bytecode_cache=True)
    for d in ("config", "data", "pycache"):
        (startup.CACHE / d).mkdir(parents=True, exist_ok=True)
    awards_file = startup.data_file(100_000, env)
    program = startup.program_command()
    load_start = load_now()
    hung: list[str] = []
    rows: dict[str, list[float]] = {k: [] for k in ("bare", "shown", "figures", "plain_wall", "plain_cpu",
                                                    "print_wall", "print_cpu")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, texts, fonts = printing.command_data(folder)
        print_env = {**env, "KHUYENHOC_CONFIG_DIR": str(folder / "cfg"), "KHUYENHOC_DATA_DIR": str(folder / "data")}
        plain_cmd = [sys.executable, "-c", printing.PLAIN_SCRIPT, str(texts), str(folder / "plain.pdf"),
                     *map(str, fonts)]
        work = folder / "run.db"
        print_cmd = [*program, "print", "certificates", "--db", str(work), "--out", str(folder / "ours.pdf")]

        def fresh_copy() -> None:
            shutil.copyfile(db, work)  # every run numbers the same 1,000 certificates for the first time
            for extra in ("-wal", "-shm"):
                Path(f"{work}{extra}").unlink(missing_ok=True)

        # warm-up: OS file cache, bytecode cache, the program's font cache, the file migrated
        startup.bare_window(env)
        startup.smoke_times(awards_file, env, hung)
        timed(plain_cmd, print_env)
        fresh_copy()
        timed(print_cmd, print_env)
        for i in range(args.rounds):
            print(f"round {i + 1}/{args.rounds} …", file=sys.stderr, flush=True)
            rows["bare"].append(startup.bare_window(env)[0])
            shown, figures = startup.smoke_times(awards_file, env, hung)
            rows["shown"].append(shown)
            rows["figures"].append(figures if figures is not None else float("nan"))
            wall, cpu = timed(plain_cmd, print_env)
            rows["plain_wall"].append(wall)
            rows["plain_cpu"].append(cpu)
            fresh_copy()
            wall, cpu = timed(print_cmd, print_env)
            rows["print_wall"].append(wall)
            rows["print_cpu"].append(cpu)
    load_end = load_now()

    results = {
        "first frame": ratio(rows["shown"], rows["bare"]),
        "figures complete": ratio(rows["figures"], rows["bare"]),
        "print certificates": ratio(rows["print_wall"], rows["plain_wall"]),
    }
    cpu_ratio = ratio(rows["print_cpu"], rows["plain_cpu"])

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} ms (min {min(values):.0f})"

    def s(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (min {min(values):.2f})"

    lines = [
        "# Issue #14 targets, side by side in one run",
        "",
        f"- Date: {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC; {args.rounds} rounds (after one warm-up "
        "of each process), the four processes of a round one after the other",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        f"- Load at the start: {load_start}; at the end: {load_end}",
        f"- Program: `{' '.join(Path(p).name for p in program)}`; data: {startup.award_count(awards_file):,} awards "
        f"(start-up), {printing.COMMAND_AWARDS:,} certificates (print)",
        "",
        "| Target | Ours (median, min) | Floor (median, min) | Ratio of medians | Ratio of minimums | Goal |",
        "|---|---|---|---|---|---|",
        f"| First frame of the main window | {ms(rows['shown'])} | bare QMainWindow {ms(rows['bare'])} | "
        f"**{results['first frame'][0]:.2f} ×** | {results['first frame'][1]:.2f} × | ≤ {TARGETS['first frame']} × |",
        f"| Home page's figures complete | {ms(rows['figures'])} | the same bare window | "
        f"**{results['figures complete'][0]:.2f} ×** | {results['figures complete'][1]:.2f} × | "
        f"≤ {TARGETS['figures complete']} × |",
        f"| `print certificates`, 1,000 awards, whole command (wall) | {s(rows['print_wall'])} | plain ReportLab "
        f"script {s(rows['plain_wall'])} | **{results['print certificates'][0]:.2f} ×** | "
        f"{results['print certificates'][1]:.2f} × | ≤ {TARGETS['print certificates']} × |",
        f"| the same, CPU time of the process | {s(rows['print_cpu'])} | {s(rows['plain_cpu'])} | "
        f"{cpu_ratio[0]:.2f} × | {cpu_ratio[1]:.2f} × | (reference) |",
        "",
        "Every run, in round order:",
        "",
        "| Round | bare window ms | first frame ms | figures ms | plain script s | print command s |",
        "|---|---|---|---|---|---|",
        *(f"| {i + 1} | {rows['bare'][i]:.0f} | {rows['shown'][i]:.0f} | {rows['figures'][i]:.0f} | "
          f"{rows['plain_wall'][i]:.2f} | {rows['print_wall'][i]:.2f} |" for i in range(args.rounds)),
    ]
    if hung:
        lines += ["", f"Note: {len(hung)} `--smoke` run(s) {hung[0]}."]
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"Saved to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
