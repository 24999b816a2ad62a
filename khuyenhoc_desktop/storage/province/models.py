"""Peewee models of the province's tables (created by migration 0005, widened by 0007 and 0011;
members and units: 0016; dues and population: 0017; learning models: 0021; the lean prov_record: 0026)."""

from __future__ import annotations

from peewee import BlobField, CompositeKey, IntegerField, Model, TextField


class ProvModel(Model):
    class Meta:
        database = None  # each query is bound to the file it runs on (see the package doc)


class ProvCommune(ProvModel):
    code = TextField(primary_key=True)
    name = TextField(default="")
    signing_key = TextField()
    fingerprint = TextField()
    registered_at = TextField()
    revoked = IntegerField(default=0)

    class Meta:
        table_name = "prov_commune"


class ProvPackage(ProvModel):
    id = IntegerField(primary_key=True)
    commune_code = TextField()
    seq = IntegerField()
    package_id = TextField()
    sha256 = TextField()
    prev_sha256 = TextField(null=True)
    province_code = TextField(default="")
    created_at = TextField(default="")
    imported_at = TextField()
    result = TextField()
    counts = TextField(default="{}")

    class Meta:
        table_name = "prov_package"
        indexes = ((("commune_code", "seq"), True),)  # UNIQUE (commune_code, seq), as in migration 0005


class ProvRejected(ProvModel):
    id = IntegerField(primary_key=True)
    commune_code = TextField()
    seq = IntegerField()
    line = IntegerField()
    table_name = TextField()
    uuid = TextField()
    version = IntegerField()
    reason = TextField()

    class Meta:
        table_name = "prov_rejected"


class ProvRecord(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    table_name = TextField()
    version = IntegerField()
    content_sha256 = BlobField()  # SHA-256 of the canonical JSON of the row's data (32 bytes): the conflict rule's
    deleted = IntegerField(default=0)
    updated_at = TextField(default="")
    seq = IntegerField(default=0)
    origin_code = TextField(default="")  # the old commune a merged copy came from (data.origin_code), '' = own
    # The change row as received (JSON line), only for the tables in storage.province.mirror.LINE_TABLES
    # (m0026); NULL for the others, which the typed copies hold.
    data = TextField(null=True)

    class Meta:
        table_name = "prov_record"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvAward(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    school_year = TextField(default="")
    category = TextField(default="")
    level = TextField(default="")
    funding_source = TextField(default="")
    award_form = TextField(default="")
    amount = IntegerField(default=0)
    deleted = IntegerField(default=0)
    status = TextField(default="")

    class Meta:
        table_name = "prov_award"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvClass(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    school_year = TextField(default="")
    year = IntegerField(null=True)
    field = TextField(default="")
    learners = IntegerField(default=0)
    women = IntegerField(default=0)
    minority = IntegerField(default=0)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_class"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvVoucher(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    kind = TextField(default="")
    amount = IntegerField(default=0)
    status = TextField(default="")
    posting_date = TextField(default="")  # called doc_date before migration 0012
    deleted = IntegerField(default=0)
    handover_from = TextField(default="")  # m0019: a new commune's handover receipt (left out of the figures)

    class Meta:
        table_name = "prov_voucher"
        primary_key = CompositeKey("commune_code", "uuid")


PROVINCE_MODELS = (ProvCommune, ProvPackage, ProvRejected, ProvRecord, ProvAward, ProvClass, ProvVoucher)


# -- members and units of the communes (migration 0016) -------------------------------------------
class ProvMember(ProvModel):
    """A commune's member as the province counts it: no name, no CCCD or phone, only the keyed hash."""

    commune_code = TextField()
    uuid = TextField()
    status = TextField(default="active")
    joined_on = TextField(default="")
    status_date = TextField(default="")
    unit_uuid = TextField(default="")
    id_hash = TextField(default="")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_member"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvOrgUnit(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    kind = TextField(default="")
    active = IntegerField(default=1)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_org_unit"
        primary_key = CompositeKey("commune_code", "uuid")


MEMBER_MODELS = (ProvMember, ProvOrgUnit)
PROVINCE_MODELS = PROVINCE_MODELS + MEMBER_MODELS


# -- dues and population figures of the communes (migration 0017) ------------------------------------
class ProvDuesPayment(ProvModel):
    """A commune's dues payment as the province counts it: the year, the amount, whether it still counts."""

    commune_code = TextField()
    uuid = TextField()
    year = IntegerField()
    amount = IntegerField(default=0)
    status = TextField(default="paid")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_dues_payment"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvDuesSubmission(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    year = IntegerField()
    amount = IntegerField(default=0)
    status = TextField(default="active")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_dues_submission"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvPopulation(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    year = IntegerField()
    village = TextField(default="")
    population = IntegerField(default=0)
    households = IntegerField(default=0)
    adults = IntegerField(default=0)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_population"
        primary_key = CompositeKey("commune_code", "uuid")


FIGURE_MODELS = (ProvDuesPayment, ProvDuesSubmission, ProvPopulation)
PROVINCE_MODELS = PROVINCE_MODELS + FIGURE_MODELS


# -- learning models of the communes (migration 0021) -----------------------------------------------
class ProvLearningCriteriaSet(ProvModel):
    """A criteria set a commune saved in its file (the shipped ones are the program's own)."""

    commune_code = TextField()
    uuid = TextField()
    code = TextField(default="")
    set_version = IntegerField(default=0)
    title_kind = TextField(default="")
    year_from = IntegerField(null=True)
    year_to = IntegerField(null=True)
    status = TextField(default="")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_criteria_set"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvLearningSubject(ProvModel):
    """A household, dòng họ, thôn or unit on a commune's list: its kind and thôn (its name stays in prov_record)."""

    commune_code = TextField()
    uuid = TextField()
    kind = TextField(default="")
    village = TextField(default="")
    size = IntegerField(default=0)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_subject"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvLearningDecision(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    year = IntegerField()
    title_kind = TextField(default="")
    number = TextField(default="")
    decided_on = TextField(default="")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_decision"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvLearningRegistration(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    subject_uuid = TextField(default="")
    year = IntegerField()
    status = TextField(default="registered")
    decision_uuid = TextField(default="")
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_registration"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvLearningAssessment(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    registration_uuid = TextField(default="")
    set_code = TextField(default="")
    set_version = IntegerField(default=0)
    total = IntegerField(default=0)
    max_total = IntegerField(default=0)
    result = TextField(default="")
    passed = IntegerField(default=0)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_assessment"
        primary_key = CompositeKey("commune_code", "uuid")


class ProvLearningCitizenCount(ProvModel):
    commune_code = TextField()
    uuid = TextField()
    year = IntegerField()
    target_group = TextField(default="")
    registered = IntegerField(default=0)
    recognised = IntegerField(default=0)
    deleted = IntegerField(default=0)

    class Meta:
        table_name = "prov_learning_citizen_count"
        primary_key = CompositeKey("commune_code", "uuid")


LEARNING_MODELS = (ProvLearningCriteriaSet, ProvLearningSubject, ProvLearningDecision, ProvLearningRegistration,
                   ProvLearningAssessment, ProvLearningCitizenCount)
PROVINCE_MODELS = PROVINCE_MODELS + LEARNING_MODELS


# -- the July 2025 reform: unit changes (migration 0020) --------------------------------------------
class ProvUnitChange(ProvModel):
    """A new commune formed from old ones: its decision, the decision's date and the day it took effect."""

    id = IntegerField(primary_key=True)
    new_code = TextField(unique=True)
    new_name = TextField(default="")
    decision = TextField(default="")
    decision_date = TextField(default="")
    effective_date = TextField()
    source = TextField(default="manual")  # "library" (filled from the official mapping) or "manual"
    created_at = TextField()
    updated_at = TextField()

    class Meta:
        table_name = "prov_unit_change"


class ProvUnitChangeOld(ProvModel):
    """One old commune of a change (an old code belongs to one change)."""

    change_id = IntegerField()
    old_code = TextField(unique=True, primary_key=True)
    old_name = TextField(default="")

    class Meta:
        table_name = "prov_unit_change_old"


UNIT_CHANGE_MODELS = (ProvUnitChange, ProvUnitChangeOld)
PROVINCE_MODELS = PROVINCE_MODELS + UNIT_CHANGE_MODELS


# -- the award totals per commune the aggregates read (migration 0028) ------------------------------
class ProvAwardTotal(ProvModel):
    """The number and sum of a commune's awards not deleted, per school year, category, level, funding
    source and status: `prov_award` grouped, rewritten for the communes an import touched in its transaction
    (`storage.province.totals.refresh_award_totals`)."""

    commune_code = TextField()
    school_year = TextField(default="")
    category = TextField(default="")
    level = TextField(default="")
    funding_source = TextField(default="")
    status = TextField(default="")
    awards = IntegerField(default=0)
    amount = IntegerField(default=0)

    class Meta:
        table_name = "prov_award_total"
        primary_key = CompositeKey("commune_code", "school_year", "category", "level", "funding_source", "status")


PROVINCE_MODELS = PROVINCE_MODELS + (ProvAwardTotal,)
