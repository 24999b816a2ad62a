"""Printables built from records: certificates (register numbers), award list order, voucher, cash book, minutes."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter
from khuyenhoc_desktop.domain.errors import NotFoundError, ValidationError
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.domain.meetings import AgendaEntry, MeetingDraft
from khuyenhoc_desktop.services import documents

NAMES = ["Trần Thị Ánh", "Nguyễn Văn Ân", "Lê Minh Đức", "Nguyễn Văn An", "Đặng Thu Hà", "Bùi Văn Bình"]
EXPECTED = ["Nguyễn Văn An", "Trần Thị Ánh", "Nguyễn Văn Ân", "Bùi Văn Bình", "Lê Minh Đức", "Đặng Thu Hà"]


@pytest.fixture
def awards(ws):
    made = []
    for i, name in enumerate(NAMES):
        a, _ = ws.awards.save(AwardDraft(
            school_year="2024-2025", full_name=name, birth_date=date(2012, 1, i + 1), category="Học sinh giỏi",
            level="Cấp trường", school="THCS Tân Dĩnh", class_name="8A", village="Thôn Đồng Quan",
            amount=200_000 + 1000 * i, status="approved", achievement="Đạt danh hiệu Học sinh Giỏi",
            decision_no="12/QĐ-HKH", decision_date=date(2025, 8, 25)), confirm=True)
        made.append(a)
    return made


def test_award_list_is_in_vietnamese_name_order(ws, awards):
    data = documents.award_list(ws, AwardFilter(school_year="2024-2025", status="approved"))
    assert [r.name for r in data.rows] == EXPECTED
    assert data.total == sum(a.amount for a in awards)
    assert "Năm học 2024 - 2025" in data.subtitle and "12/QĐ-HKH" in data.subtitle
    assert data.organisation.committee_name == "Hội Khuyến học xã Tân Dĩnh"
    with pytest.raises(NotFoundError):
        documents.award_list(ws, AwardFilter(school="Không có"))


def test_certificates_plan_numbers_in_list_order_and_commit_gives_them(ws, awards):
    job = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))
    assert [c.recipient_name for c in job.items] == EXPECTED
    first = job.items[0]
    assert first.salutation == "Em"
    assert (first.class_name, first.school, first.village) == ("8A", "THCS Tân Dĩnh", "Thôn Đồng Quan")
    line = first.details_line()  # the separator is the renderer's choice
    assert line.startswith("Học sinh lớp 8A") and "Trường THCS Tân Dĩnh" in line and line.endswith("Thôn Đồng Quan")
    assert first.issuing_body == "BAN CHẤP HÀNH HỘI KHUYẾN HỌC XÃ TÂN DĨNH"
    assert first.signer_name == "Nguyễn Văn Thắng" and first.decision_number == "12/QĐ-HKH"
    assert [c.register_number for c in job.items] == [f"{i}/2024-2025" for i in range(1, 7)]
    # planning writes nothing
    assert all(not a.register_no for a in ws.awards.fetch(job.uuids))
    given = job.commit()
    assert [given[u] for u in job.uuids] == [f"{i}/2024-2025" for i in range(1, 7)]
    stored = ws.awards.fetch(job.uuids)
    assert [a.register_no for a in stored] == [f"{i}/2024-2025" for i in range(1, 7)]
    assert all(a.printed_at for a in stored)
    # reprint: same numbers, nothing new given
    again = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))
    assert [c.register_number for c in again.items] == [f"{i}/2024-2025" for i in range(1, 7)]
    assert again.planned == {} and again.commit() == {}


def test_new_award_after_a_print_gets_the_next_number(ws, awards):
    documents.certificate_job(ws, AwardFilter()).commit()
    new, _ = ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Vũ Thị Yến", birth_year=2012,
                                       category="Học sinh giỏi", amount=100_000, status="approved"))
    job = documents.certificate_job(ws, uuids=[new.uuid])
    assert job.items[0].register_number == "7/2024-2025"


def test_voucher_and_cash_book(ws):
    draft = VoucherDraft(kind="thu", voucher_date=date(2026, 3, 2), person="Công ty TNHH Minh Phát",
                         reason="Ủng hộ Quỹ khuyến học", item="Ủng hộ của tổ chức", amount=5_000_000)
    voucher, _ = ws.fund.add(draft, confirm=True, today=date(2026, 3, 2))
    data = documents.voucher(ws, voucher.number.lower())
    assert data.kind == "thu" and data.number == voucher.number and data.amount == 5_000_000
    assert data.person == "Công ty TNHH Minh Phát" and data.method == "Tiền mặt"
    book = documents.cash_book(ws, date(2026, 1, 1), date(2026, 12, 31))
    assert [r.receipt_no for r in book.rows] == [voucher.number]
    assert book.closing_balance == book.opening_balance + 5_000_000
    with pytest.raises(NotFoundError):
        documents.voucher(ws, "PC-2026-0999")


def test_bank_book_and_bank_movements_are_not_printed_as_vouchers(ws):
    from khuyenhoc_desktop.domain.errors import AppError

    account, _ = ws.fund.save_account(None, name="Tài khoản Quỹ", account_no="3200 205 123456", bank_name="Agribank",
                                      opening_year=2025, opening_amount=1_000_000)
    cash, _ = ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 3, 2), person="Bà Hoa", reason="Ủng hộ",
                                       item="Ủng hộ", amount=500_000), today=date(2026, 3, 2))
    bank, _ = ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 3, 5), person="Agribank", reason="Lãi",
                                       item="Lãi tiền gửi", amount=36_000, account_uuid=account.uuid),
                          today=date(2026, 3, 5))
    data = documents.bank_book(ws, date(2026, 12, 1), date(2026, 12, 31), account.uuid, on=date(2026, 12, 2))
    assert (data.title, data.bank_name, data.account_no) == ("SỔ TIỀN GỬI NGÂN HÀNG", "Agribank", "3200 205 123456")
    assert data.opening_balance == 1_036_000 and data.rows == () and data.opened_on == date(2025, 1, 1)
    assert data.date == date(2026, 12, 2)
    book = documents.cash_book(ws, date(2026, 12, 1), date(2026, 12, 31), on=date(2026, 12, 2))
    assert book.opened_on == date(2026, 3, 2) and book.opening_balance == 500_000  # first phiếu: no opening entered
    with pytest.raises(AppError, match="không phải phiếu thu/chi tiền mặt"):
        documents.voucher(ws, bank.number)
    assert documents.voucher(ws, cash.number).number == cash.number


def test_minutes_from_a_meeting(ws, awards):
    ws.meetings.save(MeetingDraft(
        number="05/BB-HKH", subject="Xét khen thưởng năm học 2024 - 2025",
        start=datetime(2025, 8, 20, 14, 0), end=datetime(2025, 8, 20, 16, 0), location="Hội trường xã",
        chair="Nguyễn Văn Thắng", secretary="Lê Thị Ngọc Ánh", members_total=15, members_present=14,
        members_absent=1, attendees="Vắng: Ông Đỗ Văn Hải (có lý do)\nĐại diện các nhà trường",
        agenda=(AgendaEntry("Xét duyệt danh sách", "Thảo luận.", "Thông qua.", 14, 13, 1, 0),
                AgendaEntry("Việc khác")),
        award_uuids=tuple(a.uuid for a in awards)))
    data = documents.minutes(ws, "05/BB-HKH")
    assert data.number == "05/BB-HKH" and data.date == date(2025, 8, 20)
    assert data.absent_names == ("Ông Đỗ Văn Hải (có lý do)",)
    assert data.other_attendees == ("Đại diện các nhà trường",)
    assert data.agenda[0].vote.in_favour_percent == "92,86" and data.agenda[1].vote is None
    assert [r.name for r in data.awards] == EXPECTED
    assert data.chair_title == "Chủ tịch Hội"


def test_drafts_get_no_certificate_unless_as_a_marked_preview_and_never_a_number(ws, awards):
    draft, _ = ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Vũ Thị Yến", birth_year=2012,
                                         category="Học sinh giỏi", amount=100_000), confirm=True)
    job = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))
    assert len(job) == 6 and draft.uuid not in job.uuids and job.skipped_drafts == 1 and not job.draft
    preview = documents.certificate_job(ws, AwardFilter(school_year="2024-2025", status="draft"))
    assert preview.draft and preview.uuids == [draft.uuid] and preview.planned == {}
    assert preview.items[0].draft and preview.items[0].register_line() == ""
    written = []
    assert documents.issue_certificates(preview, lambda: written.append("pdf")) == {}
    assert written == ["pdf"] and ws.awards.get(draft.uuid).register_no == "" and not ws.awards.get(draft.uuid).printed_at
    with pytest.raises(NotFoundError, match="trạng thái Nháp"):
        documents.certificate_job(ws, uuids=[draft.uuid])


def test_issuing_numbers_in_list_order_with_the_print_date_and_none_when_the_write_fails(ws, awards):
    job = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))

    def fail():
        raise OSError("đĩa đầy")

    with pytest.raises(OSError):
        documents.issue_certificates(job, fail)
    assert all(not a.register_no for a in ws.awards.fetch(job.uuids))
    job = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))
    printed = datetime(2026, 2, 5, 8, 30, tzinfo=timezone.utc)
    given = documents.issue_certificates(job, lambda: None, when=printed)
    assert [given[u] for u in job.uuids] == [f"{i}/2024-2025" for i in range(1, 7)]
    stored = ws.awards.fetch(job.uuids)
    assert [a.register_no for a in stored] == [f"{i}/2024-2025" for i in range(1, 7)]
    assert {a.printed_at for a in stored} == {"2026-02-05T08:30:00.000+00:00"}


@pytest.mark.parametrize("born, gender, expected", [
    (date(2012, 1, 1), "Nữ", "Em"),  # 13 on the decision date
    (date(2007, 8, 26), "Nam", "Em"),  # 17, one day before turning 18
    (date(2007, 8, 25), "Nam", "Anh"),  # 18 that day
    (date(2000, 1, 1), "Nữ", "Chị"),
    (date(1960, 5, 1), "Nam", "Ông"),
    (date(1985, 5, 1), "Nữ", "Bà"),
    (date(1985, 5, 1), "", ""),  # an adult of unknown gender: the name alone
    (None, "Nam", "Em"),  # no birth date: the learners' salutation
])
def test_salutation_by_age_on_the_decision_date(ws, born, gender, expected):
    a, _ = ws.awards.save(AwardDraft(school_year="2024-2025", full_name="Nguyễn Văn An", birth_date=born,
                                     birth_year=None if born else 1990, gender=gender, category="Gương sáng hiếu học",
                                     amount=100_000, status="approved", decision_date=date(2025, 8, 25)),
                          confirm=True)
    job = documents.certificate_job(ws, uuids=[a.uuid])
    assert job.items[0].salutation == expected


def test_salutation_setting_per_category_wins_over_age(ws, awards):
    documents.set_salutation(ws, "Học sinh giỏi", "Cháu")
    assert documents.salutation_settings(ws) == {"Học sinh giỏi": "Cháu"}
    job = documents.certificate_job(ws, AwardFilter(school_year="2024-2025"))
    assert {c.salutation for c in job.items} == {"Cháu"}
    documents.set_salutation(ws, "Học sinh giỏi", "")  # back to "by age"
    assert documents.salutation_settings(ws) == {}
    with pytest.raises(ValidationError, match="Cách gọi phải là một trong"):
        documents.set_salutation(ws, "Học sinh giỏi", "Ngài")


def test_every_document_names_the_tables_it_reads():
    # a change to one of them makes the window's preview out of date; a kind left out would crash it
    assert set(documents.DOCUMENT_TABLES) == set(documents.DOCUMENT_KINDS)
    assert documents.DOCUMENT_TABLES["class-summary"] == ("learning_class",)
    assert documents.DOCUMENT_TABLES["minutes"] == ("meeting", "award")


@pytest.mark.parametrize("text, slug", [
    ("PT-2026-0001", "PT-2026-0001"),
    ("05/BB-HKH", "05-BB-HKH"),
    ("Biên bản 02", "Biên-bản-02"),
    ("///", "tai-lieu"),
])
def test_file_slug_keeps_letters_digits_and_dashes(text, slug):
    assert documents.file_slug(text) == slug


def test_the_sample_certificate_is_made_up_and_dated_the_given_day(ws):
    sample = documents.sample_certificate(ws.organisation, date(2026, 3, 2))
    assert sample.recipient_name == "Nguyễn Văn An" and sample.register_number == "1/2024-2025"
    assert sample.issue_date == sample.decision_date == date(2026, 3, 2)
    assert sample.issuing_body == ws.organisation.issuing_body_upper() and sample.signer_name == ws.organisation.chair
