"""`khuyenhoc report --db PATH --period 2026-H1|2026 --format pdf|xlsx|json --out FILE [--json]`: báo cáo sơ kết /
tổng kết. The JSON (a json file, or stdout without --out or with --json) is `PeriodReport.to_dict()`."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("report", help="báo cáo sơ kết 6 tháng / tổng kết năm",
                       description="Lập báo cáo sơ kết 6 tháng đầu năm (2026-H1) hoặc tổng kết năm (2026), "
                                   "so sánh với cùng kỳ năm trước.")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    p.add_argument("--period", required=True, metavar="KỲ", help="2026 (cả năm) hoặc 2026-H1 (6 tháng đầu năm)")
    p.add_argument("--format", choices=["pdf", "xlsx", "json"], default="pdf", help="định dạng tệp")
    p.add_argument("--out", metavar="FILE", help="tệp cần ghi (json: bỏ trống để in ra màn hình)")
    p.add_argument("--number", default="…/BC-HKH", metavar="SỐ", help="số báo cáo, ví dụ 05/BC-HKH")
    p.add_argument("--json", action="store_true",
                   help="in báo cáo dạng JSON ra màn hình (có --out thì vẫn ghi tệp theo --format)")
    p.set_defaults(func=run)


def export(ws, report, fmt: str, out: str, number: str = "…/BC-HKH") -> None:
    """Write `report` as pdf / xlsx / json to `out` (atomically)."""
    if fmt == "pdf":
        from ..pdf.report import render_report

        render_report(report, ws.organisation, when=ws.clock.today(), number=number, out=out)
    elif fmt == "xlsx":
        from ..services.reporting import write_report_xlsx

        write_report_xlsx(report, ws.organisation, out)
    else:
        import json

        from ..storage.files import atomic_write

        atomic_write(out, json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode("utf-8"))


def run(args) -> int:
    from ..domain.errors import AppError
    from ..services.reporting import parse_period, period_report
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    try:
        period = parse_period(args.period)
    except AppError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2
    if args.format != "json" and not args.out and not args.json:
        print("Lỗi: cần --out FILE cho định dạng pdf/xlsx.", file=sys.stderr)
        return 2
    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        report = period_report(ws, period)
        if args.out:
            export(ws, report, args.format, args.out, args.number)
    if args.json or not args.out:
        from ..cli import print_json

        print_json(report.to_dict())
    else:
        print(f"Đã ghi {args.out}")
    return 0
