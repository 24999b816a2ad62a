"""`khuyenhoc criteria list|export|import`: the learning models' criteria sets of a file, a set written as its JSON
file (a province hands it to its communes) and such a file saved into a commune's (or province's) file."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("criteria", help="bộ tiêu chí mô hình học tập: xem, xuất, nhập",
                       description="Bộ tiêu chí các mô hình học tập (Gia đình, Dòng họ, Cộng đồng, Đơn vị, Công dân "
                                   "học tập): xem danh sách, xuất một bộ ra tệp JSON để gửi các xã, nhập tệp đó.")
    actions = p.add_subparsers(dest="criteria_command", metavar="VIỆC", required=True)

    ls = actions.add_parser("list", help="các bộ tiêu chí có trong tệp dữ liệu",
                            description="Các bộ tiêu chí: có sẵn trong chương trình và do hội lưu, với số phiếu đã chấm.")
    ls.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của xã hoặc của tỉnh")
    add_json_option(ls)
    ls.set_defaults(func=run_list)

    ex = actions.add_parser("export", help="xuất một bộ tiêu chí ra tệp JSON",
                            description="Ghi một bộ tiêu chí ra tệp JSON (tỉnh gửi tệp này cho các xã nhập).")
    ex.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của xã hoặc của tỉnh")
    ex.add_argument("--set", dest="set_code", required=True, metavar="MÃ",
                    help="mã bộ tiêu chí, ví dụ don-vi-hoc-tap-xa, cong-dan-hoc-tap")
    ex.add_argument("--set-version", type=int, default=None, metavar="N", help="phiên bản (mặc định: mới nhất)")
    ex.add_argument("--out", required=True, metavar="TỆP", help="tệp JSON cần ghi")
    add_json_option(ex)
    ex.set_defaults(func=run_export)

    im = actions.add_parser("import", help="nhập một bộ tiêu chí từ tệp JSON",
                            description="Lưu bộ tiêu chí của một tệp JSON vào tệp dữ liệu (kiểm tra trước; phiên bản đã "
                                        "có sẵn hoặc đã dùng để chấm thì không ghi đè được, tệp phải mang phiên bản mới).")
    im.add_argument("--db", required=True, metavar="PATH", help="tệp dữ liệu của xã hoặc của tỉnh")
    im.add_argument("file", metavar="TỆP", help="tệp JSON của bộ tiêu chí")
    add_json_option(im)
    im.set_defaults(func=run_import)


def _entry(ws, criteria_set, shipped: set) -> dict:
    return {"code": criteria_set.code, "version": criteria_set.version, "title_kind": criteria_set.title_kind,
            "name": criteria_set.name, "year_from": criteria_set.year_from, "year_to": criteria_set.year_to,
            "status": criteria_set.status, "complete": criteria_set.complete,
            "shipped": criteria_set.key in shipped, "in_use": ws.learning.in_use(*criteria_set.key)}


def _shipped() -> set:
    from ..services.learning_criteria import shipped_sets

    return {s.key for s in shipped_sets()}


def _newest(ws, code: str, version: int | None):
    from ..domain.errors import NotFoundError

    if version is not None:
        return ws.learning.criteria_set(code, version)
    found = [s for s in ws.learning.criteria_sets() if s.code == code]
    if not found:
        raise NotFoundError(f"Không có bộ tiêu chí mã “{code}”.")
    return max(found, key=lambda s: s.version)


def run_list(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        shipped = _shipped()
        sets = [_entry(ws, s, shipped) for s in ws.learning.criteria_sets()]
    lines = [f"{s['code']}@{s['version']}  {s['name']} — {'có sẵn' if s['shipped'] else 'hội lưu'}, {s['status']}, "
             f"{s['in_use']} phiếu đã chấm" for s in sets]
    emit(args, {"sets": sets}, lines or "Chưa có bộ tiêu chí nào.")
    return 0


def run_export(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace
    from ..storage.database import DataFile

    with Workspace(DataFile.open(args.db, read_only=True)) as ws:
        chosen = _newest(ws, args.set_code, args.set_version)
        ws.learning.export_set(chosen.code, chosen.version, args.out)
        entry = _entry(ws, chosen, _shipped())
    emit(args, {"path": str(args.out), "set": entry}, f"Đã ghi bộ tiêu chí “{chosen.label}” vào {args.out}.")
    return 0


def run_import(args) -> int:
    from ..cli import emit
    from ..services.workspace import Workspace

    with Workspace.open(args.db) as ws:
        criteria_set, changes = ws.learning.import_set(args.file)
        created = bool(changes.created.get("learning_criteria_set"))
        entry = _entry(ws, criteria_set, _shipped())
    verb = "Đã thêm" if created else "Đã cập nhật"
    emit(args, {"path": str(args.file), "created": created, "set": entry},
         f"{verb} bộ tiêu chí “{criteria_set.label}” ({criteria_set.years_label}, {criteria_set.status}).")
    return 0
