"""The dues rule (who owes what for a year), rates carried forward, the settings' checks, the upward share;
population totals and percentages."""

from __future__ import annotations

from datetime import date

from khuyenhoc_desktop.domain.dues import (
    DuesRate, DuesSettings, UpwardLevel, liability, owes, share, validate_levels, validate_rate,
)
from khuyenhoc_desktop.domain.members import MemberDraft
from khuyenhoc_desktop.domain.population import PopulationLine, percent_of, total_of, validate_line

RATE = DuesRate(2026, 30_000, (("Cựu chiến binh", 20_000), ("Học sinh - sinh viên", 0)), 80)


def member(**kw) -> MemberDraft:
    base = dict(full_name="Nguyễn Văn An", birth_year=1960, category="Phụ huynh", joined_on=date(2020, 1, 1))
    base.update(kw)
    return MemberDraft(**base)


def test_who_owes_for_a_year():
    assert liability(member(), 2026, RATE).amount == 30_000
    assert owes(member(category="Cựu chiến binh"), 2026, RATE) == 20_000
    assert liability(member(category="Học sinh - sinh viên"), 2026, RATE).status == "exempt"
    # 2026 − 1946 = 80: exempt; 1947 → 79: owes
    assert liability(member(birth_year=1946), 2026, RATE).status == "exempt"
    assert owes(member(birth_year=1947), 2026, RATE) == 30_000
    assert liability(member(birth_year=1946), 2026, DuesRate(2026, 30_000, exempt_age=None)).amount == 30_000
    # joined in 2027: outside 2026; joined on 31/12/2026: owes 2026; joining day unknown: owes
    assert liability(member(joined_on=date(2027, 1, 5)), 2026, RATE).status == "outside"
    assert owes(member(joined_on=date(2026, 12, 31)), 2026, RATE) == 30_000
    assert owes(member(joined_on=None), 2026, RATE) == 30_000
    # left in 2025: outside; left in 2026: owes 2026; left on an unknown day: asked, not counted as due
    assert liability(member(status="moved", status_date=date(2025, 12, 31)), 2026, RATE).status == "outside"
    assert owes(member(status="deceased", status_date=date(2026, 1, 1)), 2026, RATE) == 30_000
    unknown = liability(member(status="quit"), 2026, RATE)
    assert (unknown.status, unknown.amount, unknown.collectable) == ("ask", 30_000, True)
    assert owes(member(status="quit"), 2026, RATE) == 0
    assert liability(member(), 2026, None).status == "no_rate"


def test_a_rate_carries_forward_until_the_next_one_and_round_trips():
    settings = DuesSettings().with_rate(DuesRate(2024, 20_000)).with_rate(RATE)
    assert settings.rate_for(2023) is None and settings.rate_for(2025).amount == 20_000
    assert settings.rate_for(2031) == RATE
    settings = DuesSettings(settings.rates, (UpwardLevel("Hội Khuyến học tỉnh", 25.5),))
    assert DuesSettings.from_dict(settings.to_dict()) == settings
    assert settings.with_rate(DuesRate(2024, 22_000)).rate_for(2024).amount == 22_000


def test_the_settings_checks():
    assert validate_rate(RATE) == []
    assert [p.severity for p in validate_rate(DuesRate(2026, 300_000))] == ["warning"]
    assert [p.severity for p in validate_rate(DuesRate(2026, 20_000_000))] == ["error"]
    assert validate_rate(DuesRate(1800, 1))[0].field == "year"
    assert validate_rate(DuesRate(2026, 1, (("A", 1), ("A", 2))))[0].message == "Một đối tượng chỉ có một mức hội phí."
    assert validate_levels((UpwardLevel("Tỉnh", 30), UpwardLevel("Trung ương", 10))) == []
    assert "vượt quá 100%" in validate_levels((UpwardLevel("Tỉnh", 60), UpwardLevel("Trung ương", 50)))[0].message
    assert validate_levels((UpwardLevel("", 10),))[0].message == "Chưa ghi tên cấp nhận hội phí."


def test_the_share_is_rounded_to_the_dong():
    assert share(130_000, 30) == 39_000
    assert share(10_001, 12.5) == 1_250  # 1.250,125
    assert share(10_005, 10) == 1_001  # 1.000,5 rounds up
    assert share(0, 30) == 0


def test_population_totals_and_percentages():
    lines = [PopulationLine("Thôn 1", 1200, 300, 900), PopulationLine("Thôn 2", 800, 210, 600)]
    assert total_of(lines) == PopulationLine("", 2000, 510, 1500)
    assert total_of(lines + [PopulationLine("", 2100, 520, 1510)]).population == 2100
    assert percent_of(1, 3) == 33.33 and percent_of(5, 0) is None and percent_of(5, None) is None
    assert validate_line(PopulationLine("Thôn 1", 10, 20, 5))[0].field == "households"
    assert validate_line(PopulationLine("Thôn 1", 10, 0, 5))[0].severity == "warning"
    assert validate_line(PopulationLine("Thôn 1", -1))[0].severity == "error"
