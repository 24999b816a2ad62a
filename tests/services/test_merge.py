"""Merging old communes' files (made by `khuyenhoc demo --commune-code` of old codes, one province) into the new
association's file: the dry run writes nothing; the merge gives exact totals — `summary` of the new file is the
sum of the old files' summaries (awards by school year and category, classes and learners, members and units,
each book's balance at the merger date), computed here from the old files' own summaries; merging again changes
nothing; a later copy of an old file brings only its higher versions; bad input is refused with nothing written."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from dataclasses import replace

import pytest

from khuyenhoc_desktop.cli import main
from khuyenhoc_desktop.domain.awards import AwardFilter
from khuyenhoc_desktop.domain.errors import ConflictError
from khuyenhoc_desktop.domain.members import MemberFilter
from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.services.merge import MergeRefused
from khuyenhoc_desktop.services.workspace import Workspace
from tests.clock_helpers import TEST_CLOCK, test_today

OLD = (("07450", "Đồng Sơn", 11), ("07453", "Song Khê", 12), ("07456", "Tân Mỹ", 13))
TODAY = test_today()
DATE = TODAY.strftime("%d/%m/%Y")


def make_old(folder, code: str, name: str, seed: int):
    db = folder / f"xa-{code}.db"
    assert main(["demo", "--db", str(db), "--awards", "30", "--seed", str(seed), "--commune-code", code,
                 "--commune-name", name, "--today", TODAY.isoformat(), "--json"]) == 0
    return db


def make_new(path):
    with Workspace.open(path, clock=TEST_CLOCK) as ws:
        ws.profile.save(sample_organisation())  # Hội Khuyến học xã Tân Dĩnh, 07462, Bắc Ninh (24)
    return path


def summary_of(capsys, db) -> dict:
    capsys.readouterr()
    assert main(["summary", "--db", str(db)]) == 0
    return json.loads(capsys.readouterr().out)


def counts(db) -> dict:
    """Every row of every table but `meta` (opening a file notes that it is open), to compare."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables if t != "meta"}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def olds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("old")
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        return [make_old(folder, code, name, seed) for code, name, seed in OLD]


@pytest.fixture
def new(tmp_path):
    return make_new(tmp_path / "xa-moi.db")


def _sum_tallies(dicts) -> dict:
    total: dict = {}
    for d in dicts:
        for key, t in d.items():
            acc = total.setdefault(key, {"count": 0, "amount": 0})
            acc["count"] += t["count"]
            acc["amount"] += t["amount"]
    return total


def test_the_merged_file_adds_up_exactly_to_the_old_files(olds, new, capsys):
    before = [summary_of(capsys, db) for db in olds]
    assert main(["merge", "--into", str(new), *map(str, olds), "--date", DATE]) == 0
    after = summary_of(capsys, new)
    # awards: count and amount in total, by school year and by category
    assert after["awards"]["count"] == sum(s["awards"]["count"] for s in before)
    assert after["awards"]["amount"] == sum(s["awards"]["amount"] for s in before)
    assert after["awards"]["pending"]["count"] == sum(s["awards"]["pending"]["count"] for s in before)
    for key in ("by_school_year", "by_category"):
        assert after["awards"][key] == _sum_tallies(s["awards"][key] for s in before)
    # classes and their learners
    for key in ("count", "learners", "women", "minority"):
        assert after["classes"][key] == sum(s["classes"][key] for s in before)
    # members and units
    for key in ("count", "new", "left"):
        assert after["members"][key] == sum(s["members"][key] for s in before)
    assert after["members"]["units"] == dict(sum((Counter(s["members"]["units"]) for s in before), Counter()))
    # the population (each old commune's lines, told apart) and the dues collected and sent upward that year
    assert after["members"]["population"] == sum(s["members"]["population"] for s in before)
    for key in ("collected", "submitted"):
        assert after["members"]["dues"][key] == sum(s["members"]["dues"][key] for s in before)
    # the learning models: subjects on the list, registered and recognised, Công dân học tập
    for model in ("family", "clan", "community", "unit", "citizen"):
        for key, value in after["learning_models"][model].items():
            assert value == sum(s["learning_models"][model][key] for s in before), (model, key)
    # the fund: cash and bank apart, each at the merger date (the demo has nothing after it)
    cash = [b for b in after["fund"]["books"] if b["book"] == "cash"]
    assert cash[0]["balance"] == sum(b["balance"] for s in before for b in s["fund"]["books"] if b["book"] == "cash")
    old_bank = sorted(b["balance"] for s in before for b in s["fund"]["books"] if b["book"] == "bank")
    assert sorted(b["balance"] for b in after["fund"]["books"] if b["book"] == "bank") == old_bank
    assert after["fund"]["balance"] == sum(s["fund"]["balance"] for s in before)
    # by origin: each old commune's figures are its own summary's
    for (code, name, _), s in zip(OLD, before):
        mine = after["by_origin"][code]
        assert name in mine["name"]
        assert (mine["awards"]["count"], mine["awards"]["amount"]) == (s["awards"]["count"], s["awards"]["amount"])
        assert mine["classes"] == {"count": s["classes"]["count"], "learners": s["classes"]["learners"]}
        assert mine["members"]["count"] == s["members"]["count"]
        assert mine["fund"]["balance"] == s["fund"]["balance"]
    assert after["by_origin"][""]["awards"]["count"] == 0


def test_the_dry_run_writes_nothing_and_counts_each_kind(olds, new):
    before = counts(new)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        plan = ws.merge.plan(olds, TODAY)
    assert counts(new) == before
    conn = sqlite3.connect(olds[0])
    awards, members, vouchers = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                                 for t in ("award", "member", "voucher"))
    conn.close()
    first = {k.table: k for k in plan.sources[0].counts}
    assert (first["award"].added, first["member"].added, first["voucher"].added) == (awards, members, vouchers)
    assert not plan.refused
    # "Thôn 1" is in every commune: each old one's takes its commune's name; catalogues unify by name
    thon = {(n.origin_code, n.name): n.target for n in plan.names if n.kind == "village"}
    assert thon[("07450", "Thôn 1")] == "Thôn 1 (xã Đồng Sơn cũ)"
    assert thon[("07453", "Thôn 1")] == "Thôn 1 (xã Song Khê cũ)"
    category = [n for n in plan.names if n.kind == "award_category" and n.name == "Học sinh giỏi"]
    assert category and all(n.target == "Học sinh giỏi" and n.action == "unify" for n in category)


def test_records_keep_their_uuid_history_and_origin_and_the_lists_filter_by_it(olds, new):
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        ws.merge.apply(ws.merge.plan(olds[:2], TODAY))
    conn = sqlite3.connect(olds[0])
    old_awards = {r[0]: r[1] for r in conn.execute("SELECT uuid, version FROM award")}
    old_history = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    village = conn.execute("SELECT village FROM member WHERE village = 'Thôn 1' LIMIT 1").fetchone()
    conn.close()
    conn = sqlite3.connect(new)
    merged = {r[0]: r[1] for r in conn.execute("SELECT uuid, version FROM award WHERE origin_code = '07450'")}
    assert merged == old_awards
    assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE origin_code = '07450'").fetchone()[0] == old_history
    names = {r[0] for r in conn.execute("SELECT DISTINCT origin_name FROM member WHERE origin_code = '07450'")}
    assert names == {"xã Đồng Sơn"}
    if village:
        assert conn.execute("SELECT COUNT(*) FROM member WHERE origin_code = '07450' AND village = 'Thôn 1'"
                            ).fetchone()[0] == 0
    numbers = [r[0] for r in conn.execute("SELECT number FROM voucher WHERE origin_code = '07450' LIMIT 3")]
    conn.close()
    assert numbers and all(n.startswith("07450/P") or n.startswith("07450/B") for n in numbers)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        assert ws.awards.count_and_total(AwardFilter(origin="07450"))[0] == len(old_awards) - _deleted(olds[0], "award")
        assert ws.awards.count_and_total(AwardFilter(origin=""))[0] == 0
        assert ws.members.count(MemberFilter(origin="07453")) == _rows(olds[1], "member") - _deleted(olds[1], "member")
        assert ws.members.count(MemberFilter(origin="07456")) == 0
        # an old phiếu is the old book's history: not voided, reversed or corrected here
        old_voucher = ws.fund.get_by_number(numbers[0])
        with pytest.raises(ConflictError, match="đã khóa khi hợp nhất"):
            ws.fund.void(old_voucher.uuid, "nhầm")
        receipts = [v for v in ws.fund.fetch(ws.fund.uuids(_all_vouchers())) if v.reason.startswith("Tiếp nhận quỹ")]
        assert {v.reason for v in receipts} == {"Tiếp nhận quỹ từ Hội Khuyến học xã Đồng Sơn (cũ)",
                                               "Tiếp nhận quỹ từ Hội Khuyến học xã Song Khê (cũ)"}


def _all_vouchers():
    from khuyenhoc_desktop.domain.fund import VoucherFilter

    return VoucherFilter()


def _rows(db, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _deleted(db, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted = 1").fetchone()[0]
    finally:
        conn.close()


def test_merging_the_same_files_again_changes_nothing(olds, new, capsys):
    assert main(["merge", "--into", str(new), *map(str, olds), "--date", DATE]) == 0
    once, summary_once = counts(new), summary_of(capsys, new)
    capsys.readouterr()
    assert main(["merge", "--into", str(new), *map(str, olds), "--date", DATE, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert all(s["already_merged"] for s in again["sources"])
    assert all(c["added"] == c["updated"] == 0 for s in again["sources"] for c in s["counts"].values())
    assert counts(new) == once
    assert summary_of(capsys, new) == summary_once


def test_a_later_copy_of_an_old_file_brings_only_its_higher_versions(olds, new, tmp_path):
    later = tmp_path / "xa-07450-sau.db"
    shutil.copy(olds[0], later)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        ws.merge.apply(ws.merge.plan([olds[0]], TODAY))
    with Workspace.open(later, clock=TEST_CLOCK) as old:
        uuid = old.members.uuids(MemberFilter())[0]
        found = old.members.get(uuid)
        old.members.save(replace(found.as_draft(), note="Sửa sau khi chép"), uuid, confirm=True)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        plan = ws.merge.plan([later], TODAY)
        by_table = {k.table: k for k in plan.sources[0].counts}
        assert by_table["member"].updated == 1 and by_table["member"].added == 0
        assert sum(k.added + k.updated for k in plan.sources[0].counts) == 1
        balance = ws.fund.balance()
        ws.merge.apply(plan)
        assert ws.members.get(uuid).note == "Sửa sau khi chép"
        assert ws.fund.balance() == balance  # the fund was received once


def test_members_in_two_old_communes_are_flagged_and_kept_apart(olds, new, tmp_path):
    twin = tmp_path / "xa-07453.db"
    shutil.copy(olds[1], twin)
    conn = sqlite3.connect(olds[0])
    name, year = conn.execute("SELECT full_name, birth_year FROM member WHERE birth_year IS NOT NULL AND deleted = 0"
                              " ORDER BY id LIMIT 1").fetchone()
    conn.close()
    with Workspace.open(twin, clock=TEST_CLOCK) as old:
        uuid = old.members.uuids(MemberFilter())[0]
        found = old.members.get(uuid)
        old.members.save(replace(found.as_draft(), full_name=name, family_name="", middle_name="", given_name="",
                                 birth_date=None, birth_year=year), uuid, confirm=True)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        plan = ws.merge.plan([olds[0], twin], TODAY)
        flagged = [d for d in plan.duplicates if {e.full_name for e in d.entries} == {name}]
        assert flagged and {e.origin_code for e in flagged[0].entries} == {"07450", "07453"}
        ws.merge.apply(plan)
    conn = sqlite3.connect(new)
    origins = {r[0] for r in conn.execute("SELECT origin_code FROM member WHERE full_name = ? AND birth_year = ?",
                                          (name, year))}
    assert origins == {"07450", "07453"}
    conn.close()


# -- refused, nothing written ---------------------------------------------------------------------------
def _refused(new, paths, match: str, date=TODAY) -> None:
    before = counts(new)
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        with pytest.raises(MergeRefused, match=match):
            ws.merge.apply(ws.merge.plan(paths, date))
    assert counts(new) == before


def test_a_file_that_is_not_an_association_file_is_refused(olds, new, tmp_path):
    text = tmp_path / "ghi-chu.db"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    _refused(new, [text], "không phải tệp dữ liệu của Khuyến học Desktop")
    other = tmp_path / "khac.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    _refused(new, [other], "chương trình khác")
    empty = tmp_path / "trong.db"
    Workspace.open(empty, clock=TEST_CLOCK).close()
    _refused(new, [empty], "chưa có hồ sơ hội")


def test_a_province_file_is_refused(new, tmp_path):
    province = tmp_path / "tinh.db"
    Workspace.open(province, role="province", clock=TEST_CLOCK).close()
    _refused(new, [province], "tệp của tỉnh")


def test_a_commune_of_another_province_is_refused(olds, new, tmp_path):
    elsewhere = tmp_path / "xa-khac-tinh.db"
    shutil.copy(olds[0], elsewhere)
    with Workspace.open(elsewhere, clock=TEST_CLOCK) as ws:
        ws.profile.save(replace(ws.organisation, province="Thái Nguyên", province_code="19"))
    _refused(new, [olds[1], elsewhere], "tỉnh Thái Nguyên")


def test_two_files_of_the_same_old_commune_are_refused(olds, new, tmp_path):
    copy = tmp_path / "ban-sao.db"
    shutil.copy(olds[0], copy)
    _refused(new, [olds[0], copy], "cùng là của xã Đồng Sơn")


def test_an_old_file_of_a_newer_schema_is_refused(olds, new, tmp_path):
    newer = tmp_path / "moi-hon.db"
    shutil.copy(olds[0], newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    _refused(new, [newer], "phiên bản mới hơn")


def test_a_merger_date_inside_a_locked_fund_period_is_refused(olds, new):
    with Workspace.open(new, clock=TEST_CLOCK) as ws:
        ws.fund.lock(TODAY, "Khóa sổ cuối kỳ")
    _refused(new, olds[:1], "kỳ sổ quỹ đã khóa")


def test_a_merger_date_before_the_old_books_last_entry_is_refused(olds, new):
    from datetime import date

    _refused(new, olds[:1], "sau ngày hợp nhất", date=date(TODAY.year - 1, 1, 1))


def test_the_command_refuses_in_vietnamese_and_explains_itself(olds, new, tmp_path, capsys):
    province = tmp_path / "tinh.db"
    Workspace.open(province, role="province", clock=TEST_CLOCK).close()
    assert main(["merge", "--into", str(new), str(province), "--date", DATE]) == 1
    assert "Lỗi: Tệp “tinh.db” là tệp của tỉnh" in capsys.readouterr().err
    assert main(["merge", "--into", str(new), str(olds[0]), "--date", "32/13/2026"]) != 0
    assert "Lỗi:" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["merge", "--help"])
    out = capsys.readouterr().out
    assert "Hợp nhất tệp dữ liệu của các hội khuyến học xã cũ" in out and "--dry-run" in out


def test_every_record_table_of_the_schema_is_merged_or_said_to_stay_behind(new):
    """A record kind added later (a table with uuid and version) must carry an origin and be walked by the merge,
    or be named among those not copied; otherwise its rows would be lost at a merger without a word."""
    from khuyenhoc_desktop.services.merge.tables import MERGED_TABLES, NOT_COPIED

    con = sqlite3.connect(new)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        record_tables = set()
        for table in tables:
            columns = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
            if {"uuid", "version", "change_seq"} <= columns and not table.startswith("prov_"):
                record_tables.add(table)
                assert {"origin_code", "origin_name"} <= columns, table
    finally:
        con.close()
    walked = {t for t, _label in MERGED_TABLES} | set(NOT_COPIED)
    assert record_tables - walked == set()
    assert "learning_certificate" in record_tables and "award" in record_tables
