"""A household's confirmed members and award recipients (migration 0023), and the people of a thôn the
suggestions are chosen from."""

from __future__ import annotations

from peewee import Database

from .tables import Award, LearningHouseholdLink, Member, plain_rows

TABLE = "learning_household_link"


def members_of_village(db: Database, village: str) -> list[tuple]:
    """(uuid, full name, village, address, code) of the members not deleted whose thôn is `village`."""
    query = (Member.select(Member.uuid, Member.full_name, Member.village, Member.address, Member.code)
             .where((Member.deleted == 0) & (Member.village == village)).order_by(Member.name_key))
    return list(plain_rows(db, query))


def awards_of_village(db: Database, village: str) -> list[tuple]:
    """(uuid, full name, village, parent name, category, school year) of the awards not deleted of `village`."""
    query = (Award.select(Award.uuid, Award.full_name, Award.village, Award.parent_name, Award.category,
                          Award.school_year)
             .where((Award.deleted == 0) & (Award.village == village)).order_by(Award.name_key))
    return list(plain_rows(db, query))


def links_of(db: Database, subject_uuid: str) -> list[tuple[str, int, str, str]]:
    """(uuid, version, record kind, record uuid) of the household's confirmed links."""
    query = (LearningHouseholdLink.select(LearningHouseholdLink.uuid, LearningHouseholdLink.version,
                                          LearningHouseholdLink.record_kind, LearningHouseholdLink.record_uuid)
             .where((LearningHouseholdLink.subject_uuid == subject_uuid) & (LearningHouseholdLink.deleted == 0))
             .order_by(LearningHouseholdLink.id))
    return [(r[0], r[1], r[2], r[3]) for r in plain_rows(db, query)]


def households_of(db: Database, record_kind: str, record_uuid: str) -> list[str]:
    """The households a member or award is linked to."""
    query = (LearningHouseholdLink.select(LearningHouseholdLink.subject_uuid)
             .where((LearningHouseholdLink.record_kind == record_kind)
                    & (LearningHouseholdLink.record_uuid == record_uuid) & (LearningHouseholdLink.deleted == 0)))
    return [r[0] for r in plain_rows(db, query)]


def insert(db: Database, values: dict) -> None:
    LearningHouseholdLink.insert(values).execute(db)


def update(db: Database, uuid: str, values: dict) -> None:
    LearningHouseholdLink.update(values).where(LearningHouseholdLink.uuid == uuid).execute(db)
