"""Demo dues and population: a rate for last year and this year (cựu chiến binh less, miễn từ 80 tuổi), a
share for the province's association, this year's dues collected per chi hội on one phiếu thu each from
most of its members (some stay unpaid), the province's share sent on a phiếu chi, and a population table
per thôn for last year and this year. Everything through the services, dated in the open month (the demo
fund locks the book up to the end of last month)."""

from __future__ import annotations

import random
from datetime import date

from ...domain.dues import DuesFilter, DuesRate, UpwardLevel
from ...domain.population import PopulationLine

RATE = 24_000
VETERAN_RATE = 12_000
PROVINCE = "Hội Khuyến học tỉnh"
PROVINCE_SHARE = 30.0
PAID_SHARE = 0.8


def fill(ws, rng: random.Random, today: date) -> dict:
    year = today.year
    if ws.dues.rate_for(year) is None:
        for y in (year - 1, year):
            ws.dues.save_rate(DuesRate(y, RATE, (("Cựu chiến binh", VETERAN_RATE),), 80))
        ws.dues.save_levels([UpwardLevel(PROVINCE, PROVINCE_SHARE)])
    paid = 0
    locked = ws.fund.locked_until()
    if locked is not None and locked >= today:
        return {"dues_payments": 0, "population_years": 0}
    for unit in ws.units.list(kind="chi_hoi"):
        owing = [l for l in ws.dues.lines(DuesFilter(year, unit.uuid, unpaid_only=True)) if l.status == "owed"]
        chosen = [l.member_uuid for l in owing if rng.random() < PAID_SHARE]
        if chosen:
            ws.dues.collect(chosen, year, today, confirm=True, today=today)
            paid += len(chosen)
    if paid and ws.dues.suggested_share(year, PROVINCE):
        ws.dues.submit(year, PROVINCE, today, confirm=True, today=today)
    years = 0
    if not ws.population.years():
        villages = ws.catalogs.names("village")
        base = {v: rng.randint(900, 2200) for v in villages}
        for y, growth in ((year - 1, 1.0), (year, 1.012)):
            lines = []
            for v in villages:
                people = int(base[v] * growth)
                lines.append(PopulationLine(v, people, people // 4 + rng.randint(-20, 20), int(people * 0.72)))
            ws.population.save_year(y, lines, confirm=True, reason="Dữ liệu mẫu")
            years += 1
    return {"dues_payments": paid, "population_years": years}
