"""Register numbers of the giấy công nhận (migration 0023): one per recognised registration, numbered per title
and year in the order they were first printed."""

from __future__ import annotations

from peewee import Database, fn

from .tables import LearningCertificate, plain_rows

TABLE = "learning_certificate"


def numbers_of(db: Database, registration_uuids: list[str]) -> dict[str, str]:
    """registration uuid → its số vào sổ, for those printed before."""
    out: dict[str, str] = {}
    for start in range(0, len(registration_uuids), 500):  # SQLite's bound-parameter limit
        chunk = registration_uuids[start:start + 500]
        query = (LearningCertificate.select(LearningCertificate.registration_uuid, LearningCertificate.number)
                 .where((LearningCertificate.deleted == 0) & LearningCertificate.registration_uuid.in_(chunk)))
        out.update({r[0]: r[1] for r in plain_rows(db, query)})
    return out


def last_seq(db: Database, year: int, title_kind: str) -> int:
    """The highest sequence number this file gave so far for a title and year (0 when none); an old commune
    merged in keeps its own register (its origin)."""
    value = (LearningCertificate.select(fn.MAX(LearningCertificate.seq))
             .where((LearningCertificate.deleted == 0) & (LearningCertificate.origin_code == "")
                    & (LearningCertificate.year == year)
                    & (LearningCertificate.title_kind == title_kind)).scalar(db))
    return int(value or 0)


def insert(db: Database, values: dict) -> None:
    LearningCertificate.insert(values).execute(db)
