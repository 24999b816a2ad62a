"""Health of a data file: schema version, integrity, record counts (the `check` command)."""

from __future__ import annotations

from .. import __version__
from ..storage import migrations

BUSINESS_TABLES = (
    "award", "catalog_item", "award_rate", "voucher", "learning_class", "class_learner", "meeting",
)


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
