"""`khuyenhoc summary --db PATH [--school-year Y] [--json]`: totals of a commune or province file, always as
one JSON object, `$defs/summary` of docs/schemas/cli.schema.json (`--json` is accepted as on every command
that reports)."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("summary", help="in số liệu tổng hợp (JSON)",
                       description="In số liệu tổng hợp (khen thưởng, lớp học, quỹ; tệp của tỉnh: thêm theo từng xã; kho của "
                                   "Trung ương: thêm theo từng tỉnh và từng xã) "
                                   "dạng JSON.")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của xã, của tỉnh hoặc của Trung ương")
    p.add_argument("--school-year", metavar="NĂM_HỌC", help="chỉ tính năm học này, ví dụ 2024-2025")
    p.add_argument("--by", choices=("old", "new"), default="old",
                   help="tệp của tỉnh: số liệu theo từng xã cũ như đã nhận (old, mặc định) hay gộp các xã cũ vào xã "
                        "mới đã hợp nhất (new)")
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import print_json
    from ..services.summary import summary
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        out = summary(ws, args.school_year)
        if args.by == "new" and ws.datafile.role == "province":
            out["by_commune"] = ws.province.by_new_commune(out["by_commune"])
        print_json(out)
    return 0
