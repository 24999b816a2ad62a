"""The province's totals have the shape of a commune's summary, and its fund reconciles: balance =
opening + receipts − payments, per commune and in total, with or without a school year."""

from __future__ import annotations

import uuid as uuid_mod

from khuyenhoc_desktop.services.summary import summary
from tests.services.test_province_import import CODE, NAME, Commune, award, learning_class, voucher


def _dated(row: dict, day: str, **data) -> dict:
    return {**row, "data": {**row["data"], "posting_date": day, "voucher_date": day, **data}}


def _record(table: str, n: int, **data) -> dict:
    u = str(uuid_mod.UUID(int=70_000 + n))
    return {"op": "upsert", "table": table, "uuid": u, "version": 1, "updated_at": "2025-11-27T10:00:00+07:00",
            "data": {"uuid": u, "version": 1, "deleted": 0, **data}}


PAYMENT = _dated(voucher(2, "chi", 200_000), "2024-10-01")
FUND_ROWS = [
    _record("fund_opening", 1, year=2024, amount=500_000),
    _record("bank_account", 2, name="Agribank", opening_year=2024, opening_amount=2_000_000),
    _dated(voucher(1, "thu", 1_000_000), "2024-03-01"),  # before school year 2024-2025
    PAYMENT,
    _dated(voucher(3, "thu", 300_000), "2025-02-01"),
    _dated(voucher(4, "thu", 70_000, "void"), "2024-11-01"),  # a void counts nowhere
    _dated(voucher(5, "chi", -200_000), "2025-01-10", reverses_uuid=PAYMENT["uuid"]),  # reverses the payment
]


def _import(prov, xa, rows):
    rep = prov.province.import_file(xa.package(rows))
    assert rep.ok, (rep.message, rep.rejected)


def test_fund_opening_receipts_payments_and_balance_reconcile_in_a_school_year(prov, xa):
    _import(prov, xa, FUND_ROWS)
    # 2024-2025 (1 Sept 2024 – 31 Aug 2025): opening = 500,000 cash + 2,000,000 bank + the receipt of March
    # 2024; receipts 300,000; payments 200,000 − 200,000 (reversed); 4 entries in the year (void included).
    year = prov.province.aggregates("2024-2025").fund
    assert {k: year[k] for k in ("opening", "receipts", "payments", "balance", "vouchers")} == {
        "opening": 3_500_000, "receipts": 300_000, "payments": 0, "balance": 3_800_000, "vouchers": 4}
    # every year: the opening balances alone open the books
    every = prov.province.aggregates().fund
    assert {k: every[k] for k in ("opening", "receipts", "payments", "balance", "vouchers")} == {
        "opening": 2_500_000, "receipts": 1_300_000, "payments": 0, "balance": 3_800_000, "vouchers": 5}
    # 2023-2024: the books opened in 2024 count; the March receipt is in the year
    before = prov.province.aggregates("2023-2024").by_commune[CODE]["fund"]
    assert before == {"opening": 2_500_000, "receipts": 1_000_000, "payments": 0, "balance": 3_500_000,
                      "vouchers": 1}
    (book,) = every["books"]
    assert {k: book[k] for k in ("opening", "receipts", "payments", "balance", "vouchers")} == {
        "opening": 2_500_000, "receipts": 1_300_000, "payments": 0, "balance": 3_800_000, "vouchers": 5}


def test_two_communes_add_up_and_an_enrolled_commune_without_packages_shows_zeros(prov, xa, tmp_path):
    other = Commune(tmp_path / "xa2", code="07465", name="Song Khê")
    prov.province.register_commune(other.code, other.name, other.card_path)
    quiet = Commune(tmp_path / "xa3", code="07468", name="Đồng Sơn")
    prov.province.register_commune(quiet.code, quiet.name, quiet.card_path)
    _import(prov, xa, [award(0), award(1, status="draft"), learning_class(0), _dated(voucher(1), "2025-03-01")])
    _import(prov, other, [award(2, status="awarded"), _dated(voucher(6, "chi", 250_000), "2025-03-02")])
    agg = prov.province.aggregates()
    assert agg.communes == 3 and list(agg.by_commune) == [CODE, "07465", "07468"]
    assert agg.by_commune[CODE]["name"] == NAME
    assert agg.by_commune["07465"]["fund"] == {"opening": 0, "receipts": 0, "payments": 250_000,
                                               "balance": -250_000, "vouchers": 1}
    assert agg.by_commune["07468"] == {"name": "Đồng Sơn",
                                       "awards": {"count": 0, "amount": 0, "pending": {"count": 0, "amount": 0}},
                                       "classes": {"count": 0, "learners": 0, "women": 0, "minority": 0},
                                       "fund": {"opening": 0, "receipts": 0, "payments": 0, "balance": 0,
                                                "vouchers": 0},
                                       "members": {"count": 0, "new": 0, "left": 0,
                                                   "units": {"chi_hoi": 0, "ban_khuyen_hoc": 0, "to_hoi": 0},
                                                   "population": None, "percent_of_population": None,
                                                   "dues": {"due": None, "collected": 0, "submitted": 0}},
                                       "learning_models": {"year": prov.clock.today().year,
                                                           **{kind: {"total": 0, "registered": 0, "recognised": 0}
                                                              for kind in ("family", "clan", "community", "unit")},
                                                           "citizen": {"registered": 0, "recognised": 0}}}
    # award(i) is worth 100,000 × (i mod 5 + 1): 0 → 100,000 (approved), 1 → 200,000 (draft), 2 → 300,000
    assert (agg.awards["count"], agg.awards["amount"]) == (2, 400_000)
    assert agg.awards["pending"] == {"count": 1, "amount": 200_000}
    assert agg.awards["by_status"] == {"approved": {"count": 1, "amount": 100_000},
                                       "awarded": {"count": 1, "amount": 300_000},
                                       "draft": {"count": 1, "amount": 200_000}}
    assert agg.awards["by_level"] == {"Tỉnh": {"count": 1, "amount": 100_000}, "Xã": {"count": 1, "amount": 300_000}}
    assert agg.awards["by_funding_source"] == {"Quỹ hội": {"count": 2, "amount": 400_000}}
    # learning_class(0): 20 learners, 10 women, 1 minority, field Nông nghiệp
    assert agg.classes == {"count": 1, "learners": 20, "women": 10, "minority": 1,
                           "by_field": {"Nông nghiệp": {"count": 1, "learners": 20, "women": 10, "minority": 1}}}
    assert (agg.fund["receipts"], agg.fund["payments"], agg.fund["balance"]) == (1_000_000, 250_000, 750_000)


def test_summary_of_a_province_file_has_the_commune_sections_and_keys(prov, xa):
    _import(prov, xa, FUND_ROWS + [award(0), learning_class(0)])
    s = summary(prov, "2024-2025")
    assert list(s) == ["awards", "classes", "fund", "members", "learning_models", "by_commune"]
    assert list(s["awards"]) == ["count", "amount", "pending", "by_category", "by_level", "by_school_year",
                                 "by_status", "by_funding_source"]
    assert list(s["classes"]) == ["count", "learners", "women", "minority", "by_field"]
    assert list(s["fund"]) == ["opening", "receipts", "payments", "balance", "vouchers", "books"]
    assert list(s["by_commune"][CODE]) == ["name", "awards", "classes", "fund", "members", "learning_models"]
    # the year of a school year's learning models: the calendar year it ends in
    assert s["learning_models"]["year"] == s["by_commune"][CODE]["learning_models"]["year"] == 2025
    assert list(s["members"]) == list(s["by_commune"][CODE]["members"]) == ["count", "new", "left", "units", "population",
                                                                         "percent_of_population", "dues"]
    f = s["fund"]
    assert f["balance"] == f["opening"] + f["receipts"] - f["payments"] == 3_800_000


def test_the_summary_export_of_a_province_file_has_one_row_per_commune(prov, xa, tmp_path):
    from openpyxl import load_workbook

    _import(prov, xa, FUND_ROWS)
    wb = load_workbook(prov.exports.summary(tmp_path / "tinh.xlsx", "2024-2025"))
    rows = [r for r in wb["Theo xã"].iter_rows(values_only=True) if r and r[0] == 1]
    # the fund of 2024-2025 worked out above: opening 3.500.000, receipts 300.000, payments 0, 4 entries
    assert [(r[1], r[2], *r[7:]) for r in rows] == [(CODE, NAME, 3_500_000, 300_000, 0, 3_800_000, 4)]


def _awards_seen(agg) -> dict:
    a = agg.awards
    return {k: a[k] for k in ("count", "amount", "pending", "by_category", "by_level", "by_school_year", "by_status",
                              "by_funding_source")}


def test_a_later_package_moves_the_award_totals_and_a_dry_run_leaves_them(prov, xa):
    """The aggregates read per-commune award totals that each import rewrites (m0028): a changed amount and
    status, a deletion and a new year count at once; a dry run changes nothing."""
    # award i: 100,000 × (i % 5 + 1); category, level, source by i (tests/services/test_province_import.award)
    _import(prov, xa, [award(0), award(1), award(2)])
    first = prov.province.aggregates()
    assert (first.awards["count"], first.awards["amount"]) == (3, 600_000)
    assert first.awards["by_level"] == {"Huyện": {"count": 1, "amount": 200_000}, "Tỉnh": {"count": 1, "amount": 100_000},
                                        "Xã": {"count": 1, "amount": 300_000}}
    # award 0 back to a draft of 150,000, award 1 deleted, award 5 (100,000, Vượt khó, Xã, Công ty) in 2025-2026
    _import(prov, xa, [award(0, version=2, amount=150_000, status="draft"), award(1, version=2, deleted=1),
                       award(5, school_year="2025-2026")])
    after = {
        "count": 2, "amount": 400_000, "pending": {"count": 1, "amount": 150_000},
        "by_category": {"Học sinh giỏi": {"count": 1, "amount": 300_000}, "Vượt khó": {"count": 1, "amount": 100_000}},
        "by_level": {"Xã": {"count": 2, "amount": 400_000}},
        "by_school_year": {"2024-2025": {"count": 1, "amount": 300_000}, "2025-2026": {"count": 1, "amount": 100_000}},
        "by_status": {"approved": {"count": 2, "amount": 400_000}, "draft": {"count": 1, "amount": 150_000}},
        "by_funding_source": {"Công ty Minh Phát": {"count": 1, "amount": 100_000},
                              "Quỹ hội": {"count": 1, "amount": 300_000}}}
    assert _awards_seen(prov.province.aggregates()) == after
    assert prov.province.aggregates().by_commune[CODE]["awards"] == {
        "count": 2, "amount": 400_000, "pending": {"count": 1, "amount": 150_000}}
    year = prov.province.aggregates("2024-2025").awards
    assert (year["count"], year["amount"], year["pending"]) == (1, 300_000, {"count": 1, "amount": 150_000})
    assert prov.province.school_years() == ["2024-2025", "2025-2026"]
    rep = prov.province.import_file(xa.package([award(2, version=2, deleted=1)]), dry_run=True)
    assert rep.status == "dry_run"
    assert _awards_seen(prov.province.aggregates()) == after
