"""`khuyenhoc province move --from TỆP.db --to postgresql://… [--json]`: the province's file moved to a
PostgreSQL server (services/province/move.py), progress on stderr."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("province", help="(tỉnh) kho dữ liệu của tỉnh: chuyển lên máy chủ PostgreSQL",
                       description="Các việc với kho dữ liệu của tỉnh.")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    group = p.add_subparsers(dest="province_command", metavar="LỆNH", parser_class=type(p))
    m = group.add_parser(
        "move", help="chuyển tệp dữ liệu của tỉnh (SQLite) lên một cơ sở dữ liệu PostgreSQL trống",
        description="Chép toàn bộ tệp dữ liệu của tỉnh vào một cơ sở dữ liệu PostgreSQL còn trống, trong một giao "
                    "dịch (lỗi giữa chừng thì máy chủ không có gì). Mật khẩu lấy từ biến PGPASSWORD hoặc tệp "
                    "~/.pgpass, không ghi trong địa chỉ. Tệp cũ giữ nguyên.")
    m.add_argument("--from", dest="source", required=True, metavar="TỆP.db", help="tệp dữ liệu của tỉnh")
    m.add_argument("--to", dest="target", required=True, metavar="postgresql://NGƯỜI_DÙNG@MÁY_CHỦ:CỔNG/TÊN",
                   help="cơ sở dữ liệu PostgreSQL trống")
    add_json_option(m)
    m.set_defaults(func=run_move)


def run_move(args) -> int:
    import sys

    from ..cli import emit
    from ..services.province.move import move_province
    from ..vietnamese import format_vnd

    report = move_province(args.source, args.target, say=lambda line: print(line, file=sys.stderr, flush=True))
    lines = [f"Đã chuyển tệp “{report.source}” lên {report.target}: {format_vnd(report.rows)} dòng."]
    lines += [f"  {table}: {format_vnd(n)} dòng" for table, n in report.tables.items()]
    emit(args, report.to_dict(), lines)
    return 0
