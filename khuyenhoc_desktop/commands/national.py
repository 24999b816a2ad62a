"""`khuyenhoc national register|revoke|import|provinces --db NATIONAL …`: the national hub (Trung ương Hội)
— the provinces registered with their public key cards, their signed packages of figures (.khprov)
imported under the province's ledger rules (services/national). `khuyenhoc summary --db NATIONAL` gives the
national totals with `by_province` and `by_commune`; `khuyenhoc check --db NATIONAL` checks the store.
`--db` is a file or `postgresql://USER@HOST:PORT/DB` (the password from PGPASSWORD or ~/.pgpass)."""

from __future__ import annotations

DB_HELP = "tệp dữ liệu của Trung ương, hoặc postgresql://NGƯỜI_DÙNG@MÁY_CHỦ:CỔNG/TÊN"


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("national", help="(Trung ương) đăng ký tỉnh, nhập gói số liệu của tỉnh (.khprov)",
                       description="Kho tổng hợp của Trung ương Hội Khuyến học: các tỉnh đăng ký bằng tệp khóa công "
                                   "khai, gói số liệu của tỉnh, số liệu toàn quốc (khuyenhoc summary).")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    group = p.add_subparsers(dest="national_command", metavar="LỆNH", parser_class=type(p))

    r = group.add_parser("register", help="đăng ký một tỉnh bằng tệp khóa công khai .khkey của tỉnh",
                         description="Đăng ký tỉnh (hoặc đăng ký lại bằng khóa mới, gỡ việc thu hồi); tạo kho của "
                                     "Trung ương nếu chưa có. Tệp khóa là tệp tỉnh ghi bằng khuyenhoc sync "
                                     "province-card; hãy đối chiếu dấu vân tay qua điện thoại.")
    r.add_argument("--db", required=True, metavar="PATH", help=DB_HELP)
    r.add_argument("--province-code", required=True, metavar="MÃ_TỈNH")
    r.add_argument("--name", default="", metavar="TÊN_TỈNH")
    r.add_argument("--key", required=True, metavar="TỆP.khkey", help="tệp khóa công khai của tỉnh")
    add_json_option(r)
    r.set_defaults(func=run_register)

    rv = group.add_parser("revoke", help="thu hồi khóa của một tỉnh (máy bị mất, khóa bị lộ)",
                          description="Thu hồi khóa ký của tỉnh: từ nay Trung ương từ chối mọi gói mới của tỉnh cho "
                                      "đến khi tỉnh đăng ký lại bằng khóa mới. Số liệu đã nhập giữ nguyên.")
    rv.add_argument("--db", required=True, metavar="PATH", help=DB_HELP)
    rv.add_argument("--province-code", required=True, metavar="MÃ_TỈNH")
    rv.add_argument("--reason", required=True, metavar="LÝ_DO")
    add_json_option(rv)
    rv.set_defaults(func=run_revoke)

    i = group.add_parser("import", help="nhập các gói số liệu .khprov của tỉnh",
                         description="Kiểm tra (chữ ký, mã băm, sổ gói) rồi nhập các gói số liệu của tỉnh, mỗi gói một "
                                     "giao dịch; gói mới nhất của một tỉnh thay toàn bộ số liệu của tỉnh đó. Thoát với "
                                     "mã 1 nếu có tệp bị từ chối.")
    i.add_argument("--db", required=True, metavar="PATH", help=DB_HELP)
    i.add_argument("files", nargs="+", metavar="TỆP.khprov")
    add_json_option(i)
    i.set_defaults(func=run_import)

    ls = group.add_parser("provinces", help="liệt kê các tỉnh đã đăng ký: khóa, gói đã nhập, gói còn thiếu",
                          description="Các tỉnh đã đăng ký: mã, tên, dấu vân tay khóa, số gói đã nhập, gói cuối, các "
                                      "gói còn thiếu, gói đang dùng cho số liệu và các kỳ số liệu, khóa bị thu hồi.")
    ls.add_argument("--db", required=True, metavar="PATH", help=DB_HELP)
    add_json_option(ls)
    ls.set_defaults(func=run_provinces)


def _open(path, create: bool = False, read_only: bool = False):
    from pathlib import Path

    from ..services.national import NationalError
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    if "://" not in str(path) and not Path(path).exists() and not create:
        raise NationalError(f"Không tìm thấy tệp dữ liệu của Trung ương “{path}”.")
    if read_only:
        ws = Workspace(DataFile.open(path, read_only=True))
    else:
        ws = Workspace.open(path, role="national", defer_integrity_check=True)
    if ws.datafile.role != "national":
        role = ws.datafile.role
        ws.close()
        from ..domain.roles import role_label

        raise NationalError(f"“{path}” là {role_label(role)}, không phải kho tổng hợp của Trung ương.")
    return ws


def _province_lines(p) -> list[str]:
    from ..services.province import format_gaps

    periods = ", ".join(x or "mọi ngày" for x in p.periods) or "chưa có"
    status = "đang dùng" if not p.revoked else (f"đã thu hồi khóa lúc {p.revoked_at}"
                                                + (f"; lý do: {p.revoked_reason}" if p.revoked_reason else ""))
    return [f"{p.code}  {p.name or '(chưa có tên)'}", f"  Dấu vân tay khóa: {p.fingerprint}",
            f"  Số gói đã nhập: {p.packages}; gói cuối: {p.last_seq or '—'}; thiếu gói: {format_gaps(p.gaps) or 'không'}",
            f"  Số liệu theo gói số {p.figures_seq or '—'}; các kỳ: {periods}", f"  Trạng thái: {status}"]


def run_register(args) -> int:
    from ..cli import emit

    with _open(args.db, create=True) as ws:
        p = ws.national.register_province(args.province_code, args.name, args.key)
    emit(args, p.to_dict(), f"Đã đăng ký tỉnh {p.label}, dấu vân tay khóa: {p.fingerprint}")
    return 0


def run_revoke(args) -> int:
    from ..cli import emit

    with _open(args.db) as ws:
        p = ws.national.revoke_province(args.province_code, args.reason)
    emit(args, p.to_dict(), f"Đã thu hồi khóa {p.fingerprint} của tỉnh {p.label}; Trung ương sẽ từ chối gói mới của "
                            "tỉnh cho đến khi tỉnh đăng ký lại bằng khóa mới.")
    return 0


def run_import(args) -> int:
    from ..cli import emit
    from ..services.national import NATIONAL_STATUS_LABELS

    with _open(args.db) as ws:
        reports = ws.national.import_files(args.files)
    bad = any(not r.ok for r in reports)
    lines = []
    for r in reports:
        lines.append(f"{r.file}: {NATIONAL_STATUS_LABELS.get(r.status, r.status)} — {r.message}")
        lines += [f"  Cảnh báo: {w}" for w in r.warnings]
    emit(args, {"ok": not bad, "files": [r.to_dict() for r in reports]}, lines)
    return 1 if bad else 0


def run_provinces(args) -> int:
    from ..cli import emit

    with _open(args.db, read_only=True) as ws:
        provinces = ws.national.provinces()
    lines = [line for p in provinces for line in _province_lines(p)]
    lines.append(f"Tổng cộng {len(provinces)} tỉnh." if provinces else
                 "Chưa có tỉnh nào được đăng ký (khuyenhoc national register).")
    emit(args, {"provinces": [p.to_dict() for p in provinces]}, lines)
    return 0
