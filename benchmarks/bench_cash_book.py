"""Cash book (sổ quỹ) speed on a data file with 100,000 vouchers.

    python benchmarks/bench_cash_book.py [--vouchers N] [--repeat R] [--out benchmarks/results/cash_book.md]

Measures `ws.fund.cash_book(...)` (opening balance, running balance on every line, totals) for the
whole book, one year and one month, reading all rows as `CashBookRow`, the same book with the
running balance from SQLite's window function for comparison, plus `balance()` and voucher list
queries, against a floor: a raw `sqlite3` select of the same rows in book order with no running
balance and no conversion. Target: the whole book of 100,000 vouchers in ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from khuyenhoc_desktop.domain.fund import VoucherFilter, format_number, gc_paused  # noqa: E402
from khuyenhoc_desktop.services.workspace import Workspace  # noqa: E402
from khuyenhoc_desktop.storage import fund as store  # noqa: E402
from khuyenhoc_desktop.storage.records import new_uuid, next_change_seq, now_iso  # noqa: E402
from khuyenhoc_desktop.vietnamese import fold, format_vnd  # noqa: E402

TARGET_MS = 300
FIRST_YEAR = 2017
YEARS = 10


def build(path: Path, n: int, seed: int = 1) -> None:
    """A file with `n` vouchers over ten years: receipts, payments, 1 % voids, 1 % reversals."""
    rng = random.Random(seed)
    with Workspace.open(path) as ws:
        ws.fund.set_opening_balance(FIRST_YEAR, 50_000_000)
        db = ws.db
        start = date(FIRST_YEAR, 1, 1)
        span = (date(FIRST_YEAR + YEARS - 1, 12, 31) - start).days
        days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))
        seqs: dict[tuple[str, int], int] = {}
        rows = []
        now = now_iso()
        with db.atomic():
            last = next_change_seq(db, n)
            previous: dict | None = None
            for i, day in enumerate(days):
                kind = "thu" if rng.random() < 0.5 else "chi"
                reverses = None
                amount = rng.randint(1, 100) * 50_000
                if previous is not None and rng.random() < 0.01 and previous["reverses_uuid"] is None \
                        and previous["status"] == "posted":
                    kind, reverses, amount = previous["kind"], previous["uuid"], -previous["amount"]
                key = (kind, day.year)
                seqs[key] = seqs.get(key, 0) + 1
                number = format_number(kind, day.year, seqs[key])
                person = rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Dòng họ Lê", "Cửa hàng Hồng Hà"])
                reason = f"Đảo phiếu {previous['number']}: Ghi sai" if reverses else rng.choice(
                    ["Ủng hộ quỹ khuyến học", "Nộp hội phí", "Chi khen thưởng", "Mua văn phòng phẩm"])
                item = "Thu khác" if kind == "thu" else "Chi khác"
                void = reverses is None and rng.random() < 0.01
                row = {
                    "uuid": new_uuid(), "version": 1, "created_at": now, "updated_at": now, "deleted": 0,
                    "change_seq": last - n + 1 + i, "kind": kind, "year": day.year, "seq": seqs[key],
                    "number": number, "voucher_date": day.isoformat(), "posting_date": day.isoformat(),
                    "person": person, "address": "", "reason": reason, "item": item, "amount": amount,
                    "method": "cash", "attachments": 1, "preparer": "Phạm Thị Duyên",
                    "status": "void" if void else "posted", "void_reason": "Viết hỏng" if void else "",
                    "voided_at": now if void else None, "reverses_uuid": reverses,
                    "search_key": fold(f"{number} {person} {reason} {item}"), "note": "",
                }
                rows.append(row)
                previous = row
            store.insert_many(db, rows)
            for (kind, year), seq in seqs.items():
                store.set_counter(db, kind, year, seq)
        db.execute_sql("ANALYZE")


def window_variant(ws, date_from: date, date_to: date) -> list[tuple]:
    """The same lines with the running balance from SQLite's window function instead of
    `itertools.accumulate`, in its fastest form found (window over the narrow covering index, joined
    back by rowid); measured for comparison, same numbers."""
    opening = ws.fund.opening_balance(date_from.year)
    return ws.db.execute_sql(
        "SELECT v.uuid, v.posting_date, NULLIF(v.voucher_date, v.posting_date),"
        " CASE WHEN v.kind = 'thu' THEN v.number ELSE '' END, CASE WHEN v.kind = 'chi' THEN v.number ELSE '' END,"
        " v.reason, CASE WHEN v.status = 'void' THEN NULL WHEN v.kind = 'thu' THEN v.amount END,"
        " CASE WHEN v.status = 'void' THEN NULL WHEN v.kind = 'chi' THEN v.amount END, w.balance,"
        " CASE WHEN v.status = 'void' THEN 'Đã hủy: ' || v.void_reason ELSE v.note END, v.status = 'void'"
        f" FROM (SELECT id, ? + SUM({store.EFFECT}) OVER (ORDER BY posting_date, id ROWS UNBOUNDED PRECEDING)"
        " AS balance FROM voucher WHERE posting_date BETWEEN ? AND ?) w CROSS JOIN voucher v ON v.id = w.id",
        (opening, date_from.isoformat(), date_to.isoformat()),
    ).fetchall()


def floor(raw: sqlite3.Connection, sql: str, d1: date, d2: date) -> list[tuple]:
    with gc_paused():  # the same advantage cash_book gives itself, so the floor stays a lower bound
        return raw.execute(sql, (d1.isoformat(), d2.isoformat())).fetchall()


def timed(fn, repeat: int) -> tuple[float, float, object]:
    result = fn()  # warm-up (page cache, statement cache)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), result


def n(value: int) -> str:
    return format_vnd(value)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPU, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vouchers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "cash_book.md"))
    parser.add_argument("--db", help="reuse this data file (built there first if missing)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        build_s = None
        if not path.exists():
            t0 = time.perf_counter()
            build(path, args.vouchers)
            build_s = time.perf_counter() - t0
        load_before = os.getloadavg()[0]
        size_mb = path.stat().st_size / 1e6
        last_year = FIRST_YEAR + YEARS - 1
        periods = {
            f"cả sổ {FIRST_YEAR}–{last_year}": (date(FIRST_YEAR, 1, 1), date(last_year, 12, 31)),
            f"một năm ({last_year})": (date(last_year, 1, 1), date(last_year, 12, 31)),
            f"một tháng (06/{last_year})": (date(last_year, 6, 1), date(last_year, 6, 30)),
        }
        raw = sqlite3.connect(path)
        floor_sql = ("SELECT uuid, posting_date, voucher_date, kind, number, reason, amount, status, note"
                     " FROM voucher WHERE posting_date BETWEEN ? AND ? ORDER BY posting_date, id")
        results = []
        with Workspace.open(path) as ws:
            for label, (d1, d2) in periods.items():
                med, best, book = timed(lambda: ws.fund.cash_book(d1, d2), args.repeat)
                fmed, fbest, rows = timed(lambda: floor(raw, floor_sql, d1, d2), args.repeat)
                assert len(rows) == len(book.rows)
                results.append((label, len(book.rows), med, best, fmed, fbest))
            bmed, bbest, balance = timed(lambda: ws.fund.balance(), args.repeat)
            amed, abest, _ = timed(lambda: ws.fund.balance(date(last_year, 6, 30)), args.repeat)
            flt = VoucherFilter(year=last_year)
            pmed, pbest, page = timed(lambda: ws.fund.page(flt, sort="book", limit=200), args.repeat)
            cmed, cbest, _ = timed(lambda: ws.fund.count_and_totals(flt), args.repeat)
            smed, sbest, _ = timed(lambda: ws.fund.count_and_totals(VoucherFilter(search="dong ho le")), args.repeat)
            whole_period = periods[f"cả sổ {FIRST_YEAR}–{last_year}"]
            imed, ibest, _ = timed(lambda: list(ws.fund.cash_book(*whole_period).rows), args.repeat)
            wmed, wbest, window_rows = timed(lambda: window_variant(ws, *whole_period), args.repeat)
            whole = ws.fund.cash_book(*whole_period)
            assert len(whole.rows) == args.vouchers
            assert whole.closing == balance == whole.rows[-1].balance
            assert [r[8] for r in window_rows] == [r.balance for r in whole.rows]
        raw.close()
        load_after = os.getloadavg()[0]

    lines = [
        f"# Sổ quỹ: tốc độ với {n(args.vouchers)} phiếu",
        "",
        f"- Ngày đo: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Máy: {machine()}",
        f"- Tải máy (load average 1 phút) lúc đo: {load_before:.2f} → {load_after:.2f}",
        f"- Dữ liệu: {n(args.vouchers)} phiếu thu/chi trong {YEARS} năm ({FIRST_YEAR}–{last_year}), ~1 % hủy, "
        f"~1 % phiếu đảo; tệp {size_mb:.1f} MB" + (f"; tạo trong {build_s:.1f} s" if build_s else ""),
        f"- Mỗi phép đo: trung vị và nhanh nhất của {args.repeat} lần (sau một lần chạy làm nóng)",
        f"- Mục tiêu: cả sổ ≤ {TARGET_MS} ms",
        "",
        "| Sổ quỹ (`ws.fund.cash_book`) | Số dòng | Trung vị (ms) | Nhanh nhất (ms) | Sàn: sqlite3 select thô (ms) | Gấp sàn |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, count, med, best, fmed, fbest in results:
        lines.append(f"| {label} | {n(count)} | {med:.1f} | {best:.1f} | {fmed:.1f} | {med / fmed:.1f}× |")
    floor_whole = results[0][4]
    lines.append(f"| cả sổ, rồi đọc hết mọi dòng thành `CashBookRow` | {n(len(whole.rows))} | {imed:.1f} | {ibest:.1f} "
                 f"| {floor_whole:.1f} | {imed / floor_whole:.1f}× |")
    lines.append(f"| (so sánh) cả sổ, số dư lũy kế bằng `SUM() OVER (…)` của SQLite, chỉ đọc | {n(len(whole.rows))} "
                 f"| {wmed:.1f} | {wbest:.1f} | {floor_whole:.1f} | {wmed / floor_whole:.1f}× |")
    lines += [
        "",
        "| Truy vấn khác | Trung vị (ms) | Nhanh nhất (ms) |",
        "|---|---:|---:|",
        f"| `balance()` (tồn quỹ hiện tại) | {bmed:.2f} | {bbest:.2f} |",
        f"| `balance(30/06/{last_year})` | {amed:.2f} | {abest:.2f} |",
        f"| `page(year={last_year}, sort='book', limit=200)` | {pmed:.2f} | {pbest:.2f} |",
        f"| `count_and_totals(year={last_year})` | {cmed:.2f} | {cbest:.2f} |",
        f"| `count_and_totals(search='dong ho le')` (cả sổ) | {smed:.2f} | {sbest:.2f} |",
        "",
        "Sàn (floor): the same rows read in book order with plain `sqlite3` (no running balance, no",
        "conversion; cyclic GC paused as in `cash_book`). `cash_book` reads the lines in one ordered",
        "scan of the `voucher_book` index with each line's effect on the balance computed by SQLite,",
        "adds the opening balance (a covering-index sum over every earlier phiếu: most of the ~13 ms of",
        "the one-month book), the running balance (`itertools.accumulate` over the effects, in C), the",
        "void/reversal notes and the totals. Its `rows` is a `Sequence[CashBookRow]` that builds each",
        "row object (with `date`s) when read: a Qt view reads only the visible rows; the line \"đọc hết\"",
        "shows the cost of reading them all. The comparison line computes the running balance with",
        "SQLite's window function `SUM(...) OVER (ORDER BY posting_date, id ROWS UNBOUNDED PRECEDING)`",
        "in its fastest form found (window over the covering index, joined back by rowid): same",
        "numbers (checked), but on SQLite 3.40 the window alone costs more than the whole accumulation,",
        "so the window function serves as the tests' independent check of every row's balance.",
        "Building 100,000 row tuples with Python's cyclic GC running costs 100–200 ms more (hundreds of",
        "collections over a growing heap), so `cash_book` pauses it while it reads and builds rows.",
        "",
    ]
    whole_ms = results[0][2]
    lines.append(f"**Kết quả: cả sổ {whole_ms:.0f} ms — {'ĐẠT' if whole_ms <= TARGET_MS else 'KHÔNG ĐẠT'} "
                 f"(mục tiêu ≤ {TARGET_MS} ms).**")
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if whole_ms <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
