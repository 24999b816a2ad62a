"""Demo learning models: households per thôn (8–14 each), two dòng họ per thôn, each thôn as a community,
six units; last year's whole cycle (registration in February, score sheets in November, bình xét,
recognition in December) and this year's registrations, with score sheets and recognition once November has
come; Công dân học tập counts per target group for both years, and this year's list of people of the first
group (its count then follows the list). Everything through the service, dated from `today`.

Gia đình, Dòng họ and Cộng đồng học tập have no complete shipped criteria set (only part of QĐ 448 is
published), so their recognition carries the reason the service asks for; units are scored on TT 22/2020."""

from __future__ import annotations

import random
from datetime import date

from ...domain.learning_citizens import CitizenDraft
from ...domain.learning_models import CitizenCount, DecisionDraft, SubjectDraft
from .names import DEM_NAM, DEM_NU, HO, TEN_NAM, TEN_NU

UNITS = (("Trường Mầm non", "Trường học", 28), ("Trường Tiểu học", "Trường học", 35),
         ("Trường Trung học cơ sở", "Trường học", 40), ("Trạm Y tế xã", "Cơ quan", 9),
         ("Hợp tác xã Nông nghiệp", "Hợp tác xã", 15), ("Công an xã", "Cơ quan", 12))
UNIT_SET = ("don-vi-hoc-tap-xa", 1)
NO_SET_REASON = "Chưa có bộ tiêu chí đầy đủ; Hội đồng bình xét công nhận theo hướng dẫn của Hội cấp trên (dữ liệu mẫu)"
REGISTER_SHARE = 0.8
RECOGNISE_SHARE = 0.85


def _person(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{rng.choice(HO)} {rng.choice(DEM_NAM)} {rng.choice(TEN_NAM)}"
    return f"{rng.choice(HO)} {rng.choice(DEM_NU)} {rng.choice(TEN_NU)}"


def fill(ws, rng: random.Random, today: date) -> dict:
    lm = ws.learning
    if lm.subject_count("family") or lm.subject_count("unit"):
        return {"subjects": 0, "registrations": 0, "recognitions": 0}
    villages = ws.catalogs.names("village")
    commune = ws.organisation.commune
    subjects: dict[str, list[str]] = {"family": [], "clan": [], "community": [], "unit": []}

    def add(draft: SubjectDraft) -> None:
        changes = lm.save_subject(draft, confirm=True)
        subjects[draft.kind].append(changes.created["learning_subject"][0])

    for village in villages:
        for _ in range(rng.randint(8, 14)):
            add(SubjectDraft("family", _person(rng), village, size=rng.randint(2, 7)))
        families = rng.sample(HO[:60], 2)
        for ho in dict.fromkeys(families):
            add(SubjectDraft("clan", f"Họ {ho}", village, head=f"{ho} {rng.choice(DEM_NAM)} {rng.choice(TEN_NAM)}",
                             size=rng.randint(15, 60)))
        add(SubjectDraft("community", village))
    for name, kind, staff in UNITS:
        add(SubjectDraft("unit", f"{name} {commune}".strip(), head=_person(rng), unit_kind=kind, size=staff))
    registrations = recognitions = citizens = 0
    for year in (today.year - 1, today.year):
        registered_on = min(date(year, 2, 5), today)
        chosen = {kind: [u for u in uuids if rng.random() < REGISTER_SHARE] for kind, uuids in subjects.items()}
        for uuids in chosen.values():
            if uuids:
                registrations += len(lm.register_many(uuids, year, registered_on).created["learning_registration"])
        groups = lm.settings()["target_groups"]
        counts = []
        for group in groups:
            registered = rng.randint(20, 160)
            counts.append(CitizenCount(group, registered, int(registered * rng.uniform(0.6, 0.9))))
        lm.save_citizen_counts(year, counts)
        if year == today.year:
            citizens += _citizen_list(ws, rng, year, groups[0], villages, today)
        if date(year, 12, 1) > today:
            continue  # this year's score sheets come at its end
        assessed_on = date(year, 11, 20)
        for kind, uuids in chosen.items():
            passing, reasons = [], {}
            for subject_uuid in uuids:
                registration = lm.registration_of(subject_uuid, year).uuid
                if kind == "unit":
                    points = {i.code: (i.max_points if rng.random() < 0.7 else i.max_points - rng.randint(0, i.max_points // 2))
                              for i in lm.criteria_set(*UNIT_SET).items}
                    lm.assess(registration, *UNIT_SET, points, assessed_on=assessed_on,
                              evidence="Biên bản tự đánh giá của đơn vị")
                    lm.review(registration, True, reviewed_on=date(year, 11, 28))
                    if lm.assessment(registration).passed:
                        passing.append(registration)
                elif rng.random() < RECOGNISE_SHARE:
                    reasons[registration] = NO_SET_REASON
                    passing.append(registration)
            if passing:
                number = f"{rng.randint(10, 99)}/QĐ-UBND"
                lm.recognise(DecisionDraft(year, kind, number, date(year, 12, 1)), passing, reasons)
                recognitions += len(passing)
    return {"subjects": sum(len(v) for v in subjects.values()), "registrations": registrations,
            "recognitions": recognitions, "citizens": citizens}


def _citizen_list(ws, rng: random.Random, year: int, group: str, villages: list[str], today: date) -> int:
    """A few dozen people of one target group on the year's list, as a committee copies them from the national
    self-assessment site: recognised (about three in four) once the year's assessment is over (20 November)."""
    assessed = today >= date(year, 11, 20)
    drafts, seen = [], set()
    for i in range(rng.randint(25, 40)):
        male = rng.random() < 0.5
        name = (f"{rng.choice(HO)} {rng.choice(DEM_NAM if male else DEM_NU)} "
                f"{rng.choice(TEN_NAM if male else TEN_NU)}")
        draft = CitizenDraft(year=year, full_name=name, birth_year=rng.randint(1955, 2000), gender="Nam" if male else "Nữ",
                             village=rng.choice(villages) if villages else "", target_group=group,
                             status="recognised" if assessed and rng.random() < 0.75 else "registered")
        key = (name, draft.birth_year, draft.village)
        if key not in seen:
            seen.add(key)
            drafts.append((i + 1, draft))
    created, _, _ = ws.citizens.take_in(drafts, source="dữ liệu mẫu", today=today)
    return len(created)
