"""Demo meetings of the Ban Chấp hành, with agenda, votes and the award list they approve."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ...domain.awards import AwardFilter
from ...domain.meetings import AWARD_MEETING_SUBJECT, AgendaEntry, MeetingDraft

def fill(ws, rng: random.Random, today: date) -> dict:
    """Two or three meetings of the Ban Chấp hành in the year of the latest award meeting (20 August) on
    or before `today`, one approving the newest year's award list; none is dated after `today`."""
    org = ws.organisation
    members = rng.randint(11, 17)
    absent = rng.randint(0, 2)
    present = members - absent
    year = today.year if today >= date(today.year, 8, 20) else today.year - 1
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
    start3 = datetime(year, 11, 5, 8, 0)
    if rng.random() < 0.7 and start3.date() <= today:
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
