"""Peewee models for the newest schema. The migrations in `migrations/` create these tables.

Since migration 0011 triggers bound every amount (0 … 10¹³ đồng; phiếu đảo: minus the original) and
count (0 … 10⁷) column below; `domain.limits` holds the same numbers for the validators."""

from __future__ import annotations

import copy
from typing import Iterable

from peewee import CharField, CompositeKey, FloatField, IntegerField, Model, TextField


class _CopiedShallow:
    """peewee deep-copies each inherited field into every model that inherits it: for RecordModel's eight
    columns in ~30 models that was 60 % of this module's import time (~15 ms of a command's or the home page's
    start). These fields hold only plain values (no constraints, no choices) and `bind` sets their model and
    name again, so a shallow copy is the same field."""

    def __deepcopy__(self, memo):
        return copy.copy(self)


class _RecordChar(_CopiedShallow, CharField):
    pass


class _RecordInteger(_CopiedShallow, IntegerField):
    pass


class _RecordText(_CopiedShallow, TextField):
    pass


class BaseModel(Model):
    """Queries name their database (`.execute(db)`, `.scalar(db)`, `.count(db)`): a process may hold several
    files open at once (a commune's and a province's), and the database a model is bound to is only the
    last one opened."""

    class Meta:
        database = None  # bound by DataFile.db


class RecordModel(BaseModel):
    """Columns shared by every business table (see docs/architecture.md)."""

    uuid = _RecordChar(unique=True)
    version = _RecordInteger(default=1)
    created_at = _RecordText()
    updated_at = _RecordText()
    deleted = _RecordInteger(default=0)
    change_seq = _RecordInteger(default=0)
    origin_code = _RecordText(default="")  # the old commune a merged row came from; '' = the file's own (m0019)
    origin_name = _RecordText(default="")


class Meta(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "meta"


class Setting(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "setting"


class CatalogItem(RecordModel):
    kind = TextField()
    name = TextField()
    code = TextField(default="")
    sort_order = IntegerField(default=0)
    active = IntegerField(default=1)
    note = TextField(default="")

    class Meta:
        table_name = "catalog_item"


class AwardRate(RecordModel):
    school_year = TextField()
    category = TextField()
    level = TextField(default="")
    prize = TextField(default="")
    amount = IntegerField()

    class Meta:
        table_name = "award_rate"


class Award(RecordModel):
    school_year = TextField()
    batch = TextField(default="")
    full_name = TextField()
    family_name = TextField(default="")
    middle_name = TextField(default="")
    given_name = TextField(default="")
    name_key = TextField()
    search_key = TextField()
    birth_date = TextField(default="")
    birth_year = IntegerField(null=True)
    gender = TextField(default="")
    parent_name = TextField(default="")
    village = TextField(default="")
    class_name = TextField(default="")
    school = TextField(default="")
    category = TextField(default="")
    level = TextField(default="")
    prize = TextField(default="")
    subject = TextField(default="")
    achievement = TextField(default="")
    award_form = TextField(default="")
    amount = IntegerField(default=0)
    funding_source = TextField(default="")
    decision_no = TextField(default="")
    decision_date = TextField(default="")
    register_no = TextField(default="")
    printed_at = TextField(null=True)
    status = TextField(default="draft")
    note = TextField(default="")
    approved_on = TextField(default="")  # kept by triggers (migration 0007)

    class Meta:
        table_name = "award"


class AuditLog(BaseModel):
    ts = TextField()
    operator = TextField(default="")
    action = TextField()
    table_name = TextField()
    record_uuid = TextField()
    version = IntegerField()
    field = TextField(default="")
    before = TextField(null=True)
    after = TextField(null=True)
    reason = TextField(default="")
    origin_code = TextField(default="")  # m0019
    origin_name = TextField(default="")

    class Meta:
        table_name = "audit_log"


ALL_MODELS: list[type[BaseModel]] = [Meta, Setting, CatalogItem, AwardRate, Award, AuditLog]


# -- fund (migration 0002) ---------------------------------------------------------------
class Voucher(RecordModel):
    kind = TextField()
    year = IntegerField()
    seq = IntegerField()
    number = TextField(unique=True)
    voucher_date = TextField()
    posting_date = TextField()
    person = TextField(default="")
    address = TextField(default="")
    reason = TextField(default="")
    item = TextField(default="")
    amount = IntegerField()
    method = TextField(default="cash")
    account_uuid = TextField(default="")  # '' = the cash book; else the bank account (migration 0008)
    attachments = IntegerField(default=0)
    preparer = TextField(default="")
    status = TextField(default="posted")
    void_reason = TextField(default="")
    voided_at = TextField(null=True)
    reverses_uuid = TextField(null=True)
    search_key = TextField(default="")
    note = TextField(default="")
    handover_from = TextField(default="")  # a handover receipt: the old commune's code (m0019)

    class Meta:
        table_name = "voucher"


class VoucherCounter(BaseModel):
    kind = TextField()
    year = IntegerField()
    last_seq = IntegerField()

    class Meta:
        table_name = "voucher_counter"
        primary_key = CompositeKey("kind", "year")


class VoucherLink(RecordModel):
    voucher_uuid = TextField()
    target_table = TextField()
    target_uuid = TextField()
    amount = IntegerField(default=0)

    class Meta:
        table_name = "voucher_link"


class FundOpening(RecordModel):
    year = IntegerField(unique=True)
    amount = IntegerField()
    note = TextField(default="")

    class Meta:
        table_name = "fund_opening"


class BankAccount(RecordModel):
    """A bank account of the fund (migration 0008): its bank book's heading and opening balance."""

    name = TextField(default="")
    account_no = TextField(default="")
    bank_name = TextField(default="")
    opening_year = IntegerField(null=True)
    opening_amount = IntegerField(default=0)
    note = TextField(default="")

    class Meta:
        table_name = "bank_account"


class FundLock(RecordModel):
    action = TextField()
    locked_until = TextField(default="")
    reason = TextField(default="")
    operator = TextField(default="")

    class Meta:
        table_name = "fund_lock"


class CashCount(RecordModel):
    count_date = TextField()
    counted = IntegerField()
    book_balance = IntegerField()
    difference = IntegerField()
    denominations = TextField(default="")
    explanation = TextField(default="")
    counted_by = TextField(default="")
    note = TextField(default="")

    class Meta:
        table_name = "cash_count"


# -- learning classes (migration 0002) ---------------------------------------------------
class LearningClass(RecordModel):
    name = TextField()
    name_key = TextField(default="")
    search_key = TextField(default="")
    field = TextField(default="")
    form = TextField(default="")
    partner = TextField(default="")
    speaker = TextField(default="")
    venue = TextField(default="")
    start_date = TextField(default="")
    end_date = TextField(default="")
    sessions = IntegerField(default=0)
    learners = IntegerField(default=0)
    women = IntegerField(default=0)
    minority = IntegerField(default=0)
    budget = IntegerField(default=0)
    voucher_uuid = TextField(null=True)
    result = TextField(default="")
    note = TextField(default="")
    school_year = TextField(default="")
    year = IntegerField(null=True)

    class Meta:
        table_name = "learning_class"


class ClassLearner(RecordModel):
    class_uuid = TextField()
    full_name = TextField()
    name_key = TextField()
    search_key = TextField(default="")
    birth_year = IntegerField(null=True)
    village = TextField(default="")
    gender = TextField(default="")
    note = TextField(default="")

    class Meta:
        table_name = "class_learner"


ALL_MODELS.extend([Voucher, VoucherCounter, VoucherLink, FundOpening, BankAccount, FundLock, CashCount, LearningClass, ClassLearner])


# -- meetings (migration 0003) -----------------------------------------------------------
class Meeting(RecordModel):
    kind = TextField(default="")
    number = TextField()
    subject = TextField(default="")
    start_at = TextField(default="")
    end_at = TextField(default="")
    location = TextField(default="")
    chair = TextField(default="")
    secretary = TextField(default="")
    members_total = IntegerField(default=0)
    members_present = IntegerField(default=0)
    members_absent = IntegerField(default=0)
    attendees = TextField(default="")
    agenda = TextField(default="[]")
    award_uuids = TextField(default="[]")
    search_key = TextField(default="")
    note = TextField(default="")
    recipients = TextField(default="- Như thành phần dự họp;\n- Lưu: VT, hồ sơ.")  # m0009

    class Meta:
        table_name = "meeting"


ALL_MODELS.append(Meeting)


# -- members and the association's units (migration 0014) ---------------------------------
class OrgUnit(RecordModel):
    kind = TextField(default="chi_hoi")
    name = TextField()
    village = TextField(default="")
    head = TextField(default="")
    phone = TextField(default="")
    founded_on = TextField(default="")
    active = IntegerField(default=1)
    note = TextField(default="")
    search_key = TextField(default="")

    class Meta:
        table_name = "org_unit"


class Member(RecordModel):
    code = TextField()
    full_name = TextField()
    family_name = TextField(default="")
    middle_name = TextField(default="")
    given_name = TextField(default="")
    name_key = TextField()
    search_key = TextField()
    gender = TextField(default="")
    birth_date = TextField(default="")
    birth_year = IntegerField(null=True)
    ethnicity = TextField(default="")
    village = TextField(default="")
    address = TextField(default="")
    unit_uuid = TextField(default="")
    role = TextField(default="")
    category = TextField(default="")
    joined_on = TextField(default="")
    card_no = TextField(default="")
    phone = TextField(default="")
    status = TextField(default="active")
    status_date = TextField(default="")
    id_number = TextField(default="")
    note = TextField(default="")
    id_hash = TextField(default="")  # the CCCD's keyed hash the sync package carries (migration 0016)

    class Meta:
        table_name = "member"


ALL_MODELS.extend([OrgUnit, Member])


# -- dues and population figures (migration 0015) -----------------------------------------
class DuesPayment(RecordModel):
    member_uuid = TextField()
    year = IntegerField()
    amount = IntegerField()
    paid_on = TextField()
    voucher_uuid = TextField(default="")  # the phiếu thu of the batch
    unit_uuid = TextField(default="")  # the chi hội it was collected by
    status = TextField(default="paid")  # "cancelled" once its phiếu is reversed or voided
    cancel_reason = TextField(default="")

    class Meta:
        table_name = "dues_payment"


class DuesSubmission(RecordModel):
    year = IntegerField()
    level = TextField()
    percent = FloatField(default=0)
    base = IntegerField(default=0)
    amount = IntegerField()
    voucher_uuid = TextField(default="")  # the phiếu chi "nộp hội phí cấp trên"
    status = TextField(default="active")
    cancel_reason = TextField(default="")

    class Meta:
        table_name = "dues_submission"


class Population(RecordModel):
    year = IntegerField()
    village = TextField(default="")  # "" = the whole commune as one figure
    population = IntegerField(default=0)
    households = IntegerField(default=0)
    adults = IntegerField(default=0)
    note = TextField(default="")

    class Meta:
        table_name = "population"


ALL_MODELS.extend([DuesPayment, DuesSubmission, Population])


# -- learning-society models (migration 0018) ---------------------------------------------
class LearningCriteriaSet(RecordModel):
    code = TextField()
    set_version = IntegerField()
    title_kind = TextField()
    year_from = IntegerField()
    year_to = IntegerField(null=True)
    status = TextField()
    body = TextField()  # the set's JSON

    class Meta:
        table_name = "learning_criteria_set"


class LearningSubject(RecordModel):
    kind = TextField()  # family / clan / community / unit
    name = TextField()
    head = TextField(default="")
    village = TextField(default="")
    size = IntegerField(default=0)  # số nhân khẩu / số hộ / số người
    unit_kind = TextField(default="")
    note = TextField(default="")
    search_key = TextField(default="")

    class Meta:
        table_name = "learning_subject"


class LearningRegistration(RecordModel):
    subject_uuid = TextField()
    year = IntegerField()
    registered_on = TextField()
    status = TextField(default="registered")
    review_reason = TextField(default="")
    reviewed_on = TextField(default="")
    decision_uuid = TextField(default="")
    recognition_reason = TextField(default="")
    note = TextField(default="")

    class Meta:
        table_name = "learning_registration"


class LearningAssessment(RecordModel):
    registration_uuid = TextField()
    set_code = TextField()
    set_version = IntegerField()
    assessed_on = TextField()
    difficult_area = IntegerField(default=0)
    points = TextField(default="{}")
    total = IntegerField(default=0)
    max_total = IntegerField(default=0)
    result = TextField(default="")
    passed = IntegerField(default=0)
    evidence = TextField(default="")

    class Meta:
        table_name = "learning_assessment"


class LearningDecision(RecordModel):
    year = IntegerField()
    title_kind = TextField()
    number = TextField()
    decided_on = TextField()
    issuing_body = TextField(default="")
    note = TextField(default="")

    class Meta:
        table_name = "learning_decision"


class LearningCitizenCount(RecordModel):
    year = IntegerField()
    target_group = TextField()
    registered = IntegerField(default=0)
    recognised = IntegerField(default=0)

    class Meta:
        table_name = "learning_citizen_count"


class LearningCertificate(RecordModel):
    """The số vào sổ of a giấy công nhận, given on its first print (migration 0023)."""

    registration_uuid = TextField()
    year = IntegerField()
    title_kind = TextField()
    seq = IntegerField()
    number = TextField()
    printed_at = TextField()

    class Meta:
        table_name = "learning_certificate"


class LearningHouseholdLink(RecordModel):
    """A household confirmed as the home of a member or an award recipient (migration 0023)."""

    subject_uuid = TextField()
    record_kind = TextField()  # member / award
    record_uuid = TextField()

    class Meta:
        table_name = "learning_household_link"


class LearningCitizen(RecordModel):
    """A Công dân học tập on the year's list (migration 0025); stays in the file."""

    year = IntegerField()
    full_name = TextField()
    birth_year = IntegerField(null=True)
    gender = TextField(default="")
    village = TextField(default="")
    target_group = TextField()
    status = TextField(default="registered")  # registered / recognised
    id_number = TextField(default="")
    note = TextField(default="")
    search_key = TextField(default="")
    name_key = TextField(default="")  # vietnamese.name_sort_key: tên, đệm, họ

    class Meta:
        table_name = "learning_citizen"


ALL_MODELS.extend([LearningCriteriaSet, LearningSubject, LearningRegistration, LearningAssessment, LearningDecision,
                   LearningCitizenCount, LearningCertificate, LearningHouseholdLink, LearningCitizen])


# -- sync to the province, commune side (migration 0004) ---------------------------------
class SyncExport(BaseModel):
    """One package sent to the province: the history the next package continues from."""

    seq = IntegerField(primary_key=True)
    package_id = TextField(unique=True)
    sha256 = TextField()
    created_at = TextField()
    file_name = TextField(default="")
    mode = TextField()
    from_change_seq = IntegerField(default=0)
    to_change_seq = IntegerField(default=0)
    from_audit_id = IntegerField(default=0)
    to_audit_id = IntegerField(default=0)
    counts = TextField(default="{}")
    rows = IntegerField(default=0)
    encrypted = IntegerField(default=0)

    class Meta:
        table_name = "sync_export"


class SyncRecordState(BaseModel):
    """What the province's acknowledgement said about one record (accepted or returned, at a version)."""

    table_name = TextField()
    uuid = TextField()
    version = IntegerField()
    state = TextField()
    reason = TextField(default="")
    ack_at = TextField()

    class Meta:
        table_name = "sync_record_state"
        primary_key = CompositeKey("table_name", "uuid")


ALL_MODELS.extend([SyncExport, SyncRecordState])


# -- old communes merged into this file (migration 0019) ------------------------------------
class MergeSource(BaseModel):
    origin_code = TextField(primary_key=True)
    origin_name = TextField()
    committee_name = TextField(default="")
    province = TextField(default="")
    merger_date = TextField()
    merged_at = TextField()
    updated_at = TextField()
    file_name = TextField(default="")
    schema_version = IntegerField(default=0)
    profile = TextField(default="{}")
    books = TextField(default="[]")  # each old book's closing balance at the merger date
    counts = TextField(default="{}")  # records brought, per kind
    openings = TextField(default="[]")  # the old cash book's stored số dư đầu kỳ rows (history)

    class Meta:
        table_name = "merge_source"


ALL_MODELS.append(MergeSource)
MODEL_OF_TABLE: dict[str, type[BaseModel]] = {m._meta.table_name: m for m in ALL_MODELS}


def plain_rows(db, query) -> Iterable[tuple]:
    """The rows of a query built with the models, as the sqlite3 cursor gives them (plain tuples).

    For the long readers (every row of a table): 100,000 (uuid, version) pairs come in ~0.15 s this way
    and in ~0.75 s through peewee's `.tuples()`, which converts every value of every row."""
    return db.execute(query)


def present_tables(db) -> set[str]:
    """The tables the opened file has (an older file may lack the newest ones)."""
    return set(db.get_tables())


def table_exists(db, name: str) -> bool:
    return db.table_exists(name)
