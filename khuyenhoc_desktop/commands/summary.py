"""`khuyenhoc summary --db PATH [--school-year Y]`: totals as JSON."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("summary", help="in số liệu tổng hợp (JSON)", description="In số liệu tổng hợp dạng JSON.")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    p.add_argument("--school-year", metavar="NĂM_HỌC", help="chỉ tính năm học này, ví dụ 2024-2025")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import print_json
    from ..services.summary import summary
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        print_json(summary(ws, args.school_year))
    return 0
