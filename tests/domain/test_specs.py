"""Record kinds declared once: the spec mechanism and the four kinds' declarations."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pytest

from khuyenhoc_desktop.domain import awards, classes, fund, meetings
from khuyenhoc_desktop.domain.classes import ClassDraft, named_learners_problem, validate_class
from khuyenhoc_desktop.domain.errors import FieldError
from khuyenhoc_desktop.domain.kinds import RECORD_SPECS, exchange_specs, spec_for
from khuyenhoc_desktop.domain.specs import (
    DEFAULT_MAX_LENGTH, NO_LIMIT, Field, SoftDeleted, Stored, attr, declared, labels_of, length_problems,
    school_year_problem,
)

SPECS = RECORD_SPECS


@dataclass(frozen=True)
class _Draft:
    title: str = attr("Tiêu đề", max_length=5, required=True)
    body: str = attr("Nội dung", "multiline", max_length=NO_LIMIT)
    code: str = attr("Mã")
    count: int = attr("Số lượng", "int")
    day: date | None = attr("Ngày", "date")
    plain: str = ""  # not declared: not a field of the kind


@dataclass(frozen=True)
class _Record(SoftDeleted, _Draft):
    printed_at: str | None = None


def test_attr_declares_the_field_on_the_dataclass_with_a_default_from_its_type():
    draft = _Draft()
    assert (draft.title, draft.body, draft.count, draft.day) == ("", "", 0, None)
    assert [f.name for f in declared(_Draft)] == ["title", "body", "code", "count", "day"]
    title = declared(_Draft)[0]
    assert (title.label, title.type, title.max_length, title.required) == ("Tiêu đề", "text", 5, True)
    assert labels_of(declared(_Draft))["count"] == "Số lượng"


def test_an_unknown_field_type_is_refused():
    with pytest.raises(ValueError):
        Field("x", "X", "colour")


def test_text_limits_default_to_150_none_means_no_limit_and_numbers_have_none():
    limits = {f.name: f.limit for f in declared(_Draft)}
    assert limits == {"title": 5, "body": None, "code": DEFAULT_MAX_LENGTH, "count": None, "day": None}
    assert DEFAULT_MAX_LENGTH == 150


def test_length_problems_name_the_field_by_its_label_with_both_lengths():
    draft = _Draft(title="abcdefg", body="x" * 10_000, code="c" * 151)
    assert length_problems(declared(_Draft), draft) == [
        FieldError("title", "Tiêu đề quá dài (7 ký tự, tối đa 5)."),
        FieldError("code", "Mã quá dài (151 ký tự, tối đa 150)."),
    ]
    assert length_problems(declared(_Draft), draft, skip=("code",)) == [
        FieldError("title", "Tiêu đề quá dài (7 ký tự, tối đa 5).")]


def test_a_stored_record_puts_its_identity_after_the_draft_fields_and_gives_back_its_draft():
    names = [f.name for f in fields(_Record)]
    assert names == ["title", "body", "code", "count", "day", "plain", "id", "uuid", "version", "created_at",
                     "updated_at", "deleted", "printed_at"]
    record = _Record(title="T", count=3, plain="p", id=7, uuid="u-1", version=4, deleted=True, printed_at="x")
    assert record.as_draft() == _Draft(title="T", count=3, plain="p")
    assert type(record.as_draft()) is _Draft


def test_identity_fields_are_declared_once_for_every_kind():
    for record_type in (awards.Award, classes.LearningClass, classes.Learner, meetings.Meeting):
        assert issubclass(record_type, SoftDeleted)
    assert issubclass(fund.Voucher, Stored) and not issubclass(fund.Voucher, SoftDeleted)  # voided, never deleted
    voucher = fund.Voucher(kind="chi", amount=50_000, number="PC-2026-0001", uuid="v", version=2)
    assert voucher.as_draft() == fund.VoucherDraft(kind="chi", amount=50_000)


def test_school_year_is_two_consecutive_years():
    assert school_year_problem("2024-2025") is None
    assert school_year_problem("2024-2026") == "Năm học “2024-2026” không đúng dạng, ví dụ 2024-2025."
    assert school_year_problem("2024/2025") == "Năm học “2024/2025” không đúng dạng, ví dụ 2024-2025."
    # Both kinds with a school year apply the same rule.
    award = awards.validate_award(awards.AwardDraft(full_name="Lê Văn An", school_year="2025-2027"), date(2026, 2, 5))
    klass = validate_class(ClassDraft(name="Tin học", start_date=date(2026, 1, 5), school_year="2025-2027"),
                           date(2026, 2, 5))
    expected = FieldError("school_year", "Năm học “2025-2027” không đúng dạng, ví dụ 2024-2025.")
    assert expected in award and expected in klass


def test_more_named_learners_than_the_total_is_a_warning():
    assert named_learners_problem(3, 3) is None
    assert named_learners_problem(0, 5) is None
    assert named_learners_problem(4, 3) == FieldError(
        "learners", "Danh sách có 4 học viên nhưng tổng số học viên ghi 3.", "warning")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind)
def test_a_spec_names_only_fields_its_kind_has(spec):
    draft_fields = {f.name for f in fields(spec.draft_type)}
    assert [f.name for f in spec.fields] == [f.name for f in declared(spec.draft_type)]
    assert {f.name for f in spec.fields} <= draft_fields
    record_fields = {f.name for f in fields(spec.record_type)}
    assert set(spec.search) <= record_fields  # a voucher is found by its number, given on saving
    assert spec.display in record_fields
    assert issubclass(spec.record_type, spec.draft_type)
    assert spec.labels == labels_of(spec.fields) and all(spec.labels.values())


def test_list_columns_are_columns_of_the_storage_list_and_sort_by_names_the_service_knows():
    from khuyenhoc_desktop.storage import awards as award_store, classes as class_store, fund as fund_store

    for spec, store, sortable in ((awards.SPEC, award_store, awards.SORTABLE),
                                  (classes.SPEC, class_store, classes.SORTABLE),
                                  (fund.SPEC, fund_store, fund.SORTABLE)):
        assert spec.table == store.TABLE
        assert {c.key for c in spec.columns} <= set(store.LIST_COLUMNS), spec.kind
        assert {c.sort for c in spec.columns if c.sort} <= set(sortable), spec.kind


def test_list_filters_are_fields_of_the_kinds_filter():
    for spec, filter_type in ((awards.SPEC, awards.AwardFilter), (classes.SPEC, classes.ClassFilter),
                              (fund.SPEC, fund.VoucherFilter)):
        assert {f.field for f in spec.filters} <= {f.name for f in fields(filter_type)}, spec.kind
    status = next(f for f in awards.SPEC.filters if f.field == "status")
    assert dict(status.choices) == awards.STATUSES


def test_every_synced_kind_travels_to_the_province():
    from khuyenhoc_desktop.services.sync_export import SYNC_TABLES, TABLE_LABELS

    from khuyenhoc_desktop.domain.members import UNIT_SPEC

    for spec in (*SPECS, UNIT_SPEC):  # every kind travels now, members and units without CCCD and phone
        assert spec.synced and spec.table in SYNC_TABLES and spec.table in TABLE_LABELS


def test_the_four_kinds_keep_their_limits():
    limits = {spec.kind: {f.name: f.limit for f in spec.fields if f.limit} for spec in SPECS}
    assert limits["award"]["full_name"] == 80 and limits["award"]["achievement"] == 400
    assert limits["award"]["school"] == 150
    assert limits["learning_class"]["name"] == 200 and "voucher_uuid" not in limits["learning_class"]
    assert limits["voucher"] == {"person": 100, "address": 200, "reason": 300, "item": 100, "note": 1000}
    assert limits["meeting"] == {"kind": 60, "number": 40, "subject": 300, "location": 200, "chair": 100,
                                 "secretary": 100, "recipients": 1000}


def test_the_kinds_are_listed_once_and_found_by_their_names():
    assert [s.kind for s in RECORD_SPECS] == ["award", "learning_class", "class_learner", "voucher", "meeting",
                                              "member"]
    assert spec_for("voucher") is fund.SPEC
    with pytest.raises(KeyError):
        spec_for("dues_payment")
    assert list(exchange_specs()) == ["awards", "classes", "learners", "vouchers", "members", "citizens"]  # meetings: none
    assert all(spec.exchange_label for spec in exchange_specs().values())


def test_the_search_words_of_each_kind_are_those_its_spec_names():
    from khuyenhoc_desktop.storage import awards as award_store, classes as class_store, fund as fund_store
    from khuyenhoc_desktop.storage import meetings as meeting_store
    from khuyenhoc_desktop.vietnamese import fold

    def words(spec) -> dict:  # a distinct word in each searched field
        return {name: f"Từ{i}" for i, name in enumerate(spec.search)}

    def searched(key: str) -> list[str]:  # the words of a search key (the award's keeps its two parts apart)
        return sorted(key.replace("|", " ").split())

    expected = {spec.kind: sorted(fold(w) for w in words(spec).values())
                for spec in (awards.SPEC, classes.SPEC, fund.SPEC, meetings.SPEC)}
    award = words(awards.SPEC)
    assert searched(award_store.search_key_for(awards.AwardDraft(**award))) == expected["award"]
    assert searched(class_store.search_key_for(ClassDraft(**words(classes.SPEC)))) == expected["learning_class"]
    voucher = words(fund.SPEC)
    number = voucher.pop("number")
    assert searched(fund_store.search_key_for(fund.VoucherDraft(**voucher), number)) == expected["voucher"]
    meeting = meeting_store.row_values(meetings.MeetingDraft(**words(meetings.SPEC)))
    assert searched(meeting["search_key"]) == expected["meeting"]
