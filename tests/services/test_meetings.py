"""Meetings: validation, agenda and votes round trip, audit, number lookup, demo data."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

import pytest

from khuyenhoc_desktop.domain.errors import ConflictError, NeedsConfirmation, NotFoundError, ValidationError
from khuyenhoc_desktop.domain.meetings import AgendaEntry, MeetingDraft, MeetingFilter


def draft(**kw) -> MeetingDraft:
    base = dict(
        number="05/BB-HKH", subject="Họp Ban Chấp hành xét khen thưởng năm học 2024 - 2025",
        start=datetime(2025, 8, 20, 14, 0), end=datetime(2025, 8, 20, 16, 30),
        location="Hội trường Ủy ban nhân dân xã Tân Dĩnh", chair="Nguyễn Văn Thắng", secretary="Lê Thị Ngọc Ánh",
        members_total=15, members_present=13, members_absent=2,
        attendees="Vắng: Ông Đỗ Văn Hải (có lý do)\nĐại diện Ban Giám hiệu các trường",
        agenda=(AgendaEntry("Xét duyệt danh sách khen thưởng", "Thảo luận.\nRà soát.", "Thông qua.", 13, 12, 1, 0),),
    )
    base.update(kw)
    return MeetingDraft(**base)


def test_save_round_trips_agenda_votes_and_is_audited(ws):
    meeting, changes = ws.meetings.save(draft())
    assert changes.created["meeting"] == [meeting.uuid]
    again = ws.meetings.get_by_number("05/BB-HKH")
    assert again.uuid == meeting.uuid
    assert again.agenda[0].vote_for == 12 and again.agenda[0].discussion == "Thảo luận.\nRà soát."
    assert again.start == datetime(2025, 8, 20, 14, 0)
    assert [e.action for e in ws.meetings.history(meeting.uuid)] == ["create"]
    updated, _ = ws.meetings.save(draft(subject="Họp xét khen thưởng"), meeting.uuid, expected_version=1)
    assert updated.version == 2 and updated.subject == "Họp xét khen thưởng"
    with pytest.raises(ConflictError):
        ws.meetings.save(draft(subject="Khác"), meeting.uuid, expected_version=1)


@pytest.mark.parametrize("kwargs, field", [
    ({"number": ""}, "number"),
    ({"subject": ""}, "subject"),
    ({"end": datetime(2025, 8, 20, 13, 0)}, "end"),
    ({"members_present": 14, "members_absent": 2}, "members_present"),
    ({"agenda": (AgendaEntry("Biểu quyết", vote_total=13, vote_for=10, vote_against=1),)}, "agenda"),
])
def test_invalid_meetings_are_refused(ws, kwargs, field):
    with pytest.raises(ValidationError) as info:
        ws.meetings.save(draft(**kwargs))
    assert field in {e.field for e in info.value.errors}
    assert ws.meetings.list() == []


def test_duplicate_number_is_refused_and_more_votes_than_present_needs_confirmation(ws):
    ws.meetings.save(draft())
    with pytest.raises(ValidationError, match="đã có"):
        ws.meetings.save(draft())
    many = draft(number="06/BB-HKH", agenda=(AgendaEntry("X", vote_total=20, vote_for=20),))
    with pytest.raises(NeedsConfirmation):
        ws.meetings.save(many)
    ws.meetings.save(many, confirm=True)
    assert ws.meetings.next_number(2025) == "07/BB-HKH"


def test_list_search_delete_and_missing_number(ws):
    m, _ = ws.meetings.save(draft())
    assert [x.uuid for x in ws.meetings.list(MeetingFilter(search="khen thuong"))] == [m.uuid]
    assert ws.meetings.list(MeetingFilter(year=2024)) == []
    ws.meetings.delete([m.uuid])
    assert ws.meetings.list() == []
    with pytest.raises(NotFoundError, match="05/BB-HKH"):
        ws.meetings.get_by_number("05/BB-HKH")


def test_search_takes_percent_and_underscore_literally(ws):
    plain, _ = ws.meetings.save(draft())
    percent, _ = ws.meetings.save(draft(number="06/BB-HKH", subject="Họp bàn mức chi 100% cho khen thưởng"))
    assert [m.uuid for m in ws.meetings.list(MeetingFilter(search="100%"))] == [percent.uuid]
    assert ws.meetings.list(MeetingFilter(search="_")) == []
    assert {m.uuid for m in ws.meetings.list(MeetingFilter(search="hop"))} == {plain.uuid, percent.uuid}


def test_demo_fill_makes_an_award_meeting(ws):
    from khuyenhoc_desktop.services import demo

    result = demo.fill(ws, awards=50, seed=4)
    assert 2 <= result["meetings"]["meetings"] <= 3
    award_meetings = [m for m in ws.meetings.list() if m.subject.startswith("Xét khen thưởng")]
    assert len(award_meetings) == 1 and award_meetings[0].award_uuids
    assert all(a.has_vote for a in award_meetings[0].agenda)
    assert random  # the rng comes from demo.fill


def test_recipients_are_kept_per_meeting_and_printed(ws):
    from khuyenhoc_desktop.services import documents

    fresh = MeetingDraft(number="07/BB-HKH", subject="Họp thường kỳ", start=datetime(2026, 1, 5, 8, 0),
                         end=datetime(2026, 1, 5, 9, 0), location="Nhà văn hóa", chair="Nguyễn Văn Thắng",
                         secretary="Lê Thị Ngọc Ánh")
    ws.meetings.save(fresh)
    assert documents.minutes(ws, "07/BB-HKH").recipients == ("Như thành phần dự họp", "Lưu: VT, hồ sơ")
    ws.meetings.save(replace(fresh, number="08/BB-HKH",
                             recipients="- Thường trực Hội Khuyến học tỉnh;\n\n  Ủy ban nhân dân xã.\n- Lưu: VT."))
    assert documents.minutes(ws, "08/BB-HKH").recipients == (
        "Thường trực Hội Khuyến học tỉnh", "Ủy ban nhân dân xã", "Lưu: VT")
    ws.meetings.save(replace(fresh, number="09/BB-HKH", recipients=""))
    assert documents.minutes(ws, "09/BB-HKH").recipients == ()
