from datetime import date

from khuyenhoc_desktop.domain.fund import VoucherDraft


def receipt(ws, day):
    ws.fund.add(VoucherDraft("thu", day, None, "Chi hội thôn 1", "", "Nộp hội phí", "Hội phí", 500_000, "cash", 1),
                today=date(2026, 12, 31))


def test_a_new_book_offers_only_the_current_year(ws):
    assert ws.fund.book_years(date(2026, 5, 1)) == [2026]


def test_every_year_from_the_first_to_the_last_entry_and_the_opening_year_newest_first(ws):
    ws.fund.set_opening_balance(2021, 1_000_000)
    receipt(ws, date(2023, 4, 2))
    receipt(ws, date(2025, 11, 20))
    assert ws.fund.book_years(date(2026, 5, 1)) == [2026, 2025, 2024, 2023, 2021]
