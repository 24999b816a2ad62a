"""`khuyenhoc sync export-national --db PROVINCE --out F.khprov [--detail] [--school-year Y]… [--json]`: the
province's signed package of figures for the national hub (services/national/export.py; added to the `sync`
group, which `sync_commune.py` owns: this module sorts after it)."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option
    from . import sync_commune

    s = sync_commune.SYNC_SUBPARSERS
    e = s.add_parser("export-national", help="(tỉnh) ghi gói số liệu đã ký (.khprov) gửi Trung ương",
                     description="Ghi gói số liệu của tỉnh gửi Trung ương Hội: số liệu tổng hợp toàn tỉnh và từng xã "
                                 "(như khuyenhoc summary của tỉnh) cho mọi ngày và từng năm học, ký bằng khóa của "
                                 "tỉnh (khóa ký biên nhận; Trung ương đăng ký tệp khóa công khai của tỉnh, lệnh "
                                 "khuyenhoc sync province-card). Mỗi lần ghi là một gói mới, số gói tăng dần.")
    e.add_argument("--db", required=True, metavar="PATH", help="tệp (hoặc máy chủ) dữ liệu của tỉnh")
    e.add_argument("--out", required=True, metavar="TỆP.khprov")
    e.add_argument("--detail", action="store_true",
                   help="thêm bảng chia theo từng xã: khen thưởng theo trạng thái, loại, cấp, năm học, đơn vị "
                        "phối hợp; lớp học theo lĩnh vực")
    e.add_argument("--school-year", dest="school_years", action="append", metavar="NĂM_HỌC",
                   help="chỉ các năm học này (lặp lại được), ví dụ 2024-2025; mặc định: mọi năm học có khen thưởng")
    add_json_option(e)
    e.set_defaults(func=run_export)


def run_export(args) -> int:
    from ..cli import emit
    from ..services.national.export import export_national
    from .sync_province import _open

    with _open(args.db) as ws:
        info = export_national(ws, args.out, detail=args.detail, school_years=args.school_years)
    data = {"path": str(info.path), "province_code": info.province_code, "seq": info.seq,
            "package_id": info.package_id, "sha256": info.sha256, "prev_package_sha256":
            info.manifest["prev_package_sha256"], "communes": info.communes, "periods": info.periods,
            "detail": info.detail, "lines": info.lines, "size": info.size}
    periods = ", ".join(p or "mọi ngày" for p in info.periods)
    emit(args, data, [f"Đã ghi gói số liệu số {info.seq} của tỉnh mã {info.province_code}: {info.communes} xã, "
                      f"các kỳ: {periods} — {info.path}"])
    return 0
