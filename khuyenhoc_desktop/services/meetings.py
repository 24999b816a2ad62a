"""Meeting use cases: save with validation and audit, list, find by số biên bản, demo data."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ..domain.awards import AwardFilter
from ..domain.changes import Changes
from ..domain.errors import FieldError, NeedsConfirmation, NotFoundError, ValidationError
from ..domain.meetings import (
    AWARD_MEETING_SUBJECT,
    AgendaEntry,
    Meeting,
    MeetingDraft,
    MeetingFilter,
    validate_meeting,
)
from ..storage import audit, meetings as store
from ..storage.records import stamp_change
from ..vietnamese import normalize
from .record_writes import save_record

TABLE = store.TABLE


class MeetingService:
    def __init__(self, ws) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------
    def get(self, uuid: str) -> Meeting:
        meeting = store.get(self.ws.db, uuid=uuid)
        if meeting is None:
            raise NotFoundError("Không tìm thấy cuộc họp này.")
        return meeting

    def get_by_number(self, number: str) -> Meeting:
        meeting = store.get(self.ws.db, number=normalize(number))
        if meeting is None:
            raise NotFoundError(f"Không tìm thấy biên bản số “{normalize(number)}”.")
        return meeting

    def list(self, flt: MeetingFilter | None = None) -> list[Meeting]:
        return store.list_meetings(self.ws.db, flt or MeetingFilter())

    def history(self, uuid: str) -> list[audit.AuditEntry]:
        return audit.history(self.ws.db, uuid)

    def check(self, draft: MeetingDraft, uuid: str | None = None):
        draft = draft.normalized()
        problems = validate_meeting(draft)
        if draft.number and store.number_taken(self.ws.db, draft.number, uuid):
            problems.append(FieldError("number", f"Số biên bản “{draft.number}” đã có."))
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity == "warning"]
        return draft, errors, warnings

    # -- writing -------------------------------------------------------------------------
    def save(self, draft: MeetingDraft, uuid: str | None = None, *, expected_version: int | None = None,
             confirm: bool = False, reason: str = "") -> tuple[Meeting, Changes]:
        draft, errors, warnings = self.check(draft, uuid)
        if errors:
            raise ValidationError(errors)
        if warnings and not confirm:
            raise NeedsConfirmation(warnings)
        uuid, changes = save_record(
            self.ws, TABLE, store.row_values(draft), uuid, expected_version=expected_version, reason=reason,
            gone="Cuộc họp này không còn (đã bị xóa).",
            conflict="Biên bản đã được sửa ở nơi khác. Hãy mở lại rồi sửa.",
        )
        return self.get(uuid), changes

    def delete(self, uuid: str, reason: str = "") -> Changes:
        db = self.ws.db
        with db.atomic():
            before = store.raw_row(db, uuid)
            if before is None:
                raise NotFoundError("Không tìm thấy cuộc họp này.")
            if before["deleted"]:
                return Changes()
            values = stamp_change(db, before["version"], {"deleted": 1})
            store.update(db, uuid, values)
            audit.record(db, operator=self.ws.operator, action="delete", table=TABLE, uuid=uuid,
                         version=values["version"], before={"deleted": 0}, after={"deleted": 1}, reason=reason)
        return Changes().add("deleted", TABLE, uuid)

    def next_number(self, year: int | None = None) -> str:
        """A suggestion for the next số biên bản: "NN/BB-HKH" continuing this year's numbers."""
        year = year or self.ws.clock.today().year
        highest = 0
        for m in self.list(MeetingFilter(year=year)):
            head = m.number.split("/", 1)[0]
            if head.isdigit():
                highest = max(highest, int(head))
        return f"{highest + 1:02d}/BB-HKH"


def demo_fill(ws, rng: random.Random, awards_count: int) -> dict:
    """Two or three meetings of the Ban Chấp hành, one approving the newest year's award list."""
    org = ws.organisation
    members = rng.randint(11, 17)
    absent = rng.randint(0, 2)
    present = members - absent
    today = date.today()
    year = today.year
    service = ws.meetings
    made = 0

    def vote(n: int, against: int = 0) -> dict:
        return dict(vote_total=n, vote_for=n - against, vote_against=against, vote_other=0)

    base = dict(kind="Ban Chấp hành", location=f"Hội trường Ủy ban nhân dân xã {org.commune}".strip(),
                chair=org.chair or "Nguyễn Văn Thắng", secretary=org.secretary or "Lê Thị Ngọc Ánh",
                members_total=members, members_present=present, members_absent=absent,
                attendees="\n".join(f"Vắng: {n} (có lý do)" for n in ["Ông Đỗ Văn Hải", "Bà Ngô Thị Lan"][:absent]))
    start = datetime(year, 1, 15, 8, 0)
    drafts = [
        MeetingDraft(
            number="01/BB-HKH", subject=f"Họp Ban Chấp hành triển khai nhiệm vụ năm {year}",
            start=start, end=start + timedelta(hours=2, minutes=30),
            agenda=(
                AgendaEntry("Đánh giá kết quả công tác khuyến học năm trước",
                            "Đồng chí Chủ tịch Hội báo cáo kết quả.\nCác ủy viên thảo luận, bổ sung.",
                            "Thống nhất thông qua báo cáo.", **vote(present)),
                AgendaEntry("Kế hoạch vận động xây dựng Quỹ khuyến học",
                            "Thảo luận mức vận động và cách thức thu.",
                            "Giao Thủ quỹ lập kế hoạch chi tiết.", **vote(present, 1 if present > 5 else 0)),
            ),
            **base,
        )
    ]
    years = ws.catalogs.names("school_year")
    school_year = sorted(years)[-1] if years else ""
    uuids = ws.awards.uuids(AwardFilter(school_year=school_year, status="approved")) if school_year else []
    if not uuids and school_year:
        uuids = ws.awards.uuids(AwardFilter(school_year=school_year))
    uuids = uuids[:300]
    if uuids:
        start2 = datetime(year, 8, 20, 14, 0)
        drafts.append(MeetingDraft(
            number="02/BB-HKH",
            subject=f"{AWARD_MEETING_SUBJECT} năm học {school_year.replace('-', ' - ')}",
            start=start2, end=start2 + timedelta(hours=2),
            agenda=(
                AgendaEntry("Xét duyệt danh sách khen thưởng học sinh giỏi, học sinh xuất sắc",
                            "Thường trực Hội trình bày danh sách đề nghị do các nhà trường gửi lên.\n"
                            "Các ủy viên rà soát, đối chiếu tiêu chuẩn và mức thưởng.",
                            f"Thông qua danh sách gồm {len(uuids)} em.", **vote(present)),
            ),
            award_uuids=tuple(uuids),
            **base,
        ))
    if rng.random() < 0.7:
        start3 = datetime(year, 11, 5, 8, 0)
        drafts.append(MeetingDraft(
            number=f"{len(drafts) + 1:02d}/BB-HKH", subject="Họp Ban Chấp hành sơ kết công tác khuyến học",
            start=start3, end=start3 + timedelta(hours=1, minutes=45),
            agenda=(AgendaEntry("Sơ kết công tác khuyến học, khuyến tài",
                                "Các chi hội báo cáo tình hình.", "Thống nhất phương hướng thời gian tới."),),
            **base,
        ))
    for d in drafts:
        service.save(d, confirm=True, reason="Dữ liệu mẫu")
        made += 1
    return {"meetings": made}
