"""Health of a data file: schema version, integrity, record counts (the `check` command)."""

from __future__ import annotations

from .. import __version__
from ..domain.limits import MAX_AMOUNT, MAX_COUNT
from ..storage import migrations, out_of_range
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
        value = format_money(row.value) if isinstance(row.value, int) and row.column in _MONEY else repr(row.value)
        lines.append(f"{what} {row.label} (mã {row.uuid}): giá trị {row.column} = {value} vượt giới hạn cho phép "
                     f"(số tiền đến {format_money(MAX_AMOUNT)}, số lượng đến {format_vnd(MAX_COUNT)}); hãy {undo}.")
    return lines


_MONEY = frozenset({"amount", "counted", "budget"})


def expected_schema_objects(version: int) -> set[tuple[str, str]]:
    """(type, name) of every trigger and index the migrations up to `version` create, from a scratch database."""
    import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in migrations.all_migrations():
            if migration.version > version:
                break
            migration.up(conn)
        return {(t, n) for t, n in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()


def missing_schema_objects(db, version: int) -> list[str]:
    """Triggers and indexes the file's schema version should have but does not (dropped by hand, say)."""
    present = {(t, n) for t, n in db.execute_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')").fetchall()}
    return sorted(f"{'bộ kích hoạt' if t == 'trigger' else 'chỉ mục'} {n}" for t, n in expected_schema_objects(version) - present)


def malformed_dates(db, tables: set[str]) -> list[tuple[str, str, int]]:
    """Rows whose date columns are not `YYYY-MM-DD` (stored before the file checked them itself)."""
    from ..storage.migrations.m0010_file_identity_dates import DATE_COLUMNS, iso_date_rule

    found = []
    for table, column, may_be_empty in DATE_COLUMNS:
        if table in tables:
            count = db.execute_sql(f"SELECT COUNT(*) FROM {table} WHERE NOT {iso_date_rule(column, may_be_empty)}").fetchone()[0]
            if count:
                found.append((table, column, count))
    return found


def check_report(datafile) -> dict:
    db = datafile.db
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = {}
    for table in BUSINESS_TABLES:
        if table in tables:
            total, deleted = db.execute_sql(f"SELECT COUNT(*), IFNULL(SUM(deleted), 0) FROM {table}").fetchone()
            counts[table] = {"total": total, "deleted": deleted}
    problems: list[str] = []
    version = datafile.schema_version
    if version < migrations.latest_version():
        problems.append(f"Lược đồ {version} cũ hơn bản hiện tại ({migrations.latest_version()}); mở bằng chương trình để nâng cấp.")
    integrity = datafile.integrity_check()
    if integrity != "ok":
        problems.append(f"Tệp bị hỏng: {integrity}")
    fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"{len(fk)} liên kết khóa ngoại bị hỏng.")
    problems.extend(out_of_range_problems(db))
    missing = missing_schema_objects(db, version)
    if missing:
        problems.append("Thiếu bộ kích hoạt (trigger) hoặc chỉ mục mà lược đồ cần (có thể đã bị xóa bằng tay): "
                        + ", ".join(missing[:20]) + ". Hãy khôi phục từ bản sao lưu hoặc liên hệ người hỗ trợ.")
    for table, column, count in malformed_dates(db, tables):
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
