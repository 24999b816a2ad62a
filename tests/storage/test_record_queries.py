"""The storage queries written with the peewee models, checked against rows written by hand."""

from __future__ import annotations

from khuyenhoc_desktop.storage import awards, classes, fund, health, records, sync_history, sync_rows
from khuyenhoc_desktop.storage.tables import present_tables, table_exists
from khuyenhoc_desktop.services.workspace import Workspace

NOW = "2026-01-01T00:00:00+00:00"


def add_award(db, name, school_year="2025-2026", register_no="", status="approved", amount=100_000, deleted=0,
              category="Học sinh giỏi"):
    values = {"school_year": school_year, "full_name": name, "name_key": name.lower(),
              "search_key": f"{name.lower()}|", "register_no": register_no, "status": status, "amount": amount,
              "category": category, "uuid": records.new_uuid(), "created_at": NOW, "updated_at": NOW,
              "deleted": deleted, "version": 1}
    values["change_seq"] = records.next_change_seq(db)
    records.insert_row(db, "award", values)
    return values["uuid"]


def test_the_register_number_counts_only_the_school_years_own_numbers(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        db = ws.db
        assert awards.last_register_no(db, "2025-2026") == 0
        add_award(db, "an", register_no="9/2025-2026")
        add_award(db, "binh", register_no="12/2025-2026")
        add_award(db, "cuc", register_no="40/2024-2025", school_year="2024-2025")
        assert awards.last_register_no(db, "2025-2026") == 12
        assert awards.last_register_no(db, "2024-2025") == 40


def test_names_of_a_year_and_approved_awards_to_pay_leave_out_deleted_drafts_and_zero_amounts(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        db = ws.db
        keep = add_award(db, "an")
        add_award(db, "binh", deleted=1)
        add_award(db, "cuc", status="draft")
        add_award(db, "dung", amount=0)
        old = add_award(db, "em", school_year="2024-2025")
        assert sorted(n for n, *_ in awards.names_in_year(db, "2025-2026")) == ["an", "cuc", "dung"]
        assert awards.approved_to_pay(db) == [("2025-2026", keep), ("2024-2025", old)]


def test_counts_versions_and_changes_of_a_synced_table(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        db = ws.db
        start = sync_rows.changed_count(db, "award", 0)
        first = add_award(db, "an")
        seq = int(ws.datafile.get_meta("change_counter"))
        second = add_award(db, "binh", deleted=1)
        assert sync_rows.changed_count(db, "award", 0) == start + 2
        assert sync_rows.changed_count(db, "award", seq) == 1
        assert [r["uuid"] for r in sync_rows.changed_rows(db, "award", seq - 1, seq + 1)] == [first, second]
        assert (first, 1) in sync_rows.versions(db, "award") and (second, 1) in sync_rows.versions(db, "award")
        assert sync_rows.version_of(db, "award", first) == 1 and sync_rows.version_of(db, "award", "x") is None
        assert sync_rows.row_of(db, "award", second)["full_name"] == "binh"
        assert health.record_counts(db, ["award"])["award"] == {"total": start + 2, "deleted": 1}


def test_an_acknowledged_state_keeps_its_first_date_until_what_was_said_changes(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        db = ws.db
        sync_history.set_state(db, "award", "u1", 2, "returned", "Sai năm sinh", "2026-02-01")
        sync_history.set_state(db, "award", "u1", 2, "returned", "Sai năm sinh", "2026-02-09")
        assert sync_history.returned(db) == [("award", "u1", 2, "Sai năm sinh", "2026-02-01")]
        sync_history.set_state(db, "award", "u1", 3, "accepted", "", "2026-03-01")
        assert sync_history.state_of(db, "award", "u1") == ("accepted", 3, "")
        assert sync_history.state_version(db, "award", "u1") == 3
        assert sync_history.state_counts(db) == {"accepted": 1}


def test_tables_present_and_existence(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        assert {"award", "voucher", "sync_export"} <= present_tables(ws.db)
        assert table_exists(ws.db, "bank_account") and not table_exists(ws.db, "no_such_table")
        assert classes.names_and_starts(ws.db) == [] and fund.posting_year_span(ws.db) is None
        assert fund.posted_entries(ws.db) == []
