"""`khuyenhoc check --db PATH [--json]`: schema version, integrity and record counts, always as one JSON object
(`--json` is accepted as on every command that reports)."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("check", help="kiểm tra tệp dữ liệu", description="Kiểm tra phiên bản lược đồ, tính toàn vẹn và "
                       "số bản ghi; kết quả luôn in dạng JSON.")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu, hoặc postgresql://… (kho của tỉnh trên máy chủ)")
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import print_json
    from ..services.health import check_report, server_check_report
    from ..storage.database import DataFile

    datafile = DataFile.open(args.db, read_only=True, full_integrity_check=True)
    try:
        on_server = getattr(datafile, "address", None) is not None  # a province store on PostgreSQL
        report = server_check_report(datafile) if on_server else check_report(datafile)
    finally:
        datafile.close()
    print_json(report)
    return 0 if report["integrity"] == "ok" and report.get("problems", []) == [] else 1
