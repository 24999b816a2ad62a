"""`khuyenhoc import-excel --db PATH FILE [--kind …] [--school-year Y] [--sheet S] [--dry-run] [--strict]`.

Prints the counts (hợp lệ, có cảnh báo, bị loại) and every rejected row ("Dòng 12: …"). Valid rows are
imported in one transaction (rows with errors are left out and listed); exit code 0. With `--strict` nothing
is imported when any row is rejected (exit code 1). `--dry-run` only checks. An unreadable workbook gives
a Vietnamese message, exit code 1, and nothing is written.
"""

from __future__ import annotations

KINDS = ("awards", "classes", "vouchers")


def register(sub) -> None:
    p = sub.add_parser("import-excel", help="nhập danh sách từ tệp Excel",
                       description="Nhập danh sách khen thưởng, lớp học hoặc phiếu thu/chi từ tệp Excel. "
                                   "Các dòng hợp lệ được nhập trong một lần (dòng lỗi bị bỏ qua và được liệt kê).")
    p.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu")
    p.add_argument("file", metavar="TỆP", help="tệp Excel (.xlsx, .xls, .ods)")
    p.add_argument("--kind", choices=KINDS, default="awards", help="loại dữ liệu (mặc định: awards)")
    p.add_argument("--school-year", metavar="NĂM_HỌC", help="năm học của danh sách khen thưởng, ví dụ 2024-2025")
    p.add_argument("--sheet", metavar="TRANG", help="tên trang tính (mặc định: tự chọn)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--strict", action="store_true", help="không nhập gì nếu có dòng bị loại")
    p.add_argument("--skip-warnings", action="store_true", help="không nhập các dòng có cảnh báo")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        pv = ws.excel.preview(args.file, args.kind, sheet=args.sheet, school_year=args.school_year)
        counts = pv.counts
        print(f"Tệp: {pv.path} — trang “{pv.sheet_name}”, tiêu đề ở dòng {pv.header_row}.")
        for message in pv.messages:
            print(f"  {message}")
        print(f"Hợp lệ: {counts['valid']} (trong đó có cảnh báo: "
              f"{sum(1 for r in pv.rows if r.ok and r.warnings)}) — Bị loại: {counts['errors']}")
        for row in pv.error_rows:
            print("  " + "; ".join(row.errors))
        if args.dry_run:
            print("Chạy thử: không ghi gì vào tệp dữ liệu.")
            return 1 if (args.strict and counts["errors"]) else 0
        if args.strict and counts["errors"]:
            print(f"Không nhập gì: có {counts['errors']} dòng bị loại (--strict).")
            return 1
        result = ws.excel.commit(pv, include_warnings=not args.skip_warnings)
        print(result.message)
    return 0
