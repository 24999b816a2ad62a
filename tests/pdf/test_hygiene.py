"""Every kind of document the program writes, read back: embedded fonts only, no character within
10 mm of the paper's edge, Nghị định 30 margins on administrative documents, real creation date and
Title/Author/Subject, money written as 1.500.000."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from khuyenhoc_desktop.domain.organisation import sample_organisation
from khuyenhoc_desktop.domain.printables import (
    AwardListData,
    AwardRow,
    CashBookData,
    CashBookRow,
    ClassSummaryData,
    ClassSummaryRow,
    VoucherData,
)
from khuyenhoc_desktop.pdf import (
    load_profiles,
    render_award_list,
    render_calibration_page,
    render_cash_book,
    render_certificates,
    render_class_summary,
    render_minutes,
    render_voucher,
)

from .pdfhelpers import LONG_ACHIEVEMENT, LONG_NAME, chars_near_edge, make_certificate, make_minutes, pdf_text, \
    properties, squash, text_extent_mm, unembedded_fonts

pytestmark = pytest.mark.usefixtures("fonts")

CREATED = datetime(2026, 2, 5, 8, 30, tzinfo=timezone(timedelta(hours=7)))
COMPANY = "Công ty TNHH Thương mại Dịch vụ Xây dựng Hoàng Long Phát Đạt chi nhánh tỉnh Bắc Ninh"
ADDRESS = "Số 45 đường Lý Thái Tổ, phường Suối Hoa, thành phố Bắc Ninh cũ, nay là phường Kinh Bắc, tỉnh Bắc Ninh"


def _org():
    return replace(sample_organisation(), committee_name="Hội Khuyến học xã Tân Dĩnh",
                   address="Nhà văn hóa thôn Đồng Quan, số 123 đường Nguyễn Văn Cừ, xã Tân Dĩnh, tỉnh Bắc Ninh")


def _voucher(**kw) -> VoucherData:
    values = dict(kind="thu", organisation=_org(), number="PT-2026-0006", date=date(2026, 2, 5), person=COMPANY,
                  address=ADDRESS, reason="Ủng hộ Quỹ khuyến học năm 2026 nhân dịp tổng kết năm học 2025 - 2026",
                  amount=1_244_798_891, book="01", attachments=2)
    values.update(kw)
    return VoucherData(**values)


def _award_rows(n: int):
    return tuple(AwardRow(f"{LONG_NAME if i == 3 else 'Nguyễn Văn An'} {i:03d}", "9A", "Trường THCS Tân Dĩnh",
                          "Học sinh giỏi cấp tỉnh", 1_250_000_000 if i == 5 else 500_000, "Thôn Đồng Quan")
                 for i in range(n))


def _class_rows():
    return tuple(ClassSummaryRow(f"Chuyên đề kỹ thuật trồng lúa chất lượng cao số {i}", "Nông nghiệp", date(2026, 3, 2),
                                 date(2026, 3, 6), 5, 40 + i, 20, 3, "Nhà văn hóa thôn Đồng Quan, xã Tân Dĩnh")
                 for i in range(30))


def _cash_book():
    rows, balance = [], 0
    for i in range(3):  # the cash book's layout is another part's; here only what every PDF shares
        balance += 1_500_000_000 if i == 0 else -1_000_000
        rows.append(CashBookRow(date(2026, 1, 1) + timedelta(days=i), f"Chi thưởng học sinh đợt {i}",
                                receipt_no="PT-2026-0001" if i == 0 else "",
                                payment_no="" if i == 0 else f"PC-2026-{i:04d}",
                                receipt=1_500_000_000 if i == 0 else 0, payment=0 if i == 0 else 1_000_000,
                                balance=balance))
    return CashBookData(organisation=_org(), period_from=date(2026, 1, 1), period_to=date(2026, 3, 31),
                        opening_balance=0, rows=tuple(rows), date=date(2026, 3, 31))


def _report(created):
    from khuyenhoc_desktop.pdf.report import render_report
    from khuyenhoc_desktop.services.reporting import period_report
    from khuyenhoc_desktop.services.workspace import Workspace
    from khuyenhoc_desktop.services import demo
    from tests.clock_helpers import TEST_CLOCK, ceremony_year
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.open(Path(folder) / "demo.db", clock=TEST_CLOCK)
        try:
            demo.fill(ws, awards=60, seed=3)
            report = period_report(ws, str(ceremony_year(TEST_CLOCK.today())))  # a year the demo fills
        finally:
            ws.close()
    return render_report(report, _org(), number="05/BC-HKH", when=date(2026, 12, 20), created=created)


# name → (bytes of the document made at CREATED, administrative (NĐ 30 margins)?, expected Title start)
DOCUMENTS = {
    "voucher": (lambda c: render_voucher(_voucher(), created=c), False, "Phiếu thu PT-2026-0006"),
    "voucher-two-copies": (lambda c: render_voucher(_voucher(person="Nguyễn Văn An", address="Thôn Đồng Quan",
                                                             two_copies=True), created=c), False, "Phiếu thu"),
    "voucher-long-two-copies": (lambda c: render_voucher(_voucher(two_copies=True), created=c), False, "Phiếu thu"),
    "voucher-void": (lambda c: render_voucher(_voucher(is_void=True, void_reason="Nhập trùng phiếu PT-2026-0005",
                                                       voided_on=date(2026, 2, 6), two_copies=True), created=c),
                     False, "Phiếu thu"),
    "voucher-reversal": (lambda c: render_voucher(_voucher(kind="chi", number="PC-2026-0010", is_reversal=True,
                                                           reversal_of="PC-2026-0003", amount=800_000), created=c),
                         False, "Phiếu chi điều chỉnh"),
    "certificate-landscape": (lambda c: render_certificates(
        [make_certificate(_org()), make_certificate(_org(), LONG_NAME, LONG_ACHIEVEMENT)], created=c), False, "Giấy khen"),
    "certificate-portrait": (lambda c: render_certificates([make_certificate(_org(), LONG_NAME, LONG_ACHIEVEMENT)],
                                                           orientation="portrait", created=c), False, "Giấy khen"),
    "certificate-a3": (lambda c: render_certificates([make_certificate(_org())], paper="A3", created=c), False,
                       "Giấy khen"),
    "certificate-draft": (lambda c: render_certificates([make_certificate(_org(), draft=True)], created=c), False,
                          "Giấy khen"),
    "calibration": (lambda c: render_calibration_page(load_profiles()[0], created=c), False, "Trang căn chỉnh"),
    "award-list": (lambda c: render_award_list(AwardListData(organisation=_org(), rows=_award_rows(45),
                                                             subtitle="Năm học 2024 - 2025", date=date(2026, 2, 5)),
                                               created=c), True, "DANH SÁCH NHẬN THƯỞNG"),
    "class-summary": (lambda c: render_class_summary(ClassSummaryData(organisation=_org(), rows=_class_rows(),
                                                                      subtitle="Năm 2026", date=date(2026, 12, 20)),
                                                     created=c), True, "TỔNG HỢP LỚP HỌC"),
    "minutes": (lambda c: render_minutes(make_minutes(_org(), agenda_items=6, awards=30), created=c), True,
                "Biên bản"),
    "report": (_report, True, "Báo cáo"),
    "cash-book": (lambda c: render_cash_book(_cash_book()), False, ""),
}
for blank in load_profiles():
    DOCUMENTS[f"blank-form {blank.name}"] = (
        lambda c, p=blank: render_certificates([make_certificate(_org(), LONG_NAME, LONG_ACHIEVEMENT)],
                                               mode="blank-form", profile=p, created=c), False, "Giấy khen")


@pytest.fixture(scope="module")
def made():
    return {}


def _doc(made, name: str) -> bytes:
    if name not in made:
        made[name] = DOCUMENTS[name][0](CREATED)
    return made[name]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_font_is_embedded(made, name):
    assert unembedded_fonts(_doc(made, name)) == []


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_character_within_10_mm_of_the_edge(made, name):
    assert chars_near_edge(_doc(made, name))[:5] == []


@pytest.mark.parametrize("name", [n for n, (_, admin, _) in DOCUMENTS.items() if admin])
def test_administrative_documents_keep_nghi_dinh_30_margins(made, name):
    extent = text_extent_mm(_doc(made, name))
    assert 30 - 0.3 <= extent["left"], extent
    assert 15 - 0.3 <= extent["right"], extent
    assert 20 - 0.3 <= extent["top"] and 20 - 0.3 <= extent["bottom"], extent


@pytest.mark.parametrize("name", [n for n, (_, _, title) in DOCUMENTS.items() if title])
def test_properties_name_the_document_the_committee_and_the_real_date(made, name):
    props = properties(_doc(made, name))
    assert props["CreationDate"].startswith("D:20260205083000+07'00'"), props
    assert props["Title"].lower().startswith(DOCUMENTS[name][2].lower()), props
    assert props["Author"] not in ("", "anonymous"), props
    assert props["Subject"] != "unspecified", props


def test_a_creation_date_without_a_clock_is_now():
    before = datetime.now().astimezone().strftime("D:%Y%m%d")
    assert properties(render_voucher(_voucher()))["CreationDate"].startswith(before)


@pytest.mark.parametrize("name", ["voucher", "voucher-reversal", "award-list", "minutes"])
def test_money_is_grouped_with_dots(made, name):
    text = "\n".join(pdf_text(_doc(made, name)))
    amounts = re.findall(r"(-?[\d.,]*\d)\s*(?:đồng|đ\b)", text)
    assert amounts
    for token in amounts:
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*", token), token


def test_void_and_draft_marks(made):
    flat = squash("".join(pdf_text(_doc(made, "voucher-void"))))
    assert flat.count("ĐÃHỦYngày06/02/2026.Lýdo:NhậptrùngphiếuPT-2026-0005") == 2  # in both liên
    draft = squash("".join(pdf_text(_doc(made, "certificate-draft"))))
    assert "BẢNNHÁP" in draft and "Sốvàosổ" not in draft


def test_the_province_summary_and_the_key_registration_form_embed_their_fonts(tmp_path):
    from khuyenhoc_desktop.pdf.registration_form import registration_form_pdf
    from khuyenhoc_desktop.services.sync_export import group_fingerprint
    from khuyenhoc_desktop.services.workspace import Workspace

    ws = Workspace.open(tmp_path / "tinh.db", role="province")
    try:
        province = ws.province.export_pdf(tmp_path / "th.pdf").read_bytes()
    finally:
        ws.close()
    registration = registration_form_pdf("PHIẾU ĐĂNG KÝ KHÓA\nXã Tân Dĩnh\nABCD-EF01", "ABCD-EF01",
                                         group_fingerprint("ABCD-EF01"))
    for data in (province, registration):
        assert unembedded_fonts(data) == []
        assert chars_near_edge(data) == []
