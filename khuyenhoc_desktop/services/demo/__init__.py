"""Realistic Vietnamese demo data: a commune profile, catalogues, awards, then the fund, classes and
meetings made from them, the association's units and members, their dues and the population figures, the learning models (households, dòng họ, units; registrations, score
sheets, recognitions). Everything is dated from one `today` (the workspace's clock unless given), so
the same seed and day give the same file.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from ...domain.organisation import sample_organisation
from . import awards as demo_awards, classes as demo_classes, fund as demo_fund, meetings as demo_meetings
from . import dues as demo_dues, learning_models as demo_learning, members as demo_members


def fill(
    ws,
    awards: int = 200,
    seed: int | None = None,
    commune_code: str | None = None,
    commune_name: str | None = None,
    batch_size: int = 20_000,
    progress=None,
    today: date | None = None,
) -> dict:
    """Fill the workspace with demo data; returns what was made. Awards go in with bulk inserts.

    With `progress(done, total)` (the window) everything goes in one transaction, so a stop (progress
    raising) leaves the file as it was; without it (benchmarks, millions of rows) each batch commits."""
    today = today or ws.clock.today()
    if progress is not None:
        with ws.db.atomic():
            return _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress, today)
    return _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress, today)


def _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress, today: date) -> dict:
    rng = random.Random(seed)
    org = ws.organisation
    if not org.is_complete or commune_code or commune_name:
        base = org if org.is_complete else sample_organisation()
        name = commune_name or base.commune
        base = replace(
            base,
            commune=name,
            commune_code=commune_code or base.commune_code,
            committee_name=f"Hội Khuyến học xã {name}",
            parent_body=f"Ủy ban nhân dân xã {name}",
            place_name=name,
        )
        ws.profile.save(base)
    made = demo_awards.fill(ws, rng, awards, today, batch_size, progress)
    result = {"awards": made}
    for name, module in (("fund", demo_fund), ("classes", demo_classes), ("meetings", demo_meetings)):
        result[name] = module.fill(ws, rng, today)
        if progress:
            progress(made, awards)  # a last chance to stop, still inside the transaction
    # Last and with a generator of its own, so the other demo records stay what the same seed gave before.
    members_rng = random.Random(rng.random())
    result["members"] = demo_members.fill(ws, members_rng, today)
    result["dues"] = demo_dues.fill(ws, random.Random(members_rng.random()), today)
    result["learning_models"] = demo_learning.fill(ws, random.Random(members_rng.random() + 1), today)
    return result


__all__ = ["fill"]
