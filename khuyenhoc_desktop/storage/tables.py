"""Peewee models for the newest schema. The migrations in `migrations/` create these tables."""

from __future__ import annotations

from peewee import CharField, IntegerField, Model, TextField


class BaseModel(Model):
    class Meta:
        database = None  # bound by DataFile.open


class RecordModel(BaseModel):
    """Columns shared by every business table (see docs/architecture.md)."""

    uuid = CharField(unique=True)
    version = IntegerField(default=1)
    created_at = TextField()
    updated_at = TextField()
    deleted = IntegerField(default=0)
    change_seq = IntegerField(default=0)


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

    class Meta:
        table_name = "audit_log"


ALL_MODELS: list[type[BaseModel]] = [Meta, Setting, CatalogItem, AwardRate, Award, AuditLog]
