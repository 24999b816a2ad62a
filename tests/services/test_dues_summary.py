"""The summary's members gain the population, the members' share of it and the year's dues (hand-computed)."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.dues import DuesRate, UpwardLevel
from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
from khuyenhoc_desktop.domain.population import PopulationLine
from khuyenhoc_desktop.services.summary import summary


def test_population_percent_and_dues_in_the_summary(ws, clock):
    today = clock.today()
    year = today.year
    unit, _ = ws.units.save(UnitDraft("chi_hoi", "Chi hội thôn 1", "Thôn 1"))
    uuids = []
    for n, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]):
        m, _ = ws.members.save(MemberDraft(full_name=name, birth_year=1960 + n, unit_uuid=unit.uuid,
                                           category="Phụ huynh", joined_on=date(2020, 1, 1)))
        uuids.append(m.uuid)
    ws.dues.save_rate(DuesRate(year, 25_000))
    ws.dues.save_levels([UpwardLevel("Hội Khuyến học tỉnh", 20)])
    ws.dues.collect(uuids[:3], year, today)
    ws.dues.submit(year, "Hội Khuyến học tỉnh", today)  # 20 % of 75.000 = 15.000
    # an earlier year's figure is used when this year has none: thôn 1 + thôn 2 = 250 people
    ws.population.save_year(year - 1, [PopulationLine("Thôn 1", 120, 30, 90), PopulationLine("Thôn 2", 130, 35, 95)])
    members = summary(ws)["members"]
    assert members["count"] == 4 and members["population"] == 250
    assert members["percent_of_population"] == 1.6  # 4 / 250
    assert members["dues"] == {"due": 100_000, "collected": 75_000, "submitted": 15_000}
    # this year's whole-commune line wins over the thôn lines
    ws.population.save_year(year, [PopulationLine("", 300, 80, 220), PopulationLine("Thôn 1", 150, 40, 110)],
                            confirm=True)
    members = summary(ws)["members"]
    assert (members["population"], members["percent_of_population"]) == (300, 1.33)
