"""`khuyenhoc import-excel --db PATH FILE [--kind …] [--school-year Y] [--year Y] [--sheet S] [--dry-run] [--strict] [--json]`.

Prints the counts (hợp lệ, có cảnh báo, bị loại) and every rejected row ("Dòng 12: …"). Valid rows are
imported in one transaction (rows with errors are left out and listed); exit code 0. With `--strict` nothing
is imported when any row is rejected (exit code 1). `--dry-run` only checks. An unreadable workbook gives
a Vietnamese message, exit code 1, and nothing is written. With `--json` the same as one JSON object.
`--kind citizens` (Công dân học tập of `--year`) is all or nothing, as with `--strict`: a person already on the
year's list is updated, not doubled.
"""

from __future__ import annotations

KINDS = ("awards", "classes", "vouchers", "members", "citizens")


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("import-excel", help="nhập danh sách từ tệp Excel",
                       description="Nhập danh sách khen thưởng, lớp học, phiếu thu/chi hoặc hội viên từ tệp Excel. "
                                   "Các dòng hợp lệ được nhập trong một lần (dòng lỗi bị bỏ qua và được liệt kê).")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    p.add_argument("file", metavar="TỆP", help="tệp Excel (.xlsx, .xls, .ods)")
    p.add_argument("--kind", choices=KINDS, default="awards", metavar="LOẠI",
                   help="loại dữ liệu: awards (khen thưởng, mặc định), classes (lớp học), vouchers (phiếu thu/chi),"
                        " members (hội viên) hoặc citizens (Công dân học tập, cả danh sách hoặc không gì)")
    p.add_argument("--school-year", metavar="NĂM_HỌC", help="năm học của danh sách khen thưởng, ví dụ 2024-2025")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của danh sách Công dân học tập (mặc định: năm nay)")
    p.add_argument("--sheet", metavar="TRANG", help="tên trang tính (mặc định: tự chọn)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--strict", action="store_true", help="không nhập gì nếu có dòng bị loại")
    p.add_argument("--skip-warnings", action="store_true", help="không nhập các dòng có cảnh báo")
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        pv = ws.excel.preview(args.file, args.kind, sheet=args.sheet, school_year=args.school_year, year=args.year)
        strict = args.strict or args.kind == "citizens"  # a list of people is taken whole or not at all
        counts = pv.counts
        warned = sum(1 for r in pv.rows if r.ok and r.warnings)
        data = {"file": pv.path, "kind": pv.kind, "sheet": pv.sheet_name, "header_row": pv.header_row,
                "messages": pv.messages, "valid": counts["valid"], "with_warnings": warned,
                "rejected": counts["errors"],
                "rejected_rows": [{"row": r.row_number, "errors": r.errors} for r in pv.error_rows],
                "dry_run": args.dry_run, "imported": 0, "message": ""}
        lines = [f"Tệp: {pv.path} — trang “{pv.sheet_name}”, tiêu đề ở dòng {pv.header_row}.",
                 *(f"  {message}" for message in pv.messages),
                 f"Hợp lệ: {counts['valid']} (trong đó có cảnh báo: {warned}) — Bị loại: {counts['errors']}",
                 *("  " + "; ".join(row.errors) for row in pv.error_rows)]
        if not args.json:  # what was read shows even when the import then fails
            print("\n".join(lines))
        code = 0
        if args.dry_run:
            data["message"] = "Chạy thử: không ghi gì vào tệp dữ liệu."
            code = 1 if (strict and counts["errors"]) else 0
        elif strict and counts["errors"]:
            why = "--strict" if args.strict else "danh sách Công dân học tập chỉ nhập khi mọi dòng hợp lệ"
            data["message"] = f"Không nhập gì: có {counts['errors']} dòng bị loại ({why})."
            code = 1
        else:
            result = ws.excel.commit(pv, include_warnings=not args.skip_warnings, year=args.year)
            data["imported"], data["message"] = result.imported, result.message
        if args.kind == "citizens":
            data["year"] = getattr(pv, "citizen_year", None)
            data["updated"] = result.updated if data["imported"] else 0
    emit(args, data, data["message"])
    return code
