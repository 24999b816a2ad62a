"""Award use cases: validation, normalisation, duplicates, versions, audit, soft delete, status."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.errors import ConflictError, NeedsConfirmation, ValidationError


def draft(**kw) -> AwardDraft:
    base = dict(school_year="2025-2026", full_name="Nguyễn Văn Ân", birth_date=date(2012, 3, 4),
                category="Học sinh giỏi", level="Cấp trường", school="Trường THCS Tân Dĩnh", amount=100_000)
    base.update(kw)
    return AwardDraft(**base)


def test_text_is_stored_nfc_trimmed_and_split(ws):
    nfd = unicodedata.normalize("NFD", "  Trần   Thị  Thuỷ ")
    award, changes = ws.awards.save(draft(full_name=nfd))
    assert award.full_name == "Trần Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", award.full_name)
    assert (award.family_name, award.middle_name, award.given_name) == ("Trần", "Thị", "Thuỷ")
    assert award.version == 1 and award.uuid and changes.created["award"] == [award.uuid]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"full_name": ""}, "full_name"),
        ({"school_year": "2025"}, "school_year"),
        ({"school_year": "2025-2027"}, "school_year"),
        ({"birth_date": date(2099, 1, 1), "birth_year": None}, "birth_date"),
        ({"birth_date": None, "birth_year": 2999}, "birth_year"),
        ({"amount": -5}, "amount"),
        ({"full_name": "Nguyễn " + "A" * 200}, "full_name"),
        ({"gender": "Khác"}, "gender"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_saved(ws, kwargs, field):
    with pytest.raises(ValidationError) as info:
        ws.awards.save(draft(**kwargs))
    assert field in {e.field for e in info.value.errors}
    assert all(e.message for e in info.value.errors)
    assert ws.awards.count_and_total(AwardFilter()) == (0, 0)


def test_amount_over_one_billion_needs_confirmation(ws):
    with pytest.raises(NeedsConfirmation, match="1 tỷ"):
        ws.awards.save(draft(amount=1_500_000_000))
    award, _ = ws.awards.save(draft(amount=1_500_000_000), confirm=True)
    assert award.amount == 1_500_000_000


def test_probable_duplicate_is_reported_before_saving(ws):
    ws.awards.save(draft())
    with pytest.raises(NeedsConfirmation) as info:
        ws.awards.save(draft(full_name="nguyen van an"))
    assert info.value.duplicates and info.value.duplicates[0].full_name == "Nguyễn Văn Ân"
    # Another category, school or class is still the same pupil; another year or birth date is not.
    with pytest.raises(NeedsConfirmation):
        ws.awards.save(draft(category="Học sinh xuất sắc", school="Trường Tiểu học Khác", class_name="9C"))
    ws.awards.save(draft(school_year="2024-2025"))
    ws.awards.save(draft(birth_date=date(2013, 1, 1)))


def test_update_bumps_version_writes_audit_and_change_counter(ws):
    award, _ = ws.awards.save(draft())
    seq_before = int(ws.datafile.get_meta("change_counter"))
    updated, changes = ws.awards.save(draft(amount=250_000, class_name="7A"), award.uuid, expected_version=1)
    assert updated.version == 2 and updated.amount == 250_000
    assert changes.updated["award"] == [award.uuid]
    assert int(ws.datafile.get_meta("change_counter")) == seq_before + 1
    history = ws.awards.history(award.uuid)
    fields = {(h.field, h.before, h.after) for h in history if h.action == "update"}
    assert ("amount", 100000, 250000) in fields and ("class_name", "", "7A") in fields
    assert all(h.operator == "Người thử nghiệm" for h in history)


def test_saving_over_a_newer_version_is_refused(ws):
    award, _ = ws.awards.save(draft())
    ws.awards.save(draft(amount=1), award.uuid)
    with pytest.raises(ConflictError):
        ws.awards.save(draft(amount=2), award.uuid, expected_version=1)


def test_audit_log_is_append_only(ws):
    award, _ = ws.awards.save(draft())
    with pytest.raises(Exception, match="append-only"):
        ws.db.execute_sql("UPDATE audit_log SET operator = 'x'")
    with pytest.raises(Exception, match="append-only"):
        ws.db.execute_sql("DELETE FROM audit_log")


def test_soft_delete_and_undo(ws):
    a, _ = ws.awards.save(draft())
    b, _ = ws.awards.save(draft(full_name="Lê Thị Bình", amount=200_000))
    ws.awards.delete([a.uuid])
    assert ws.awards.count_and_total(AwardFilter()) == (1, 200_000)
    row = ws.db.execute_sql("SELECT deleted, version FROM award WHERE uuid = ?", (a.uuid,)).fetchone()
    assert row == (1, 2)  # kept as a tombstone with a new version, for the province
    ws.awards.undelete([a.uuid])
    assert ws.awards.count_and_total(AwardFilter()) == (2, 300_000)


def test_awarded_records_cannot_be_deleted(ws):
    a, _ = ws.awards.save(draft(status="awarded"))
    with pytest.raises(ConflictError, match="đã được trao"):
        ws.awards.delete([a.uuid])


def test_bulk_approve(ws):
    uuids = [ws.awards.save(draft(full_name=f"Phạm Văn {n}"))[0].uuid for n in ("An", "Bình", "Cường")]
    changes = ws.awards.set_status(uuids[:2], "approved")
    assert len(changes.updated["award"]) == 2
    assert ws.awards.count_and_total(AwardFilter(status="approved"))[0] == 2


def test_search_ignores_diacritics_and_word_order(ws):
    ws.awards.save(draft(full_name="Nguyễn Văn Ân"))
    ws.awards.save(draft(full_name="Đỗ Thị Hoà", category="Học sinh xuất sắc"))
    assert ws.awards.count_and_total(AwardFilter(search="nguyen van an"))[0] == 1
    assert ws.awards.count_and_total(AwardFilter(search="an nguyen"))[0] == 1
    assert ws.awards.count_and_total(AwardFilter(search="do thi hoa"))[0] == 1
    assert ws.awards.count_and_total(AwardFilter(search="ĐỖ"))[0] == 1
    assert ws.awards.count_and_total(AwardFilter(search="100%_"))[0] == 0


def test_list_sorts_by_vietnamese_name_order_and_pages_by_key(ws):
    names = ["Trần Văn Đức", "Lê Thị Anh", "Nguyễn Văn An", "Phạm Thị Ánh", "Hoàng Văn Dũng", "Vũ Thị Ân", "Bùi Văn Bình"]
    for i, name in enumerate(names):
        ws.awards.save(draft(full_name=name, birth_date=date(2010, 1, i + 1)))
    rows = ws.awards.page(AwardFilter(), sort="name", limit=100)
    order = [r[2] for r in rows]
    assert order == ["Nguyễn Văn An", "Lê Thị Anh", "Phạm Thị Ánh", "Vũ Thị Ân", "Bùi Văn Bình", "Hoàng Văn Dũng",
                     "Trần Văn Đức"]
    first = ws.awards.page(AwardFilter(), sort="name", limit=3)
    after = (first[-1][-1], first[-1][0])
    rest = ws.awards.page(AwardFilter(), sort="name", after=after, limit=100)
    assert [r[2] for r in first + rest] == order
    desc = ws.awards.page(AwardFilter(), sort="amount", descending=True, limit=100)
    assert len(desc) == len(names)


def test_register_numbers_given_in_list_order_on_first_print(ws):
    uuids = [ws.awards.save(draft(full_name=n))[0].uuid for n in ("Lê Văn Cường", "Mai Thị Dung")]
    given = ws.awards.mark_printed(uuids)
    assert given == {uuids[0]: "1/2025-2026", uuids[1]: "2/2025-2026"}
    assert ws.awards.mark_printed(uuids) == {}  # a reprint keeps the numbers
    assert ws.awards.get(uuids[0]).printed_at


def test_a_print_run_stamps_each_award_as_its_own_change_with_its_audit_rows(ws):
    from khuyenhoc_desktop.storage import records

    names = ("Lê Văn Cường", "Mai Thị Dung", "Trần Văn Em")
    uuids = [ws.awards.save(draft(full_name=n))[0].uuid for n in names]
    ws.awards.mark_printed(uuids[2:])  # already numbered and printed: left as it is by the next run
    before = {u: records.raw_row(ws.db, "award", u) for u in uuids}
    given = ws.awards.mark_printed(uuids)
    assert given == {uuids[0]: "2/2025-2026", uuids[1]: "3/2025-2026"}
    after = {u: records.raw_row(ws.db, "award", u) for u in uuids}
    assert after[uuids[2]] == before[uuids[2]]
    for u in uuids[:2]:
        assert after[u]["version"] == before[u]["version"] + 1 and after[u]["printed_at"]
        assert after[u]["register_no"] == given[u]
    # one change number each, in list order, after every earlier change
    assert after[uuids[1]]["change_seq"] == after[uuids[0]]["change_seq"] + 1
    assert after[uuids[0]]["change_seq"] > max(r["change_seq"] for r in before.values())
    printed = [e for e in ws.awards.history(uuids[1]) if e.action == "print"]
    assert {(e.field, e.before, e.after, e.version) for e in printed} == {
        ("register_no", "", "3/2025-2026", after[uuids[1]]["version"]),
        ("printed_at", None, after[uuids[1]]["printed_at"], after[uuids[1]]["version"])}


def test_suggested_amount_comes_from_the_rate_table(ws):
    ws.catalogs.set_rate("2025-2026", "Học sinh giỏi cấp tỉnh", "Cấp tỉnh", "Nhì", 700_000)
    d = draft(category="Học sinh giỏi cấp tỉnh", level="Cấp tỉnh", prize="Nhì")
    assert ws.awards.suggested_amount(d) == 700_000
