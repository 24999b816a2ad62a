"""Meetings (cuộc họp) and their minutes (biên bản): agenda items with votes, linked award lists."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime

from ..vietnamese import format_vnd, normalize, normalize_multiline, normalize_text_fields
from .errors import FieldError
from .limits import MAX_COUNT, count_problem

MEETING_KINDS = ("Ban Chấp hành", "Ban Thường trực", "Hội nghị", "Đại hội", "Khác")
AWARD_MEETING_SUBJECT = "Xét khen thưởng"

FIELD_LABELS = {
    "kind": "Loại cuộc họp",
    "number": "Số biên bản",
    "subject": "Trích yếu",
    "start": "Bắt đầu",
    "end": "Kết thúc",
    "location": "Địa điểm",
    "chair": "Chủ trì",
    "secretary": "Thư ký",
    "members_total": "Tổng số thành viên",
    "members_present": "Có mặt",
    "members_absent": "Vắng",
    "attendees": "Thành phần khác / người vắng",
    "agenda": "Nội dung",
    "award_uuids": "Danh sách khen thưởng",
    "note": "Ghi chú",
}
MAX_LENGTH = {"number": 40, "subject": 300, "location": 200, "chair": 100, "secretary": 100, "kind": 60}


@dataclass(frozen=True)
class AgendaEntry:
    """One item of the agenda; `vote_total` 0 means no vote was taken on it."""

    title: str = ""
    discussion: str = ""
    conclusion: str = ""
    vote_total: int = 0
    vote_for: int = 0
    vote_against: int = 0
    vote_other: int = 0

    @property
    def has_vote(self) -> bool:
        return self.vote_total > 0

    def normalized(self) -> "AgendaEntry":
        return replace(self, title=normalize(self.title), discussion=normalize_multiline(self.discussion),
                       conclusion=normalize_multiline(self.conclusion))

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "discussion": self.discussion,
            "conclusion": self.conclusion,
            "vote": {"total": self.vote_total, "for": self.vote_for, "against": self.vote_against,
                     "other": self.vote_other},
        }

    @classmethod
    def from_dict(cls, data: dict) -> "AgendaEntry":
        vote = data.get("vote") or {}
        return cls(
            title=str(data.get("title", "")),
            discussion=str(data.get("discussion", "")),
            conclusion=str(data.get("conclusion", "")),
            vote_total=int(vote.get("total", 0) or 0),
            vote_for=int(vote.get("for", 0) or 0),
            vote_against=int(vote.get("against", 0) or 0),
            vote_other=int(vote.get("other", 0) or 0),
        )


@dataclass(frozen=True)
class MeetingDraft:
    kind: str = "Ban Chấp hành"
    number: str = ""  # số biên bản, "05/BB-HKH"
    subject: str = ""
    start: datetime | None = None
    end: datetime | None = None
    location: str = ""
    chair: str = ""
    secretary: str = ""
    members_total: int = 0
    members_present: int = 0
    members_absent: int = 0
    attendees: str = ""  # one per line: other attendees / absent names
    agenda: tuple[AgendaEntry, ...] = ()
    award_uuids: tuple[str, ...] = ()
    note: str = ""

    def normalized(self) -> "MeetingDraft":
        return replace(
            normalize_text_fields(self, multiline=("attendees", "note")),
            agenda=tuple(a.normalized() for a in self.agenda if normalize(a.title) or a.discussion.strip()),
            award_uuids=tuple(dict.fromkeys(u for u in self.award_uuids if u)),
        )


@dataclass(frozen=True)
class Meeting(MeetingDraft):
    id: int = 0
    uuid: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False

    def as_draft(self) -> MeetingDraft:
        return MeetingDraft(**{f.name: getattr(self, f.name) for f in fields(MeetingDraft)})


def validate_meeting(draft: MeetingDraft) -> list[FieldError]:
    problems: list[FieldError] = []

    def err(name: str, message: str, severity: str = "error") -> None:
        problems.append(FieldError(name, message, severity))

    if not draft.number:
        err("number", "Chưa nhập số biên bản.")
    if not draft.subject:
        err("subject", "Chưa nhập trích yếu (nội dung cuộc họp).")
    if draft.start is None:
        err("start", "Chưa nhập thời gian bắt đầu.")
    if draft.end is None:
        err("end", "Chưa nhập thời gian kết thúc.")
    if draft.start and draft.end and draft.end < draft.start:
        err("end", "Thời gian kết thúc trước thời gian bắt đầu.")
    if not draft.location:
        err("location", "Chưa nhập địa điểm.")
    if not draft.chair:
        err("chair", "Chưa nhập người chủ trì.")
    if not draft.secretary:
        err("secretary", "Chưa nhập thư ký.")
    counts_ok = True
    for name in ("members_total", "members_present", "members_absent"):
        message = count_problem(getattr(draft, name), FIELD_LABELS[name])
        if message:
            err(name, message)
            counts_ok = False
    if counts_ok and draft.members_present + draft.members_absent > draft.members_total and draft.members_total:
        err("members_present", "Số có mặt cộng số vắng lớn hơn tổng số thành viên.")
    for name, limit in MAX_LENGTH.items():
        value = getattr(draft, name)
        if len(value) > limit:
            err(name, f"{FIELD_LABELS[name]} quá dài ({len(value)} ký tự, tối đa {limit}).")
    for i, item in enumerate(draft.agenda, 1):
        if not item.title:
            err("agenda", f"Nội dung {i}: chưa có tiêu đề.")
        votes = (item.vote_total, item.vote_for, item.vote_against, item.vote_other)
        if any(count_problem(v, "") for v in votes):
            err("agenda", f"Nội dung {i}: số phiếu phải là số nguyên từ 0 đến {format_vnd(MAX_COUNT)}.")
        elif item.vote_total and item.vote_for + item.vote_against + item.vote_other != item.vote_total:
            err("agenda", f"Nội dung {i}: tán thành + không tán thành + ý kiến khác phải bằng tổng số phiếu "
                          f"({item.vote_for + item.vote_against + item.vote_other} ≠ {item.vote_total}).")
        elif not item.vote_total and (item.vote_for or item.vote_against or item.vote_other):
            err("agenda", f"Nội dung {i}: chưa nhập tổng số phiếu.")
        elif draft.members_present and item.vote_total > draft.members_present:
            err("agenda", f"Nội dung {i}: tổng số phiếu ({item.vote_total}) nhiều hơn số người có mặt "
                          f"({draft.members_present}).", "warning")
    return problems


@dataclass(frozen=True)
class MeetingFilter:
    search: str = ""
    kind: str = ""
    year: int | None = None
    include_deleted: bool = False


def attendee_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


__all__ = [
    "AWARD_MEETING_SUBJECT", "AgendaEntry", "FIELD_LABELS", "MEETING_KINDS", "Meeting", "MeetingDraft",
    "MeetingFilter", "attendee_lines", "validate_meeting", "field",
]
