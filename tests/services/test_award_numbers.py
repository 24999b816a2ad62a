"""When an award counts as given (docs/numbers.md), the same in the report, the summary and the province.

The issue's case: 33 awards of school year 2026-2027 (16.800.000 đ), none with a decision date — 10 paid
by a phiếu chi of 20/10/2026 (5.000.000 đ), 13 approved on 05/11/2026 (5.200.000 đ), 10 still drafts
(6.600.000 đ). Given in 2026 (and its second half): 23 awards, 10.200.000 đ; drafts 10 apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khuyenhoc_desktop.domain.awards import AwardDraft, AwardFilter, given_on
from khuyenhoc_desktop.domain.fund import VoucherDraft
from khuyenhoc_desktop.services.reporting import Compare, period_report
from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.storage import records

YEAR = "2026-2027"


def at(monkeypatch, iso: str) -> None:
    """The clock the records are stamped with (midday UTC: the same day in every local time zone used)."""
    monkeypatch.setattr(records, "now_iso", lambda: iso)


def add(ws, n: int, amount: int, first: int) -> list[str]:
    uuids = []
    for i in range(first, first + n):
        award, _ = ws.awards.save(AwardDraft(
            school_year=YEAR, full_name=f"Nguyễn Văn Học {i:02d}", birth_year=2012, category="Học sinh giỏi",
            level="Cấp trường", school="Trường THCS Tân Dĩnh", amount=amount, status="draft"), confirm=True)
        uuids.append(award.uuid)
    return uuids


@pytest.fixture
def autumn(ws, monkeypatch):
    at(monkeypatch, "2026-09-01T05:00:00.000+00:00")
    ws.fund.add(VoucherDraft(kind="thu", voucher_date=date(2026, 9, 1), person="Công ty TNHH Minh Phát",
                             reason="Ủng hộ Quỹ khuyến học", item="Ủng hộ của tổ chức", amount=20_000_000),
                confirm=True, today=date(2026, 9, 1))
    paid = add(ws, 10, 500_000, 1)
    approved = add(ws, 13, 400_000, 11)
    add(ws, 10, 660_000, 24)
    at(monkeypatch, "2026-10-20T05:00:00.000+00:00")
    ws.awards.set_status(paid, "approved")
    ws.fund.pay_awards(paid, date(2026, 10, 20), "Nguyễn Thị Thủ Quỹ", confirm=True, today=date(2026, 10, 20))
    at(monkeypatch, "2026-11-05T05:00:00.000+00:00")
    ws.awards.set_status(approved, "approved")
    assert ws.awards.count_and_total(AwardFilter()) == (33, 16_800_000)
    return ws


def test_the_rule():
    decided, paid, approved = date(2026, 8, 25), date(2026, 10, 20), date(2026, 11, 5)
    assert given_on("draft", decided, paid, approved) is None
    assert given_on("approved", decided, paid, approved) == decided
    assert given_on("awarded", None, paid, approved) == paid
    assert given_on("approved", None, None, approved) == approved


def test_autumn_awards_of_the_new_school_year_count_in_2026_and_drafts_do_not(autumn):
    for code in ("2026", "2026-H2"):
        r = period_report(autumn, code)
        assert (r.awards_count, r.awards_amount) == (Compare(23, 0), Compare(10_200_000, 0)), code
        assert (r.awards_pending_count.value, r.awards_pending_amount.value) == (10, 6_600_000)
        months = {m.month: m.value for m in r.awards_amount_by_month}
        assert months[10] == 5_000_000 and months[11] == 5_200_000 and months[9] == 0
        assert [(g.name, g.count.value) for g in r.awards_by_school_year] == [(YEAR, 23)]
    assert period_report(autumn, "2026-H1").awards_count == Compare(0, 0)
    nothing_in_2027 = period_report(autumn, "2027")
    assert nothing_in_2027.awards_count == Compare(0, 23)  # not dated 31/05/2027 any more
    assert nothing_in_2027.awards_pending_count == Compare(10, 10)  # 2027 and 2026 both overlap 2026-2027


def test_decision_date_first_and_a_reversed_payment_falls_back_to_the_approval_day(autumn, monkeypatch):
    one = autumn.awards.uuids(AwardFilter(status="approved"))[0]
    award = autumn.awards.get(one)
    at(monkeypatch, "2026-12-01T05:00:00.000+00:00")
    autumn.awards.save(replace(award.as_draft(), decision_no="15/QĐ-HKH", decision_date=date(2027, 1, 10)), one,
                       confirm=True, today=date(2026, 12, 1))
    assert period_report(autumn, "2026").awards_count.value == 22
    assert period_report(autumn, "2027-H1").awards_count.value == 1
    payment = autumn.db.execute_sql("SELECT uuid FROM voucher WHERE kind = 'chi'").fetchone()[0]
    autumn.fund.reverse(payment, "Chi nhầm", date(2026, 12, 1), confirm=True)
    assert autumn.awards.count_and_total(AwardFilter(status="awarded")) == (0, 0)
    # The 10 go back to approved; they were approved on 20/10/2026, so they stay in October.
    r = period_report(autumn, "2026")
    assert r.awards_count.value == 22
    assert {m.month: m.value for m in r.awards_amount_by_month}[10] == 5_000_000


def test_summary_counts_given_awards_and_shows_drafts_apart(autumn):
    s = summary(autumn, YEAR)["awards"]
    assert (s["count"], s["amount"]) == (23, 10_200_000)
    assert s["pending"] == {"count": 10, "amount": 6_600_000}
    assert s["by_status"] == {"approved": {"count": 13, "amount": 5_200_000},
                              "awarded": {"count": 10, "amount": 5_000_000},
                              "draft": {"count": 10, "amount": 6_600_000}}
    assert s["by_category"] == {"Học sinh giỏi": {"count": 23, "amount": 10_200_000}}


def test_province_aggregates_agree_with_the_communes_summary(autumn, tmp_path):
    from khuyenhoc_desktop.services.workspace import Workspace

    code = autumn.organisation.commune_code
    autumn.sync.save_key_card(tmp_path / "xa.khkey")
    package = autumn.sync.export_package(tmp_path / "xa.khsync").path
    with Workspace.open(tmp_path / "tinh.db", role="province") as prov:
        prov.province.set_profile("24", "Bắc Ninh")
        prov.province.register_commune(code, "Tân Dĩnh", tmp_path / "xa.khkey")
        assert prov.province.import_file(package).ok
        agg = prov.province.aggregates(YEAR)
    own = summary(autumn, YEAR)["awards"]
    assert agg.by_commune[code]["awards"] == {"count": 23, "amount": 10_200_000,
                                              "pending": {"count": 10, "amount": 6_600_000}}
    assert {k: agg.awards[k] for k in ("count", "amount", "pending", "by_status")} == {
        k: own[k] for k in ("count", "amount", "pending", "by_status")}
    assert agg.awards["by_category"] == own["by_category"]
    assert agg.awards["by_school_year"] == own["by_school_year"]


def test_the_report_pdf_says_drafts_are_not_counted(autumn, tmp_path):
    from pypdf import PdfReader

    from khuyenhoc_desktop.pdf.report import render_report

    out = tmp_path / "bc.pdf"
    render_report(period_report(autumn, "2026"), autumn.organisation, when=date(2026, 12, 20), charts=False, out=out)
    text = " ".join((p.extract_text() or "") for p in PdfReader(str(out)).pages)
    text = " ".join(text.split())
    assert "khen thưởng, trao học bổng 23 suất với tổng số tiền 10.200.000 đồng" in text
    assert "10 suất (6.600.000 đồng) đang chờ duyệt" in text
