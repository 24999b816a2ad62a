"""Applying a merge plan: every old file's rows, its history and its fund's handover, in one transaction.

Rows are written by the per-row rule of the plan (new uuid: added; higher version: replaces; else left), so
merging the same file again changes nothing and a later copy brings only what changed. The fund is received
once per old commune (`fund_handover`); `merge_source` keeps what was handed over."""

from __future__ import annotations

from ...domain.changes import Changes
from ...domain.merge import MergePlan
from ...storage import audit
from ...storage import fund as fund_store
from ...storage import merge as store
from ...storage.records import next_change_seq, now_iso
from ...vietnamese import format_date
from . import fund_handover
from .sources import MergeRefused
from .tables import MERGED_TABLES


def apply_plan(ws, plan: MergePlan, progress=None) -> tuple[dict, Changes]:
    """Write the plan; returns (what was merged per old commune, the changes). Raises MergeRefused (nothing
    written) for a plan with blocking conflicts."""
    if plan.refused:
        raise MergeRefused("Không hợp nhất được:\n" + "\n".join(f"- {c.message}" for c in plan.refused))
    db = ws.db
    changes = Changes()
    result: dict = {}
    with db.atomic():
        until = fund_store.locked_until(db)  # read again inside the transaction
        if until is not None and plan.merger_date <= until:
            raise MergeRefused(f"Ngày hợp nhất {format_date(plan.merger_date)} nằm trong kỳ sổ quỹ đã khóa.")
        for i, source in enumerate(plan.sources):
            c = source.commune
            if progress is not None:
                progress(i, len(plan.sources))  # "Dừng" here rolls the whole merge back
            rows = plan.prepared[c.code]["rows"]
            total = sum(len(rows[t]) for t, _ in MERGED_TABLES)
            seq = next_change_seq(db, total) - total + 1 if total else 0
            for table, _ in MERGED_TABLES:
                store.write_rows(db, table, rows[table], seq)
                seq += len(rows[table])
                if rows[table]:
                    changes.add("updated", table, *(r["uuid"] for r in rows[table]))
            store.copy_audit(db, rows["audit_log"])
            before = store.source(db, c.code)
            books = before["books"] if before else fund_handover.receive(ws, source, plan.merger_date, changes)
            counts = {k.table: k.total for k in source.counts}
            now = now_iso()
            old = plan.prepared[c.code]["old"]
            added = sum(k.added for k in source.counts)
            updated = sum(k.updated for k in source.counts)
            result[c.code] = {"name": c.committee_name, "added": added, "updated": updated,
                              "unchanged": sum(k.unchanged + k.unified for k in source.counts),
                              "audit_rows": len(rows["audit_log"]), "books": books,
                              "received": before is None}
            if before is not None and not (added or updated or rows["audit_log"]):
                continue  # the same file again: nothing to write
            store.save_source(db, {
                "origin_code": c.code, "origin_name": c.label, "committee_name": c.committee_name,
                "province": c.province, "merger_date": plan.merger_date.isoformat(),
                "merged_at": before["merged_at"] if before else now, "updated_at": now, "file_name": c.file_name,
                "schema_version": c.schema_version, "profile": old.profile, "books": books, "counts": counts,
                "openings": old.openings})
            if added or updated or before is None:
                audit.record(db, operator=ws.operator, action="merge", table=store.SOURCE_TABLE, uuid=c.code,
                             version=1, before=None,
                             after={"committee_name": c.committee_name, "merger_date": plan.merger_date.isoformat(),
                                    "added": added, "updated": updated, "file_name": c.file_name})
        changes.add("updated", store.SOURCE_TABLE, *result)
    return result, changes
