"""The report's section "Công tác tổ chức và phát triển hội" on a small register built by hand: every figure
worked out on paper; population, % and dues shown only when the summary's members give them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft
from khuyenhoc_desktop.services import summary as summary_module
from khuyenhoc_desktop.services.reporting import Figure, period_report
from khuyenhoc_desktop.services.summary import member_summary


def _unit(ws, name, kind="chi_hoi", founded=None, active=True):
    unit, _ = ws.units.save(UnitDraft(kind=kind, name=name, founded_on=founded, active=active))
    return unit


def _member(ws, name, joined, status="active", left_on=None, unit=""):
    ws.members.save(MemberDraft(full_name=name, birth_year=1955, joined_on=joined, status=status,
                                status_date=left_on, unit_uuid=unit), confirm=True)


@pytest.fixture
def register(ws):
    """Units: chi hội Đông (2019), chi hội Tây (founded 10/03/2026), a ban khuyến học of unknown date,
    an inactive tổ hội. Members (today is 2 December 2026 on the test clock):

    A joined 2019, active; B joined 05/2025, active; C joined 02/2026, active; D joined 2018, moved 04/2025;
    E joined 2018, died 03/2026; F joined 09/2026, active.
    """
    east = _unit(ws, "Chi hội thôn Đông", founded=date(2019, 5, 1))
    _unit(ws, "Chi hội thôn Tây", founded=date(2026, 3, 10))
    _unit(ws, "Ban khuyến học trường THCS", kind="ban_khuyen_hoc")
    _unit(ws, "Tổ hội xóm Trại", kind="to_hoi", active=False)
    _member(ws, "Nguyễn Văn An", date(2019, 1, 10), unit=east.uuid)
    _member(ws, "Trần Thị Bình", date(2025, 5, 20))
    _member(ws, "Lê Văn Cường", date(2026, 2, 1))
    _member(ws, "Phạm Thị Dung", date(2018, 3, 1), "moved", date(2025, 4, 15))
    _member(ws, "Hoàng Văn Em", date(2018, 3, 1), "deceased", date(2026, 3, 20))
    _member(ws, "Vũ Thị Giang", date(2026, 9, 5))
    return ws


def test_the_year_against_last_year(register):
    r = period_report(register, "2026")
    # end of 2026 (today, 2 Dec): A, B, C, F (E died in March) = 4; end of 2025: A, B, E = 3 (D moved in April 2025)
    assert (r.members_count.value, r.members_count.previous, r.members_count.change) == (4, 3, 1)
    assert r.members_on == date(2026, 12, 2)
    assert (r.members_new.value, r.members_new.previous) == (2, 1)  # C, F in 2026; B in 2025
    assert (r.members_left.value, r.members_left.previous) == (1, 1)  # E in 2026; D in 2025
    # Tây founded in 2026 is not counted at the end of 2025; the tổ hội is inactive; the ban has no date
    assert {k: (c.value, c.previous) for k, c in r.units_by_kind.items()} == {
        "chi_hoi": (2, 1), "ban_khuyen_hoc": (1, 1), "to_hoi": (0, 0)}
    # nothing about population or dues until the summary gives them
    assert (r.members_population, r.members_percent_of_population, r.members_dues) == (None, None, None)
    data = r.to_dict()["members"]
    assert data["count"] == {"value": 4, "previous": 3, "change": 1, "percent": 33.3}
    assert data["units"]["chi_hoi"] == {"value": 2, "previous": 1, "change": 1, "percent": 100.0}
    assert (data["population"], data["percent_of_population"], data["dues"]) == (None, None, None)
    labels = [label for section, label, _u, _c in r.indicators() if section == "Tổ chức hội"]
    assert labels == ["Số hội viên (cuối kỳ)", "Hội viên mới kết nạp", "Hội viên ra khỏi hội", "Số chi hội",
                      "Số ban khuyến học", "Số tổ hội"]


def test_the_first_half_and_the_summary_agree_on_today(register):
    h1 = period_report(register, "2026-H1")
    # 30/06/2026: A, B, C = 3; 30/06/2025: A, B, E = 3
    assert (h1.members_count.value, h1.members_count.previous) == (3, 3)
    assert (h1.members_new.value, h1.members_new.previous, h1.members_left.value, h1.members_left.previous) == (
        1, 1, 1, 1)
    # the dashboard's year and the summary count the same members today (one definition)
    assert period_report(register, "2026").members_count.value == member_summary(register).count == 4


@dataclass
class _WithExtras:
    """What the summary's members look like once population and dues are added to them."""

    count: int = 0
    new: int = 0
    left: int = 0
    units: dict = field(default_factory=dict)
    population: int | None = None
    percent_of_population: float | None = None
    dues: dict | None = None


def test_population_share_and_dues_are_shown_when_the_summary_gives_them(register, monkeypatch):
    given = {
        "2025-2026": _WithExtras(4, population=2_000, percent_of_population=0.2,
                                 dues={"due": 240_000, "collected": 180_000, "submitted": 54_000}),
        "2024-2025": _WithExtras(3, population=1_950, percent_of_population=None,
                                 dues={"due": 180_000, "collected": 180_000, "submitted": None}),
    }
    asked = []
    monkeypatch.setattr(summary_module, "member_summary", lambda ws, sy=None: asked.append(sy) or given[sy])
    r = period_report(register, "2026")
    assert sorted(asked) == ["2024-2025", "2025-2026"]  # the school years that end in 2026 and 2025
    assert r.members_population == Figure(2_000, 1_950) and r.members_population.change == 50
    assert r.members_percent_of_population == Figure(0.2, None)
    assert r.members_percent_of_population.change is None
    assert r.members_dues == {"due": Figure(240_000, 180_000), "collected": Figure(180_000, 180_000),
                              "submitted": Figure(54_000, None)}
    data = r.to_dict()["members"]
    assert data["population"] == {"value": 2_000, "previous": 1_950, "change": 50, "percent": 2.6}
    assert data["dues"]["collected"] == {"value": 180_000, "previous": 180_000, "change": 0, "percent": 0.0}
    assert data["dues"]["submitted"] == {"value": 54_000, "previous": None, "change": None, "percent": None}
    assert [label for label, _unit, _f in r.member_extra_lines()] == [
        "Dân số", "Tỷ lệ hội viên/dân số", "Hội phí phải thu", "Hội phí đã thu", "Hội phí đã nộp cấp trên"]
    # a key null this period leaves its line out
    given["2025-2026"] = _WithExtras(4, population=None, dues={"due": None, "collected": 10_000, "submitted": None})
    r = period_report(register, "2026")
    assert r.members_population is None and r.members_percent_of_population is None
    assert list(r.members_dues) == ["collected"]
    assert [label for label, _unit, _f in r.member_extra_lines()] == ["Hội phí đã thu"]
    # the home page does not ask for them
    asked.clear()
    r = period_report(register, "2026", member_extras=False)
    assert asked == [] and r.members_dues is None and r.members_count.value == 4


def test_dues_that_are_nought_in_both_years_leave_their_lines_out(register, monkeypatch):
    given = {"2025-2026": _WithExtras(4, dues={"due": 0, "collected": 0, "submitted": 0}),
             "2024-2025": _WithExtras(3, dues={"due": 0, "collected": 0, "submitted": 0})}
    monkeypatch.setattr(summary_module, "member_summary", lambda ws, sy=None: given[sy])
    assert period_report(register, "2026").members_dues is None
    given["2024-2025"] = _WithExtras(3, dues={"due": 0, "collected": 20_000, "submitted": 0})
    dues = period_report(register, "2026").members_dues
    assert dues == {"due": Figure(0, 0), "collected": Figure(0, 20_000), "submitted": Figure(0, 0)}
