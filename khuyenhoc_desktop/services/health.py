"""Health of a data file: schema version, integrity, record counts (the `check` command)."""

from __future__ import annotations

from .. import __version__
from ..domain.limits import MAX_AMOUNT, MAX_COUNT
from ..storage import health as health_store
from ..storage import migrations, out_of_range, schema_check
from ..storage import settings as settings_store
from ..storage.tables import present_tables
from ..vietnamese import format_money, format_vnd

BUSINESS_TABLES = (
    "award", "catalog_item", "award_rate", "voucher", "learning_class", "class_learner", "meeting",
)


# How the user undoes an out-of-range row of each table (the bound triggers allow exactly these).
_UNDO = {
    "award": ("Khen thưởng", "sửa số tiền hoặc xóa bản ghi này"),
    "award_rate": ("Mức thưởng", "sửa lại mức thưởng này"),
    "voucher": ("Phiếu", "đảo phiếu này (trang Quỹ, nút “Đảo phiếu (điều chỉnh)…”) rồi lập lại phiếu đúng"),
    "fund_opening": ("Số dư đầu kỳ năm", "sửa lại số dư đầu kỳ"),
    "cash_count": ("Kiểm kê quỹ ngày", "ghi một biên bản kiểm kê mới với số tiền đúng"),
    "learning_class": ("Lớp", "sửa lại lớp này"),
    "meeting": ("Cuộc họp", "sửa lại biên bản họp này"),
}


def out_of_range_problems(db) -> list[str]:
    """One Vietnamese line per stored value above the limits (rows saved before they existed)."""
    lines = []
    for row in out_of_range.find(db):
        what, undo = _UNDO[row.table]
        label = _COLUMN_LABELS[row.column]
        if row.column in _MONEY:
            value = format_money(row.value) if isinstance(row.value, int) else str(row.value)
            limit = f"tối đa {format_money(MAX_AMOUNT)}, không âm"
        else:
            value = format_vnd(row.value) if isinstance(row.value, int) else str(row.value)
            limit = f"tối đa {format_vnd(MAX_COUNT)}, không âm"
        lines.append(f"{what} {row.label} (mã {row.uuid}): {label} {value} vượt giới hạn cho phép ({limit}); "
                     f"hãy {undo}.")
    return lines


_MONEY = frozenset({"amount", "counted", "budget"})
_COLUMN_LABELS = {
    "amount": "số tiền", "counted": "số tiền kiểm kê", "budget": "kinh phí", "attachments": "số chứng từ kèm theo",
    "sessions": "số buổi", "learners": "số học viên", "women": "số học viên nữ",
    "minority": "số học viên dân tộc thiểu số", "members_total": "tổng số thành viên",
    "members_present": "số có mặt", "members_absent": "số vắng",
}


def check_report(datafile) -> dict:
    db = datafile.db
    tables = present_tables(db)
    counts = health_store.record_counts(db, [t for t in BUSINESS_TABLES if t in tables])
    if datafile.get_meta("role", "commune") == "national" and "nat_package" in tables:
        from ..storage import national

        counts = national.row_counts(db)  # the hub holds no records: its provinces, ledger and figures
    problems: list[str] = []
    version = datafile.schema_version
    if version < migrations.latest_version():
        problems.append(f"Lược đồ {version} cũ hơn bản hiện tại ({migrations.latest_version()}); mở bằng chương trình để nâng cấp.")
    integrity = datafile.integrity_check()
    if integrity != "ok":
        problems.append(f"Tệp bị hỏng: {integrity}")
    broken = health_store.broken_foreign_keys(db)
    if broken:
        problems.append(f"{broken} liên kết khóa ngoại bị hỏng.")
    problems.extend(out_of_range_problems(db))
    missing = [f"{'bộ kích hoạt' if kind == 'trigger' else 'chỉ mục'} {name}"
               for kind, name in schema_check.missing_objects(db, version)]
    if missing:
        problems.append("Thiếu bộ kích hoạt (trigger) hoặc chỉ mục mà lược đồ cần (có thể đã bị xóa bằng tay): "
                        + ", ".join(missing[:20]) + ". Hãy khôi phục từ bản sao lưu hoặc liên hệ người hỗ trợ.")
    if settings_store.plain_secrets(db):
        problems.append("Khóa riêng của đơn vị đang lưu trong tệp mà chưa được khóa bằng khóa của máy (tệp của "
                        "phiên bản cũ). Hãy mở tệp bằng chương trình một lần để khóa lại.")
    for table, column, count in schema_check.malformed_dates(db, tables):
        problems.append(f"{count} dòng trong bảng {table} có {column} không đúng dạng năm-tháng-ngày (YYYY-MM-DD); "
                        "các dòng này được ghi trước khi tệp tự kiểm tra ngày, hãy sửa hoặc đảo phiếu.")
    from .backup import verify_backups

    backups = verify_backups(datafile)
    bad = [b["file"] for b in backups if not b["ok"]]
    if bad:
        problems.append(f"{len(bad)} bản sao lưu tự động bị hỏng: {', '.join(bad[:5])}")
    return {
        "file": str(datafile.path),
        "backups": backups,
        "app_version": __version__,
        "schema_version": version,
        "latest_schema_version": migrations.latest_version(),
        "role": datafile.get_meta("role", "commune"),
        "integrity": integrity,
        "counts": counts,
        "problems": problems,
    }


def server_check_report(store) -> dict:
    """`check` of a province store on a PostgreSQL server: the same object as for a file (schema version,
    counts, problems) and `server` (where, which PostgreSQL). The server keeps its own pages whole: what
    is checked is the schema (tables, indexes, the audit log's trigger, the bounds) and the row counts."""
    from ..storage import server_schema

    db = store.db
    version = store.schema_version
    latest = migrations.latest_version()
    problems: list[str] = []
    if version < latest:
        problems.append(f"Lược đồ {version} cũ hơn bản hiện tại ({latest}); mở kho để ghi (ví dụ khuyenhoc sync "
                        "communes, sau khi đã sao lưu bằng pg_dump) để nâng cấp.")
    missing = server_schema.missing_objects(db)
    kinds = {"table": "bảng", "index": "chỉ mục", "trigger": "bộ kích hoạt", "constraint": "ràng buộc"}
    if missing:
        problems.append("Kho dữ liệu thiếu " + ", ".join(f"{kinds[k]} {n}" for k, n in missing[:20])
                        + " (có thể đã bị xóa bằng tay). Hãy khôi phục từ bản sao lưu pg_dump hoặc liên hệ người hỗ trợ.")
    if settings_store.plain_secrets(db):
        problems.append("Khóa riêng của tỉnh đang lưu mà chưa được khóa bằng khóa của máy. Hãy mở kho bằng chương "
                        "trình một lần để khóa lại.")
    a = store.address
    return {
        "file": a.url,
        "backups": [],
        "app_version": __version__,
        "schema_version": version,
        "latest_schema_version": latest,
        "role": store.role,
        "integrity": "ok",
        "counts": server_schema.row_counts(db),
        "problems": problems,
        "server": {"host": a.host, "port": a.port, "dbname": a.dbname, "user": a.user,
                   "version": server_schema.server_version(db),
                   "message": f"Đã kết nối kho dữ liệu {a.label()} (PostgreSQL {server_schema.server_version(db)})."},
    }
