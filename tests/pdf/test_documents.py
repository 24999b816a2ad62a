"""Phiếu thu/chi, danh sách nhận thưởng, sổ quỹ tiền mặt, tổng hợp lớp học."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest

from khuyenhoc_desktop.domain.printables import (
    AwardListData,
    AwardRow,
    CashBookData,
    CashBookRow,
    ClassSummaryData,
    ClassSummaryRow,
    Signer,
    VoucherData,
)
from khuyenhoc_desktop.pdf import (
    render_award_list,
    render_cash_book,
    render_class_summary,
    render_voucher,
    render_vouchers,
)

from .pdfhelpers import MM, NAMES, overlaps, pdf_text, plumber, squash, text_lines

pytestmark = pytest.mark.usefixtures("fonts")


def _no_overlap_and_inside(pdf: bytes) -> None:
    with plumber(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert 0 <= ch["x0"] and ch["x1"] <= page.width and 0 <= ch["top"] and ch["bottom"] <= page.height
            for a, b in itertools.combinations(text_lines(page), 2):
                assert not overlaps(a, b), (a["text"], b["text"])


# ---------------------------------------------------------------------------
# Vouchers
# ---------------------------------------------------------------------------


def _voucher(org, **kw) -> VoucherData:
    values = dict(
        kind="thu",
        organisation=org,
        number="PT-2026-0001",
        date=date(2026, 2, 5),
        person=NAMES[0],
        address="Thôn Đồng Quan",
        reason="Ủng hộ Quỹ khuyến học năm 2026",
        amount=1_500_000,
        book="01",
        attachments=2,
    )
    values.update(kw)
    return VoucherData(**values)


def test_receipt_voucher(org):
    pdf = render_voucher(_voucher(org))
    (text,) = pdf_text(pdf)
    flat = squash(text)
    for expected in (
        "Đơn vị: HỘI KHUYẾN HỌC XÃ TÂN DĨNH",
        "Mẫu số 01 - TT",
        "(Ban hành theo Thông tư số 133/2016/TT-BTC",
        "PHIẾU THU",
        "Ngày 05 tháng 02 năm 2026",
        "Quyển số: 01",
        "Số: PT-2026-0001",
        f"Họ và tên người nộp tiền: {NAMES[0]}",
        "Lý do nộp: Ủng hộ Quỹ khuyến học năm 2026",
        "Số tiền: 1.500.000 đồng",
        "(Viết bằng chữ): Một triệu năm trăm nghìn đồng",
        "Kèm theo: 02 Chứng từ gốc.",
        "Chủ tịch Hội",
        "Người nộp tiền",
        "Người lập phiếu",
        "Thủ quỹ",
        "Đã nhận đủ số tiền (viết bằng chữ):",
        "Phạm Thị Duyên",
    ):
        assert squash(expected) in flat, expected
    assert "Liên" not in text
    _no_overlap_and_inside(pdf)
    with plumber(pdf) as doc:
        assert len(doc.pages) == 1
        # one copy fills the top half of the sheet
        assert max(c["bottom"] for c in doc.pages[0].chars) < doc.pages[0].height / 2


def test_payment_reversal_two_copies_and_custom_titles(org, tmp_path):
    v = _voucher(
        org,
        kind="chi",
        number="PC-2026-0009",
        person=NAMES[1],
        reason="Chi thưởng học sinh giỏi theo Quyết định số 12/QĐ-HKH ngày 05/02/2026 của Ban Chấp hành Hội "
        "Khuyến học xã, đợt tổng kết năm học 2024 - 2025",
        amount=2_750_000,
        is_reversal=True,
        reversal_of="PC-2026-0003",
        reversal_note="ghi sai số tiền",
        two_copies=True,
        legal_basis="(Theo quy chế tài chính của Hội)",
        form_code="Mẫu C41-BB",
        signers=(Signer("Chủ tài khoản", "Nguyễn Văn Thắng"), Signer("Kế toán"), Signer("Người nhận tiền")),
    )
    out = tmp_path / "phieu-chi.pdf"
    pdf = render_voucher(v, out=out)
    assert out.read_bytes() == pdf
    (text,) = pdf_text(pdf)
    flat = squash(text)
    for expected in (
        "PHIẾU CHI ĐIỀU CHỈNH",
        "Mẫu C41-BB",
        "(Theo quy chế tài chính của Hội)",
        f"Họ và tên người nhận tiền: {NAMES[1]}",
        "Lý do chi:",
        "Số tiền điều chỉnh giảm: 2.750.000 đồng",
        "Hai triệu bảy trăm năm mươi nghìn đồng",
        "Điều chỉnh giảm (đảo) phiếu chi số PC-2026-0003: ghi sai số tiền",
        "Chủ tài khoản",
        "Liên 1",
        "Liên 2",
    ):
        assert squash(expected) in flat, expected
    # a correction voucher moves no cash: no payee signature, no "đã nhận đủ", no "Âm"
    for absent in ("Thôngtưsố133", "Mẫusố02", "Âm", "-2.750.000", "Ngườinhậntiền(", "Đãnhậnđủ"):
        assert absent not in flat, absent
    assert flat.count("PHIẾUCHIĐIỀUCHỈNH") == 2
    _no_overlap_and_inside(pdf)
    with plumber(pdf) as doc:
        page = doc.pages[0]
        half = page.height / 2
        titles = [ln for ln in text_lines(page) if ln["text"] == "PHIẾUCHIĐIỀUCHỈNH"]
        assert len(titles) == 2 and titles[0]["bottom"] < half < titles[1]["top"]
        for ln in text_lines(page):  # nothing crosses the cutting line
            assert ln["bottom"] < half or ln["top"] > half


def test_several_vouchers_one_sheet_each(org):
    pdf = render_vouchers([_voucher(org), _voucher(org, number="PT-2026-0002", amount=15)])
    pages = pdf_text(pdf)
    assert len(pages) == 2
    assert squash("Mười lăm đồng") in squash(pages[1])


# ---------------------------------------------------------------------------
# Award list
# ---------------------------------------------------------------------------


def _rows(n: int) -> tuple[AwardRow, ...]:
    return tuple(
        AwardRow(f"{NAMES[i % 3]} {i:03d}", f"{6 + i % 4}A", "Trường THCS Tân Dĩnh", "Học sinh giỏi cấp tỉnh", 500_000)
        for i in range(n)
    )


def test_long_award_list_repeats_header_and_keeps_order(org, tmp_path):
    data = AwardListData(organisation=org, subtitle="Năm học 2024 - 2025", rows=_rows(60), date=date(2026, 2, 5))
    out = tmp_path / "ds.pdf"
    pdf = render_award_list(data, out=out)
    pages = [squash(t) for t in pdf_text(pdf)]
    assert len(pages) >= 3
    for t in pages:
        assert "STTHọvàtênLớpTrườngThànhtíchSốtiền(đồng)Kýnhận" in t
    whole = "".join(pages)
    positions = [whole.index(squash(r.name)) for r in data.rows]
    assert positions == sorted(positions)
    for expected in (
        "DANH SÁCH NHẬN THƯỞNG",
        "Tổng cộng",
        "30.000.000",
        "Tổng số: 60 người; tổng số tiền: 30.000.000 đồng.",
        "(Bằng chữ: Ba mươi triệu đồng.)",
        "NGƯỜI LẬP BIỂU",
        "THỦ QUỸ",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Tân Dĩnh, ngày 05 tháng 02 năm 2026",
    ):
        assert squash(expected) in whole, expected
    # the signatures never stand alone: the last rows come with them
    assert "Kýnhận" in pages[-1] and squash(data.rows[-1].name) in pages[-1]
    _no_overlap_and_inside(pdf)
    with plumber(pdf) as doc:
        for page in doc.pages[1:]:
            assert (
                sum(1 for ln in text_lines(page) if ln["baseline"] < 20 * MM) == 1
            ), "page number in the top margin from page 2"


def test_short_award_list_fits_one_page(org):
    pdf = render_award_list(AwardListData(organisation=org, rows=_rows(3)))
    assert len(pdf_text(pdf)) == 1
    assert squash("Một triệu năm trăm nghìn đồng") in squash(pdf_text(pdf)[0])


# ---------------------------------------------------------------------------
# Cash book
# ---------------------------------------------------------------------------


def _cash_book(org, n: int) -> CashBookData:
    rows, balance = [], 5_000_000
    for i in range(n):
        d = date(2026, 1, 2) + timedelta(days=2 * i)
        if i % 3:
            balance += 200_000
            rows.append(CashBookRow(d, f"Thu ủng hộ của {NAMES[i % 3]}", d, receipt_no=f"PT-2026-{i:04d}", receipt=200_000, balance=balance))
        else:
            balance -= 300_000
            rows.append(CashBookRow(d, "Chi thưởng học sinh giỏi", d, payment_no=f"PC-2026-{i:04d}", payment=300_000, balance=balance))
    return CashBookData(org, date(2026, 1, 1), date(2026, 12, 31), 5_000_000, tuple(rows), date=date(2026, 12, 31))


def test_cash_book_columns_balances_and_page_totals(org):
    data = _cash_book(org, 70)
    pdf = render_cash_book(data)
    pages = [squash(t) for t in pdf_text(pdf)]
    n = len(pages)
    assert n >= 3
    for t in pages:
        for col in ("Ngày,thángghisổ", "Ngày,thángchứngtừ", "Sốhiệuchứngtừ", "Diễngiải", "Thu", "Chi", "Tồn", "Ghichú"):
            assert col in t
    whole = "".join(pages)
    assert "SỔQUỸTIỀNMẶT" in pages[0] and "Sốtồnđầukỳ5.000.000" in pages[0]
    assert data.closing_balance == data.rows[-1].balance
    closing = squash(f"Số tồn cuối kỳ{data.closing_balance:,}".replace(",", "."))
    assert closing in pages[-1]
    receipts = f"{data.total_receipt:,}".replace(",", ".")
    payments = f"{data.total_payment:,}".replace(",", ".")
    assert f"Cộngphátsinhtrongkỳ{receipts}{payments}" in pages[-1]
    for t in pages[:-1]:
        assert "Cộngtrang" in t and "Cộnglũykếchuyểnsangtrangsau" in t
    for t in pages[1:]:
        assert "Sốtrangtrướcchuyểnsang" in t
    assert f"Sổnàycó{n:02d}trang,đánhsốtừtrang01đếntrang{n:02d}." in whole
    # the carried totals add up: what page 1 carries is what page 2 brings forward
    first_carry = pages[0].split("Cộnglũykếchuyểnsangtrangsau")[1][:30]
    second_bring = pages[1].split("Sốtrangtrướcchuyểnsang")[1][:30]
    assert first_carry[:20] == second_bring[:20]
    _no_overlap_and_inside(pdf)
    with plumber(pdf) as doc:
        assert (round(doc.pages[0].width / MM), round(doc.pages[0].height / MM)) == (297, 210)


def test_small_cash_book(org):
    pdf = render_cash_book(replace(_cash_book(org, 2), page_totals=False))
    assert len(pdf_text(pdf)) == 1
    t = squash(pdf_text(pdf)[0])
    assert "Cộngtrang" not in t and "Sổnàycó01trang" in t


# ---------------------------------------------------------------------------
# Class summary
# ---------------------------------------------------------------------------


def test_class_summary_totals_by_field(org):
    fields = ["Nông nghiệp", "Pháp luật", "Nông nghiệp", "Tin học và kỹ năng số"]
    rows = tuple(
        ClassSummaryRow(f"Chuyên đề {i + 1}", fields[i], date(2025, 3, 1), date(2025, 3, 5), 2 + i, 30 + i, 10 + i, i)
        for i in range(4)
    )
    data = ClassSummaryData(org, rows, subtitle="Năm 2025", date=date(2025, 12, 20))
    totals = {t.field: t for t in data.totals_by_field()}
    assert totals["Nông nghiệp"].classes == 2 and totals["Nông nghiệp"].learners_total == 30 + 32
    assert data.grand_total().learners_total == 30 + 31 + 32 + 33
    pdf = render_class_summary(data)
    whole = squash("".join(pdf_text(pdf)))
    for expected in (
        "TỔNG HỢP LỚP HỌC, CHUYÊN ĐỀ",
        "Năm 2025",
        "Tân Dĩnh, ngày 20 tháng 12 năm 2025",
        "Tổng hợp theo lĩnh vực",
        "Nông nghiệp 2 6 62 22 2",
        "Tổng cộng 4 14 126 46 6",
    ):
        assert squash(expected) in whole, expected
    _no_overlap_and_inside(pdf)


def test_award_list_wraps_long_names_and_keeps_big_amounts_on_one_line(org):
    from .pdfhelpers import LONG_NAME

    rows = (AwardRow(LONG_NAME, "12A1", "Trường Trung học phổ thông chuyên Hoàng Văn Thụ", "Học sinh giỏi quốc gia",
                     1_250_000_000),) + _rows(3)
    pdf = render_award_list(AwardListData(organisation=org, rows=rows, date=date(2026, 2, 5)))
    flat = squash("".join(pdf_text(pdf)))
    assert squash(LONG_NAME) in flat and "TrườngTrunghọcphổthôngchuyênHoàngVănThụ" in flat
    with plumber(pdf) as doc:
        lines = [ln["text"] for page in doc.pages for ln in text_lines(page)]
    assert "1.250.000.000" in lines and "1.251.500.000" in lines  # the amount and the total, unbroken
    assert "STT" in lines
