"""Meeting rules: votes add up, attendance adds up, times in order; agenda and recipients as written."""

from __future__ import annotations

from datetime import datetime

from khuyenhoc_desktop.domain.meetings import (
    AgendaEntry,
    MeetingDraft,
    attendee_lines,
    recipient_items,
    validate_meeting,
)

START = datetime(2026, 1, 15, 8, 0)


def meeting(**kw) -> MeetingDraft:
    values = dict(number="01/BB-HKH", subject="Họp Ban Chấp hành", start=START, end=datetime(2026, 1, 15, 10, 30),
                  location="Hội trường Ủy ban nhân dân xã", chair="Nguyễn Văn Thắng", secretary="Lê Thị Ngọc Ánh",
                  members_total=15, members_present=13, members_absent=2)
    values.update(kw)
    return MeetingDraft(**values)


def messages(problems, severity="error"):
    return [p.message for p in problems if p.severity == severity]


def test_a_complete_meeting_with_a_counted_vote_has_no_problem():
    vote = AgendaEntry("Thông qua báo cáo", vote_total=13, vote_for=12, vote_against=1)
    assert validate_meeting(meeting(agenda=(vote,))) == []
    assert vote.has_vote and not AgendaEntry("Thảo luận").has_vote


def test_required_fields():
    problems = validate_meeting(MeetingDraft())
    assert {p.field for p in problems} == {"number", "subject", "start", "end", "location", "chair", "secretary"}


def test_the_end_cannot_come_before_the_start():
    assert messages(validate_meeting(meeting(end=datetime(2026, 1, 15, 7, 59)))) == [
        "Thời gian kết thúc trước thời gian bắt đầu."]


def test_present_and_absent_cannot_exceed_the_members():
    assert messages(validate_meeting(meeting(members_present=14, members_absent=2))) == [
        "Số có mặt cộng số vắng lớn hơn tổng số thành viên."]
    assert validate_meeting(meeting(members_present=13, members_absent=2)) == []  # 13 + 2 = 15
    assert validate_meeting(meeting(members_total=0, members_present=20, members_absent=3)) == []  # total unknown


def test_votes_must_add_up_to_their_total():
    wrong = AgendaEntry("Kế hoạch", vote_total=13, vote_for=10, vote_against=1, vote_other=1)
    assert messages(validate_meeting(meeting(agenda=(AgendaEntry("Báo cáo"), wrong)))) == [
        "Nội dung 2: tán thành + không tán thành + ý kiến khác phải bằng tổng số phiếu (12 ≠ 13)."]
    no_total = AgendaEntry("Kế hoạch", vote_for=10)
    assert messages(validate_meeting(meeting(agenda=(no_total,)))) == ["Nội dung 1: chưa nhập tổng số phiếu."]
    untitled = AgendaEntry("", discussion="Thảo luận")
    assert messages(validate_meeting(meeting(agenda=(untitled,)))) == ["Nội dung 1: chưa có tiêu đề."]


def test_more_votes_than_people_present_is_questioned():
    crowded = AgendaEntry("Biểu quyết", vote_total=14, vote_for=14)
    problems = validate_meeting(meeting(agenda=(crowded,)))
    assert messages(problems) == []
    assert messages(problems, "warning") == ["Nội dung 1: tổng số phiếu (14) nhiều hơn số người có mặt (13)."]


def test_normalized_drops_empty_agenda_items_and_repeated_awards():
    draft = meeting(agenda=(AgendaEntry("  Báo cáo  "), AgendaEntry("  ", discussion=" \n ")),
                    award_uuids=("a", "", "b", "a")).normalized()
    assert [a.title for a in draft.agenda] == ["Báo cáo"]
    assert draft.award_uuids == ("a", "b")


def test_agenda_entries_round_trip_through_their_dict():
    entry = AgendaEntry("Thông qua", "Thảo luận", "Nhất trí", 13, 12, 1, 0)
    assert entry.to_dict()["vote"] == {"total": 13, "for": 12, "against": 1, "other": 0}
    assert AgendaEntry.from_dict(entry.to_dict()) == entry
    assert AgendaEntry.from_dict({"title": "Chỉ có tiêu đề"}) == AgendaEntry("Chỉ có tiêu đề")


def test_attendee_and_recipient_lines():
    assert attendee_lines(" Vắng: Ông Hải \n\n Bà Lan ") == ["Vắng: Ông Hải", "Bà Lan"]
    assert recipient_items("- Như thành phần dự họp;\n- Lưu: VT, hồ sơ.\n\n• UBND xã,") == (
        "Như thành phần dự họp", "Lưu: VT, hồ sơ", "UBND xã")


def test_meetings_are_exported_from_their_list_but_never_offered_for_import():
    from khuyenhoc_desktop.domain.kinds import exchange_specs
    from khuyenhoc_desktop.domain.meetings import SPEC

    assert SPEC.exchange_kind == "meetings" and SPEC.export and not SPEC.exchange
    assert "meetings" not in exchange_specs()
    assert {"awards", "classes", "learners", "vouchers", "members"} <= set(exchange_specs())
