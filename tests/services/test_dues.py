"""Dues: settings, collecting a chi hội in one step, reversal and void moving payments back, the refusals,
sending a share upward, the figures (computed by hand below)."""

from __future__ import annotations

from datetime import date

import pytest

from khuyenhoc_desktop.domain.dues import DuesFilter, DuesRate, UpwardLevel
from khuyenhoc_desktop.domain.errors import ConflictError, NeedsConfirmation, ValidationError
from khuyenhoc_desktop.domain.members import MemberDraft, UnitDraft


def messages(exc) -> str:
    return " ".join(p.message for p in exc.value.errors)


@pytest.fixture
def club(ws, clock):
    """Two chi hội; six members in the first (one aged 80+, one who left the year before, one joining next
    year), two in the second. The rate for this year: 30.000 đ, cựu chiến binh 20.000 đ, miễn từ 80 tuổi."""
    year = clock.today().year
    east, _ = ws.units.save(UnitDraft("chi_hoi", "Chi hội thôn Đông", "Thôn 1", head="Lê Văn Trưởng"))
    west, _ = ws.units.save(UnitDraft("chi_hoi", "Chi hội thôn Tây", "Thôn 2"))
    people = {}

    def add(key, name, unit, **kw):
        base = dict(full_name=name, birth_year=1960, village="Thôn 1", unit_uuid=unit.uuid, category="Phụ huynh",
                    joined_on=date(2020, 1, 10))
        base.update(kw)
        people[key], _ = ws.members.save(MemberDraft(**base), confirm=True)

    add("an", "Nguyễn Văn An", east)
    add("binh", "Trần Thị Bình", east, category="Cựu chiến binh")
    add("cuong", "Phạm Văn Cường", east)
    add("old", "Đỗ Văn Cụ", east, birth_year=year - 85)
    add("left", "Vũ Thị Đi", east, status="moved", status_date=date(year - 1, 6, 1))
    add("gone", "Hoàng Văn Thôi", east, status="quit", status_date=date(year, 3, 1))
    add("dung", "Lý Văn Dũng", west, village="Thôn 2")
    add("em", "Mai Thị Em", west, village="Thôn 2", category="Cựu chiến binh")
    ws.dues.save_rate(DuesRate(year, 30_000, (("Cựu chiến binh", 20_000),), 80))
    ws.dues.save_levels([UpwardLevel("Hội Khuyến học tỉnh", 30)])
    return {"year": year, "east": east, "west": west, **people}


def test_the_collection_list_shows_who_owes_what(ws, club):
    year = club["year"]
    lines = {l.full_name: l for l in ws.dues.lines(DuesFilter(year, club["east"].uuid))}
    # Vũ Thị Đi left the year before: not in the list. Hoàng Văn Thôi left this year: still owes this year.
    assert set(lines) == {"Nguyễn Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Đỗ Văn Cụ", "Hoàng Văn Thôi"}
    assert (lines["Nguyễn Văn An"].amount, lines["Trần Thị Bình"].amount) == (30_000, 20_000)
    assert lines["Đỗ Văn Cụ"].status == "exempt" and "80 tuổi" in lines["Đỗ Văn Cụ"].reason
    # 30.000 × 3 (An, Cường, Thôi) + 20.000 (Bình) east; 30.000 + 20.000 west
    figures = ws.dues.figures(year)
    assert (figures.due, figures.members_owing, figures.members_exempt) == (160_000, 6, 1)
    assert (figures.collected, figures.submitted) == (0, 0)


def test_collecting_a_chi_hoi_in_one_step_and_reversing_it(ws, club, clock):
    year, today = club["year"], clock.today()
    chosen = [club[k].uuid for k in ("an", "binh", "cuong")]
    voucher, changes = ws.dues.collect(chosen, year, today)
    assert voucher.kind == "thu" and voucher.amount == 80_000 and voucher.item == "Hội phí"
    assert voucher.number == f"PT-{year}-0001" and voucher.person == "Lê Văn Trưởng"
    assert voucher.reason == f"Thu hội phí năm {year} – Chi hội thôn Đông (3 hội viên)"
    assert len(changes.created["dues_payment"]) == 3 and changes.touches("voucher")
    unpaid = [l.full_name for l in ws.dues.lines(DuesFilter(year, club["east"].uuid, unpaid_only=True))]
    assert unpaid == ["Hoàng Văn Thôi"]
    paid = {l.full_name: l.voucher_number for l in ws.dues.lines(DuesFilter(year)) if l.paid}
    assert paid == {"Nguyễn Văn An": voucher.number, "Trần Thị Bình": voucher.number,
                    "Phạm Văn Cường": voucher.number}
    assert ws.fund.balance() == 80_000
    assert (ws.dues.figures(year).collected, ws.dues.figures(year).members_paid) == (80_000, 3)
    history = ws.dues.payments_of(club["an"].uuid)
    assert [(p.year, p.amount, p.status, p.voucher_number) for p in history] == [(year, 30_000, "paid", voucher.number)]

    reversal, changes = ws.fund.reverse(voucher.uuid, "Thu nhầm", today)
    assert len(changes.updated["dues_payment"]) == 3
    assert ws.dues.figures(year).collected == 0 and ws.fund.balance() == 0
    assert len(ws.dues.lines(DuesFilter(year, club["east"].uuid, unpaid_only=True))) == 4
    assert ws.dues.payments_of(club["an"].uuid)[0].status == "cancelled"
    assert [e.action for e in ws.fund.history(voucher.uuid)] == ["create", "reverse"]
    assert [e.action for e in ws.fund.history(history[0].uuid)] == ["create", "update"]
    # collected again on a new phiếu: counted once more
    again, _ = ws.dues.collect(chosen, year, today)
    assert again.number == f"PT-{year}-0003" and ws.dues.figures(year).collected == 80_000


def test_voiding_the_phieu_thu_frees_the_payments_too(ws, club, clock):
    year = club["year"]
    voucher, _ = ws.dues.collect([club["dung"].uuid, club["em"].uuid], year, clock.today(), person="Lý Văn Dũng")
    assert voucher.amount == 50_000
    ws.fund.void(voucher.uuid, "Viết sai")
    assert ws.dues.figures(year).collected == 0
    assert {l.full_name for l in ws.dues.lines(DuesFilter(year, club["west"].uuid, unpaid_only=True))} == {
        "Lý Văn Dũng", "Mai Thị Em"}
    with pytest.raises(ConflictError):
        ws.fund.correct(voucher.uuid, voucher.as_draft(), "Sửa")


def test_bad_collections_are_refused_and_nothing_is_saved(ws, club, clock):
    year, today = club["year"], clock.today()
    ws.dues.collect([club["an"].uuid], year, today)
    with pytest.raises(ValidationError) as exc:
        ws.dues.collect([club["an"].uuid, club["cuong"].uuid], year, today)
    assert f"Đã nộp hội phí năm {year}: Nguyễn Văn An (PT-{year}-0001)." in messages(exc)
    with pytest.raises(ValidationError) as exc:
        ws.dues.collect([club["left"].uuid, club["cuong"].uuid], year, today)
    assert f"Vũ Thị Đi: đã chuyển đi từ năm {year - 1}, trước năm {year}" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        ws.dues.collect([club["old"].uuid], year, today)
    assert "miễn hội phí (từ 80 tuổi)" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        ws.dues.collect([club["cuong"].uuid], year - 5, today)
    assert f"Chưa đặt mức hội phí năm {year - 5}" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        ws.dues.collect([], year, today)
    assert "Chưa chọn hội viên" in messages(exc)
    # one voucher, one payment: the refused batches left nothing behind
    assert ws.dues.figures(year).collected == 30_000 and ws.fund.next_number("thu") == f"PT-{year}-0002"


def test_a_member_who_left_on_an_unknown_day_is_asked_about(ws, club, clock):
    year = club["year"]
    member, _ = ws.members.save(MemberDraft(full_name="Đinh Văn Lạ", birth_year=1970, unit_uuid=club["east"].uuid,
                                            category="Phụ huynh", status="quit"), confirm=True)
    with pytest.raises(NeedsConfirmation):
        ws.dues.collect([member.uuid], year, clock.today())
    voucher, _ = ws.dues.collect([member.uuid], year, clock.today(), confirm=True)
    assert voucher.amount == 30_000
    # the figures count nothing as due for them, yet count what was collected
    assert ws.dues.figures(year).due == 160_000 and ws.dues.figures(year).collected == 30_000


def test_rates_carry_forward_and_absurd_amounts_are_refused(ws, club):
    year = club["year"]
    assert ws.dues.rate_for(year + 3).amount == 30_000
    with pytest.raises(ValidationError) as exc:
        ws.dues.save_rate(DuesRate(year, 50_000_000))
    assert "quá lớn" in messages(exc)
    with pytest.raises(ValidationError):
        ws.dues.save_rate(DuesRate(year, -1))
    with pytest.raises(NeedsConfirmation):
        ws.dues.save_rate(DuesRate(year, 500_000))
    with pytest.raises(ValidationError) as exc:
        ws.dues.save_rate(DuesRate(year, 30_000, exempt_age=20))
    assert "từ 50 đến 120" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        ws.dues.save_levels([UpwardLevel("Tỉnh", 70), UpwardLevel("Trung ương", 40)])
    assert "vượt quá 100%" in messages(exc)
    assert ws.dues.rate_for(year).amount == 30_000
    ws.dues.save_rate(DuesRate(year + 1, 36_000, exempt_age=None))
    assert ws.dues.rate_for(year + 1).exempt_age is None and ws.dues.rate_for(year).amount == 30_000


def test_the_share_sent_upward_is_a_phieu_chi(ws, club, clock):
    year, today = club["year"], clock.today()
    ws.dues.collect([club[k].uuid for k in ("an", "binh", "cuong")], year, today)
    ws.dues.collect([club["dung"].uuid, club["em"].uuid], year, today)
    # collected 80.000 + 50.000 = 130.000; 30 % = 39.000
    assert ws.dues.suggested_share(year, "Hội Khuyến học tỉnh") == 39_000
    voucher, changes = ws.dues.submit(year, "Hội Khuyến học tỉnh", today)
    assert (voucher.kind, voucher.amount, voucher.item) == ("chi", 39_000, "Nộp hội phí cấp trên")
    assert changes.created["dues_submission"]
    assert ws.dues.figures(year).submitted == 39_000 and ws.dues.suggested_share(year, "Hội Khuyến học tỉnh") == 0
    with pytest.raises(NeedsConfirmation):
        ws.dues.submit(year, "Hội Khuyến học tỉnh", today, amount=10_000)
    with pytest.raises(ValidationError):
        ws.dues.submit(year, "Hội Khuyến học huyện", today)
    ws.fund.reverse(voucher.uuid, "Nộp nhầm", today)
    assert ws.dues.figures(year).submitted == 0
    assert ws.fund.balance() == 130_000


def test_the_signing_list_and_the_unpaid_list(ws, club, clock):
    year = club["year"]
    ws.dues.collect([club["an"].uuid], year, clock.today())
    data = ws.dues.signing_list(year, club["east"].uuid)
    assert data.title == "DANH SÁCH THU HỘI PHÍ" and data.subtitle == f"Năm {year} – Chi hội thôn Đông"
    assert [(r.name, r.amount, bool(r.voucher_number)) for r in data.rows] == [
        ("Nguyễn Văn An", 30_000, True), ("Trần Thị Bình", 20_000, False), ("Phạm Văn Cường", 30_000, False),
        ("Hoàng Văn Thôi", 30_000, False)]
    assert data.total == 110_000 and data.paid_total == 30_000 and data.signers[0].name == "Lê Văn Trưởng"
    unpaid = ws.dues.signing_list(year, club["east"].uuid, unpaid_only=True)
    assert [r.name for r in unpaid.rows] == ["Trần Thị Bình", "Phạm Văn Cường", "Hoàng Văn Thôi"]
    assert ws.dues.find_unit("chi hoi thon dong") == club["east"].uuid
