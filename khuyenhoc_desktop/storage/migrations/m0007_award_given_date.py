"""When an award counts as given (docs/numbers.md): the day it was approved, and the province's copy of its status.

`award.approved_on` is the local date the award last became approved or paid (empty for a draft). Triggers
keep it, so every write path (form, bulk approval, payment, Excel import, demo) stamps it the same way,
from the row's own `updated_at`. Existing awards get it from the audit log (the first row that made them
approved or paid), else from their last change.

`prov_award.status` lets the province count only approved and paid awards, as the commune does.
"""

VERSION = 7
DESCRIPTION = "Ngày duyệt khen thưởng; trạng thái khen thưởng ở bản tổng hợp của tỉnh"

GIVEN = "('approved', 'awarded')"

STATEMENTS = [
    "ALTER TABLE award ADD COLUMN approved_on TEXT NOT NULL DEFAULT ''",
    f"""UPDATE award SET approved_on = COALESCE(
        (SELECT MIN(date(a.ts, 'localtime')) FROM audit_log a
          WHERE a.record_uuid = award.uuid AND a.table_name = 'award' AND json_valid(a.after)
            AND ((a.field = 'status' AND json_extract(a.after, '$') IN {GIVEN})
                 OR (a.field = '' AND json_type(a.after) = 'object'
                     AND json_extract(a.after, '$.status') IN {GIVEN}))),
        date(updated_at, 'localtime'), substr(updated_at, 1, 10))
      WHERE status IN {GIVEN}""",
    f"""CREATE TRIGGER award_approved_on_insert AFTER INSERT ON award
        WHEN NEW.status IN {GIVEN} AND NEW.approved_on = ''
        BEGIN UPDATE award SET approved_on = COALESCE(date(NEW.updated_at, 'localtime'), substr(NEW.updated_at, 1, 10))
              WHERE id = NEW.id; END""",
    # Approving stamps the day; back to draft clears it; approved ↔ paid keeps the first day.
    f"""CREATE TRIGGER award_approved_on_update AFTER UPDATE OF status ON award
        WHEN (NEW.status IN {GIVEN}) <> (NEW.approved_on <> '')
        BEGIN UPDATE award SET approved_on = CASE WHEN NEW.status IN {GIVEN}
              THEN COALESCE(date(NEW.updated_at, 'localtime'), substr(NEW.updated_at, 1, 10)) ELSE '' END
              WHERE id = NEW.id; END""",
    "ALTER TABLE prov_award ADD COLUMN status TEXT NOT NULL DEFAULT ''",
    # The aggregates' covering index, now with the status they filter on (last: the GROUP BY order stays).
    "DROP INDEX prov_award_cube",
    """CREATE INDEX prov_award_cube ON prov_award(deleted, commune_code, school_year, category, level,
        funding_source, amount, status)""",
    """UPDATE prov_award SET status = IFNULL((SELECT json_extract(r.data, '$.data.status') FROM prov_record r
        WHERE r.commune_code = prov_award.commune_code AND r.uuid = prov_award.uuid AND json_valid(r.data)
          AND json_type(r.data, '$.data.status') = 'text'), '')""",
]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
