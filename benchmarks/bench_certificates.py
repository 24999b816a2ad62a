"""Benchmark: full-page certificates vs a floor measured in the same run (not a test).

    python benchmarks/bench_certificates.py            # 1,000 + 10,000, with and without rl_accel
    python benchmarks/bench_certificates.py --quick    # 1,000 only, with rl_accel
    python benchmarks/bench_certificates.py --command  # `khuyenhoc print certificates` as a whole command

Target (issue #14): `khuyenhoc print certificates` for 1,000 awards, as a whole command (process start to
exit: imports, fonts, opening the file, numbering, drawing, writing), ≤ 1.3 × a plain ReportLab script run
the same way that draws the same strings on the same number of pages in the same three TTF faces
(regular, bold, italic: registered, so parsed, as any script does; no border art, no fitting). Both run as
fresh processes, alternated, several times; the ratio of the medians (and of the minimums) is printed.

Targets (issue #4): 1,000 full-page certificates in one PDF in ≤ 1.5 × the floor (the
same strings drawn with one font on a plain canvas, no decoration, no fitting); 10,000
certificates with peak RSS ≤ 250 MB. Each measurement runs in a fresh subprocess so
that peak RSS and the rl_accel switch are per measurement. Writes a markdown table to
benchmarks/results/certificates.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "certificates.md"
RATIO_TARGET = 1.5
COMMAND_RATIO_TARGET = 1.3
COMMAND_AWARDS = 1000
RSS_TARGET_MB = 250

# ---------------------------------------------------------------------------
# Worker (runs in a subprocess)
# ---------------------------------------------------------------------------

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đường"]
_MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Thị Ngọc", "Minh", "Quốc", "Thị Thu", "Hoàng", "Thanh", "Bảo", "Thị Bích"]
_GIVEN = ["Thuỷ", "Ưởng", "Phượng", "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Linh", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Trang", "Uyên", "Việt", "Yến"]
_ACH = [
    "Đạt giải Nhất học sinh giỏi cấp tỉnh môn Toán",
    "Học sinh xuất sắc năm học",
    "Đạt giải Nhì kỳ thi chọn học sinh giỏi cấp tỉnh môn Ngữ văn lớp 9",
    "Tân sinh viên đỗ thủ khoa đầu vào Trường Đại học Bách khoa Hà Nội với tổng điểm 29,5",
    "Gương sáng hiếu học, vượt khó vươn lên trong học tập, nhiều năm liền đạt danh hiệu học sinh giỏi, "
    "tích cực tham gia các phong trào thi đua của nhà trường và địa phương",
]


def make_items(n: int):
    from datetime import date

    from khuyenhoc_desktop.domain.organisation import sample_organisation
    from khuyenhoc_desktop.domain.printables import CertificateData

    org = sample_organisation()
    items = []
    for i in range(n):
        name = f"{_FAMILY[i % len(_FAMILY)]} {_MIDDLE[(i // 3) % len(_MIDDLE)]} {_GIVEN[(i // 7) % len(_GIVEN)]}"
        if i % 97 == 0:
            name += " Tôn Nữ Hoàng Anh Thư Ngọc Bích"  # a few very long names
        items.append(
            CertificateData.from_organisation(
                org,
                name,
                salutation="Em",
                class_name=f"{6 + i % 4}A{1 + i % 3}",
                school="THCS Tân Dĩnh",
                village=f"Thôn {1 + i % 5}",
                achievement=_ACH[i % len(_ACH)],
                school_year="2024-2025",
                decision_number="12/QĐ-HKH",
                decision_date=date(2026, 2, 5),
                register_number=str(100 + i),
                issue_date=date(2026, 2, 5),
            )
        )
    return items


def floor_render(items, out: Path) -> None:
    """The same strings on a plain canvas with one font: no decoration, no fitting."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from khuyenhoc_desktop.pdf.base import QUOC_HIEU, TIEU_NGU
    from khuyenhoc_desktop.pdf.certificate import field_texts
    from khuyenhoc_desktop.pdf.fonts import SERIF
    from khuyenhoc_desktop.storage.files import atomic_output

    W, H = landscape(A4)
    with atomic_output(out) as fh:
        c = Canvas(fh, pagesize=(W, H), pageCompression=1, invariant=1)
        for item in items:
            texts = field_texts(item)
            strings = [QUOC_HIEU, TIEU_NGU, "TẶNG", "GIẤY KHEN", *texts.values()]
            y = H - 60
            c.setFont(SERIF, 14)
            for s in strings:
                if s:
                    c.drawCentredString(W / 2, y, s)
                y -= 28
            c.showPage()
        c.save()


def ours_render(items, out: Path) -> None:
    from khuyenhoc_desktop.pdf.certificate import render_certificates

    render_certificates(items, out=out)


def worker(kind: str, n: int, accel: bool, repeat: int) -> dict:
    if not accel:
        sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # ImportError → pure-Python fallbacks
    sys.path.insert(0, str(ROOT))
    import resource

    from reportlab.lib import rl_accel

    from khuyenhoc_desktop.pdf.fonts import ensure_fonts

    ensure_fonts()
    items = make_items(n)
    fn = floor_render if kind == "floor" else ours_render
    times = []
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            out = Path(tmp) / f"{kind}.pdf"
            t0 = time.perf_counter()
            fn(items, out)
            times.append(time.perf_counter() - t0)
            size = out.stat().st_size
            out.unlink()
    return {
        "kind": kind,
        "n": n,
        "accel": bool(rl_accel._c_funcs),
        "times": times,
        "best": min(times),
        "size_mb": size / 1e6,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def run(kind: str, n: int, accel: bool, repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, str(n), "1" if accel else "0", str(repeat)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(res.stdout.strip().splitlines()[-1])


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    import reportlab

    return (
        f"{os.cpu_count()} CPU(s) (nproc), {model or 'unknown CPU'}; Python {platform.python_version()}; "
        f"ReportLab {reportlab.Version}; {platform.system()} {platform.release()}"
    )


def compare(n: int, accel: bool, rounds: int) -> tuple[dict, dict]:
    """Alternate floor and ours `rounds` times (in fresh processes); keep the best of each."""
    floors, ours = [], []
    for _ in range(rounds):
        floors.append(run("floor", n, accel, 2))
        ours.append(run("ours", n, accel, 2))
    return min(floors, key=lambda r: r["best"]), min(ours, key=lambda r: r["best"])


# The floor of `--command`: a plain ReportLab script, started as its own process like the command.
PLAIN_SCRIPT = r"""
import json, sys
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
texts_path, out, *fonts = sys.argv[1:]
for i, path in enumerate(fonts):
    pdfmetrics.registerFont(TTFont(f"F{i}", path))
pages = json.load(open(texts_path, encoding="utf-8"))
W, H = landscape(A4)
c = Canvas(out, pagesize=(W, H), pageCompression=1)
for strings in pages:
    y = H - 60
    for face, s in strings:
        c.setFont(f"F{face}", 14)
        c.drawCentredString(W / 2, y, s)
        y -= 28
    c.showPage()
c.save()
"""
# The faces the certificate sets its strings in: 0 regular, 1 bold, 2 italic (as its layout does).
BOLD_FIELDS = {"tang", "issuing_body", "name", "school_year", "signer_authority", "signer_title", "signer_name"}
ITALIC_FIELDS = {"place_date"}


def command_data(folder: Path) -> tuple[Path, Path, list[Path]]:
    """A demo data file with exactly COMMAND_AWARDS awards to print (approved or paid, none numbered yet),
    the strings of each certificate with their face (for the floor) and the three serif font files."""
    import sqlite3

    sys.path.insert(0, str(ROOT))
    db = folder / "awards.db"
    env = {**os.environ, "KHUYENHOC_CONFIG_DIR": str(folder / "cfg"), "KHUYENHOC_DATA_DIR": str(folder / "data")}
    subprocess.run([sys.executable, "-m", "khuyenhoc_desktop", "demo", "--db", str(db), "--awards",
                    str(COMMAND_AWARDS * 3), "--seed", "1"], check=True, cwd=ROOT, env=env, capture_output=True)
    with sqlite3.connect(db) as conn:  # keep the first COMMAND_AWARDS given awards, the rest become drafts
        given = [r[0] for r in conn.execute(
            "SELECT id FROM award WHERE deleted = 0 AND status IN ('approved', 'awarded') ORDER BY id")]
        if len(given) < COMMAND_AWARDS:
            raise RuntimeError(f"the demo file has only {len(given)} approved or paid awards")
        conn.executemany("UPDATE award SET status = 'draft' WHERE id = ?", [(i,) for i in given[COMMAND_AWARDS:]])
    from khuyenhoc_desktop.domain.awards import AwardFilter
    from khuyenhoc_desktop.pdf.base import QUOC_HIEU, TIEU_NGU
    from khuyenhoc_desktop.pdf.certificate import field_texts
    from khuyenhoc_desktop.pdf.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, ensure_fonts
    from khuyenhoc_desktop.services import documents
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(db)
    try:
        job = documents.certificate_job(ws, AwardFilter())
        pages = [[[1, QUOC_HIEU], [1, TIEU_NGU], [1, "GIẤY KHEN"]]
                 + [[1 if k in BOLD_FIELDS else 2 if k in ITALIC_FIELDS else 0, v]
                    for k, v in field_texts(item).items() if v] for item in job.items]
    finally:
        ws.close()
    assert len(pages) == COMMAND_AWARDS, len(pages)
    texts = folder / "texts.json"
    texts.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    fonts = ensure_fonts()
    return db, texts, [fonts.path(SERIF), fonts.path(SERIF_BOLD), fonts.path(SERIF_ITALIC)]


def timed_process(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def command_compare(rounds: int) -> dict:
    """`khuyenhoc print certificates` against the plain script, alternated `rounds` times (after one warm-up
    of each: OS file cache, bytecode cache, the program's font cache)."""
    import shutil
    import statistics

    script = Path(sys.executable).with_name("khuyenhoc")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "khuyenhoc_desktop"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, texts, fonts = command_data(folder)
        env = {**os.environ, "KHUYENHOC_CONFIG_DIR": str(folder / "cfg"), "KHUYENHOC_DATA_DIR": str(folder / "data")}
        if env.get("PYTHONDONTWRITEBYTECODE"):  # an installed program has its bytecode: give both a cache
            env.pop("PYTHONDONTWRITEBYTECODE")
            env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        floor_cmd = [sys.executable, "-c", PLAIN_SCRIPT, str(texts), str(folder / "plain.pdf"), *map(str, fonts)]

        def ours() -> float:
            work = folder / "run.db"
            shutil.copyfile(db, work)  # every run numbers the same 1,000 certificates for the first time
            for extra in ("-wal", "-shm"):
                Path(f"{work}{extra}").unlink(missing_ok=True)
            return timed_process([*program, "print", "certificates", "--db", str(work),
                                  "--out", str(folder / "ours.pdf")], env)

        timed_process(floor_cmd, env)
        ours()
        floors, mine = [], []
        for _ in range(rounds):
            floors.append(timed_process(floor_cmd, env))
            mine.append(ours())
        pages = len(json.loads(texts.read_text(encoding="utf-8")))
    return {"floor": floors, "ours": mine, "pages": pages,
            "ratio_median": statistics.median(mine) / statistics.median(floors),
            "ratio_min": min(mine) / min(floors)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--command", action="store_true",
                    help="only `khuyenhoc print certificates` as a whole command against a plain ReportLab script")
    ap.add_argument("--worker", nargs=4)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if args.worker:
        kind, n, accel, repeat = args.worker
        print(json.dumps(worker(kind, int(n), accel == "1", int(repeat))))
        return 0
    if args.command:
        import statistics

        r = command_compare(max(args.rounds, 5))
        ok = r["ratio_median"] <= COMMAND_RATIO_TARGET
        lines = [
            "# `khuyenhoc print certificates` as a whole command (issue #14)", "",
            f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f}",
            f"- Machine: {machine()}",
            "- Command: `python benchmarks/bench_certificates.py --command`: each side a fresh process, alternated,"
            " after one warm-up of each.", "",
            "| Job | Floor | Ours | Ratio | Runs |", "|---|---|---|---|---|",
            f"| `khuyenhoc print certificates`, {r['pages']:,} awards, whole command | "
              f"plain ReportLab script, same strings in the same three TTF faces: median {statistics.median(r['floor']):.2f} s "
              f"(min {min(r['floor']):.2f}) | ours: median {statistics.median(r['ours']):.2f} s "
              f"(min {min(r['ours']):.2f}) | **{r['ratio_median']:.2f} ×** (min/min {r['ratio_min']:.2f} ×; "
              f"≤ {COMMAND_RATIO_TARGET} ×) | {len(r['ours'])} runs each |",
            "", f"Floor runs: {', '.join(f'{x:.2f}' for x in r['floor'])} s; ours: "
            f"{', '.join(f'{x:.2f}' for x in r['ours'])} s.", ""]
        text = "\n".join(lines)
        print(text)
        sys.path.insert(0, str(ROOT))
        from khuyenhoc_desktop.storage.files import atomic_write

        atomic_write(RESULTS.with_name("certificates_command.md"), text.encode("utf-8"))
        print(f"ratio {r['ratio_median']:.2f}")
        return 0 if ok else 1

    rows = []
    ok = True
    for accel in (True,) if args.quick else (True, False):
        f, o = compare(1000, accel, args.rounds)
        ratio = o["best"] / f["best"]
        ok &= ratio <= RATIO_TARGET or not accel
        rows.append(
            f"| 1,000 full-page | {'yes' if f['accel'] else 'no'} | {f['best']:.2f} s | {o['best']:.2f} s | "
            f"**{ratio:.2f}×** (≤ {RATIO_TARGET}×) | {o['size_mb']:.1f} MB | {o['peak_rss_mb']:.0f} MB |"
        )
        print(rows[-1], flush=True)
    big = []
    if not args.quick:
        for accel in (True, False):
            o = run("ours", 10_000, accel, 1)
            ok &= o["peak_rss_mb"] <= RSS_TARGET_MB
            big.append(
                f"| 10,000 full-page | {'yes' if o['accel'] else 'no'} | {o['best']:.1f} s | "
                f"{o['best'] / 10:.2f} ms | {o['size_mb']:.1f} MB | **{o['peak_rss_mb']:.0f} MB** (≤ {RSS_TARGET_MB} MB) |"
            )
            print(big[-1], flush=True)

    report = [
        "# Certificate rendering benchmark",
        "",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        "- Command: `python benchmarks/bench_certificates.py`"
        + (" --quick" if args.quick else "")
        + f" (best of {args.rounds} fresh processes × 2 runs each; files written with `atomic_output`).",
        "- Floor: the same strings per certificate drawn with one font on a plain canvas (no border, no fitting).",
        "",
        "| Job | rl_accel | Floor | Ours | Ratio | PDF size | Peak RSS (ours) |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    if big:
        report += [
            "",
            "| Job | rl_accel | Time | Per certificate | PDF size | Peak RSS |",
            "|---|---|---|---|---|---|",
            *big,
        ]
    report += ["", f"Result: {'all targets met' if ok else 'TARGET MISSED'}.", ""]
    text = "\n".join(report)
    print()
    print(text)
    if not args.quick:
        sys.path.insert(0, str(ROOT))
        from khuyenhoc_desktop.storage.files import atomic_write

        atomic_write(RESULTS, text.encode("utf-8"))
        print(f"saved to {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
