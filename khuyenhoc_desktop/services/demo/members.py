"""Demo units (a chi hội per thôn, ban khuyến học in a school and a dòng họ, a tổ hội) and about 150 members,
some of whom have left; never a CCCD or a phone number (personal data has no place in a demo file)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ...domain.members import MemberDraft, UnitDraft
from .names import DEM_NAM, DEM_NU, HO, TEN_NAM, TEN_NU, VILLAGES

MEMBERS = 150
LEFT_SHARE = 0.12  # chuyển đi, từ trần, thôi
ROLES_WEIGHTED = ["Hội viên"] * 20 + ["Chi hội trưởng", "Chi hội phó"]


def _units(ws, villages: list[str], today: date, rng: random.Random) -> list[str]:
    """The units' uuids (those already there kept), the chi hội first."""
    existing = {u.name: u.uuid for u in ws.units.list()}
    wanted = [UnitDraft("chi_hoi", f"Chi hội {v[0].lower()}{v[1:]}", v) for v in villages]
    wanted += [UnitDraft("ban_khuyen_hoc", f"Ban khuyến học Trường THCS {ws.organisation.commune}".strip()),
               UnitDraft("ban_khuyen_hoc", "Ban khuyến học dòng họ Nguyễn", villages[0]),
               UnitDraft("to_hoi", "Tổ hội Cựu giáo chức")]
    uuids = []
    for draft in wanted:
        if draft.name in existing:
            uuids.append(existing[draft.name])
            continue
        founded = date(rng.randint(2005, min(2020, today.year)), rng.randint(1, 12), rng.randint(1, 28))
        head = f"{rng.choice(HO)} {rng.choice(DEM_NAM)} {rng.choice(TEN_NAM)}"
        unit, _ = ws.units.save(UnitDraft(draft.kind, draft.name, draft.village, head=head,
                                          founded_on=min(founded, today)), confirm=True, today=today)
        uuids.append(unit.uuid)
    return uuids


def fill(ws, rng: random.Random, today: date) -> dict:
    villages = ws.catalogs.names("village") or VILLAGES
    categories = ws.catalogs.names("member_category") or ["Phụ huynh"]
    unit_uuids = _units(ws, villages, today, rng)
    village_unit = dict(zip(villages, unit_uuids))
    made = 0
    for _ in range(MEMBERS):
        male = rng.random() < 0.45
        name = (f"{rng.choice(HO)} {rng.choice(DEM_NAM if male else DEM_NU)} "
                f"{rng.choice(TEN_NAM if male else TEN_NU)}")
        born = rng.randint(today.year - 85, today.year - 20)
        earliest = date(max(born + 18, 2005), 1, 1)
        joined = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days)))
        village = rng.choice(villages)
        unit = village_unit[village] if rng.random() < 0.85 else rng.choice(unit_uuids)
        status, status_date = "active", None
        if rng.random() < LEFT_SHARE and joined < today:
            status = rng.choice(["moved", "deceased", "quit"])
            status_date = joined + timedelta(days=rng.randint(1, max(1, (today - joined).days)))
            status_date = min(status_date, today)
        ws.members.save(MemberDraft(
            full_name=name, gender="Nam" if male else "Nữ", birth_year=born, village=village, unit_uuid=unit,
            role=rng.choice(ROLES_WEIGHTED), category=rng.choice(categories), joined_on=joined,
            card_no=f"{made + 1:04d}/{joined.year}", status=status, status_date=status_date,
        ), confirm=True, today=today)
        made += 1
    return {"units": len(unit_uuids), "members": made}
