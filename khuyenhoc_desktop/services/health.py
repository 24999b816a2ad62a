"""Health of a data file: schema version, integrity, record counts (the `check` command)."""

from __future__ import annotations

from .. import __version__
from ..storage import migrations

BUSINESS_TABLES = (
    "award", "catalog_item", "award_rate", "voucher", "learning_class", "class_learner", "meeting",
)


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
