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
wall time. `--instructions` also counts, once, the user-space instructions of the plain script and of each
print command under valgrind's callgrind (Debian's valgrind): a count that does not depend on what else the
machine runs, where the times on a shared virtual machine swing ±30 % from run to run. The data files are
the ones `bench_awards.py` and `bench_certificates.py --command` make (cached under /tmp/khbench, or
KHBENCH_CACHE). Writes benchmarks/results/issue14_targets.md.
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


def instructions(cmds: dict[str, list[str]], env: dict) -> dict[str, int]:
    """Instructions each command executed (callgrind's "Collected" total), two commands at a time."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    def count(cmd: list[str]) -> int:
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                             cwd=startup.REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, check=True)
        return int(re.findall(r"Collected : (\d+)", run.stderr)[-1])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(cmds, pool.map(count, cmds.values())))


def ratio(ours: list[float], floor: list[float]) -> tuple[float, float]:
    return statistics.median(ours) / statistics.median(floor), min(ours) / min(floor)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rounds", type=int, default=9, help="rounds of the four processes (default 9)")
    ap.add_argument("--out", default=str(RESULTS), help=f"markdown output (default {RESULTS})")
    ap.add_argument("--also", metavar="KHUYENHOC", action="append", default=[],
                    help="another installed `khuyenhoc` command (e.g. of the tree before a change) measured in the "
                         "same rounds against the same floors")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the instructions of the plain script and of each print command (valgrind)")
    args = ap.parse_args()

    env = startup.child_env(bytecode_cache=True)
    for d in ("config", "data", "pycache"):
        (startup.CACHE / d).mkdir(parents=True, exist_ok=True)
    awards_file = startup.data_file(100_000, env)
    programs = {"this tree": startup.program_command(), **{path: [path] for path in args.also}}
    load_start = load_now()
    hung: list[str] = []
    floors: dict[str, list[float]] = {k: [] for k in ("bare", "plain_wall", "plain_cpu")}
    runs = {name: {k: [] for k in ("shown", "figures", "print_wall", "print_cpu")} for name in programs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, texts, fonts = printing.command_data(folder)
        print_env = {**env, "KHUYENHOC_CONFIG_DIR": str(folder / "cfg"), "KHUYENHOC_DATA_DIR": str(folder / "data")}
        plain_cmd = [sys.executable, "-c", printing.PLAIN_SCRIPT, str(texts), str(folder / "plain.pdf"),
                     *map(str, fonts)]
        work = folder / "run.db"

        def print_cmd(program: list[str]) -> list[str]:
            return [*program, "print", "certificates", "--db", str(work), "--out", str(folder / "ours.pdf")]

        def fresh_copy() -> None:
            shutil.copyfile(db, work)  # every run numbers the same 1,000 certificates for the first time
            for extra in ("-wal", "-shm"):
                Path(f"{work}{extra}").unlink(missing_ok=True)

        # warm-up: OS file cache, bytecode cache, the program's font cache, the file migrated
        startup.bare_window(env)
        timed(plain_cmd, print_env)
        for program in programs.values():
            startup.smoke_times(awards_file, env, hung, program)
            fresh_copy()
            timed(print_cmd(program), print_env)
        for i in range(args.rounds):
            print(f"round {i + 1}/{args.rounds} …", file=sys.stderr, flush=True)
            floors["bare"].append(startup.bare_window(env)[0])
            for name, program in programs.items():
                shown, figures = startup.smoke_times(awards_file, env, hung, program)
                runs[name]["shown"].append(shown)
                runs[name]["figures"].append(figures if figures is not None else float("nan"))
            wall, cpu = timed(plain_cmd, print_env)
            floors["plain_wall"].append(wall)
            floors["plain_cpu"].append(cpu)
            for name, program in programs.items():
                fresh_copy()
                wall, cpu = timed(print_cmd(program), print_env)
                runs[name]["print_wall"].append(wall)
                runs[name]["print_cpu"].append(cpu)
        counted: dict[str, int] = {}
        if args.instructions:
            counting = {"plain script": plain_cmd}
            for i, (name, program) in enumerate(programs.items()):
                copy = folder / f"counted-{i}.db"  # the counts run side by side: a file of its own each
                shutil.copyfile(db, copy)
                counting[name] = [*program, "print", "certificates", "--db", str(copy),
                                  "--out", str(folder / f"counted-{i}.pdf")]
            counted = instructions(counting, print_env)
    load_end = load_now()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} ms (min {min(values):.0f})"

    def s(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (min {min(values):.2f})"

    lines = [
        "# Issue #14 targets, side by side in one run",
        "",
        f"- Date: {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC; {args.rounds} rounds (after one warm-up "
        "of each process), the processes of a round one after the other",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        f"- Load at the start: {load_start}; at the end: {load_end}",
        f"- Data: {startup.award_count(awards_file):,} awards (start-up), {printing.COMMAND_AWARDS:,} certificates "
        "(print)",
        f"- Floors: bare QMainWindow shown {ms(floors['bare'])}; plain ReportLab script {s(floors['plain_wall'])}, "
        f"CPU {s(floors['plain_cpu'])}",
        "",
        "| Program | Target | Ours (median, min) | Ratio of medians | Ratio of minimums | Goal |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in runs.items():
        first, figures = ratio(r["shown"], floors["bare"]), ratio(r["figures"], floors["bare"])
        wall, cpu = ratio(r["print_wall"], floors["plain_wall"]), ratio(r["print_cpu"], floors["plain_cpu"])
        lines += [
            f"| {name} | first frame of the main window | {ms(r['shown'])} | **{first[0]:.2f} ×** | {first[1]:.2f} × "
            f"| ≤ {TARGETS['first frame']} × |",
            f"| {name} | home page's figures complete | {ms(r['figures'])} | **{figures[0]:.2f} ×** | "
            f"{figures[1]:.2f} × | ≤ {TARGETS['figures complete']} × |",
            f"| {name} | `print certificates`, 1,000 awards, whole command | {s(r['print_wall'])} | **{wall[0]:.2f} ×** "
            f"| {wall[1]:.2f} × | ≤ {TARGETS['print certificates']} × |",
            f"| {name} | the same, CPU time of the process | {s(r['print_cpu'])} | {cpu[0]:.2f} × | {cpu[1]:.2f} × "
            "| (reference) |",
        ]
    if counted:
        floor_count = counted["plain script"]
        lines += ["", f"Instructions executed (user space, valgrind's callgrind, one run each): plain script "
                      f"{floor_count / 1e9:.2f} billion"
                  + "".join(f"; {n}'s `print certificates` {counted[n] / 1e9:.2f} billion, "
                            f"**{counted[n] / floor_count:.2f} ×**" for n in runs)]
    names = list(runs)
    lines += ["", "Every run, in round order (ms for the window, s for the print command):", "",
              "| Round | bare window | " + " | ".join(f"{n}: first frame | {n}: figures" for n in names)
              + " | plain script | " + " | ".join(f"{n}: print" for n in names) + " |",
              "|---" * (3 + 3 * len(names)) + "|"]
    for i in range(args.rounds):
        lines.append(f"| {i + 1} | {floors['bare'][i]:.0f} | "
                     + " | ".join(f"{runs[n]['shown'][i]:.0f} | {runs[n]['figures'][i]:.0f}" for n in names)
                     + f" | {floors['plain_wall'][i]:.2f} | "
                     + " | ".join(f"{runs[n]['print_wall'][i]:.2f}" for n in names) + " |")
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
