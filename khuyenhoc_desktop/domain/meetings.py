"""Meetings (cuộc họp) and their minutes (biên bản): agenda items with votes, linked award lists."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from ..vietnamese import format_vnd, normalize, normalize_multiline, normalize_text_fields
from .errors import FieldError
from .limits import MAX_COUNT, count_problem
from .specs import EXPORT_STT, NO_LIMIT, ExportColumn, ListColumn, ListFilter, RecordSpec, SoftDeleted, Words, attr, declared, labels_of, length_problems

# Nơi nhận of a biên bản (NĐ 30): editable per meeting; an empty text prints no block.
DEFAULT_RECIPIENTS = "- Như thành phần dự họp;\n- Lưu: VT, hồ sơ."
MEETING_KINDS = ("Ban Chấp hành", "Ban Thường trực", "Hội nghị", "Đại hội", "Khác")
AWARD_MEETING_SUBJECT = "Xét khen thưởng"

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
    # Only the one-line texts and the recipients have a length limit; attendees and note may be as long
    # as the minutes.
    kind: str = attr("Loại cuộc họp", "choice", default="Ban Chấp hành", max_length=60, catalog="meeting_kind")
    number: str = attr("Số biên bản", max_length=40, required=True)  # "05/BB-HKH"
    subject: str = attr("Trích yếu", max_length=300, required=True)
    start: datetime | None = attr("Bắt đầu", "datetime", required=True)
    end: datetime | None = attr("Kết thúc", "datetime", required=True)
    location: str = attr("Địa điểm", max_length=200, required=True)
    chair: str = attr("Chủ trì", max_length=100, required=True)
    secretary: str = attr("Thư ký", max_length=100, required=True)
    members_total: int = attr("Tổng số thành viên", "int")
    members_present: int = attr("Có mặt", "int")
    members_absent: int = attr("Vắng", "int")
    # One per line: other attendees / absent names.
    attendees: str = attr("Thành phần khác / người vắng", "multiline", max_length=NO_LIMIT)
    agenda: tuple[AgendaEntry, ...] = attr("Nội dung", "list")
    award_uuids: tuple[str, ...] = attr("Danh sách khen thưởng", "list")
    note: str = attr("Ghi chú", "multiline", max_length=NO_LIMIT)
    recipients: str = attr("Nơi nhận", "multiline", default=DEFAULT_RECIPIENTS, max_length=1000)  # one per line

    def normalized(self) -> "MeetingDraft":
        return replace(
            normalize_text_fields(self, multiline=("attendees", "note", "recipients")),
            agenda=tuple(a.normalized() for a in self.agenda if normalize(a.title) or a.discussion.strip()),
            award_uuids=tuple(dict.fromkeys(u for u in self.award_uuids if u)),
        )


FIELDS = declared(MeetingDraft)
FIELD_LABELS = labels_of(FIELDS)


@dataclass(frozen=True)
class Meeting(SoftDeleted, MeetingDraft):
    """A stored meeting and its minutes."""


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
    problems += length_problems(FIELDS, draft)
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


SPEC = RecordSpec(
    kind="meeting",
    table="meeting",
    title="Cuộc họp, biên bản",
    words=Words(one="biên bản", many="biên bản", pick="cuộc họp"),
    fields=FIELDS,
    validate=validate_meeting,
    draft_type=MeetingDraft,
    record_type=Meeting,
    display="number",
    columns=(ListColumn("number", "Số", sort="number", width=90),
             ListColumn("start_at", "Ngày", sort="start", width=100, format="date"),
             ListColumn("subject", "Trích yếu", sort="subject")),
    filters=(ListFilter("year", "Năm"), ListFilter("kind", "Loại")),
    search=("number", "subject", "kind", "location"),
    search_hint="Tìm theo số biên bản, trích yếu, loại cuộc họp, địa điểm (gõ không dấu cũng được)",
    sync_label="Cuộc họp",
    exchange_kind="meetings",  # exported from the list, never imported (`exchange` is empty)
    export=(
        EXPORT_STT, ExportColumn("number", "Số biên bản"), ExportColumn("date", "Ngày họp", "date"),
        ExportColumn("kind", "Loại cuộc họp"), ExportColumn("subject", "Trích yếu"),
        ExportColumn("location", "Địa điểm"), ExportColumn("chair", "Chủ trì"), ExportColumn("secretary", "Thư ký"),
        ExportColumn("members_total", "Tổng số thành viên", "int"), ExportColumn("members_present", "Có mặt", "int"),
        ExportColumn("members_absent", "Vắng", "int"), ExportColumn("agenda", "Số nội dung", "int"),
        ExportColumn("awards", "Số em khen thưởng kèm theo", "int"),
    ),
)


def recipient_items(text: str) -> tuple[str, ...]:
    """The Nơi nhận lines without their "- " and closing ";" / "." (the renderer writes those)."""
    items = []
    for line in normalize_multiline(text).splitlines():
        item = line.strip().lstrip("-–•+ ").rstrip(";.,").strip()
        if item:
            items.append(item)
    return tuple(items)
